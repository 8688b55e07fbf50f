"""Load a demo scenario: `python manage.py load_scenario taipei-2023h1`.

Every app's part is loaded once (see labor.core.scenarios); a second run skips what is there.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from labor.core import scenarios


class Command(BaseCommand):
    help = "Load a demo scenario (each app's part once; parts already loaded are skipped)."

    def add_arguments(self, parser):
        parser.add_argument("scenario", help=f"one of: {', '.join(sorted(scenarios.SCENARIOS))}")
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even with DEBUG off (the scenario creates demo accounts with a known "
            "password: never on a production database)",
        )

    def handle(self, *args, scenario, force, **options):
        try:
            chosen = scenarios.get_scenario(scenario)
        except scenarios.ScenarioError as exc:
            raise CommandError(str(exc)) from None
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to load demo data (demo accounts have a published "
                "password). Pass --force if this database is for demonstration only."
            )
        load_with_output(self, chosen, verbosity=options["verbosity"])


def load_with_output(command: BaseCommand, scenario: scenarios.Scenario, *, verbosity: int = 1):
    """Load ``scenario``, reporting each part on stdout and progress on stderr."""
    quiet = verbosity < 1

    def log(message: str) -> None:
        if not quiet:
            command.stdout.write(f"  {message}")

    if not quiet:
        command.stdout.write(f"Loading scenario {scenario.name} ({scenario.label})")
    # The wrapped stream itself, so that progress rewrites one line on a terminal.
    stream = getattr(command.stderr, "_out", command.stderr)
    progress = scenarios.no_progress if quiet else scenarios.StreamProgress(stream)
    try:
        result = scenarios.load(scenario, progress=progress, log=log)
    except scenarios.PartFailed as exc:
        # Parts before the failing one stay loaded and recorded; a re-run resumes there.
        raise CommandError(f"loading {scenario.name}: {exc}") from exc
    except scenarios.ScenarioError as exc:
        raise CommandError(str(exc)) from None
    if any(not p.skipped for p in result.parts):
        _refresh_planner_statistics()
    if not quiet:
        loaded = [p for p in result.parts if not p.skipped]
        seconds = sum(p.seconds for p in loaded)
        command.stdout.write(
            command.style.SUCCESS(
                f"Scenario {scenario.name}: {len(loaded)} part(s) loaded "
                f"({result.loaded_rows:,} rows, {seconds:.1f} s), "
                f"{len(result.parts) - len(loaded)} already there."
            )
        )
    return result


def _refresh_planner_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still believes the tables are small until
    autovacuum analyses them, and skips indexes such as the job search's bigram index (a p95
    of 170 ms instead of 100 ms under load): analyse now. SQLite plans without statistics."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
