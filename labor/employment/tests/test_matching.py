"""Matching seekers and vacancies: hard filters, soft scores with reasons, stable order, the
index against brute force and against the rules' own score."""

import datetime as dt
import random

import numpy as np
import pytest

from labor.employment import matching, rules
from labor.employment.matching import (
    Districts,
    Occupations,
    SeekerIndex,
    SeekerRow,
    VacancyIndex,
    VacancyRow,
    seekers_for,
    vacancies_for,
)
from labor.employment.models import JobSeeker, Occupation, Vacancy
from tests import conftest as shared

establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

ON = dt.date(2024, 3, 15)


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.EMPLOYMENT_MATCHING_RECHECK_SECONDS = 0
    matching.invalidate()


@pytest.fixture
def vacancy(db, establishment_factory):
    employer = establishment_factory("好工作股份有限公司")

    def make(title="會計助理", *, occupation="431", district="daan", **fields) -> Vacancy:
        values = {"persons_wanted": 1, "wage_min": 32000, "posted_on": ON - dt.timedelta(days=10),
                  "valid_until": ON + dt.timedelta(days=50), "status": "open",
                  "channel": "counter", "description": ""}
        values.update(fields)
        return Vacancy.objects.create(
            establishment=employer, title=title, district=shared.district(district),
            occupation=Occupation.objects.get(code=occupation) if occupation else None,
            **values)

    return make


@pytest.fixture
def seeker(db, person_factory):
    def make(title="", *, occupations=("431",), districts=("daan",), **fields) -> JobSeeker:
        values = {"registered_on": ON - dt.timedelta(days=30), "channel": "counter"}
        values.update(fields)
        s = JobSeeker.objects.create(person=person_factory(), desired_title=title, **values)
        s.desired_occupations.set(Occupation.objects.filter(code__in=occupations))
        s.desired_districts.set([shared.district(code) for code in districts])
        return s

    return make


def titles(matches):
    return [m.vacancy.title for m in matches]


# --- vacancies for a seeker -------------------------------------------------------------------


def test_the_seekers_occupation_title_and_district_come_first_with_their_reasons(vacancy, seeker):
    vacancy("門市人員", occupation="522")
    vacancy("會計人員", district="beitou")
    best = vacancy("會計助理")
    s = seeker("會計", expected_wage=30000)

    found = vacancies_for(s, on=ON)

    assert found[0].vacancy == best
    assert titles(found) == ["會計助理", "會計人員", "門市人員"]
    assert {"職業相符", "職稱相符", "希望地區：大安區", "薪資高於期望"} <= set(found[0].reasons)
    assert "不在希望地區：北投區" in found[1].reasons
    assert found[0].score > found[1].score > found[2].score
    assert all(0 <= m.score <= 100 for m in found)


def test_kuai_ji_finds_the_accounting_assistant_and_tai_is_one_character(vacancy, seeker):
    vacancy("臺北櫃檯人員", occupation="422", description="訪客接待")
    vacancy("作業員", occupation="932")
    s = seeker("櫃台接待", occupations=())

    found = vacancies_for(s, on=ON)

    assert found[0].vacancy.title == "臺北櫃檯人員"
    assert "職稱相近" in found[0].reasons


def test_an_expired_or_unopened_vacancy_is_never_offered(vacancy, seeker):
    vacancy("會計助理（過期）", valid_until=ON - dt.timedelta(days=1))
    vacancy("會計助理（未來）", posted_on=ON + dt.timedelta(days=1),
            valid_until=ON + dt.timedelta(days=30))
    vacancy("會計助理（待審核）", status="pending")
    vacancy("會計助理（已補足）", status="filled")
    open_one = vacancy("會計助理")

    found = vacancies_for(seeker("會計"), on=ON)

    assert [m.vacancy for m in found] == [open_one]


def test_full_time_and_part_time_exclude_each_other(vacancy, seeker):
    vacancy("會計助理（全職）", hours="full_time")
    either = vacancy("會計助理（皆可）", hours="either")
    part = vacancy("會計助理（兼職）", hours="part_time", wage_kind="hourly", wage_min=200)

    part_timer = seeker("會計", hours="part_time")
    full_timer = seeker("會計", hours="full_time")

    assert {m.vacancy for m in vacancies_for(part_timer, on=ON)} == {either, part}
    assert "會計助理（兼職）" not in titles(vacancies_for(full_timer, on=ON))
    assert "工時相符：部分工時" in vacancies_for(part_timer, on=ON)[0].reasons


