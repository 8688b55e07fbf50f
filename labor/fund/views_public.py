"""The citizen's pages of the litigation subsidy (/online/fund/): the online application, the
page after sending it, and "my applications" with the decisions and payments.

Login required (the portal's login otherwise); a staff account is told to use its own (403),
as on the portal's other pages. A citizen sees only their own applications: another's number
answers 404 exactly as a number that does not exist.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labor.disputes import selectors as dispute_selectors
from labor.disputes.models import DisputeParty, Side
from labor.disputes.models import Outcome as DisputeOutcome
from labor.fund import services_applications as applications
from labor.fund.forms import item_label
from labor.fund.forms_public import PublicApplicationForm
from labor.fund.models import (
    Applicant,
    Application,
    Disbursement,
    Item,
    RecoveryClaim,
    RecoveryMovement,
    Status,
)
from labor.fund.selectors import with_movements
from labor.portal import accounts
from labor.portal.forms import error_summary
from labor.portal.views import SESSION_NATIONAL_ID, citizen_view, not_found

# What each status means for the applicant, in plain words.
STATUS_WORDS = {
    Status.SUBMITTED: gettext_lazy("本局已收到您的申請，將審查資料是否齊全。"),
    Status.INCOMPLETE: gettext_lazy("申請資料需要補正，請依本局通知補齊文件。"),
    Status.REVIEW: gettext_lazy("資料齊全，本局正在審查。"),
    Status.PROPOSED: gettext_lazy("審查完成，待主管核定。"),
    Status.APPROVED: gettext_lazy("本局已核定補助，請檢據向本局申請撥付。"),
    Status.REFUSED: gettext_lazy("本局決定不予補助，理由載於寄給您的函文。"),
    Status.CLOSED: gettext_lazy("本案已結案。"),
}


def failed_mediations(user):
    """The citizen's own mediation cases (filed online with this account) that did not
    settle: the ones an application may cite."""
    respondents = DisputeParty.objects.filter(side=Side.RESPONDENT).select_related(
        "person", "establishment")
    return (dispute_selectors.portal_disputes(user)
            .filter(outcome=DisputeOutcome.NOT_SETTLED)
            .prefetch_related(Prefetch("parties", queryset=respondents,
                                       to_attr="respondent_list")))


def _display_name(user) -> str:
    return f"{user.last_name}{user.first_name}".strip()


def _prefill(request) -> dict:
    """The citizen's own particulars: the account's name, and the ID, phone and address of
    their latest online application (this line's or a mediation's) or the ID given at
    sign-up."""
    user = request.user
    initial = {"submission_key": uuid.uuid4(), "name": _display_name(user), "instance": 1}
    latest = (Applicant.objects.filter(application__portal_user=user).select_related("person")
              .order_by("-application__case__received_at", "-pk").first())
    if latest is not None:
        initial.update(id_number=latest.person.id_number, phone=latest.phone,
                       address=latest.address, name=latest.person.name or initial["name"])
    else:
        party = (DisputeParty.objects
                 .filter(dispute__in=dispute_selectors.portal_disputes(user),
                         side=Side.APPLICANT, person__isnull=False)
                 .select_related("person").order_by("-dispute__case__received_at", "id")
                 .first())
        if party is not None:
            initial.update(id_number=party.person.id_number, phone=party.phone,
                           address=party.address)
    if request.session.get(SESSION_NATIONAL_ID) and "id_number" not in initial:
        initial["id_number"] = request.session[SESSION_NATIONAL_ID]
    return initial


@citizen_view
def apply(request):
    if accounts.employer_account(request.user) is not None:
        # The subsidy is the worker's: an employer's account has nothing to apply for.
        return render(request, "fund/public/employer.html", status=403)
    disputes = list(failed_mediations(request.user))
    status = 200
    if request.method != "POST":
        initial = _prefill(request)
        if disputes:
            initial["dispute"] = str(disputes[0].pk)
        form = PublicApplicationForm(initial=initial, disputes=disputes)
    else:
        form = PublicApplicationForm(request.POST, request.FILES, disputes=disputes)
        if form.is_valid():
            try:
                application = applications.application_submit(
                    channel="online", portal_user=request.user, actor=request.user,
                    **form.submission())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if application.portal_user_id == request.user.pk:
                    return redirect("fund_online:submitted", number=application.case.number)
                # A submission key another account used: never show their application.
                form.add_error(None, _("此份申請書已失效，請重新整理頁面後再送出。"))
        status = 400
    return render(request, "fund/public/apply.html", {
        "form": form,
        "disputes": disputes,
        "files_dropped": status == 400 and bool(request.FILES),
        "errors": error_summary(form) if status == 400 else [],
    }, status=status)


def _own(user):
    return Application.objects.filter(portal_user=user).select_related("case", "respondent",
                                                                       "dispute__case")


@citizen_view
def submitted(request, number: str):
    application = _own(request.user).filter(case__number=number).first()
    if application is None:
        return not_found(request)
    items = list(application.items.order_by("id"))
    for item in items:
        item.label = item_label(item)
    return render(request, "fund/public/submitted.html", {
        "application": application,
        "case": application.case,
        "items": items,
        "requested": sum(item.requested for item in items),
        "attachments": application.case.attachments.order_by("pk"),
    })


@citizen_view
def mine(request):
    today = timezone.localdate()
    claims_today = with_movements(RecoveryClaim.objects.all(), today)
    rows = list(_own(request.user)
                .prefetch_related(Prefetch("items", queryset=Item.objects.order_by("id")),
                                  Prefetch("recovery_claims", queryset=claims_today),
                                  "recovery_notices")
                .order_by("-case__received_at", "-pk"))
    # The citizen's payments and repayments in one query each, not one per application.
    payments = defaultdict(list)
    for payment in (Disbursement.objects.filter(item__application__in=rows)
                    .select_related("item").order_by("paid_on", "pk")):
        payment.label = item_label(payment.item)
        payments[payment.item.application_id].append(payment)
    movements = defaultdict(list)
    for movement in (RecoveryMovement.objects.filter(claim__application__in=rows)
                     .select_related("claim__item").order_by("on", "pk")):
        movement.label = item_label(movement.claim.item)
        movements[movement.claim.application_id].append(movement)
    for application in rows:
        status = application.case.status
        application.status_label = Status(status).label if status in Status.values else status
        application.status_words = STATUS_WORDS.get(status, "")
        application.payments = payments[application.pk]
        paid = defaultdict(int)
        for payment in application.payments:
            paid[payment.item_id] += payment.amount
        application.item_list = list(application.items.all())
        for item in application.item_list:
            item.label = item_label(item)
            item.paid = paid[item.pk]
        claims = [c for c in application.recovery_claims.all() if c.assessed_on <= today]
        application.has_claims = bool(claims)
        application.owed = sum(c.amount - c.repaid - c.reclassified for c in claims)
        application.repayments = movements[application.pk]
        application.notice_list = sorted(application.recovery_notices.all(),
                                         key=lambda n: (n.issued_on, n.pk))
        application.decided = application.decided_on is not None
        application.approved_total = sum(item.approved or 0 for item in application.item_list)
    return render(request, "fund/public/mine.html", {"applications": rows})
