"""Rules of the employment programmes other than unemployment recognition, as pure functions.
No Django imports.

- Stable employment (穩定就業3個月): a placed case is followed up three months after the work
  starts; the council report counts "stable 3 months" only once those months have passed.
  The period is the programmes' own practice (就業服務個案管理 and 社區就業服務), not a
  statute [U]: STABILITY_MONTHS.
- Job redesign for seniors (職務再設計) serves middle-aged and elderly workers: 中高齡者 are
  aged 45 to 65 and 高齡者 over 65 (中高齡者及高齡者就業促進法 art. 3 [S]), so the applicant is
  at least 45 on the day the application is received.
- Recruitment exams: the main list (正取) never holds more persons than the positions.
"""

from __future__ import annotations

import datetime as dt

from labor.employment.rules_unemployment import add_months

STABILITY_MONTHS = 3
SENIOR_MIN_AGE = 45


def stability_due_on(starts_on: dt.date, months: int = STABILITY_MONTHS) -> dt.date:
    """The day the 3-month stability follow-up of work that started on ``starts_on`` is due."""
    return add_months(starts_on, months)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years of age on ``on`` (a 29 February birthday is reached on 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def senior_on(birth_date: dt.date, on: dt.date, min_age: int = SENIOR_MIN_AGE) -> bool:
    return age_on(birth_date, on) >= min_age


def main_list_full(main_count: int, positions: int) -> bool:
    """True when the main list (正取) already holds as many persons as there are positions."""
    return main_count >= positions
