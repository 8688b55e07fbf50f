"""Staff pages of the employment programmes (/employment/programmes/): priority-group case
management with its timeline and the 3-month follow-ups due, job fairs and recruitment events
with their employers and applicants, unemployment recognition (the re-recognitions due today
or overdue, and the claim page where one is recorded with its job-search records), and the
recruitment exams run for city agencies.

Pages read through labor.employment.selectors_programmes and write through
labor.employment.services_programmes. Every page needs employment.work_employment: anonymous
visitors go to the login page, staff without it get a 403. A service's ValidationError comes
back as field messages with a 400 and nothing written; an edit of a row someone else changed
meanwhile, with a 409. Personal IDs are masked on these pages; the seeker's full record is
the registry's seeker page (linked softly: ``_url``), which logs the access.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.formatting import roc_date
from labor.core.forms_base import apply_errors
from labor.core.permissions import forbidden, workspace_view
from labor.core.views import EVENT_ACTIONS
from labor.employment import forms_programmes as pf
from labor.employment import rules_unemployment as urules
from labor.employment import selectors_programmes as selectors
from labor.employment import services_programmes as services
from labor.employment.models import (
    CaseStatus,
    ClaimStatus,
    EmploymentCase,
    EventApplicant,
    EventEmployer,
    EventJob,
    ExamApplicant,
    ExamSession,
    RecruitmentEvent,
    Referral,
    UnemploymentClaim,
)

PERM = "employment.work_employment"
PAGE_SIZE = 25
# Follow-ups due within this many days are listed as coming up.
FOLLOW_UP_AHEAD_DAYS = 14

EVENT_LABELS = {
    **EVENT_ACTIONS,
    "employment_case_open": gettext_lazy("開案（特定對象）"),
    "counselling": gettext_lazy("就業諮詢"),
    "psych_test": gettext_lazy("職業心理測驗"),
    "training_referral": gettext_lazy("推介職業訓練"),
    "training_outcome": gettext_lazy("職業訓練結果"),
    "follow_up": gettext_lazy("穩定就業追蹤"),
    "employment_case_close": gettext_lazy("結案"),
}


def requires_work(view):
    """Staff only (anonymous: to the login page), holding employment.work_employment."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERM):
            return forbidden(request, _("辦理就業促進業務需要「可辦理就業服務」權限。"))
        return view(request, *args, **kwargs)

    return workspace_view(wrapped)


def _url(name: str, *args) -> str:
    """A link to another part of the employment pages, or "" where it is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _today():
    return timezone.localdate()


def _refused(form, exc: ValidationError, aliases=None) -> int:
    """Put the service's errors on the form; 409 for a stale edit, else 400."""
    apply_errors(form, exc, aliases=aliases)
    return 409 if isinstance(exc, services.StaleEdit) else 400


# ------------------------------------------------------------------------------- home


@require_GET
@requires_work
def home(request):
    today = _today()
    due = selectors.re_recognitions_due(today)
    return render(request, "employment/programmes/home.html", {
        "today": today,
        "open_cases": EmploymentCase.objects.filter(closed_on__isnull=True).count(),
        "follow_ups_due": len(selectors.follow_ups_due(today)),
        "re_recognitions_today": due.filter(next_due_on=today).count(),
        "re_recognitions_overdue": due.filter(next_due_on__lt=today).count(),
        "recognitions_due": selectors.recognitions_due(today).count(),
        "events_coming": RecruitmentEvent.objects.filter(held_on__gte=today)
        .order_by("held_on", "pk")[:5],
        "exams_coming": ExamSession.objects.filter(held_on__gte=today)
        .order_by("held_on", "pk")[:5],
        "employment_url": _url("employment:home"),
    })


# ---------------------------------------------------------------------- case management


