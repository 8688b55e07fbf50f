"""Pages of the public online services (/online/): citizen accounts, the online application
for labor-dispute mediation, and "my cases".

Pages read through labor.disputes.selectors and write through labor.disputes.services and
labor.portal.accounts. A citizen sees only their own cases: any other case number answers
404, exactly as a number that does not exist, so that a case's existence is not revealed.
"""

import re
import uuid
from functools import wraps

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labor.core.forms import lockout_hint
from labor.core.models import CaseDueDate, Person
from labor.core.permissions import is_workspace_user
from labor.core.services import person_access_log
from labor.disputes import selectors as dispute_selectors
from labor.disputes import services as dispute_services
from labor.disputes.models import (
    ApplicantKind,
    Dispute,
    DisputeParty,
    Meeting,
    Outcome,
    Side,
    Status,
)
from labor.portal import accounts
from labor.portal.forms import (
    MAX_CO_APPLICANTS,
    RESPONDENT_ESTABLISHMENT,
    RESPONDENT_PERSON,
    ApplicationForm,
    CitizenLoginForm,
    CoApplicantFormSet,
    SignupForm,
    check_co_applicants,
    error_summary,
)

# The national ID given at sign-up, kept for prefilling the application (see accounts.py).
SESSION_NATIONAL_ID = "portal_national_id"
CO_PREFIX = "co"

# What each status means for the applicant, in plain words.
STATUS_WORDS = {
    Status.RECEIVED: gettext_lazy("本局已收到您的申請，正在指派調解人。"),
    Status.ASSIGNED: gettext_lazy("已指派調解人，調解人將通知您調解會議的時間與地點。"),
    Status.SCHEDULED: gettext_lazy("調解會議已排定，請依通知準時出席，並攜帶相關證明文件。"),
    Status.CLOSED: gettext_lazy("本案已結案。"),
}
# Statutory due dates (CaseDueDate.kind) in the applicant's words: (to do, done).
DUE_WORDS = {
    "mediator_designation": (gettext_lazy("本局將於 %(date)s 前指派調解人"),
                             gettext_lazy("本局已於 %(date)s 指派調解人")),
    "mediation_start": (gettext_lazy("調解人將於 %(date)s 前開始調解"),
                        gettext_lazy("調解已於 %(date)s 開始")),
    "proposal": (gettext_lazy("調解人將於 %(date)s 前提出調解方案"),
                 gettext_lazy("調解方案已於 %(date)s 提出")),
}
OUTCOME_WORDS = {
    Outcome.SETTLED: gettext_lazy(
        "雙方達成協議，調解成立，視為雙方之間的契約（勞資爭議處理法第 23 條）。對方未依調解紀錄"
        "給付時，可持調解紀錄向法院聲請裁定強制執行（同法第 59 條）。"
    ),
    Outcome.NOT_SETTLED: gettext_lazy(
        "雙方未能達成協議，調解不成立。您可以向法院提起訴訟；勞工另可洽詢本局的訴訟補助。"
    ),
    Outcome.WITHDRAWN: gettext_lazy("申請人已撤回調解申請。"),
    Outcome.WITHDRAWN_SETTLED: gettext_lazy("雙方已自行和解，申請人撤回調解申請。"),
    Outcome.TRANSFERRED: gettext_lazy("本案已移送其他機關或以其他方式處理。"),
}
# Outcomes after which a mediation record (調解紀錄) exists to download.
RECORD_OUTCOMES = {Outcome.SETTLED, Outcome.NOT_SETTLED}


