"""The staff pages of the employment service (/employment/): today's work, the job seekers'
register and a seeker's page with the vacancies that fit, the vacancies' register and a
vacancy's page with the seekers that fit, counter registration of both, verifying online
postings, referrals and their outcomes, self-found placements and employer-reported hires.

Every page needs employment.work_employment: anonymous visitors are sent to the login page,
staff without it get a 403. Pages read through labor.employment.selectors and
labor.employment.matching, and write through labor.employment.services. A service's
ValidationError comes back as field messages with a 400, a stale ``version`` as a 409;
nothing is written in either case.

Personal data: lists show IDs masked; a seeker's page shows the full record and writes a
PersonAccessLog row on every view.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.forms import client_ip
from labor.core.forms_base import apply_errors
from labor.core.permissions import forbidden, workspace_view
from labor.core.services import person_access_log
from labor.employment import forms as ef
from labor.employment import selectors, services
from labor.employment.models import (
    JobSeeker,
    Referral,
    ReferralResult,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
)

WORK = "employment.work_employment"
PAGE_SIZE = 25
# Matches shown on a seeker's or a vacancy's own page; the match pages show MATCH_LIMIT.
MATCHES_ON_PAGE = 10
MATCH_LIMIT = 20
HOME_ROWS = 10


def employment_view(view):
    """Staff only (anonymous: to the login page), holding employment.work_employment (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(WORK):
            return forbidden(request, _("就業服務頁面需要「可辦理就業服務」權限。"))
        return view(request, *args, **kwargs)

    return workspace_view(wrapped)


# --- matching -------------------------------------------------------------------------------


def vacancies_for(seeker: JobSeeker, limit: int, near_misses: bool = False) -> tuple[list, bool]:
    """(matches, available): labor.employment.matching.vacancies_for, or nothing where the
    matching module is not installed. ``near_misses`` also lists vacancies whose required
    licences the seeker lacks (ranked lower, with 「缺少證照：...」)."""
    try:
        from labor.employment import matching
    except ImportError:
        return [], False
    extra = {"near_misses": True} if near_misses else {}
    return list(matching.vacancies_for(seeker, limit=limit, **extra)), True


def seekers_for(vacancy: Vacancy, limit: int, near_misses: bool = False) -> tuple[list, bool]:
    try:
        from labor.employment import matching
    except ImportError:
        return [], False
    extra = {"near_misses": True} if near_misses else {}
    return list(matching.seekers_for(vacancy, limit=limit, **extra)), True


def _mark_referred_vacancies(seeker: JobSeeker, matches: list) -> list:
    referred = set(Referral.objects.filter(seeker=seeker).values_list("vacancy_id", flat=True))
    hired = selectors.hired_counts([m.vacancy for m in matches])
    for match in matches:
        match.referred = match.vacancy.pk in referred
        match.hired = hired.get(match.vacancy.pk, 0)
    return matches


def _mark_referred_seekers(vacancy: Vacancy, matches: list) -> list:
    referred = set(Referral.objects.filter(vacancy=vacancy).values_list("seeker_id", flat=True))
    for match in matches:
        match.referred = match.seeker.pk in referred
    return matches


# --- home -----------------------------------------------------------------------------------


@require_GET
@employment_view
def home(request):
    today = selectors.today()
    pending = selectors.pending_vacancies()
    awaiting = selectors.referrals_awaiting()
    recent = selectors.recent_registrations(days=7, on=today)
    return render(request, "employment/home.html", {
        "today": today,
        "counts": selectors.home_counts(today),
        "pending": list(pending[:HOME_ROWS]),
        "awaiting": list(awaiting[:HOME_ROWS]),
        "recent": list(recent[:HOME_ROWS]),
        "recent_count": recent.count(),
    })


# --- job seekers ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@employment_view
def seeker_list(request):
    """The register, IDs masked. Looking a seeker up by ID is a POST (the ID stays out of
    URLs and logs): one registration found opens its page."""
    id_error = ""
    if request.method == "POST":
        from labor.core import identifiers

        number = identifiers.compact(request.POST.get("id_number", "")).upper()
        # The newest registration of the person (at most one is active).
        found = selectors.seeker_list(id_number=number).first() if number else None
        if found is not None:
            return redirect("employment:seeker", pk=found.pk)
        id_error = (_("查無此證號的求職登記。") if number else _("請填寫身分證字號。"))
    filters = ef.SeekerFilterForm(request.GET or None)
    rows = selectors.seeker_list(**filters.values())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/seekers.html", {
        "page": page, "filters": filters, "id_error": id_error,
    }, status=400 if id_error else 200)


