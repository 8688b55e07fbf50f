"""Writing a kind's records as CSV or XLSX, in exactly the columns its import reads, so that
an exported file re-imports with no changes."""

import csv
import io

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from labor.core.imports.kinds import CHUNK, get_kind
from labor.core.models import Person, PersonAccessLog

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv(headers, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    # The BOM makes Excel read the file as UTF-8; import_records accepts it.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(title, headers, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def text_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        # Every cell is text: a 統一編號 keeps its leading zeros, and a name that begins
        # with "=" stays a name instead of becoming a formula.
        cell.data_type = "s"
        cell.number_format = "@"
        return cell

    sheet.append([text_cell(h) for h in headers])
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@transaction.atomic
def records_export(*, kind: str, fmt: str, user=None, ip_address: str | None = None) -> bytes:
    """The kind's records as a file. An export of persons by a staff member is a full view
    of each person's record and is written to the access log."""
    kind_cls = get_kind(kind)
    if fmt not in CONTENT_TYPES:
        raise ValueError(_("匯出格式應為 csv 或 xlsx。"))
    instance = kind_cls()
    objects = list(instance.export_queryset().iterator(chunk_size=CHUNK))
    rows = [instance.export_row(obj) for obj in objects]
    if kind_cls.model is Person and user is not None:
        purpose = _("匯出個人資料（%(fmt)s）") % {"fmt": fmt.upper()}
        PersonAccessLog.objects.bulk_create(
            [PersonAccessLog(person=obj, user=user, purpose=purpose, ip_address=ip_address)
             for obj in objects],
            batch_size=CHUNK,
        )
    headers = kind_cls.headers()
    if fmt == "csv":
        return _csv(headers, rows)
    return _xlsx(str(kind_cls.label), headers, rows)
