#!/usr/bin/env python
"""Generate the demo scenario's records at K times its size over N years, for the benchmarks.

    .venv/bin/python bench/generate.py --years N --scale K [--database-url URL]

It migrates the database, then loads every app's scenario part (labor.core.scenarios) with the
scenario scaled: K times as many establishments (the headcount bands of its as_of day times
K), with headcount histories over the N years that end with the scenario's last year, and
each line of service's records likewise. The builders are the scenario's own, so the data has
the scenario's shape at any size. Without --database-url it uses the database the settings
point at (DATABASE_URL, or the SQLite file under LABOR_VAR_DIR).

Re-running with the same parameters skips what is loaded; a database that holds another
scenario (the demo's, or other parameters) is refused: give each size its own database, e.g.

    LABOR_VAR_DIR=/tmp/bench-x10 .venv/bin/python bench/generate.py --years 5 --scale 10
    LABOR_VAR_DIR=/tmp/bench-x10 .venv/bin/python bench/indicators_vs_sql.py --period 2023H1

Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, not {text}")
        return value

    return parse


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=_positive(int), default=2,
                        help="years of history, ending with the scenario's last year (default 2)")
    parser.add_argument("--scale", type=_positive(float), default=1.0,
                        help="size as a multiple of the demo scenario (default 1)")
    parser.add_argument("--database-url", help="database to fill (default: the settings')")
    parser.add_argument("--scenario", default="taipei-2023h1", help="base scenario")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor.settings")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from labor.core import scenarios
    from labor.core.models import Establishment, HeadcountRecord, Person

    try:
        scenario = scenarios.get_scenario(args.scenario).scaled(scale=args.scale, years=args.years)
    except scenarios.ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # The database's name only: a URL may carry a password.
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"Scenario: {scenario.name} ({scenario.first_year}-{scenario.last_year}, "
          f"scale {scenario.scale:g})")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    try:
        result = scenarios.load(
            scenario, progress=scenarios.StreamProgress(sys.stderr), log=lambda m: print(f"  {m}")
        )
    except scenarios.ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finished = time.perf_counter()

    print("Made:")
    for label, model in [
        ("establishments", Establishment),
        ("headcount records", HeadcountRecord),
        ("persons", Person),
    ]:
        print(f"  {label:<20} {model.objects.count():>12,}"
              f"  (history rows {model.history.count():,})")
    loaded = [p for p in result.parts if not p.skipped]
    print(f"Loaded {len(loaded)} part(s), {result.loaded_rows:,} rows, in "
          f"{finished - migrated:.1f} s (migrate {migrated - started:.1f} s); "
          f"{len(result.parts) - len(loaded)} part(s) were already there.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