@require_http_methods(["GET", "POST"])
@employment_view
def seeker_new(request):
    """Registration at the counter (臨櫃求職登記)."""
    if request.method == "GET":
        return render(request, "employment/seeker_form.html", {"form": ef.SeekerCounterForm()})
    form = ef.SeekerCounterForm(request.POST)
    if form.is_valid():
        try:
            seeker = services.seeker_register(channel=services.COUNTER, actor=request.user,
                                              **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已完成求職登記：%(name)s。") % {
                "name": seeker.person.name})
            return redirect("employment:seeker", pk=seeker.pk)
    return render(request, "employment/seeker_form.html", {"form": form}, status=400)


def _seeker(pk) -> JobSeeker:
    return get_object_or_404(
        JobSeeker.objects.select_related("person", "unit", "account"), pk=pk)


def _seeker_page(request, seeker: JobSeeker, *, forms=None, status=200, refer_error=None):
    person_access_log(
        person=seeker.person, user=request.user, ip_address=client_ip(request),
        purpose=_("就業服務：求職登記 %(pk)s") % {"pk": seeker.pk},
    )
    forms = forms or {}
    active = seeker.status == SeekerStatus.ACTIVE
    matches, matching_ready = ([], True)
    if active:
        matches, matching_ready = vacancies_for(seeker, MATCHES_ON_PAGE)
        _mark_referred_vacancies(seeker, matches)
    today = selectors.today()
    version = {"version": seeker.version}
    return render(request, "employment/seeker.html", {
        "seeker": seeker,
        "person": seeker.person,
        "active": active,
        "occupations": list(seeker.desired_occupations.all()),
        "districts": list(seeker.desired_districts.all()),
        "groups": list(seeker.person.priority_groups.filter(established_on__lte=today)
                       .exclude(ended_on__lt=today).order_by("established_on")),
        "referrals": list(selectors.seeker_referrals(seeker)),
        "placements": list(seeker.placements.select_related("establishment", "referral")),
        "matches": matches,
        "matching_ready": matching_ready,
        "refer_form": forms.get("refer") or ef.ReferByNumberForm(),
        "close_form": forms.get("close") or ef.SeekerCloseForm(
            initial={**version, "closed_on": today}),
        "self_found_form": forms.get("self_found") or ef.SelfFoundForm(
            initial={**version, "placed_on": today}),
        "failed": next(iter(forms), ""),
        "refer_error": refer_error or {},
        "today": today,
    }, status=status)


@require_GET
@employment_view
def seeker_page(request, pk: int):
    return _seeker_page(request, _seeker(pk))


@require_http_methods(["GET", "POST"])
@employment_view
def seeker_edit(request, pk: int):
    seeker = _seeker(pk)
    if request.method == "GET":
        form = ef.SeekerWishesForm(initial=ef.SeekerWishesForm.initial_for(seeker))
        return render(request, "employment/seeker_edit.html", {"form": form, "seeker": seeker})
    form = ef.SeekerWishesForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.seeker_update(seeker=seeker, version=form.cleaned_data["version"],
                                   actor=request.user, phone=form.cleaned_data["phone"],
                                   **form.wishes())
        except services.StaleEdit as exc:
            form.add_error(None, ValidationError(exc.messages))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已更新求職條件。"))
            return redirect("employment:seeker", pk=seeker.pk)
    return render(request, "employment/seeker_edit.html", {"form": form, "seeker": seeker},
                  status=status)


SEEKER_ACTIONS = {"close": ef.SeekerCloseForm, "self_found": ef.SelfFoundForm}