def test_a_required_licence_filters_unless_staff_ask_for_near_misses(vacancy, seeker):
    forklift = vacancy("堆高機操作員", occupation="834", licences_required=["堆高機"])
    vacancy("倉儲作業員", occupation="933")
    without = seeker("堆高機", occupations=("834",))
    holder = seeker("堆高機", occupations=("834",), licences=["堆高機操作人員"])

    assert forklift not in [m.vacancy for m in vacancies_for(without, on=ON)]
    near = vacancies_for(without, on=ON, near_misses=True)
    match = next(m for m in near if m.vacancy == forklift)
    assert "缺少證照：堆高機" in match.reasons

    held = vacancies_for(holder, on=ON)
    assert held[0].vacancy == forklift
    assert "具備證照：堆高機" in held[0].reasons


def test_soft_requirements_cost_points_and_say_so(vacancy, seeker):
    demanding = vacancy("會計助理", education_min="4_bachelor", experience_min_years=3,
                        languages=["英文"], shifts=True)
    easy = vacancy("會計助理")
    s = seeker("會計", education="2_senior_high", experience_years=1)

    found = vacancies_for(s, on=ON)

    assert [m.vacancy for m in found] == [easy, demanding]
    reasons = found[1].reasons
    assert "學歷未達要求：大學" in reasons
    assert "經驗未達要求：3年" in reasons
    assert "缺少語言：英文" in reasons
    assert "需輪班，求職人未表示可輪班" in reasons


def test_wage_against_expectation(vacancy, seeker):
    vacancy("會計助理（高薪）", wage_min=40000)
    vacancy("會計助理（低薪）", wage_min=27470)
    found = vacancies_for(seeker("會計", expected_wage=33000), on=ON)
    assert titles(found) == ["會計助理（高薪）", "會計助理（低薪）"]
    assert "薪資高於期望" in found[0].reasons
    assert "薪資低於期望" in found[1].reasons


def test_neighbouring_district_and_same_occupation_group(vacancy, seeker):
    vacancy("出納", occupation="421", district="xinyi")  # same major group 4, another group
    vacancy("倉管人員", occupation="432", district="xinyi")  # same sub-major group 43
    found = vacancies_for(seeker("", districts=("daan",)), on=ON)
    assert titles(found) == ["倉管人員", "出納"]
    assert "職業相近：數字及材料記錄事務人員" in found[0].reasons
    assert "職業相近：事務支援人員" in found[1].reasons
    assert "鄰近地區：信義區" in found[0].reasons


def test_ties_keep_the_newer_vacancy_first_and_the_order_is_stable(vacancy, seeker):
    older = vacancy("會計助理")
    newer = vacancy("會計助理")
    s = seeker("會計")
    first = vacancies_for(s, on=ON)
    assert [m.vacancy for m in first] == [newer, older]
    assert first[0].score == first[1].score
    assert [m.vacancy for m in vacancies_for(s, on=ON)] == [newer, older]


def test_limit_and_a_new_vacancy_is_seen_at_once(vacancy, seeker):
    for i in range(5):
        vacancy(f"會計助理{i}")
    s = seeker("會計")
    assert len(vacancies_for(s, on=ON, limit=3)) == 3
    added = vacancy("資深會計助理", wage_min=60000)
    assert vacancies_for(s, on=ON, limit=3)[0].vacancy == added


def test_a_vacancy_closed_since_the_index_was_built_is_dropped(vacancy, seeker, settings):
    settings.EMPLOYMENT_MATCHING_RECHECK_SECONDS = 3600
    gone = vacancy("會計助理")
    s = seeker("會計")
    assert [m.vacancy for m in vacancies_for(s, on=ON)] == [gone]
    Vacancy.objects.filter(pk=gone.pk).update(status="closed")  # no signal, no new stamp yet
    assert vacancies_for(s, on=ON) == []


def test_a_seeker_with_nothing_stated_still_gets_open_vacancies(vacancy, seeker):
    vacancy("清潔人員", occupation="911")
    found = vacancies_for(seeker("", occupations=(), districts=()), on=ON)
    assert titles(found) == ["清潔人員"]
    assert found[0].reasons == []


