"""The staff pages of the labor rights fund's litigation subsidies (勞工權益基金訴訟補助): the
queue, the counter entry, the application page with its actions and letters, and the open
recovery book. The ledger's pages are views_ledger.py.

Pages write through labor.fund.services_applications and labor.fund.services_recovery.
Opening the pages needs one of the fund's application permissions (review, decide, disburse,
manage recovery) or seeing every case; each action needs its own (a POST without it is a 403;
the page shows no such form). Approval is maker-checker: the checker must not be the officer
who proposed the decision, so the page does not offer the proposer the approval and says why
(the service refuses it too). A service's ValidationError comes back as the form's field
messages with a 400; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.downloads import CONTENT_TYPES, document_response
from labor.core.formatting import roc_date, twd_units
from labor.core.forms import client_ip
from labor.core.forms_base import apply_errors
from labor.core.models import Channel
from labor.core.permissions import (
    VIEW_ALL_CASES,
    can_view_case,
    can_view_person_full,
    forbidden,
    workspace_view,
)
from labor.core.services import person_access_log
from labor.core.views import EVENT_ACTIONS, display_name, not_found
from labor.fund import documents, selectors
from labor.fund import forms as fund_forms
from labor.fund import services_applications as applications
from labor.fund import services_recovery as recovery
from labor.fund.forms import ATTACHMENT_LABELS, INSTANCES, item_label
from labor.fund.models import (
    LINE,
    Applicant,
    Application,
    Disbursement,
    Item,
    Outcome,
    RecoveryClaim,
    RecoveryMovement,
    Status,
)

REVIEW = "fund.review_application"
DECIDE = "fund.decide_application"
DISBURSE = "fund.disburse"
RECOVER = "fund.manage_recovery"
LEDGER = "fund.view_journalentry"
APPLICATION_PERMS = (REVIEW, DECIDE, DISBURSE, RECOVER)
PAGE_SIZE = 25
STATUS_LABELS = dict(Status.choices)
OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]
UNDECIDED = (Status.SUBMITTED, Status.INCOMPLETE, Status.REVIEW, Status.PROPOSED)


# --- who may do what ------------------------------------------------------------------------


def may_view(user) -> bool:
    return (user.is_superuser or user.has_perm(VIEW_ALL_CASES)
            or any(user.has_perm(perm) for perm in APPLICATION_PERMS))


def refuse_view(request):
    return forbidden(request, _("勞工權益基金訴訟補助頁面需要「可審查訴訟補助申請」或"
                                "「可覆核核定訴訟補助」等基金業務權限。"))


def fund_view(view):
    """Workspace staff (login, else 403), then the fund's staff (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_view(request.user):
            return refuse_view(request)
        return view(request, *args, **kwargs)

    return workspace_view(wrapped)


# --- the queue ------------------------------------------------------------------------------


