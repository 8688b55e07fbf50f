"""Load the occupations of the national standard classification (職業標準分類) shipped in
labor/employment/data/occupations.csv: major groups, sub-major groups and the common minor
groups, each under its parent. Loading again updates names and parents by code."""

import contextlib
import csv
from pathlib import Path

from django.db import migrations, transaction
from django.db.models import ProtectedError

DATA = Path(__file__).resolve().parent.parent / "data" / "occupations.csv"


def rows():
    with DATA.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def load(apps, schema_editor):
    Occupation = apps.get_model("employment", "Occupation")
    by_code = {}
    for row in rows():  # parents come before their children in the file
        parent = by_code[row["parent"]] if row["parent"] else None
        occupation, _ = Occupation.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "parent": parent}
        )
        by_code[row["code"]] = occupation


def unload(apps, schema_editor):
    Occupation = apps.get_model("employment", "Occupation")
    codes = [row["code"] for row in rows()]
    # Children first; an occupation a vacancy names stays, and so does its parent (PROTECT).
    for code in sorted(codes, key=len, reverse=True):
        with contextlib.suppress(ProtectedError), transaction.atomic():
            Occupation.objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("employment", "0003_unemployment_settings")]
    operations = [migrations.RunPython(load, unload)]
