"""The day counts of unemployment recognition (就業保險法 arts. 11, 20, 25, 29) as dated
settings, certainty [S]: DOMAIN.md does not cover the act, so they were taken from secondary
sources (see labor/employment/rules_unemployment.py). The bureau corrects one in the admin by
adding a row with its own effective date.

The values are written here, not imported from rules_unemployment, so that the migration keeps
loading what it loaded when the module changes.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

EFFECTIVE_FROM = dt.date(2003, 1, 1)  # 就業保險法 in force from 2003-01-01
ROWS = [
    ("unemployment.recognition_days", 14, "日",
     "就業保險法第11條第1項第1款、第20條第1項、第25條第2項及第3項"),
    ("unemployment.re_recognition_interval_days", 30, "日", "就業保險法第29條第1項"),
    ("unemployment.job_search_records_min", 2, "次", "就業保險法第29條第3項"),
    ("unemployment.application_window_months", 24, "月", "就業保險法第25條第1項"),
]


def load(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    for key, value, unit, source in ROWS:
        DatedSetting.objects.get_or_create(
            key=key, city="", effective_from=EFFECTIVE_FROM,
            defaults={"value": Decimal(value), "unit": unit, "certainty": "S",
                      "source": source},
        )


def unload(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    DatedSetting.objects.filter(key__in=[row[0] for row in ROWS], city="",
                                effective_from=EFFECTIVE_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("employment", "0002_programmes"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