@require_GET
@workspace_view
def home(request):
    user = request.user
    if not may_view(user):
        # The nav's link is shown to the ledger's staff too: their page is the journal.
        if user.has_perm(LEDGER):
            return redirect("fund_ledger:journal")
        return refuse_view(request)
    filters = fund_forms.QueueFilterForm(request.GET or None)
    status = filters.value()
    rows = Application.objects.filter(case__line=LINE)
    if status == filters.OPEN:
        rows = rows.exclude(case__status=Status.CLOSED)
    elif status != filters.ALL:
        rows = rows.filter(case__status=status)
    rows = (selectors.with_totals(rows).select_related("case", "respondent")
            .prefetch_related(Prefetch("applicants", queryset=Applicant.objects
                                       .select_related("person").order_by("id")))
            .order_by("-case__received_at", "-pk"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        applicants = list(row.applicants.all())
        row.applicants_shown = applicants[:2]
        row.applicants_more = max(len(applicants) - 2, 0)
        row.status_label = STATUS_LABELS.get(row.case.status, row.case.status)
    counts = dict(Application.objects.filter(case__line=LINE).values_list("case__status")
                  .annotate(n=Count("pk")))
    tabs = [(filters.OPEN, _("未結案"), sum(counts.get(s, 0) for s in OPEN_STATUSES))]
    tabs += [(value, label, counts.get(value, 0)) for value, label in Status.choices]
    tabs.append((filters.ALL, _("全部"), sum(counts.values())))
    return render(request, "fund/queue.html", {
        "page": page,
        "status": status,
        "tabs": tabs,
        "can_enter": user.has_perm(REVIEW),
        "can_recover": user.has_perm(RECOVER),
        "can_ledger": user.has_perm(LEDGER),
    })


# --- counter entry --------------------------------------------------------------------------

APPLICANT_PREFIX = "applicants"
ITEM_PREFIX = "items"
_ENTRY_ALIASES = {"received_at": "received_on", "respondent": "respondent_ubn",
                  "attachments": "att_other", "channel": None, "submission_key": None}


def _entry_forms(data=None, files=None):
    return (fund_forms.EntryForm(data, files),
            fund_forms.ApplicantFormSet(data, prefix=APPLICANT_PREFIX),
            fund_forms.ItemFormSet(data, prefix=ITEM_PREFIX))


def _initial_of(form_class, data, **kwargs) -> dict:
    """What a bound form would show, as the ``initial`` of an unbound one (no errors)."""
    form = form_class(**kwargs)
    return {name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
            for name, field in form.fields.items() if not isinstance(field, fund_forms
                                                                     .MultipleFileField)}


def _rows_initial(formset_class, data, prefix, *, more: bool):
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "1"))
    except ValueError:
        total = 1
    total = max(0, min(total, formset_class.max_num - (1 if more else 0)))
    rows = [_initial_of(formset_class.form, data, prefix=f"{prefix}-{i}") for i in range(total)]
    formset = formset_class(prefix=prefix, initial=rows)
    formset.extra = 1 if more else 0
    return formset


def _with_another_row(request):
    """The no-JavaScript "add a row" buttons: the page again with one more empty row of the
    list asked for, keeping what was typed (files must be chosen again)."""
    data = request.POST
    which = data.get("add_row")
    form = fund_forms.EntryForm(initial=_initial_of(fund_forms.EntryForm, data))
    applicants = _rows_initial(fund_forms.ApplicantFormSet, data, APPLICANT_PREFIX,
                               more=which == APPLICANT_PREFIX)
    items = _rows_initial(fund_forms.ItemFormSet, data, ITEM_PREFIX, more=which == ITEM_PREFIX)
    return form, applicants, items


@require_http_methods(["GET", "POST"])
@fund_view
def new(request):
    if not request.user.has_perm(REVIEW):
        return forbidden(request, _("登錄訴訟補助申請需要「可審查訴訟補助申請」權限。"))
    if request.method == "GET":
        return _entry_page(request, *_entry_forms())
    if request.POST.get("add_row") in (APPLICANT_PREFIX, ITEM_PREFIX):
        return _entry_page(request, *_with_another_row(request),
                           files_dropped=bool(request.FILES))
    form, applicants, items = _entry_forms(request.POST, request.FILES)
    valid = [f.is_valid() for f in (form, applicants, items)]
    if all(valid):
        data = form.cleaned_data
        try:
            application = applications.application_submit(
                channel=data["channel"],
                applicants=[row.applicant() for row in applicants.filled()],
                items=[row.item() for row in items.filled()],
                actor=request.user,
                **form.submission(),
            )
        except ValidationError as exc:
            entry_errors(exc, form, {APPLICANT_PREFIX: applicants, ITEM_PREFIX: items},
                         aliases=_ENTRY_ALIASES)
        else:
            messages.success(request, _("已收件，案號 %(number)s。") % {
                "number": application.case.number})
            return redirect("fund:application", number=application.case.number)
    return _entry_page(request, form, applicants, items, status=400,
                       files_dropped=bool(request.FILES))


