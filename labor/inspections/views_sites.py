"""Construction sites: the list with each site's grade and next due date, the site page
(inspections, stop-work orders and their lifting, alcohol tests, CCTV), and the create and
edit forms. Permissions and error handling as in views.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.forms_base import apply_errors
from labor.core.views import not_found
from labor.inspections import forms as inspection_forms
from labor.inspections import rules, selectors, services
from labor.inspections.models import ConstructionSite, Grade
from labor.inspections.views import can_work, inspection_view, refuse_work

PAGE_SIZE = 50


@require_GET
@inspection_view
def site_list(request):
    today = timezone.localdate()
    sites = ConstructionSite.objects.select_related("contractor", "district")
    grade = request.GET.get("grade", "")
    if grade in Grade.values:
        sites = sites.filter(grade=grade)
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        sites = sites.filter(Q(name__icontains=query) | Q(contractor__name__icontains=query)
                             | Q(contractor__ubn=query))
    if request.GET.get("current") != "all":
        sites = sites.filter(ends_on__gte=today)
    rows = selectors.site_rows(today, sites=sites)
    if request.GET.get("overdue") == "1":
        rows = [row for row in rows if row.overdue]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/sites.html", {
        "page": page,
        "today": today,
        "grades": Grade.choices,
        "grade": grade,
        "query": query,
        "show_all": request.GET.get("current") == "all",
        "only_overdue": request.GET.get("overdue") == "1",
        "intervals": [(Grade(g).label, months)
                      for g, months in rules.COUNCIL_INTERVAL_MONTHS.items()],
        "can_work": can_work(request.user),
    })


def _site(pk):
    return (ConstructionSite.objects.select_related("contractor", "district")
            .filter(pk=pk).first())


SITE_FORMS = {
    "stop": (inspection_forms.StopWorkForm, "orders"),
    "lift": (inspection_forms.LiftForm, "orders"),
    "alcohol": (inspection_forms.AlcoholForm, "alcohol"),
}


def _site_form(action, site, data=None, *, row=None):
    form_class = SITE_FORMS[action][0]
    kwargs = {"prefix": action}
    if action == "lift":
        kwargs["site"] = site
        if row is not None:
            kwargs["initial"] = {"order": row.pk, "lifted_on": timezone.localdate()}
            kwargs["auto_id"] = f"id_lift-{row.pk}-%s"
    elif data is None:
        field = "issued_on" if action == "stop" else "tested_on"
        kwargs["initial"] = {field: timezone.localdate()}
    return form_class(data, **kwargs)


def _site_page(request, site, *, bound=None, status=200):
    today = timezone.localdate()
    row = selectors.site_rows(today, sites=[site])[0]
    working = can_work(request.user)
    failed_action, failed_form = bound or ("", None)
    orders = list(site.stop_work_orders.order_by("-issued_on", "-id"))
    for order in orders:
        order.lift_form = None
        if working and order.lifted_on is None:
            if failed_action == "lift" and failed_form.data.get("lift-order") == str(order.pk):
                order.lift_form = failed_form
            else:
                order.lift_form = _site_form("lift", site, row=order)
    forms = {}
    if working:
        if not row.stopped:
            forms["stop"] = _site_form("stop", site)
        forms["alcohol"] = _site_form("alcohol", site)
    if failed_action in ("stop", "alcohol"):
        forms[failed_action] = failed_form
    inspections = (site.inspections.select_related("case", "inspector")
                   .order_by("-inspected_on", "-pk"))
    return render(request, "inspections/site.html", {
        "site": site,
        "row": row,
        "windows": rules.inspection_windows(site.starts_on, site.ends_on, site.grade),
        "inspections": inspections,
        "orders": orders,
        "tests": site.alcohol_tests.order_by("-tested_on", "-id"),
        "limit": rules.COUNCIL_ALCOHOL_LIMIT_MG_PER_L,
        "forms": forms,
        "failed_action": failed_action,
        "can_work": working,
        "today": today,
    }, status=status)


@require_GET
@inspection_view
def site_page(request, pk: int):
    site = _site(pk)
    if site is None:
        return not_found(request, _("查無此營造工地。"))
    return _site_page(request, site)


@require_POST
@inspection_view
def site_action(request, pk: int, action: str):
    if action not in SITE_FORMS:
        raise Http404
    site = _site(pk)
    if site is None:
        return not_found(request, _("查無此營造工地。"))
    if not can_work(request.user):
        return refuse_work(request)
    form = _site_form(action, site, request.POST)
    if not form.is_valid():
        return _site_page(request, site, bound=(action, form), status=400)
    data = form.cleaned_data
    try:
        if action == "stop":
            services.stop_work_issue(site=site, issued_on=data["issued_on"], actor=request.user)
            message = _("已登錄停工。")
        elif action == "lift":
            services.stop_work_lift(order=data["order"], lifted_on=data["lifted_on"],
                                    actor=request.user)
            message = _("已登錄復工。")
        else:
            test = services.alcohol_test_record(site=site, tested_on=data["tested_on"],
                                                mg_per_l=data["mg_per_l"],
                                                at_height=data["at_height"], actor=request.user)
            message = (_("已登錄酒測；達移送標準，請依規定移送處理。") if test.referred
                       else _("已登錄酒測。"))
    except ValidationError as exc:
        apply_errors(form, exc, aliases={"site": None})
        return _site_page(request, site, bound=(action, form), status=400)
    messages.success(request, message)
    return redirect(reverse("inspections:site", args=[site.pk]) + f"#{SITE_FORMS[action][1]}")


def _save_site(request, form, site=None):
    """Create or update through the service; (site, None) or (None, the 400 page)."""
    data = form.cleaned_data
    values = {k: data[k] for k in ("name", "contractor", "public", "address", "district",
                                   "starts_on", "ends_on", "grade", "cctv_installed_on")}
    try:
        if site is None:
            return services.site_create(actor=request.user, **values), None
        return services.site_update(site=site, actor=request.user, **values), None
    except ValidationError as exc:
        apply_errors(form, exc)
        return None, _site_form_page(request, form, site, status=400)


def _site_form_page(request, form, site=None, status=200):
    return render(request, "inspections/site_form.html", {
        "form": form, "site": site, "has_errors": status >= 400}, status=status)


@require_http_methods(["GET", "POST"])
@inspection_view
def site_new(request):
    if not can_work(request.user):
        return refuse_work(request)
    if request.method == "GET":
        return _site_form_page(request, inspection_forms.SiteForm())
    form = inspection_forms.SiteForm(request.POST)
    if not form.is_valid():
        return _site_form_page(request, form, status=400)
    site, refusal = _save_site(request, form)
    if refusal:
        return refusal
    messages.success(request, _("已新增營造工地。"))
    return redirect("inspections:site", pk=site.pk)


@require_http_methods(["GET", "POST"])
@inspection_view
def site_edit(request, pk: int):
    site = _site(pk)
    if site is None:
        return not_found(request, _("查無此營造工地。"))
    if not can_work(request.user):
        return refuse_work(request)
    if request.method == "GET":
        return _site_form_page(request, inspection_forms.SiteForm(site=site), site)
    form = inspection_forms.SiteForm(request.POST, site=site)
    if not form.is_valid():
        return _site_form_page(request, form, site, status=400)
    saved, refusal = _save_site(request, form, site)
    if refusal:
        return refusal
    messages.success(request, _("已更新營造工地資料。"))
    return redirect("inspections:site", pk=saved.pk)
