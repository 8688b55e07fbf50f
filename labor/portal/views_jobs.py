"""Pages of the public job services: a job seeker registers online and follows the referrals
the bureau made ("my registration", /online/seekers/); an employer posts vacancies online with
its employer account and sees the seekers referred to them ("my vacancies",
/online/employers/vacancies/). The public job bank itself (search and vacancy pages) is
labor.employment.views_public.

What each account sees: a citizen, only the registrations it made itself; an employer
account, only the vacancies it posted itself (labor.portal.models explains why) and, of a
seeker referred to one of them, the name, phone and qualifications — never the ID number,
the address or the e-mail. Another account's vacancy answers 404 like one that does not
exist.

Pages write through labor.employment.services; bad input answers 400 with the messages at
their fields and writes nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from labor.employment import selectors, services
from labor.employment.forms import district_label
from labor.employment.models import SeekerStatus
from labor.portal import accounts
from labor.portal.forms import error_summary
from labor.portal.forms_jobs import SeekerRegistrationForm, VacancyPostForm
from labor.portal.views import SESSION_NATIONAL_ID, _add_errors, _display_name, citizen_view
from labor.portal.views_employers import employer_view

# Submission keys of the vacancy form this session already posted: {key: vacancy id}.
SESSION_POSTED = "portal_vacancies_posted"


def _citizen_only(request):
    """An employer account has no place in the job seekers' pages (403), None otherwise."""
    if accounts.is_employer(request.user):
        return render(request, "portal/jobs/not_citizen.html", status=403)
    return None


# ---------------------------------------------------------------- job seekers


def _active_registration(user):
    return (selectors.citizen_registrations(user).filter(status=SeekerStatus.ACTIVE)
            .first())


@require_http_methods(["GET", "POST"])
@citizen_view
def seeker_register(request):
    """線上求職登記 by the logged-in citizen."""
    if (refusal := _citizen_only(request)) is not None:
        return refusal
    user = request.user
    active = _active_registration(user)
    if request.method != "POST":
        form = SeekerRegistrationForm(initial={
            "name": _display_name(user), "email": user.email,
            "id_number": request.session.get(SESSION_NATIONAL_ID, ""),
        })
        return render(request, "portal/jobs/register.html", {"form": form, "active": active})
    form = SeekerRegistrationForm(request.POST)
    if form.is_valid():
        try:
            seeker = services.seeker_register(channel=services.ONLINE, account=user,
                                              **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _(
                "已完成求職登記（%(date)s）。就業服務員會依您的條件媒合職缺並與您聯繫。") % {
                "date": _roc(seeker.registered_on)})
            return redirect("portal:seeker_mine")
    return render(request, "portal/jobs/register.html", {
        "form": form, "active": active, "errors": error_summary(form)}, status=400)


@require_GET
@citizen_view
def seeker_mine(request):
    """我的求職登記: the account's registrations and the referrals the bureau made."""
    if (refusal := _citizen_only(request)) is not None:
        return refusal
    registrations = list(selectors.citizen_registrations(request.user))
    for seeker in registrations:
        seeker.district_names = [district_label(d) for d in seeker.desired_districts.all()]
        seeker.occupation_names = [o.name for o in seeker.desired_occupations.all()]
    return render(request, "portal/jobs/mine.html", {
        "registrations": registrations,
        "active": next((s for s in registrations if s.status == SeekerStatus.ACTIVE), None),
    })


# ---------------------------------------------------------------- employers


@require_http_methods(["GET", "POST"])
@employer_view
def vacancy_new(request):
    """線上求才登記 for the account's establishment; pending until staff verify it."""
    account = request.employer
    if request.method != "POST":
        form = VacancyPostForm(initial=VacancyPostForm.fresh_initial())
        return render(request, "portal/employers/vacancy_new.html", {
            "form": form, "account": account})
    form = VacancyPostForm(request.POST)
    posted = request.session.get(SESSION_POSTED, {})
    key = str(request.POST.get("submission_key", ""))
    if key and key in posted:
        existing = selectors.employer_vacancies(request.user).filter(pk=posted[key]).first()
        if existing is not None:
            return redirect("portal:employer_vacancy", pk=existing.pk)
    if form.is_valid():
        try:
            vacancy = services.vacancy_post(
                channel=services.ONLINE, establishment=account.establishment,
                posted_by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            # The establishment is the account's: an error about it goes above the form.
            _add_errors(form, exc, aliases={"ubn": None, "posted_on": None})
        else:
            posted[str(form.cleaned_data["submission_key"])] = vacancy.pk
            request.session[SESSION_POSTED] = dict(list(posted.items())[-20:])
            messages.success(request, _(
                "已收到求才登記「%(title)s」。本局審核後即公開於人力銀行並開始推介。") % {
                "title": vacancy.title})
            return redirect("portal:employer_vacancy", pk=vacancy.pk)
    return render(request, "portal/employers/vacancy_new.html", {
        "form": form, "account": account, "errors": error_summary(form)}, status=400)


@require_GET
@employer_view
def my_vacancies(request):
    rows = list(selectors.employer_vacancies(request.user))
    hired = selectors.hired_counts(rows)
    today = selectors.today()
    for row in rows:
        row.hired = hired.get(row.pk, 0)
        row.public = selectors.is_public(row, today)
    return render(request, "portal/employers/vacancies.html", {
        "account": request.employer, "vacancies": rows, "today": today})


@require_GET
@employer_view
def vacancy_detail(request, pk: int):
    vacancy = selectors.employer_vacancies(request.user).filter(pk=pk).first()
    if vacancy is None:
        return render(request, "portal/employers/404.html", status=404)
    referrals = list(selectors.employer_referrals(vacancy))
    return render(request, "portal/employers/vacancy.html", {
        "account": request.employer, "vacancy": vacancy, "referrals": referrals,
        "hired": services.persons_hired(vacancy), "public": selectors.is_public(vacancy),
        "today": selectors.today(),
    })


def _roc(day) -> str:
    from labor.core.formatting import roc_date

    return roc_date(day)