@require_POST
@employment_view
def seeker_action(request, pk: int, action: str):
    if action not in SEEKER_ACTIONS:
        raise Http404
    seeker = _seeker(pk)
    form = SEEKER_ACTIONS[action](request.POST)
    if not form.is_valid():
        return _seeker_page(request, seeker, forms={action: form}, status=400)
    data = form.cleaned_data
    try:
        if action == "close":
            services.seeker_close(seeker=seeker, version=data["version"], actor=request.user,
                                  closed_on=data["closed_on"])
            message = _("已結案。")
        else:
            services.placement_self_found(seeker=seeker, version=data["version"],
                                          actor=request.user, placed_on=data["placed_on"],
                                          ubn=data.get("ubn", ""),
                                          starts_on=data.get("starts_on"))
            message = _("已登錄自行就業。")
    except services.StaleEdit as exc:
        form.add_error(None, ValidationError(exc.messages))
        return _seeker_page(request, _seeker(pk), forms={action: form}, status=409)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _seeker_page(request, _seeker(pk), forms={action: form}, status=400)
    messages.success(request, message)
    return redirect("employment:seeker", pk=seeker.pk)


@require_GET
@employment_view
def match_seeker(request, pk: int):
    """The vacancies that fit a seeker, ranked, with the reasons, and a 推介 button each."""
    seeker = _seeker(pk)
    return _match_seeker_page(request, seeker)


def _near_misses(request) -> bool:
    return (request.GET.get("near_misses") or request.POST.get("near_misses")) == "1"


def _match_seeker_page(request, seeker, *, status=200, refer_error=None):
    matches, ready = [], True
    near = _near_misses(request)
    if seeker.status == SeekerStatus.ACTIVE:
        matches, ready = vacancies_for(seeker, MATCH_LIMIT, near_misses=near)
        _mark_referred_vacancies(seeker, matches)
    return render(request, "employment/match_seeker.html", {
        "seeker": seeker, "matches": matches, "matching_ready": ready, "near_misses": near,
        "active": seeker.status == SeekerStatus.ACTIVE, "refer_error": refer_error or {},
    }, status=status)


# --- vacancies ------------------------------------------------------------------------------


@require_GET
@employment_view
def vacancy_list(request):
    filters = ef.VacancyFilterForm(request.GET or None)
    rows = selectors.vacancy_list(**filters.values())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    hired = selectors.hired_counts(page.object_list)
    today = selectors.today()
    for row in page.object_list:
        row.hired = hired.get(row.pk, 0)
        row.expired = row.status == VacancyStatus.OPEN and row.valid_until < today
    return render(request, "employment/vacancies.html", {"page": page, "filters": filters,
                                                         "today": today})


@require_http_methods(["GET", "POST"])
@employment_view
def vacancy_new(request):
    """A vacancy typed in at the counter (臨櫃求才登記): open at once."""
    if request.method == "GET":
        return render(request, "employment/vacancy_form.html",
                      {"form": ef.VacancyCounterForm()})
    form = ef.VacancyCounterForm(request.POST)
    if form.is_valid():
        try:
            vacancy = services.vacancy_post(channel=services.COUNTER, actor=request.user,
                                            **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已完成求才登記：%(title)s。") % {"title": vacancy.title})
            return redirect("employment:vacancy", pk=vacancy.pk)
    return render(request, "employment/vacancy_form.html", {"form": form}, status=400)


def _vacancy(pk) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("establishment", "district", "occupation", "posted_by",
                                       "verified_by"), pk=pk)


