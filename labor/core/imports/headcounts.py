"""Import kind ``headcounts``: 員工人數 on a date, keyed by (統一編號, 基準日)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from labor.core import validators
from labor.core.imports import cells
from labor.core.imports.kinds import CHUNK, Column, Kind, register
from labor.core.models import Establishment, HeadcountRecord

# Above any employer's size; below the database column's limit (a 500 otherwise).
MAX_HEADCOUNT = 10_000_000


def existing_ubn(raw) -> str:
    """A 統一編號 that must be valid; whether an establishment has it is checked in bulk."""
    ubn = cells.ubn_text(raw)
    try:
        validators.validate_ubn(ubn)
    except ValidationError as exc:
        raise cells.CellError(" ".join(exc.messages)) from None
    return ubn


@register
class HeadcountKind(Kind):
    name = "headcounts"
    label = _l("員工人數")
    model = HeadcountRecord
    key_attrs = ("establishment", "as_of")
    key_label = "統一編號與基準日"
    columns = (
        Column("統一編號", "establishment", existing_ubn, required=True,
               format=_l("8 位數字；事業單位須已存在"), example="22099131"),
        Column("基準日", "as_of", cells.date_between(), required=True,
               format=_l("日期（西元或民國），不得晚於今天"), example="112/06/30"),
        Column("員工人數", "headcount", cells.integer(minimum=0, maximum=MAX_HEADCOUNT),
               required=True, format=_l("0 以上的整數"), example="35"),
        Column("來源", "source", cells.text, format=_l("最多 64 字"), example="勞保投保人數"),
    )

    def __init__(self):
        self.establishments: dict[str, Establishment] = {}

    def prepare(self, rows_values):
        wanted = {v["establishment"] for v in rows_values if "establishment" in v}
        wanted -= self.establishments.keys()
        wanted = sorted(wanted)
        for start in range(0, len(wanted), CHUNK):
            for est in Establishment.objects.filter(ubn__in=wanted[start : start + CHUNK]):
                self.establishments[est.ubn] = est

    def resolve(self, values):
        if "establishment" not in values:
            return {}
        ubn = values.pop("establishment")
        if ubn in self.establishments:
            values["establishment"] = self.establishments[ubn]
        else:
            return {"establishment": _(
                "查無統一編號「%(value)s」的事業單位，請先匯入事業單位。"
            ) % {"value": ubn}}
        return {}

    def file_key(self, values):
        return (values["establishment"].ubn, values["as_of"])

    def clean_exclude(self):
        return {"establishment"}

    def existing(self, keys):
        found = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            records = HeadcountRecord.objects.filter(
                establishment__ubn__in={ubn for ubn, _as_of in chunk},
                as_of__in={as_of for _ubn, as_of in chunk},
            ).select_related("establishment")
            wanted = set(chunk)
            for record in records:
                key = (record.establishment.ubn, record.as_of)
                if key in wanted:
                    found[key] = record
        return found

    def export_queryset(self):
        return HeadcountRecord.objects.select_related("establishment").order_by(
            "establishment__ubn", "as_of"
        )

    def export_row(self, obj):
        return [obj.establishment.ubn, obj.as_of.isoformat(), str(obj.headcount), obj.source]
