"""Labor and safety inspections, notifications and early warnings as pure functions (DOMAIN.md).

Nothing here reads the database or imports Django (a test checks it). Amounts, day counts,
intervals and limits come in as arguments; the module constants below are only the defaults
*as written in DOMAIN.md or the council report*, for services to seed dated settings
(``DatedSetting``) from and for tests. Certainty marks follow DOMAIN.md: [C] confirmed,
[S] secondary source only, [U] unconfirmed.

- Labor Standards Act (勞動基準法) art. 79 fine bands 1-3 and art. 78 [C]; the authority may
  raise an art. 79 fine by up to half the band maximum (art. 79 IV, cap = maximum × 1.5) [C].
- Construction-site risk grades and inspection intervals (臺北市營造工地分級勞動檢查要點,
  council report 2023H1): high monthly, medium every 2 months, general every 4 months.
- Alcohol tests at sites (council report): ≥ 0.15 mg/L while working at height is referred.
- Notifiable work (city ordinance): execution rate = supervised inspections / notifications.
- Mass layoffs (大量解僱勞工保護法) art. 2 thresholds [S]; art. 11 early warning visit within
  7 days [C].
- Occupational health staff (勞工健康保護規則): the council report's compliance bands.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative: {value}")


def _percent_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """100 × numerator / denominator rounded half up to ``places`` decimals, exactly.

    Integer arithmetic, so a true half (e.g. 0.05 %) is never lost to a binary or a
    28-digit Decimal approximation: units = floor(num × 100 × 10^p / den + 1/2).
    """
    scale = 100 * 10**places
    units = (2 * numerator * scale + denominator) // (2 * denominator)
    return Decimal(units).scaleb(-places)


def execution_rate(supervised: int, notified: int) -> Decimal | None:
    """Execution rate of notifiable work (%): supervised inspections / notifications, one
    decimal, rounded half up; None when nothing was notified (the rate is undefined, not 0).

    It can exceed 100: supervision inspections also find work that was never notified.
    Seed 2023H1: lightweight roof 2 / 1 = 200.0, scaffolding 137 / 177 = 77.4,
    gondola and rope access 27 / 507 = 5.3.
    """
    _check_count("supervised", supervised)
    _check_count("notified", notified)
    if notified == 0:
        return None
    return _percent_half_up(supervised, notified, 1)


def staffing_rate(staffed: int, required: int) -> Decimal | None:
    """Health-staff staffing rate (%): establishments staffed / establishments required to
    staff, two decimals, rounded half up; None when none is required.
    Seed 2023H1: 300+ band 576 / 751 = 76.70."""
    _check_count("staffed", staffed)
    _check_count("required", required)
    if required == 0:
        return None
    return _percent_half_up(staffed, required, 2)


# ---------------------------------------------------------------------------------------------
# Fines (勞動基準法 arts. 78, 79, 80-1)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FineBand:
    """A statutory fine range in whole NT$, both ends included."""

    minimum: int
    maximum: int

    def __post_init__(self) -> None:
        if not 0 <= self.minimum <= self.maximum:
            raise ValueError(f"invalid fine band {self.minimum}-{self.maximum}")


ART_79_1 = "79-1"
ART_79_2 = "79-2"
ART_79_3 = "79-3"
ART_78 = "78"
# 職業安全衛生法 (Occupational Safety and Health Act). DOMAIN.md is silent on its fines; the
# bands below are the Act's text as published on the national law database [S]: art. 43
# NT$30,000-300,000 (e.g. art. 6 I safety measures not taken), art. 45 NT$3,000-30,000 (e.g.
# art. 6 II, art. 23 I after a deadline). They are dated settings (inspections migration 0002).
OSH_43 = "osh-43"
OSH_45 = "osh-45"

# DOMAIN.md values [C] ("Labor Standards Act"). Amounts change by amendment: services pass the
# dated values in; these are the defaults, not a source of truth.
DOMAIN_FINE_BANDS: Mapping[str, FineBand] = {
    ART_79_1: FineBand(20_000, 1_000_000),
    ART_79_2: FineBand(90_000, 450_000),  # arts. 30 V, 49 V
    ART_79_3: FineBand(20_000, 300_000),  # incl. art. 70
    ART_78: FineBand(300_000, 1_500_000),  # unpaid severance / retirement pay
    OSH_43: FineBand(30_000, 300_000),  # [S]
    OSH_45: FineBand(3_000, 30_000),  # [S]
}

# Art. 79 IV lets the authority raise a fine of art. 79 I-III by up to half the band maximum.
# DOMAIN.md states no such power for art. 78: services pass ``raise_allowed=False`` for it.
RAISABLE_ARTICLES = frozenset({ART_79_1, ART_79_2, ART_79_3})
DOMAIN_RAISE_SHARE = Decimal("0.5")

FINE_BASIS = {
    ART_79_1: "勞動基準法第79條第1項",
    ART_79_2: "勞動基準法第79條第2項",
    ART_79_3: "勞動基準法第79條第3項",
    ART_78: "勞動基準法第78條第1項",
    OSH_43: "職業安全衛生法第43條",
    OSH_45: "職業安全衛生法第45條",
}


def fine_band(article: str, bands: Mapping[str, FineBand] = DOMAIN_FINE_BANDS) -> FineBand:
    """The fine band of ``article`` ("79-1", "79-2", "79-3", "78") from ``bands``."""
    try:
        return bands[article]
    except KeyError:
        raise ValueError(f"no fine band for article {article!r}") from None


# FineProblem.code values; services turn them into zh-Hant messages.
FINE_NOT_WHOLE = "not_whole_amount"
FINE_BELOW_MINIMUM = "below_minimum"
FINE_ABOVE_MAXIMUM = "above_maximum"
FINE_ABOVE_RAISED_CAP = "above_raised_cap"


@dataclass(frozen=True)
class FineProblem:
    code: str
    limit: Decimal | None = None  # the bound that was crossed, for the message


def validate_fine(amount: int | Decimal, band: FineBand, *, raise_allowed: bool = True,
                  raise_share: Decimal | int | str = DOMAIN_RAISE_SHARE) -> list[FineProblem]:
    """Problems with a fine of ``amount`` NT$ in ``band`` (empty list: valid).

    - not a whole NT$ amount;
    - below the band minimum;
    - above the band maximum, when raising is not allowed;
    - above maximum × (1 + raise_share), when it is (art. 79 IV: "up to half the band maximum",
      so 1,000,000 may be raised to 1,500,000).

    Floats are refused (TypeError): money is int or Decimal.
    """
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise TypeError(f"amount must be int or Decimal, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"amount must be finite: {amount}")
    share = Decimal(str(raise_share)) if not isinstance(raise_share, Decimal) else raise_share
    if share < 0:
        raise ValueError(f"raise_share must not be negative: {raise_share}")
    problems: list[FineProblem] = []
    if value != value.to_integral_value():
        problems.append(FineProblem(FINE_NOT_WHOLE))
    if value < band.minimum:
        problems.append(FineProblem(FINE_BELOW_MINIMUM, Decimal(band.minimum)))
    if raise_allowed:
        cap = Decimal(band.maximum) * (1 + share)
        if value > cap:
            problems.append(FineProblem(FINE_ABOVE_RAISED_CAP, cap))
    elif value > band.maximum:
        problems.append(FineProblem(FINE_ABOVE_MAXIMUM, Decimal(band.maximum)))
    return problems


@dataclass(frozen=True)
class FineFactors:
    """The factors behind a fine's amount, recorded and shown with the decision.

    Display only: the law (as DOMAIN.md has it) names no formula, repeat-offence multiplier or
    discount, so none is computed here. Art. 79 IV names business size, workers affected and the
    circumstances of the breach as grounds for raising a fine.
    """

    severity: str
    workers_affected: int
    repeat_count: int
    good_faith: bool | None

    def rows(self) -> list[tuple[str, str, object]]:
        """(key, zh-Hant label, value) rows for the decision page and letter."""
        return [
            ("severity", "違規情節", self.severity),
            ("workers_affected", "違反人數", self.workers_affected),
            ("repeat_count", "過往違規次數", self.repeat_count),
            ("good_faith", "善意配合改善", self.good_faith),
        ]


def fine_factors(*, severity: str, workers_affected: int, repeat_count: int,
                 good_faith: bool | None = None) -> FineFactors:
    """The stated factors of a fine (severity, workers affected, repeat history, good faith)."""
    _check_count("workers_affected", workers_affected)
    _check_count("repeat_count", repeat_count)
    if not severity.strip():
        raise ValueError("severity must be stated")
    return FineFactors(severity.strip(), workers_affected, repeat_count, good_faith)


# ---------------------------------------------------------------------------------------------
# Construction sites (臺北市營造工地分級勞動檢查要點: city rule, data not code)
# ---------------------------------------------------------------------------------------------


class SiteGrade(enum.StrEnum):
    HIGH = "high"  # 高風險
    MEDIUM = "medium"  # 次風險
    GENERAL = "general"  # 一般


# Council report 2023H1: high-risk sites monthly, medium every 2 months, general every 4.
COUNCIL_INTERVAL_MONTHS: Mapping[SiteGrade, int] = {
    SiteGrade.HIGH: 1,
    SiteGrade.MEDIUM: 2,
    SiteGrade.GENERAL: 4,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar ``months``; a day past the target month's end becomes its last
    day (2023-01-31 + 1 month = 2023-02-28; 2024-01-31 + 1 month = 2024-02-29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    first_of_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (first_of_next - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _interval(grade: SiteGrade | str, intervals: Mapping[SiteGrade, int]) -> int:
    months = intervals[SiteGrade(grade)]
    if months < 1:
        raise ValueError(f"interval for {grade} must be at least 1 month: {months}")
    return months


def next_inspection_due(last_inspected_on: dt.date, grade: SiteGrade | str,
                        intervals: Mapping[SiteGrade, int] = COUNCIL_INTERVAL_MONTHS) -> dt.date:
    """The latest date of the next inspection counted from the last one: ``last_inspected_on``
    plus the grade's interval in calendar months (end-of-month safe)."""
    return add_months(last_inspected_on, _interval(grade, intervals))


