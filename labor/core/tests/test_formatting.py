import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from labor.core.formatting import (
    format_percent,
    mask_id,
    percent,
    roc_date,
    roc_year,
    round_half_up,
    twd,
    twd_units,
)

UTC = dt.UTC

# --- ROC dates ------------------------------------------------------------------------------


def test_roc_date_writes_the_year_month_and_day_without_padding():
    assert roc_date(dt.date(2023, 6, 30)) == "112年6月30日"
    assert roc_date(dt.date(2024, 1, 5)) == "113年1月5日"


def test_roc_year_is_the_ad_year_minus_1911():
    assert roc_year(dt.date(2023, 6, 30)) == 112
    assert roc_year(dt.date(1912, 1, 1)) == 1


def test_an_aware_datetime_is_dated_in_taipei():
    # 17:00 UTC on New Year's Eve is 01:00 on New Year's Day in Taipei (UTC+8).
    assert roc_date(dt.datetime(2023, 12, 31, 17, 0, tzinfo=UTC)) == "113年1月1日"
    assert roc_date(dt.datetime(2023, 12, 31, 15, 59, tzinfo=UTC)) == "112年12月31日"
    assert roc_year(dt.datetime(2023, 12, 31, 16, 0, tzinfo=UTC)) == 113


def test_a_naive_datetime_is_taken_as_taipei_local_time():
    assert roc_date(dt.datetime(2023, 12, 31, 23, 59)) == "112年12月31日"


def test_no_date_prints_as_nothing():
    assert roc_date(None) == ""


def test_a_date_before_the_republic_is_written_min_guo_qian():
    assert roc_date(dt.date(1911, 12, 31)) == "民國前1年12月31日"


def test_roc_date_refuses_what_is_not_a_date():
    with pytest.raises(TypeError):
        roc_date("2023-06-30")


# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (721406226, "7億2,140萬6,226元"),
        (639442789, "6億3,944萬2,789元"),
        (105000000, "1億500萬元"),
        (100000000, "1億元"),
        (100000001, "1億1元"),
        (10000, "1萬元"),
        (10001, "1萬1元"),
        (9999, "9,999元"),
        (1000, "1,000元"),
        (7, "7元"),
        (0, "0元"),
        (-105000000, "-1億500萬元"),
        (-7, "-7元"),
        (1_0000_0000_0000, "1兆元"),
        (12_3456_7890_1234, "12兆3,456億7,890萬1,234元"),
        (Decimal("26400.00"), "2萬6,400元"),
        ("7,214", "7,214元"),
    ],
)
def test_twd_units_groups_by_yi_and_wan(amount, text):
    assert twd_units(amount) == text


def test_twd_units_of_nothing_is_empty():
    assert twd_units(None) == ""


@pytest.mark.parametrize("bad", [Decimal("1.5"), "12.3", "abc", True, Decimal("NaN")])
def test_twd_units_refuses_what_is_not_a_whole_dollar_amount(bad):
    with pytest.raises((ValueError, TypeError, ArithmeticError)):
        twd_units(bad)


UNIT_VALUES = {"兆": 10**12, "億": 10**8, "萬": 10**4, "": 1}


def parse_units(text: str) -> int:
    """Read "7億2,140萬6,226元" back; also checks each group is well formed."""
    assert text.endswith("元")
    sign = -1 if text.startswith("-") else 1
    body = text[:-1].lstrip("-")
    groups = re.findall(r"([0-9,]+)(兆|億|萬|)", body)
    assert "".join(number + unit for number, unit in groups) == body
    units = [unit for _number, unit in groups]
    assert units == sorted(units, key=lambda u: -UNIT_VALUES[u]), "groups out of order"
    total = 0
    for number, unit in groups:
        assert number == f"{int(number.replace(',', '')):,}", "separators or padding wrong"
        value = int(number.replace(",", ""))
        if unit != "兆":
            assert 0 < value < 10000 or body == "0", "empty or overfull group"
        total += value * UNIT_VALUES[unit]
    return sign * total


@given(st.integers(min_value=-(10**16), max_value=10**16))
def test_twd_units_round_trips_to_the_same_integer(amount):
    assert parse_units(twd_units(amount)) == amount


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (732214309, "NT$732,214,309"),
        (0, "NT$0"),
        (-1000, "-NT$1,000"),
        (Decimal("12.50"), "NT$12.50"),
        ("1234", "NT$1,234"),
        (None, ""),
    ],
)
def test_twd_writes_new_taiwan_dollars_with_thousands_separators(amount, text):
    assert twd(amount) == text


# --- percentages ----------------------------------------------------------------------------


def test_percent_rounds_half_up():
    assert percent(81127, 100000) == Decimal("81.13")
    assert percent(125, 100000) == Decimal("0.13")  # 0.125 %: banker's rounding would give 0.12
    assert percent(5589, 10000) == Decimal("55.89")


def test_percent_rounds_a_negative_half_away_from_zero():
    assert percent(-125, 100000) == Decimal("-0.13")


