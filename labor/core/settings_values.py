"""Reading dated settings: the value of a key in force on a date."""

import datetime as dt
from decimal import Decimal

from django.conf import settings as django_settings
from django.db.models import Q

from labor.core.models import DatedSetting


class SettingMissing(LookupError):
    pass


def dated_value(key: str, on: dt.date, *, city: str | None = None) -> Decimal:
    """The value of ``key`` on ``on``: a city-specific row wins over a national one (city "")."""
    city = django_settings.LABOR_CITY if city is None else city
    rows = (
        DatedSetting.objects.filter(key=key, effective_from__lte=on)
        .filter(Q(city=city) | Q(city=""))
        .order_by("-city", "-effective_from")  # city rows sort after "" descending
        .values_list("value", flat=True)
    )
    value = rows.first()
    if value is None:
        raise SettingMissing(f"no value for {key!r} on {on} (city {city!r})")
    return value