def inspection_windows(site_start: dt.date, site_end: dt.date, grade: SiteGrade | str,
                       intervals: Mapping[SiteGrade, int] = COUNCIL_INTERVAL_MONTHS,
                       ) -> list[tuple[dt.date, dt.date]]:
    """The construction period cut into windows of the grade's interval, each needing one
    inspection ("每月不定時檢查1次": once, at any time, in every month for a high-risk site).

    Windows are anchored on ``site_start`` (start + k intervals, not chained, so month-end
    clamping does not drift: 01-31, 02-28, 03-31, ...); each ends the day before the next one
    starts, the last one on ``site_end``. Returned as (first day, due date) pairs.
    """
    if site_end < site_start:
        raise ValueError("site end is before its start")
    months = _interval(grade, intervals)
    windows = []
    k = 0
    while (begin := add_months(site_start, k * months)) <= site_end:
        next_begin = add_months(site_start, (k + 1) * months)
        windows.append((begin, min(next_begin - dt.timedelta(days=1), site_end)))
        k += 1
    return windows


def inspections_due(site_start: dt.date, site_end: dt.date, grade: SiteGrade | str,
                    inspected_on: list[dt.date] | tuple[dt.date, ...], today: dt.date,
                    intervals: Mapping[SiteGrade, int] = COUNCIL_INTERVAL_MONTHS,
                    ) -> list[dt.date]:
    """The overdue list: due dates of windows (``inspection_windows``) that have passed
    (due < ``today``) with no inspection inside the window. A window whose due date is today
    or later is still open, not overdue. An inspection dated before the site's start is
    refused (ValueError); one after its end is ignored.
    """
    for day in inspected_on:
        if day < site_start:
            raise ValueError(f"inspection on {day} is before the site's start {site_start}")
    overdue = []
    for begin, due in inspection_windows(site_start, site_end, grade, intervals):
        if due >= today:
            break
        if not any(begin <= day <= due for day in inspected_on):
            overdue.append(due)
    return overdue


