#!/usr/bin/env python
"""Time computing every indicator for a period against one hand-written SQL query doing the
kernel's counts (establishments by headcount band and by district), on the same data in the
same run; check that both agree and print the ratio.

    .venv/bin/python bench/indicators_vs_sql.py [--period 2023H1] [--runs 5] [--scale K]

It reads the database the settings point at (DATABASE_URL, or the SQLite file under
LABOR_VAR_DIR), which must hold data: the demo scenario (``make run``, or ``manage.py migrate``
and ``manage.py load_scenario taipei-2023h1``) or bench/generate.py's scaled scenario.
``--scale K [--years N]`` runs bench/generate.py first when the database holds no
establishments, so one command does both on a throwaway database:

    LABOR_VAR_DIR=/tmp/bench-x10 .venv/bin/python bench/indicators_vs_sql.py --scale 10

Not part of the test run. Exit status 1 when the two disagree, 2 when there is nothing to
count.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from labor.core import selectors  # noqa: E402
from labor.core.models import District, Establishment, HeadcountRecord  # noqa: E402
from labor.stats.periods import Period  # noqa: E402
from labor.stats.registry import registry  # noqa: E402

KERNEL_PREFIX = "establishments"


def _band_case(column: str) -> str:
    whens = "\n".join(
        f"                WHEN {column} <= {band.high} THEN '{band.key}'"
        for band in selectors.HEADCOUNT_BANDS
        if band.high is not None
    )
    return (
        f"CASE WHEN {column} IS NULL OR {column} < {selectors.HEADCOUNT_BANDS[0].low} "
        f"THEN '{selectors.UNKNOWN_BAND}'\n{whens}\n"
        f"                ELSE '{selectors.HEADCOUNT_BANDS[-1].key}' END"
    )


# An establishment counts while it existed: registered by the cut-off (or date unknown) and not
# yet closed. In the join's ON clause, so that districts with none still get their zero row.
EXISTED = (
    "AND (e.registered_on IS NULL OR e.registered_on <= %s) "
    "AND (e.closed_on IS NULL OR e.closed_on > %s)"
)


# Two ways a person would write it by hand; the faster one on this database is the baseline.
# Each returns (district, band, establishments) for every district of the city, the band from
# the latest headcount record on or before the cut-off (the kernel's rule).
def sql_latest_by_join() -> str:
    """The latest record found by a grouped MAX(as_of), joined back."""
    headcounts = HeadcountRecord._meta.db_table
    return f"""
        WITH latest_date AS (
            SELECT establishment_id, MAX(as_of) AS as_of FROM {headcounts}
            WHERE as_of <= %s GROUP BY establishment_id
        ), latest AS (
            SELECT h.establishment_id, h.headcount FROM {headcounts} h
            JOIN latest_date m ON m.establishment_id = h.establishment_id AND m.as_of = h.as_of
        )
        SELECT d.code, {_band_case("l.headcount")} AS band, COUNT(e.id)
        FROM {District._meta.db_table} d
        LEFT JOIN {Establishment._meta.db_table} e ON e.district_id = d.id {EXISTED}
        LEFT JOIN latest l ON l.establishment_id = e.id
        WHERE d.city = %s
        GROUP BY 1, 2
    """


def sql_latest_by_subquery() -> str:
    """The latest record's band found by a correlated subquery (one index probe per
    establishment). The CASE sits inside the subquery: outside it, PostgreSQL and SQLite
    evaluate the subquery again for every WHEN."""
    return f"""
        SELECT d.code, COALESCE((
                SELECT {_band_case("h.headcount")} FROM {HeadcountRecord._meta.db_table} h
                WHERE h.establishment_id = e.id AND h.as_of <= %s
                ORDER BY h.as_of DESC LIMIT 1
            ), '{selectors.UNKNOWN_BAND}') AS band, COUNT(e.id)
        FROM {District._meta.db_table} d
        LEFT JOIN {Establishment._meta.db_table} e ON e.district_id = d.id {EXISTED}
        WHERE d.city = %s
        GROUP BY 1, 2
    """


def sql_latest_by_lateral() -> str:
    """PostgreSQL only: the latest record by a LATERAL join."""
    return f"""
        SELECT d.code, {_band_case("l.headcount")} AS band, COUNT(e.id)
        FROM {District._meta.db_table} d
        LEFT JOIN {Establishment._meta.db_table} e ON e.district_id = d.id {EXISTED}
        LEFT JOIN LATERAL (
            SELECT h.headcount FROM {HeadcountRecord._meta.db_table} h
            WHERE h.establishment_id = e.id AND h.as_of <= %s
            ORDER BY h.as_of DESC LIMIT 1
        ) l ON true
        WHERE d.city = %s
        GROUP BY 1, 2
    """


SQL_VARIANTS = {
    "grouped MAX join": sql_latest_by_join,
    "correlated subquery": sql_latest_by_subquery,
}
if connection.vendor == "postgresql":
    SQL_VARIANTS["lateral join"] = sql_latest_by_lateral


def counts_by_sql(sql: str, period: Period) -> dict[str, int]:
    with connection.cursor() as cursor:
        # every variant takes the cut-off three times (headcount, registered, closed), then the city
        cursor.execute(sql, [period.end, period.end, period.end, settings.LABOR_CITY])
        rows = cursor.fetchall()
    out = {f"{KERNEL_PREFIX}.total": 0}
    out.update({f"{KERNEL_PREFIX}.by_headcount.{key}": 0 for key in selectors.BAND_KEYS})
    for district, band, n in rows:
        out[f"{KERNEL_PREFIX}.total"] += n
        out[f"{KERNEL_PREFIX}.by_headcount.{band}"] += n
        key = f"{KERNEL_PREFIX}.by_district.{district}"
        out[key] = out.get(key, 0) + n
    return out


def best_of(runs: int, work):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def generate(scale: float, years: int) -> int:
    """Fill the database with bench/generate.py (the scenario's own builders, scaled)."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH_DIR / "generate.py")
    if spec is None or not (BENCH_DIR / "generate.py").exists():
        print("bench/generate.py is missing: load data another way (see bench/README.md).")
        return 2
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(["--scale", f"{scale:g}", "--years", str(years)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--period", default="2023H1", help="a period, e.g. 2023H1 (default)")
    parser.add_argument("--runs", type=int, default=5, help="best of this many runs (5)")
    parser.add_argument(
        "--scale", type=float, metavar="K",
        help="first fill an empty database with bench/generate.py at K times the demo's size",
    )
    parser.add_argument(
        "--years", type=int, default=2, help="with --scale: years of history (default 2)"
    )
    args = parser.parse_args(argv)
    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        parser.error(str(exc))

    try:
        establishments = selectors.city_establishments().count()
    except DatabaseError:  # not migrated yet: bench/generate.py migrates
        connection.close()
        establishments = 0
    if args.scale and establishments == 0:
        status = generate(args.scale, args.years)
        if status:
            return status
        print()
        establishments = selectors.city_establishments().count()
    elif args.scale:
        print(f"The database already holds {establishments:,} establishments; --scale ignored.")
    if establishments == 0:
        print("No establishments to count. Load the demo scenario or run bench/generate.py, or "
              "pass --scale K on an empty throwaway database (see bench/README.md).")
        return 2

    db = connection.settings_dict
    where = db["NAME"] if connection.vendor == "sqlite" else f"{db['HOST']}/{db['NAME']}"
    records = HeadcountRecord.objects.filter(establishment__district__city=settings.LABOR_CITY)
    print(f"Database: {connection.vendor} ({where}); city {settings.LABOR_CITY}: "
          f"{establishments:,} establishments, {records.count():,} headcount records")
    print(f"Period: {period} ({period.label}, headcount as of {period.end}); "
          f"best of {args.runs} runs\n")

    if connection.vendor == "postgresql":
        # Fresh planner statistics: right after a bulk load there are none yet, and a plan made
        # blind can be a hundred times slower (the grouped MAX join took 14 s instead of 30 ms).
        # Not on SQLite, which the platform never ANALYZEs, and where ANALYZE made the same
        # join 200 times slower.
        tables = [m._meta.db_table for m in (District, Establishment, HeadcountRecord)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    registry.compute_all(period)  # warm-up: autodiscovery, connection, caches
    with CaptureQueriesContext(connection) as all_queries:
        registry.compute_all(period)
    with CaptureQueriesContext(connection) as kernel_queries:
        registry.compute_all(period, KERNEL_PREFIX)
    t_all, all_results = best_of(args.runs, lambda: registry.compute_all(period))
    t_kernel, kernel_results = best_of(
        args.runs, lambda: registry.compute_all(period, KERNEL_PREFIX)
    )
    sql_times, sql_results = {}, {}
    for name, variant in SQL_VARIANTS.items():
        sql = variant()
        sql_times[name], sql_results[name] = best_of(
            args.runs, lambda sql=sql: counts_by_sql(sql, period)
        )
    baseline = min(sql_times, key=sql_times.get)
    t_sql = sql_times[baseline]

    rows = [
        (f"all indicators via the registry ({len(all_results)} codes, "
         f"{len(all_queries)} queries)", t_all),
        (f"{KERNEL_PREFIX}.* via the registry ({len(kernel_results)} codes, "
         f"{len(kernel_queries)} queries)", t_kernel),
        *[(f"hand-written SQL, 1 query, {name}" + (" (baseline)" if name == baseline else ""),
           seconds) for name, seconds in sql_times.items()],
    ]  # fmt: skip
    width = max(len(label) for label, _t in rows)
    for label, seconds in rows:
        print(f"  {label:<{width}}  {seconds * 1000:9.1f} ms")
    print(f"\n  ratio all indicators / SQL:   {t_all / t_sql:6.2f}×")
    print(f"  ratio {KERNEL_PREFIX}.* / SQL: {t_kernel / t_sql:6.2f}×")

    registry_counts = {code: result.value for code, result in kernel_results.items()}
    failed = False
    for name, sql_counts in sql_results.items():
        differing = {
            code: (registry_counts.get(code), sql_counts.get(code))
            for code in sorted(set(registry_counts) | set(sql_counts))
            if registry_counts.get(code) != sql_counts.get(code)
        }
        if differing:
            failed = True
            print(f"\nDISAGREE with {name} (code: registry, SQL):")
            for code, (mine, theirs) in differing.items():
                print(f"  {code}: {mine}, {theirs}")
    if failed:
        return 1
    print(f"\n  agreement: all {len(registry_counts)} {KERNEL_PREFIX}.* codes equal in every "
          f"variant (total {registry_counts[f'{KERNEL_PREFIX}.total']:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