def citizen_view(view):
    """Logged in (else to the portal's login page), with a citizen account: a staff account
    is told to use its own (403), so that no case is filed online under a staff name."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if is_workspace_user(user):
            return render(request, "portal/403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def not_found(request):
    return render(request, "portal/404.html", status=404)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# ---------------------------------------------------------------- accounts


def home(request):
    return render(request, "portal/home.html", {
        "is_citizen": accounts.is_citizen(request.user),
    })


def signup(request):
    if accounts.is_citizen(request.user):
        return redirect(_safe_next(request, reverse("portal:my_cases")))
    next_url = _safe_next(request, "")
    if request.method != "POST":
        return render(request, "portal/signup.html", {"form": SignupForm(), "next": next_url})
    form = SignupForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user, national_id = accounts.citizen_signup(
                email=data["email"], name=data["name"], password=data["password1"],
                national_id=data["national_id"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if national_id:
                request.session[SESSION_NATIONAL_ID] = national_id
            return redirect(next_url or reverse("portal:apply"))
    return render(request, "portal/signup.html", {"form": form, "next": next_url}, status=400)


class CitizenLoginView(auth_views.LoginView):
    """The public login (the workspace's lockout, labor.core.login). The employers' login is
    the same form, worded for them (views_employers.EmployerLoginView)."""

    template_name = "portal/login.html"
    authentication_form = CitizenLoginForm
    heading = gettext_lazy("民眾登入")
    signup_url_name = "portal:signup"
    signup_label = gettext_lazy("註冊帳號")

    def get_default_redirect_url(self):
        # "My cases" for a citizen; an employer account lands on its notifications.
        from labor.portal.views_employers import home_for

        return home_for(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lockout_hint=lockout_hint(), heading=self.heading, signup_label=self.signup_label,
            signup_url=reverse(self.signup_url_name), **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class CitizenLogoutView(auth_views.LogoutView):
    """POST only, as the workspace's."""

    next_page = reverse_lazy("portal:home")


# ---------------------------------------------------------------- application


def _prefill(request) -> dict:
    user = request.user
    initial = {
        "submission_key": uuid.uuid4(),
        "applicant_name": _display_name(user),
        "applicant_email": user.email,
    }
    employer = accounts.employer_account(user)
    if employer is not None:
        # An employer account applies for its establishment (勞資爭議處理法: either side may
        # apply); the account's own particulars, not a worker's.
        establishment = employer.establishment
        initial.update(applicant_kind=ApplicantKind.EMPLOYER, applicant_ubn=establishment.ubn,
                       applicant_establishment_name=establishment.name,
                       applicant_contact_name=employer.contact_name,
                       applicant_phone=employer.phone,
                       applicant_address=establishment.address)
        return initial
    national_id = request.session.get(SESSION_NATIONAL_ID)
    if not national_id:
        # The applicant's own ID from their latest online case, if any.
        party = (
            DisputeParty.objects.filter(
                dispute__in=dispute_selectors.portal_disputes(user), side=Side.APPLICANT,
                person__isnull=False,
            )
            .select_related("person")
            .order_by("-dispute__case__received_at", "id")
            .first()
        )
        if party is not None:
            initial.update(applicant_id_kind=party.person.id_kind,
                           applicant_phone=party.phone, applicant_address=party.address)
            national_id = party.person.id_number
    if national_id:
        initial["applicant_id_number"] = national_id
    return initial


def _display_name(user) -> str:
    return f"{user.last_name}{user.first_name}".strip()


def _initial_from(form_class, data, **kwargs) -> dict:
    """What a bound form would show, as ``initial`` of an unbound one (no errors shown)."""
    form = form_class(**kwargs)
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _add_co_applicant_row(request):
    """The no-JavaScript "add another co-applicant" button: show the page again with one
    more empty row, keeping what was typed, without judging the half-filled form."""
    data = request.POST
    form = ApplicationForm(initial=_initial_from(ApplicationForm, data))
    try:
        total = int(data.get(f"{CO_PREFIX}-TOTAL_FORMS", "1"))
    except ValueError:
        total = 1
    total = max(0, min(total, MAX_CO_APPLICANTS - 1))
    rows = [_initial_from(CoApplicantFormSet.form, data, prefix=f"{CO_PREFIX}-{i}")
            for i in range(total)]
    formset = CoApplicantFormSet(prefix=CO_PREFIX, initial=rows)
    return form, formset


@citizen_view
def apply(request):
    status = 200
    files_dropped = False
    if request.method != "POST":
        form = ApplicationForm(initial=_prefill(request))
        formset = CoApplicantFormSet(prefix=CO_PREFIX)
    elif "add_co_applicant" in request.POST:
        form, formset = _add_co_applicant_row(request)
        files_dropped = bool(request.FILES)
    else:
        form = ApplicationForm(request.POST, request.FILES)
        formset = CoApplicantFormSet(request.POST, prefix=CO_PREFIX)
        valid = form.is_valid() & formset.is_valid()  # both run, so every error shows
        co_applicants = check_co_applicants(form, formset)
        co_forms = [f for f in formset.filled() if f.is_valid()]
        if valid and not form.errors and not any(formset.errors):
            try:
                dispute = dispute_services.dispute_submit(
                    channel="online", portal_user=request.user, actor=request.user,
                    **form.submission(co_applicants),
                )
            except ValidationError as exc:
                _add_service_errors(form, co_forms, exc)
            else:
                if dispute.portal_user_id == request.user.pk:
                    return redirect("portal:submitted", number=dispute.case.number)
                # A submission key that another account used: never show their case.
                form.add_error(None, _("此份申請書已失效，請重新整理頁面後再送出。"))
        status = 400
        files_dropped = bool(request.FILES)
    return render(request, "portal/apply.html", {
        "form": form,
        "formset": formset,
        "files_dropped": files_dropped,
        "errors": error_summary(form, formset) if status == 400 else [],
        "kinds": {"worker": ApplicantKind.WORKER, "workers": ApplicantKind.WORKERS,
                  "union": ApplicantKind.UNION, "employer": ApplicantKind.EMPLOYER,
                  "establishment": RESPONDENT_ESTABLISHMENT, "person": RESPONDENT_PERSON},
    }, status=status)


def _add_errors(form, exc: ValidationError, aliases=None):
    """Put a service's ValidationError onto the form: at the field its key names (or an
    alias of it), else above the form."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.error_dict.items():
        field = aliases.get(key, key)
        if field not in form.fields:
            field = None
        for error in errors:
            form.add_error(field, error.messages if hasattr(error, "messages") else error)


_PARTY_KEY = re.compile(r"(applicants|respondents|items)-(\d+)-(\w+)")


def _add_service_errors(form, co_forms, exc: ValidationError):
    """dispute_submit's errors onto the page's fields. The service keys a party's field as
    ``applicants-<i>-<field>`` / ``respondents-<i>-<field>`` and an item's as
    ``items-<i>-<field>``; applicant 0 is the main applicant, 1.. the co-applicants."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    data = form.cleaned_data
    applicant_kind = data.get("applicant_kind")
    item_kinds = [row["kind"] for row in form.item_rows_data()] if "items" in data else []
    applicant_name = {
        ApplicantKind.UNION: "applicant_union_name",
        ApplicantKind.EMPLOYER: "applicant_establishment_name",
    }.get(applicant_kind, "applicant_name")
    for key, errors in exc.message_dict.items():
        target, field = form, None
        match = _PARTY_KEY.fullmatch(key)
        if match:
            group, index, name = match.group(1), int(match.group(2)), match.group(3)
            name = {"district_code": "district"}.get(name, name)
            if group == "applicants" and index == 0:
                field = applicant_name if name == "name" else f"applicant_{name}"
            elif group == "applicants" and index - 1 < len(co_forms):
                target = co_forms[index - 1]
                field = name
            elif group == "respondents":
                field = f"respondent_{name}"
            elif group == "items" and index < len(item_kinds):
                field = f"amount_{item_kinds[index]}" if name == "amount_claimed" else "items"
        elif key in ("applicants", "applicant_kind"):
            field = "applicant_kind"
        elif key == "respondents":
            field = "respondent_kind"
        else:
            field = key
        if field not in target.fields:
            target, field = form, None
        for message in errors:
            target.add_error(field, message)


# ---------------------------------------------------------------- my cases


def _own_disputes(user):
    return dispute_selectors.portal_disputes(user).select_related("case")


def _own_dispute(request, number: str) -> Dispute | None:
    return _own_disputes(request.user).filter(case__number=number).first()


def _parties(dispute):
    applicants, respondents = [], []
    for party in dispute.parties.select_related("person", "establishment"):
        (applicants if party.side == Side.APPLICANT else respondents).append(party)
    return applicants, respondents


def status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


def _due_words(due: CaseDueDate) -> str:
    from labor.core.formatting import roc_date

    todo, done = DUE_WORDS.get(due.kind, ("%(kind)s：%(date)s", "%(kind)s：%(date)s"))
    if due.met_on:
        return str(done) % {"date": roc_date(due.met_on), "kind": due.kind}
    return str(todo) % {"date": roc_date(due.due_on), "kind": due.kind}


@citizen_view
def my_cases(request):
    disputes = list(
        _own_disputes(request.user)
        .prefetch_related(
            Prefetch("parties", queryset=DisputeParty.objects.filter(side=Side.RESPONDENT)
                     .select_related("person", "establishment"), to_attr="respondents"),
        )
        .order_by("-case__received_at", "-pk")
    )
    for dispute in disputes:
        dispute.status_label = status_label(dispute.case.status)
        dispute.status_words = STATUS_WORDS.get(dispute.case.status, dispute.case.status)
    return render(request, "portal/my_cases.html", {"disputes": disputes})


@citizen_view
def submitted(request, number: str):
    dispute = _own_dispute(request, number)
    if dispute is None:
        return not_found(request)
    designation = dispute.case.due_dates.filter(kind="mediator_designation").first()
    _applicants, respondents = _parties(dispute)
    return render(request, "portal/submitted.html", {
        "dispute": dispute,
        "case": dispute.case,
        "designation": designation,
        "respondents": respondents,
        "items": dispute.items.order_by("pk"),
        "attachments": dispute.case.attachments.order_by("pk"),
    })


@citizen_view
def case_status(request, number: str):
    dispute = _own_dispute(request, number)
    if dispute is None:
        return not_found(request)
    case = dispute.case
    applicants, respondents = _parties(dispute)
    due_dates = list(case.due_dates.order_by("due_on", "pk"))
    if case.closed_at is not None:
        # After closing, a deadline not yet reached no longer means anything to the applicant.
        due_dates = [due for due in due_dates if due.met_on]
    for due in due_dates:
        due.words = _due_words(due)
    meetings = list(dispute.meetings.order_by("starts_at", "pk"))
    now = timezone.now()
    upcoming = [m for m in meetings if m.status == Meeting.Status.SCHEDULED
                and m.starts_at >= now]
    mediator = (dispute.assignments.filter(ended_at__isnull=True).select_related("mediator")
                .order_by("-assigned_at").first())
    return render(request, "portal/case.html", {
        "dispute": dispute,
        "case": case,
        "applicants": applicants,
        "respondents": respondents,
        "items": dispute.items.order_by("pk"),
        "due_dates": due_dates,
        "meetings": meetings,
        "next_meeting": upcoming[0] if upcoming else None,
        "mediator": mediator.mediator if mediator else None,
        "status_label": status_label(case.status),
        "status_words": STATUS_WORDS.get(case.status, case.status),
        "outcome_words": OUTCOME_WORDS.get(dispute.outcome, ""),
        "has_record": _has_record(dispute),
        "attachments": case.attachments.order_by("pk"),
        "id_person": Person.IdKind,
    })


def _has_record(dispute) -> bool:
    return dispute.case.closed_at is not None and dispute.outcome in RECORD_OUTCOMES


@citizen_view
def mediation_record(request, number: str):
    """The mediation record (調解紀錄) as PDF, for the applicant's own closed case.

    The record carries the parties' full IDs and addresses (labor.disputes.documents), so each
    download is written to the access log as a full view of every person on it."""
    dispute = _own_dispute(request, number)
    if dispute is None or not _has_record(dispute):
        return not_found(request)
    from labor.core.documents import DocumentUnavailable
    from labor.disputes import documents

    document = documents.mediation_record(dispute)
    try:
        content = document.pdf()
    except DocumentUnavailable:
        return render(request, "portal/record_unavailable.html", {"case": dispute.case},
                      status=503)
    ip_address = request.META.get("REMOTE_ADDR")
    persons = {p.person for p in dispute.parties.select_related("person") if p.person_id}
    for person in sorted(persons, key=lambda p: p.pk):
        person_access_log(
            person=person, user=request.user, ip_address=ip_address,
            purpose=_("線上服務：申請人下載調解紀錄 %(number)s") % {"number": dispute.case.number},
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.filename("pdf")
    )
    response["Cache-Control"] = "private, no-store"
    return response
