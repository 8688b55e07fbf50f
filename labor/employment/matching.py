"""Matching job seekers and vacancies (媒合): ranked, with reasons.

    vacancies_for(seeker, *, limit=20, on=None, near_misses=False) -> list[Match]
    seekers_for(vacancy, *, limit=20, on=None, near_misses=False) -> list[Match]

A ``Match`` has ``.vacancy`` or ``.seeker`` (the model instance), ``.score`` (0-100, one
decimal) and ``.reasons`` (zh-Hant strings: 「職業相符」「希望地區：大安區」「薪資高於期望」
「缺少證照：堆高機」 ...). Ties keep the newer record first, so the order is stable.

What filters and what scores
----------------------------
Hard requirements filter (a pair failing one is never shown):

- the vacancy is open (status "open") and valid on the day: posted on or before it, valid
  until it or later; a seeker's registration is active and made on or before the day;
- hours: full time and part time exclude each other, "either" fits both (rules.hours_compatible);
- every licence the vacancy requires is held (rules.licence_held: the required name, folded,
  is part of one the seeker holds). With ``near_misses=True`` (staff looking for a training
  referral) such pairs stay, scored lower (rules.NEAR_MISS_WEIGHTS) with 「缺少證照：...」.

Everything else is a soft part of the score (rules.MatchWeights: occupation 30, title and
skills text 25, district 15, wage 12, shifts 5, education 5, experience 4, languages 4). The
employer's minimum education and experience are soft on purpose: a counsellor may still refer
someone a year short, and a seeker registered at the counter often understates; they cost
points and show as 「學歷未達要求：大學」 / 「經驗未達要求：3年」. Languages are never a filter
(就業服務法 art. 5: language is a ground of discrimination unless the job needs it). Nothing
reads age, sex, nationality or priority-group membership.

The text part is the share of the seeker's title and skills tokens (text.tokens: CJK bigrams and
Latin words, each weighted by its inverse document frequency among vacancies) found in the
vacancy's title (counting 2/3) and description (1/3), so 會計 fully matches the title
會計助理, and 臺北 / 台北 are one token.

How it is fast (top 20 of 150,000 vacancies in about a millisecond)
-------------------------------------------------------------------
The open vacancies live in an in-memory index (``VacancyIndex``) of NumPy arrays, one entry per
vacancy in descending id order (so ties keep the newer first): occupation, district, hours,
wage, shifts, education and experience asked (one requirement code), dates, licence and
language bitmasks, and the ids of its distinct folded title and description. Text is held as
postings: for each token the distinct titles (and descriptions) holding it, so that the text
part of every vacancy is one accumulation over the seeker's few tokens; repeated titles
(作業員, 門市人員) are stored once. Vacancies are also grouped in cells, one per (occupation,
district, wage band): for a given seeker every vacancy of a cell has the same occupation and
district parts and at most the same wage part, so a cell has a value (their sum) that bounds
its vacancies' scores but for text and the small requirement parts.

A query is a threshold walk (Fagin's threshold algorithm) over three lists, scoring a chunk of
candidates exactly at each round and keeping the 20 best:

- A: the cells by value, best first; a class of cells of equal value is walked in ascending row
  order (newest first), so that a tie with the 20th score can be settled without the rest;
- B: the titles sharing a token with the seeker, by their text share, best first;
- C: the descriptions sharing a token, all at once, taken only when they alone keep the bound
  up and are few.

After each round the most any unscored vacancy can score is the next cell value plus the text
share the next title and the descriptions could add plus the requirement parts; the walk stops
when the 20th score is above that (or equal, with every unscored row of the class after the
20th's row). A candidate whose own bound (its cell value and its exact text part) cannot reach
the 20th score is dropped before scoring. The result is therefore exactly the top 20 of scoring
every vacancy with the same arithmetic (``brute_force``), ties included; bench/matching.py
measures both in one run and checks recall, and a test compares them and the rules' scalar
score on random data. Typically one to three rounds and under a thousand vacancies scored.
A batch for many seekers (``top_many``) can be split among forked processes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from labor.employment import rules
from labor.employment.rules import DEFAULT_WEIGHTS, NEAR_MISS_WEIGHTS, MatchWeights
from labor.employment.text import fold, tokens_of_folded

HOURS_CODE = {rules.FULL_TIME: 0, rules.PART_TIME: 1, rules.EITHER: 2}
# HOURS_OK[seeker][vacancy]
HOURS_OK = np.array([[rules.hours_compatible(s, v) for v in HOURS_CODE] for s in HOURS_CODE])


@dataclass
class Match:
    """One ranked result: the vacancy (for a seeker) or the seeker (for a vacancy)."""

    score: float
    reasons: list[str]
    vacancy: object | None = None
    seeker: object | None = None


# ---------------------------------------------------------------------------------------------
# Plain rows: what the indexes are built from (from the database, or generated by the bench)
# ---------------------------------------------------------------------------------------------


@dataclass
class VacancyRow:
    id: int
    title: str
    description: str = ""
    occupation: str | None = None  # occupation code
    district: str | None = None  # district code
    hours: str = rules.FULL_TIME
    shifts: bool = False
    wage_kind: str = rules.MONTHLY
    wage_min: int = 0
    wage_max: int | None = None
    education_min: str = "0_none"
    experience_min_years: int = 0
    licences_required: Sequence[str] = ()
    languages: Sequence[str] = ()
    posted_on: dt.date = dt.date.min
    valid_until: dt.date = dt.date.max


@dataclass
class SeekerRow:
    id: int
    desired_title: str = ""
    skills: str = ""
    occupations: Sequence[str] = ()  # occupation codes
    districts: Sequence[str] = ()  # district codes
    expected_wage: int | None = None
    hours: str = rules.EITHER
    shifts_ok: bool = False
    education: str = "0_none"
    experience_years: int = 0
    licences: Sequence[str] = ()
    languages: Sequence[str] = ()
    registered_on: dt.date = dt.date.min


# ---------------------------------------------------------------------------------------------
# Reference tables: occupations and districts, with the relation of each pair
# ---------------------------------------------------------------------------------------------


class Occupations:
    """The occupation codes, each with its ancestry, and ``rel[o, d]``: the occupation part for a
    vacancy of occupation ``o`` and a seeker wanting ``d`` (rules.occupation_part). The last
    slot stands for "none"."""

    def __init__(self, rows: Iterable[tuple[str, str, str | None]],
                 weights: MatchWeights = DEFAULT_WEIGHTS):
        rows = list(rows)
        self.codes = [code for code, _, _ in rows]
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.names = {code: name for code, name, _ in rows}
        parent = {code: p for code, _, p in rows}
        self.paths: list[tuple[str, ...]] = []
        for code in self.codes:
            path = [code]
            while parent.get(path[0]):
                path.insert(0, parent[path[0]])
            self.paths.append(tuple(path))
        n = len(self.codes)
        self.none = n
        self.rel = np.zeros((n + 1, n + 1))
        for o in range(n):
            for d in range(n):
                self.rel[o, d] = rules.occupation_part(self.paths[o], [self.paths[d]], weights)

    def idx(self, code: str | None) -> int:
        return self.index.get(code, self.none) if code else self.none

    def group_name(self, code: str | None, level: float, weights: MatchWeights) -> str | None:
        """The name of the group a partial occupation match shares: the sub-major group for
        ``occupation_sub_major``, the major group for ``occupation_major``."""
        if not code or code not in self.index:
            return None
        path = self.paths[self.index[code]]
        if level == weights.occupation_sub_major and len(path) >= 2:
            return self.names.get(path[1])
        if level == weights.occupation_major:
            return self.names.get(path[0])
        return None


class Districts:
    """District codes and ``rel[v, d]``: 1 for the same district, the neighbour share for a
    neighbouring one (rules.TAIPEI_NEIGHBOURS), else 0. The last slot stands for "none"."""

    def __init__(self, codes: Iterable[str], weights: MatchWeights = DEFAULT_WEIGHTS,
                 neighbours: dict[str, frozenset[str]] = rules.TAIPEI_NEIGHBOURS):
        self.codes = list(dict.fromkeys(codes))
        self.index = {code: i for i, code in enumerate(self.codes)}
        n = len(self.codes)
        self.none = n
        self.rel = np.zeros((n + 1, n + 1))
        for v, vcode in enumerate(self.codes):
            for d, dcode in enumerate(self.codes):
                self.rel[v, d] = rules.district_part(vcode, [dcode], weights, neighbours)

    def idx(self, code: str | None) -> int:
        return self.index.get(code, self.none) if code else self.none


# ---------------------------------------------------------------------------------------------
# Small array helpers
# ---------------------------------------------------------------------------------------------

_EMPTY = np.zeros(0, dtype=np.int64)
# Years of experience a vacancy may ask, for the requirement codes (more counts as this many).
EXPERIENCE_CAP = 40
N_EDUCATION = len(rules.EDUCATION_ORDER)


def requirement_code(shifts, education, experience) -> np.ndarray:
    """One code per vacancy for the parts that depend on what it asks: shifts, education,
    experience (capped at EXPERIENCE_CAP years)."""
    experience = np.minimum(experience, EXPERIENCE_CAP)
    return ((shifts.astype(np.int64) * N_EDUCATION + education) * (EXPERIENCE_CAP + 1)
            + experience)


def requirement_table(weights: MatchWeights, shifts_ok: bool, education: int,
                      experience: int) -> np.ndarray:
    """The weighted shifts + education + experience parts of a seeker for every code."""
    codes = np.arange(2 * N_EDUCATION * (EXPERIENCE_CAP + 1))
    asked_exp = codes % (EXPERIENCE_CAP + 1)
    asked_edu = (codes // (EXPERIENCE_CAP + 1)) % N_EDUCATION
    asked_shifts = codes // ((EXPERIENCE_CAP + 1) * N_EDUCATION)
    shifts = np.where((asked_shifts == 1) & (not shifts_ok), 0.0, 1.0)
    edu = (asked_edu <= education).astype(np.float64)
    exp = np.where(asked_exp <= experience, 1.0, experience / np.maximum(asked_exp, 1))
    return weights.shifts * shifts + weights.education * edu + weights.experience * exp
# Lower edges of the wage bands of the cells (monthly equivalent, NT$).
WAGE_BANDS = np.array([0, 28000, 30000, 32000, 34000, 36000, 38000, 40000, 43000, 46000,
                       50000, 55000, 60000, 70000], dtype=np.float64)
# Rows a round of the threshold walk adds at least, and the rounds before the rest is scored
# at once.
CHUNK = 512
MAX_ROUNDS = 16
# Scores closer than this are a tie (the bound and the scores add their parts in another order).
EPS = 1e-9


def _csr(groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, members): the positions of ``groups`` grouped by value, ascending in each."""
    order = np.argsort(groups, kind="stable").astype(np.int64)
    counts = np.bincount(groups, minlength=n_groups)
    indptr = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, order


