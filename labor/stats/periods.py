"""Reporting periods: a year, a half, a quarter, a month, or everything up to a date.

Written forms (``Period.parse``; the first one is also ``str(period)``):

============================  ==========  ======================  ====================
form                          kind        zh-Hant label           range label
============================  ==========  ======================  ====================
``2023``                      year        112年                   112年1至12月
``2023H1`` / ``2023H2``       half        112年上半年             112年1至6月
``2023Q2``                    quarter     112年第2季              112年4至6月
``2023-06``                   month       112年6月                112年6月
``asof:2023-06-30``           as_of       截至112年6月30日        截至112年6月30日
============================  ==========  ======================  ====================

``2023-06-30`` (a bare date) is accepted as shorthand for ``asof:2023-06-30``; the prefix is
the canonical form because a bare date reads too easily as "that one day". An "as of" period is
cumulative: it starts at ``datetime.date.min`` so that one date-range filter serves every kind,
and ``is_cumulative`` tells it apart. Stock figures ("unions on 30 June") read ``end``; flow
figures ("cases received") read ``start``..``end``. Both bounds are inclusive.

Pure: no database. Error messages are zh-Hant (the msgid), translated like any other text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

ROC_OFFSET = 1911
# ROC year 1 is 1912; an earlier year has no "112年"-style label.
MIN_YEAR = 1912
MAX_YEAR = 9999
CUMULATIVE_START = dt.date.min

_MONTHS_EN = [calendar.month_name[m] for m in range(13)]  # [""] + January..December


class PeriodKind(enum.StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    AS_OF = "as_of"


_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})H(\d+)", re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})Q(\d+)", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DATE = re.compile(r"(?:asof:)?(\d{4})-(\d{1,2})-(\d{1,2})", re.IGNORECASE)


def _roc(year: int) -> int:
    return year - ROC_OFFSET


def _roc_day(day: dt.date) -> str:
    return f"{_roc(day.year)}年{day.month}月{day.day}日"


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            _("年份須介於 %(min)s 至 %(max)s 年（民國元年起）。")
            % {"min": MIN_YEAR, "max": MAX_YEAR}
        )


@dataclass(frozen=True)
class Period:
    """A reporting period with inclusive ``start`` and ``end`` dates.

    Build one with ``Period.parse("2023H1")`` or the constructors ``of_year``, ``of_half``,
    ``of_quarter``, ``of_month``, ``as_of``; the dataclass refuses bounds that do not match its
    kind.
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date

    def __post_init__(self):
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        _check_year(self.end.year)
        expected = _bounds(self.kind, self.end)
        if (self.start, self.end) != expected:
            raise ValueError(
                _("期間類別「%(kind)s」的起訖日不符：%(start)s 至 %(end)s。")
                % {"kind": self.kind, "start": self.start, "end": self.end}
            )

    # Constructors ---------------------------------------------------------------------------

    @classmethod
    def of_year(cls, year: int) -> Period:
        _check_year(year)
        return cls(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def of_half(cls, year: int, half: int) -> Period:
        _check_year(year)
        if half not in (1, 2):
            raise ValueError(_("半年別須為 H1（上半年）或 H2（下半年）。"))
        first = 1 if half == 1 else 7
        return cls(PeriodKind.HALF, dt.date(year, first, 1), _last_day(year, first + 5))

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if quarter not in (1, 2, 3, 4):
            raise ValueError(_("季別須為 Q1 至 Q4。"))
        first = 3 * quarter - 2
        return cls(PeriodKind.QUARTER, dt.date(year, first, 1), _last_day(year, first + 2))

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise ValueError(_("月份須介於 1 至 12。"))
        return cls(PeriodKind.MONTH, dt.date(year, month, 1), _last_day(year, month))

    @classmethod
    def as_of(cls, day: dt.date) -> Period:
        """Everything up to and including ``day`` (cumulative figures)."""
        return cls(PeriodKind.AS_OF, CUMULATIVE_START, day)

    @classmethod
    def parse(cls, value: str | Period) -> Period:
        """A period from its written form (see the module docstring); ValueError otherwise."""
        if isinstance(value, Period):
            return value
        if not isinstance(value, str):
            raise ValueError(_("期間必須是文字，例如 2023H1。"))
        text = value.strip()
        if not text:
            raise ValueError(_("請輸入期間，例如 2023H1。"))
        if m := _YEAR.fullmatch(text):
            return cls.of_year(int(m[1]))
        if m := _HALF.fullmatch(text):
            return cls.of_half(int(m[1]), int(m[2]))
        if m := _QUARTER.fullmatch(text):
            return cls.of_quarter(int(m[1]), int(m[2]))
        if m := _MONTH.fullmatch(text):
            return cls.of_month(int(m[1]), int(m[2]))
        if m := _DATE.fullmatch(text):
            year, month, day = int(m[1]), int(m[2]), int(m[3])
            _check_year(year)
            try:
                return cls.as_of(dt.date(year, month, day))
            except ValueError:
                raise ValueError(
                    _("「%(value)s」不是有效的日期。") % {"value": text}
                ) from None
        raise ValueError(
            _(
                "無法辨識的期間「%(value)s」。請使用 2023（年）、2023H1（半年）、2023Q2（季）、"
                "2023-06（月）或 asof:2023-06-30（截至某日累計）。"
            )
            % {"value": text}
        )

    # Derived ---------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The canonical written form: ``Period.parse(p.code) == p``."""
        y = self.end.year
        match self.kind:
            case PeriodKind.YEAR:
                return f"{y}"
            case PeriodKind.HALF:
                return f"{y}H{self.number}"
            case PeriodKind.QUARTER:
                return f"{y}Q{self.number}"
            case PeriodKind.MONTH:
                return f"{y}-{self.end.month:02d}"
            case _:
                return f"asof:{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.code

    @property
    def number(self) -> int | None:
        """The half (1-2), quarter (1-4) or month (1-12) within the year; None otherwise."""
        match self.kind:
            case PeriodKind.HALF:
                return 1 if self.end.month <= 6 else 2
            case PeriodKind.QUARTER:
                return (self.end.month + 2) // 3
            case PeriodKind.MONTH:
                return self.end.month
            case _:
                return None

    @property
    def is_cumulative(self) -> bool:
        return self.kind == PeriodKind.AS_OF

    @property
    def year(self) -> int:
        """The calendar year the period ends in."""
        return self.end.year

    @property
    def roc_year(self) -> int:
        return _roc(self.end.year)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """zh-Hant, as the council report heads a period: 112年上半年, 截至112年6月30日."""
        roc = self.roc_year
        match self.kind:
            case PeriodKind.YEAR:
                return f"{roc}年"
            case PeriodKind.HALF:
                return f"{roc}年{'上' if self.number == 1 else '下'}半年"
            case PeriodKind.QUARTER:
                return f"{roc}年第{self.number}季"
            case PeriodKind.MONTH:
                return f"{roc}年{self.end.month}月"
            case _:
                return f"截至{_roc_day(self.end)}"

    @property
    def range_label(self) -> str:
        """zh-Hant, as tables head a column: 112年1至6月 (a single month: 112年6月)."""
        if self.is_cumulative:
            return self.label
        if self.start.month == self.end.month:
            return f"{self.roc_year}年{self.end.month}月"
        return f"{self.roc_year}年{self.start.month}至{self.end.month}月"

    @property
    def label_en(self) -> str:
        y = self.end.year
        match self.kind:
            case PeriodKind.YEAR:
                return f"{y}"
            case PeriodKind.HALF:
                return f"{'First' if self.number == 1 else 'Second'} half of {y}"
            case PeriodKind.QUARTER:
                return f"Q{self.number} {y}"
            case PeriodKind.MONTH:
                return f"{_MONTHS_EN[self.end.month]} {y}"
            case _:
                return f"As of {self.end.day} {_MONTHS_EN[self.end.month]} {y}"

    @property
    def range_label_en(self) -> str:
        if self.is_cumulative or self.start.month == self.end.month:
            return self.label_en
        return f"{_MONTHS_EN[self.start.month]}–{_MONTHS_EN[self.end.month]} {self.end.year}"


def _bounds(kind: PeriodKind, end: dt.date) -> tuple[dt.date, dt.date]:
    """The bounds a period of ``kind`` ending in ``end``'s month must have."""
    y, m = end.year, end.month
    match kind:
        case PeriodKind.YEAR:
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        case PeriodKind.HALF:
            first = 1 if m <= 6 else 7
            return dt.date(y, first, 1), _last_day(y, first + 5)
        case PeriodKind.QUARTER:
            first = 3 * ((m - 1) // 3) + 1
            return dt.date(y, first, 1), _last_day(y, first + 2)
        case PeriodKind.MONTH:
            return dt.date(y, m, 1), _last_day(y, m)
        case _:
            return CUMULATIVE_START, end


def parse_period(value: str | Period) -> Period:
    return Period.parse(value)
