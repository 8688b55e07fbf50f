"""Periods counted in days under the Administrative Procedure Act (行政程序法) art. 48.

The rule (DOMAIN.md, "Deadlines"):

- The first day of a period is not counted: a period of N days after a receipt on day D ends on
  D + N (art. 48 II).
- If that last day is a rest day of government offices (a Sunday, a national holiday, another
  rest day, or a Saturday), the period ends on the next working day, checked again and again
  (art. 48 IV). A Saturday the government has made a make-up working day (補行上班日) is a
  working day, so a period ending on it is not extended.
- For a period that leads to a penalty or another adverse decision against a person, the first
  day counts as a whole day and the last day is not extended, unless the ordinary rule favours
  the person (art. 48 V); see ``period_end`` for how that proviso is applied.

Rest days come from a *calendar*: any object with ``is_rest_day(date) -> bool``. The default is
the government office calendar (政府行政機關辦公日曆表) imported into ``OfficeCalendarDay``;
``period_end`` itself is a pure function of its arguments and the calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from labor.core.formatting import local_date

SATURDAY, SUNDAY = 5, 6
_MAX_REST_RUN = 366


@runtime_checkable
class RestDayCalendar(Protocol):
    def is_rest_day(self, day: dt.date) -> bool: ...


class WeekendCalendar:
    """Saturdays and Sundays are rest days; nothing else is (no holidays known)."""

    def is_rest_day(self, day: dt.date) -> bool:
        return day.weekday() in (SATURDAY, SUNDAY)


class TableCalendar:
    """Rest days from a table of ``{date: is_rest_day}`` covering whole years.

    Outside the years the table covers, Saturday and Sunday are rest days and every other day
    is a working day. This is a deliberate fallback rather than an error: the office calendar
    for a year is published only in the middle of the year before, and a deadline in a year
    not yet imported must still be computed. The fallback cannot know that year's national
    holidays, so a period ending on one would end a working day too early; ``covers`` lets a
    caller warn about that, and importing the year's calendar (import kind ``office_calendar``)
    removes the gap.
    """

    def __init__(self, days: Mapping[dt.date, bool]):
        self._days = dict(days)
        self._years = frozenset(day.year for day in self._days)
        self._fallback = WeekendCalendar()

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls in a year the table covers (no fallback used)."""
        return day.year in self._years

    def is_rest_day(self, day: dt.date) -> bool:
        rest = self._days.get(day)
        if rest is None:
            return self._fallback.is_rest_day(day)
        return rest


@functools.cache
def default_calendar() -> TableCalendar:
    """The government office calendar as imported into ``OfficeCalendarDay``.

    Read once per process (about 365 rows a year) and kept; call ``clear_calendar_cache``
    after importing or correcting calendar days so that this process sees them.
    """
    from labor.core.models import OfficeCalendarDay

    return TableCalendar(dict(OfficeCalendarDay.objects.values_list("date", "is_rest_day")))


def clear_calendar_cache() -> None:
    """Forget the office calendar read by ``default_calendar`` (after an import)."""
    default_calendar.cache_clear()


def next_working_day(day: dt.date, calendar: RestDayCalendar | None = None) -> dt.date:
    """``day`` itself if it is a working day, otherwise the first working day after it."""
    if calendar is None:
        calendar = default_calendar()
    for _ in range(_MAX_REST_RUN):
        if not calendar.is_rest_day(day):
            return day
        day += dt.timedelta(days=1)
    # No real office calendar rests for a year on end: the calendar is broken, say so.
    raise ValueError(f"no working day within {_MAX_REST_RUN} days from {day}")


def period_end(
    start: dt.date | dt.datetime,
    days: int,
    *,
    adverse: bool = False,
    calendar: RestDayCalendar | None = None,
) -> dt.date:
    """The last day of a period of ``days`` days that starts running after ``start``.

    ``start`` is the day of the event that starts the period (e.g. receipt of an application);
    an aware datetime is taken at its Asia/Taipei date.

    Ordinary periods (art. 48 II, IV): the first day is not counted, so the period ends on
    ``start + days``; if that is a rest day of ``calendar`` the end moves to the next working
    day. Example (2023 office calendar): 3 days after Wednesday 2023-01-04 end on Saturday
    2023-01-07, but that Saturday is a make-up working day (補行上班), so they end on it; 3 days
    after Wednesday 2023-03-01 end on Saturday 2023-03-04, so on Monday 2023-03-06.

    ``adverse=True`` (art. 48 V) is for a period that is itself a penalty or an adverse measure
    against a person, for example a suspension lasting ``days`` days. The day ``start`` counts
    as a whole day and the last day is not extended, so the period ends on
    ``start + days - 1`` whatever kind of day that is.

    The proviso of art. 48 V ("unless the ordinary rule favours the person") cannot be decided
    by comparing dates alone: the adverse end is always earlier than the ordinary end, which
    favours a person who bears the measure during the period, while a person who must *act*
    within a period (comply with an order, pay, state an opinion) is favoured by the later,
    ordinary end. Taking "the later of the two" would make ``adverse=True`` identical to the
    ordinary rule in every case and so cannot be the law's meaning. The proviso is therefore
    applied by the caller's choice of rule: pass ``adverse=True`` only for periods during which
    the person bears the penalty or measure; count time limits given to the person with the
    ordinary rule (the default), which is the one that favours them.
    """
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError("days must be a whole number of days")
    if days < 1:
        raise ValueError("a period lasts at least one day")
    first = local_date(start)
    if adverse:
        return first + dt.timedelta(days=days - 1)
    return next_working_day(first + dt.timedelta(days=days), calendar)
