"""Prepare the embedded demo: `python manage.py demo_setup` (called by `make run`).

Migrates, loads the demo scenario where it is missing, makes sure the demo accounts exist, and
prints the address and the demo logins. Safe to re-run: the second run takes seconds.
Static files are not collected: with DEBUG on, runserver serves them from the apps.
"""

import os
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from labor.core import scenarios
from labor.core.management.commands.load_scenario import load_with_output
from labor.core.scenario import DEMO_PASSWORD, demo_staff_ensure

DEMO_SCENARIO = "taipei-2023h1"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in [header, *rows]]


class Command(BaseCommand):
    help = "Migrate, load the demo scenario and demo accounts if missing, print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", default=os.environ.get("PORT", "8000"), help="port to print (PORT env)"
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"set every demo account's password back to {DEMO_PASSWORD!r}",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (demo databases only)"
        )

    def handle(self, *args, port, reset_passwords, force, verbosity, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to set up demo data and demo accounts with a published "
                "password. Pass --force if this database is for demonstration only."
            )
        self.stdout.write("==> Migrating the database")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))

        scenario = scenarios.get_scenario(DEMO_SCENARIO)
        if scenarios.is_loaded(scenario):
            self.stdout.write(f"==> Demo scenario {scenario.name} already loaded")
        else:
            self.stdout.write("==> Loading the demo scenario (progress below)")
            load_with_output(self, scenario, verbosity=verbosity)

        logins = demo_staff_ensure(reset_passwords=reset_passwords, seed=scenario.seed)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"==> Demo ready: http://127.0.0.1:{port}/"))
        self.stdout.write(f"    Demo logins (the same password for every account: {DEMO_PASSWORD})")
        table = format_table(
            ("username", "unit", "role", "password"),
            [(x.username, x.unit, x.role, DEMO_PASSWORD) for x in logins],
        )
        for line in table:
            self.stdout.write(f"    {line}")
        citizen = get_user_model().objects.filter(
            username__startswith="citizen", staff_profile__isnull=True
        ).order_by("username").first()
        self.stdout.write(f"    Online services for the public: http://127.0.0.1:{port}/online/")
        if citizen is not None:
            self.stdout.write(
                f"    (a demo applicant: {citizen.username} / {DEMO_PASSWORD}, or sign up)"
            )
        self.stdout.write(f"    (a demo employer, online notifications at /online/employers/: employer@example.com / {DEMO_PASSWORD})")  # noqa: E501