# --- seekers for a vacancy ----------------------------------------------------------------------


def test_seekers_for_a_vacancy_ranked_with_reasons(vacancy, seeker):
    v = vacancy("會計助理", hours="full_time")
    best = seeker("會計助理")
    other = seeker("門市人員", occupations=("522",), districts=("beitou",))
    seeker("會計", hours="part_time")  # part time only: filtered
    seeker("會計", status="closed", closed_on=ON)  # registration closed: not offered

    found = seekers_for(v, on=ON)

    assert [m.seeker for m in found] == [best, other]
    assert {"職業相符", "職稱相符", "希望地區：大安區"} <= set(found[0].reasons)


def test_no_seekers_for_an_expired_vacancy(vacancy, seeker):
    seeker("會計")
    v = vacancy("會計助理", valid_until=ON - dt.timedelta(days=1))
    assert seekers_for(v, on=ON) == []


def test_seekers_for_needs_the_licence_unless_near_misses(vacancy, seeker):
    v = vacancy("堆高機操作員", occupation="834", licences_required=["堆高機"])
    holder = seeker("", occupations=("834",), licences=["堆高機操作人員"])
    lacking = seeker("", occupations=("834",))
    assert [m.seeker for m in seekers_for(v, on=ON)] == [holder]
    near = seekers_for(v, on=ON, near_misses=True)
    assert [m.seeker for m in near] == [holder, lacking]
    assert "缺少證照：堆高機" in near[1].reasons


def test_a_pair_scores_the_same_from_either_side(vacancy, seeker):
    v = vacancy("會計助理", description="處理帳務，熟悉Excel", district="xinyi", wage_min=35000,
                shifts=True, education_min="3_associate")
    s = seeker("會計", skills="Excel、記帳", expected_wage=33000, education="4_bachelor")
    from_seeker = vacancies_for(s, on=ON)[0]
    from_vacancy = seekers_for(v, on=ON)[0]
    assert from_seeker.score == from_vacancy.score
    assert from_seeker.reasons == from_vacancy.reasons


# --- the index against brute force and against the rules ---------------------------------------

OCCUPATION_ROWS = [("4", "事務支援人員", None), ("43", "數字及材料記錄事務人員", "4"),
                   ("431", "數字記錄事務人員", "43"), ("432", "材料記錄及運輸事務人員", "43"),
                   ("41", "一般及文書事務人員", "4"), ("411", "一般事務人員", "41"),
                   ("5", "服務及銷售工作人員", None), ("52", "銷售工作人員", "5"),
                   ("522", "商店銷售人員", "52")]
DISTRICT_CODES = ["songshan", "xinyi", "daan", "zhongshan", "beitou"]
TITLES = ["會計助理", "會計", "臺北會計人員", "行政助理", "門市人員", "倉管人員", "門市店員",
          "Excel文書", "出納會計"]


def random_rows(rnd: random.Random, n_vacancies: int, n_seekers: int):
    codes = [c for c, _, _ in OCCUPATION_ROWS]
    vacancies = [VacancyRow(
        id=i + 1, title=rnd.choice(TITLES) + rnd.choice(["", "（兼職）", "台北"]),
        description=rnd.choice(["", "處理帳務", "門市銷售及收銀", "Excel 文書處理"]),
        occupation=rnd.choice([*codes, None]), district=rnd.choice(DISTRICT_CODES),
        hours=rnd.choice(["full_time", "part_time", "either"]), shifts=rnd.random() < 0.3,
        wage_kind=rnd.choice(["monthly", "monthly", "hourly"]),
        wage_min=rnd.randrange(27470, 40000), wage_max=rnd.choice([None, 45000]),
        education_min=rnd.choice(rules.EDUCATION_ORDER[:5]),
        experience_min_years=rnd.choice([0, 0, 1, 3]),
        licences_required=rnd.choice([[], [], ["堆高機"]]), languages=rnd.choice([[], ["英文"]]),
        posted_on=ON - dt.timedelta(days=rnd.randrange(0, 60)),
        valid_until=ON + dt.timedelta(days=rnd.randrange(-5, 60)),
    ) for i in range(n_vacancies)]
    seekers = [SeekerRow(
        id=i + 1, desired_title=rnd.choice(["", *TITLES]), skills=rnd.choice(["", "Excel"]),
        occupations=rnd.sample(codes, rnd.randrange(0, 3)),
        districts=rnd.sample(DISTRICT_CODES, rnd.randrange(0, 3)),
        expected_wage=rnd.choice([None, 30000, 36000]),
        hours=rnd.choice(["full_time", "part_time", "either"]), shifts_ok=rnd.random() < 0.5,
        education=rnd.choice(rules.EDUCATION_ORDER), experience_years=rnd.randrange(0, 5),
        licences=rnd.choice([[], ["堆高機操作人員"]]), languages=rnd.choice([[], ["英文"]]),
        registered_on=ON - dt.timedelta(days=1),
    ) for i in range(n_seekers)]
    return vacancies, seekers


