"""manage.py export_open_data PERIOD --output DIR

Writes every registered indicator of PERIOD as open data into DIR: one CSV (UTF-8 with BOM)
and one JSON per indicator group, plus metadata.json and metadata.csv describing the fields and
the indicators (labor/stats/opendata.py). A bad period or an unusable directory is a zh-Hant
error and exit status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labor.stats import opendata
from labor.stats.periods import Period


class Command(BaseCommand):
    help = (
        "將指定期間（例如 2023H1）的所有統計指標匯出為開放資料："
        "每個指標群組一個 CSV（UTF-8 含 BOM）與一個 JSON，另附欄位與指標說明 metadata。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "period", help="期間：2023、2023H1、2023Q2、2023-06 或 asof:2023-06-30。"
        )
        parser.add_argument(
            "--output", metavar="DIR", required=True,
            help="輸出目錄（不存在時建立；同名檔案將被覆寫）。",
        )

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        directory = Path(options["output"])
        if directory.exists() and not directory.is_dir():
            raise CommandError(
                _("輸出位置「%(path)s」已存在且不是目錄。") % {"path": directory}
            )
        try:
            paths = opendata.export(period, directory)
        except OSError as exc:
            raise CommandError(
                _("無法寫入輸出目錄「%(path)s」：%(error)s") % {
                    "path": directory, "error": exc.strerror or exc,
                }
            ) from None
        for path in paths:
            self.stdout.write(str(path))
        self.stderr.write(
            _("已匯出%(label)s開放資料 %(count)s 個檔案至 %(path)s。") % {
                "label": period.label, "count": len(paths), "path": directory,
            }
        )