@require_GET
@requires_work
def cases(request):
    filters = pf.CaseFilterForm(request.GET or None)
    status = "open"
    if filters.is_bound and filters.is_valid():
        status = filters.cleaned_data["status"] or "open"
    rows = selectors.cases(open_only={"open": True, "closed": False}.get(status))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/programmes/cases.html", {
        "page": page, "filters": filters, "status": status})


@require_http_methods(["GET", "POST"])
@requires_work
def case_new(request):
    if request.method == "GET":
        return render(request, "employment/programmes/case_new.html",
                      {"form": pf.CaseOpenForm(initial={"opened_on": _today()})})
    form = pf.CaseOpenForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.employment_case_open(
                id_number=data["id_number"], groups=data["groups"], opened_on=data["opened_on"],
                assessment=data["assessment"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc, aliases={"seeker": "id_number"})
        else:
            messages.success(request, _("已開案，案號 %(number)s。") % {"number": row.case.number})
            return redirect("employment_programmes:case", number=row.case.number)
    return render(request, "employment/programmes/case_new.html", {"form": form},
                  status=status)


def _employment_case(number: str) -> EmploymentCase:
    return get_object_or_404(
        EmploymentCase.objects.select_related("case", "case__assigned_officer",
                                              "seeker__person"),
        case__number=number)


def _event_detail(event) -> str:
    values = event.new_values or {}
    if event.action == "counselling":
        return str(dict(pf.CounsellingKind.choices).get(values.get("kind"), ""))
    if event.action == "training_referral":
        return values.get("course", "")
    if event.action == "follow_up":
        return str(dict(pf.FollowUpResult.choices).get(values.get("result"), ""))
    if event.action == "employment_case_close":
        return str(dict(pf.CloseReason.choices).get(values.get("reason"), ""))
    return event.note


def _placement_label(placement) -> str:
    where = (placement.establishment.name if placement.establishment
             else placement.get_source_display())
    return f"{roc_date(placement.placed_on)} {where}"


CASE_FORMS = {
    "counselling": pf.CounsellingForm,
    "test": pf.PsychTestForm,
    "training": pf.TrainingReferralForm,
    "follow_up": pf.FollowUpForm,
    "close": pf.CaseCloseForm,
}


def _case_page(request, employment_case: EmploymentCase, *, failed: str = "", form=None,
               status: int = 200):
    today = _today()
    case = employment_case.case
    placements = list(services.case_placements(employment_case)
                      .select_related("establishment", "stability_follow_up")
                      .order_by("placed_on", "pk"))
    for placement in placements:
        placement.due_on = services.prules.stability_due_on(services.placement_start(placement))
        placement.follow_up = getattr(placement, "stability_follow_up", None)
        placement.state = ("met" if placement.follow_up else
                           urules.due_state(placement.due_on, today))
        placement.label = _placement_label(placement)
        placement.where = (placement.establishment.name if placement.establishment
                           else placement.get_source_display())
    pending = [p for p in placements if p.follow_up is None]
    referrals = Referral.objects.filter(seeker_id=employment_case.seeker_id,
                                        referred_on__gte=employment_case.opened_on)
    if employment_case.closed_on:
        referrals = referrals.filter(referred_on__lte=employment_case.closed_on)
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.action_label = EVENT_LABELS.get(event.action, event.action)
        event.detail = _event_detail(event)
        event.from_label = dict(CaseStatus.choices).get(event.from_status, event.from_status)
        event.to_label = dict(CaseStatus.choices).get(event.to_status, event.to_status)
    is_open = employment_case.closed_on is None
    forms = {}
    if is_open:
        forms = {
            "counselling": pf.CounsellingForm(initial={"held_on": today}),
            "test": pf.PsychTestForm(initial={"tested_on": today}),
            "training": pf.TrainingReferralForm(initial={"referred_on": today}),
            "close": pf.CaseCloseForm(initial={"closed_on": today,
                                               "version": employment_case.version}),
        }
    if pending:
        forms["follow_up"] = pf.FollowUpForm(placements=pending, initial={"done_on": today})
    if failed:
        forms[failed] = form
    counselling = list(employment_case.counselling.order_by("held_on", "pk"))
    tests = list(employment_case.psych_tests.order_by("tested_on", "pk"))
    trainings = list(employment_case.training_referrals.order_by("referred_on", "pk"))
    # One chronological list of the case's services (counselling, tests, training).
    service_rows = sorted(
        [{"on": r.held_on, "what": r.get_kind_display(), "detail": r.notes} for r in counselling]
        + [{"on": r.tested_on, "what": _("職業心理測驗：%(instrument)s")
            % {"instrument": r.get_instrument_display()}, "detail": r.result_summary}
           for r in tests]
        + [{"on": r.referred_on, "what": _("推介職業訓練"),
            "detail": f"{r.course}{f'（{r.provider}）' if r.provider else ''} · "
                      f"{r.get_outcome_display()}"} for r in trainings],
        key=lambda r: r["on"])
    return render(request, "employment/programmes/case.html", {
        "row": employment_case, "case": case, "person": employment_case.seeker.person,
        "groups": employment_case.groups.all(), "is_open": is_open,
        "counselling": counselling, "tests": tests, "trainings": trainings,
        "service_rows": service_rows,
        "referrals": referrals.select_related("vacancy__establishment")
        .order_by("referred_on", "pk"),
        "placements": placements, "events": events, "forms": forms, "failed": failed,
        "seeker_url": _url("employment:seeker", employment_case.seeker_id),
    }, status=status)


@require_GET
@requires_work
def case(request, number: str):
    return _case_page(request, _employment_case(number))


@require_POST
@requires_work
def case_action(request, number: str, action: str):
    """One of the case page's forms: counselling, test, training, follow_up, close."""
    employment_case = _employment_case(number)
    if action not in CASE_FORMS:
        return _case_page(request, employment_case, status=404)
    if action == "follow_up":
        pending = [p for p in services.case_placements(employment_case)
                   .select_related("establishment").filter(stability_follow_up__isnull=True)]
        for p in pending:
            p.label = _placement_label(p)
        form = pf.FollowUpForm(request.POST, placements=pending)
    else:
        form = CASE_FORMS[action](request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        user = request.user
        try:
            if action == "counselling":
                services.counselling_record(employment_case=employment_case, kind=data["kind"],
                                            held_on=data["held_on"], notes=data["notes"],
                                            actor=user)
                done = _("已登錄就業諮詢。")
            elif action == "test":
                services.psych_test_record(employment_case=employment_case,
                                           instrument=data["instrument"],
                                           tested_on=data["tested_on"],
                                           result_summary=data["result_summary"], actor=user)
                done = _("已登錄職業心理測驗。")
            elif action == "training":
                services.training_referral_record(employment_case=employment_case,
                                                  referred_on=data["referred_on"],
                                                  course=data["course"],
                                                  provider=data["provider"], actor=user)
                done = _("已登錄推介職業訓練。")
            elif action == "follow_up":
                services.follow_up_record(employment_case=employment_case,
                                          placement=data["placement"], done_on=data["done_on"],
                                          result=data["result"], notes=data["notes"],
                                          actor=user)
                done = _("已登錄穩定就業追蹤。")
            else:
                services.employment_case_close(employment_case=employment_case,
                                               version=data["version"],
                                               closed_on=data["closed_on"],
                                               reason=data["reason"], note=data["note"],
                                               actor=user)
                done = _("已結案。")
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, done)
            return redirect("employment_programmes:case", number=number)
    return _case_page(request, employment_case, failed=action, form=form, status=status)


@require_GET
@requires_work
def follow_ups(request):
    today = _today()
    rows = selectors.follow_ups_due(today, ahead_days=FOLLOW_UP_AHEAD_DAYS)
    return render(request, "employment/programmes/follow_ups.html", {
        "rows": rows, "today": today, "ahead_days": FOLLOW_UP_AHEAD_DAYS})


# ----------------------------------------------------------------------------- events


def _events_page(request, form=None, status=200):
    rows = (RecruitmentEvent.objects.annotate(
        employer_count=Count("employers", distinct=True))
        .order_by("-held_on", "-pk"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.totals = selectors.event_totals(event)
    return render(request, "employment/programmes/events.html", {
        "page": page, "form": form or pf.EventForm(), "failed": form is not None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@requires_work
def events(request):
    if request.method == "GET":
        return _events_page(request)
    form = pf.EventForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(kind=data["kind"], title=data["title"],
                                          held_on=data["held_on"], place=data["place"],
                                          district=data["district"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已建立徵才活動。"))
            return redirect("employment_programmes:event", pk=event.pk)
    return _events_page(request, form=form, status=status)


def _event_page(request, event: RecruitmentEvent, *, failed: str = "", form=None,
                status: int = 200):
    employers = list(event.employers.select_related("establishment").prefetch_related(
        Prefetch("jobs", queryset=EventJob.objects.order_by("pk")),
        Prefetch("applicants", queryset=EventApplicant.objects.select_related("person", "job")
                 .order_by("pk")))
        .annotate(openings=Sum("jobs__openings")).order_by("pk"))
    forms = {"employer": pf.EventEmployerForm()}
    if employers:
        forms["applicant"] = pf.EventApplicantForm(employers=employers)
    for employer in employers:
        employer.job_form = pf.EventJobForm(prefix=f"job{employer.pk}")
    if failed == "job":
        for employer in employers:
            if form.prefix == f"job{employer.pk}":
                employer.job_form = form
    elif failed:
        forms[failed] = form
    return render(request, "employment/programmes/event.html", {
        "event": event, "employers": employers, "forms": forms, "failed": failed,
        "totals": selectors.event_totals(event), "held": event.held_on <= _today(),
    }, status=status)


@require_GET
@requires_work
def event(request, pk: int):
    return _event_page(request, get_object_or_404(RecruitmentEvent, pk=pk))


@require_POST
@requires_work
def event_employer(request, pk: int):
    event = get_object_or_404(RecruitmentEvent, pk=pk)
    form = pf.EventEmployerForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.event_employer_add(event=event, ubn=data["ubn"], title=data["title"],
                                        openings=data["openings"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已新增參與廠商。"))
            return redirect("employment_programmes:event", pk=pk)
    return _event_page(request, event, failed="employer", form=form, status=status)


@require_POST
@requires_work
def event_job(request, pk: int, employer_pk: int):
    event = get_object_or_404(RecruitmentEvent, pk=pk)
    employer = get_object_or_404(EventEmployer, pk=employer_pk, event=event)
    form = pf.EventJobForm(request.POST, prefix=f"job{employer.pk}")
    status = 400
    if form.is_valid():
        try:
            services.event_job_add(employer=employer, title=form.cleaned_data["title"],
                                   openings=form.cleaned_data["openings"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已新增職缺。"))
            return redirect("employment_programmes:event", pk=pk)
    return _event_page(request, event, failed="job", form=form, status=status)


@require_POST
@requires_work
def event_applicant(request, pk: int):
    event = get_object_or_404(RecruitmentEvent, pk=pk)
    employers = list(event.employers.select_related("establishment").order_by("pk"))
    form = pf.EventApplicantForm(request.POST, employers=employers)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        employer = next(e for e in employers if e.pk == data["employer"])
        try:
            services.event_applicant_record(
                employer=employer, id_number=data["id_number"], name=data["name"],
                resume_received=data["resume_received"], interviewed=data["interviewed"],
                result=data["result"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已登錄應徵紀錄。"))
            return redirect("employment_programmes:event", pk=pk)
    return _event_page(request, event, failed="applicant", form=form, status=status)


# ----------------------------------------------------------------------- unemployment


@require_GET
@requires_work
def claims(request):
    today = _today()
    filters = pf.ClaimFilterForm(request.GET or None)
    status = ""
    if filters.is_bound and filters.is_valid():
        status = filters.cleaned_data["status"]
    due = list(selectors.re_recognitions_due(today))
    for claim in due:
        claim.state = urules.due_state(claim.next_due_on, today)
    recognitions = list(selectors.recognitions_due(
        today, services.unemployment_settings(today)["recognition_days"]))
    page = Paginator(selectors.claims(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/programmes/claims.html", {
        "today": today, "due": due, "recognitions": recognitions, "page": page,
        "filters": filters,
    })


@require_http_methods(["GET", "POST"])
@requires_work
def claim_new(request):
    if request.method == "GET":
        return render(request, "employment/programmes/claim_new.html",
                      {"form": pf.ClaimForm(initial={"applied_on": _today()})})
    form = pf.ClaimForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_apply(
                id_number=data["id_number"], applied_on=data["applied_on"],
                separated_on=data["separated_on"], separation_reason=data["separation_reason"],
                last_employer_ubn=data["last_employer_ubn"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc, aliases={"seeker": "id_number"})
        else:
            messages.success(request, _("已受理失業認定申請。"))
            return redirect("employment_programmes:claim", pk=claim.pk)
    return render(request, "employment/programmes/claim_new.html", {"form": form},
                  status=status)


CLAIM_FORMS = {
    "recognise": pf.RecogniseForm,
    "re_recognise": pf.ReRecognitionForm,
    "training": pf.ClaimTrainingForm,
    "end": pf.ClaimEndForm,
}


def _claim(pk) -> UnemploymentClaim:
    return get_object_or_404(UnemploymentClaim.objects.select_related(
        "seeker__person", "last_employer", "placement__establishment"), pk=pk)


def _claim_page(request, claim: UnemploymentClaim, *, failed: str = "", form=None,
                status: int = 200):
    today = _today()
    re_recognitions = list(claim.re_recognitions.prefetch_related("job_searches")
                           .select_related("recorded_by").order_by("sequence"))
    forms = {}
    if claim.status == ClaimStatus.APPLIED:
        forms["recognise"] = pf.RecogniseForm(initial={
            "on": max(today, services.recognition_earliest(claim)), "version": claim.version})
    if claim.status == ClaimStatus.RECOGNISED:
        forms["re_recognise"] = pf.ReRecognitionForm(initial={"on": today,
                                                              "version": claim.version})
    if claim.status != ClaimStatus.ENDED:
        forms["training"] = pf.ClaimTrainingForm(initial={"referred_on": today})
        forms["end"] = pf.ClaimEndForm(initial={"ended_on": today, "version": claim.version})
    if failed:
        forms[failed] = form
    return render(request, "employment/programmes/claim.html", {
        "claim": claim, "person": claim.seeker.person, "re_recognitions": re_recognitions,
        "trainings": claim.training_referrals.order_by("referred_on", "pk"),
        "forms": forms, "failed": failed, "today": today,
        "recognition_earliest": services.recognition_earliest(claim),
        "due_state": urules.due_state(claim.next_due_on, today),
        "refusal": (services.re_recognition_refusal(claim, today)
                    if claim.status == ClaimStatus.RECOGNISED else None),
        "seeker_url": _url("employment:seeker", claim.seeker_id),
    }, status=status)


@require_GET
@requires_work
def claim(request, pk: int):
    return _claim_page(request, _claim(pk))


@require_POST
@requires_work
def claim_action(request, pk: int, action: str):
    """One of the claim page's forms: recognise, re_recognise, training, end."""
    claim = _claim(pk)
    if action not in CLAIM_FORMS:
        return _claim_page(request, claim, status=404)
    form = CLAIM_FORMS[action](request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        user = request.user
        try:
            if action == "recognise":
                services.claim_recognise(claim=claim, version=data["version"], on=data["on"],
                                         actor=user)
                done = _("已完成失業認定。")
            elif action == "re_recognise":
                row = services.re_recognition_record(claim=claim, version=data["version"],
                                                     on=data["on"],
                                                     job_searches=form.job_searches(),
                                                     actor=user)
                done = _("已完成第%(n)d次失業再認定。") % {"n": row.sequence}
            elif action == "training":
                services.claim_training_refer(claim=claim, referred_on=data["referred_on"],
                                              course=data["course"], provider=data["provider"],
                                              actor=user)
                done = _("已登錄推介參加職業訓練。")
            else:
                services.claim_end(claim=claim, version=data["version"],
                                   ended_on=data["ended_on"], reason=data["reason"], actor=user)
                done = _("已結束本件失業認定。")
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, done)
            return redirect("employment_programmes:claim", pk=pk)
    return _claim_page(request, claim, failed=action, form=form, status=status)


# ------------------------------------------------------------------------------ exams


def _exams_page(request, form=None, status=200):
    rows = ExamSession.objects.annotate(
        applicant_count=Count("applicants"),
        interviewed_count=Count("applicants", filter=Q(applicants__interviewed=True)),
        main_count=Count("applicants", filter=Q(applicants__result="main")),
        reserve_count=Count("applicants", filter=Q(applicants__result="reserve")),
    ).order_by("-held_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/programmes/exams.html", {
        "page": page, "form": form or pf.ExamSessionForm(), "failed": form is not None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@requires_work
def exams(request):
    if request.method == "GET":
        return _exams_page(request)
    form = pf.ExamSessionForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = services.exam_session_create(
                agency=data["agency"], title=data["title"], positions=data["positions"],
                held_on=data["held_on"], place=data["place"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已建立甄選場次。"))
            return redirect("employment_programmes:exam", pk=session.pk)
    return _exams_page(request, form=form, status=status)


def _exam_page(request, session: ExamSession, *, failed_applicant=None, form=None,
               add_form=None, status: int = 200):
    applicants = list(session.applicants.select_related("person").order_by("pk"))
    for applicant in applicants:
        if failed_applicant is not None and applicant.pk == failed_applicant:
            applicant.form = form
        else:
            applicant.form = pf.ExamResultForm(prefix=f"a{applicant.pk}", initial={
                "interviewed": applicant.interviewed, "result": applicant.result,
                "rank": applicant.rank, "version": session.version})
    return render(request, "employment/programmes/exam.html", {
        "session": session, "applicants": applicants, "totals": selectors.exam_totals(session),
        "add_form": add_form or pf.ExamApplicantForm(
            initial={"applied_on": min(_today(), session.held_on)}),
        "add_failed": add_form is not None, "held": session.held_on <= _today(),
    }, status=status)


@require_GET
@requires_work
def exam(request, pk: int):
    return _exam_page(request, get_object_or_404(ExamSession, pk=pk))


@require_POST
@requires_work
def exam_applicant(request, pk: int):
    session = get_object_or_404(ExamSession, pk=pk)
    form = pf.ExamApplicantForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.exam_applicant_add(session=session, id_number=data["id_number"],
                                        name=data["name"], applied_on=data["applied_on"],
                                        actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已登錄報名。"))
            return redirect("employment_programmes:exam", pk=pk)
    return _exam_page(request, session, add_form=form, status=status)


@require_POST
@requires_work
def exam_result(request, pk: int, applicant_pk: int):
    session = get_object_or_404(ExamSession, pk=pk)
    applicant = get_object_or_404(ExamApplicant, pk=applicant_pk, session=session)
    form = pf.ExamResultForm(request.POST, prefix=f"a{applicant.pk}")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.exam_result_record(applicant=applicant, version=data["version"],
                                        interviewed=data["interviewed"], result=data["result"],
                                        rank=data["rank"], actor=request.user)
        except ValidationError as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已登錄甄選結果。"))
            return redirect("employment_programmes:exam", pk=pk)
    session.refresh_from_db()
    return _exam_page(request, session, failed_applicant=applicant.pk, form=form,
                      status=status)
