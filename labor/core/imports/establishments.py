"""Import kind ``establishments``: 事業單位, keyed by 統一編號."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from labor.core.imports import cells
from labor.core.imports.kinds import Column, Kind, register
from labor.core.models import District, Establishment, Industry


def district_lookup() -> dict[str, District]:
    """The city's districts by name (大安區) and by code (daan, any case)."""
    lookup = {}
    for district in District.objects.filter(city=settings.LABOR_CITY):
        lookup[district.name] = district
        lookup[district.code.casefold()] = district
    return lookup


@register
class EstablishmentKind(Kind):
    name = "establishments"
    label = _l("事業單位")
    model = Establishment
    key_attrs = ("ubn",)
    key_label = "統一編號"
    columns = (
        Column("統一編號", "ubn", cells.ubn_text, required=True,
               format=_l("8 位數字，檢查碼須正確"), example="22099131"),
        Column("名稱", "name", cells.text, required=True, format=_l("最多 200 字"),
               example="臺北好工作股份有限公司"),
        Column("行業代碼", "industry", cells.upper_code, required=True,
               format=_l("行業標準分類大類代碼 A 至 S"), example="C"),
        Column("行政區", "district", cells.text, required=True,
               format=_l("本市行政區名稱或代碼"), example="大安區"),
        Column("地址", "address", cells.text, format=_l("最多 200 字"),
               example="臺北市大安區仁愛路四段1號"),
        Column("負責人", "representative", cells.text, format=_l("最多 100 字"), example="王大明"),
        Column("電話", "phone", cells.text, format=_l("最多 32 字"), example="02-27208889"),
        Column("設立日期", "registered_on", cells.date_between(), empty=None,
               format=_l("日期（西元或民國），不得晚於今天"), example="101/03/15"),
        Column("歇業日期", "closed_on", cells.date_between(), empty=None,
               format=_l("日期（西元或民國），不得晚於今天；仍營業者留空"), example=""),
    )

    def __init__(self):
        self.industries = {industry.code: industry for industry in Industry.objects.all()}
        self.districts = district_lookup()

    def resolve(self, values):
        errors = {}
        if "industry" in values:
            code = values.pop("industry")
            if code in self.industries:
                values["industry"] = self.industries[code]
            else:
                errors["industry"] = _(
                    "行業代碼「%(value)s」不存在，"
                    "應為行業標準分類的大類代碼（%(first)s 至 %(last)s）。"
                ) % {"value": code, "first": min(self.industries, default="A"),
                     "last": max(self.industries, default="S")}
        if "district" in values:
            name = values.pop("district")
            district = self.districts.get(name) or self.districts.get(name.casefold())
            if district is not None:
                values["district"] = district
            else:
                errors["district"] = _("行政區「%(value)s」不是本市的行政區。") % {"value": name}
        return errors

    def clean_exclude(self):
        return {"industry", "district"}

    def export_queryset(self):
        return Establishment.objects.select_related("industry", "district").order_by("ubn")

    def export_row(self, obj):
        return [obj.ubn, obj.name, obj.industry.code, obj.district.name, obj.address,
                obj.representative, obj.phone,
                obj.registered_on.isoformat() if obj.registered_on else "",
                obj.closed_on.isoformat() if obj.closed_on else ""]
