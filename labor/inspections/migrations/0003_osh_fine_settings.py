"""The Occupational Safety and Health Act's fine bands as dated settings.

DOMAIN.md is silent on them; the values are the Act's text on the national law database [S]
(職業安全衛生法 arts. 43 and 45, as amended 2013-07-03, in force 2014-07-03). Data, not code:
correct them in the admin when the Act changes.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

EFFECTIVE_FROM = dt.date(2014, 7, 3)
SETTINGS = [
    ("osh.fine.art43.min", 30000, "職業安全衛生法第43條"),
    ("osh.fine.art43.max", 300000, "職業安全衛生法第43條"),
    ("osh.fine.art45.min", 3000, "職業安全衛生法第45條"),
    ("osh.fine.art45.max", 30000, "職業安全衛生法第45條"),
]


def load(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    for key, value, source in SETTINGS:
        DatedSetting.objects.get_or_create(
            key=key, city="", effective_from=EFFECTIVE_FROM,
            defaults={"value": Decimal(value), "unit": "元", "certainty": "S", "source": source},
        )


def unload(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    DatedSetting.objects.filter(key__in=[key for key, *_rest in SETTINGS], city="",
                                effective_from=EFFECTIVE_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_domains_registries_referrals"),
                    ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