# ---------------------------------------------------------------------------------------------
# Alcohol tests at sites (council report)
# ---------------------------------------------------------------------------------------------

COUNCIL_ALCOHOL_LIMIT_MG_PER_L = Decimal("0.15")


def alcohol_referral(mg_per_l: Decimal | float | str, at_height: bool,
                     limit: Decimal | float | str = COUNCIL_ALCOHOL_LIMIT_MG_PER_L) -> bool:
    """Whether a breath test is referred for action: ≥ ``limit`` mg/L (0.15) while doing work
    at height (高架作業). Compared as decimals, so 0.15 read as a float is exactly at the limit."""
    reading = Decimal(str(mg_per_l))
    if not reading.is_finite() or reading < 0:
        raise ValueError(f"invalid alcohol reading: {mg_per_l}")
    return bool(at_height) and reading >= Decimal(str(limit))


# ---------------------------------------------------------------------------------------------
# Notifiable work (city ordinance: lead time and penalty are [U] settings, not here)
# ---------------------------------------------------------------------------------------------

LIGHTWEIGHT_ROOF = "lightweight_roof"  # 輕質屋頂
SCAFFOLDING = "scaffolding"  # 施工架
GONDOLA_ROPE = "gondola_rope"  # 吊籠、繩索作業
NOTIFIABLE_WORK = {LIGHTWEIGHT_ROOF: "輕質屋頂作業", SCAFFOLDING: "施工架作業",
                   GONDOLA_ROPE: "吊籠及繩索作業"}


