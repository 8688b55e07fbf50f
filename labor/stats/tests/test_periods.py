import ast
import dataclasses
import datetime as dt
import inspect
import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labor.stats import periods
from labor.stats.periods import Period, PeriodKind

D = dt.date
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label", "range_label", "label_en"),
    [
        ("2023", "year", D(2023, 1, 1), D(2023, 12, 31), "112年", "112年1至12月", "2023"),
        ("2023H1", "half", D(2023, 1, 1), D(2023, 6, 30), "112年上半年", "112年1至6月",
         "First half of 2023"),
        ("2023H2", "half", D(2023, 7, 1), D(2023, 12, 31), "112年下半年", "112年7至12月",
         "Second half of 2023"),
        ("2023Q2", "quarter", D(2023, 4, 1), D(2023, 6, 30), "112年第2季", "112年4至6月",
         "Q2 2023"),
        ("2023Q4", "quarter", D(2023, 10, 1), D(2023, 12, 31), "112年第4季", "112年10至12月",
         "Q4 2023"),
        ("2023-06", "month", D(2023, 6, 1), D(2023, 6, 30), "112年6月", "112年6月", "June 2023"),
        ("asof:2023-06-30", "as_of", D.min, D(2023, 6, 30), "截至112年6月30日",
         "截至112年6月30日", "As of 30 June 2023"),
    ],
)  # fmt: skip
def test_each_written_form_gives_its_bounds_and_labels(
    text, kind, start, end, label, range_label, label_en
):
    period = Period.parse(text)
    assert period.kind == kind
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert period.range_label == range_label
    assert period.label_en == label_en
    assert period.code == text
    assert str(period) == text


def test_the_first_half_reads_january_to_june_in_english_ranges():
    assert Period.parse("2023H1").range_label_en == "January–June 2023"


def test_a_bare_date_means_as_of_that_date():
    assert Period.parse("2023-06-30") == Period.parse("asof:2023-06-30")
    assert Period.parse("2023-06-30").is_cumulative


def test_half_and_quarter_letters_are_accepted_in_lower_case_and_written_in_upper_case():
    assert Period.parse(" 2023h1 ").code == "2023H1"
    assert Period.parse("2023q3").code == "2023Q3"
    assert Period.parse("ASOF:2023-6-3").code == "asof:2023-06-03"


def test_a_single_digit_month_is_accepted():
    assert Period.parse("2023-6") == Period.of_month(2023, 6)


def test_february_ends_on_the_29th_in_a_leap_year_only():
    assert Period.parse("2024-02").end == D(2024, 2, 29)
    assert Period.parse("2023-02").end == D(2023, 2, 28)
    assert Period.parse("2000-02").end == D(2000, 2, 29)
    assert Period.parse("2100-02").end == D(2100, 2, 28)


def test_leap_day_is_a_valid_cut_off_only_in_a_leap_year():
    assert Period.parse("asof:2024-02-29").end == D(2024, 2, 29)
    with pytest.raises(ValueError, match="不是有效的日期"):
        Period.parse("asof:2023-02-29")


def test_the_quarters_of_a_year_cover_it_without_gaps():
    quarters = [Period.of_quarter(2023, q) for q in (1, 2, 3, 4)]
    assert quarters[0].start == D(2023, 1, 1)
    assert quarters[-1].end == D(2023, 12, 31)
    for earlier, later in itertools.pairwise(quarters):
        assert later.start - earlier.end == dt.timedelta(days=1)


def test_periods_contain_their_bounds_and_nothing_outside():
    h1 = Period.parse("2023H1")
    assert D(2023, 1, 1) in h1
    assert D(2023, 6, 30) in h1
    assert D(2023, 7, 1) not in h1
    assert D(2022, 12, 31) not in h1
    assert D(1990, 1, 1) in Period.parse("asof:2023-06-30")


def test_the_roc_year_is_the_ad_year_minus_1911():
    assert Period.parse("2023H1").roc_year == 112
    assert Period.parse("1912").label == "1年"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023H3", "半年別"),
        ("2023H0", "半年別"),
        ("2023Q5", "季別"),
        ("2023Q0", "季別"),
        ("2023-13", "月份"),
        ("2023-00", "月份"),
        ("2023-02-30", "不是有效的日期"),
        ("asof:2023-13-01", "不是有效的日期"),
        ("1911", "年份須介於"),
        ("1911H1", "年份須介於"),
        ("23H1", "無法辨識的期間"),
        ("H1 2023", "無法辨識的期間"),
        ("2023/06", "無法辨識的期間"),
        ("asof:", "無法辨識的期間"),
        ("112年上半年", "無法辨識的期間"),
        ("", "請輸入期間"),
        ("   ", "請輸入期間"),
    ],
)
def test_a_bad_period_is_refused_with_a_zh_hant_message(text, message):
    with pytest.raises(ValueError, match=message) as excinfo:
        Period.parse(text)
    assert CJK.search(str(excinfo.value))


def test_a_non_text_period_is_refused():
    with pytest.raises(ValueError, match="期間必須是文字"):
        Period.parse(2023)


def test_bounds_that_do_not_match_the_kind_are_refused():
    with pytest.raises(ValueError, match="起訖日不符"):
        Period(PeriodKind.YEAR, D(2023, 3, 1), D(2023, 12, 31))
    with pytest.raises(ValueError, match="起訖日不符"):
        Period(PeriodKind.HALF, D(2023, 1, 1), D(2023, 6, 29))


def test_a_period_is_immutable_and_hashable():
    period = Period.parse("2023H1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.end = D(2023, 12, 31)
    assert {period: 1}[Period.of_half(2023, 1)] == 1


def test_the_periods_module_does_not_touch_the_database():
    tree = ast.parse(inspect.getsource(periods))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not [name for name in imported if name and name.startswith(("django.db", "labor"))]


@st.composite
def any_period(draw):
    year = draw(st.integers(min_value=1912, max_value=9998))
    kind = draw(st.sampled_from(list(PeriodKind)))
    if kind == PeriodKind.YEAR:
        return Period.of_year(year)
    if kind == PeriodKind.HALF:
        return Period.of_half(year, draw(st.integers(1, 2)))
    if kind == PeriodKind.QUARTER:
        return Period.of_quarter(year, draw(st.integers(1, 4)))
    if kind == PeriodKind.MONTH:
        return Period.of_month(year, draw(st.integers(1, 12)))
    return Period.as_of(draw(st.dates(min_value=D(1912, 1, 1), max_value=D(9998, 12, 31))))


@given(any_period())
def test_every_period_reads_back_from_its_code(period):
    assert Period.parse(period.code) == period


@given(any_period())
def test_every_calendar_period_starts_on_a_first_and_ends_on_a_month_end(period):
    assert period.start <= period.end
    assert period.end in period
    assert period.end + dt.timedelta(days=1) not in period
    assert (period.end + dt.timedelta(days=1)).day == 1 or period.is_cumulative
    if not period.is_cumulative:
        assert period.start.day == 1
        assert period.start - dt.timedelta(days=1) not in period
        assert period.label.startswith(f"{period.roc_year}年")
