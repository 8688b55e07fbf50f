"""manage.py export_records KIND --format csv|xlsx -o FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labor.core.imports.exporting import records_export
from labor.core.imports.kinds import get_kind


class Command(BaseCommand):
    help = "Export records in the columns import_records reads (re-importing changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="establishments, headcounts, persons, office_calendar")
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, kind, fmt, output, **options):
        try:
            get_kind(kind)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        content = records_export(kind=kind, fmt=fmt)
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(_("無法寫入 %(name)s：%(detail)s")
                               % {"name": output, "detail": exc.strerror}) from None
        self.stdout.write(_("已匯出至 %(name)s（%(size)s 位元組）。")
                          % {"name": output, "size": f"{len(content):,}"})