def entry_errors(exc, form, formsets: dict, *, aliases=None, rows=None):
    """application_submit's errors on the entry page. The service keys the fields of the i-th
    applicant or item it was given ``applicants-<i>-<field>`` / ``items-<i>-<field>`` (i counts
    the rows sent, which are the filled rows); a key naming a whole list goes above that list;
    any other key beside the main form's field (or above the form).

    ``rows`` may map a list's name to the forms its rows are on (default: the filled rows of
    the formset of that name)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, ValidationError(exc.messages))
        return
    for key, errors in exc.error_dict.items():
        head, _sep, rest = key.partition("-")
        formset = formsets.get(head)
        if formset is None:
            apply_errors(form, ValidationError({key: errors}), aliases=aliases)
            continue
        index, _sep, field = rest.partition("-")
        filled = (rows or {}).get(head) or formset.filled()
        if index.isdigit() and int(index) < len(filled):
            row = filled[int(index)]
            row.add_error(field if field in row.fields else None, ValidationError(errors))
        else:
            formset.add_non_form_error(ValidationError(errors).messages)


def _entry_page(request, form, applicants, items, status=200, files_dropped=False):
    return render(request, "fund/entry.html", {
        "form": form,
        "applicants": applicants,
        "items": items,
        "has_errors": status >= 400,
        "files_dropped": files_dropped,
        "kinds": {"worker": "worker", "workers": "workers", "union": "union"},
    }, status=status)


# --- the application page -------------------------------------------------------------------

EVENT_LABELS = {
    **EVENT_ACTIONS,
    "open": gettext_lazy("收件開案"),
    "application_submit": gettext_lazy("登錄申請內容"),
    "return_incomplete": gettext_lazy("通知補正"),
    "application_return_incomplete": gettext_lazy("通知補正"),
    "complete": gettext_lazy("資料齊全"),
    "application_complete": gettext_lazy("資料齊全"),
    "committee": gettext_lazy("審查會議"),
    "committee_record": gettext_lazy("審查會議"),
    "propose": gettext_lazy("擬核定"),
    "decision_propose": gettext_lazy("擬核定"),
    "approve": gettext_lazy("核定補助"),
    "decision_approve": gettext_lazy("核定補助"),
    "refuse": gettext_lazy("不予補助"),
    "decision_refuse": gettext_lazy("不予補助"),
    "send_back": gettext_lazy("退回重審"),
    "decision_send_back": gettext_lazy("退回重審"),
    "disburse": gettext_lazy("撥付"),
    "disbursement_record": gettext_lazy("撥付"),
    "outcome": gettext_lazy("登錄訴訟結果"),
    "outcome_record": gettext_lazy("登錄訴訟結果"),
    "recovery_assess": gettext_lazy("認定應繳還金額"),
    "recovery_notice_issue": gettext_lazy("發出催繳通知"),
    "repayment_record": gettext_lazy("登錄繳還"),
    "reclassification_record": gettext_lazy("登錄轉列"),
    "close": gettext_lazy("結案"),
}


def _event_detail(event) -> str:
    new = event.new_values or {}
    if event.action in ("outcome", "outcome_record") and new.get("outcome") in Outcome.values:
        return str(Outcome(new["outcome"]).label)
    if event.action == "open":
        channel = new.get("channel")
        return str(Channel(channel).label) if channel in Channel.values else event.note
    if event.action == "attachment_add":
        return new.get("name", "") or event.note
    amount = new.get("amount")
    if isinstance(amount, int) and not event.note:
        return twd_units(amount)
    return event.note


def find_application(request, number: str):
    """(application, None) or (None, an error response: 404 unknown, 403 not allowed)."""
    application = (Application.objects
                   .select_related("case", "dispute__case", "respondent", "proposed_by",
                                   "decided_by", "portal_user")
                   .filter(case__number=number.upper(), case__line=LINE).first())
    if application is None:
        return None, not_found(request, _("查無訴訟補助案號 %(number)s。") % {"number": number})
    if not (may_view(request.user) or can_view_case(request.user, application.case)):
        return None, refuse_view(request)
    return application, None


def item_rows(application, today: dt.date) -> list[Item]:
    """The items with their cap (on the received date), paid, claimed and outstanding."""
    items = list(application.items.order_by("id"))
    paid = dict(Disbursement.objects.filter(item__application=application)
                .values_list("item_id").annotate(total=Sum("amount")))
    claims = {c.item_id: c for c in RecoveryClaim.objects.filter(application=application)}
    try:
        caps = applications.caps_on(applications.received_on(application))
    except ValidationError:  # a missing setting: no cap shown rather than a failing page
        caps = None
    for item in items:
        item.label = item_label(item)
        item.cap = applications.item_cap(item, caps) if caps else None
        item.paid = paid.get(item.pk, 0)
        item.unpaid = max((item.approved or 0) - item.paid, 0)
        item.claim = claims.get(item.pk)
        item.claimed = item.claim.amount if item.claim else 0
        item.outstanding = (recovery.claim_outstanding(item.claim, on=today)
                            if item.claim else 0)
    return items


def claim_rows(application, items, today) -> list[RecoveryClaim]:
    by_item = {item.pk: item for item in items}
    claims = list(RecoveryClaim.objects.filter(application=application)
                  .prefetch_related("movements").order_by("item_id"))
    for claim in claims:
        claim.item_row = by_item.get(claim.item_id)
        claim.label = claim.item_row.label if claim.item_row else ""
        moves = list(claim.movements.all())
        claim.repaid = sum(m.amount for m in moves
                           if m.kind == RecoveryMovement.Kind.REPAYMENT)
        claim.reclassified = sum(m.amount for m in moves
                                 if m.kind == RecoveryMovement.Kind.RECLASSIFICATION)
        claim.outstanding = recovery.claim_outstanding(claim, on=today)
        claim.moves = sorted(moves, key=lambda m: (m.on, m.pk))
    return claims


# action → (form class, permissions (any of), anchor)
ACTIONS = {
    "return": (fund_forms.ReturnForm, (REVIEW,), "review"),
    "complete": (fund_forms.CompleteForm, (REVIEW,), "review"),
    "committee": (fund_forms.CommitteeForm, (REVIEW,), "review"),
    "propose": (fund_forms.ProposeForm, (REVIEW,), "decision"),
    "approve": (fund_forms.ApproveForm, (DECIDE,), "decision"),
    "refuse": (fund_forms.RefuseForm, (DECIDE,), "decision"),
    "send_back": (fund_forms.SendBackForm, (DECIDE,), "decision"),
    "disburse": (fund_forms.DisburseForm, (DISBURSE,), "items"),
    "outcome": (fund_forms.OutcomeForm, (REVIEW, RECOVER), "recovery"),
    "assess": (fund_forms.AssessForm, (RECOVER,), "recovery"),
    "notice": (fund_forms.NoticeForm, (RECOVER,), "recovery"),
    "repay": (fund_forms.RepayForm, (RECOVER,), "recovery"),
    "reclassify": (fund_forms.ReclassifyForm, (RECOVER,), "recovery"),
    "close": (fund_forms.CloseForm, (REVIEW, RECOVER), "closing"),
}
# Forms of one row each (the bound one goes back to its row): action → hidden field.
ROW_FIELD = {"disburse": "item", "repay": "claim", "reclassify": "claim"}
PERMISSION_WORDS = {
    REVIEW: gettext_lazy("可審查訴訟補助申請"),
    DECIDE: gettext_lazy("可覆核核定訴訟補助"),
    DISBURSE: gettext_lazy("可撥付訴訟補助款"),
    RECOVER: gettext_lazy("可辦理訴訟補助催繳"),
}


def _allowed(user, action) -> bool:
    return any(user.has_perm(perm) for perm in ACTIONS[action][1])


def unclaimed_proposal(unclaimed, proposal) -> bool:
    """Whether the rules propose claiming back something of an item not assessed yet (the
    case should not be closed before it is)."""
    return any(proposal.get(item.pk) for item in unclaimed)


def _make_form(action, application, data=None, *, row=None, items=(), proposal=None,
               initial=None):
    form_class = ACTIONS[action][0]
    kwargs = {"application": application, "prefix": action}
    if initial:
        kwargs["initial"] = initial
    if action == "propose":
        kwargs["items"] = items
    if action == "assess":
        kwargs["items"] = items
        kwargs["proposal"] = proposal
    if row is not None:
        initial = {ROW_FIELD[action]: row.pk}
        if action == "disburse":
            initial["amount"] = row.unpaid
        elif action in ("repay", "reclassify"):
            initial["amount"] = row.outstanding
        kwargs["initial"] = initial
        kwargs["auto_id"] = f"id_%s-{row.pk}"
    return form_class(data, **kwargs)


def _context(request, application, *, bound=None):
    """Everything the application page shows; ``bound`` is (action, form) of a failed one."""
    user = request.user
    today = timezone.localdate()
    case = application.case
    status = case.status
    items = item_rows(application, today)
    claims = claim_rows(application, items, today)
    applicants = list(application.applicants.select_related("person").order_by("id"))
    full_ids = can_view_person_full(user)
    if full_ids:
        for applicant in applicants:
            person_access_log(person=applicant.person, user=user, ip_address=client_ip(request),
                              purpose=_("訴訟補助申請頁 %(number)s") % {"number": case.number})
    failed_action, failed_form = bound or ("", None)
    placed = []

    def row_form(action, row):
        field = ROW_FIELD[action]
        if failed_action == action and \
                str(failed_form.data.get(f"{action}-{field}")) == str(row.pk):
            failed_form.auto_id = f"id_%s-{row.pk}"
            placed.append(row)
            return failed_form
        return _make_form(action, application, row=row)

    may = {action: _allowed(user, action) for action in ACTIONS}
    decided = application.decided_on is not None
    approved = status == Status.APPROVED
    for item in items:
        item.disburse_form = (row_form("disburse", item)
                              if may["disburse"] and approved and item.unpaid > 0 else None)
        item.payments = list(item.disbursements.order_by("paid_on", "pk"))
    for claim in claims:
        open_claim = claim.outstanding > 0
        claim.repay_form = row_form("repay", claim) if may["repay"] and open_claim else None
        claim.reclassify_form = (row_form("reclassify", claim)
                                 if may["reclassify"] and open_claim else None)
    paid_items = [item for item in items if item.paid > 0]
    unclaimed = [item for item in paid_items if item.claim is None]
    proposal = recovery.recovery_proposal(application) if unclaimed else {}
    for item in unclaimed:
        item.proposal = proposal.get(item.pk, 0)
    outstanding = sum(claim.outstanding for claim in claims)

    actions = {}
    if may["return"] and status == Status.SUBMITTED:
        actions["return"] = _make_form("return", application)
    if may["complete"] and status in (Status.SUBMITTED, Status.INCOMPLETE):
        actions["complete"] = _make_form("complete", application)
    if may["committee"] and status == Status.REVIEW:
        actions["committee"] = _make_form("committee", application)
    if may["propose"] and status == Status.REVIEW:
        actions["propose"] = _make_form("propose", application, items=items)
    proposer_is_me = application.proposed_by_id == user.pk
    if may["approve"] and status == Status.PROPOSED and not proposer_is_me:
        actions["approve"] = _make_form("approve", application)
    if may["refuse"] and status in UNDECIDED and not (status == Status.PROPOSED
                                                       and proposer_is_me):
        actions["refuse"] = _make_form("refuse", application)
    if may["send_back"] and status == Status.PROPOSED and not proposer_is_me:
        actions["send_back"] = _make_form("send_back", application)
    if may["outcome"] and approved and not claims:
        actions["outcome"] = _make_form("outcome", application, initial={
            "outcome": application.outcome, "on": application.outcome_on,
            "note": application.outcome_note} if application.outcome else None)
    if may["assess"] and application.outcome and unclaimed and status != Status.CLOSED:
        actions["assess"] = _make_form("assess", application, items=unclaimed,
                                       proposal=proposal)
    if may["notice"] and outstanding > 0:
        actions["notice"] = _make_form("notice", application)
    if may["close"] and (status == Status.REFUSED or (
            approved and application.outcome and outstanding == 0 and not unclaimed_proposal(
                unclaimed, proposal))):
        actions["close"] = _make_form("close", application)
    if failed_action and failed_action not in ROW_FIELD:
        actions[failed_action] = failed_form

    # A row's form that failed for a row not on the page (another application's item, a
    # claim settled meanwhile): its messages go above the page.
    unplaced = []
    if failed_action in ROW_FIELD and not placed:
        unplaced = [message for errors in failed_form.errors.values() for message in errors]
    available = None
    if "approve" in actions or (status == Status.PROPOSED and may["approve"]):
        available = applications.available_balance(today)
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.action_label = EVENT_LABELS.get(event.action, event.action)
        event.detail = _event_detail(event)
        event.from_label = STATUS_LABELS.get(event.from_status, event.from_status)
        event.to_label = STATUS_LABELS.get(event.to_status, event.to_status)
    attachments = list(case.attachments.order_by("uploaded_at", "pk"))
    for attachment in attachments:
        attachment.kind_label = ATTACHMENT_LABELS.get(attachment.kind, attachment.kind)
    totals = {name: sum(getattr(item, name) or 0 for item in items)
              for name in ("requested", "approved", "paid", "claimed", "outstanding")}
    acting = any(may.values())
    return {
        "application": application,
        "case": case,
        "status_label": STATUS_LABELS.get(status, status),
        "applicants": applicants,
        "full_ids": full_ids,
        "items": items,
        "totals": totals,
        "claims": claims,
        "notices": list(application.recovery_notices.order_by("issued_on", "pk")),
        "attachments": attachments,
        "events": events,
        "actions": actions,
        "failed_action": failed_action,
        "unplaced_errors": unplaced,
        "proposer_is_me": proposer_is_me,
        "show_approve_note": may["approve"] and status == Status.PROPOSED and proposer_is_me,
        "available": available,
        "has_letter": decided,
        "refused": decided and documents.was_refused(application),
        "instance_label": dict(INSTANCES).get(application.instance, application.instance),
        "read_only": not acting,
        "proposer_name": display_name(application.proposed_by) if application.proposed_by
        else "",
        "decider_name": display_name(application.decided_by) if application.decided_by else "",
        "unclaimed": unclaimed,
        "today": today,
    }


def _application_page(request, application, *, bound=None, status=200):
    return render(request, "fund/application.html",
                  _context(request, application, bound=bound), status=status)


@require_GET
@workspace_view
def application_page(request, number: str):
    application, refusal = find_application(request, number)
    if refusal:
        return refusal
    return _application_page(request, application)


def _reload(application) -> Application:
    return (Application.objects.select_related("case", "dispute__case", "respondent",
                                               "proposed_by", "decided_by", "portal_user")
            .get(pk=application.pk))


# Service error keys → the form field they belong beside (None: above the form).
_ALIASES = {
    "complete": {"completed_on": "on"},
    "committee": {"committee_on": "meeting_on", "committee_resolution": "resolution"},
    "approve": {"decided_on": "on", "decided_by": None, "proposed_by": None},
    "refuse": {"decided_on": "on", "refusal_reason": "reason"},
    "disburse": {"paid_on": "paid_on"},
    "outcome": {"outcome_on": "on", "outcome_note": "note"},
    "assess": {"assessed_on": "on", "claims": None},
    "notice": {"on": "issued_on"},
}


@require_POST
@workspace_view
def action(request, number: str, action: str):
    if action not in ACTIONS:
        raise Http404
    application, refusal = find_application(request, number)
    if refusal:
        return refusal
    if not _allowed(request.user, action):
        words = "」或「".join(str(PERMISSION_WORDS[p]) for p in ACTIONS[action][1])
        return forbidden(request, _("此動作需要「%(perm)s」權限。") % {"perm": words})
    items = item_rows(application, timezone.localdate())
    unclaimed = [item for item in items if item.paid > 0 and item.claim is None]
    form = _make_form(action, application, request.POST, items=(
        items if action == "propose" else unclaimed))
    if not form.is_valid():
        return _application_page(request, application, bound=(action, form), status=400)
    try:
        message = _perform(action, application, form, request.user)
    except ValidationError as exc:
        apply_errors(form, exc, aliases=_ALIASES.get(action))
        return _application_page(request, _reload(application), bound=(action, form),
                                 status=400)
    messages.success(request, message)
    return redirect(reverse("fund:application", args=[application.case.number])
                    + f"#{ACTIONS[action][2]}")


def _perform(action, application, form, actor) -> str:
    """Call the service for ``action``; returns the success message."""
    data = form.cleaned_data
    if action == "return":
        applications.application_return_incomplete(application=application,
                                                   missing=data["missing"], actor=actor)
        return _("已通知補正。")
    if action == "complete":
        applications.application_complete(application=application, on=data["on"], actor=actor)
        return _("資料齊全，已進入審查。")
    if action == "committee":
        applications.committee_record(application=application, meeting_on=data["meeting_on"],
                                      resolution=data["resolution"], actor=actor)
        return _("已登錄審查會議決議。")
    if action == "propose":
        applications.decision_propose(application=application, decisions=form.decisions(),
                                      actor=actor)
        return _("已擬核定，待其他具覆核權限之同仁核定。")
    if action == "approve":
        decided = applications.decision_approve(application=application, actor=actor,
                                                on=data["on"])
        status = getattr(getattr(decided, "case", None), "status", None) or \
            _reload(application).case.status
        if status == Status.REFUSED:
            return _("各項目核定金額均為 0，本案不予補助。")
        return _("已核定補助，核定日期 %(on)s。") % {"on": roc_date(data["on"])}
    if action == "refuse":
        applications.decision_refuse(application=application, reason=data["reason"],
                                     actor=actor, on=data["on"])
        return _("已決定不予補助。")
    if action == "send_back":
        applications.decision_send_back(application=application, reason=data["reason"],
                                        actor=actor)
        return _("已退回重審。")
    if action == "close":
        applications.application_close(application=application, actor=actor)
        return _("已結案。")
    if action == "disburse":
        item = data["item"]
        applications.disbursement_record(item=item, paid_on=data["paid_on"],
                                         amount=data["amount"], actor=actor)
        return _("已登錄撥付 %(item)s %(amount)s。") % {"item": item_label(item),
                                                      "amount": twd_units(data["amount"])}
    if action == "outcome":
        applications.outcome_record(application=application, outcome=data["outcome"],
                                    on=data["on"], note=data["note"], actor=actor)
        return _("已登錄訴訟結果。")
    if action == "assess":
        recovery.recovery_assess(application=application, claims=form.claims(),
                                 basis=data["basis"], on=data["on"], note=data["note"],
                                 actor=actor)
        return _("已認定應繳還金額。")
    if action == "notice":
        notice = recovery.recovery_notice_issue(application=application,
                                                issued_on=data["issued_on"], actor=actor)
        return _("已發出催繳通知，繳還期限 %(on)s。") % {"on": roc_date(notice.due_on)}
    if action == "repay":
        recovery.repayment_record(claim=data["claim"], on=data["on"], amount=data["amount"],
                                  actor=actor)
        return _("已登錄繳還 %(amount)s。") % {"amount": twd_units(data["amount"])}
    if action == "reclassify":
        recovery.reclassification_record(claim=data["claim"], on=data["on"],
                                          amount=data["amount"], reason=data["reason"],
                                          actor=actor)
        return _("已登錄轉列 %(amount)s。") % {"amount": twd_units(data["amount"])}
    raise Http404  # pragma: no cover - ACTIONS is checked first


# --- letters --------------------------------------------------------------------------------


@require_GET
@workspace_view
def letter(request, number: str, fmt: str):
    """核定函 or 不予補助 letter of a decided application (none before: 404). The letters
    carry names, never ID numbers (labor.fund.documents)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    application, refusal = find_application(request, number)
    if refusal:
        return refusal
    if application.decided_on is None:
        return not_found(request, _("本案尚未決定，尚無核定或不予補助函。"))
    return document_response(request, documents.decision_letter(application), fmt,
                             back=reverse("fund:application", args=[application.case.number]),
                             back_label=_("回申請案件頁"))


