"""How many days a penalty decision letter gives to pay, as a dated setting.

No statute fixes the period; 30 days from the day after service is the usual wording of the
labor authorities' decision letters, so it is entered as unconfirmed [U]: the bureau corrects
it in the admin (a new row with its own effective date) if its practice differs.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

KEY = "lsa.fine.payment_days"
EFFECTIVE_FROM = dt.date(2000, 1, 1)


def load(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    DatedSetting.objects.get_or_create(
        key=KEY, city="", effective_from=EFFECTIVE_FROM,
        defaults={"value": Decimal(30), "unit": "日", "certainty": "U",
                  "source": "裁處書繳納期限（自送達之次日起算）"},
    )


def unload(apps, schema_editor):
    DatedSetting = apps.get_model("core", "DatedSetting")
    DatedSetting.objects.filter(key=KEY, city="", effective_from=EFFECTIVE_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_osh_fine_settings"),
                    ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
