"""Official documents as HTTP downloads: one content type table, one way to say a format
cannot be produced on this machine (503, e.g. WeasyPrint without Pango), for every line."""

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from labor.core.documents import DocumentUnavailable

CONTENT_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}


def file_response(request, content_of: Callable[[], bytes], filename: str, ext: str, *,
                  back: str, back_label: str = "") -> HttpResponse:
    """``content_of()`` as an attachment named ``filename``; the 503 page (with a link
    ``back``) when the format cannot be produced here."""
    try:
        content = content_of()
    except DocumentUnavailable:
        return render(request, "core/document_unavailable.html", {
            "message": _("本機無法產生 %(ext)s 檔，請改下載其他格式或洽系統管理者。")
            % {"ext": ext.upper()},
            "back": back,
            "back_label": back_label or _("回案件頁"),
        }, status=503)
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=filename)
    return response


def document_response(request, document, ext: str, *, back: str,
                      back_label: str = "") -> HttpResponse:
    """A ``core.documents`` document (``.odt()``, ``.pdf()``, ``.filename(ext)``) in ``ext``."""
    content_of = document.odt if ext == "odt" else document.pdf
    return file_response(request, content_of, document.filename(ext), ext, back=back,
                         back_label=back_label)
