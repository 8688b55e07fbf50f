"""The committee route's later periods (勞資爭議處理法 arts. 13-16) as dated settings.

DOMAIN.md marks them [U] (unconfirmed): these are defaults to be checked against the law's
text and corrected in the admin (they are data). rules.py names the functions that use them.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SOURCE = "勞資爭議處理法第13至16條（待確認）"
EFFECTIVE_FROM = dt.date(2011, 5, 1)
SETTINGS = [
    ("disputes.committee_convene_days", 14),
    ("disputes.committee_investigation_days", 10),
    ("disputes.committee_meeting_after_report_days", 15),
]


def load(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    for key, days in SETTINGS:
        DatedSetting.objects.get_or_create(
            key=key, city="", effective_from=EFFECTIVE_FROM,
            defaults={"value": Decimal(days), "unit": "日", "certainty": "U", "source": SOURCE},
        )


def unload(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    DatedSetting.objects.filter(
        key__in=[key for key, _days in SETTINGS], city="", effective_from=EFFECTIVE_FROM,
        source=SOURCE,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
