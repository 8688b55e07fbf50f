"""The workspace's import page: upload, preview, confirm, follow a batch; and exports.

Permissions are per kind (labor.core.imports.kinds.Kind): importing needs the model's add_
and change_ permissions, exporting its view_ permission (persons also view_person_full).
"""

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labor.core.forms import client_ip
from labor.core.forms_imports import ImportConfirmForm, ImportUploadForm
from labor.core.imports.engine import ACTION_LABELS, format_error
from labor.core.imports.exporting import CONTENT_TYPES, records_export
from labor.core.imports.kinds import all_kinds, get_kind
from labor.core.imports.services import (
    import_batch_confirm,
    import_batch_create,
    import_batch_run,
    import_batch_start,
)
from labor.core.models import ImportBatch
from labor.core.permissions import forbidden, workspace_view
from labor.core.views import not_found

# A file with tens of thousands of bad rows would make a page no one can read; the rest
# are in the batch's error file (CSV).
ERRORS_SHOWN = 1000
RECENT_BATCHES = 20


def _counts(batch) -> dict:
    return {"total": batch.total_rows, "created": batch.created_rows,
            "updated": batch.updated_rows, "unchanged": batch.unchanged_rows,
            "invalid": batch.invalid_rows}


def _kinds_for(user):
    kinds = all_kinds()
    return ([k for k in kinds if k.can_import(user)], [k for k in kinds if k.can_export(user)])


def _index_context(request, form, importable, exportable):
    labels = {k.name: k.label for k in importable}
    recent = list(ImportBatch.objects.filter(kind__in=labels).select_related("started_by")
                  [:RECENT_BATCHES])
    for batch in recent:
        batch.kind_label = labels[batch.kind]
    return {
        "form": form,
        "importable": importable,
        "exportable": exportable,
        "recent": recent,
        "threshold": settings.IMPORT_BACKGROUND_THRESHOLD,
    }


@workspace_view
def imports(request):
    importable, exportable = _kinds_for(request.user)
    if not importable and not exportable:
        return forbidden(request, _(
            "您沒有匯入或匯出資料的權限。如需權限，請洽單位主管或系統管理者。"
        ))
    if request.method != "POST":
        form = ImportUploadForm(user=request.user)
        return render(request, "core/imports/index.html",
                      _index_context(request, form, importable, exportable))
    if not importable:
        return forbidden(request, _("您沒有匯入資料的權限。"))
    form = ImportUploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render(request, "core/imports/index.html",
                      _index_context(request, form, importable, exportable), status=400)
    kind = get_kind(form.cleaned_data["kind"])
    batch = import_batch_create(
        kind=kind.name, filename=form.cleaned_data["file"].name, dry_run=True,
        user=request.user, content=form.cleaned_data["content"],
    )
    outcome = import_batch_run(batch=batch, table=form.cleaned_data["table"])
    return render(request, "core/imports/preview.html", {
        "batch": batch,
        "counts": _counts(batch),
        "kind": kind,
        "outcome": outcome,
        "errors": [str(error) for error in outcome.errors[:ERRORS_SHOWN]],
        "errors_hidden": max(0, len(outcome.errors) - ERRORS_SHOWN),
        "preview": [
            {**row, "action_label": ACTION_LABELS[row["action"]]} for row in outcome.preview
        ],
        "confirm_form": ImportConfirmForm(),
        "background": outcome.total_rows > settings.IMPORT_BACKGROUND_THRESHOLD,
    })


def _batch_or_refusal(request, pk):
    batch = ImportBatch.objects.select_related("started_by").filter(pk=pk).first()
    if batch is None:
        return None, not_found(request, _("查無此匯入批次。"))
    try:
        kind = get_kind(batch.kind)
    except LookupError:
        return None, not_found(request, _("查無此匯入批次。"))
    if not kind.can_import(request.user):
        return None, forbidden(request, _("您沒有此類資料的匯入權限。"))
    return (batch, kind), None


def _batch_errors(batch):
    return [format_error(e.get("row"), e.get("column", ""), e.get("message", ""))
            for e in batch.errors[:ERRORS_SHOWN]]


def _confirmable(batch, user) -> bool:
    return (
        batch.dry_run and batch.status == ImportBatch.Status.DONE and bool(batch.stored_file)
        and batch.started_by_id == user.pk and batch.total_rows > 0
        and not ImportBatch.objects.filter(dry_run=False, stored_file=batch.stored_file.name)
        .exclude(status=ImportBatch.Status.FAILED).exists()
    )


def _batch_page(request, batch, kind, *, confirm_form=None, status=200):
    running = batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING)
    return render(request, "core/imports/batch.html", {
        "batch": batch,
        "counts": _counts(batch),
        "kind": kind,
        "running": running,
        "background": batch.total_rows > settings.IMPORT_BACKGROUND_THRESHOLD,
        "errors": _batch_errors(batch),
        "errors_hidden": max(0, len(batch.errors) - ERRORS_SHOWN),
        "confirmable": _confirmable(batch, request.user),
        "confirm_form": confirm_form or ImportConfirmForm(),
        "percent": int(100 * batch.processed_rows / batch.total_rows) if batch.total_rows else 0,
    }, status=status)


@workspace_view
def import_batch(request, pk):
    found, refusal = _batch_or_refusal(request, pk)
    if refusal:
        return refusal
    batch, kind = found
    return _batch_page(request, batch, kind)


@workspace_view
def import_batch_status(request, pk):
    found, refusal = _batch_or_refusal(request, pk)
    if refusal:
        return JsonResponse({"error": _("查無此匯入批次或沒有權限。")}, status=refusal.status_code)
    batch, _kind = found
    return JsonResponse({
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "processed_rows": batch.processed_rows,
        "total_rows": batch.total_rows,
        "created_rows": batch.created_rows,
        "updated_rows": batch.updated_rows,
        "unchanged_rows": batch.unchanged_rows,
        "invalid_rows": batch.invalid_rows,
    })


@require_POST
@workspace_view
def import_confirm(request, pk):
    found, refusal = _batch_or_refusal(request, pk)
    if refusal:
        return refusal
    preview, kind = found
    form = ImportConfirmForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    try:
        batch, created = import_batch_confirm(
            preview=preview, user=request.user,
            skip_invalid=form.cleaned_data.get("skip_invalid", False),
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _batch_page(request, preview, kind, confirm_form=form, status=400)
    if created:
        import_batch_start(batch=batch)
    return redirect("core:import_batch", batch.pk)


@workspace_view
def import_batch_errors(request, pk):
    """All of a batch's messages as a CSV (列, 欄位, 說明)."""
    found, refusal = _batch_or_refusal(request, pk)
    if refusal:
        return refusal
    batch, _kind = found
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([_("列"), _("欄位"), _("說明")])
    for error in batch.errors:
        writer.writerow([error.get("row") or "", error.get("column", ""), error.get("message", "")])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"),
                            content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.csv"'
    return response


@workspace_view
def records_export_download(request, kind, fmt):
    try:
        kind_cls = get_kind(kind)
    except LookupError:
        return not_found(request, _("沒有這種匯出資料類別。"))
    if fmt not in CONTENT_TYPES:
        return not_found(request, _("匯出格式應為 CSV 或 XLSX。"))
    if not kind_cls.can_export(request.user):
        return forbidden(request, _("您沒有此類資料的匯出權限。"))
    content = records_export(kind=kind_cls.name, fmt=fmt, user=request.user,
                             ip_address=client_ip(request))
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind_cls.name}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
