"""Load reference data: districts, industry sections, dated settings, the office calendar
2022-2026 shipped in labor/core/data/office-calendar/."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from labor.core import office_calendar, reference

    District = apps.get_model("core", "District")
    Industry = apps.get_model("core", "Industry")
    DatedSetting = apps.get_model("core", "DatedSetting")
    OfficeCalendarDay = apps.get_model("core", "OfficeCalendarDay")

    for city, rows in reference.DISTRICTS.items():
        for order, (code, name, name_en, postal) in enumerate(rows, start=1):
            District.objects.update_or_create(
                city=city, code=code,
                defaults={"name": name, "name_en": name_en, "postal_code": postal,
                          "sort_order": order},
            )
    for code, name, name_en in reference.INDUSTRIES:
        Industry.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for key, city, start, value, unit, certainty, source in reference.DATED_SETTINGS:
        DatedSetting.objects.update_or_create(
            key=key, city=city, effective_from=dt.date.fromisoformat(start),
            defaults={"value": Decimal(str(value)), "unit": unit, "certainty": certainty,
                      "source": source},
        )
    OfficeCalendarDay.objects.bulk_create(
        [OfficeCalendarDay(date=d, is_rest_day=rest, remark=remark)
         for d, rest, remark in office_calendar.shipped_days()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