def _gather(indptr: np.ndarray, members: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The members of the groups ``ids``, concatenated (vectorised CSR row gather)."""
    if len(ids) == 0:
        return _EMPTY
    starts = indptr[ids]
    lens = indptr[ids + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return _EMPTY
    ends = np.cumsum(lens)
    offsets = np.repeat(starts - (ends - lens), lens)
    return members[offsets + np.arange(total)]


def _masks(lists: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> np.ndarray:
    """One row of uint64 words per list: bit ``vocabulary[name]`` set for each name."""
    words = max(1, math.ceil(len(vocabulary) / 64))
    out = np.zeros((len(lists), words), dtype=np.uint64)
    for i, names in enumerate(lists):
        for name in names:
            bit = vocabulary[name]
            out[i, bit // 64] |= np.uint64(1 << (bit % 64))
    return out


def _held_mask(vocabulary: dict[str, int], held: Sequence[str]) -> np.ndarray:
    """The words of the vocabulary entries that one of ``held`` (folded) covers."""
    words = max(1, math.ceil(len(vocabulary) / 64))
    out = np.zeros(words, dtype=np.uint64)
    for name, bit in vocabulary.items():
        if any(name in h for h in held):
            out[bit // 64] |= np.uint64(1 << (bit % 64))
    return out


def _folded_list(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in (fold(n) for n in names or ()) if f))


def _top(rows: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` best (rows, scores): highest score first, ties by ascending row."""
    if len(rows) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= kth
        rows, scores = rows[keep], scores[keep]
    order = np.lexsort((rows, -scores))[:limit]
    return rows[order], scores[order]


# ---------------------------------------------------------------------------------------------
# Text vocabulary shared by both sides
# ---------------------------------------------------------------------------------------------


class _Texts:
    """Distinct folded texts of one field (titles, or descriptions) with the vocabulary's
    postings: for each token, the distinct texts holding it."""

    def __init__(self, folded: list[str]):
        ids: dict[str, int] = {}
        self.of_row = np.fromiter((ids.setdefault(f, len(ids)) for f in folded),
                                  dtype=np.int64, count=len(folded))
        self.distinct = list(ids)
        self.multiplicity = np.bincount(self.of_row, minlength=len(self.distinct))
        self.rows_ptr, self.rows = _csr(self.of_row, len(self.distinct))
        self.token_sets = [frozenset(tokens_of_folded(t)) for t in self.distinct]

    def build_postings(self, vocabulary: dict[str, int]) -> None:
        pairs_tok: list[int] = []
        pairs_text: list[int] = []
        for text_id, toks in enumerate(self.token_sets):
            for tok in toks:
                pairs_tok.append(vocabulary[tok])
                pairs_text.append(text_id)
        tok = np.array(pairs_tok, dtype=np.int64)
        text = np.array(pairs_text, dtype=np.int64)
        self.post_ptr, order = _csr(tok, len(vocabulary))
        self.post = text[order]
        # documents (rows) holding each token, for the idf and the walk's estimates
        self.df = np.bincount(tok, weights=self.multiplicity[text], minlength=len(vocabulary))
        self.token_rows = self.df.astype(np.int64)

    def accumulate(self, query: Sequence[tuple[int, float]], out: np.ndarray | None = None
                   ) -> tuple[np.ndarray, list[np.ndarray]]:
        """(share of the query's weight in each distinct text, the postings read): ``out``
        (zeros) is filled when given, and the caller zeroes the entries read after use."""
        acc = np.zeros(len(self.distinct)) if out is None else out
        touched = []
        for tok, weight in query:
            ids = self.post[self.post_ptr[tok]:self.post_ptr[tok + 1]]
            acc[ids] += weight
            touched.append(ids)
        return acc, touched


# ---------------------------------------------------------------------------------------------
# The vacancy index and a seeker's query
# ---------------------------------------------------------------------------------------------


@dataclass
class SeekerQuery:
    """A seeker encoded against a vacancy index."""

    occ_level: np.ndarray  # occupation part per occupation slot
    occ_values: np.ndarray  # its distinct values, ascending
    occ_rank: np.ndarray  # per slot, the index of its value there
    dist_part: np.ndarray  # district part per district slot
    dist_values: np.ndarray
    dist_rank: np.ndarray
    tokens: list[tuple[int, float]]  # (token id, weight / total weight) of known tokens
    expected: float | None
    hours: int
    shifts_ok: bool
    education: int
    experience: int
    licences_held: np.ndarray
    languages_held: np.ndarray
    weights: MatchWeights
    near_misses: bool
    # weighted shifts + education + experience parts per requirement code
    requirements: np.ndarray = field(default_factory=lambda: np.zeros(0))


@dataclass
class Explained:
    """The parts of one scored row (each 0-1) and its score."""

    row: int
    score: float
    occupation: float
    title: float
    description: float
    district: float
    wage: float
    shifts: float
    education: float
    experience: float
    languages: float
    licences: float
    extras: dict = field(default_factory=dict)


class VacancyIndex:
    """The open vacancies as arrays (see the module's docstring)."""

    def __init__(self, rows: Sequence[VacancyRow], occupations: Occupations, districts: Districts):
        started = time.perf_counter()
        rows = sorted(rows, key=lambda r: -r.id)
        self.occupations = occupations
        self.districts = districts
        n = self.n = len(rows)
        self.ids = np.array([r.id for r in rows], dtype=np.int64)
        self.row_of_id = {int(i): k for k, i in enumerate(self.ids)}
        self.occ = np.array([occupations.idx(r.occupation) for r in rows], dtype=np.int64)
        self.dist = np.array([districts.idx(r.district) for r in rows], dtype=np.int64)
        self.hours = np.array([HOURS_CODE.get(r.hours, 0) for r in rows], dtype=np.int64)
        self.shifts = np.array([bool(r.shifts) for r in rows], dtype=bool)
        self.wage = np.array([rules.offered_wage(r.wage_min, r.wage_max, r.wage_kind)
                              for r in rows], dtype=np.float64)
        self.education = np.array([rules.education_rank(r.education_min) for r in rows],
                                  dtype=np.int64)
        self.experience = np.array([r.experience_min_years for r in rows], dtype=np.int64)
        self.posted = np.array([r.posted_on.toordinal() for r in rows], dtype=np.int64)
        self.until = np.array([r.valid_until.toordinal() for r in rows], dtype=np.int64)
        licences = [_folded_list(r.licences_required) for r in rows]
        languages = [_folded_list(r.languages) for r in rows]
        self.licence_names = {name: i for i, name in
                              enumerate(dict.fromkeys(n for ls in licences for n in ls))}
        self.language_names = {name: i for i, name in
                               enumerate(dict.fromkeys(n for ls in languages for n in ls))}
        self.licences = _masks(licences, self.licence_names)
        self.languages = _masks(languages, self.language_names)
        # bit 1: asks for a licence, bit 2: for a language
        self.asks = np.array([bool(lic) + 2 * bool(lang) for lic, lang in zip(
            licences, languages, strict=True)], dtype=np.uint8)
        # (shifts, education, experience) asked, as one code for the query's table
        self.requirement = requirement_code(self.shifts, self.education, self.experience)

        self.titles = _Texts([fold(r.title) for r in rows])
        self.descriptions = _Texts([fold(r.description) for r in rows])
        vocabulary: dict[str, int] = {}
        for texts in (self.titles, self.descriptions):
            for toks in texts.token_sets:
                for tok in toks:
                    vocabulary.setdefault(tok, len(vocabulary))
        self.vocabulary = vocabulary
        self.titles.build_postings(vocabulary)
        self.descriptions.build_postings(vocabulary)
        # Inverse document frequency over titles and descriptions as 2n documents.
        df = self.titles.df + self.descriptions.df
        self.idf = np.log((2 * n + 1) / (df + 1)) + 1
        self.idf_unknown = math.log(2 * n + 1) + 1
        # Cells: one per (occupation, district, wage band) holding vacancies.
        band = np.searchsorted(WAGE_BANDS, self.wage, side="right") - 1
        n_dist, n_band = districts.none + 1, len(WAGE_BANDS)
        cell = (self.occ * n_dist + self.dist) * n_band + band
        n_cells = (occupations.none + 1) * n_dist * n_band
        self.cell_ptr, self.cell_rows = _csr(cell, n_cells)
        sizes = np.diff(self.cell_ptr)
        self.cells = np.flatnonzero(sizes)
        self.cell_size = sizes[self.cells]
        self.cell_occ = self.cells // (n_dist * n_band)
        self.cell_dist = (self.cells // n_band) % n_dist
        self.cell_band = self.cells % n_band
        position = np.zeros(n_cells, dtype=np.int64)
        position[self.cells] = np.arange(len(self.cells))
        self.cell_of_row = position[cell]
        self._occ_cache: dict = {}
        self._mask_cache: dict = {}
        self._req_cache: dict = {}
        self._dist_cache: dict = {}
        self._local = threading.local()
        self._wage_cache: dict = {}
        self._valid_cache: dict = {}
        self.build_seconds = time.perf_counter() - started

    # -- encoding ------------------------------------------------------------------------------

    def token_weight(self, tok: str) -> float:
        i = self.vocabulary.get(tok)
        return self.idf_unknown if i is None else float(self.idf[i])

    def seeker_tokens(self, title: str, skills: str) -> dict[str, float]:
        toks = set(tokens_of_folded(fold(title))) | set(tokens_of_folded(fold(skills)))
        return {t: self.token_weight(t) for t in sorted(toks)}

    def encode(self, seeker: SeekerRow, *, near_misses: bool = False) -> SeekerQuery:
        weights = NEAR_MISS_WEIGHTS if near_misses else DEFAULT_WEIGHTS
        occs = tuple(sorted({self.occupations.idx(c) for c in seeker.occupations}
                            - {self.occupations.none}))
        occ = self._occ_cache.get(occs)
        if occ is None:
            level = (self.occupations.rel[:, list(occs)].max(axis=1) if occs
                     else np.zeros(self.occupations.none + 1))
            occ = (level, *np.unique(level, return_inverse=True))
            self._occ_cache[occs] = occ
        dists = (weights, tuple(sorted({self.districts.idx(c) for c in seeker.districts}
                                       - {self.districts.none})))
        dist = self._dist_cache.get(dists)
        if dist is None:
            if dists[1]:
                dist_part = self.districts.rel[:, list(dists[1])].max(axis=1)
            else:
                dist_part = np.full(self.districts.none + 1, weights.district_any)
            dist = (dist_part, *np.unique(dist_part, return_inverse=True))
            self._dist_cache[dists] = dist
        toks = self.seeker_tokens(seeker.desired_title, seeker.skills)
        total = sum(toks.values())
        query = [(self.vocabulary[t], w / total) for t, w in toks.items() if t in self.vocabulary]
        education = rules.education_rank(seeker.education)
        experience = int(seeker.experience_years or 0)
        rkey = (weights, bool(seeker.shifts_ok), education, min(experience, EXPERIENCE_CAP))
        requirements = self._req_cache.get(rkey)
        if requirements is None:
            requirements = requirement_table(*rkey)
            self._req_cache[rkey] = requirements
        key = (_folded_list(seeker.licences), _folded_list(seeker.languages))
        masks = self._mask_cache.get(key)
        if masks is None:
            masks = (_held_mask(self.licence_names, key[0]),
                     _held_mask(self.language_names, key[1]))
            self._mask_cache[key] = masks
        return SeekerQuery(
            occ_level=occ[0], occ_values=occ[1], occ_rank=occ[2], dist_part=dist[0],
            dist_values=dist[1], dist_rank=dist[2], tokens=query,
            expected=float(seeker.expected_wage) if seeker.expected_wage else None,
            hours=HOURS_CODE.get(seeker.hours, 2), shifts_ok=bool(seeker.shifts_ok),
            education=education, experience=experience,
            licences_held=masks[0], languages_held=masks[1], weights=weights,
            near_misses=near_misses, requirements=requirements,
        )

    # -- scoring -------------------------------------------------------------------------------

    def _parts(self, q: SeekerQuery, r: np.ndarray, title_acc, desc_acc):
        w = q.weights
        occ = q.occ_level[self.occ[r]]
        title = title_acc[self.titles.of_row[r]]
        desc = desc_acc[self.descriptions.of_row[r]]
        dist = q.dist_part[self.dist[r]]
        if q.expected:
            span = w.wage_full_ratio - w.wage_floor_ratio
            wage = np.clip((self.wage[r] / q.expected - w.wage_floor_ratio) / span, 0.0, 1.0)
        else:
            wage = np.full(len(r), w.wage_unknown)
        shifts = np.where(self.shifts[r] & (not q.shifts_ok), 0.0, 1.0)
        education = (self.education[r] <= q.education).astype(np.float64)
        exp = self.experience[r]
        experience = np.where(exp <= q.experience, 1.0, q.experience / np.maximum(exp, 1))
        languages = (~(self.languages[r] & ~q.languages_held).any(axis=1)).astype(np.float64)
        licences = (~(self.licences[r] & ~q.licences_held).any(axis=1)).astype(np.float64)
        return occ, title, desc, dist, wage, shifts, education, experience, languages, licences

    def _text(self, r: np.ndarray, title_acc: np.ndarray, desc_acc: np.ndarray) -> np.ndarray:
        """The text part of rows ``r``."""
        return (rules.TITLE_SHARE * title_acc[self.titles.of_row[r]]
                + rules.DESCRIPTION_SHARE * desc_acc[self.descriptions.of_row[r]])

    def _valid(self, day: int, hours: int) -> np.ndarray:
        """Per row: valid on ``day`` and of hours a seeker of ``hours`` accepts (kept for the
        last few days and hours asked)."""
        key = (day, hours)
        found = self._valid_cache.get(key)
        if found is None:
            if len(self._valid_cache) > 16:
                self._valid_cache.clear()
            found = (self.posted <= day) & (self.until >= day) & HOURS_OK[hours][self.hours]
            self._valid_cache[key] = found
        return found

    def _score(self, q: SeekerQuery, r: np.ndarray, text: np.ndarray, day: int | None):
        """(rows passing the hard filters, their scores) for rows ``r`` with text parts
        ``text``: the parts of ``_parts``, with the shifts, education and experience parts
        read from the query's table of requirement codes, and the bitmasks tested only on the
        rows that ask for a licence or language. ``day`` None: the rows are known valid."""
        if day is not None:
            ok = self._valid(day, q.hours)[r]
            r, text = r[ok], text[ok]
        w = q.weights
        lic = None
        lang = 1.0
        flags = self.asks[r]
        if flags.any():
            asks = np.flatnonzero(flags & 1)
            if len(asks):
                held = ~(self.licences[r[asks]] & ~q.licences_held).any(axis=1)
                if q.near_misses:
                    lic = np.ones(len(r))
                    lic[asks] = held
                else:
                    keep = np.ones(len(r), dtype=bool)
                    keep[asks] = held
                    r, text, flags = r[keep], text[keep], flags[keep]
            asks = np.flatnonzero(flags & 2)
            if len(asks):
                lang = np.ones(len(r))
                lang[asks] = ~(self.languages[r[asks]] & ~q.languages_held).any(axis=1)
        occ = q.occ_level[self.occ[r]]
        dist = q.dist_part[self.dist[r]]
        if q.expected:
            span = w.wage_full_ratio - w.wage_floor_ratio
            wage = np.clip((self.wage[r] / q.expected - w.wage_floor_ratio) / span, 0.0, 1.0)
        else:
            wage = w.wage_unknown
        score = (w.occupation * occ + w.text * text + w.district * dist + w.wage * wage
                 + q.requirements[self.requirement[r]] + w.languages * lang)
        if w.licences:
            score = score + w.licences * (1.0 if lic is None else lic)
        return r, score

    def _rest_bound(self, q: SeekerQuery) -> float:
        """The most the parts that are neither cell nor text parts can give any vacancy."""
        w = q.weights
        return w.shifts + w.education + w.experience + w.languages + w.licences

    def _wage_bounds(self, q: SeekerQuery) -> np.ndarray:
        """Per wage band, the most its wage part can be (the part grows with the wage)."""
        w = q.weights
        key = (w, q.expected)
        found = self._wage_cache.get(key)
        if found is None:
            if not q.expected:
                found = np.full(len(WAGE_BANDS), w.wage_unknown)
            else:
                found = np.array([rules.wage_part(hi, q.expected, w) for hi in WAGE_BANDS[1:]]
                                 + [1.0])
            self._wage_cache[key] = found
        return found

    def top(self, q: SeekerQuery, limit: int = 20, day: int | None = None,
            stats: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of the exact top ``limit`` vacancies for the query on ``day`` (an
        ordinal): the threshold walk of the module's docstring."""
        day = dt.date.today().toordinal() if day is None else day
        buffers = getattr(self._local, "buffers", None)
        if buffers is None:  # per thread: zeroed again before returning
            buffers = self._local.buffers = (np.zeros(len(self.titles.distinct)),
                                             np.zeros(len(self.descriptions.distinct)),
                                             np.zeros(self.n, dtype=bool))
        title_acc, titles = self.titles.accumulate(q.tokens, buffers[0])
        desc_acc, descs = self.descriptions.accumulate(q.tokens, buffers[1])
        seen = buffers[2]
        try:
            return self._walk(q, limit, day, stats, title_acc, titles, desc_acc, descs, seen)
        finally:
            for ids in titles:
                title_acc[ids] = 0.0
            for ids in descs:
                desc_acc[ids] = 0.0
            seen[:] = False

    def _walk(self, q, limit, day, stats, title_acc, titles, desc_acc, descs, seen):
        w = q.weights
        rest = self._rest_bound(q)

        # A: cells by their constant part, in classes of equal value, best class first;
        # a class's vacancies are walked in ascending row order (newest first).
        # The value of a cell combines three small sets of values (occupation levels, district
        # parts, wage bounds): rank the combinations, then sort the cells by rank (a radix
        # sort of bytes).
        occ_values, occ_rank = q.occ_values, q.occ_rank
        dist_values, dist_rank = q.dist_values, q.dist_rank
        wage_values = self._wage_bounds(q)
        combo = (w.occupation * occ_values[:, None, None] + w.district * dist_values[None, :, None]
                 + w.wage * wage_values[None, None, :]).ravel()
        combo_order = np.argsort(-combo, kind="stable")
        combo_rank = np.empty(len(combo), dtype=np.int64)
        combo_rank[combo_order] = np.arange(len(combo))
        n_d, n_w = len(dist_values), len(wage_values)
        key = (occ_rank[self.cell_occ] * n_d + dist_rank[self.cell_dist]) * n_w + self.cell_band
        cell_value = combo[key]
        rank = combo_rank[key]
        order = np.argsort(rank.astype(np.uint8 if len(combo) <= 256 else np.uint16),
                           kind="stable")
        value = cell_value[order]
        starts = np.flatnonzero(np.concatenate([[True], value[1:] != value[:-1]]))
        class_value = value[starts].tolist()
        class_start = starts.tolist()
        class_end = [*class_start[1:], len(order)]
        n_classes = len(class_start)
        # B: titles sharing a token with the seeker, best first.
        titles = np.concatenate(titles) if titles else _EMPTY
        titles = np.sort(titles)
        titles = titles[np.concatenate([[True], titles[1:] != titles[:-1]])] if len(titles) \
            else titles
        titles = titles[np.argsort(-title_acc[titles], kind="stable")]
        title_value = [*title_acc[titles].tolist(), 0.0]
        title_end = np.cumsum(self.titles.multiplicity[titles]).tolist()
        n_titles = len(titles)
        # C: descriptions sharing a token, all at once.
        # The most description share: first the weights of the tokens any description holds
        # (cheap); the true maximum is read only when the walk would stop but for it.
        desc_left = sum(weight for (_, weight), ids in zip(q.tokens, descs, strict=True)
                        if len(ids))
        desc_exact = False
        # at most this many vacancies have a description sharing a token
        desc_rows_most = sum(int(self.descriptions.token_rows[tok]) for tok, _ in q.tokens)

        def class_rows(k):
            cells = self.cells[order[class_start[k]:class_end[k]]]
            rows = _gather(self.cell_ptr, self.cell_rows, cells)
            if len(rows) > self.n // 16:
                mask = np.zeros(self.n, dtype=bool)
                mask[rows] = True
                return np.flatnonzero(mask)
            rows.sort()
            return rows

        k = 0  # current class
        current = class_rows(0) if n_classes else _EMPTY
        n_current = len(current)
        pos = 0  # next row of the current class
        b = 0
        chunk = max(CHUNK, 4 * limit)
        best_rows, best_scores = _EMPTY, np.zeros(0)
        threshold, kth_row = -math.inf, -1
        valid = self._valid(day, q.hours)
        rounds = scored = 0
        text_w, title_share, desc_share = w.text, rules.TITLE_SHARE, rules.DESCRIPTION_SHARE
        while True:
            text = text_w * (title_share * title_value[b] + desc_share * desc_left)
            # the most an unscored vacancy can score: in the current class (rows from
            # current[pos] on), in the later classes
            in_class = class_value[k] + text + rest if pos < n_current else -math.inf
            later = class_value[k + 1] + text + rest if k + 1 < n_classes else -math.inf
            class_done = pos >= n_current or in_class < threshold - EPS or (
                in_class <= threshold + EPS and int(current[pos]) > kth_row)
            if class_done and later < threshold - EPS:
                break
            if class_done and k + 1 >= n_classes:
                break  # nothing left that can enter
            if not desc_exact and desc_left > 0 and threshold > -math.inf:
                desc_exact = True
                desc_left = max((float(desc_acc[ids].max()) for ids in descs if len(ids)),
                                default=0.0)
                continue
            rounds += 1
            blocking = later if class_done else in_class
            b_stop, b_drop = b, 0.0
            if b < n_titles:
                b_stop = min(bisect.bisect_left(title_end, (title_end[b - 1] if b else 0) + chunk),
                             n_titles - 1) + 1
                b_drop = text_w * title_share * (title_value[b] - title_value[b_stop])
            c_drop = text_w * desc_share * desc_left
            parts = []
            in_one_class = False
            if rounds > MAX_ROUNDS:
                parts.append(np.arange(self.n, dtype=np.int64))
                k, pos, current, n_current = n_classes - 1, 0, _EMPTY, 0
            elif (rounds > 1 and c_drop > 0 and blocking - c_drop < threshold - EPS
                  and desc_rows_most <= 32 * chunk):
                # the descriptions' term alone keeps the bound up, and they are few
                ids = np.concatenate(descs)
                if len(descs) > 1:
                    flag = np.zeros(len(desc_acc), dtype=bool)
                    flag[ids] = True
                    ids = np.flatnonzero(flag)
                parts.append(_gather(self.descriptions.rows_ptr, self.descriptions.rows, ids))
                desc_left = 0.0
            elif rounds > 1 and b_drop > 0 and blocking - b_drop < threshold - EPS:
                parts.append(_gather(self.titles.rows_ptr, self.titles.rows, titles[b:b_stop]))
                b = b_stop
            else:
                if rounds == 1 and b < n_titles:
                    parts.append(_gather(self.titles.rows_ptr, self.titles.rows,
                                         titles[b:b_stop]))
                    b = b_stop
                if class_done:  # the rest of this class cannot enter: on to the next
                    k += 1
                    current, pos = class_rows(k), 0
                    n_current = len(current)
                parts.append(current[pos:pos + chunk])
                pos += chunk
                in_one_class = len(parts) == 1
            chunk *= 2
            rows = np.concatenate(parts) if len(parts) > 1 else parts[0]
            rows = rows[~seen[rows]]
            if len(parts) > 1:  # titles and cells may share rows
                rows = np.sort(rows)
                rows = rows[np.concatenate([[True], rows[1:] != rows[:-1]])]
            seen[rows] = True
            rows = rows[valid[rows]]
            text_part = self._text(rows, title_acc, desc_acc)
            if threshold > -math.inf:  # skip rows whose own bound is below it (it only rises)
                own = (class_value[k] if in_one_class else
                       cell_value[self.cell_of_row[rows]]) + rest + w.text * text_part
                keep = own >= threshold - EPS
                rows, text_part = rows[keep], text_part[keep]
            scored += len(rows)
            r, sc = self._score(q, rows, text_part, None)
            best_rows, best_scores = _top(np.concatenate([best_rows, r]),
                                          np.concatenate([best_scores, sc]), limit)
            if len(best_scores) >= limit:
                threshold, kth_row = float(best_scores[-1]), int(best_rows[-1])
        if stats is not None:
            stats["rounds"] = rounds
            stats["scored"] = scored
        return best_rows, best_scores

    def brute_force(self, q: SeekerQuery, limit: int = 20, day: int | None = None):
        """The same scores over every vacancy, no candidates and no bounds: the baseline."""
        day = dt.date.today().toordinal() if day is None else day
        title_acc, _ = self.titles.accumulate(q.tokens)
        desc_acc, _ = self.descriptions.accumulate(q.tokens)
        rows = np.arange(self.n, dtype=np.int64)
        r, s = self._score(q, rows, self._text(rows, title_acc, desc_acc), day)
        return _top(r, s, limit)

    def explain(self, q: SeekerQuery, rows: np.ndarray) -> list[Explained]:
        title_acc, _ = self.titles.accumulate(q.tokens)
        desc_acc, _ = self.descriptions.accumulate(q.tokens)
        parts = self._parts(q, rows, title_acc, desc_acc)
        w = q.weights
        out = []
        for k, row in enumerate(rows):
            occ, title, desc, dist, wage, shifts, edu, exp, lang, lic = (float(p[k]) for p in parts)
            text = rules.TITLE_SHARE * title + rules.DESCRIPTION_SHARE * desc
            score = (w.occupation * occ + w.text * text + w.district * dist + w.wage * wage
                     + w.shifts * shifts + w.education * edu + w.experience * exp
                     + w.languages * lang + w.licences * lic)
            out.append(Explained(int(row), score, occ, title, desc, dist, wage, shifts, edu, exp,
                                 lang, lic))
        return out


# ---------------------------------------------------------------------------------------------
# Many seekers at once (a batch: every active seeker's matches), on several processes
# ---------------------------------------------------------------------------------------------

_BATCH: tuple | None = None  # (index, method) inherited by forked workers


def _batch_part(part: Sequence[SeekerRow]) -> list[np.ndarray]:
    index, exact, limit, day, near_misses = _BATCH
    run = index.brute_force if exact else index.top
    return [run(index.encode(s, near_misses=near_misses), limit, day)[0] for s in part]


def top_many(index: VacancyIndex, seekers: Sequence[SeekerRow], limit: int = 20,
             day: int | None = None, *, processes: int = 1, exact: bool = False,
             near_misses: bool = False) -> list[np.ndarray]:
    """The top ``limit`` rows for each of ``seekers``, in their order; ``exact`` scores every
    vacancy (the brute force) instead of walking the index. With ``processes`` > 1 the seekers
    are split among forked processes that share the index copy-on-write (POSIX only; for a
    batch run from a command or script, not inside a request: the children inherit nothing of
    the database but the arrays)."""
    global _BATCH
    day = dt.date.today().toordinal() if day is None else day
    _BATCH = (index, exact, limit, day, near_misses)
    try:
        if processes <= 1 or len(seekers) < 2 * processes:
            return _batch_part(seekers)
        import multiprocessing

        size = max(1, len(seekers) // (processes * 8))
        parts = [seekers[i:i + size] for i in range(0, len(seekers), size)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [rows for part in pool.map(_batch_part, parts) for rows in part]
    finally:
        _BATCH = None


# ---------------------------------------------------------------------------------------------
# The seeker index (the other direction: seekers for one vacancy)
# ---------------------------------------------------------------------------------------------


class SeekerIndex:
    """Active seekers as arrays, scored all at once for a vacancy (60,000 seekers take a few
    milliseconds, so no candidate stages). Token weights come from the vacancy index's idf so
    that a pair scores the same from either side."""

    def __init__(self, rows: Sequence[SeekerRow], vacancies: VacancyIndex):
        rows = sorted(rows, key=lambda r: -r.id)
        self.vacancies = vacancies
        occupations, districts = vacancies.occupations, vacancies.districts
        self.n = len(rows)
        self.ids = np.array([r.id for r in rows], dtype=np.int64)
        occ_lists = [sorted({occupations.idx(c) for c in r.occupations} - {occupations.none})
                     for r in rows]
        self.occ_ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum([len(x) for x in occ_lists], out=self.occ_ptr[1:])
        self.occ_flat = np.array([o for x in occ_lists for o in x], dtype=np.int64)
        dist_lists = [sorted({districts.idx(c) for c in r.districts} - {districts.none})
                      for r in rows]
        self.dist_ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum([len(x) for x in dist_lists], out=self.dist_ptr[1:])
        self.dist_flat = np.array([d for x in dist_lists for d in x], dtype=np.int64)
        self.expected = np.array([float(r.expected_wage or 0) for r in rows])
        self.hours = np.array([HOURS_CODE.get(r.hours, 2) for r in rows], dtype=np.int64)
        self.shifts_ok = np.array([bool(r.shifts_ok) for r in rows], dtype=bool)
        self.education = np.array([rules.education_rank(r.education) for r in rows],
                                  dtype=np.int64)
        self.experience = np.array([int(r.experience_years or 0) for r in rows], dtype=np.int64)
        self.registered = np.array([r.registered_on.toordinal() for r in rows], dtype=np.int64)
        # token -> (seeker positions, weight / the seeker's total weight)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, r in enumerate(rows):
            toks = vacancies.seeker_tokens(r.desired_title, r.skills)
            total = sum(toks.values())
            for tok, weight in toks.items():
                entry = postings.setdefault(tok, ([], []))
                entry[0].append(i)
                entry[1].append(weight / total)
        self.token_postings = {t: (np.array(p, dtype=np.int64), np.array(w))
                               for t, (p, w) in postings.items()}
        self.licences = self._held_postings(r.licences for r in rows)
        self.languages = self._held_postings(r.languages for r in rows)

    @staticmethod
    def _held_postings(lists) -> dict[str, np.ndarray]:
        out: dict[str, list[int]] = {}
        for i, names in enumerate(lists):
            for name in _folded_list(names):
                out.setdefault(name, []).append(i)
        return {name: np.array(p, dtype=np.int64) for name, p in out.items()}

    def _holding(self, held: dict[str, np.ndarray], required: tuple[str, ...]) -> np.ndarray:
        """Per seeker: holds every one of ``required`` (rules.licence_held)."""
        ok = np.ones(self.n, dtype=bool)
        for need in required:
            has = np.zeros(self.n, dtype=bool)
            for name, positions in held.items():
                if need in name:
                    has[positions] = True
            ok &= has
        return ok

    def _max_over(self, ptr, flat, values, empty_value):
        out = np.full(self.n, empty_value, dtype=np.float64)
        lens = np.diff(ptr)
        nonempty = lens > 0
        if nonempty.any():
            out[nonempty] = np.maximum.reduceat(values[flat], ptr[:-1][nonempty])
        return out

    def parts(self, v: VacancyRow, weights: MatchWeights):
        occupations, districts = self.vacancies.occupations, self.vacancies.districts
        occ = self._max_over(self.occ_ptr, self.occ_flat,
                             occupations.rel[occupations.idx(v.occupation)], 0.0)
        dist = self._max_over(self.dist_ptr, self.dist_flat,
                              districts.rel[districts.idx(v.district)], weights.district_any)
        title_toks = set(tokens_of_folded(fold(v.title)))
        desc_toks = set(tokens_of_folded(fold(v.description)))
        title = np.zeros(self.n)
        desc = np.zeros(self.n)
        for tok in title_toks | desc_toks:
            posting = self.token_postings.get(tok)
            if posting is None:
                continue
            if tok in title_toks:
                title[posting[0]] += posting[1]
            if tok in desc_toks:
                desc[posting[0]] += posting[1]
        offered = rules.offered_wage(v.wage_min, v.wage_max, v.wage_kind)
        span = weights.wage_full_ratio - weights.wage_floor_ratio
        with np.errstate(divide="ignore", invalid="ignore"):
            wage = np.where(self.expected > 0,
                            np.clip((offered / np.where(self.expected > 0, self.expected, 1)
                                     - weights.wage_floor_ratio) / span, 0.0, 1.0),
                            weights.wage_unknown)
        shifts = np.where(v.shifts & ~self.shifts_ok, 0.0, 1.0)
        education = (rules.education_rank(v.education_min) <= self.education).astype(np.float64)
        asked = int(v.experience_min_years or 0)
        experience = np.where(self.experience >= asked, 1.0, self.experience / max(asked, 1))
        languages = self._holding(self.languages, _folded_list(v.languages)).astype(np.float64)
        licences = self._holding(self.licences,
                                 _folded_list(v.licences_required)).astype(np.float64)
        return occ, title, desc, dist, wage, shifts, education, experience, languages, licences

    def top(self, v: VacancyRow, limit: int = 20, day: int | None = None,
            near_misses: bool = False):
        """(positions, scores, parts) of the best ``limit`` seekers for ``v`` on ``day``."""
        day = dt.date.today().toordinal() if day is None else day
        w = NEAR_MISS_WEIGHTS if near_misses else DEFAULT_WEIGHTS
        parts = self.parts(v, w)
        occ, title, desc, dist, wage, shifts, edu, exp, lang, lic = parts
        ok = (self.registered <= day) & HOURS_OK[self.hours, HOURS_CODE.get(v.hours, 0)]
        if not near_misses:
            ok &= lic > 0
        text = rules.TITLE_SHARE * title + rules.DESCRIPTION_SHARE * desc
        score = (w.occupation * occ + w.text * text + w.district * dist + w.wage * wage
                 + w.shifts * shifts + w.education * edu + w.experience * exp
                 + w.languages * lang + w.licences * lic)
        rows = np.flatnonzero(ok)
        rows, scores = _top(rows, score[rows], limit)
        return rows, scores, parts


# ---------------------------------------------------------------------------------------------
# From the database: rows, the cached indexes and their stamps
# ---------------------------------------------------------------------------------------------


def vacancy_row(v) -> VacancyRow:
    """A Vacancy instance as a row (its occupation and district read through the relations)."""
    return VacancyRow(
        id=v.pk or 0, title=v.title, description=v.description,
        occupation=v.occupation.code if v.occupation_id else None,
        district=v.district.code if v.district_id else None, hours=v.hours, shifts=v.shifts,
        wage_kind=v.wage_kind, wage_min=v.wage_min, wage_max=v.wage_max,
        education_min=v.education_min, experience_min_years=v.experience_min_years,
        licences_required=v.licences_required or (), languages=v.languages or (),
        posted_on=v.posted_on, valid_until=v.valid_until,
    )


def seeker_row(s) -> SeekerRow:
    """A JobSeeker instance as a row (two queries for its occupations and districts, none when
    they were prefetched)."""
    return SeekerRow(
        id=s.pk or 0, desired_title=s.desired_title, skills=s.skills,
        occupations=[o.code for o in s.desired_occupations.all()],
        districts=[d.code for d in s.desired_districts.all()],
        expected_wage=s.expected_wage, hours=s.hours, shifts_ok=s.shifts_ok,
        education=s.education, experience_years=s.experience_years,
        licences=s.licences or (), languages=s.languages or (), registered_on=s.registered_on,
    )


def _reference():
    from labor.core.models import District
    from labor.employment.models import Occupation

    occupations = Occupations(Occupation.objects.order_by("code")
                              .values_list("code", "name", "parent__code"))
    districts = Districts(District.objects.order_by("city", "sort_order")
                          .values_list("code", flat=True))
    return occupations, districts


def _open_vacancy_rows() -> list[VacancyRow]:
    from labor.employment.models import Vacancy, VacancyStatus

    fields = ("id", "title", "description", "occupation__code", "district__code", "hours",
              "shifts", "wage_kind", "wage_min", "wage_max", "education_min",
              "experience_min_years", "licences_required", "languages", "posted_on",
              "valid_until")
    return [VacancyRow(*values) for values in
            Vacancy.objects.filter(status=VacancyStatus.OPEN).values_list(*fields).iterator(
                chunk_size=5000)]


def _active_seeker_rows() -> list[SeekerRow]:
    from labor.employment.models import JobSeeker, SeekerStatus

    active = JobSeeker.objects.filter(status=SeekerStatus.ACTIVE)
    occupations: dict[int, list[str]] = {}
    through = JobSeeker.desired_occupations.through
    for seeker_id, code in through.objects.filter(jobseeker__status=SeekerStatus.ACTIVE) \
            .values_list("jobseeker_id", "occupation__code"):
        occupations.setdefault(seeker_id, []).append(code)
    districts: dict[int, list[str]] = {}
    through = JobSeeker.desired_districts.through
    for seeker_id, code in through.objects.filter(jobseeker__status=SeekerStatus.ACTIVE) \
            .values_list("jobseeker_id", "district__code"):
        districts.setdefault(seeker_id, []).append(code)
    fields = ("id", "desired_title", "skills", "expected_wage", "hours", "shifts_ok",
              "education", "experience_years", "licences", "languages", "registered_on")
    rows = []
    for (pk, title, skills, wage, hours, shifts_ok, education, years, licences, languages,
         registered) in active.values_list(*fields).iterator(chunk_size=5000):
        rows.append(SeekerRow(pk, title, skills, occupations.get(pk, ()), districts.get(pk, ()),
                              wage, hours, shifts_ok, education, years, licences or (),
                              languages or (), registered))
    return rows


def _stamp(model, **filters) -> tuple:
    from django.db.models import Count, Max, Sum

    found = model.objects.filter(**filters).aggregate(n=Count("id"), top=Max("id"),
                                                      versions=Sum("version"))
    return found["n"], found["top"], found["versions"]


class _Cache:
    """The process's indexes, each with the stamp of the rows it was built from."""

    def __init__(self):
        self.lock = threading.Lock()
        self.vacancies: VacancyIndex | None = None
        self.vacancy_stamp = None
        self.vacancies_checked = -math.inf
        self.vacancies_dirty = True
        self.seekers: SeekerIndex | None = None
        self.seeker_stamp = None
        self.seekers_checked = -math.inf
        self.seekers_dirty = True

    @staticmethod
    def recheck_seconds() -> float:
        from django.conf import settings

        return float(getattr(settings, "EMPLOYMENT_MATCHING_RECHECK_SECONDS", 10))

    def vacancy_index(self) -> VacancyIndex:
        from labor.employment.models import Vacancy, VacancyStatus

        with self.lock:
            if self.vacancies is None:
                _connect_signals()  # no index before this, so nothing to invalidate before it
            now = time.monotonic()
            if (self.vacancies is None or self.vacancies_dirty
                    or now - self.vacancies_checked >= self.recheck_seconds()):
                stamp = _stamp(Vacancy, status=VacancyStatus.OPEN)
                self.vacancies_checked = now
                if self.vacancies is None or self.vacancies_dirty or stamp != self.vacancy_stamp:
                    self.vacancies_dirty = False  # a save while building marks it again
                    occupations, districts = _reference()
                    self.vacancies = VacancyIndex(_open_vacancy_rows(), occupations, districts)
                    self.vacancy_stamp = stamp
            return self.vacancies

    def seeker_index(self) -> SeekerIndex:
        from labor.employment.models import JobSeeker, SeekerStatus

        vacancies = self.vacancies or self.vacancy_index()  # its idf and reference tables
        with self.lock:
            now = time.monotonic()
            if (self.seekers is None or self.seekers_dirty
                    or now - self.seekers_checked >= self.recheck_seconds()):
                stamp = _stamp(JobSeeker, status=SeekerStatus.ACTIVE)
                self.seekers_checked = now
                if self.seekers is None or self.seekers_dirty or stamp != self.seeker_stamp:
                    self.seekers_dirty = False
                    self.seekers = SeekerIndex(_active_seeker_rows(), vacancies)
                    self.seeker_stamp = stamp
            return self.seekers


_cache = _Cache()


def invalidate(*args, sender=None, **kwargs) -> None:
    """Rebuild the index of what ``sender`` (a model) changes before the next match, both
    without one. Connected to saves and deletions of vacancies, seekers (and their desired
    occupations and districts) and occupations; services may call it too."""
    from labor.employment.models import Vacancy

    if sender is Vacancy or sender is None or sender.__name__ == "Occupation":
        _cache.vacancies_dirty = True
    if sender is not Vacancy:
        _cache.seekers_dirty = True


def _connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from labor.employment.models import JobSeeker, Occupation, Vacancy

    for model in (Vacancy, JobSeeker, Occupation):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"matching-{model.__name__}")
        post_delete.connect(invalidate, sender=model,
                            dispatch_uid=f"matching-del-{model.__name__}")
    for through in (JobSeeker.desired_occupations.through, JobSeeker.desired_districts.through):
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"matching-{through}")


# ---------------------------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------------------------


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _vacancy_is_open(v, on: dt.date) -> bool:
    from labor.employment.models import VacancyStatus

    return v.status == VacancyStatus.OPEN and v.posted_on <= on <= v.valid_until


def vacancies_for(seeker, *, limit: int = 20, on: dt.date | None = None,
                  near_misses: bool = False) -> list[Match]:
    """The ``limit`` best open vacancies for ``seeker`` (a JobSeeker) on ``on`` (today by
    default), best first, each with its reasons. ``near_misses`` keeps vacancies whose
    required licences the seeker lacks (lower, with 「缺少證照：...」)."""
    from labor.employment.models import Vacancy

    on = on or _today()
    index = _cache.vacancy_index()
    row = seeker_row(seeker)
    query = index.encode(row, near_misses=near_misses)
    # A few more than asked: a vacancy closed since the index was built is dropped below.
    rows, _ = index.top(query, limit + 5, on.toordinal())
    explained = index.explain(query, rows)
    ids = [int(index.ids[r]) for r in rows]
    found = (Vacancy.objects.select_related("establishment", "district", "occupation")
             .in_bulk(ids))
    out = []
    for ex, pk in zip(explained, ids, strict=True):
        vacancy = found.get(pk)
        if vacancy is None or not _vacancy_is_open(vacancy, on):
            continue
        out.append(Match(score=round(ex.score, 1), vacancy=vacancy,
                         reasons=_reasons(ex, query.weights, row, vacancy_row(vacancy),
                                          index.occupations, vacancy)))
        if len(out) == limit:
            break
    return out


def seekers_for(vacancy, *, limit: int = 20, on: dt.date | None = None,
                near_misses: bool = False) -> list[Match]:
    """The ``limit`` best active seekers for ``vacancy`` (a Vacancy) on ``on``, best first,
    each with its reasons; nothing when the vacancy is not open and valid on that day."""
    from labor.employment.models import JobSeeker

    on = on or _today()
    if not _vacancy_is_open(vacancy, on):
        return []
    index = _cache.seeker_index()
    vrow = vacancy_row(vacancy)
    positions, scores, parts = index.top(vrow, limit + 5, on.toordinal(), near_misses)
    weights = NEAR_MISS_WEIGHTS if near_misses else DEFAULT_WEIGHTS
    ids = [int(index.ids[p]) for p in positions]
    found = (JobSeeker.objects.select_related("person")
             .prefetch_related("desired_occupations", "desired_districts").in_bulk(ids))
    out = []
    for k, (position, pk) in enumerate(zip(positions, ids, strict=True)):
        seeker = found.get(pk)
        if seeker is None or seeker.status != "active":
            continue
        values = [float(p[position]) for p in parts]
        ex = Explained(int(position), float(scores[k]), *values)
        out.append(Match(score=round(ex.score, 1), seeker=seeker,
                         reasons=_reasons(ex, weights, seeker_row(seeker), vrow,
                                          index.vacancies.occupations, vacancy)))
        if len(out) == limit:
            break
    return out


def _reasons(ex: Explained, weights: MatchWeights, seeker: SeekerRow, vacancy: VacancyRow,
             occupations: Occupations, vacancy_obj) -> list[str]:
    """The reasons of one match, in zh-Hant, most telling first."""
    from django.utils.translation import gettext as _

    from labor.employment.models import Education, Hours

    reasons = []
    if ex.occupation >= 1.0:
        reasons.append(_("職業相符"))
    elif ex.occupation > 0:
        group = occupations.group_name(vacancy.occupation, ex.occupation, weights)
        reasons.append(_("職業相近：%(group)s") % {"group": group} if group else _("職業相近"))
    if ex.title > 0:
        reasons.append(_("職稱相符") if ex.title >= 0.999 else _("職稱相近"))
    elif ex.description > 0:
        reasons.append(_("工作內容相關"))
    district = getattr(vacancy_obj.district, "name", "") if vacancy_obj.district_id else ""
    if seeker.districts and district:
        if ex.district >= 1.0:
            reasons.append(_("希望地區：%(district)s") % {"district": district})
        elif ex.district > 0:
            reasons.append(_("鄰近地區：%(district)s") % {"district": district})
        else:
            reasons.append(_("不在希望地區：%(district)s") % {"district": district})
    if seeker.expected_wage:
        offered = rules.offered_wage(vacancy.wage_min, vacancy.wage_max, vacancy.wage_kind)
        if offered > seeker.expected_wage:
            reasons.append(_("薪資高於期望"))
        elif offered == seeker.expected_wage:
            reasons.append(_("薪資符合期望"))
        else:
            reasons.append(_("薪資低於期望"))
    if seeker.hours != rules.EITHER:
        reasons.append(_("工時相符：%(hours)s") % {"hours": Hours(seeker.hours).label})
    if vacancy.shifts:
        reasons.append(_("需輪班，可配合") if ex.shifts >= 1.0
                       else _("需輪班，求職人未表示可輪班"))
    if ex.education < 1.0:
        reasons.append(_("學歷未達要求：%(level)s")
                       % {"level": Education(vacancy.education_min).label})
    if ex.experience < 1.0:
        reasons.append(_("經驗未達要求：%(years)d年") % {"years": vacancy.experience_min_years})
    for language in rules.licences_missing(list(vacancy.languages), seeker.languages):
        reasons.append(_("缺少語言：%(language)s") % {"language": language})
    missing = rules.licences_missing(list(vacancy.licences_required), seeker.licences)
    for licence in vacancy.licences_required:
        if licence in missing:
            reasons.append(_("缺少證照：%(licence)s") % {"licence": licence})
        else:
            reasons.append(_("具備證照：%(licence)s") % {"licence": licence})
    return reasons
