"""System checks: warn when the office calendar does not cover next year (deadlines fall back
to weekends only outside the calendar)."""

import datetime as dt

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


# Tagged "database": it reads rows, so it runs with `check --database default`, not on startup.
@register(Tags.database)
def office_calendar_covers_next_year(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    from labor.core.models import OfficeCalendarDay

    try:
        last = OfficeCalendarDay.objects.order_by("-date").values_list("date", flat=True).first()
    except DatabaseError:
        return []  # not migrated yet
    today = dt.date.today()
    # The next year's calendar is published mid-year; from July on we expect it to be loaded.
    target = dt.date(today.year + (1 if today.month >= 7 else 0), 12, 31)
    if last is not None and last < target:
        return [
            Warning(
                f"The government office calendar ends on {last}; import next year's file "
                "(manage.py import_records office_calendar FILE) so that deadlines count holidays.",
                id="labor.W001",
            )
        ]
    return []
