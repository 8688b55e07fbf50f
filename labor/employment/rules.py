"""Employment services as pure functions: the minimum-wage check of a vacancy and the rules of
matching (hard requirements, the scoring weights and each part of the score).

Nothing here reads the database or imports Django (a test checks it). Amounts in force on a
date come in as arguments: the services read ``minimum_wage.monthly`` / ``minimum_wage.hourly``
with ``labor.core.settings_values.dated_value`` on the posting date. Certainty marks follow
DOMAIN.md: [C] confirmed, [S] secondary source only, [U] unconfirmed.

Law behind it:

- 最低工資法 (in force 2025-01-01; before it 勞動基準法 art. 21 and the 基本工資 set under it):
  wages agreed below the minimum monthly or hourly wage are void to that extent, so the job
  bank refuses a vacancy below the minimum in force on its posting date. Minimums [C]:
  2023 26,400 / 176, 2024 27,470 / 183, 2025 28,590 / 190, 2026 29,500 / 196.
- 就業服務法 art. 5 I: no discrimination in hiring by race, class, language, thought, religion,
  party, birthplace, sex, gender identity, sexual orientation, age, marital status, appearance,
  facial features, disability, zodiac sign, blood type or past union membership [C]. The score
  below reads none of these (no age, sex, nationality, priority group); a vacancy's language
  requirement only lowers the score with a reason and never filters, since the employer must
  show the job needs it.
- 就業服務法 art. 5 II (6): a job paying a regular wage under NT$40,000 must state its wage
  range [S]; the vacancy form always takes a wage, so the range is always shown.
- 職業安全衛生教育訓練規則: operators of forklifts, cranes and similar machines must hold the
  training or licence [S]; this is why a licence the vacancy requires is a hard requirement
  (``licences_missing``), relaxed only when staff ask to see near misses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from labor.employment.text import fold

MONTHLY = "monthly"
HOURLY = "hourly"
FULL_TIME = "full_time"
PART_TIME = "part_time"
EITHER = "either"

# ---------------------------------------------------------------------------------------------
# Minimum wage (最低工資法)
# ---------------------------------------------------------------------------------------------


def wage_below_minimum(amount: int | Decimal, kind: str, minimum_monthly: int | Decimal,
                       minimum_hourly: int | Decimal) -> bool:
    """Whether a wage of ``amount`` per month (``kind`` "monthly") or per hour ("hourly") is
    below the minimum of that kind. The minimum itself is allowed: 26,400 a month in 2023 is
    lawful, 26,399 is not."""
    if kind == MONTHLY:
        return Decimal(amount) < Decimal(minimum_monthly)
    if kind == HOURLY:
        return Decimal(amount) < Decimal(minimum_hourly)
    raise ValueError(f"unknown wage kind: {kind!r}")


# Hours a month that turn an hourly wage into a monthly one for comparing them: the ratio the
# government keeps between the two minimums (26,400 / 176 = 150; 27,470 / 183 = 150.1;
# 29,500 / 196 = 150.5). Only for comparing offers with a seeker's expected monthly wage.
HOURLY_TO_MONTHLY = 150


def monthly_equivalent(amount: int | float, kind: str) -> float:
    """A wage as a monthly amount for comparing: hourly × ``HOURLY_TO_MONTHLY``."""
    if kind == MONTHLY:
        return float(amount)
    if kind == HOURLY:
        return float(amount) * HOURLY_TO_MONTHLY
    raise ValueError(f"unknown wage kind: {kind!r}")


def offered_wage(wage_min: int, wage_max: int | None, kind: str) -> float:
    """The wage a vacancy offers, as one monthly amount: the middle of its range (its floor
    when it states no ceiling)."""
    top = wage_min if wage_max is None else wage_max
    return monthly_equivalent((wage_min + top) / 2, kind)


# ---------------------------------------------------------------------------------------------
# Hard requirements
# ---------------------------------------------------------------------------------------------


def hours_compatible(seeker_hours: str, vacancy_hours: str) -> bool:
    """Full time and part time exclude each other; "either" on one side fits anything."""
    return EITHER in (seeker_hours, vacancy_hours) or seeker_hours == vacancy_hours


def licence_held(required: str, held: Iterable[str]) -> bool:
    """Whether one of ``held`` covers the licence ``required``: folded, the required name is
    the held one or part of it (a seeker's 堆高機操作人員 covers a vacancy's 堆高機)."""
    need = fold(required)
    return bool(need) and any(need in fold(h) for h in held)


def licences_missing(required: Sequence[str], held: Iterable[str]) -> list[str]:
    """The licences of ``required`` that nothing in ``held`` covers, in the vacancy's order."""
    held = list(held)
    return [r for r in required if fold(r) and not licence_held(r, held)]


