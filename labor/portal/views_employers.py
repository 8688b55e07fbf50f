"""Pages of the employers' online services (/online/employers/): the employer account, the
online notification of notifiable work (危險性作業線上通報) and of a reduced-hours agreement,
and "my notifications".

An employer account sees only what it filed itself (see labor.portal.models for why): any
other notification answers 404, exactly as one that does not exist. A citizen account (no
EmployerAccount) is told to use an employer account (403), a staff account to use the
workspace (403), an anonymous visitor is sent to the employers' login page.

Pages read through labor.notifications.selectors and write through
labor.notifications.services and labor.portal.accounts. Bad input answers 400 with the
messages at their fields and writes nothing.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from labor.core.permissions import is_workspace_user
from labor.notifications import selectors as notification_selectors
from labor.notifications import services as notification_services
from labor.notifications.models import FilingChannel
from labor.portal import accounts
from labor.portal.forms import error_summary
from labor.portal.forms_employers import EmployerSignupForm, ReducedHoursForm, WorkNotificationForm
from labor.portal.views import CitizenLoginView


def home_for(user) -> str:
    """Where a public account lands after logging in: its notifications (employer) or its
    cases (citizen)."""
    if accounts.is_employer(user):
        return reverse("portal:employer_notifications")
    return reverse("portal:my_cases")


def employer_view(view):
    """Logged in (else to the employers' login page) with an employer account; the view gets
    the account as ``request.employer``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:employer_login"))
        if is_workspace_user(user):
            return render(request, "portal/403.html", status=403)
        account = accounts.employer_account(user)
        if account is None:
            return render(request, "portal/employers/not_employer.html", status=403)
        request.employer = account
        return view(request, *args, **kwargs)

    return wrapped


def _not_found(request):
    return render(request, "portal/employers/404.html", status=404)


def _add_errors(form, exc: ValidationError, aliases=None):
    """A service's ValidationError on the form: at the field its key names (or an alias of
    it), else above the form."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        field = aliases.get(key, key)
        if field not in form.fields:
            field = None
        for message in errors:
            form.add_error(field, message)


# ---------------------------------------------------------------- account


@require_GET
def employers_home(request):
    return render(request, "portal/employers/home.html", {
        "account": accounts.employer_account(request.user),
    })


@require_http_methods(["GET", "POST"])
def employer_signup(request):
    if accounts.is_employer(request.user):
        return redirect("portal:employer_notifications")
    if request.method != "POST":
        return render(request, "portal/employers/signup.html", {"form": EmployerSignupForm()})
    form = EmployerSignupForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user, _account = accounts.employer_signup(
                email=data["email"], name=data["name"], password=data["password1"],
                ubn=data["ubn"], phone=data["phone"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("portal:employer_notify")
    return render(request, "portal/employers/signup.html", {
        "form": form, "errors": error_summary(form)}, status=400)


class EmployerLoginView(CitizenLoginView):
    """The public login form (same lockout, labor.core.login) worded for employers."""

    heading = gettext_lazy("事業單位登入")
    signup_url_name = "portal:employer_signup"
    signup_label = gettext_lazy("註冊事業單位帳號")


# ---------------------------------------------------------------- notifications


@require_GET
@employer_view
def my_notifications(request):
    rows = (notification_selectors.employer_notifications(request.user)
            .order_by("-filed_at", "-pk"))
    reduced = (notification_selectors.employer_reduced_hours(request.user)
               .order_by("-filed_on", "-pk"))
    return render(request, "portal/employers/notifications.html", {
        "account": request.employer, "notifications": rows, "reduced": reduced,
    })


@require_http_methods(["GET", "POST"])
@employer_view
def notify(request):
    account = request.employer
    if request.method != "POST":
        form = WorkNotificationForm(initial=WorkNotificationForm.fresh_initial())
        return render(request, "portal/employers/notify.html", {"form": form,
                                                                "account": account})
    form = WorkNotificationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            notification = notification_services.notification_file(
                kind=data["kind"], ubn=account.establishment.ubn,
                site_address=data["site_address"], district=data["district"],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
                contractor=data["contractor"], channel=FilingChannel.ONLINE,
                filed_by=request.user, submission_key=str(data["submission_key"]),
            )
        except ValidationError as exc:
            # The establishment is the account's: an error about it is the account's, above
            # the form (e.g. the company closed since signing up).
            _add_errors(form, exc, aliases={"ubn": None})
        else:
            if notification.filed_by_id == request.user.pk:
                return redirect("portal:employer_notification_filed", pk=notification.pk)
            # A submission key another account used: never show their notification.
            form.add_error(None, _("此份通報表已失效，請重新整理頁面後再送出。"))
    return render(request, "portal/employers/notify.html", {
        "form": form, "account": account, "errors": error_summary(form),
    }, status=400)


def _own_notification(request, pk: int):
    return notification_selectors.employer_notifications(request.user).filter(pk=pk).first()


@require_GET
@employer_view
def notification_filed(request, pk: int):
    notification = _own_notification(request, pk)
    if notification is None:
        return _not_found(request)
    return render(request, "portal/employers/filed.html", {
        "notification": notification, "account": request.employer})


@require_GET
@employer_view
def notification_detail(request, pk: int):
    notification = _own_notification(request, pk)
    if notification is None:
        return _not_found(request)
    return render(request, "portal/employers/notification.html", {
        "notification": notification, "account": request.employer})


@require_http_methods(["GET", "POST"])
@employer_view
def reduced_hours(request):
    account = request.employer
    if request.method != "POST":
        form = ReducedHoursForm()
        return render(request, "portal/employers/reduced_hours.html", {
            "form": form, "account": account})
    form = ReducedHoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            agreement, created = notification_services.reduced_hours_file_online(
                filed_by=request.user, ubn=account.establishment.ubn,
                workers_affected=data["workers_affected"], starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as exc:
            _add_errors(form, exc, aliases={"ubn": None, "filed_on": None})
        else:
            if created:
                messages.success(request, _(
                    "已收到減班休息通報：%(n)s 人，%(start)s 至 %(end)s。") % {
                    "n": agreement.workers_affected,
                    "start": _roc(agreement.starts_on), "end": _roc(agreement.ends_on)})
            else:
                messages.info(request, _("這份減班休息通報先前已送出，未重複建立。"))
            return redirect(reverse("portal:employer_notifications") + "#reduced-hours")
    return render(request, "portal/employers/reduced_hours.html", {
        "form": form, "account": account, "errors": error_summary(form),
    }, status=400)


def _roc(day) -> str:
    from labor.core.formatting import roc_date

    return roc_date(day)