def rules_score(v: VacancyRow, s: SeekerRow, index: VacancyIndex, weights=rules.DEFAULT_WEIGHTS):
    """The score of a pair by the rules' scalar functions alone."""
    occupations = index.occupations
    path = occupations.paths[occupations.index[v.occupation]] if v.occupation else ()
    desired = [occupations.paths[occupations.index[c]] for c in s.occupations]
    seeker_tokens = index.seeker_tokens(s.desired_title, s.skills)
    from labor.employment.text import token_set

    parts = rules.Parts(
        occupation=rules.occupation_part(path, desired, weights),
        text=rules.text_part(seeker_tokens, token_set(v.title), token_set(v.description)),
        district=rules.district_part(v.district, s.districts, weights),
        wage=rules.wage_part(rules.offered_wage(v.wage_min, v.wage_max, v.wage_kind),
                             s.expected_wage, weights),
        shifts=rules.shifts_part(v.shifts, s.shifts_ok),
        education=float(rules.education_meets(s.education, v.education_min)),
        experience=rules.experience_part(s.experience_years, v.experience_min_years),
        languages=float(not rules.licences_missing(list(v.languages), s.languages)),
        licences=float(not rules.licences_missing(list(v.licences_required), s.licences)),
        weights=weights,
    )
    return parts.score()


def eligible(v: VacancyRow, s: SeekerRow, near_misses=False) -> bool:
    return (v.posted_on <= ON <= v.valid_until and rules.hours_compatible(s.hours, v.hours)
            and (near_misses or not rules.licences_missing(list(v.licences_required),
                                                           s.licences)))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("near_misses", [False, True])
def test_the_index_ranks_exactly_as_brute_force_and_as_the_rules_score(seed, near_misses):
    rnd = random.Random(seed)
    vacancies, seekers = random_rows(rnd, 3000, 60)
    index = VacancyIndex(vacancies, Occupations(OCCUPATION_ROWS), Districts(DISTRICT_CODES))
    weights = rules.NEAR_MISS_WEIGHTS if near_misses else rules.DEFAULT_WEIGHTS
    for s in seekers:
        q = index.encode(s, near_misses=near_misses)
        rows, scores = index.top(q, 20, ON.toordinal())
        exact_rows, exact_scores = index.brute_force(q, 20, ON.toordinal())
        assert np.array_equal(rows, exact_rows)
        assert np.array_equal(scores, exact_scores)
        # the same numbers as the rules' scalar functions, over every eligible vacancy
        expected = sorted((-rules_score(v, s, index, weights), -v.id) for v in vacancies
                          if eligible(v, s, near_misses))[:20]
        assert [int(index.ids[r]) for r in rows] == [-i for _, i in expected]
        assert scores == pytest.approx([-sc for sc, _ in expected], abs=1e-9)


def test_the_seeker_index_scores_as_the_vacancy_index():
    rnd = random.Random(7)
    vacancies, seekers = random_rows(rnd, 200, 300)
    index = VacancyIndex(vacancies, Occupations(OCCUPATION_ROWS), Districts(DISTRICT_CODES))
    others = SeekerIndex(seekers, index)
    for v in vacancies[:40]:
        if not v.posted_on <= ON <= v.valid_until:
            continue
        positions, scores, _ = others.top(v, 10, ON.toordinal())
        for position, score in zip(positions, scores, strict=True):
            s = next(x for x in seekers if x.id == others.ids[position])
            assert score == pytest.approx(rules_score(v, s, index), abs=1e-9)
            assert eligible(v, s)
