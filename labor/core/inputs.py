"""Reading a service's raw inputs (form strings, API JSON, Python values) into amounts and
dates, adding a zh-Hant field error to a FieldErrors collector when one is wrong. One copy
for every line's services, so an amount is read the same way everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from labor.core.errors import FieldErrors
from labor.core.formatting import local_date

MAX_AMOUNT = 10**12  # NT$1兆: far above any claim, below the columns' limits


def amount(value, field: str, errors: FieldErrors, *, required: bool = False,
           maximum: int = MAX_AMOUNT) -> int | None:
    """A whole NT$ amount, 0 or more ("12,000" accepted); None when not given (an error when
    ``required``) or wrong (with a field error)."""
    if value is None or value == "":
        if required:
            errors.add(field, _("請輸入金額（整數，新臺幣元）。"))
        return None
    try:
        number = None if isinstance(value, bool) else Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        number = None
    if number is None or number.is_nan():
        errors.add(field, _("請輸入金額（整數，新臺幣元）。"))
        return None
    if number < 0:
        errors.add(field, _("金額不得為負數。"))
        return None
    if not number.is_finite() or number > maximum:
        errors.add(field, _("金額過大，請確認。"))
        return None
    if number != number.to_integral_value():
        errors.add(field, _("金額請以元為單位，不含小數。"))
        return None
    return int(number)


def date(value, field: str, errors: FieldErrors, *, required: bool = True) -> dt.date | None:
    """A date from a date, a datetime (its Taipei day) or an ISO string; None when not given
    (an error when ``required``) or wrong (with a field error)."""
    if value is None or value == "":
        if required:
            errors.add(field, _("請輸入日期。"))
        return None
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, _("日期格式不正確。"))
        return None
