"""The pure rules of inspections, notifications and early warnings (no database)."""

import ast
import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labor.inspections import rules
from labor.inspections.rules import FineBand, SiteGrade

D = dt.date


def codes(problems):
    return [p.code for p in problems]


# --- rates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("supervised", "notified", "rate"), [
    (2, 1, Decimal("200.0")),  # lightweight roof
    (137, 177, Decimal("77.4")),  # scaffolding
    (27, 507, Decimal("5.3")),  # gondola and rope access
])
def test_execution_rate_reproduces_the_seed(supervised, notified, rate):
    assert rules.execution_rate(supervised, notified) == rate
    assert str(rules.execution_rate(supervised, notified)) == str(rate)


def test_execution_rate_undefined_without_notifications():
    assert rules.execution_rate(0, 0) is None
    assert rules.execution_rate(3, 0) is None
    assert rules.execution_rate(0, 5) == Decimal("0.0")


def test_rates_round_half_up_exactly():
    assert rules.execution_rate(1, 2000) == Decimal("0.1")  # 0.05 -> 0.1
    assert rules.execution_rate(1, 2001) == Decimal("0.0")
    assert rules.staffing_rate(1, 20000) == Decimal("0.01")  # 0.005 -> 0.01
    assert rules.staffing_rate(1, 3) == Decimal("33.33")
    assert rules.staffing_rate(2, 3) == Decimal("66.67")


@pytest.mark.parametrize(("staffed", "required", "rate"), [
    (576, 751, Decimal("76.70")),
    (363, 476, Decimal("76.26")),
    (893, 1265, Decimal("70.59")),
    (237, 279, Decimal("84.95")),
])
def test_staffing_rate_reproduces_the_seed(staffed, required, rate):
    assert str(rules.staffing_rate(staffed, required)) == str(rate)


def test_rates_refuse_bad_counts():
    with pytest.raises(ValueError):
        rules.execution_rate(-1, 5)
    with pytest.raises(TypeError):
        rules.staffing_rate(1.0, 5)
    assert rules.staffing_rate(0, 0) is None


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_rate_is_the_nearest_tenth_half_up(supervised, notified):
    rate = rules.execution_rate(supervised, notified)
    exact = Fraction(100 * supervised, notified)
    assert rate.as_tuple().exponent == -1
    diff = exact - Fraction(rate)
    # Half up: an exact half goes up, so the rate is at most 0.05 above and less than 0.05
    # below the exact value.
    assert Fraction(-1, 20) <= diff < Fraction(1, 20)


def test_a_true_half_rounds_up():
    assert rules.execution_rate(1, 2000) == Decimal("0.1")  # 0.05 exactly
    assert rules.execution_rate(1, 2001) == Decimal("0.0")


# --- fines ------------------------------------------------------------------------------------


def test_fine_bands_are_domain_values():
    assert rules.fine_band("79-1") == FineBand(20_000, 1_000_000)
    assert rules.fine_band("79-2") == FineBand(90_000, 450_000)
    assert rules.fine_band("79-3") == FineBand(20_000, 300_000)
    assert rules.fine_band("78") == FineBand(300_000, 1_500_000)
    assert set(rules.FINE_BASIS) == set(rules.DOMAIN_FINE_BANDS)


def test_fine_band_from_passed_mapping_and_unknown_article():
    assert rules.fine_band("79-1", {"79-1": FineBand(1, 2)}) == FineBand(1, 2)
    with pytest.raises(ValueError):
        rules.fine_band("80")
    with pytest.raises(ValueError):
        FineBand(10, 5)


@pytest.mark.parametrize("article", ["79-1", "79-2", "79-3", "78"])
def test_fines_at_and_around_band_edges(article):
    band = rules.fine_band(article)
    raisable = article in rules.RAISABLE_ARTICLES
    cap = band.maximum * 3 // 2

    def check(amount):
        return codes(rules.validate_fine(amount, band, raise_allowed=raisable))

    assert check(band.minimum) == []
    assert check(band.minimum - 1) == [rules.FINE_BELOW_MINIMUM]
    assert check(band.maximum) == []
    if raisable:
        assert check(band.maximum + 1) == []
        assert check(cap) == []
        assert check(cap + 1) == [rules.FINE_ABOVE_RAISED_CAP]
    else:
        assert check(band.maximum + 1) == [rules.FINE_ABOVE_MAXIMUM]


