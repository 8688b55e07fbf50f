"""Where the report's figures come from: a report run's snapshot, or the registry directly.

With a user (the workspace, or ``council_report --user NAME``), :func:`collect` creates a draft
report run for the period and reads the figures from its snapshot, so the document says which
run it was made from and the run can be approved and published (maker-checker needs a named
maker). Without one (a command-line preview), it computes every indicator with
``registry.compute_all`` and the document says 「即時計算」. Either way the cross-checks are
evaluated on the same figures and the rest of the report sees the same :class:`FigureSet`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from labor.stats import crosschecks, runs
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
    breaches: list[str] | None = field(default=None)  # None: not evaluated yet

    def registered(self) -> set[str]:
        return set(self.figures)


def _live(period: Period) -> FigureSet:
    results = registry.compute_all(period)
    figures = {}
    for indicator in registry.indicators():
        if indicator.code in results:
            figures[indicator.code] = Figure(indicator.code, indicator.label, indicator.unit,
                                             results[indicator.code].value)
    return FigureSet(period=period, figures=figures, cut_off=timezone.now(), source="即時計算")


def _from_run(period: Period, run) -> FigureSet:
    values = runs.run_values(run)
    labels = {code: (label, unit)
              for code, label, unit in run.figures.values_list("code", "label", "unit")}
    figures = {code: Figure(code, *labels[code], value) for code, value in values.items()}
    return FigureSet(period=period, figures=figures, cut_off=run.cut_off,
                     source=f"報表批次 #{run.pk}（{run.get_status_display()}）", run=run)


def collect(period: Period | str, *, user=None) -> FigureSet:
    """The period's figures: from a new draft run with ``user`` as its maker, else computed
    directly; with the cross-check breaches."""
    period = Period.parse(period)
    if user is not None:
        run = runs.run_create(period=period, actor=user, note="議會工作報告產製")
        figure_set = _from_run(period, run)
    else:
        figure_set = _live(period)
    results = {code: Result(value=f.value) for code, f in figure_set.figures.items()}
    figure_set.breaches = [breach.message for breach in crosschecks.evaluate(period, results)]
    return figure_set