@require_GET
@workspace_view
def notice_document(request, pk: int, fmt: str):
    from labor.fund.models import RecoveryNotice

    if fmt not in CONTENT_TYPES:
        raise Http404
    notice = RecoveryNotice.objects.select_related("application__case").filter(pk=pk).first()
    if notice is None:
        return not_found(request, _("查無此催繳通知。"))
    application, refusal = find_application(request, notice.application.case.number)
    if refusal:
        return refusal
    return document_response(request, documents.recovery_notice(notice), fmt,
                             back=reverse("fund:application", args=[application.case.number]),
                             back_label=_("回申請案件頁"))


# --- the open recovery book -----------------------------------------------------------------


def open_claims(on: dt.date) -> list[RecoveryClaim]:
    """The recovery book on ``on`` (selectors.book_claims), each claim with its item's label."""
    claims = list(selectors.book_claims(on))
    for claim in claims:
        claim.label = item_label(claim.item)
    return claims


@require_GET
@fund_view
def recovery_book(request):
    today = timezone.localdate()
    as_of = fund_forms.AsOfForm({"on": request.GET["on"]} if request.GET.get("on") else None)
    status = 200
    if as_of.is_bound and not as_of.is_valid():
        status = 400
    elif as_of.is_bound and as_of.cleaned_data.get("on"):
        if as_of.cleaned_data["on"] > today:
            as_of.add_error("on", _("日期不得晚於今天。"))
            status = 400
        else:
            today = as_of.cleaned_data["on"]
    claims = open_claims(today)
    summary = selectors.book_summary(claims)
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "fund/recovery.html", {
        "today": today,
        "as_of": as_of,
        "page": page,
        "claims": page.object_list,
        "cases": summary["cases"],
        "totals": {name: summary[name]
                   for name in ("claimed", "repaid", "reclassified", "outstanding")},
        "shares": summary["shares"],
    }, status=status)
