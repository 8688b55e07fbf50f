"""Where the report's figures come from: a report run's snapshot, or the registry directly.

The adapter is deliberately small. When ``labor.stats.runs.run_create`` exists (report runs,
issue 4 item 4) and a user is given, :func:`collect` creates a draft run for the period and
reads the figures from its snapshot, so the document says which run it was made from.
Otherwise it computes every indicator with ``registry.compute_all``. Either way the rest of the
report sees the same :class:`FigureSet`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from labor.stats.periods import Period
from labor.stats.registry import Result, registry


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    unit: str
    value: int | Decimal | None


@dataclass
class FigureSet:
    period: Period
    figures: dict[str, Figure]
    cut_off: dt.datetime
    source: str  # 「即時計算」 or 「報表批次 #12（草稿）」
    run: object | None = None
    breaches: list[str] | None = field(default=None)  # None: no cross-check module

    def registered(self) -> set[str]:
        return set(self.figures)


def _optional(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _live(period: Period) -> FigureSet:
    results = registry.compute_all(period)
    figures = {}
    for indicator in registry.indicators():
        if indicator.code in results:
            figures[indicator.code] = Figure(indicator.code, indicator.label, indicator.unit,
                                             results[indicator.code].value)
    return FigureSet(period=period, figures=figures, cut_off=timezone.now(), source="即時計算")


def _from_run(period: Period, run) -> FigureSet:
    run_values = _optional("labor.stats.runs", "run_values")
    values = run_values(run)
    labels = {code: (label, unit)
              for code, label, unit in run.figures.values_list("code", "label", "unit")}
    figures = {code: Figure(code, *labels[code], value) for code, value in values.items()}
    return FigureSet(period=period, figures=figures, cut_off=run.cut_off,
                     source=f"報表批次 #{run.pk}（{run.get_status_display()}）", run=run)


def collect(period: Period | str, *, user=None) -> FigureSet:
    """The period's figures: from a new draft run when runs exist and ``user`` is its maker,
    else computed directly; with the cross-check breaches when cross-checks exist."""
    period = Period.parse(period)
    run_create = _optional("labor.stats.runs", "run_create")
    if run_create is not None and user is not None:
        run = run_create(period=period, actor=user, note="議會工作報告產製")
        figure_set = _from_run(period, run)
    else:
        figure_set = _live(period)
    evaluate = _optional("labor.stats.crosschecks", "evaluate")
    if evaluate is not None:
        results = {code: Result(value=f.value) for code, f in figure_set.figures.items()}
        figure_set.breaches = [breach.message for breach in evaluate(period, results)]
    return figure_set