def test_percent_keeps_the_asked_number_of_places():
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3, places=1) == Decimal("66.7")
    assert percent(1, 8, places=0) == Decimal("13")  # 12.5 → 13
    assert str(percent(1, 2)) == "50.00"


def test_percent_over_a_zero_denominator_is_none():
    assert percent(5, 0) is None
    assert percent(0, 0) is None


def test_percent_takes_decimals_and_floats_as_written():
    assert percent(Decimal("0.125"), 100) == Decimal("0.13")
    assert percent(0.125, 100) == Decimal("0.13")
    assert percent(81.127, 100) == Decimal("81.13")


def test_round_half_up_is_the_one_rounding_rule():
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")
    assert round_half_up(2.675, 2) == Decimal("2.68")  # the float 2.675 is 2.67499…, as typed
    assert round_half_up(Decimal("0.5"), 0) == Decimal("1")
    assert round_half_up(Decimal("1.5"), 0) == Decimal("2")
    assert round_half_up(Decimal("2.5"), 0) == Decimal("3")


@given(st.integers(-(10**9), 10**9), st.integers(1, 10**9), st.integers(0, 4))
def test_percent_matches_decimal_round_half_up(numerator, denominator, places):
    with localcontext() as ctx:
        ctx.prec = 60
        expected = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
        )
    assert percent(numerator, denominator, places) == expected


def test_format_percent_shows_the_places_and_a_percent_sign():
    assert format_percent(Decimal("55.891")) == "55.89%"
    assert format_percent(percent(5589, 10000)) == "55.89%"
    assert format_percent(Decimal("50")) == "50.00%"
    assert format_percent(Decimal("12.345"), 1) == "12.3%"
    assert format_percent(Decimal("0.125")) == "0.13%"


def test_format_percent_of_nothing_is_empty():
    assert format_percent(None) == ""
    assert format_percent(percent(1, 0)) == ""


# --- masking personal IDs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("A123456789", "A12****789"),
        ("AC12345679", "AC1****679"),
        (" A123456789 ", "A12****789"),
        ("X12345678901234", "X12*********234"),
        ("22099131", "22****31"),
        ("ABCD", "A**D"),
        ("ABC", "A**"),
        ("AB", "A*"),
        ("A", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_hides_the_middle(value, masked):
    assert mask_id(value) == masked


@given(st.text(alphabet=st.characters(blacklist_categories=["Zs", "Cc"]), max_size=30))
def test_mask_id_keeps_the_length_and_never_shows_more_than_it_should(value):
    masked = mask_id(value)
    assert len(masked) == len(value)
    assert all(m in ("*", v) for m, v in zip(masked, value, strict=True))
    if len(value) >= 10:
        assert masked[3:-3] == "*" * (len(value) - 6)
    else:
        assert sum(1 for i, c in enumerate(masked) if c != "*") <= len(value) // 2


# --- the template library -------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load labor_format %}" + source).render(Context(context))


def test_the_template_filters_wrap_the_formatters():
    assert render("{{ d|roc_date }}", d=dt.date(2023, 6, 30)) == "112年6月30日"
    assert render("{{ d|roc_date }}", d=dt.datetime(2023, 12, 31, 17, tzinfo=UTC)) == "113年1月1日"
    assert render("{{ n|twd }}", n=732214309) == "NT$732,214,309"
    assert render("{{ n|twd_units }}", n=721406226) == "7億2,140萬6,226元"
    assert render("{{ p|percent }}", p=Decimal("55.891")) == "55.89%"
    assert render("{{ p|percent:1 }}", p=Decimal("55.891")) == "55.9%"
    assert render("{{ i|mask_id }}", i="A123456789") == "A12****789"


@pytest.mark.parametrize("name", ["roc_date", "twd", "twd_units", "percent", "mask_id"])
@pytest.mark.parametrize("value", [None, ""])
def test_the_template_filters_show_nothing_for_an_empty_value(name, value):
    assert render("{{ v|" + name + " }}", v=value) == ""


@pytest.mark.parametrize(
    "source", ["{{ v|roc_date }}", "{{ v|twd }}", "{{ v|twd_units }}", "{{ v|percent }}"]
)
def test_the_template_filters_show_nothing_for_bad_input_instead_of_failing(source):
    assert render(source, v="not a number") == ""


def test_counts_are_grouped_in_threes_whatever_the_locale():
    from labor.core.formatting import count

    assert count(31663) == "31,663"
    assert count(1572332) == "1,572,332"
    assert count(872.5) == "872.5"
    assert count(0) == "0"
    assert count(None) == ""


@pytest.mark.django_db
def test_reference_names_follow_the_page_language():
    from django.utils import translation

    from labor.core.models import District
    from labor.core.templatetags.labor_format import local_name

    daan = District.objects.get(city="taipei", code="daan")
    with translation.override("zh-hant"):
        assert local_name(daan) == "大安區"
    with translation.override("en"):
        assert local_name(daan) == "Da'an"
    assert local_name(None) == ""
