"""Import kind ``office_calendar``: the government office calendar's open-data CSV, keyed by
date. The file's own columns are read by labor.core.office_calendar (also used by the
migration that loads the shipped years), so there is one reader of that format."""

import datetime as dt

from django.utils.translation import gettext_lazy as _l

from labor.core import office_calendar
from labor.core.imports import cells
from labor.core.imports.kinds import Column, Kind, register
from labor.core.models import OfficeCalendarDay

WEEKDAYS = "一二三四五六日"
_ATTR_BY_HEADER = {"西元日期": "date", "是否放假": "is_rest_day", "備註": "remark"}


@register
class OfficeCalendarKind(Kind):
    name = "office_calendar"
    label = _l("政府行政機關辦公日曆")
    model = OfficeCalendarDay
    key_attrs = ("date",)
    key_label = "西元日期"
    columns = (
        Column("西元日期", "date", required=True, format=_l("YYYYMMDD 8 位數字"),
               example="20230102"),
        Column("星期", None, format=_l("不讀取（由日期決定）"), example="一"),
        Column("是否放假", "is_rest_day", required=True, format=_l("2 放假、0 上班"),
               example="2"),
        Column("備註", "remark", format=_l("最多 64 字"), example="補假"),
    )

    def parse(self, cells_by_header, present):
        row = {}
        for header, raw in cells_by_header.items():
            if isinstance(raw, dt.date):  # a spreadsheet date cell
                raw = raw.strftime("%Y%m%d")
            row[header] = cells.as_text(raw)
        try:
            date, is_rest_day, remark = office_calendar.parse_row(row)
        except office_calendar.CalendarRowError as exc:
            return {}, {_ATTR_BY_HEADER.get(exc.column, "date"): exc.message}
        values = {"date": date, "is_rest_day": is_rest_day}
        if "備註" in cells_by_header:
            values["remark"] = remark
        return values, {}

    def export_queryset(self):
        return OfficeCalendarDay.objects.order_by("date")

    def export_row(self, obj):
        return [obj.date.strftime("%Y%m%d"), WEEKDAYS[obj.date.weekday()],
                "2" if obj.is_rest_day else "0", obj.remark]
