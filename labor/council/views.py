"""The council report's workspace page: the period's narrative per section, the review flags
and the downloads.

Each format can be downloaded at once (rendered synchronously: a few seconds for the PDF) or
generated in the background (產生報告): a ReportFile row, a status page that polls a small JSON
endpoint, and a permission-checked download of the stored file.
"""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labor.core.documents import DocumentUnavailable
from labor.core.permissions import workspace_view
from labor.stats.periods import Period

from . import narrative, structure
from .models import NarrativeText, ReportFile
from .render import FORMATS
from .render import render as render_report
from .services import known_codes, narrative_save, report_file_request


def _period(value: str) -> Period:
    try:
        return Period.parse(value)
    except ValueError:
        raise Http404(_("統計期間格式不正確。")) from None


def _rows(period: Period, texts: dict[str, NarrativeText], registered: set[str],
          posted: dict | None = None):
    rows = []
    for section in [*structure.walk(), None]:
        if section is None:  # the appendix
            key, heading, level, has_data = (structure.APPENDIX_KEY, structure.APPENDIX_TITLE, 1,
                                             True)
        elif section.children:
            rows.append({"heading": section.heading, "level": section.level, "group": True})
            continue
        else:
            key, heading, level = section.key, section.heading, section.level
            has_data = section.has_data(registered)
        row = texts.get(key)
        text = posted["text"] if posted and posted["key"] == key else (row.text if row else "")
        rows.append({
            "key": key, "heading": heading, "level": level, "has_data": has_data,
            "codes": section.all_codes if section else ("establishments.total",),
            "text": text, "row": row, "errors": posted["errors"] if posted and
            posted["key"] == key else [],
            "flags": narrative.hand_typed_numbers(text, key),
        })
    return rows


@workspace_view
def workspace(request, period):
    period = _period(period)
    posted = None
    status = 200
    if request.method == "POST":
        key = request.POST.get("section_key", "")
        text = request.POST.get("text", "")
        try:
            narrative_save(period, key, text, request.user)
        except ValidationError as exc:
            errors = [m for messages in exc.message_dict.values() for m in messages]
            posted = {"key": key, "text": text, "errors": errors}
            status = 400
        else:
            return redirect(reverse("council:workspace", args=[str(period)]) + f"#s-{key}")
    registered = known_codes()
    texts = {row.section_key: row for row in
             NarrativeText.objects.filter(period_code=str(period)).select_related("updated_by")}
    rows = _rows(period, texts, registered, posted)
    flags = [flag for row in rows for flag in row.get("flags", [])]
    return render(request, "council/workspace.html", {
        "period": period, "rows": rows, "flags": flags, "formats": list(FORMATS),
        "note": structure.NOT_YET_NOTE, "failed": posted is not None,
        "report_files": ReportFile.objects.filter(period_code=str(period))
        .select_related("created_by")[:10],
    }, status=status)


@workspace_view
def download(request, period, fmt):
    period = _period(period)
    if fmt not in FORMATS:
        raise Http404(_("不支援的檔案格式。"))
    try:
        rendered = render_report(period, fmt, user=request.user)
    except DocumentUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"council-report-{period}.{fmt}\"; "
        f"filename*=UTF-8''{quote(rendered.filename)}"
    )
    return response


@workspace_view
@require_POST
def report_generate(request, period):
    """Queue the report in the posted format; on to its status page."""
    period = _period(period)
    try:
        report_file = report_file_request(period, request.POST.get("format", ""), request.user)
    except ValidationError as exc:
        messages = [m for field in exc.message_dict.values() for m in field]
        return HttpResponse(" ".join(messages), status=400,
                            content_type="text/plain; charset=utf-8")
    return redirect("council:report_file", report_file.pk)


def _status(report_file: ReportFile) -> dict:
    done = report_file.status == ReportFile.Status.DONE
    return {
        "id": report_file.pk, "status": report_file.status,
        "status_label": report_file.get_status_display(), "progress": report_file.progress,
        "error": report_file.error,
        "download_url": reverse("council:report_file_download", args=[report_file.pk])
        if done else None,
    }


@workspace_view
def report_file(request, pk):
    report_file = get_object_or_404(ReportFile.objects.select_related("created_by"), pk=pk)
    return render(request, "council/report_file.html", {
        "report_file": report_file, "period": Period.parse(report_file.period_code),
        "status": _status(report_file),
    })


@workspace_view
def report_file_status(request, pk):
    return JsonResponse(_status(get_object_or_404(ReportFile, pk=pk)))


@workspace_view
def report_file_download(request, pk):
    report_file = get_object_or_404(ReportFile, pk=pk, status=ReportFile.Status.DONE)
    if not report_file.file:
        raise Http404(_("檔案不存在。"))
    filename = f"議會工作報告-{report_file.period_code}.{report_file.format}"
    return FileResponse(report_file.file.open("rb"), as_attachment=report_file.format != "html",
                        filename=filename, content_type=FORMATS[report_file.format])