# ---------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------

# Education levels in order; the stored values start with their rank ("4_bachelor").
EDUCATION_ORDER = ("0_none", "1_junior_high", "2_senior_high", "3_associate", "4_bachelor",
                   "5_master", "6_doctor")


def education_rank(value: str) -> int:
    """The rank of an education value (0 none … 6 doctorate)."""
    try:
        return EDUCATION_ORDER.index(value)
    except ValueError:
        raise ValueError(f"unknown education level: {value!r}") from None


def education_meets(seeker: str, required: str) -> bool:
    return education_rank(seeker) >= education_rank(required)


# ---------------------------------------------------------------------------------------------
# Districts
# ---------------------------------------------------------------------------------------------

# Taipei's districts that share a border, by District.code (labor.core.reference). Written from
# the city map [U]; used only for a soft score (a neighbouring district scores half of a desired
# one), so an error here moves a vacancy a little in the ranking and filters nothing.
TAIPEI_NEIGHBOURS: dict[str, frozenset[str]] = {
    code: frozenset(nbrs)
    for code, nbrs in {
        "songshan": ("xinyi", "daan", "zhongshan", "neihu", "nangang"),
        "xinyi": ("songshan", "daan", "nangang", "wenshan"),
        "daan": ("songshan", "xinyi", "zhongshan", "zhongzheng", "wenshan"),
        "zhongshan": ("songshan", "daan", "zhongzheng", "datong", "neihu", "shilin"),
        "zhongzheng": ("daan", "zhongshan", "datong", "wanhua", "wenshan"),
        "datong": ("zhongshan", "zhongzheng", "wanhua", "shilin"),
        "wanhua": ("zhongzheng", "datong"),
        "wenshan": ("daan", "xinyi", "zhongzheng"),
        "nangang": ("songshan", "xinyi", "neihu"),
        "neihu": ("songshan", "zhongshan", "nangang", "shilin"),
        "shilin": ("zhongshan", "datong", "neihu", "beitou"),
        "beitou": ("shilin",),
    }.items()
}


# ---------------------------------------------------------------------------------------------
# The score
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchWeights:
    """How much each part of a match counts. A score is the weighted sum of parts that are each
    between 0 and 1, so with these weights it runs from 0 to 100.

    Occupation and title come first because a referral to a job of another trade rarely ends
    in a hire; district and wage next (the seeker's own conditions); shifts and the employer's
    soft requirements last. Hard requirements are not weighted: they filter (see matching.py).
    """

    # The vacancy's occupation is one the seeker wants (or under it): 1; in the same sub-major
    # group (中類, two-digit code) as one the seeker wants: ``occupation_sub_major``; same major
    # group (大類): ``occupation_major``. A seeker naming no occupation gets 0 everywhere.
    occupation: float = 30.0
    occupation_sub_major: float = 0.6
    occupation_major: float = 0.3
    # Share of the seeker's title and skills found in the vacancy (see ``text_part``).
    text: float = 25.0
    # A desired district: 1, a neighbouring one: ``district_neighbour``; a seeker naming none:
    # ``district_any`` for every vacancy.
    district: float = 15.0
    district_neighbour: float = 0.5
    district_any: float = 0.5
    # The offered wage against the seeker's expectation (see ``wage_part``); no expectation:
    # ``wage_unknown``.
    wage: float = 12.0
    wage_unknown: float = 0.5
    wage_floor_ratio: float = 0.7
    wage_full_ratio: float = 1.2
    # Shift work the seeker did not accept: 0, otherwise 1.
    shifts: float = 5.0
    # The employer's minimum education (met: 1, not: 0), experience (years held / asked) and
    # languages (all held: 1, else 0).
    education: float = 5.0
    experience: float = 4.0
    languages: float = 4.0
    # Only when staff ask to see vacancies whose required licences the seeker lacks: all held 1,
    # else 0 (otherwise such vacancies are filtered out and this part is 1 for all).
    licences: float = 0.0

    def maximum(self) -> float:
        return (self.occupation + self.text + self.district + self.wage + self.shifts
                + self.education + self.experience + self.languages + self.licences)


