"""Reading the government office calendar (政府行政機關辦公日曆表) open-data CSV.

Columns: 西元日期 (YYYYMMDD), 星期, 是否放假 (2 closed / 0 working), 備註. The portal's files may
start with a UTF-8 BOM; a corrected edition (修正版) simply re-imports over the first.
"""

import csv
import datetime as dt
import io
from pathlib import Path

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "office-calendar"
COLUMNS = ("西元日期", "星期", "是否放假", "備註")


class CalendarRowError(ValueError):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column
        self.message = message


def parse_row(row: dict) -> tuple[dt.date, bool, str]:
    """Return (date, is_rest_day, remark) for one CSV row, or raise CalendarRowError (zh-Hant)."""
    raw_date = (row.get("西元日期") or "").strip()
    try:
        date = dt.datetime.strptime(raw_date, "%Y%m%d").date()
    except ValueError:
        raise CalendarRowError("西元日期", f"日期「{raw_date}」應為 8 位數字 YYYYMMDD。") from None
    flag = (row.get("是否放假") or "").strip()
    if flag not in {"0", "2"}:
        raise CalendarRowError("是否放假", f"是否放假「{flag}」應為 0（上班）或 2（放假）。")
    return date, flag == "2", (row.get("備註") or "").strip()


def read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "big5"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("檔案編碼無法辨識，請使用 UTF-8。")


def iter_rows(data: bytes):
    yield from csv.DictReader(io.StringIO(read_text(data)))


def shipped_days():
    """All days of the calendar files shipped with the platform (2022-2026)."""
    for path in sorted(SHIPPED_DIR.glob("*.csv")):
        for row in iter_rows(path.read_bytes()):
            yield parse_row(row)