def notification_period_ok(start: dt.date, end: dt.date) -> bool:
    """A notified work period is valid if it does not end before it starts (one day is fine)."""
    return end >= start


# ---------------------------------------------------------------------------------------------
# Mass layoffs (大量解僱勞工保護法)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoffBand:
    """Art. 2 I threshold for a plant of ``min_headcount`` or more workers: more than
    ``share`` (numerator, denominator) of the workforce, or more than ``per_day`` in one day
    (None: no single-day test), or more than ``absolute`` in 60 days (None: no such test)."""

    min_headcount: int
    share: tuple[int, int] | None
    per_day: int | None
    absolute: int | None = None


# DOMAIN.md, "Mass layoffs" — certainty [S] (secondary source only): confirm against the act
# and keep these as settings. Sorted by min_headcount.
DOMAIN_LAYOFF_BANDS: tuple[LayoffBand, ...] = (
    LayoffBand(0, None, None, absolute=10),  # < 30: more than 10
    LayoffBand(30, (1, 3), 20),  # 30-199: more than 1/3, or more than 20 in a day
    LayoffBand(200, (1, 4), 50),  # 200-499: more than 1/4, or more than 50 in a day
    LayoffBand(500, (1, 5), 80),  # >= 500: more than 1/5, or more than 80 in a day
)
DOMAIN_WHOLE_BUSINESS = LayoffBand(0, None, 100, absolute=200)  # > 200, or > 100 in a day


