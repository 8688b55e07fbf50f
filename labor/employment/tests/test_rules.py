"""Rules of employment services: the minimum wage, hard requirements and the score's parts."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from labor.employment import rules
from labor.employment.rules import (
    DEFAULT_WEIGHTS,
    TAIPEI_NEIGHBOURS,
    district_part,
    education_meets,
    education_rank,
    experience_part,
    hours_compatible,
    licence_held,
    licences_missing,
    monthly_equivalent,
    occupation_part,
    offered_wage,
    text_part,
    wage_below_minimum,
    wage_part,
)

MIN_2023 = (26400, 176)
MIN_2024 = (27470, 183)


def test_rules_import_nothing_of_django():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.startswith("django")]


@pytest.mark.parametrize(("amount", "below"), [(26399, True), (26400, False), (26401, False)])
def test_monthly_wage_against_the_2023_minimum(amount, below):
    assert wage_below_minimum(amount, "monthly", *MIN_2023) is below


@pytest.mark.parametrize(("amount", "below"), [(175, True), (176, False), (177, False)])
def test_hourly_wage_against_the_2023_minimum(amount, below):
    assert wage_below_minimum(amount, "hourly", *MIN_2023) is below


@pytest.mark.parametrize(("amount", "kind", "below"), [
    (27469, "monthly", True), (27470, "monthly", False),
    (182, "hourly", True), (183, "hourly", False),
    # lawful in 2023, below the minimum from 2024 on
    (26400, "monthly", True), (176, "hourly", True),
])
def test_wages_against_the_2024_minimum(amount, kind, below):
    assert wage_below_minimum(amount, kind, *MIN_2024) is below


def test_minimum_wage_takes_decimals_and_refuses_an_unknown_kind():
    assert wage_below_minimum(Decimal("182.99"), "hourly", Decimal(27470), Decimal(183))
    with pytest.raises(ValueError):
        wage_below_minimum(30000, "daily", *MIN_2024)


def test_an_hourly_wage_compares_with_a_monthly_one_at_the_minimums_ratio():
    assert monthly_equivalent(176, "hourly") == 26400
    assert offered_wage(30000, 40000, "monthly") == 35000
    assert offered_wage(30000, None, "monthly") == 30000


@pytest.mark.parametrize(("seeker", "vacancy", "ok"), [
    ("full_time", "full_time", True), ("part_time", "part_time", True),
    ("full_time", "part_time", False), ("part_time", "full_time", False),
    ("either", "full_time", True), ("part_time", "either", True),
])
def test_full_time_and_part_time_exclude_each_other(seeker, vacancy, ok):
    assert hours_compatible(seeker, vacancy) is ok


def test_education_in_order():
    assert education_rank("0_none") == 0 and education_rank("6_doctor") == 6
    assert education_meets("4_bachelor", "3_associate")
    assert education_meets("4_bachelor", "4_bachelor")
    assert not education_meets("2_senior_high", "4_bachelor")
    with pytest.raises(ValueError):
        education_rank("phd")


def test_a_more_specific_licence_covers_the_one_asked_for():
    assert licence_held("堆高機", ["堆高機操作人員"])
    assert licence_held("普通小型車駕照", ["ＰＣ", "普通小型車駕照"])
    assert not licence_held("堆高機", ["固定式起重機"])
    assert licences_missing(["堆高機", "職業大貨車駕照"], ["堆高機操作人員"]) == ["職業大貨車駕照"]
    assert licences_missing([], ["堆高機"]) == []


def test_neighbouring_districts_are_symmetric_and_known():
    for code, nbrs in TAIPEI_NEIGHBOURS.items():
        assert code not in nbrs
        for other in nbrs:
            assert code in TAIPEI_NEIGHBOURS[other], (code, other)
    assert len(TAIPEI_NEIGHBOURS) == 12


def test_district_part():
    assert district_part("daan", ["daan"]) == 1.0
    assert district_part("xinyi", ["daan"]) == DEFAULT_WEIGHTS.district_neighbour
    assert district_part("beitou", ["daan"]) == 0.0
    assert district_part("beitou", []) == DEFAULT_WEIGHTS.district_any


def test_occupation_part_by_level():
    accounting = ("4", "43", "431")
    assert occupation_part(accounting, [("4", "43", "431")]) == 1.0
    assert occupation_part(accounting, [("4",)]) == 1.0  # a desired major group covers all under it
    assert occupation_part(("4", "43", "432"), [accounting]) == DEFAULT_WEIGHTS.occupation_sub_major
    assert occupation_part(("4", "41", "411"), [accounting]) == DEFAULT_WEIGHTS.occupation_major
    assert occupation_part(("5", "52", "522"), [accounting]) == 0.0
    assert occupation_part((), [accounting]) == 0.0
    assert occupation_part(accounting, []) == 0.0


def test_wage_part():
    assert wage_part(30000, None) == DEFAULT_WEIGHTS.wage_unknown
    assert wage_part(30000, 30000) == pytest.approx(0.6)
    assert wage_part(21000, 30000) == 0.0
    assert wage_part(36000, 30000) == pytest.approx(1.0)
    assert wage_part(50000, 30000) == 1.0


def test_text_part_counts_titles_twice_as_much_as_descriptions():
    seeker = {"會計": 1.0}
    assert text_part(seeker, ["會計", "計助", "助理"], []) == pytest.approx(2 / 3)
    assert text_part(seeker, ["會計"], ["會計"]) == pytest.approx(1.0)
    assert text_part(seeker, [], []) == 0.0
    assert text_part({}, ["會計"], ["會計"]) == 0.0


def test_experience_part():
    assert experience_part(0, 0) == 1.0
    assert experience_part(1, 2) == 0.5
    assert experience_part(5, 2) == 1.0


def test_weights_add_up_to_a_hundred():
    assert DEFAULT_WEIGHTS.maximum() == 100