def test_raised_cap_is_one_and_a_half_times_the_maximum():
    band = rules.fine_band("79-1")
    assert rules.validate_fine(1_500_000, band) == []
    [problem] = rules.validate_fine(1_500_001, band)
    assert problem == rules.FineProblem(rules.FINE_ABOVE_RAISED_CAP, Decimal("1500000.0"))
    assert problem.limit == 1_500_000
    assert codes(rules.validate_fine(1_000_001, band, raise_allowed=False)) == [
        rules.FINE_ABOVE_MAXIMUM]
    assert codes(rules.validate_fine(1_200_001, band, raise_share="0.2")) == [
        rules.FINE_ABOVE_RAISED_CAP]


def test_fine_must_be_whole_dollars_and_not_float():
    band = rules.fine_band("79-3")
    assert codes(rules.validate_fine(Decimal("20000.5"), band)) == [rules.FINE_NOT_WHOLE]
    assert rules.validate_fine(Decimal("20000.00"), band) == []
    assert codes(rules.validate_fine(Decimal("19999.5"), band)) == [
        rules.FINE_NOT_WHOLE, rules.FINE_BELOW_MINIMUM]
    with pytest.raises(TypeError):
        rules.validate_fine(20000.0, band)
    with pytest.raises(TypeError):
        rules.validate_fine(True, band)
    assert codes(rules.validate_fine(0, band)) == [rules.FINE_BELOW_MINIMUM]


@given(st.sampled_from(sorted(rules.DOMAIN_FINE_BANDS)), st.integers(-10**7, 10**7),
       st.booleans())
def test_fine_valid_exactly_inside_the_allowed_range(article, amount, raisable):
    band = rules.fine_band(article)
    top = band.maximum * 3 // 2 if raisable else band.maximum
    valid = rules.validate_fine(amount, band, raise_allowed=raisable) == []
    assert valid == (band.minimum <= amount <= top)


def test_fine_factors_are_shown_not_computed():
    factors = rules.fine_factors(severity=" 未給付加班費 ", workers_affected=12, repeat_count=2,
                                 good_faith=True)
    assert factors.severity == "未給付加班費"
    assert [row[0] for row in factors.rows()] == [
        "severity", "workers_affected", "repeat_count", "good_faith"]
    assert dict((k, v) for k, _label, v in factors.rows())["repeat_count"] == 2
    with pytest.raises(ValueError):
        rules.fine_factors(severity="x", workers_affected=-1, repeat_count=0)
    with pytest.raises(ValueError):
        rules.fine_factors(severity=" ", workers_affected=1, repeat_count=0)
    assert not hasattr(rules, "repeat_offence_multiplier")