def mass_layoff(headcount: int, laid_off_in_60_days: int, max_in_one_day: int,
                whole_business: bool = False, *,
                bands: tuple[LayoffBand, ...] = DOMAIN_LAYOFF_BANDS,
                whole: LayoffBand = DOMAIN_WHOLE_BUSINESS) -> bool:
    """Art. 2 I [S]: whether layoffs within 60 days are a mass layoff.

    ``headcount`` is the plant's workforce (the band is chosen by it), or the business's when
    ``whole_business`` (then only the whole-business test applies: more than 200 in 60 days or
    more than 100 in one day). "More than a third" is compared exactly (3 × laid off >
    headcount). Thresholds are DOMAIN.md's, marked [S]: pass confirmed values when known.
    """
    for name, value in (("headcount", headcount), ("laid_off_in_60_days", laid_off_in_60_days),
                        ("max_in_one_day", max_in_one_day)):
        _check_count(name, value)
    if max_in_one_day > laid_off_in_60_days:
        raise ValueError("more laid off in one day than in the 60 days")
    band = whole if whole_business else [b for b in bands if headcount >= b.min_headcount][-1]
    if band.absolute is not None and laid_off_in_60_days > band.absolute:
        return True
    if band.per_day is not None and max_in_one_day > band.per_day:
        return True
    if band.share is not None:
        num, den = band.share
        if laid_off_in_60_days * den > headcount * num:
            return True
    return False


def early_warning_applies(headcount: int, minimum: int = 30) -> bool:
    """Art. 11 [C]: early warnings concern businesses of ≥ 30 workers."""
    _check_count("headcount", headcount)
    return headcount >= minimum


def early_warning_visit_due(warned_on: dt.date | dt.datetime, *,
                            period_end: Callable[..., dt.date], days: int = 7,
                            calendar: object | None = None) -> dt.date:
    """Art. 11 [C]: the authority visits within ``days`` (7) days of a warning.

    ``period_end`` is the 行政程序法 art. 48 counter (``labor.core.deadlines.period_end``),
    passed in so that this module imports nothing that reaches the database; the visit is a
    time limit on the authority, so the ordinary (non-adverse) rule applies.
    """
    return period_end(warned_on, days, calendar=calendar)


# ---------------------------------------------------------------------------------------------
# Occupational health staff (勞工健康保護規則)
# ---------------------------------------------------------------------------------------------

BAND_300_PLUS = "300_plus"
BAND_200_299 = "200_299"
BAND_100_199 = "100_199"
BAND_50_99_SPECIAL = "50_99_special"
HEALTH_STAFF_BANDS = (BAND_300_PLUS, BAND_200_299, BAND_100_199, BAND_50_99_SPECIAL)


def health_staff_band(headcount: int, special_hazard_workers: int) -> str | None:
    """The council report's health-staff compliance band of an establishment, or None.

    The report (2023H1, 貳.二.(一)) counts 300+, 200-299, 100-199 workers by headcount, and
    "勞工人數50人至99人並具特別危害健康作業1人至49人者": 50-99 workers with 1-49 workers in
    special hazardous work. So a 50-99 establishment with no special-hazard worker is in no
    band, and one with ≥ 50 is not in the report's wording either (DOMAIN.md: ≥ 50 in special
    hazardous work must *employ* staff, like 300+); both give None here. Open question for the
    bureau: where the report counts the latter.
    """
    _check_count("headcount", headcount)
    _check_count("special_hazard_workers", special_hazard_workers)
    if special_hazard_workers > headcount:
        raise ValueError("more special-hazard workers than workers")
    if headcount >= 300:
        return BAND_300_PLUS
    if headcount >= 200:
        return BAND_200_299
    if headcount >= 100:
        return BAND_100_199
    if headcount >= 50 and 1 <= special_hazard_workers <= 49:
        return BAND_50_99_SPECIAL
    return None


def health_staffed(*, nurses: int, physicians: int) -> bool:
    """Whether an establishment counts as 已配置從事勞工健康服務之醫護人員 in the report: at
    least one nurse or physician (employed or contracted) provides the service.

    The annex tables of 勞工健康保護規則 fix how many by headcount [U: kept as data, DOMAIN.md];
    the report counts establishments that have staffed the service at all, so this does too.
    """
    _check_count("nurses", nurses)
    _check_count("physicians", physicians)
    return nurses + physicians > 0