def _vacancy_page(request, vacancy: Vacancy, *, forms=None, status=200, refer_error=None):
    forms = forms or {}
    today = selectors.today()
    refusal = services.referral_refusal(vacancy, today)
    matches, ready = [], True
    if refusal is None:
        matches, ready = seekers_for(vacancy, MATCHES_ON_PAGE)
        _mark_referred_seekers(vacancy, matches)
    hired = services.persons_hired(vacancy)
    version = {"version": vacancy.version}
    return render(request, "employment/vacancy.html", {
        "vacancy": vacancy,
        "refusal": refusal,
        "expired": vacancy.valid_until < today,
        "hired": hired,
        "remaining": max(vacancy.persons_wanted - hired, 0),
        "referrals": list(selectors.vacancy_referrals(vacancy)),
        "hires": list(vacancy.hires.select_related("placement__seeker__person")),
        "matches": matches,
        "matching_ready": ready,
        "can_verify": vacancy.status == VacancyStatus.PENDING,
        "can_close": vacancy.status in (VacancyStatus.PENDING, VacancyStatus.OPEN),
        "can_hire": vacancy.status in (VacancyStatus.OPEN, VacancyStatus.CLOSED)
        and hired < vacancy.persons_wanted,
        "verify_form": forms.get("verify") or ef.VersionForm(initial=version),
        "close_form": forms.get("close") or ef.VersionForm(initial=version),
        "hire_form": forms.get("hire") or ef.HireForm(initial={**version, "hired_on": today,
                                                               "persons": 1}),
        "failed": next(iter(forms), ""),
        "refer_error": refer_error or {},
        "today": today,
    }, status=status)


@require_GET
@employment_view
def vacancy_page(request, pk: int):
    return _vacancy_page(request, _vacancy(pk))


VACANCY_ACTIONS = {"verify": ef.VersionForm, "close": ef.VersionForm, "hire": ef.HireForm}


@require_POST
@employment_view
def vacancy_action(request, pk: int, action: str):
    if action not in VACANCY_ACTIONS:
        raise Http404
    vacancy = _vacancy(pk)
    form = VACANCY_ACTIONS[action](request.POST)
    if not form.is_valid():
        return _vacancy_page(request, vacancy, forms={action: form}, status=400)
    data = form.cleaned_data
    try:
        if action == "verify":
            services.vacancy_verify(vacancy=vacancy, version=data["version"], actor=request.user)
            message = _("已審核，職缺開放中。")
        elif action == "close":
            services.vacancy_close(vacancy=vacancy, version=data["version"], actor=request.user)
            message = _("已關閉職缺。")
        else:
            hire = services.hire_record(vacancy=vacancy, version=data["version"],
                                        persons=data["persons"], hired_on=data["hired_on"],
                                        actor=request.user)
            message = _("已登錄僱用 %(n)s 人。") % {"n": hire.persons}
    except services.StaleEdit as exc:
        form.add_error(None, ValidationError(exc.messages))
        return _vacancy_page(request, _vacancy(pk), forms={action: form}, status=409)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _vacancy_page(request, _vacancy(pk), forms={action: form}, status=400)
    messages.success(request, message)
    return redirect("employment:vacancy", pk=vacancy.pk)


@require_GET
@employment_view
def match_vacancy(request, pk: int):
    """The seekers that fit a vacancy, ranked, with the reasons, and a 推介 button each."""
    return _match_vacancy_page(request, _vacancy(pk))


def _match_vacancy_page(request, vacancy, *, status=200, refer_error=None):
    refusal = services.referral_refusal(vacancy, selectors.today())
    matches, ready = [], True
    near = _near_misses(request)
    if refusal is None:
        matches, ready = seekers_for(vacancy, MATCH_LIMIT, near_misses=near)
        _mark_referred_seekers(vacancy, matches)
    return render(request, "employment/match_vacancy.html", {
        "vacancy": vacancy, "matches": matches, "matching_ready": ready, "refusal": refusal,
        "near_misses": near, "refer_error": refer_error or {},
    }, status=status)


# --- referrals ------------------------------------------------------------------------------


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for messages_ in exc.message_dict.values() for m in messages_)
    return " ".join(exc.messages)


