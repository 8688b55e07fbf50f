"""Periods under 行政程序法 art. 48 over the real government office calendar."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labor.core.deadlines import (
    TableCalendar,
    WeekendCalendar,
    clear_calendar_cache,
    default_calendar,
    period_end,
)
from labor.core.models import OfficeCalendarDay
from labor.core.office_calendar import shipped_days

D = dt.date

# The shipped 2022-2026 CSVs, read without the database (for the pure and property tests).
SHIPPED = TableCalendar({day: rest for day, rest, _remark in shipped_days()})


@pytest.fixture(autouse=True)
def fresh_calendar():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


# --- over the imported 2023 calendar (OfficeCalendarDay, loaded by migration) ---------------


@pytest.mark.django_db
def test_three_days_after_a_monday_end_on_thursday():
    assert period_end(D(2023, 3, 6), 3) == D(2023, 3, 9)


@pytest.mark.django_db
def test_three_days_after_a_wednesday_end_on_saturday_so_on_the_next_monday():
    assert period_end(D(2023, 3, 1), 3) == D(2023, 3, 6)


@pytest.mark.django_db
def test_a_period_ending_on_sunday_moves_to_monday():
    assert period_end(D(2023, 3, 2), 3) == D(2023, 3, 6)


@pytest.mark.django_db
def test_a_period_ending_in_the_lunar_new_year_moves_past_the_whole_holiday():
    # 2023-01-20 (小年夜) to 2023-01-29 are all rest days; the 30th is the first working day.
    assert period_end(D(2023, 1, 17), 3) == D(2023, 1, 30)
    assert period_end(D(2023, 1, 19), 5) == D(2023, 1, 30)


@pytest.mark.django_db
def test_a_period_ending_on_a_bridge_day_and_then_a_holiday_moves_past_both():
    # Sun 2/26, 調整放假 Mon 2/27, 和平紀念日 Tue 2/28.
    assert period_end(D(2023, 2, 23), 3) == D(2023, 3, 1)


@pytest.mark.django_db
def test_a_period_ending_on_a_make_up_working_saturday_is_not_extended():
    assert OfficeCalendarDay.objects.get(date=D(2023, 1, 7)).remark == "補行上班"
    assert period_end(D(2023, 1, 4), 3) == D(2023, 1, 7)
    assert period_end(D(2023, 6, 14), 3) == D(2023, 6, 17)


@pytest.mark.django_db
def test_an_ordinary_saturday_next_to_a_make_up_one_is_still_extended():
    assert period_end(D(2023, 1, 11), 3) == D(2023, 1, 16)


@pytest.mark.django_db
def test_a_period_that_runs_into_the_next_year_uses_that_years_calendar():
    # 3 days after Thu 2023-12-28 is Sun 2023-12-31; 2024-01-01 is 開國紀念日.
    assert period_end(D(2023, 12, 28), 3) == D(2024, 1, 2)


@pytest.mark.django_db
def test_an_aware_datetime_start_counts_from_its_taipei_date():
    # 2023-03-05T17:00Z is Monday 2023-03-06 01:00 in Taipei.
    received = dt.datetime(2023, 3, 5, 17, 0, tzinfo=dt.UTC)
    assert period_end(received, 3) == D(2023, 3, 9)


@pytest.mark.django_db
def test_an_adverse_period_counts_the_first_day():
    assert period_end(D(2023, 3, 6), 3, adverse=True) == D(2023, 3, 8)


@pytest.mark.django_db
def test_an_adverse_period_is_not_extended_past_a_rest_day():
    # Ends on Fri 2023-01-20 (小年夜, a rest day) and stays there.
    assert period_end(D(2023, 1, 18), 3, adverse=True) == D(2023, 1, 20)
    # Ends on Saturday 2023-03-04 and stays there.
    assert period_end(D(2023, 3, 2), 3, adverse=True) == D(2023, 3, 4)


@pytest.mark.django_db
def test_an_adverse_period_ends_no_later_than_the_ordinary_one():
    for start in (D(2023, 1, 18), D(2023, 3, 2), D(2023, 3, 6)):
        assert period_end(start, 3, adverse=True) < period_end(start, 3)


@pytest.mark.django_db
def test_outside_the_imported_years_saturday_and_sunday_are_the_only_rest_days():
    assert not default_calendar().covers(D(2030, 1, 4))
    # Friday 2030-01-04 + 1 = Saturday → Monday 2030-01-07.
    assert period_end(D(2030, 1, 4), 1) == D(2030, 1, 7)
    # New Year's Day 2030 is unknown without that year's calendar: counted as a working day.
    assert period_end(D(2029, 12, 31), 1) == D(2030, 1, 1)
    # Before the imported years too.
    assert period_end(D(2021, 2, 10), 1) == D(2021, 2, 11)


@pytest.mark.django_db
def test_the_default_calendar_is_the_imported_office_calendar():
    calendar = default_calendar()
    for day, rest, _remark in shipped_days():
        assert calendar.covers(day)
        assert calendar.is_rest_day(day) == rest, day


@pytest.mark.django_db
def test_the_calendar_is_cached_until_cleared():
    assert period_end(D(2023, 3, 6), 3) == D(2023, 3, 9)
    OfficeCalendarDay.objects.filter(date=D(2023, 3, 9)).update(is_rest_day=True, remark="颱風")
    assert period_end(D(2023, 3, 6), 3) == D(2023, 3, 9), "served from the process cache"
    clear_calendar_cache()
    assert period_end(D(2023, 3, 6), 3) == D(2023, 3, 10)


# --- pure: any calendar object --------------------------------------------------------------


class EveryDayButFriday:
    def is_rest_day(self, day):
        return day.weekday() != 4


def test_period_end_is_a_pure_function_of_the_calendar_it_is_given():
    assert period_end(D(2023, 3, 6), 1, calendar=EveryDayButFriday()) == D(2023, 3, 10)
    assert period_end(D(2023, 3, 6), 1, calendar=WeekendCalendar()) == D(2023, 3, 7)


class NeverWorks:
    def is_rest_day(self, day):
        return True


def test_a_calendar_without_working_days_is_an_error_not_an_endless_loop():
    with pytest.raises(ValueError):
        period_end(D(2023, 3, 6), 3, calendar=NeverWorks())


def test_the_shipped_calendar_marks_make_up_saturdays_as_working_days():
    assert not SHIPPED.is_rest_day(D(2023, 1, 7))
    assert SHIPPED.is_rest_day(D(2023, 1, 14))


@pytest.mark.parametrize("days", [0, -3])
def test_a_period_lasts_at_least_one_day(days):
    with pytest.raises(ValueError):
        period_end(D(2023, 3, 6), days, calendar=SHIPPED)


@pytest.mark.parametrize("days", [1.5, "3", True])
def test_a_period_is_a_whole_number_of_days(days):
    with pytest.raises(TypeError):
        period_end(D(2023, 3, 6), days, calendar=SHIPPED)


def test_period_end_needs_no_database_when_given_a_calendar():
    # No django_db mark: reading OfficeCalendarDay here would fail the test.
    assert period_end(D(2023, 1, 17), 3, calendar=SHIPPED) == D(2023, 1, 30)


# --- properties over 2021-2027 (with the fallback on both sides) ----------------------------

starts = st.dates(min_value=D(2021, 6, 1), max_value=D(2027, 6, 30))
lengths = st.integers(min_value=1, max_value=90)


@given(starts, lengths)
def test_an_ordinary_period_never_ends_on_a_rest_day(start, days):
    assert not SHIPPED.is_rest_day(period_end(start, days, calendar=SHIPPED))


@given(starts, lengths)
def test_an_ordinary_period_ends_on_the_first_working_day_from_start_plus_days(start, days):
    end = period_end(start, days, calendar=SHIPPED)
    nominal = start + dt.timedelta(days=days)
    assert end >= nominal
    skipped = [nominal + dt.timedelta(days=i) for i in range((end - nominal).days)]
    assert all(SHIPPED.is_rest_day(day) for day in skipped)


@given(starts, lengths)
def test_an_adverse_period_ends_the_day_before_start_plus_days(start, days):
    assert period_end(start, days, adverse=True, calendar=SHIPPED) == start + dt.timedelta(
        days=days - 1
    )
