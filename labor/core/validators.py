"""Django validators wrapping labor.core.identifiers, with zh-Hant messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers


def validate_ubn(value):
    if not identifiers.is_valid_ubn(value):
        raise ValidationError(
            _("統一編號「%(value)s」格式或檢查碼不正確，應為 8 位數字。"),
            code="invalid_ubn",
            params={"value": value},
        )


def validate_national_id(value):
    if not identifiers.is_valid_national_id(value):
        raise ValidationError(
            _("身分證字號「%(value)s」格式或檢查碼不正確。"),
            code="invalid_national_id",
            params={"value": value},
        )


def validate_ui_number(value):
    if not identifiers.is_valid_ui_number(value):
        raise ValidationError(
            _("統一證號「%(value)s」格式或檢查碼不正確，或舊式證號已失效。"),
            code="invalid_ui_number",
            params={"value": value},
        )


def validate_passport(value):
    if not identifiers.is_valid_passport(value):
        raise ValidationError(
            _("護照號碼「%(value)s」格式不正確。"), code="invalid_passport", params={"value": value}
        )


_BY_KIND = {
    "national_id": validate_national_id,
    "ui_number": validate_ui_number,
    "passport": validate_passport,
}


def validate_person_id(kind, value):
    """Validate ``value`` as a personal ID of ``kind``; errors are keyed to the id_number field."""
    validator = _BY_KIND.get(kind)
    if validator is None:
        raise ValidationError({"id_kind": _("證號類別不正確。")}, code="invalid_id_kind")
    try:
        validator(value)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
