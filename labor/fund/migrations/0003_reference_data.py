"""The fund's chart of accounts and the litigation subsidy's dated settings.

Accounts: the fund's sources (city appropriations, interest, repayments of subsidies, other
income), its uses (the litigation subsidy by item, the tuition subsidy for children of unemployed
workers and the other programmes the fund pays for under the 2023 ordinance amendment), cash and
the accumulated surplus. Codes are ours, grouped as government funds group them (1 assets,
2 liabilities, 3 fund balance, 4 income, 5 expenditure); add accounts in the admin, never
renumber.

Settings: DOMAIN.md gives no Taipei caps [U]. The lawyer-fee caps are the central scheme's
(勞資爭議法律及生活費用扶助辦法: 40,000 per instance, 60,000 for a complex case), which DOMAIN.md
quotes "for comparison"; the others are placeholders the bureau must confirm. All are data:
correct them in the admin with a new effective date.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

ACCOUNTS = [
    ("1101", "現金及銀行存款", "asset"),
    ("3101", "累積賸餘", "equity"),
    ("4101", "市府撥入收入", "income"),
    ("4201", "利息收入", "income"),
    ("4301", "收回訴訟補助款收入", "income"),
    ("4901", "其他收入", "income"),
    ("5101", "訴訟補助－裁判費", "expense"),
    ("5102", "訴訟補助－律師費", "expense"),
    ("5103", "訴訟補助－強制執行費", "expense"),
    ("5104", "訴訟補助－生活費用", "expense"),
    ("5201", "失業勞工子女就學費用補助", "expense"),
    ("5301", "其他勞動權益補助", "expense"),
    ("5401", "促進勞工職業技能及國民就業補助", "expense"),
    ("5901", "業務及管理費用", "expense"),
]

SINCE = dt.date(2010, 1, 1)
CENTRAL = "比照勞資爭議法律及生活費用扶助辦法（中央方案）；本市上限待確認"
PLACEHOLDER = "暫定值，本市上限待確認"
SETTINGS = [
    # key, effective_from, value, unit, source
    ("fund.cap.court_fee", SINCE, 100000, "元", PLACEHOLDER),
    ("fund.cap.lawyer_fee", SINCE, 40000, "元", CENTRAL),
    ("fund.cap.lawyer_fee_complex", SINCE, 60000, "元", CENTRAL),
    ("fund.cap.enforcement_fee", SINCE, 50000, "元", PLACEHOLDER),
    # Living expenses a month: the minimum monthly wage of the year, as a placeholder.
    ("fund.cap.living_expenses_month", SINCE, 25250, "元", PLACEHOLDER + "（比照基本工資）"),
    ("fund.cap.living_expenses_month", dt.date(2023, 1, 1), 26400, "元",
     PLACEHOLDER + "（比照基本工資）"),
    ("fund.cap.living_expenses_month", dt.date(2024, 1, 1), 27470, "元",
     PLACEHOLDER + "（比照基本工資）"),
    ("fund.cap.living_expenses_month", dt.date(2025, 1, 1), 28590, "元",
     PLACEHOLDER + "（比照基本工資）"),
    ("fund.cap.living_expenses_month", dt.date(2026, 1, 1), 29500, "元",
     PLACEHOLDER + "（比照基本工資）"),
    ("fund.cap.living_expenses_months", SINCE, 12, "月", PLACEHOLDER),
    ("fund.recovery.notice_days", SINCE, 30, "日", "催繳通知繳還期間，暫定值待確認"),
]


def load(apps, schema_editor):
    Account = apps.get_model("fund", "Account")
    for code, name, kind in ACCOUNTS:
        Account.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    DatedSetting = apps.get_model("core", "DatedSetting")
    for key, since, value, unit, source in SETTINGS:
        DatedSetting.objects.get_or_create(
            key=key, city="", effective_from=since,
            defaults={"value": Decimal(value), "unit": unit, "certainty": "U",
                      "source": source},
        )


def unload(apps, schema_editor):
    apps.get_model("fund", "Account").objects.filter(
        code__in=[code for code, *_rest in ACCOUNTS], lines__isnull=True).delete()
    apps.get_model("core", "DatedSetting").objects.filter(
        key__startswith="fund.", city="").delete()


class Migration(migrations.Migration):
    dependencies = [("fund", "0002_applications_recovery"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