DEFAULT_WEIGHTS = MatchWeights()
# With near misses on licences shown, a missing licence costs as much as the title does.
NEAR_MISS_WEIGHTS = MatchWeights(licences=25.0)

# Title tokens count twice as much as description tokens in ``text_part``.
TITLE_SHARE = 2 / 3
DESCRIPTION_SHARE = 1 / 3


def occupation_part(vacancy_path: Sequence[str], desired_paths: Iterable[Sequence[str]],
                    weights: MatchWeights = DEFAULT_WEIGHTS) -> float:
    """The occupation part for a vacancy whose occupation has the ancestry ``vacancy_path``
    (codes from the major group down: ("4", "41", "411")) against the seeker's desired
    occupations' paths. A desired occupation covers everything under it."""
    best = 0.0
    for desired in desired_paths:
        desired = tuple(desired)
        if not desired or not vacancy_path:
            continue
        if tuple(vacancy_path[: len(desired)]) == desired:
            return 1.0
        if len(desired) >= 2 and len(vacancy_path) >= 2 and vacancy_path[1] == desired[1]:
            best = max(best, weights.occupation_sub_major)
        elif vacancy_path[0] == desired[0]:
            best = max(best, weights.occupation_major)
    return best


def text_part(seeker_tokens: dict[str, float], title_tokens: Iterable[str],
              description_tokens: Iterable[str]) -> float:
    """The share of the seeker's tokens (title and skills; each weighted, usually by its
    rarity among vacancies) found in the vacancy's title (counting ``TITLE_SHARE``) and in its
    description (``DESCRIPTION_SHARE``): 1 when every token is in both, 0 when none is."""
    total = sum(seeker_tokens.values())
    if total <= 0:
        return 0.0
    title = set(title_tokens)
    description = set(description_tokens)
    in_title = sum(w for t, w in seeker_tokens.items() if t in title)
    in_description = sum(w for t, w in seeker_tokens.items() if t in description)
    return (TITLE_SHARE * in_title + DESCRIPTION_SHARE * in_description) / total


def district_part(vacancy_district: str, desired: Iterable[str],
                  weights: MatchWeights = DEFAULT_WEIGHTS,
                  neighbours: dict[str, frozenset[str]] = TAIPEI_NEIGHBOURS) -> float:
    desired = set(desired)
    if not desired:
        return weights.district_any
    if vacancy_district in desired:
        return 1.0
    if any(vacancy_district in neighbours.get(d, ()) for d in desired):
        return weights.district_neighbour
    return 0.0


def wage_part(offered_monthly: float, expected_monthly: int | None,
              weights: MatchWeights = DEFAULT_WEIGHTS) -> float:
    """0 at or below ``wage_floor_ratio`` × the expectation, 1 at or above
    ``wage_full_ratio`` ×, linear between (0.6 when the offer equals the expectation)."""
    if not expected_monthly:
        return weights.wage_unknown
    ratio = offered_monthly / expected_monthly
    span = weights.wage_full_ratio - weights.wage_floor_ratio
    return min(1.0, max(0.0, (ratio - weights.wage_floor_ratio) / span))


def experience_part(held_years: int, asked_years: int) -> float:
    if asked_years <= 0 or held_years >= asked_years:
        return 1.0
    return held_years / asked_years


def shifts_part(vacancy_shifts: bool, seeker_shifts_ok: bool) -> float:
    return 0.0 if vacancy_shifts and not seeker_shifts_ok else 1.0


@dataclass(frozen=True)
class Parts:
    """The parts of one match, each between 0 and 1."""

    occupation: float
    text: float
    district: float
    wage: float
    shifts: float
    education: float
    experience: float
    languages: float
    licences: float = 1.0
    weights: MatchWeights = field(default=DEFAULT_WEIGHTS, repr=False)

    def score(self) -> float:
        w = self.weights
        return (w.occupation * self.occupation + w.text * self.text + w.district * self.district
                + w.wage * self.wage + w.shifts * self.shifts + w.education * self.education
                + w.experience * self.experience + w.languages * self.languages
                + w.licences * self.licences)
