"""Charts of the council report (matplotlib, PNG), drawn from the report's own figures so that
a chart always agrees with the tables and text beside it (the same run, the same values).

Fonts and backend come from labor/stats/charts.py (imported for its matplotlib settings).
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import MaxNLocator

from labor.stats import charts as stats_charts

from .figures import FigureSet

OUTCOME_PREFIX = "disputes.handled_by_outcome."
OUTCOME_TITLE = "協處勞資爭議件數（依處理結果）"


def _member_label(label: str) -> str:
    """「協處勞資爭議件數：調解成立」→「調解成立」: the outcome alone, where the label says it."""
    if "：" in label:
        return label.rsplit("：", 1)[1]
    if label.endswith("）") and "（" in label:
        return label[label.rindex("（") + 1:-1]
    return label


def bar_chart(labels: list[str], values: list[int | float], *, title: str, unit: str) -> bytes:
    """A horizontal bar chart as PNG bytes, one bar per label, the value printed at its end."""
    fig = MplFigure(figsize=(7.5, max(2.4, 0.42 * len(labels) + 1.2)))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    ax.barh(positions, values, color=stats_charts.COLOR)
    ax.set_yticks(positions, labels, fontsize=10)
    ax.invert_yaxis()
    top = max(values or [0])
    for y, value in zip(positions, values, strict=True):
        ax.text(value + top * 0.01, y, f"{value:,.0f}", va="center", fontsize=9)
    ax.set_xlim(0, top * 1.15 or 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=12, pad=10)
    ax.set_xlabel(unit)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight", dpi=150, metadata={"Software": None})
    return out.getvalue()


def outcome_chart(figures: FigureSet) -> bytes | None:
    """Handled mediation cases by outcome; None when the family is absent or all zero."""
    members = [f for code, f in figures.figures.items() if code.startswith(OUTCOME_PREFIX)]
    values = [f.value for f in members]
    if not members or any(v is None for v in values) or not any(values):
        return None
    return bar_chart([_member_label(f.label) for f in members], [int(v) for v in values],
                     title=OUTCOME_TITLE, unit=members[0].unit)
