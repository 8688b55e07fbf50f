"""The council report's workspace page: the period's narrative per section, the review flags
and the downloads.

The PDF is rendered synchronously (a few seconds for the whole report); a background task
with a progress indicator is left for later.
"""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labor.core.documents import DocumentUnavailable
from labor.core.permissions import workspace_view
from labor.stats.periods import Period

from . import narrative, structure
from .models import NarrativeText
from .render import FORMATS
from .render import render as render_report
from .services import known_codes, narrative_save


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
