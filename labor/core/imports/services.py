"""Import batches: every run of an import is an ImportBatch row that records where the rows
came from, what the run did, and its progress.

``import_batch_run`` is deliberately not one transaction: it updates the batch's progress
while the rows are checked (so a background run shows progress to the page that polls it),
and the engine writes the rows themselves in one transaction of their own.
"""

import logging
import secrets
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core.imports import engine
from labor.core.imports.kinds import get_kind
from labor.core.imports.reading import FORMATS, FileError, Table, read_table
from labor.core.models import ImportBatch

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# XLSX files are zip archives.
_ZIP_MAGIC = b"PK\x03\x04"


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def file_format(name: str) -> str:
    """The format of a file by its name: "csv" or "xlsx"; raises FileError otherwise."""
    suffix = PurePath(name or "").suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileError(
            _("只接受 CSV（.csv）或 Excel（.xlsx）檔案，收到的是「%(name)s」。")
            % {"name": PurePath(name or "").name or "?"}
        )
    return suffix


def upload_read(*, upload, kind: str) -> tuple[str, bytes, Table]:
    """Check an uploaded file (type, size, content) and read its table; every problem is a
    ValidationError on the "file" field, in zh-Hant."""
    try:
        fmt = file_format(upload.name)
    except FileError as exc:
        raise ValidationError({"file": exc.message}, code="file_type") from None
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {"file": _("檔案過大（%(size)s 位元組），上限為 %(max)s 位元組；請分檔匯入。")
             % {"size": f"{upload.size:,}", "max": f"{limit:,}"}},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError({"file": _("檔案是空的。")}, code="file_empty")
    data = b"".join(upload.chunks())
    if fmt == "xlsx" and not data.startswith(_ZIP_MAGIC):
        raise ValidationError(
            {"file": _("檔案內容不是 Excel（.xlsx）格式。")}, code="file_content"
        )
    if fmt == "csv" and filetype.guess(data[:8192]) is not None:
        raise ValidationError(
            {"file": _("檔案內容不是 CSV 文字檔（看來是 %(mime)s）。")
             % {"mime": filetype.guess(data[:8192]).mime}},
            code="file_content",
        )
    try:
        table = read_table(data, fmt)
    except FileError as exc:
        raise ValidationError({"file": exc.message}, code="file_content") from None
    problems = get_kind(kind).header_problems(table.headers)
    if problems:
        raise ValidationError({"file": problems}, code="file_headers")
    return fmt, data, table


@transaction.atomic
def import_batch_create(*, kind: str, filename: str, dry_run: bool, skip_invalid: bool = False,
                        user=None, content: bytes | None = None) -> ImportBatch:
    """A batch for one run. With ``content`` the file is kept in private storage under a
    random name (the original name is data, never a path), so that the run can happen later
    in the background and the batch says where its rows came from."""
    get_kind(kind)  # refuse an unknown kind before anything is stored
    batch = ImportBatch(
        kind=kind, filename=PurePath(filename).name[-255:], started_by=user,
        dry_run=dry_run, skip_invalid=skip_invalid,
    )
    if content is not None:
        fmt = file_format(filename)
        batch.stored_file.save(f"{secrets.token_hex(16)}.{fmt}", ContentFile(content),
                               save=False)
    try:
        batch.save()
    except Exception:
        if batch.stored_file:
            batch.stored_file.delete(save=False)
        raise
    return batch


def _reason(batch: ImportBatch) -> str:
    return _("匯入批次 %(id)s（%(name)s）") % {"id": batch.pk, "name": batch.filename}


