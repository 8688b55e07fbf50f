"""Indicator pages of the staff workspace: every registered figure for a period with the same
period a year earlier, one figure's definition and the records behind it (paged, exportable as
CSV or XLSX by staff with the model's view permission), and its charts.

Pages only read. The figures come from the registry (labor/stats/registry.py) and nothing
here computes one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from labor.core.formatting import count, format_percent, mask_id, twd_units
from labor.core.permissions import can_view_person_full, forbidden, workspace_view
from labor.stats import charts
from labor.stats.periods import Period
from labor.stats.registry import CODE_PATTERN, Indicator, Result, UnknownIndicator, registry

PAGE_SIZE = 50
# Headings of the top-level code prefixes; a prefix not listed is shown by its code.
GROUP_LABELS = {
    "establishments": gettext_lazy("事業單位"),
    "disputes": gettext_lazy("勞資爭議"),
}
# Fields holding a personal ID: masked in exports unless core.view_person_full.
PERSONAL_ID_FIELDS = {"id_number"}
# Fields never exported (internal keys).
UNEXPORTED_FIELDS = {"submission_key", "version", "password"}


# --- periods ----------------------------------------------------------------------------------


def default_period(today: dt.date | None = None) -> Period:
    """The last half year that has ended."""
    today = today or timezone.localdate()
    if today.month > 6:
        return Period.of_half(today.year, 1)
    return Period.of_half(today.year - 1, 2)


def year_earlier(period: Period) -> Period | None:
    """The same period one year earlier (None before ROC year 1)."""
    try:
        if period.is_cumulative:
            end = period.end
            try:
                return Period.as_of(end.replace(year=end.year - 1))
            except ValueError:  # 29 February
                return Period.as_of(end.replace(year=end.year - 1, day=28))
        code = period.code
        return Period.parse(f"{int(code[:4]) - 1}{code[4:]}")
    except ValueError:
        return None


class BadPeriod(Exception):
    pass


def _period(request) -> Period:
    text = request.GET.get("period", "")
    if not text.strip():
        return default_period()
    try:
        return Period.parse(text)
    except ValueError as error:
        raise BadPeriod(str(error)) from None


# --- formatting -------------------------------------------------------------------------------


def places_of(indicator: Indicator, value) -> int:
    """Decimal places of a percentage: the indicator's own ``places`` if it declares one, else
    those of its value (Result.ratio rounds to the places it was asked for), else 2."""
    declared = getattr(indicator, "places", None)
    if declared is not None:
        return declared
    if isinstance(value, Decimal):
        return max(0, -int(value.as_tuple().exponent))
    return 2


def format_value(indicator: Indicator, value) -> str:
    if value is None:
        return "—"
    if indicator.unit == "%":
        return format_percent(value, places_of(indicator, value))
    if indicator.unit == "元":
        return twd_units(value)
    return f"{count(value)} {indicator.unit}"


def format_change(indicator: Indicator, value, previous) -> str:
    if value is None or previous is None:
        return "—"
    diff = value - previous
    sign = "+" if diff > 0 else ""
    if indicator.unit == "%":
        places = places_of(indicator, value)
        return _("%(diff)s 個百分點") % {"diff": f"{diff:+.{places}f}"}
    if indicator.unit == "元":
        return sign + twd_units(diff) if diff >= 0 else "−" + twd_units(-diff)
    text = count(abs(diff))
    return f"{'+' if diff > 0 else '−' if diff < 0 else ''}{text}"


def _local(indicator: Indicator, zh: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") and en else zh


@dataclass
class Row:
    indicator: Indicator
    result: Result
    previous: Result | None

    @property
    def code(self):
        return self.indicator.code

    @property
    def label(self):
        return _local(self.indicator, self.indicator.label, self.indicator.label_en)

    @property
    def definition(self):
        return _local(self.indicator, self.indicator.definition, self.indicator.definition_en)

    @property
    def value(self):
        return format_value(self.indicator, self.result.value)

    @property
    def numerator(self):
        return _part(self.indicator, self.result.numerator)

    @property
    def denominator(self):
        return _part(self.indicator, self.result.denominator)

    @property
    def previous_value(self):
        return format_value(self.indicator, self.previous.value) if self.previous else "—"

    @property
    def change(self):
        if self.previous is None:
            return "—"
        return format_change(self.indicator, self.result.value, self.previous.value)


def _part(indicator: Indicator, number) -> str:
    if number is None:
        return "—"
    if indicator.unit == "元":
        return twd_units(number)
    return count(number)


def _group_key(indicator: Indicator) -> str:
    if indicator.family is not None:
        return indicator.family.prefix
    return indicator.code.split(".", 1)[0]


def _group_label(key: str, indicator: Indicator) -> str:
    if indicator.family is not None:
        family = indicator.family
        return _local(indicator, family.label, family.label_en)
    return str(GROUP_LABELS.get(key, key))


# --- pages ------------------------------------------------------------------------------------


def _bad_period(request, message: str, template: str, context=None):
    return render(request, template, {**(context or {}), "period_error": message,
                                      "period_text": request.GET.get("period", "")}, status=400)


@workspace_view
def index(request):
    try:
        period = _period(request)
    except BadPeriod as error:
        return _bad_period(request, str(error), "stats/index.html")
    earlier = year_earlier(period)
    results = registry.compute_all(period)
    previous = registry.compute_all(earlier) if earlier else {}
    groups: list[dict] = []
    by_key: dict[str, dict] = {}
    for indicator in registry.indicators():
        key = _group_key(indicator)
        if key not in by_key:
            by_key[key] = {"key": key, "label": _group_label(key, indicator), "rows": []}
            groups.append(by_key[key])
        by_key[key]["rows"].append(
            Row(indicator, results[indicator.code], previous.get(indicator.code))
        )
    return render(request, "stats/index.html", {
        "period": period, "earlier": earlier, "groups": groups, "period_text": period.code,
    })


def _indicator(code: str) -> Indicator:
    if not CODE_PATTERN.fullmatch(code):
        raise Http404(_("查無此指標。"))
    try:
        return registry.get(code)
    except UnknownIndicator:
        raise Http404(_("查無指標 %(code)s。") % {"code": code}) from None


def _records(result: Result):
    records = result.records
    if records is None:
        return None
    model = records.model
    related = [f.name for f in model._meta.concrete_fields
               if f.is_relation and (f.many_to_one or f.one_to_one)]
    if related:
        records = records.select_related(*related)
    if not records.ordered:
        records = records.order_by("pk")
    return records


def record_link(obj) -> str | None:
    """The workspace page of a record, where there is one."""
    label = obj._meta.label
    if label == "core.Establishment":
        return reverse("core:establishment", args=[obj.ubn])
    if label == "disputes.Dispute":
        return reverse("disputes:case", args=[obj.case.number])
    if label == "core.Case":
        if obj.line in ("disputes", "migrant_disputes"):
            return reverse("disputes:case", args=[obj.number])
        return reverse("core:case", args=[obj.number])
    return None


def record_text(obj) -> str:
    if type(obj).__str__ is models.Model.__str__:
        return f"{obj._meta.verbose_name} #{obj.pk}"
    return str(obj)


def can_export(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


@workspace_view
def detail(request, code: str):
    indicator = _indicator(code)
    context = {
        # An Indicator is callable (it computes), so templates get a plain description of it.
        "indicator": SimpleNamespace(
            code=indicator.code, unit=indicator.unit, version=indicator.version,
            label=_local(indicator, indicator.label, indicator.label_en),
            family=indicator.family is not None,
        ),
        "period_text": request.GET.get("period", ""),
    }
    try:
        period = _period(request)
    except BadPeriod as error:
        return _bad_period(request, str(error), "stats/detail.html", context)
    result = indicator.evaluate(period)
    earlier = year_earlier(period)
    previous = indicator.evaluate(earlier) if earlier else None
    records = _records(result)
    page = None
    exportable = False
    if records is not None:
        page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
        page.rows = [(record_text(obj), record_link(obj)) for obj in page.object_list]
        exportable = can_export(request.user, records.model)
    return render(request, "stats/detail.html", {
        **context,
        "period": period,
        "period_text": period.code,
        "earlier": earlier,
        "row": Row(indicator, result, previous),
        "page": page,
        "record_model": records.model._meta.verbose_name_plural if records is not None else "",
        "exportable": exportable,
        "family_label": (_local(indicator, indicator.family.label, indicator.family.label_en)
                         if indicator.family else ""),
    })


# --- export -----------------------------------------------------------------------------------


def _columns(records, user):
    model = records.model
    full = can_view_person_full(user)
    fields = [f for f in model._meta.concrete_fields if f.name not in UNEXPORTED_FIELDS]
    headers = [str(f.verbose_name) for f in fields]
    annotations = list(records.query.annotations)
    headers += annotations

    def values(obj):
        row = []
        for f in fields:
            value = getattr(obj, f.name)
            if f.is_relation and value is not None:
                value = record_text(value)
            if f.name in PERSONAL_ID_FIELDS and not full:
                value = mask_id(value)
            row.append(_cell(value))
        row += [_cell(getattr(obj, name, None)) for name in annotations]
        return row

    return headers, values


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
            else value
    if isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


@workspace_view
def export(request, code: str, fmt: str):
    indicator = _indicator(code)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("不支援的匯出格式。"))
    try:
        period = _period(request)
    except BadPeriod as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    records = _records(indicator.evaluate(period))
    if records is None:
        raise Http404(_("此指標沒有可匯出的明細。"))
    if not can_export(request.user, records.model):
        return forbidden(request, _("您沒有匯出此類資料的權限。"))
    headers, values = _columns(records, request.user)
    name = f"{indicator.code}_{period.code.replace(':', '_')}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(headers)
        for obj in records.iterator(chunk_size=2000):
            writer.writerow(values(obj))
        response = HttpResponse(out.getvalue().encode("utf-8"),
                                content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(indicator.code[:31])
        sheet.append(headers)
        for obj in records.iterator(chunk_size=2000):
            sheet.append(values(obj))
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- charts -----------------------------------------------------------------------------------


@workspace_view
def chart(request, code: str, kind: str, fmt: str):
    indicator = _indicator(code)
    if fmt not in charts.FORMATS or kind not in ("trend", "breakdown"):
        raise Http404(_("不支援的圖表。"))
    try:
        period = _period(request)
    except BadPeriod as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    language = get_language() or ""
    label = _local(indicator, indicator.label, indicator.label_en)
    if kind == "trend":
        data = charts.trend_chart(indicator, period, fmt, label=label, language=language)
    else:
        if indicator.family is None:
            raise Http404(_("此指標沒有分類圖。"))
        family = indicator.family
        labels = {m.key: _local(indicator, m.label, m.label_en) for m in family.members()}
        title = f"{_local(indicator, family.label, family.label_en)}（{period.label}）"
        data = charts.breakdown_chart(indicator, period, fmt, labels=labels, title=title,
                                      language=language)
    response = HttpResponse(data, content_type=charts.FORMATS[fmt])
    response["Cache-Control"] = "private, max-age=300"
    return response
