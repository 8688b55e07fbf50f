"""manage.py import_records KIND FILE [--dry-run] [--skip-invalid] [--user USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labor.core.imports.engine import ACTION_LABELS, CREATE, INVALID, UNCHANGED, UPDATE
from labor.core.imports.kinds import get_kind
from labor.core.imports.reading import FileError
from labor.core.imports.services import file_format, import_batch_create, import_batch_run


class Command(BaseCommand):
    help = (
        "Import records from a CSV (UTF-8, with or without BOM) or XLSX file; every row is "
        "checked and nothing is written if any row fails (unless --skip-invalid). "
        "Formats: docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="establishments, headcounts, persons, office_calendar")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="check and report what would change; write nothing")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="write the valid rows even when some rows fail")
        parser.add_argument("--user", help="username recorded as the batch's and history's user")

    def handle(self, *args, kind, file, dry_run, skip_invalid, user, verbosity, **options):
        try:
            kind_cls = get_kind(kind)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        try:
            file_format(file.name)  # refuse other types before reading the file
            data = file.read_bytes()
        except FileError as exc:
            raise CommandError(exc.message) from None
        except OSError as exc:
            raise CommandError(_("無法讀取檔案 %(name)s：%(detail)s")
                               % {"name": file, "detail": exc.strerror}) from None
        started_by = None
        if user:
            try:
                started_by = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(_("沒有帳號「%(user)s」。") % {"user": user}) from None

        batch = import_batch_create(kind=kind_cls.name, filename=file.name, user=started_by,
                                    dry_run=dry_run, skip_invalid=skip_invalid)

        def progress(done, total):
            # Progress goes to stderr so that stdout stays the report.
            if verbosity and total > 500 and (done % 500 == 0 or done == total) and done:
                self.stderr.write(_("已檢查 %(done)s／%(total)s 列")
                                  % {"done": f"{done:,}", "total": f"{total:,}"})

        outcome = import_batch_run(batch=batch, data=data, progress=progress)

        for error in outcome.errors:
            self.stderr.write(str(error))
        counts = {
            "created": outcome.created, "updated": outcome.updated,
            "unchanged": outcome.unchanged, "invalid": outcome.invalid,
        }
        labels = {key: ACTION_LABELS[action] for key, action in
                  (("created", CREATE), ("updated", UPDATE), ("unchanged", UNCHANGED),
                   ("invalid", INVALID))}
        summary = "、".join(f"{labels[key]} {value:,}" for key, value in counts.items())
        heading = _("%(label)s匯入（批次 %(id)s，%(name)s）") % {
            "label": kind_cls.label, "id": batch.pk, "name": file.name,
        }
        if dry_run:
            heading = _("試算，未寫入：") + heading
        self.stdout.write(f"{heading}：{summary} " + _("列") + "。")
        if outcome.file_error:
            raise CommandError(_("檔案無法匯入，沒有寫入任何資料。"))
        if outcome.refused:
            if dry_run:
                raise CommandError(_(
                    "有 %(n)s 列錯誤：正式匯入時將不寫入任何資料"
                    "（或加上 --skip-invalid 只匯入正確的列）。"
                ) % {"n": outcome.invalid})
            raise CommandError(_("有 %(n)s 列錯誤，沒有寫入任何資料。") % {"n": outcome.invalid}
                               if outcome.invalid else _("沒有寫入任何資料。"))
