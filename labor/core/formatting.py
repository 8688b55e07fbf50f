"""How dates, money, percentages and identifiers are shown to people.

This is the one place for these rules (DOMAIN.md "Dates, numbers, money"); templates reach it
through the ``labor_format`` template library, code imports it directly.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")

ROC_EPOCH_OFFSET = 1911

# Largest first. 兆 is included so that an amount of a trillion or more still reads naturally
# instead of as "12,345億"; the bureau's own figures stay well below it.
_UNITS = ((10**12, "兆"), (10**8, "億"), (10**4, "萬"))


def received_between(queryset, field: str, first: datetime.date | None,
                     last: datetime.date | None):
    """``queryset`` filtered to rows whose ``field`` (a timestamp) falls on Taipei days
    ``first`` to ``last`` inclusive; a bound at the calendar's very ends (0001-01-01,
    9999-12-31) is no bound, since its midnight cannot be written in UTC."""

    def midnight(day: datetime.date) -> datetime.datetime | None:
        try:
            start = datetime.datetime.combine(day, datetime.time.min, tzinfo=TAIPEI)
            return start.astimezone(datetime.UTC)
        except OverflowError:
            return None

    if first and (start := midnight(first)):
        queryset = queryset.filter(**{f"{field}__gte": start})
    if last and last < datetime.date.max and (end := midnight(last + datetime.timedelta(days=1))):
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    """The calendar date of ``value`` in Taiwan.

    An aware datetime is converted to Asia/Taipei first (2023-12-31T17:00Z is 2024-01-01 in
    Taipei); a naive datetime is taken to be Taipei local time already; a date is itself.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(TAIPEI)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def roc_year(value: datetime.date | datetime.datetime) -> int:
    """The ROC (民國) year of a date: AD year − 1911 (2023 → 112).

    Years before 1912 give 0 or a negative number; ``roc_date`` writes those as 民國前N年.
    """
    return local_date(value).year - ROC_EPOCH_OFFSET


def roc_date(value: datetime.date | datetime.datetime | None) -> str:
    """An ROC date as official documents write it: 2023-06-30 → "112年6月30日".

    Arabic numerals, no zero padding. Aware datetimes are converted to Asia/Taipei local time
    before taking the date. ``None`` gives "" so that an empty field prints as nothing.
    """
    if value is None:
        return ""
    day = local_date(value)
    year = day.year - ROC_EPOCH_OFFSET
    year_text = f"{year}年" if year > 0 else f"民國前{1 - year}年"
    return f"{year_text}{day.month}月{day.day}日"


def _as_integer_amount(value: int | Decimal | str) -> int:
    """An amount of whole dollars; refuses fractions instead of silently rounding money."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, int):
        return value
    amount = Decimal(str(value).strip().replace(",", ""))
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(f"not a whole-dollar amount: {value!r}")
    return int(amount)


def twd_units(value: int | Decimal | str | None) -> str:
    """A whole-dollar amount in 億/萬 groups: 721406226 → "7億2,140萬6,226元".

    Each group is written with thousands separators, an empty group is left out and nothing
    is zero-padded (105000000 → "1億500萬元", 100000000 → "1億元"); 0 → "0元"; a negative
    amount gets a leading "-". ``None`` gives "". Fractions of a dollar raise ValueError.
    """
    if value is None:
        return ""
    amount = _as_integer_amount(value)
    if amount == 0:
        return "0元"
    sign = "-" if amount < 0 else ""
    rest = abs(amount)
    parts = []
    for size, unit in _UNITS:
        group, rest = divmod(rest, size)
        if group:
            parts.append(f"{group:,}{unit}")
    if rest:
        parts.append(f"{rest:,}")
    return f"{sign}{''.join(parts)}元"


def twd(value: int | Decimal | str | None) -> str:
    """An amount in New Taiwan dollars: 732214309 → "NT$732,214,309".

    A Decimal keeps the places it has (Decimal("12.50") → "NT$12.50"); nothing is rounded here.
    A negative amount is written "-NT$1,000". ``None`` gives "".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, int):
        amount: int | Decimal = value
    else:
        amount = Decimal(str(value).strip().replace(",", ""))
        if not amount.is_finite():
            raise ValueError(f"not an amount: {value!r}")
    sign = "-" if amount < 0 else ""
    return f"{sign}NT${abs(amount):,}"


def _exact(value: int | Decimal | float | str | Fraction) -> Fraction:
    # A float goes through its shortest repr so that 81.127 means the 81.127 people typed,
    # not the nearest binary fraction 81.12699999….
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Rational | Decimal):
        return Fraction(value)
    return Fraction(Decimal(str(value).strip()))


def round_half_up(value: int | Decimal | float | str | Fraction, places: int = 2) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero (ROUND_HALF_UP).

    This is the platform's one rounding rule. The value is taken exactly (no intermediate
    binary or 28-digit rounding), so 0.125 → 0.13 and -0.125 → -0.13.
    """
    exact = _exact(value)
    scaled = abs(exact) * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    if exact < 0:
        whole = -whole
    return Decimal(whole).scaleb(-places)


def percent(
    numerator: int | Decimal | float | str,
    denominator: int | Decimal | float | str,
    places: int = 2,
) -> Decimal | None:
    """``numerator / denominator`` as a percentage, rounded half up to ``places`` decimals.

    81127 / 100000 → Decimal("81.13"); 125 / 100000 → Decimal("0.13"). A zero denominator
    has no percentage: the result is ``None`` (shown as "" by ``format_percent``).
    """
    den = _exact(denominator)
    if den == 0:
        return None
    return round_half_up(_exact(numerator) * 100 / den, places)


def format_percent(value: int | Decimal | float | str | None, places: int = 2) -> str:
    """A percentage value as text: Decimal("55.891") → "55.89%".

    The value is already a percentage (not a ratio); it is rounded half up to ``places``
    decimals and always shows them ("50.00%"). ``None`` (for example a percentage over a zero
    denominator) gives "".
    """
    if value is None or value == "":
        return ""
    return f"{round_half_up(value, places)}%"


def count(value: int | Decimal | str | None) -> str:
    """A count or other plain number with thousands commas: 31663 → "31,663", 872.5 → "872.5".

    Official documents group Arabic numerals in threes; Django's zh-Hant locale does not
    group at all, so counts are never left to its number formatting.
    """
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,}"


def mask_id(value: object) -> str:
    """An identifier with its middle hidden: "A123456789" → "A12****789".

    A value of 10 or more characters (national IDs, UI numbers) keeps its first 3 and last 3
    characters, the layout people recognise. A shorter value (a UBN, a partial number) shows
    at most half of its characters, split between start and end: "22099131" → "22****31",
    "ABC" → "A**". Surrounding whitespace is dropped; ``None`` or "" gives "".
    """
    if value is None:
        return ""
    text = str(value).strip()
    length = len(text)
    if length >= 10:
        head = tail = 3
    else:
        shown = length // 2
        tail = shown // 2
        head = shown - tail
    return text[:head] + "*" * (length - head - tail) + text[length - tail :]
