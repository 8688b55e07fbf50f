"""Unemployment recognition (失業認定) under 就業保險法, as pure functions. No Django imports.

The statute, as read from secondary sources [S] (DOMAIN.md does not cover it; the day counts
are dated settings, employment migration 0003, key ``unemployment.*``, so that the bureau
corrects them in the admin with a dated row rather than in code):

- Art. 11 I (1): the unemployment benefit is for an insured person who left involuntarily,
  registered as a job seeker with a public employment service and, **within 14 days of the
  registration**, could be neither referred to a job nor placed in training.
- Art. 20 I: the benefit is counted **from the 15th day** after the registration (the
  registration day being the first).
- Art. 25 I: the claimant applies in person **within 2 years** of leaving work and being
  withdrawn from the insurance, with the separation certificate; II-III: the service counsels
  the claimant, refers to a job or arranges training within the 14 days, and when it could
  not, **completes the recognition on the following day** and passes it to the insurer.
- Art. 29 I: a claimant who continues to claim applies in person for **re-recognition
  (失業再認定) within 30 days of the previous benefit**, i.e. once per 30-day benefit period;
  II: without re-recognition the benefit stops; III: at each re-recognition the claimant
  shows **at least two job-search records** (求職紀錄); missing ones may be supplied within
  7 days.

Reading adopted here (stated once, used everywhere):

- The 14 days count the registration (= application) day as day 1, so the recognition may be
  made from ``applied_on + 14`` (the 15th day) and not before (art. 20 I, art. 25 III).
- A re-recognition covers the 30 days since the previous (re-)recognition, so it may be made
  from ``previous + 30`` days; earlier it is refused with 「失業再認定日期未到（應於…以後辦
  理）。」. The next one is due 30 days after the day the re-recognition was actually made.
- A re-recognition needs at least two job-search records dated after the previous
  (re-)recognition and not after the re-recognition itself.
"""

from __future__ import annotations

import calendar
import datetime as dt

# Defaults of the dated settings (used only when the setting is missing, e.g. in a test
# database flushed of migration data). Keys and sources: SETTINGS below.
RECOGNITION_DAYS = 14
RE_RECOGNITION_INTERVAL_DAYS = 30
JOB_SEARCH_RECORDS_MIN = 2
APPLICATION_WINDOW_MONTHS = 24

# (key, default, unit, source) of the dated settings the employment migration loads, [S].
SETTINGS = [
    ("unemployment.recognition_days", RECOGNITION_DAYS, "日",
     "就業保險法第11條第1項第1款、第20條第1項、第25條第2項及第3項"),
    ("unemployment.re_recognition_interval_days", RE_RECOGNITION_INTERVAL_DAYS, "日",
     "就業保險法第29條第1項"),
    ("unemployment.job_search_records_min", JOB_SEARCH_RECORDS_MIN, "次",
     "就業保險法第29條第3項"),
    ("unemployment.application_window_months", APPLICATION_WINDOW_MONTHS, "月",
     "就業保險法第25條第1項"),
]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day
    (2023-01-31 + 1 month = 2023-02-28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def application_deadline(separated_on: dt.date,
                         months: int = APPLICATION_WINDOW_MONTHS) -> dt.date:
    """The last day to apply (art. 25 I: within 2 years of leaving)."""
    return add_months(separated_on, months)


def application_in_time(separated_on: dt.date, applied_on: dt.date,
                        months: int = APPLICATION_WINDOW_MONTHS) -> bool:
    return separated_on <= applied_on <= application_deadline(separated_on, months)


def recognition_earliest(applied_on: dt.date, days: int = RECOGNITION_DAYS) -> dt.date:
    """The first day the recognition may be made: the day after the 14 days that start with
    the registration day (arts. 20 I, 25 III), i.e. ``applied_on + 14``."""
    return applied_on + dt.timedelta(days=days)


def recognition_too_early(applied_on: dt.date, on: dt.date,
                          days: int = RECOGNITION_DAYS) -> bool:
    return on < recognition_earliest(applied_on, days)


def next_re_recognition(previous_on: dt.date,
                        interval: int = RE_RECOGNITION_INTERVAL_DAYS) -> dt.date:
    """The first day of the next re-recognition: ``interval`` days after the previous
    recognition or re-recognition (art. 29 I)."""
    return previous_on + dt.timedelta(days=interval)


def re_recognition_too_early(due_on: dt.date, on: dt.date) -> bool:
    """A re-recognition before its date is refused (失業再認定日期未到)."""
    return on < due_on


def enough_job_searches(count: int, minimum: int = JOB_SEARCH_RECORDS_MIN) -> bool:
    """Art. 29 III: at least two job-search records at each re-recognition."""
    return count >= minimum


def job_search_in_period(searched_on: dt.date, previous_on: dt.date, on: dt.date) -> bool:
    """A job search counts for the re-recognition made on ``on`` when it was made after the
    previous (re-)recognition and not after ``on``."""
    return previous_on < searched_on <= on


def due_state(next_due_on: dt.date | None, today: dt.date) -> str:
    """"overdue" (its date has passed), "today", "upcoming"; "" without a date."""
    if next_due_on is None:
        return ""
    if next_due_on < today:
        return "overdue"
    if next_due_on == today:
        return "today"
    return "upcoming"
