"""Reading an uploaded CSV or XLSX file into a header and numbered rows.

Row numbers are the spreadsheet's own: the header is row 1, the first data row is row 2,
so "第 3 列" is the row a person sees as 3 in Excel or LibreOffice. Rows with every cell
empty (Excel's trailing rows) are skipped but still counted in the numbering.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from labor.core.imports.cells import is_empty

FORMATS = ("csv", "xlsx")
# A guard against a small file that unpacks into millions of rows (an XLSX is a zip).
DEFAULT_MAX_ROWS = 200_000


class FileError(ValueError):
    """The file as a whole cannot be read (wrong encoding, not a spreadsheet, no header)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    # (spreadsheet row number, {header: raw cell})
    rows: list[tuple[int, dict]] = field(default_factory=list)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without a BOM; failing that, Big5 (cp950), which is what Excel on a
    Traditional Chinese Windows writes when one saves as "CSV"."""
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("無法辨識檔案的文字編碼，請存成 UTF-8 編碼的 CSV。"))


def _csv_rows(data: bytes):
    text = decode_csv(data)
    if "\x00" in text:
        raise FileError(_("檔案含有無法辨識的字元，不是 CSV 文字檔。"))
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as exc:
        raise FileError(_("CSV 格式不正確：%(detail)s") % {"detail": exc}) from None


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileError(
            _("無法讀取 Excel 檔案（%(detail)s），請確認是 .xlsx 格式。")
            % {"detail": type(exc).__name__}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def read_table(data: bytes, fmt: str) -> Table:
    if fmt not in FORMATS:
        raise FileError(_("只接受 CSV 或 Excel（.xlsx）檔案。"))
    source = _csv_rows(data) if fmt == "csv" else _xlsx_rows(data)
    limit = max_rows()
    headers: list[str] | None = None
    table = Table(headers=[])
    try:
        for number, cells in enumerate(source, start=1):
            if headers is None:
                headers = _headers(cells)
                table.headers = headers
                continue
            cells = list(cells)[: len(headers)]
            if all(is_empty(cell) for cell in cells):
                continue
            if len(table.rows) >= limit:
                raise FileError(
                    _("檔案超過 %(limit)s 列資料，請分檔匯入。") % {"limit": f"{limit:,}"}
                )
            cells += [None] * (len(headers) - len(cells))
            table.rows.append((number, dict(zip(headers, cells, strict=True))))
    except FileError:
        raise
    except Exception as exc:  # a damaged workbook fails while streaming, in openpyxl's terms
        raise FileError(
            _("無法讀取檔案內容（%(detail)s）。") % {"detail": type(exc).__name__}
        ) from None
    if headers is None:
        raise FileError(_("檔案是空的，第 1 列應為欄名。"))
    return table


def _headers(cells) -> list[str]:
    headers = [str(cell).strip() if cell is not None else "" for cell in cells]
    while headers and not headers[-1]:
        headers.pop()  # spreadsheets often carry empty trailing columns
    if not headers:
        raise FileError(_("第 1 列應為欄名，但是空的。"))
    for position, header in enumerate(headers, start=1):
        if not header:
            raise FileError(_("第 1 列第 %(n)s 欄沒有欄名。") % {"n": position})
    seen = set()
    for header in headers:
        if header in seen:
            raise FileError(_("欄名「%(header)s」重複。") % {"header": header})
        seen.add(header)
    return headers