# --- construction sites -----------------------------------------------------------------------


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2023, 3, 31), 1, D(2023, 4, 30)),
    (D(2023, 11, 30), 2, D(2024, 1, 30)),
    (D(2023, 12, 31), 1, D(2024, 1, 31)),
    (D(2023, 10, 31), 4, D(2024, 2, 29)),
    (D(2023, 6, 15), 0, D(2023, 6, 15)),
])
def test_add_months_is_end_of_month_safe(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_next_inspection_due_by_grade():
    last = D(2023, 1, 31)
    assert rules.next_inspection_due(last, SiteGrade.HIGH) == D(2023, 2, 28)
    assert rules.next_inspection_due(last, "medium") == D(2023, 3, 31)
    assert rules.next_inspection_due(last, SiteGrade.GENERAL) == D(2023, 5, 31)
    assert rules.next_inspection_due(last, "high", {SiteGrade.HIGH: 3}) == D(2023, 4, 30)
    with pytest.raises(ValueError):
        rules.next_inspection_due(last, "extreme")


def test_windows_anchor_on_the_start_without_drift():
    windows = rules.inspection_windows(D(2023, 1, 31), D(2023, 5, 10), "high")
    assert windows == [
        (D(2023, 1, 31), D(2023, 2, 27)),
        (D(2023, 2, 28), D(2023, 3, 30)),
        (D(2023, 3, 31), D(2023, 4, 29)),
        (D(2023, 4, 30), D(2023, 5, 10)),
    ]
    assert rules.inspection_windows(D(2023, 1, 1), D(2023, 1, 1), "general") == [
        (D(2023, 1, 1), D(2023, 1, 1))]
    with pytest.raises(ValueError):
        rules.inspection_windows(D(2023, 2, 1), D(2023, 1, 1), "high")


def test_overdue_list():
    start, end = D(2023, 1, 1), D(2023, 12, 31)
    # medium: windows Jan-Feb, Mar-Apr, May-Jun, Jul-Aug, ...
    inspected = [D(2023, 2, 10), D(2023, 5, 1)]
    assert rules.inspections_due(start, end, "medium", inspected, D(2023, 8, 15)) == [
        D(2023, 4, 30)]
    # the window due today is still open; the day after, it is overdue
    assert rules.inspections_due(start, end, "medium", inspected, D(2023, 8, 31)) == [
        D(2023, 4, 30)]
    assert rules.inspections_due(start, end, "medium", inspected, D(2023, 9, 1)) == [
        D(2023, 4, 30), D(2023, 8, 31)]
    # after the site ended, nothing more falls due
    assert rules.inspections_due(start, D(2023, 3, 15), "medium", [D(2023, 1, 5)],
                                 D(2024, 6, 1)) == [D(2023, 3, 15)]
    # general: every 4 months, nothing done
    assert rules.inspections_due(start, end, "general", [], D(2024, 1, 1)) == [
        D(2023, 4, 30), D(2023, 8, 31), D(2023, 12, 31)]
    assert rules.inspections_due(start, end, "high", [], D(2023, 1, 31)) == []


def test_inspection_before_the_site_existed_is_refused():
    with pytest.raises(ValueError):
        rules.inspections_due(D(2023, 3, 1), D(2023, 12, 31), "high", [D(2023, 2, 28)],
                              D(2023, 6, 1))


@given(st.dates(D(2000, 1, 1), D(2090, 1, 1)), st.integers(0, 400),
       st.sampled_from(list(SiteGrade)), st.integers(0, 900))
def test_windows_tile_the_construction_period(start, length, grade, offset):
    end = start + dt.timedelta(days=length)
    windows = rules.inspection_windows(start, end, grade)
    assert windows[0][0] == start
    assert windows[-1][1] == end
    for (_b1, e1), (b2, _e2) in itertools.pairwise(windows):
        assert b2 == e1 + dt.timedelta(days=1)
    # one inspection in each window clears the overdue list
    today = start + dt.timedelta(days=offset)
    assert rules.inspections_due(start, end, grade, [b for b, _ in windows], today) == []


# --- alcohol ----------------------------------------------------------------------------------


def test_alcohol_referral():
    assert rules.alcohol_referral(Decimal("0.15"), True)
    assert rules.alcohol_referral(0.15, True)
    assert rules.alcohol_referral("0.30", True)
    assert not rules.alcohol_referral(Decimal("0.149"), True)
    assert not rules.alcohol_referral(Decimal("0.50"), False)
    assert rules.alcohol_referral("0.10", True, limit="0.10")
    with pytest.raises(ValueError):
        rules.alcohol_referral(-0.01, True)


# --- notifications ----------------------------------------------------------------------------


def test_notification_period():
    assert rules.notification_period_ok(D(2023, 3, 1), D(2023, 3, 1))
    assert rules.notification_period_ok(D(2023, 3, 1), D(2023, 4, 1))
    assert not rules.notification_period_ok(D(2023, 3, 2), D(2023, 3, 1))


# --- mass layoffs -----------------------------------------------------------------------------


@pytest.mark.parametrize(("headcount", "laid_off", "one_day", "expected"), [
    # < 30: more than 10
    (29, 10, 10, False), (29, 11, 1, True), (10, 10, 10, False),
    # 30-199: more than 1/3, or more than 20 in a day
    (30, 10, 1, False), (30, 11, 1, True),
    (199, 66, 20, False), (199, 67, 1, True), (199, 21, 21, True),
    # 200-499: more than 1/4, or more than 50 in a day
    (200, 50, 50, False), (200, 51, 1, True), (200, 51, 0, True), (200, 40, 40, False),
    (499, 124, 50, False), (499, 125, 1, True), (499, 51, 51, True),
    # >= 500: more than 1/5, or more than 80 in a day
    (500, 100, 80, False), (500, 101, 1, True), (500, 81, 81, True),
    (1000, 200, 80, False), (1000, 201, 0, True),
])
def test_mass_layoff_thresholds_at_each_boundary(headcount, laid_off, one_day, expected):
    assert rules.mass_layoff(headcount, laid_off, one_day) is expected


def test_band_changes_at_the_boundaries():
    # 21 in one day counts at 30 workers but not at 29 (where only > 10 in 60 days counts)
    assert rules.mass_layoff(30, 21, 21)
    assert rules.mass_layoff(29, 21, 21)
    # 60 of 199 is not > 1/3; 60 of 200 is > 1/4
    assert not rules.mass_layoff(199, 60, 5)
    assert rules.mass_layoff(200, 60, 5)
    # 110 of 499 is not > 1/4, of 500 it is > 1/5
    assert not rules.mass_layoff(499, 110, 5)
    assert rules.mass_layoff(500, 110, 5)


def test_mass_layoff_whole_business():
    assert not rules.mass_layoff(5000, 200, 100, whole_business=True)
    assert rules.mass_layoff(5000, 201, 1, whole_business=True)
    assert rules.mass_layoff(5000, 101, 101, whole_business=True)


def test_mass_layoff_refuses_inconsistent_counts():
    with pytest.raises(ValueError):
        rules.mass_layoff(100, 5, 6)
    with pytest.raises(ValueError):
        rules.mass_layoff(-1, 0, 0)


@given(st.integers(0, 5000), st.integers(0, 5000), st.data())
def test_mass_layoff_is_monotone_in_layoffs(headcount, laid_off, data):
    one_day = data.draw(st.integers(0, laid_off))
    if rules.mass_layoff(headcount, laid_off, one_day):
        assert rules.mass_layoff(headcount, laid_off + 1, one_day)


def test_early_warning():
    assert not rules.early_warning_applies(29)
    assert rules.early_warning_applies(30)
    calls = []

    def fake_period_end(start, days, *, calendar=None):
        calls.append((start, days, calendar))
        return start + dt.timedelta(days=days)

    cal = object()
    assert rules.early_warning_visit_due(D(2023, 6, 1), period_end=fake_period_end,
                                         calendar=cal) == D(2023, 6, 8)
    assert calls == [(D(2023, 6, 1), 7, cal)]


def test_early_warning_with_the_real_period_counter():
    from labor.core.deadlines import WeekendCalendar, period_end

    # Thursday 2023-06-01 + 7 days = Thursday 2023-06-08
    assert rules.early_warning_visit_due(D(2023, 6, 1), period_end=period_end,
                                         calendar=WeekendCalendar()) == D(2023, 6, 8)
    # Saturday 2023-06-03 + 7 days = Saturday 06-10 -> Monday 06-12
    assert rules.early_warning_visit_due(D(2023, 6, 3), period_end=period_end,
                                         calendar=WeekendCalendar()) == D(2023, 6, 12)


# --- occupational health staff ----------------------------------------------------------------


@pytest.mark.parametrize(("headcount", "special", "band"), [
    (300, 0, "300_plus"), (5000, 60, "300_plus"),
    (299, 0, "200_299"), (200, 0, "200_299"),
    (199, 0, "100_199"), (100, 99, "100_199"),
    (99, 1, "50_99_special"), (50, 49, "50_99_special"), (99, 49, "50_99_special"),
    (99, 0, None), (50, 0, None), (99, 50, None),
    (49, 1, None), (29, 0, None), (30, 0, None), (0, 0, None),
])
def test_health_staff_band_boundaries(headcount, special, band):
    assert rules.health_staff_band(headcount, special) == band


def test_health_staff_band_refuses_bad_counts():
    with pytest.raises(ValueError):
        rules.health_staff_band(50, 51)
    with pytest.raises(ValueError):
        rules.health_staff_band(-1, 0)


# --- purity -----------------------------------------------------------------------------------


def test_rules_import_nothing_from_django_or_the_project():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
         for alias in node.names}
    assert not {m for m in imported if m and (m.startswith(("django", "labor"))
                                              or m.endswith("models"))}