def import_batch_run(*, batch: ImportBatch, data: bytes | None = None, table: Table | None = None,
                     progress=None) -> engine.Outcome:
    """Run the batch: check every row, then write (or, for a dry run, only count).

    ``progress(done, total)`` is called as rows are checked (the command prints it); the
    batch row itself is updated at the same points.
    """
    kind = get_kind(batch.kind)()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    batch.status = ImportBatch.Status.RUNNING

    def report(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=done, total_rows=total)
        batch.processed_rows, batch.total_rows = done, total
        if progress:
            progress(done, total)

    try:
        if table is None:
            if data is None:
                with batch.stored_file.open("rb") as stored:
                    data = stored.read()
            table = read_table(data, file_format(batch.stored_file.name or batch.filename))
        outcome = engine.run(
            kind, table, dry_run=batch.dry_run, skip_invalid=batch.skip_invalid,
            user=batch.started_by, reason=_reason(batch), progress=report,
        )
    except FileError as exc:
        outcome = engine.Outcome(errors=[engine.RowError(None, "", exc.message)], refused=True,
                                 file_error=True)
    except Exception:
        logger.exception("import batch %s failed", batch.pk)
        _finish(batch, engine.Outcome(errors=[engine.RowError(None, "", _(
            "匯入時發生未預期的錯誤，沒有寫入任何資料。請通知系統管理者（批次 %(id)s）。"
        ) % {"id": batch.pk})], refused=True, file_error=True))
        raise
    _finish(batch, outcome)
    return outcome


def _finish(batch: ImportBatch, outcome: engine.Outcome) -> None:
    # A dry run that found bad rows did its job (DONE); a real run that wrote nothing, or a
    # file that could not be read at all, FAILED.
    failed = outcome.file_error or (outcome.refused and not batch.dry_run)
    batch.status = ImportBatch.Status.FAILED if failed else ImportBatch.Status.DONE
    batch.total_rows = outcome.total_rows
    batch.processed_rows = 0 if outcome.file_error else outcome.total_rows
    batch.created_rows = outcome.created
    batch.updated_rows = outcome.updated
    batch.unchanged_rows = outcome.unchanged
    batch.invalid_rows = outcome.invalid
    batch.errors = [error.as_dict() for error in outcome.errors]
    batch.finished_at = timezone.now()
    batch.save(update_fields=[
        "status", "total_rows", "processed_rows", "created_rows", "updated_rows",
        "unchanged_rows", "invalid_rows", "errors", "finished_at",
    ])


@transaction.atomic
def import_batch_confirm(*, preview: ImportBatch, user, skip_invalid: bool = False
                         ) -> tuple[ImportBatch, bool]:
    """Turn a checked preview (a dry run of an uploaded file) into the real import:
    (batch, created). Confirming twice gives the same batch, so a double click imports once.
    """
    preview = ImportBatch.objects.select_for_update().get(pk=preview.pk)
    if not preview.dry_run or preview.status != ImportBatch.Status.DONE or not preview.stored_file:
        raise ValidationError(_("此批次不是可確認的預覽，請重新上傳檔案。"), code="not_preview")
    if preview.started_by_id != user.pk:
        raise ValidationError(_("只有上傳檔案的人可以確認匯入。"), code="not_owner")
    existing = (
        ImportBatch.objects.filter(dry_run=False, stored_file=preview.stored_file.name)
        .exclude(status=ImportBatch.Status.FAILED)
        .first()
    )
    if existing is not None:
        return existing, False
    if preview.invalid_rows and not skip_invalid:
        raise ValidationError(
            {"skip_invalid": _(
                "檔案有 %(n)s 列錯誤。請修正後重新上傳，或勾選「略過有錯誤的列」只匯入正確的列。"
            ) % {"n": preview.invalid_rows}},
            code="invalid_rows",
        )
    batch = ImportBatch.objects.create(
        kind=preview.kind, filename=preview.filename, stored_file=preview.stored_file.name,
        started_by=user, dry_run=False, skip_invalid=skip_invalid,
        total_rows=preview.total_rows,
    )
    return batch, True


def import_batch_start(*, batch: ImportBatch) -> bool:
    """Run a confirmed batch now, or, above settings.IMPORT_BACKGROUND_THRESHOLD rows, as a
    background task (the batch page shows its progress). Returns True when queued."""
    if batch.total_rows > settings.IMPORT_BACKGROUND_THRESHOLD:
        from labor.core.tasks import import_batch_task

        transaction.on_commit(lambda: import_batch_task.enqueue(batch.pk))
        return True
    import_batch_run(batch=batch)
    return False