# ---------------------------------------------------------------------------------------------
# Construction sites: the next due date (the page beside the overdue list)
# ---------------------------------------------------------------------------------------------


def next_inspection_due_date(site_start: dt.date, site_end: dt.date, grade: SiteGrade | str,
                             inspected_on: list[dt.date] | tuple[dt.date, ...], today: dt.date,
                             intervals: Mapping[SiteGrade, int] = COUNCIL_INTERVAL_MONTHS,
                             ) -> dt.date | None:
    """The due date of the first window (``inspection_windows``) that is not over
    (due ≥ ``today``) and still has no inspection: the current window's, or the next one's
    once the current one is inspected. None when no such window is left (the site's end is
    past, or every remaining window is inspected). Windows already past are the overdue list
    (``inspections_due``), not this."""
    for begin, due in inspection_windows(site_start, site_end, grade, intervals):
        if due < today:
            continue
        if any(begin <= day <= due for day in inspected_on):
            continue
        return due
    return None


# ---------------------------------------------------------------------------------------------
# Penalty decision letter (裁處書)
# ---------------------------------------------------------------------------------------------

# 訴願法 art. 14 I [C]: an appeal is filed within 30 days from the day after the decision is
# served; art. 58 I: through the authority that decided; art. 4 (6): against a decision of
# a city government's bureau, to the city government (臺北市政府).
APPEAL_DAYS = 30
# How long the employer has to pay a fine, counted from the day after service. No statute
# fixes it; 30 days is the common practice of the labor authorities' decision letters [U]:
# the dated setting ``lsa.fine.payment_days`` (inspections migration 0004) overrides it.
DEFAULT_PAYMENT_DAYS = 30


# ---------------------------------------------------------------------------------------------
# Risk-based selection of establishments for an inspection plan
# ---------------------------------------------------------------------------------------------

# Establishment.risk_flags entry: the establishment's workers have long overtime hours (e.g.
# named by the ministry's survey of 延長工時, or a complaint about hours).
LONG_HOURS_FLAG = "long_working_hours"
# Past penalties and complaints count within this many years before the ranking day.
RISK_LOOKBACK_YEARS = 3

RISK_SIZE = "size_band"
RISK_INDUSTRY = "industry"
RISK_PENALTIES = "penalties"
RISK_NEVER_INSPECTED = "never_inspected"
RISK_UNINSPECTED_YEARS = "uninspected_years"
RISK_COMPLAINTS = "complaints"
RISK_LONG_HOURS = "long_hours"


@dataclass(frozen=True)
class RiskFacts:
    """What is known of one establishment, as the ranking reads it.

    ``size_band`` is a headcount band key (labor.core.selectors: "1_29" … "300_plus",
    "unknown"); ``industry`` the industry's code (行業標準分類, e.g. "M"); ``penalties`` the
    approved fines and ``complaints`` the dispute cases naming it as respondent within the
    lookback; ``last_inspected_on`` its last inspection (None: never); ``long_hours`` the
    long-working-hours flag."""

    key: int
    size_band: str
    industry: str
    penalties: int = 0
    last_inspected_on: dt.date | None = None
    complaints: int = 0
    long_hours: bool = False


@dataclass(frozen=True)
class RiskWeights:
    """The stated criteria: points per fact, with caps so that no one fact decides alone."""

    size_band: Mapping[str, int]
    industry: Mapping[str, int]
    per_penalty: int
    penalty_cap: int
    never_inspected: int
    per_year_uninspected: int
    uninspected_cap: int
    per_complaint: int
    complaint_cap: int
    long_hours: int

    def __post_init__(self) -> None:
        for name in ("per_penalty", "penalty_cap", "never_inspected", "per_year_uninspected",
                     "uninspected_cap", "per_complaint", "complaint_cap", "long_hours"):
            _check_count(name, getattr(self, name))
        for table in (self.size_band, self.industry):
            for points in table.values():
                _check_count("points", points)


