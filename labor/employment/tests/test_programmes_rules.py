"""The rules of the employment programmes, without a database: unemployment recognition under
就業保險法 arts. 11, 20, 25, 29 (the day counts read as stated in rules_unemployment), the
3-month stability follow-up, the age of job redesign's seniors and the exam's main list."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from labor.employment import rules_programmes as prules
from labor.employment import rules_unemployment as rules

D = dt.date


def test_recognition_is_made_from_the_15th_day_counting_the_registration_day():
    # Registered on 1 March: days 1-14 are 1-14 March; the benefit counts from the 15th day.
    assert rules.recognition_earliest(D(2023, 3, 1)) == D(2023, 3, 15)
    assert rules.recognition_too_early(D(2023, 3, 1), D(2023, 3, 14))
    assert not rules.recognition_too_early(D(2023, 3, 1), D(2023, 3, 15))


def test_recognition_days_come_from_the_setting_when_given():
    assert rules.recognition_earliest(D(2023, 3, 1), days=10) == D(2023, 3, 11)


def test_re_recognition_is_due_30_days_after_the_previous_one():
    assert rules.next_re_recognition(D(2023, 3, 15)) == D(2023, 4, 14)
    assert rules.next_re_recognition(D(2023, 1, 31)) == D(2023, 3, 2)


def test_a_re_recognition_before_its_date_is_too_early_and_on_it_is_not():
    due = D(2023, 4, 14)
    assert rules.re_recognition_too_early(due, D(2023, 4, 13))
    assert not rules.re_recognition_too_early(due, due)
    assert not rules.re_recognition_too_early(due, D(2023, 4, 20))


def test_two_job_search_records_are_enough_and_one_is_not():
    assert not rules.enough_job_searches(0)
    assert not rules.enough_job_searches(1)
    assert rules.enough_job_searches(2)
    assert rules.enough_job_searches(5)
    assert not rules.enough_job_searches(2, minimum=3)


def test_a_job_search_counts_after_the_previous_recognition_and_up_to_the_day():
    previous, on = D(2023, 3, 15), D(2023, 4, 14)
    assert not rules.job_search_in_period(D(2023, 3, 15), previous, on)
    assert rules.job_search_in_period(D(2023, 3, 16), previous, on)
    assert rules.job_search_in_period(on, previous, on)
    assert not rules.job_search_in_period(D(2023, 4, 15), previous, on)


def test_the_application_is_made_within_two_years_of_leaving():
    assert rules.application_deadline(D(2021, 6, 30)) == D(2023, 6, 30)
    assert rules.application_in_time(D(2021, 6, 30), D(2023, 6, 30))
    assert not rules.application_in_time(D(2021, 6, 30), D(2023, 7, 1))
    assert not rules.application_in_time(D(2023, 7, 2), D(2023, 7, 1))
    # A leap day: two years on is the last day of February.
    assert rules.application_deadline(D(2024, 2, 29)) == D(2026, 2, 28)


def test_due_state_says_overdue_today_or_upcoming():
    today = D(2023, 5, 10)
    assert rules.due_state(D(2023, 5, 9), today) == "overdue"
    assert rules.due_state(today, today) == "today"
    assert rules.due_state(D(2023, 5, 11), today) == "upcoming"
    assert rules.due_state(None, today) == ""


def test_the_settings_list_names_each_article():
    keys = {key: source for key, _value, _unit, source in rules.SETTINGS}
    assert "第29條第1項" in keys["unemployment.re_recognition_interval_days"]
    assert "第29條第3項" in keys["unemployment.job_search_records_min"]
    assert "第25條" in keys["unemployment.recognition_days"]


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
       st.integers(min_value=1, max_value=60))
def test_each_re_recognition_is_exactly_the_interval_after_the_last(day, interval):
    due = rules.next_re_recognition(day, interval)
    assert (due - day).days == interval
    assert rules.re_recognition_too_early(due, due - dt.timedelta(days=1))
    assert not rules.re_recognition_too_early(due, due)


def test_stability_is_due_three_calendar_months_after_the_start():
    assert prules.stability_due_on(D(2023, 1, 15)) == D(2023, 4, 15)
    assert prules.stability_due_on(D(2022, 11, 30)) == D(2023, 2, 28)
    assert prules.stability_due_on(D(2023, 12, 31)) == D(2024, 3, 31)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
def test_stability_due_date_is_between_89_and_92_days_later(day):
    assert 89 <= (prules.stability_due_on(day) - day).days <= 92


def test_seniors_are_45_or_older_on_the_day():
    born = D(1978, 5, 10)
    assert not prules.senior_on(born, D(2023, 5, 9))
    assert prules.senior_on(born, D(2023, 5, 10))
    assert prules.age_on(D(2000, 2, 29), D(2023, 2, 28)) == 22
    assert prules.age_on(D(2000, 2, 29), D(2023, 3, 1)) == 23


def test_main_list_is_full_at_the_number_of_positions():
    assert not prules.main_list_full(2, 3)
    assert prules.main_list_full(3, 3)
