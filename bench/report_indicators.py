#!/usr/bin/env python
"""Time the whole council report's indicators for a period (registry.compute_all, every
registered code) against hand-written SQL doing the same counts, on five years of city-scale
data, and check the 2-second budget of issue 4.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/labor_bench_y5 \\
        .venv/bin/python bench/report_indicators.py [--period 2023H1] [--runs 7]

When the database holds no establishments it first runs bench/generate.py ``--years 5
--scale 1`` (the demo city at its own size, five years of headcount history); otherwise it
reuses what is there. The SQL side is the fastest kernel query of bench/indicators_vs_sql.py
(establishments by district and headcount band) plus one query for the nine dispute figures.
Each indicator declaration is also run alone under CaptureQueriesContext, so that a figure
issuing one query per record shows up as a large query count.

Exit status: 0 when the figures agree and the budget holds, 1 when they disagree or the
budget is exceeded, 2 when there is nothing to count or the period is bad. Not part of the
test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor.settings")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError, connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from labor.core import selectors  # noqa: E402
from labor.core.models import Case, HeadcountRecord  # noqa: E402
from labor.disputes import rules  # noqa: E402
from labor.disputes.models import (  # noqa: E402
    Dispute,
    Kind,
    LawyerConsultation,
    LawyerSlot,
    Meeting,
    Outcome,
)
from labor.disputes.selectors import _bounds  # noqa: E402
from labor.stats.periods import Period  # noqa: E402
from labor.stats.registry import Family, registry  # noqa: E402

BUDGET_SECONDS = 2.0
# A declaration issuing more queries than this alone is suspect of one query per record.
QUERY_LIMIT = 10


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kernel_sql = _load("indicators_vs_sql")  # its SQL variants, counts_by_sql and best_of
best_of = kernel_sql.best_of

DISPUTE_CODES = {
    "disputes.cases_handled": "handled",
    "disputes.applications_received": "received",
    "disputes.online_applications": "online",
    "disputes.lawyer_consultations": "lawyer",
    "disputes.migrant_cases": "migrant_received",
    "disputes.migrant_coordination_meetings": "meetings",
}
RATIOS = {  # code: (numerator, denominator)
    "disputes.settlement_rate": ("settled", "handled"),
    "disputes.online_share": ("online", "received"),
    "disputes.migrant_coordination_success_rate": ("coord_succeeded", "coord_concluded"),
}


def dispute_sql() -> str:
    """One query, every dispute figure's count; parameters: see dispute_params."""
    d, c = Dispute._meta.db_table, Case._meta.db_table
    m, lc, ls = Meeting._meta.db_table, LawyerConsultation._meta.db_table, LawyerSlot._meta.db_table
    settled = ", ".join(f"'{o}'" for o in Outcome.values if rules.settlement_counts(o))
    med, coord, held = Kind.MEDIATION.value, Kind.COORDINATION.value, Meeting.Status.HELD.value

    def n(condition: str) -> str:
        return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"

    done = "x.outcome <> '' AND x.outcome_on BETWEEN %(day0)s AND %(day1)s"
    got = "x.received_at >= %(t0)s AND x.received_at < %(t1)s"
    went = (f"EXISTS (SELECT 1 FROM {m} mm WHERE mm.dispute_id = x.case_id "
            f"AND mm.status = '{held}')")
    return f"""
        SELECT
            {n(f"x.kind = '{med}' AND {done}")} AS handled,
            {n(f"x.kind = '{med}' AND {done} AND x.outcome IN ({settled})")} AS settled,
            {n(f"x.kind = '{med}' AND {got}")} AS received,
            {n(f"x.kind = '{med}' AND {got} AND x.channel = 'online'")} AS online,
            {n(f"x.kind = '{coord}' AND {got}")} AS migrant_received,
            {n(f"x.kind = '{coord}' AND {done} AND {went}")} AS coord_concluded,
            {n(f"x.kind = '{coord}' AND {done} AND x.outcome = 'settled' AND {went}")}
                AS coord_succeeded,
            (SELECT COUNT(*) FROM {m} WHERE kind = '{coord}' AND status = '{held}'
                AND held_at >= %(t0)s AND held_at < %(t1)s) AS meetings,
            (SELECT COUNT(*) FROM {lc} b JOIN {ls} s ON s.id = b.slot_id
                WHERE b.attended AND s.starts_at >= %(t0)s AND s.starts_at < %(t1)s) AS lawyer
        FROM (
            SELECT dd.case_id, dd.kind, dd.outcome, dd.outcome_on, cc.received_at, cc.channel
            FROM {d} dd JOIN {c} cc ON cc.id = dd.case_id
            WHERE dd.outcome_on BETWEEN %(day0)s AND %(day1)s
               OR (cc.received_at >= %(t0)s AND cc.received_at < %(t1)s)
        ) x
    """