# The defaults of this system, for the bureau to confirm or change [U] (no rule of law fixes
# them; the page states them):
# - size: more workers, more at stake; the 50-99 band is the city's coverage plan;
# - industry: M (專業、科學及技術服務業) tops the ministry's overtime survey three years running
#   (council report 2023H1, high-hours project); F construction, I accommodation and food
#   service and N support services (security, cleaning) are frequent in complaints;
# - each approved fine in 3 years 3 points (cap 9); never inspected 5, else 1 per full year
#   since the last inspection (cap 5); each complaint 2 (cap 6); the long-hours flag 4.
DEFAULT_RISK_WEIGHTS = RiskWeights(
    size_band={"300_plus": 3, "200_299": 3, "100_199": 2, "50_99": 2, "30_49": 1},
    industry={"M": 3, "F": 2, "I": 2, "N": 2},
    per_penalty=3, penalty_cap=9,
    never_inspected=5, per_year_uninspected=1, uninspected_cap=5,
    per_complaint=2, complaint_cap=6,
    long_hours=4,
)


@dataclass(frozen=True)
class RiskReason:
    """Why an establishment scored: the criterion, its points and the fact behind it (the
    band key, the industry code, a count, the years, or the last inspection date)."""

    code: str
    points: int
    value: object = None


@dataclass(frozen=True)
class RiskScore:
    key: int
    score: int
    reasons: tuple[RiskReason, ...]
    last_inspected_on: dt.date | None = None


def full_years_between(earlier: dt.date, later: dt.date) -> int:
    """Whole years from ``earlier`` to ``later`` (a birthday count: 2020-03-01 to 2023-02-28
    is 2, to 2023-03-01 is 3)."""
    if later < earlier:
        raise ValueError(f"{later} is before {earlier}")
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def risk_score(facts: RiskFacts, today: dt.date,
               weights: RiskWeights = DEFAULT_RISK_WEIGHTS) -> RiskScore:
    """One establishment's score: the sum of the points of each criterion it meets, with the
    reasons (only criteria that gave points). A last inspection after ``today`` is refused."""
    _check_count("penalties", facts.penalties)
    _check_count("complaints", facts.complaints)
    reasons: list[RiskReason] = []

    def add(code: str, points: int, value: object) -> None:
        if points > 0:
            reasons.append(RiskReason(code, points, value))

    add(RISK_SIZE, weights.size_band.get(facts.size_band, 0), facts.size_band)
    add(RISK_INDUSTRY, weights.industry.get(facts.industry, 0), facts.industry)
    add(RISK_PENALTIES, min(facts.penalties * weights.per_penalty, weights.penalty_cap),
        facts.penalties)
    if facts.last_inspected_on is None:
        add(RISK_NEVER_INSPECTED, weights.never_inspected, None)
    else:
        years = full_years_between(facts.last_inspected_on, today)
        add(RISK_UNINSPECTED_YEARS,
            min(years * weights.per_year_uninspected, weights.uninspected_cap), years)
    add(RISK_COMPLAINTS, min(facts.complaints * weights.per_complaint, weights.complaint_cap),
        facts.complaints)
    add(RISK_LONG_HOURS, weights.long_hours if facts.long_hours else 0, True)
    return RiskScore(facts.key, sum(r.points for r in reasons), tuple(reasons),
                     facts.last_inspected_on)


def rank_by_risk(facts, today: dt.date,
                 weights: RiskWeights = DEFAULT_RISK_WEIGHTS) -> list[RiskScore]:
    """Establishments ranked for an inspection plan: highest score first; on a tie, the one
    never inspected, then the one inspected longest ago, then by key (stable, so the same
    data always gives the same list)."""
    scores = [risk_score(item, today, weights) for item in facts]

    def order(score: RiskScore):
        last = score.last_inspected_on
        return (-score.score, last is not None, last or dt.date.min, score.key)

    return sorted(scores, key=order)
