"""Server-side charts of an indicator (matplotlib, Agg backend): the monthly trend over the
twelve months ending at a period's end, and a family's breakdown (one bar per member).

Charts are drawn with a CJK font (Noto Sans CJK TC where installed, WenQuanYi Zen Hei
otherwise); SVG output draws glyphs as paths, so the browser needs no font of its own. Images
are cached in-process per (kind, code, period, format, language) for a few minutes: a chart
costs twelve computations of its indicator.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import time
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")  # before anything else of matplotlib: no display, no GUI

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from labor.stats.periods import Period
from labor.stats.registry import Indicator, Result

# WenQuanYi Zen Hei has one weight; matplotlib says so on every chart ("findfont: Failed to
# find font weight normal") although it draws correctly. Only real errors are worth a line.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

FONTS = ["Noto Sans CJK TC", "WenQuanYi Zen Hei", "DejaVu Sans"]
matplotlib.rcParams["font.family"] = "sans-serif"
matplotlib.rcParams["font.sans-serif"] = FONTS
matplotlib.rcParams["axes.unicode_minus"] = False
matplotlib.rcParams["svg.fonttype"] = "path"

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
CACHE_SECONDS = 300
COLOR = "#1f5f8b"
HIGHLIGHT = "#c0392b"

_cache: dict[tuple, tuple[float, bytes]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _cached(key: tuple, draw) -> bytes:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    data = draw()
    with _lock:
        _cache[key] = (now, data)
    return data


def trend_months(period: Period) -> list[Period]:
    """The twelve months ending with the month of the period's end (oldest first)."""
    year, month = period.end.year, period.end.month
    months = []
    for _ in range(12):
        try:
            months.append(Period.of_month(year, month))
        except ValueError:  # before ROC year 1: no label, no figure
            break
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def _number(value) -> float:
    if value is None:
        return math.nan
    return float(value) if isinstance(value, Decimal | int | float) else math.nan


def _render(fig: Figure, fmt: str) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format=fmt, bbox_inches="tight", dpi=110 if fmt == "png" else None,
                metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


def trend_chart(indicator: Indicator, period: Period, fmt: str = "svg",
                label: str | None = None, language: str = "zh-hant") -> bytes:
    """A line chart of the indicator computed for each of the twelve months."""
    key = ("trend", indicator.code, period.code, fmt, language)

    def draw() -> bytes:
        months = trend_months(period)
        raw = [indicator.evaluate(m).value for m in months]
        values = [_number(v) for v in raw]
        names = [f"{m.roc_year}/{m.end.month}" for m in months]
        positions = list(range(len(months)))
        fig = Figure(figsize=(8, 3.4))
        ax = fig.add_subplot()
        ax.plot(positions, values, marker="o", color=COLOR, linewidth=2)
        # Every month keeps its place on the axis, a month without a figure too.
        ax.set_xticks(positions, names)
        ax.set_xlim(-0.5, len(months) - 0.5)
        for x, (y, value) in enumerate(zip(values, raw, strict=True)):
            if not math.isnan(y):
                ax.annotate(_short(value, indicator.unit), (x, y), textcoords="offset points",
                            xytext=(0, 6), ha="center", fontsize=8, color="#333")
        ax.set_title(label or indicator.label, fontsize=12, pad=14)
        ax.set_ylabel(indicator.unit, rotation=0, labelpad=14)
        top = max([v for v in values if not math.isnan(v)] or [0])
        ax.set_ylim(0, top * 1.18 or 1)
        ax.yaxis.set_major_formatter(_tick_format(indicator.unit))
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelsize=8)
        return _render(fig, fmt)

    return _cached(key, draw)


def breakdown_chart(indicator: Indicator, period: Period, fmt: str = "svg",
                    labels: dict[str, str] | None = None, title: str | None = None,
                    language: str = "zh-hant") -> bytes:
    """A horizontal bar per member of the indicator's family, this member highlighted."""
    family = indicator.family
    if family is None:
        raise ValueError(f"{indicator.code} is not a member of a family")
    key = ("breakdown", indicator.code, period.code, fmt, language)

    def draw() -> bytes:
        members = list(family.members())
        results: dict[str, Result] = dict(family.evaluate(period))
        names = [(labels or {}).get(m.key, m.label) for m in members]
        values = [_number(results[m.key].value) for m in members]
        this = indicator.code.rsplit(".", 1)[1]
        colors = [HIGHLIGHT if m.key == this else COLOR for m in members]
        fig = Figure(figsize=(8, max(2.5, 0.34 * len(members) + 1)))
        ax = fig.add_subplot()
        positions = range(len(members))
        ax.barh(list(positions), [0 if math.isnan(v) else v for v in values], color=colors)
        ax.set_yticks(list(positions), names, fontsize=9)
        ax.invert_yaxis()
        top = max([v for v in values if not math.isnan(v)] or [0])
        for y, v in zip(positions, values, strict=True):
            if not math.isnan(v):
                shown = results[members[y].key].value
                ax.text(v + top * 0.01, y, _short(shown, indicator.unit), va="center",
                        fontsize=8)
        ax.set_xlim(right=top * 1.15 or 1)
        ax.set_title(title or family.label, fontsize=12, pad=10)
        ax.xaxis.set_major_formatter(_tick_format(indicator.unit))
        ax.set_xlabel(indicator.unit)
        ax.grid(axis="x", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        return _render(fig, fmt)

    return _cached(key, draw)


def _tick_format(unit: str) -> FuncFormatter:
    if unit == "%":
        return FuncFormatter(lambda x, _pos: f"{x:g}%")
    return FuncFormatter(lambda x, _pos: f"{x:,.0f}" if x == int(x) else f"{x:,.2f}")


def _short(value, unit: str) -> str:
    if unit == "%":
        return f"{value}%" if isinstance(value, Decimal) else f"{value:g}%"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}"