def dispute_params(period: Period) -> dict:
    start, end = _bounds(period)
    start = start or dt.datetime(1, 1, 2, tzinfo=dt.UTC)
    if connection.vendor == "sqlite":  # stored as naive UTC text
        start, end = (t.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
                      for t in (start, end))
    return {"day0": period.start, "day1": period.end, "t0": start, "t1": end}


def dispute_counts(sql: str, period: Period) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, dispute_params(period))
        names = [col[0] for col in cursor.description]
        return dict(zip(names, (int(v) for v in cursor.fetchone()), strict=True))


def generate(years: int, scale: float) -> int:
    return _load("generate").main(["--years", str(years), "--scale", f"{scale:g}"])


def per_declaration_queries(period: Period) -> list[tuple[str, int, int]]:
    """(declaration, codes, queries) with each indicator or family computed alone."""
    out = []
    for item in registry.declarations():
        if isinstance(item, Family):
            with CaptureQueriesContext(connection) as queries:
                results = item.evaluate(period)
            out.append((f"{item.prefix}.*", len(results), len(queries)))
        else:
            with CaptureQueriesContext(connection) as queries:
                item.evaluate(period)
            out.append((item.code, 1, len(queries)))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--period", default="2023H1", help="a period (default 2023H1)")
    parser.add_argument("--runs", type=int, default=7, help="best of this many runs (7)")
    parser.add_argument("--years", type=int, default=5,
                        help="years of history to generate on an empty database (5)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size to generate on an empty database, × the demo city (1)")
    args = parser.parse_args(argv)
    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        parser.error(str(exc))

    try:
        establishments = selectors.city_establishments().count()
    except DatabaseError:  # not migrated yet: generate.py migrates
        connection.close()
        establishments = 0
    if establishments == 0:
        status = generate(args.years, args.scale)
        if status:
            return status
        print()
        establishments = selectors.city_establishments().count()
    if establishments == 0:
        print("No establishments to count (see bench/README.md).")
        return 2

    db = connection.settings_dict
    where = db["NAME"] if connection.vendor == "sqlite" else f"{db['HOST']}/{db['NAME']}"
    headcounts = HeadcountRecord.objects.all()
    first = headcounts.order_by("as_of").values_list("as_of", flat=True).first()
    last = headcounts.order_by("-as_of").values_list("as_of", flat=True).first()
    disputes = Dispute.objects.all()
    print(f"Database: {connection.vendor} ({where})")
    print(f"  {establishments:,} establishments, {headcounts.count():,} headcount records "
          f"({first} to {last})")
    received = Case.objects.filter(dispute__isnull=False).order_by("received_at")
    d_first = received.values_list("received_at", flat=True).first()
    d_last = received.reverse().values_list("received_at", flat=True).first()
    print(f"  {disputes.count():,} disputes received "
          f"{d_first and d_first.date()} to {d_last and d_last.date()}, "
          f"{Meeting.objects.count():,} meetings, "
          f"{LawyerConsultation.objects.count():,} lawyer bookings")
    print(f"Period: {period} ({period.label}); best of {args.runs} runs\n")

    if connection.vendor == "postgresql":  # planner statistics after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    registry.compute_all(period)  # warm-up: autodiscovery, connection, caches
    with CaptureQueriesContext(connection) as all_queries:
        results = registry.compute_all(period)
    t_all, results = best_of(args.runs, lambda: registry.compute_all(period))
    t_kernel, _r = best_of(args.runs, lambda: registry.compute_all(period, "establishments"))
    t_disputes, _r = best_of(args.runs, lambda: registry.compute_all(period, "disputes"))

    kernel_times, kernel_counts = {}, {}
    for name, variant in kernel_sql.SQL_VARIANTS.items():
        sql = variant()
        kernel_times[name], kernel_counts[name] = best_of(
            args.runs, lambda sql=sql: kernel_sql.counts_by_sql(sql, period)
        )
    kernel_best = min(kernel_times, key=kernel_times.get)
    d_sql = dispute_sql()
    t_dsql, d_counts = best_of(args.runs, lambda: dispute_counts(d_sql, period))
    t_sql = kernel_times[kernel_best] + t_dsql

    covered = {c for c in results if c.startswith("establishments.")}
    covered |= set(DISPUTE_CODES) | set(RATIOS)
    other = [c for c in results if c not in covered]
    rows = [
        (f"registry, ALL indicators ({len(results)} codes, {len(all_queries)} queries)", t_all),
        ("  of which establishments.* alone", t_kernel),
        ("  of which disputes.* alone", t_disputes),
        (f"hand-written SQL, kernel ({kernel_best}, 1 query)", kernel_times[kernel_best]),
        ("hand-written SQL, disputes (1 query)", t_dsql),
        ("hand-written SQL, total (2 queries)", t_sql),
    ]
    width = max(len(label) for label, _t in rows)
    for label, seconds in rows:
        print(f"  {label:<{width}}  {seconds * 1000:9.1f} ms")
    print(f"\n  ratio registry (all) / hand-written SQL: {t_all / t_sql:6.2f}×")
    if other:
        print(f"  (the SQL does not compute {len(other)} of the registry's codes, which are in "
              f"its time only: {', '.join(other[:6])}{' ...' if len(other) > 6 else ''})")
    holds = t_all < BUDGET_SECONDS
    print(f"  budget {BUDGET_SECONDS:g} s: {'HOLDS' if holds else 'EXCEEDED'} "
          f"({t_all:.3f} s)")

    print("\nQueries per declaration, each computed alone:")
    suspects = []
    for name, codes, n in per_declaration_queries(period):
        flag = ""
        if n > QUERY_LIMIT:
            flag = f"  <-- more than {QUERY_LIMIT}: one query per record?"
            suspects.append(name)
        print(f"  {name:<48} {codes:>3} code(s) {n:>4} queries{flag}")
    print("  none issues one query per record" if not suspects
          else f"  SUSPECT: {', '.join(suspects)}")

    failed = False
    want = {code: r.value for code, r in results.items() if code.startswith("establishments.")}
    for name, counts in kernel_counts.items():
        bad = {c for c in set(want) | set(counts) if want.get(c) != counts.get(c)}
        if bad:
            failed = True
            print(f"\nDISAGREE kernel ({name}): {sorted(bad)[:10]}")
    for code, key in DISPUTE_CODES.items():
        if code in results and results[code].value != d_counts[key]:
            failed = True
            print(f"DISAGREE {code}: registry {results[code].value}, SQL {d_counts[key]}")
    for code, (num, den) in RATIOS.items():
        if code in results and (results[code].numerator, results[code].denominator) != (
            d_counts[num], d_counts[den]
        ):
            failed = True
            print(f"DISAGREE {code}: registry {results[code].numerator}/"
                  f"{results[code].denominator}, SQL {d_counts[num]}/{d_counts[den]}")
    if not failed:
        print(f"\n  agreement: {len(want)} establishments.* codes and "
              f"{len(DISPUTE_CODES) + len(RATIOS)} disputes.* figures equal the SQL "
              f"(total {want.get('establishments.total', 0):,} establishments, "
              f"{d_counts['handled']:,} disputes handled)")
    return 1 if failed or not holds else 0


if __name__ == "__main__":
    sys.exit(main())
