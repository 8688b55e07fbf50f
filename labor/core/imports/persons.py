"""Import kind ``persons``: 個人, keyed by 證號 (national ID, UI number or passport number)."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from labor.core import identifiers
from labor.core.imports import cells
from labor.core.imports.kinds import Column, Kind, register
from labor.core.models import Person

# Files are written in zh-Hant whatever language the page is shown in: the labels here are
# the fixed file vocabulary, not translated text.
ID_KIND_LABELS = {
    Person.IdKind.NATIONAL_ID: "身分證字號",
    Person.IdKind.UI_NUMBER: "統一證號",
    Person.IdKind.PASSPORT: "護照號碼",
}
ID_KINDS = {
    **{label: str(value) for value, label in ID_KIND_LABELS.items()},
    **{str(value): str(value) for value in Person.IdKind.values},
}


def id_number(raw) -> str:
    # Stored as people's IDs are stored everywhere: upper case, no spaces or dashes; the
    # model's clean() then checks it against its kind (check digits included).
    return identifiers.compact(cells.as_text(raw))


def nationality(raw) -> str:
    value = cells.upper_code(raw)
    if not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise cells.CellError(
            _("國籍「%(value)s」應為 2 個英文字母的國家代碼（如 TW、VN、PH）。")
            % {"value": cells.as_text(raw)}
        )
    return value


@register
class PersonKind(Kind):
    name = "persons"
    label = _l("個人")
    model = Person
    key_attrs = ("id_number",)
    key_label = "證號"
    masked_headers = frozenset({"證號"})
    extra_export_permissions = ("core.view_person_full",)
    columns = (
        Column("證號類別", "id_kind",
               cells.choice(ID_KINDS, label="證號類別",
                            shown=list(ID_KIND_LABELS.values())),
               required=True, format=_l("身分證字號、統一證號或護照號碼"), example="身分證字號"),
        Column("證號", "id_number", id_number, required=True,
               format=_l("依證號類別檢查格式與檢查碼"), example="A123456789"),
        Column("姓名", "name", cells.text, required=True, format=_l("最多 100 字"),
               example="王小明"),
        Column("出生日期", "birth_date", cells.date_between(earliest=dt.date(1900, 1, 1)),
               empty=None, format=_l("日期（西元或民國），1900 年以後且不晚於今天"),
               example="1985-04-12"),
        Column("國籍", "nationality", nationality, empty="TW",
               format=_l("2 字母國家代碼，空白為 TW"), example="TW"),
        Column("電話", "phone", cells.text, format=_l("最多 32 字"), example="0912-345-678"),
        Column("電子郵件", "email", cells.text, format=_l("電子郵件地址"),
               example="ming@example.com"),
        Column("地址", "address", cells.text, format=_l("最多 200 字"),
               example="臺北市中正區公園路1號"),
    )

    def export_queryset(self):
        return Person.objects.order_by("id_number")

    def export_row(self, obj):
        return [ID_KIND_LABELS.get(obj.id_kind, obj.id_kind), obj.id_number, obj.name,
                obj.birth_date.isoformat() if obj.birth_date else "", obj.nationality,
                obj.phone, obj.email, obj.address]
