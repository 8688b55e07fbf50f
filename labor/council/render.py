"""Rendering the council report in one of its four formats.

PDF rendering (WeasyPrint) takes a few seconds for the whole report; the workspace offers both
a synchronous download and a background task with a progress indicator (tasks.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from labor.stats.periods import Period

from . import figures as figure_source
from . import report as report_builder
from .document import ReportDocument
from .render_docx import render_docx
from .services import narratives

FORMATS = {
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass
class Rendered:
    content: bytes
    filename: str
    content_type: str
    report: report_builder.Report


def build_report(period: Period | str, *, user=None) -> report_builder.Report:
    period = Period.parse(period)
    return report_builder.build(figure_source.collect(period, user=user), narratives(period))


def render(period: Period | str, fmt: str, *, user=None) -> Rendered:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    period = Period.parse(period)
    return render_built(build_report(period, user=user), period, fmt)


def render_built(report: report_builder.Report, period: Period, fmt: str) -> Rendered:
    """An already built report in ``fmt`` (the background task builds, then renders)."""
    document = ReportDocument(report.spec)
    if fmt == "odt":
        content = document.odt()
    elif fmt == "docx":
        content = render_docx(report.spec)
    elif fmt == "pdf":
        content = document.pdf()
    else:
        content = document.html().encode("utf-8")
    return Rendered(content=content, filename=f"議會工作報告-{period}.{fmt}",
                    content_type=FORMATS[fmt], report=report)
