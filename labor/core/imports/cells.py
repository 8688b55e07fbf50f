"""Turning one cell of an imported file into a value, or a zh-Hant message saying why not.

Cells arrive as CSV text or as typed XLSX values (int, float, datetime). Each parser takes a
non-empty cell and returns the value or raises CellError; empty cells are handled once, by
the engine (required → error, optional → the column's empty value).
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core.formatting import ROC_EPOCH_OFFSET, local_date, roc_date


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def as_text(raw) -> str:
    """A cell as the text a person typed: spreadsheets hand us 12.0 for 12 and None for ""."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def is_empty(raw) -> bool:
    return as_text(raw) == ""


def _narrow(text: str) -> str:
    # Full-width digits and letters (１２３, Ａ) come from Chinese input methods.
    return unicodedata.normalize("NFKC", text)


def text(raw) -> str:
    return as_text(raw)


def ubn_text(raw) -> str:
    """A 統一編號 as 8 characters, without the spaces or dashes people type.

    A spreadsheet that took the number for a number has dropped its leading zeros
    (00501502 → 501502): an integer cell is padded back to 8 digits. The checksum is the
    model validator's job.
    """
    if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
        return f"{int(raw):08d}"
    return re.sub(r"[\s\-]", "", _narrow(as_text(raw)))


def upper_code(raw) -> str:
    return _narrow(as_text(raw)).upper()


def integer(*, minimum: int, maximum: int):
    def parse(raw) -> int:
        value_text = _narrow(as_text(raw)).replace(",", "")
        try:
            value = Decimal(value_text)
        except ArithmeticError:
            value = None
        if value is None or value != value.to_integral_value():
            raise CellError(
                _("「%(value)s」應為整數。") % {"value": as_text(raw)}
            )
        if not minimum <= value <= maximum:
            raise CellError(
                _("「%(value)s」應介於 %(min)s 至 %(max)s 之間。")
                % {"value": as_text(raw), "min": f"{minimum:,}", "max": f"{maximum:,}"}
            )
        return int(value)

    return parse


# Dates: AD with a 4-digit year, ROC (民國) with a 1-3 digit year.
_SEPARATED = re.compile(r"(?:民國)?(\d{1,4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_AD_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ROC_COMPACT = re.compile(r"(\d{3})(\d{2})(\d{2})")
EARLIEST_DATE = dt.date(1900, 1, 1)


def _roc_to_ad(roc_year: int) -> int:
    # There is no ROC year 0: 0 stays 0, which no date accepts ("不存在").
    return roc_year + ROC_EPOCH_OFFSET if roc_year > 0 else 0


def parse_date(raw) -> dt.date:
    """A date written the ways the bureau's files write them (docs/import-formats.md):

    AD: 2023-06-30, 2023/6/30, 2023.06.30, 20230630, or a spreadsheet date cell.
    ROC: 112/06/30, 112-6-30, 112.06.30, 112年6月30日, 民國112年6月30日, 1120630 (7 digits;
    years below 100 with a leading zero: 0991231).
    A year of 4 digits is AD and of 1 to 3 digits ROC, so the two never collide.
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value_text = _narrow(as_text(raw))
    if match := _SEPARATED.fullmatch(value_text):
        year_text, month, day = match.groups()
        year = int(year_text) if len(year_text) == 4 else _roc_to_ad(int(year_text))
    elif match := _AD_COMPACT.fullmatch(value_text):
        year, month, day = int(match[1]), match[2], match[3]
    elif match := _ROC_COMPACT.fullmatch(value_text):
        year, month, day = _roc_to_ad(int(match[1])), match[2], match[3]
    else:
        raise CellError(
            _("日期「%(value)s」格式不正確，請寫成 2023-06-30、112/06/30 或 1120630。")
            % {"value": as_text(raw)}
        )
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        raise CellError(_("日期「%(value)s」不存在。") % {"value": as_text(raw)}) from None


def date_between(*, earliest: dt.date = EARLIEST_DATE, not_after_today: bool = True):
    """A date parser that also refuses dates out of range (future dates where none can be)."""

    def parse(raw) -> dt.date:
        value = parse_date(raw)
        if value < earliest:
            raise CellError(
                _("日期「%(value)s」早於 %(earliest)s，請確認。")
                % {"value": as_text(raw), "earliest": earliest.isoformat()}
            )
        if not_after_today:
            today = local_date(timezone.now())
            if value > today:
                raise CellError(
                    _("日期「%(value)s」晚於今天（%(today)s），請確認。")
                    % {"value": as_text(raw), "today": roc_date(today)}
                )
        return value

    return parse


def choice(options: dict[str, str], *, label: str, shown: list[str]):
    """A value from a closed list; ``options`` maps each accepted spelling to the stored value,
    ``shown`` is what the error message offers."""
    folded = {key.casefold(): value for key, value in options.items()}

    def parse(raw) -> str:
        value = folded.get(_narrow(as_text(raw)).casefold())
        if value is None:
            raise CellError(
                _("%(label)s「%(value)s」不正確，應為：%(allowed)s。")
                % {"label": label, "value": as_text(raw), "allowed": "、".join(shown)}
            )
        return value

    return parse
