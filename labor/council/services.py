"""State changes of the council report: saving a section's narrative; requesting and
rendering a report file in the background."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from labor.stats.periods import Period
from labor.stats.registry import registry

from . import narrative, structure
from .models import NarrativeText, ReportFile


def known_codes() -> set[str]:
    return {indicator.code for indicator in registry.indicators()}


@transaction.atomic
def narrative_save(period: Period | str, section_key: str, text: str, user=None,
                   *, known: set[str] | None = None) -> tuple[NarrativeText, list]:
    """Save the narrative of ``section_key`` for ``period``; returns it with its review flags.

    Unknown placeholders are refused (ValidationError on ``text``); hand-typed numbers are
    accepted and returned as flags for review.
    """
    try:
        period = Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": "統計期間格式不正確。"}) from exc
    if section_key not in structure.narrative_keys():
        raise ValidationError({"section_key": f"報告中沒有章節「{section_key}」。"})
    text = (text or "").replace("\r\n", "\n").strip()
    narrative.validate(text, known_codes() if known is None else known)
    row, _created = NarrativeText.objects.select_for_update().get_or_create(
        period_code=str(period), section_key=section_key,
        defaults={"text": text, "updated_by": user},
    )
    if not _created:
        row.text = text
        row.updated_by = user
        row.save(update_fields=["text", "updated_by", "updated_at"])
    return row, narrative.hand_typed_numbers(text, section_key)


def narratives(period: Period | str) -> dict[str, str]:
    period = Period.parse(period)
    return dict(NarrativeText.objects.filter(period_code=str(period))
                .values_list("section_key", "text"))


@transaction.atomic
def report_file_request(period: Period | str, fmt: str, user) -> ReportFile:
    """Queue the report of ``period`` in ``fmt`` for rendering in the background."""
    from .render import FORMATS
    from .tasks import render_report_task

    try:
        period = Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": "統計期間格式不正確。"}) from exc
    if fmt not in FORMATS:
        raise ValidationError({"format": f"不支援的檔案格式「{fmt}」。"})
    report_file = ReportFile.objects.create(period_code=str(period), format=fmt,
                                            created_by=user)
    transaction.on_commit(lambda: render_report_task.enqueue(report_file.pk))
    return report_file


def _progress(report_file: ReportFile, percent: int) -> None:
    # One statement, committed at once: the status page sees it while the task goes on.
    ReportFile.objects.filter(pk=report_file.pk).update(progress=percent)
    report_file.progress = percent


@transaction.atomic
def _finish(report_file: ReportFile, *, content: bytes | None = None, filename: str = "",
            error: str = "") -> None:
    if content is not None:
        report_file.file.save(filename, ContentFile(content), save=False)
        report_file.status, report_file.progress = ReportFile.Status.DONE, 100
    else:
        report_file.status, report_file.error = ReportFile.Status.FAILED, error
    report_file.save(update_fields=["file", "status", "progress", "error"])


def report_file_render(report_file: ReportFile) -> ReportFile:
    """Render a claimed (running) ReportFile: build the report (figures, narrative), lay it
    out, store the file privately. Any failure is recorded on the row, not raised."""
    from labor.core.documents import DocumentUnavailable

    from .render import build_report, render_built

    period = Period.parse(report_file.period_code)
    try:
        _progress(report_file, 10)
        report = build_report(period, user=report_file.created_by)
        _progress(report_file, 60)
        rendered = render_built(report, period, report_file.format)
        _progress(report_file, 90)
    except DocumentUnavailable as exc:
        _finish(report_file, error=str(exc))
    except Exception as exc:  # recorded for the status page; the worker logs the traceback
        _finish(report_file, error=f"產製失敗：{exc.__class__.__name__}")
        raise
    else:
        _finish(report_file, content=rendered.content,
                filename=f"council-report-{period}-{report_file.pk}.{report_file.format}")
    return report_file