@require_POST
@employment_view
def refer(request):
    """Refer a seeker to a vacancy (from a match list, or a vacancy number typed on the
    seeker's page). ``back`` names the page to return to: seeker, match_seeker, vacancy,
    match_vacancy. A refusal shows that page again with the message at the row (400)."""
    back = request.POST.get("back", "seeker")
    seeker = get_object_or_404(JobSeeker.objects.select_related("person"),
                               pk=_int(request.POST.get("seeker")))
    number_form = None
    if back == "seeker" and "vacancy_number" in request.POST:
        number_form = ef.ReferByNumberForm({"vacancy": request.POST.get("vacancy_number")})
        if not number_form.is_valid():
            return _seeker_page(request, _seeker(seeker.pk), forms={"refer": number_form},
                                status=400)
        vacancy = Vacancy.objects.filter(pk=number_form.cleaned_data["vacancy"]).first()
        if vacancy is None:
            number_form.add_error("vacancy", _("查無此職缺編號。"))
            return _seeker_page(request, _seeker(seeker.pk), forms={"refer": number_form},
                                status=400)
    else:
        vacancy = get_object_or_404(Vacancy, pk=_int(request.POST.get("vacancy")))
    try:
        referral = services.referral_create(seeker=seeker, vacancy=vacancy, actor=request.user)
    except ValidationError as exc:
        text = _error_text(exc)
        if number_form is not None:
            apply_errors(number_form, exc, aliases={"seeker": None, NON_FIELD_ERRORS: None})
            return _seeker_page(request, _seeker(seeker.pk), forms={"refer": number_form},
                                status=400)
        if back == "match_seeker":
            return _match_seeker_page(request, _seeker(seeker.pk), status=400,
                                      refer_error={vacancy.pk: text})
        if back == "vacancy":
            return _vacancy_page(request, _vacancy(vacancy.pk), status=400,
                                 refer_error={seeker.pk: text})
        if back == "match_vacancy":
            return _match_vacancy_page(request, _vacancy(vacancy.pk), status=400,
                                       refer_error={seeker.pk: text})
        return _seeker_page(request, _seeker(seeker.pk), status=400,
                            refer_error={vacancy.pk: text})
    messages.success(request, _("已推介 %(name)s 至「%(title)s」（%(company)s）。") % {
        "name": seeker.person.name, "title": vacancy.title,
        "company": vacancy.establishment.name})
    targets = {"seeker": ("employment:seeker", seeker.pk),
               "match_seeker": ("employment:match_seeker", seeker.pk),
               "vacancy": ("employment:vacancy", vacancy.pk),
               "match_vacancy": ("employment:match_vacancy", vacancy.pk)}
    name, pk = targets.get(back, targets["seeker"])
    if back in ("seeker", "vacancy"):
        return redirect(reverse(name, args=[pk]) + f"#referral-{referral.pk}")
    return redirect(reverse(name, args=[pk]) + ("?near_misses=1" if _near_misses(request)
                                                 else ""))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@require_GET
@employment_view
def referral_list(request):
    """Referrals waiting for their result, oldest first."""
    rows = selectors.referrals_awaiting()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/referrals.html", {"page": page,
                                                         "today": selectors.today()})


@require_http_methods(["GET", "POST"])
@employment_view
def referral_page(request, pk: int):
    """A referral and the form for its outcome (interviewed, hired, not hired, no show,
    declined). Hired records the placement and the hire at once."""
    referral = get_object_or_404(
        Referral.objects.select_related("seeker__person", "vacancy__establishment",
                                        "vacancy__district", "referred_by"), pk=pk)
    status = 200
    open_result = referral.result in selectors.AWAITING_RESULTS
    if request.method == "POST":
        form = ef.ReferralOutcomeForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.referral_outcome(
                    referral=referral, result=data["result"], result_on=data["result_on"],
                    interview_on=data.get("interview_on"), starts_on=data.get("starts_on"),
                    actor=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if referral.result == ReferralResult.HIRED:
                    messages.success(request, _(
                        "已登錄錄取：%(name)s 就業，職缺僱用人數已更新。") % {
                        "name": referral.seeker.person.name})
                else:
                    messages.success(request, _("已登錄推介結果：%(result)s。") % {
                        "result": referral.get_result_display()})
                return redirect("employment:referral", pk=referral.pk)
    else:
        form = ef.ReferralOutcomeForm(initial={"result_on": timezone.localdate(),
                                               "interview_on": referral.interview_on})
    if open_result and referral.result == ReferralResult.INTERVIEWED:
        form.fields["result"].choices = [
            c for c in form.fields["result"].choices
            if c[0] in (ReferralResult.HIRED, ReferralResult.NOT_HIRED, ReferralResult.DECLINED)]
    return render(request, "employment/referral.html", {
        "referral": referral, "form": form, "open_result": open_result,
        "placement": getattr(referral, "placement", None) if not open_result else None,
    }, status=status)
