"""manage.py council_report 2023H1 --format odt|docx|pdf|html --output PATH"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from labor.council.render import FORMATS, render
from labor.council.structure import NOT_YET_NOTE
from labor.stats.periods import Period


class Command(BaseCommand):
    help = "Render the council work report of a period (ODT, DOCX, PDF or HTML)."

    def add_arguments(self, parser):
        parser.add_argument("period", help="2023H1, 2023, 2023Q2, 2023-06 ...")
        parser.add_argument("--format", choices=sorted(FORMATS), default="odt")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--user", default="",
                            help="username recorded as the maker of the report run (if runs "
                                 "exist); without it the figures are computed directly")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        rendered = render(period, options["format"], user=user)
        output = Path(options["output"])
        output.write_bytes(rendered.content)
        report = rendered.report
        self.stdout.write(f"{output} ({len(rendered.content):,} bytes), {period.label}, "
                          f"figures: {report.figures.source}")
        if report.sections_without_data:
            self.stdout.write(f"{len(report.sections_without_data)} sections without data "
                              f"({NOT_YET_NOTE})")
        if report.flags:
            self.stdout.write(self.style.WARNING(
                f"{len(report.flags)} hand-typed numbers to review:"))
            for flag in report.flags:
                self.stdout.write(f"  {flag}")
        else:
            self.stdout.write("hand-typed numbers to review: none")
        if report.figures.breaches:
            self.stdout.write(self.style.WARNING("cross-check breaches:"))
            for breach in report.figures.breaches:
                self.stdout.write(f"  {breach}")
