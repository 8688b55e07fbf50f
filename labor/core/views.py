"""The staff workspace shell: login, home page per unit, global search, establishment,
person and case pages. Pages only read; every write goes through a service."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import F, Min, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from labor.core import lines, search
from labor.core.forms import LoginForm, SearchForm, client_ip, lockout_hint
from labor.core.models import Case, CaseDueDate, Establishment, Person
from labor.core.permissions import (
    can_view_case,
    can_view_person_full,
    forbidden,
    staff_profile,
    visible_cases,
    workspace_view,
)
from labor.core.services import person_access_log

# Labels of the kernel's case events (labor.core.services); a line's own actions show their
# code until the line adds its label here or in its own page.
EVENT_ACTIONS = {
    "open": gettext_lazy("開案"),
    "transition": gettext_lazy("狀態變更"),
    "assign": gettext_lazy("指派承辦人"),
    "due_date": gettext_lazy("設定期限"),
    "attachment_add": gettext_lazy("新增附件"),
}

PAGE_SIZE = 20
# A due date this many calendar days away or nearer is flagged "due soon".
DUE_SOON_DAYS = 3


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(lockout_hint=lockout_hint(), **kwargs)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET), so a link or an image cannot log one out."""


def line_label(code: str) -> str:
    """The line's label in the current language; the code itself for a line not installed yet
    (a unit may already list a line whose app comes later)."""
    try:
        line = lines.get(code)
    except ImproperlyConfigured:
        return code
    return line.label_en if (get_language() or "").startswith("en") else line.label


def display_name(user) -> str:
    """Family name first and no space, as Chinese names are written (陳美玲)."""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def _label_lines(cases):
    for item in cases:
        item.line_label = line_label(item.line)
    return cases


def _label_events(events):
    events = list(events)
    for event in events:
        event.action_label = EVENT_ACTIONS.get(event.action, event.action)
    return events


def _due_state(due_on: dt.date, today: dt.date) -> str:
    if due_on < today:
        return "overdue"
    if due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "ok"


def _mark_due_dates(due_dates, today):
    for due in due_dates:
        due.state = "met" if due.met_on else _due_state(due.due_on, today)
    return due_dates


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def not_found(request, message: str):
    return render(request, "core/404.html", {"message": message}, status=404)


@workspace_view
def home(request):
    user = request.user
    profile = staff_profile(user)
    unit = profile.unit if profile is not None else None
    unit_lines = [(code, line_label(code)) for code in (unit.lines or [])] if unit else []
    open_due = CaseDueDate.objects.filter(met_on__isnull=True).order_by("due_on")
    cases = (
        Case.objects.filter(assigned_officer=user, closed_at__isnull=True)
        .select_related("establishment", "person")
        .prefetch_related(Prefetch("due_dates", queryset=open_due, to_attr="open_due_dates"))
        .annotate(next_due=Min("due_dates__due_on", filter=Q(due_dates__met_on__isnull=True)))
        .order_by(F("next_due").asc(nulls_last=True), "received_at", "pk")
    )
    page = _page(request, cases)
    today = timezone.localdate()
    for item in _label_lines(page.object_list):
        _mark_due_dates(item.open_due_dates, today)
    return render(
        request,
        "core/home.html",
        {
            "profile": profile,
            "unit": unit,
            "unit_lines": unit_lines,
            "page": page,
            "today": today,
            "search_form": SearchForm(),
            "greeting_name": display_name(user),
        },
    )


@workspace_view
def search_page(request):
    """The search boxes post their query, so that a personal ID typed into one never lands in
    a URL (server logs, browser history, referrers). A name search is redirected to a GET
    URL, so that its result pages can be paginated, bookmarked and revisited."""
    data = request.POST if request.method == "POST" else request.GET
    if "q" not in data:
        return render(request, "core/search.html", {"form": SearchForm(), "outcome": None})
    form = SearchForm(data)
    if not form.is_valid():
        return render(request, "core/search.html", {"form": form, "outcome": None}, status=400)
    query = form.cleaned_data["q"]
    if request.method == "POST" and search.classify(query)[0] == search.Kind.NAME:
        return redirect(f"{reverse('core:search')}?{urlencode({'q': query})}")
    outcome = form.search(user=request.user)
    if outcome.redirect_to:
        return redirect(outcome.redirect_to)
    if outcome.is_private:
        form = SearchForm()  # do not write the full ID back into the page
    establishments = None
    if outcome.establishments is not None:
        establishments = _page(request, outcome.establishments)
    for person in outcome.persons:
        person.can_open = can_view_person_full(request.user)
    return render(
        request,
        "core/search.html",
        {
            "form": form,
            "outcome": outcome,
            "establishments": establishments,
            "cases": _label_lines(outcome.cases),
            "header_query": "" if outcome.is_private else outcome.query,
            # The language switch returns here; never with a personal ID in the URL.
            "language_next": reverse("core:search") if outcome.is_private else "",
        },
    )


@workspace_view
def establishment(request, ubn: str):
    est = (
        Establishment.objects.select_related("industry", "district").filter(ubn=ubn).first()
    )
    if est is None:
        return not_found(request, _("查無統一編號 %(ubn)s 的事業單位。") % {"ubn": ubn})
    cases_qs = est.cases.select_related("unit").order_by("-received_at", "-pk")
    cases = _page(request, cases_qs)
    visible = set(
        visible_cases(request.user, Case.objects.filter(pk__in=[c.pk for c in cases]))
        .values_list("pk", flat=True)
    )
    for item in _label_lines(cases.object_list):
        item.can_open = item.pk in visible
    return render(
        request,
        "core/establishment.html",
        {
            "establishment": est,
            "headcounts": est.headcounts.order_by("-as_of"),
            "cases": cases,
        },
    )


@workspace_view
def person(request, pk: int):
    record = Person.objects.filter(pk=pk).first()
    if record is None:
        return not_found(request, _("查無此個人資料。"))
    if not can_view_person_full(request.user):
        return forbidden(
            request,
            _("檢視個人完整資料需要「可檢視個人完整資料（含證號）」權限；查詢結果僅顯示遮蔽後的證號。"),
        )
    person_access_log(
        person=record,
        user=request.user,
        purpose=_("個人資料頁 %(path)s") % {"path": request.get_full_path()},
        ip_address=client_ip(request),
    )
    cases = _label_lines(
        list(
            visible_cases(request.user, record.cases.all())
            .select_related("establishment")
            .order_by("-received_at")[:50]
        )
    )
    return render(
        request,
        "core/person.html",
        {
            "person": record,
            "groups": record.priority_groups.order_by("-established_on"),
            "cases": cases,
        },
    )


@workspace_view
def case(request, number: str):
    record = (
        Case.objects.select_related("establishment", "person", "assigned_officer", "unit")
        .filter(number=number.upper())
        .first()
    )
    if record is None:
        return not_found(request, _("查無案號 %(number)s。") % {"number": number})
    if not can_view_case(request.user, record):
        return forbidden(request, _("此案件不在您可檢視的業務範圍內。"))
    record.line_label = line_label(record.line)
    today = timezone.localdate()
    return render(
        request,
        "core/case.html",
        {
            "case": record,
            "due_dates": _mark_due_dates(list(record.due_dates.all()), today),
            "events": _label_events(record.events.select_related("actor")),
            "can_open_person": can_view_person_full(request.user),
            "today": today,
        },
    )
