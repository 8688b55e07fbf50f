"""Plans and projects with their progress, the risk-based selection (page, CSV, add to a
project's targets) and the compliance registries (health-staff staffing, confined spaces).
Permissions and error handling as in views.py."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core import selectors as core_selectors
from labor.core.formatting import ROC_EPOCH_OFFSET
from labor.core.views import not_found
from labor.inspections import forms as inspection_forms
from labor.inspections import rules, selectors, services
from labor.inspections.models import CoveragePlan, Inspection, InspectionProject
from labor.inspections.views import can_work, inspection_view, refuse_work

PAGE_SIZE = 50


# --- plans and projects ---------------------------------------------------------------------


@require_GET
@inspection_view
def plans(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 1990 <= year <= today.year + 5:
        year = today.year
    return render(request, "inspections/plans.html", {
        "year": year,
        "roc_year": year - ROC_EPOCH_OFFSET,
        "years": [(y, y - ROC_EPOCH_OFFSET) for y in (today.year - 2, today.year - 1, today.year)],
        "plans": selectors.plan_progress(year, until=today),
        "projects": selectors.project_progress(year=year),
        "coverage": [selectors.coverage_progress(plan, today=today)
                     for plan in CoveragePlan.objects.order_by("-starts_on")],
        "today": today,
    })


@require_GET
@inspection_view
def project_page(request, pk: int):
    project = InspectionProject.objects.select_related("unit").filter(pk=pk).first()
    if project is None:
        return not_found(request, _("查無此專案。"))
    progress = selectors.project_progress(projects=[project])[0]
    inspected = {}
    for inspection in (Inspection.objects.filter(project=project)
                       .select_related("case").order_by("inspected_on", "pk")):
        inspected.setdefault(inspection.case.establishment_id, inspection)
    targets = list(project.targets.select_related("district", "industry").order_by("name"))
    for target in targets:
        target.inspection = inspected.get(target.pk)
    page = Paginator(targets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/project.html", {
        "project": project, "progress": progress, "page": page,
        "others": len(set(inspected) - {t.pk for t in targets}),
    })


# --- risk-based selection -------------------------------------------------------------------

REASON_LABELS = {
    rules.RISK_SIZE: gettext_lazy("規模"),
    rules.RISK_INDUSTRY: gettext_lazy("行業"),
    rules.RISK_PENALTIES: gettext_lazy("過往裁罰"),
    rules.RISK_NEVER_INSPECTED: gettext_lazy("從未受檢"),
    rules.RISK_UNINSPECTED_YEARS: gettext_lazy("距上次檢查"),
    rules.RISK_COMPLAINTS: gettext_lazy("申訴（勞資爭議相對人）"),
    rules.RISK_LONG_HOURS: gettext_lazy("長工時註記"),
}
BAND_LABELS = {band.key: band.label for band in core_selectors.HEADCOUNT_BANDS}


def reason_text(reason) -> str:
    """A reason in words, with its points: 規模 50至99人（+2）."""
    code, value = reason.code, reason.value
    if code == rules.RISK_SIZE:
        fact = BAND_LABELS.get(value, _("人數不明"))
    elif code == rules.RISK_INDUSTRY:
        fact = str(value)
    elif code == rules.RISK_PENALTIES:
        fact = _("%(n)s 筆") % {"n": value}
    elif code == rules.RISK_UNINSPECTED_YEARS:
        fact = _("%(n)s 年") % {"n": value}
    elif code == rules.RISK_COMPLAINTS:
        fact = _("%(n)s 件") % {"n": value}
    else:
        fact = ""
    label = str(REASON_LABELS.get(code, code))
    text = f"{label} {fact}".strip()
    return f"{text}（+{reason.points}）"


def _ranking(values: dict):
    today = timezone.localdate()
    facts, establishments = selectors.risk_facts(today, **values)
    ranked = rules.rank_by_risk(facts, today)
    rows = []
    for rank, score in enumerate(ranked, 1):
        establishment = establishments[score.key]
        rows.append({"rank": rank, "establishment": establishment, "score": score.score,
                     "reasons": [reason_text(r) for r in score.reasons],
                     "last_inspected_on": score.last_inspected_on,
                     "band": BAND_LABELS.get(establishment.headcount_band, _("人數不明"))})
    return rows, today


def _criteria():
    weights = rules.DEFAULT_RISK_WEIGHTS
    return {
        "size": [(BAND_LABELS[key], points) for key, points in weights.size_band.items()],
        "industry": sorted(weights.industry.items()),
        "weights": weights,
        "lookback": rules.RISK_LOOKBACK_YEARS,
    }


def _risk_page(request, filters, add_form, status=200):
    rows, today = _ranking(filters.values())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/risk.html", {
        "filters": filters, "add_form": add_form, "page": page, "today": today,
        "criteria": _criteria(), "can_work": can_work(request.user),
        "has_errors": status >= 400,
    }, status=status)


@require_GET
@inspection_view
def risk(request):
    filters = inspection_forms.RiskFilterForm(request.GET or None)
    add_form = inspection_forms.RiskAddForm(initial=filters.values())
    return _risk_page(request, filters, add_form)


def csv_cell(value) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_GET
@inspection_view
def risk_csv(request):
    filters = inspection_forms.RiskFilterForm(request.GET or None)
    rows, today = _ranking(filters.values())
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["排名", "分數", "統一編號", "事業單位名稱", "規模", "行業", "行政區",
                     "上次檢查日期", "列入原因"])
    for row in rows:
        establishment = row["establishment"]
        writer.writerow([
            row["rank"], row["score"], establishment.ubn, csv_cell(establishment.name),
            row["band"], f"{establishment.industry.code} {establishment.industry.name}",
            establishment.district.name,
            row["last_inspected_on"].isoformat() if row["last_inspected_on"] else "",
            "；".join(row["reasons"]),
        ])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="risk-ranking-{today:%Y%m%d}.csv"'
    return response


@require_POST
@inspection_view
def risk_add(request):
    if not can_work(request.user):
        return refuse_work(request)
    form = inspection_forms.RiskAddForm(request.POST)
    filters = inspection_forms.RiskFilterForm(
        {k: request.POST.get(k, "") for k in ("band", "industry", "district")})
    if form.is_valid():
        rows, _today = _ranking(filters.values())
        chosen = [row["establishment"] for row in rows[:form.cleaned_data["top"]]]
        project = form.cleaned_data["project"]
        try:
            added = services.project_targets_add(project=project, establishments=chosen,
                                                 actor=request.user)
        except ValidationError as exc:
            inspection_forms.apply_errors(form, exc)
        else:
            messages.success(request, _("已將 %(added)s 家事業單位加入「%(project)s」目標名單"
                                        "（%(already)s 家原已在名單中）。") % {
                "added": added, "project": project.name, "already": len(chosen) - added})
            return redirect("inspections:project", pk=project.pk)
    return _risk_page(request, filters, form, status=400)


# --- registries -----------------------------------------------------------------------------

STAFF_BAND_LABELS = {
    rules.BAND_300_PLUS: gettext_lazy("300人以上"),
    rules.BAND_200_299: gettext_lazy("200至299人"),
    rules.BAND_100_199: gettext_lazy("100至199人"),
    rules.BAND_50_99_SPECIAL: gettext_lazy("50至99人且具特別危害健康作業"),
}


@require_http_methods(["GET", "POST"])
@inspection_view
def health_staffing(request):
    form = inspection_forms.HealthStaffingForm(initial={"reported_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_work(request.user):
            return refuse_work(request)
        form = inspection_forms.HealthStaffingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.health_staffing_record(
                    establishment=data["establishment"], reported_on=data["reported_on"],
                    special_hazard_workers=data["special_hazard_workers"],
                    nurses=data["nurses"], physicians=data["physicians"], actor=request.user)
            except ValidationError as exc:
                inspection_forms.apply_errors(form, exc)
            else:
                messages.success(request, _("已登錄 %(name)s 之醫護人力資料。") % {
                    "name": data["establishment"].name})
                return redirect("inspections:health_staffing")
        status = 400
    today = timezone.localdate()
    bands, gaps = selectors.health_staffing(today)
    bands = [{"row": band, "label": STAFF_BAND_LABELS[band.band]} for band in bands]
    gaps = [{"row": gap, "label": STAFF_BAND_LABELS[gap.band]} for gap in gaps]
    page = Paginator(gaps, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/health_staffing.html", {
        "bands": bands, "page": page, "form": form, "today": today,
        "can_work": can_work(request.user), "has_errors": status >= 400,
    }, status=status)


@require_http_methods(["GET", "POST"])
@inspection_view
def confined_spaces(request):
    form = inspection_forms.ConfinedSpaceForm(initial={"registered_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_work(request.user):
            return refuse_work(request)
        form = inspection_forms.ConfinedSpaceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.confined_space_register(
                    establishment=data["establishment"], space_kind=data["space_kind"],
                    registered_on=data["registered_on"], description=data["description"],
                    site=data["site"], actor=request.user)
            except ValidationError as exc:
                inspection_forms.apply_errors(form, exc)
            else:
                messages.success(request, _("已新增局限空間作業場所。"))
                return redirect("inspections:confined_spaces")
        status = 400
    rows, total, defects = selectors.confined_spaces()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/confined_spaces.html", {
        "page": page, "total": total, "defects": defects,
        "rate": rules.staffing_rate(defects, total) if total else None,
        "form": form, "can_work": can_work(request.user), "has_errors": status >= 400,
        "today": timezone.localdate(),
    }, status=status)

