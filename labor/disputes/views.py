"""The staff workspace pages of labor disputes: the queue, the counter entry, the case page
with its actions and downloads, and the volunteer lawyer consultations.

Pages read through labor.disputes.selectors and write through labor.disputes.services. Who may
see a case is labor.core.permissions.visible_cases; acting needs disputes.work_dispute and
assigning a mediator disputes.assign_mediator (a POST without them is a 403; the pages show
no action forms). A service's ValidationError comes back as the form's field messages with a
400, a stale ``version`` as a 409; nothing is written in either case.
"""

import datetime as dt
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
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
    can_view_case,
    can_view_person_full,
    forbidden,
    unit_lines,
    workspace_view,
)
from labor.core.services import person_access_log
from labor.core.views import EVENT_ACTIONS, display_name, not_found
from labor.disputes import forms as dispute_forms
from labor.disputes import rules, selectors, services
from labor.disputes.models import (
    LINE_COORDINATION,
    LINE_MEDIATION,
    Dispute,
    DisputeParty,
    ItemKind,
    LawyerConsultation,
    LawyerSlot,
    Mediator,
    MediatorAssignment,
    MediatorConflict,
    Meeting,
    Outcome,
    Route,
    Side,
    Status,
)

WORK = "disputes.work_dispute"
ASSIGN = "disputes.assign_mediator"
DISPUTE_LINES = (LINE_MEDIATION, LINE_COORDINATION)
PAGE_SIZE = 25
# Mediator candidates shown before "other candidates" (folded).
CANDIDATES_SHOWN = 5

STATUS_LABELS = dict(Status.choices)

DUE_LABELS = {
    rules.DUE_MEDIATOR_DESIGNATION: gettext_lazy("指派調解人"),
    rules.DUE_MEDIATION_START: gettext_lazy("開始調解"),
    rules.DUE_PROPOSAL: gettext_lazy("提出調解方案"),
    rules.DUE_COMMITTEE_MEMBER_NAMING: gettext_lazy("選定調解委員"),
    rules.DUE_COMMITTEE_CONVENE: gettext_lazy("召開調解委員會"),
    rules.DUE_COMMITTEE_INVESTIGATION: gettext_lazy("委員調查報告"),
    rules.DUE_COMMITTEE_MEETING: gettext_lazy("調解委員會會議"),
}

# Labels of the case events (the kernel's own from labor.core.views.EVENT_ACTIONS, then the
# actions labor.disputes.services writes); an unknown action shows its code.
EVENT_LABELS = {
    **EVENT_ACTIONS,
    "open": gettext_lazy("收件開案"),
    "due_date_met": gettext_lazy("期限完成"),
    "dispute_submit": gettext_lazy("登錄申請內容"),
    "mediator_assign": gettext_lazy("指派調解人"),
    "mediator_object": gettext_lazy("當事人聲請調解人迴避"),
    "meeting_schedule": gettext_lazy("排定會議"),
    "meeting_reschedule": gettext_lazy("會議改期"),
    "meeting_hold": gettext_lazy("會議召開"),
    "outcome_record": gettext_lazy("登錄處理結果"),
}


# --- helpers ------------------------------------------------------------------------------


def _can_work(user) -> bool:
    return user.has_perm(WORK)


def _can_assign(user) -> bool:
    return user.has_perm(ASSIGN)


def _works_disputes(user) -> bool:
    """Staff of the disputes lines: the lawyer consultations page is theirs."""
    return (
        user.is_superuser or _can_work(user) or _can_assign(user)
        or any(line in DISPUTE_LINES for line in unit_lines(user))
    )


def due_state(due, today: dt.date, soon: dt.date) -> str:
    """met, overdue, due_soon (within two working days: selectors.due_soon_limit) or ok."""
    if due.met_on:
        return "met"
    if due.due_on < today:
        return "overdue"
    if due.due_on <= soon:
        return "due_soon"
    return "ok"


def _mark_due(due_dates, today):
    soon = selectors.due_soon_limit(today)
    for due in due_dates:
        due.state = due_state(due, today, soon)
        due.label = DUE_LABELS.get(due.kind, due.kind)
    return due_dates


def _status_label(code: str) -> str:
    return STATUS_LABELS.get(code, code)


def _find(request, number: str):
    """(dispute, None) or (None, an error response: 404 unknown, 403 outside one's scope)."""
    dispute = (
        Dispute.objects.select_related("case", "case__unit", "case__assigned_officer",
                                       "portal_user")
        .filter(case__number=number.upper(), case__line__in=DISPUTE_LINES)
        .first()
    )
    if dispute is None:
        return None, not_found(request, _("查無勞資爭議案號 %(number)s。") % {"number": number})
    if not can_view_case(request.user, dispute.case):
        return None, forbidden(request, _("此案件不在您可檢視的業務範圍內。"))
    return dispute, None


def _when(value: str) -> str:
    """An ISO datetime of an event's values as people read it (ROC date, Taipei time)."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{roc_date(moment)} {timezone.localtime(moment):%H:%M}"


def _on(value: str) -> str:
    try:
        return roc_date(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def _event_detail(event) -> str:
    """What an event did, in words, from the values the service recorded."""
    new, old = event.new_values or {}, event.old_values or {}
    action = event.action
    due_kind = DUE_LABELS.get(new.get("kind"), new.get("kind"))
    if action == "due_date":
        return _("%(kind)s期限：%(on)s") % {"kind": due_kind, "on": _on(new.get("due_on"))}
    if action == "due_date_met":
        return _("%(kind)s，於 %(on)s 完成") % {"kind": due_kind, "on": _on(new.get("met_on"))}
    if action == "mediator_assign":
        return new.get("name", "")
    if action == "mediator_object":
        return "：".join(part for part in (old.get("name", ""), event.note) if part)
    if action == "meeting_schedule":
        return f"{_when(new.get('starts_at'))} {new.get('room', '')}".strip()
    if action == "meeting_reschedule":
        return _("%(old)s 改為 %(new)s") % {"old": _when(old.get("starts_at")),
                                          "new": _when(new.get("starts_at"))}
    if action == "outcome_record" and new.get("outcome") in Outcome.values:
        detail = str(Outcome(new["outcome"]).label)
        if new.get("settled_amount") is not None:
            detail += f" {twd_units(new['settled_amount'])}"
        return detail
    if action == "attachment_add":
        return new.get("name", "")
    if action == "open":
        channel = new.get("channel")
        return str(Channel(channel).label) if channel in Channel.values else ""
    return event.note


# --- queue --------------------------------------------------------------------------------

URGENCY_STATE = {selectors.OVERDUE: "overdue", selectors.DUE_SOON: "due_soon",
                 selectors.LATER: "ok"}


@require_GET
@workspace_view
def queue(request):
    user = request.user
    today = timezone.localdate()
    filters = dispute_forms.QueueFilterForm(request.GET or None)
    values = filters.values()
    rows = selectors.queue(user, today=today, kind=values["kind"] or None)
    if values["status"]:
        rows = rows.filter(case__status=values["status"])
    if values["mine"]:
        mediating = MediatorAssignment.objects.filter(mediator__user=user, ended_at__isnull=True)
        rows = rows.filter(Q(case__assigned_officer=user)
                           | Q(pk__in=mediating.values("dispute_id")))
    active = MediatorAssignment.objects.filter(ended_at__isnull=True).select_related("mediator")
    rows = rows.prefetch_related(
        Prefetch("parties",
                 queryset=DisputeParty.objects.select_related("person", "establishment")),
        Prefetch("assignments", queryset=active, to_attr="active_assignments"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.status_label = _status_label(row.case.status)
        row.next_due = None
        if row.next_due_on is not None:
            row.next_due = SimpleNamespace(
                due_on=row.next_due_on, state=URGENCY_STATE.get(row.urgency, "ok"),
                label=DUE_LABELS.get(row.next_due_kind, row.next_due_kind))
        parties = list(row.parties.all())
        applicants = [p for p in parties if p.side == Side.APPLICANT]
        # A group dispute may join dozens of workers: the first two, then a count.
        row.applicants_shown, row.applicants_more = applicants[:2], max(len(applicants) - 2, 0)
        row.respondents = [p for p in parties if p.side == Side.RESPONDENT]
        row.mediators = [a.mediator for a in row.active_assignments]
    return render(request, "disputes/queue.html", {
        "page": page,
        "filters": filters,
        "today": today,
        "can_work": _can_work(user),
        "due_soon_days": selectors.DUE_SOON_WORKING_DAYS,
    })


# --- counter entry ------------------------------------------------------------------------


def _entry_forms(data=None, files=None):
    return (
        dispute_forms.DisputeEntryForm(data, files),
        dispute_forms.ApplicantFormSet(data, prefix="applicants"),
        dispute_forms.RespondentFormSet(data, prefix="respondents"),
        dispute_forms.ItemFormSet(data, prefix="items"),
    )


# The party and item lists the service takes, by the key its errors use.
_FORMSET_KEYS = ("applicants", "respondents", "items")
# A service's field name -> the entry form's.
_ENTRY_ALIASES = {"received_at": "received_on", "district_code": "district"}


@require_http_methods(["GET", "POST"])
@workspace_view
def counter_entry(request):
    if not _can_work(request.user):
        return forbidden(request, _("登錄勞資爭議申請需要「可辦理勞資爭議案件」權限。"))
    if request.method == "GET":
        form, applicants, respondents, items = _entry_forms()
        return _entry_page(request, form, applicants, respondents, items)
    form, applicants, respondents, items = _entry_forms(request.POST, request.FILES)
    valid = [f.is_valid() for f in (form, applicants, respondents, items)]
    if all(valid):
        data = form.cleaned_data
        try:
            dispute = services.dispute_submit(
                channel=data["channel"],
                kind=data["kind"],
                applicant_kind=data["applicant_kind"],
                applicants=[f.party_input() for f in applicants.filled()],
                respondents=[f.party_input() for f in respondents.filled()],
                items=[f.item_input() for f in items.filled()],
                statement=data["statement"],
                employment_start=data["employment_start"],
                monthly_wage=data["monthly_wage"],
                job_title=data["job_title"],
                interpreter_language=data["interpreter_language"],
                route=data["route"],
                committee_size=data["committee_size"],
                attachments=data["attachments"],
                actor=request.user,
                submission_key=data["submission_key"],
                received_at=form.received_at(),
            )
        except ValidationError as exc:
            _entry_errors(exc, form, applicants, respondents, items)
        else:
            messages.success(request, _("已收件，案號 %(number)s。") % {
                "number": dispute.case.number})
            return redirect("disputes:case", number=dispute.case.number)
    return _entry_page(request, form, applicants, respondents, items, status=400)


def _entry_errors(exc, form, *formsets):
    """A service error on the entry page. The service keys the fields of the i-th party or
    item it was given ``applicants-<i>-<field>`` (i counts the filled rows only, so it is
    mapped back to the row on the page); a key naming a whole list goes above that list;
    other keys go beside the main form's field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, ValidationError(exc.messages))
        return
    by_key = dict(zip(_FORMSET_KEYS, formsets, strict=True))
    for key, errors in exc.error_dict.items():
        head, _sep, rest = key.partition("-")
        formset = by_key.get(head)
        if formset is None:
            apply_errors(form, ValidationError({key: errors}),
                                       aliases=_ENTRY_ALIASES)
            continue
        index, _sep, field = rest.partition("-")
        rows = formset.filled()
        if index.isdigit() and int(index) < len(rows):
            row = rows[int(index)]
            field = _ENTRY_ALIASES.get(field, field)
            row.add_error(field if field in row.fields else None, ValidationError(errors))
        else:
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), *ValidationError(errors).messages],
                error_class="nonform", renderer=formset.renderer,
            )


def _entry_page(request, form, applicants, respondents, items, status=200):
    return render(request, "disputes/entry.html", {
        "form": form,
        "applicants": applicants,
        "respondents": respondents,
        "items": items,
        "has_errors": status >= 400,
    }, status=status)


# --- case page ----------------------------------------------------------------------------

ACTIONS = {
    # action -> (form class, rules action, permission)
    "assign": (dispute_forms.MediatorAssignForm, "assign", ASSIGN),
    "object": (dispute_forms.MediatorObjectForm, "object", WORK),
    "schedule": (dispute_forms.MeetingScheduleForm, "schedule", WORK),
    "reschedule": (dispute_forms.MeetingRescheduleForm, "reschedule", WORK),
    "hold": (dispute_forms.MeetingHoldForm, "hold", WORK),
    "outcome": (dispute_forms.OutcomeForm, "record_outcome", WORK),
    "withdraw": (dispute_forms.WithdrawForm, "withdraw", WORK),
}


def _make_form(action, dispute, parties, data=None):
    form_class = ACTIONS[action][0]
    kwargs = {"dispute": dispute, "prefix": action}
    if action == "hold":
        kwargs["parties"] = parties
    return form_class(data, **kwargs)


def _available(action, dispute, meetings) -> bool:
    """Whether the case's status (rules.TRANSITIONS) and its meetings allow ``action``."""
    active = sum(1 for a in dispute.assignment_list if a.ended_at is None)
    if (action == "assign" and dispute.route == Route.COMMITTEE
            and dispute.case.status == Status.ASSIGNED):
        # A committee is named member by member ("add_member") until it is complete.
        return active < (dispute.committee_size or 0)
    if (dispute.case.status, ACTIONS[action][1]) not in rules.TRANSITIONS:
        return False
    scheduled = any(m.status == Meeting.Status.SCHEDULED for m in meetings)
    if action in ("reschedule", "hold"):
        return scheduled
    if action == "object":
        return active > 0
    if action == "schedule":
        # One scheduled meeting at a time: move it (reschedule) rather than add another.
        return not scheduled
    return True


def _mediator_choices(dispute, parties):
    """(candidates, excluded): the service's candidates, the first one proposed; every other
    active mediator with the reasons the service leaves them out."""
    candidates = list(services.mediator_candidates(dispute=dispute))
    person_ids = {p.person_id for p in parties if p.person_id}
    establishment_ids = {p.establishment_id for p in parties if p.establishment_id}
    conflicts = (
        MediatorConflict.objects.filter(
            Q(person_id__in=person_ids) | Q(establishment_id__in=establishment_ids)
        ).select_related("person", "establishment")
    )
    reasons: dict[int, list[str]] = {}
    for conflict in conflicts:
        party = conflict.person or conflict.establishment
        reasons.setdefault(conflict.mediator_id, []).append(
            _("與當事人「%(party)s」有利益衝突：%(reason)s") % {
                "party": party.name, "reason": conflict.reason})
    for assignment in dispute.assignment_list:
        if assignment.end_reason == MediatorAssignment.EndReason.OBJECTION:
            reasons.setdefault(assignment.mediator_id, []).append(
                _("當事人曾於本案聲請迴避"))
        elif assignment.ended_at is None:
            reasons.setdefault(assignment.mediator_id, []).append(_("目前已指派於本案"))
    item_kinds = {item.kind for item in dispute.item_list}
    for index, mediator in enumerate(candidates):
        mediator.proposed = index == 0
        mediator.at_limit = mediator.workload >= mediator.max_open_cases
        mediator.matches = [ItemKind(k).label for k in mediator.expertise or []
                            if k in item_kinds and k in ItemKind.values]
    excluded = list(
        Mediator.objects.filter(active=True).exclude(pk__in=[m.pk for m in candidates])
    )
    for mediator in excluded:
        mediator.reasons = reasons.get(mediator.pk) or [_("未列為候選人")]
    return candidates, excluded


def _case_page(request, dispute, *, bound=None, status=200):
    """The case page; ``bound`` is (action, form) of an action that failed."""
    user = request.user
    case = dispute.case
    today = timezone.localdate()
    parties = list(dispute.parties.select_related("person", "establishment"))
    full_ids = can_view_person_full(user)
    if full_ids:
        for party in parties:
            if party.person_id:
                person_access_log(
                    person=party.person, user=user, ip_address=client_ip(request),
                    purpose=_("勞資爭議案件頁 %(number)s") % {"number": case.number},
                )
    applicants = [p for p in parties if p.side == Side.APPLICANT]
    respondents = [p for p in parties if p.side == Side.RESPONDENT]
    dispute.item_list = list(dispute.items.order_by("pk"))
    dispute.assignment_list = list(
        dispute.assignments.select_related("mediator", "assigned_by").order_by("assigned_at")
    )
    meetings = list(dispute.meetings.prefetch_related("attendance").order_by("starts_at", "pk"))
    names = {p.pk: p for p in parties}
    for meeting in meetings:
        meeting.attendance_rows = [
            (names.get(a.party_id), a.attended, a.represented_by) for a in meeting.attendance.all()
        ]
        meeting.can_notify = meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.HELD)
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.action_label = EVENT_LABELS.get(event.action, event.action)
        event.detail = _event_detail(event)
        event.from_label = _status_label(event.from_status) if event.from_status else ""
        event.to_label = _status_label(event.to_status) if event.to_status else ""
    can_work, can_assign = _can_work(user), _can_assign(user)
    allowed = {WORK: can_work, ASSIGN: can_assign}
    actions = {}
    for action, (_form, _rule, perm) in ACTIONS.items():
        if allowed[perm] and _available(action, dispute, meetings):
            actions[action] = _make_form(action, dispute, parties)
    if bound is not None:
        actions[bound[0]] = bound[1]
    candidates = excluded = ()
    if "assign" in actions:
        candidates, excluded = _mediator_choices(dispute, parties)
    selected = str(actions["assign"]["mediator"].value()) if "assign" in actions else ""
    items_total = sum(item.amount_claimed or 0 for item in dispute.item_list)
    has_held = any(m.status == Meeting.Status.HELD for m in meetings)
    context = {
        "dispute": dispute,
        "case": case,
        "status_label": _status_label(case.status),
        "applicants": applicants,
        "respondents": respondents,
        "full_ids": full_ids,
        "items": dispute.item_list,
        "items_total": items_total,
        "attachments": case.attachments.order_by("uploaded_at", "pk"),
        "due_dates": _mark_due(list(case.due_dates.order_by("due_on", "pk")), today),
        "events": events,
        "meetings": meetings,
        "assignments": dispute.assignment_list,
        "active_mediators": [a.mediator for a in dispute.assignment_list if a.ended_at is None],
        "actions": actions,
        "failed_action": bound[0] if bound else "",
        # The best few first; the rest of the roster folded away (opened when one of them
        # was chosen and the form came back with an error).
        "candidates_top": candidates[:CANDIDATES_SHOWN],
        "candidates_more": candidates[CANDIDATES_SHOWN:],
        "more_selected": any(str(m.pk) == selected for m in candidates[CANDIDATES_SHOWN:]),
        "excluded": excluded,
        "can_work": can_work,
        "can_assign": can_assign,
        "read_only": not (can_work or can_assign),
        "show_record": bool(dispute.outcome) or has_held,
        "officer_name": display_name(case.assigned_officer) if case.assigned_officer else "",
        "today": today,
    }
    return render(request, "disputes/case.html", context, status=status)


@require_GET
@workspace_view
def case_page(request, number: str):
    dispute, refusal = _find(request, number)
    if refusal:
        return refusal
    return _case_page(request, dispute)


@require_POST
@workspace_view
def case_action(request, number: str, action: str):
    if action not in ACTIONS:
        raise Http404
    dispute, refusal = _find(request, number)
    if refusal:
        return refusal
    perm = ACTIONS[action][2]
    if not request.user.has_perm(perm):
        message = (_("指派調解人需要「可指派調解人」權限。") if perm == ASSIGN
                   else _("辦理勞資爭議案件需要「可辦理勞資爭議案件」權限；本頁僅供檢視。"))
        return forbidden(request, message)
    parties = list(dispute.parties.select_related("person", "establishment"))
    form = _make_form(action, dispute, parties, request.POST)
    if not form.is_valid():
        return _case_page(request, dispute, bound=(action, form), status=400)
    try:
        message = _perform(action, dispute, form, request.user)
    except services.StaleEdit as exc:
        form.add_error(None, ValidationError(exc.messages))
        return _case_page(request, _reload(dispute), bound=(action, form), status=409)
    except ValidationError as exc:
        apply_errors(form, exc, aliases=_ALIASES.get(action))
        return _case_page(request, _reload(dispute), bound=(action, form), status=400)
    messages.success(request, message)
    return redirect(reverse("disputes:case", args=[dispute.case.number]) + f"#{_ANCHORS[action]}")


def _reload(dispute):
    return Dispute.objects.select_related("case", "case__unit", "case__assigned_officer").get(
        pk=dispute.pk)


# Service error keys -> the form field they belong beside.
_ALIASES = {
    "schedule": {"starts_at": "date"},
    "reschedule": {"starts_at": "date"},
    "withdraw": {"outcome_on": "on"},
}
_ANCHORS = {
    "assign": "mediators", "object": "mediators", "schedule": "meetings",
    "reschedule": "meetings", "hold": "meetings", "outcome": "outcome", "withdraw": "outcome",
}


def _perform(action, dispute, form, actor) -> str:
    """Call the service for ``action``; returns the success message."""
    data = form.cleaned_data
    version = data["version"]
    if action == "assign":
        services.mediator_assign(dispute=dispute, mediator=data["mediator"], actor=actor,
                                 version=version, nominated_by=data["nominated_by"])
        return _("已指派調解人 %(name)s。") % {"name": data["mediator"].name}
    if action == "object":
        services.mediator_object(dispute=dispute, side=data["side"], reason=data["reason"],
                                 mediator=data.get("mediator"), actor=actor, version=version)
        return _("已登錄迴避聲請，請另行指派調解人。")
    if action == "schedule":
        services.meeting_schedule(dispute=dispute, starts_at=form.starts_at(), room=data["room"],
                                  actor=actor, version=version)
        return _("已排定會議。")
    if action == "reschedule":
        services.meeting_reschedule(meeting=data["meeting"], starts_at=form.starts_at(),
                                    room=data["room"] or None, actor=actor, version=version)
        return _("已改期。")
    if action == "hold":
        services.meeting_hold(meeting=data["meeting"], attendance=form.attendance(),
                              notes=data["notes"], actor=actor, version=version)
        return _("已登錄會議召開與出席情形。")
    if action == "outcome":
        services.outcome_record(dispute=dispute, outcome=data["outcome"],
                                outcome_on=data["outcome_on"],
                                settled_amount=data["settled_amount"], note=data["note"],
                                actor=actor, version=version)
        return _("已登錄處理結果，本案結案。")
    if action == "withdraw":
        services.withdraw(dispute=dispute, settled_between_parties=data["settled_between_parties"],
                          on=data["on"], actor=actor, version=version)
        return _("已登錄撤回，本案結案。")
    raise Http404  # pragma: no cover - ACTIONS is checked first


# --- downloads ----------------------------------------------------------------------------

@require_GET
@workspace_view
def meeting_notice(request, number: str, meeting_id: int, party_id: int, ext: str):
    """A meeting notice to one party: names and the service address, no ID numbers (the
    same particulars the case page shows to whoever may open the case)."""
    from labor.disputes import documents

    if ext not in CONTENT_TYPES:
        raise Http404
    dispute, refusal = _find(request, number)
    if refusal:
        return refusal
    meeting = dispute.meetings.filter(pk=meeting_id).first()
    party = dispute.parties.select_related("person", "establishment").filter(pk=party_id).first()
    if meeting is None or party is None:
        return not_found(request, _("查無此會議或當事人。"))
    return document_response(request, documents.meeting_notice(meeting, party), ext,
                             back=reverse("disputes:case", args=[number]))


@require_GET
@workspace_view
def mediation_record(request, number: str, ext: str):
    """The mediation record carries the parties' full ID numbers (for signing and for
    enforcement): it needs core.view_person_full, and each download is logged per person."""
    from labor.disputes import documents

    if ext not in CONTENT_TYPES:
        raise Http404
    dispute, refusal = _find(request, number)
    if refusal:
        return refusal
    if not can_view_person_full(request.user):
        return forbidden(request, _(
            "調解紀錄載有當事人完整證號，下載需要「可檢視個人完整資料（含證號）」權限。"))
    for party in dispute.parties.select_related("person").filter(person__isnull=False):
        person_access_log(
            person=party.person, user=request.user, ip_address=client_ip(request),
            purpose=_("調解紀錄下載 %(number)s") % {"number": dispute.case.number},
        )
    return document_response(request, documents.mediation_record(dispute), ext,
                             back=reverse("disputes:case", args=[number]))


# --- lawyer consultations -----------------------------------------------------------------

LAWYER_FORMS = {
    "slot": dispute_forms.LawyerSlotForm,
    "book": dispute_forms.LawyerBookingForm,
    "attendance": dispute_forms.LawyerAttendanceForm,
}


def _lawyers_page(request, *, bound=None, status=200):
    """The slots from a date on (30 days ago unless ``?since=`` says otherwise), each with its
    bookings; ``bound`` is (kind, form) of a submission that failed."""
    today = timezone.localdate()
    period = dispute_forms.LawyerPeriodForm(request.GET or None)
    since_on = period.since_or(today - dt.timedelta(days=30))
    since = dispute_forms.aware(since_on, dt.time())
    bookings = LawyerConsultation.objects.order_by("booked_at", "pk")
    slots = Paginator(
        LawyerSlot.objects.filter(starts_at__gte=since)
        .prefetch_related(Prefetch("bookings", queryset=bookings, to_attr="booking_list"))
        .order_by("starts_at", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    can_work = _can_work(request.user)
    kind, failed = bound or ("", None)
    for slot in slots.object_list:
        slot.booked = len(slot.booking_list)
        slot.full = slot.booked >= slot.capacity
        slot.started = slot.starts_at <= now
        slot.book_form = None
        if can_work and not slot.full and not slot.started:
            # One form per row: field names as the view reads them, ids unique on the page.
            slot.book_form = dispute_forms.LawyerBookingForm(
                initial={"slot": slot.pk}, auto_id=f"book-{slot.pk}-%s")
        if kind == "book" and failed.data.get("slot") == str(slot.pk):
            failed.auto_id = f"book-{slot.pk}-%s"
            slot.book_form = failed
        for booking in slot.booking_list:
            booking.attendance_form = None
            if can_work and slot.started:
                booking.attendance_form = dispute_forms.LawyerAttendanceForm(
                    initial={"consultation": booking.pk,
                             "attended": {True: "yes", False: "no"}.get(booking.attended)},
                    auto_id=f"attendance-{booking.pk}-%s")
            if kind == "attendance" and failed.data.get("consultation") == str(booking.pk):
                failed.auto_id = f"attendance-{booking.pk}-%s"
                booking.attendance_form = failed
    placed = kind == "slot" or any(
        slot.book_form is failed or any(b.attendance_form is failed for b in slot.booking_list)
        for slot in slots.object_list
    )
    slot_form = failed if kind == "slot" else dispute_forms.LawyerSlotForm(prefix="slot")
    return render(request, "disputes/lawyers.html", {
        "slots": slots,
        "period": period,
        "since": since_on,
        "slot_form": slot_form if can_work else None,
        "can_work": can_work,
        "failed": kind,
        # Errors of a row not on this page (or of a slot that does not exist) go on top.
        "unplaced_errors": [] if failed is None or placed else [
            message for errors in failed.errors.values() for message in errors],
    }, status=status)


@require_GET
@workspace_view
def lawyers(request):
    if not _works_disputes(request.user):
        return forbidden(request, _("義務律師諮詢由勞資爭議業務單位辦理；您沒有檢視此頁面的權限。"))
    return _lawyers_page(request)


@require_POST
@workspace_view
def lawyers_action(request, kind: str):
    if kind not in LAWYER_FORMS:
        raise Http404
    if not _can_work(request.user):
        return forbidden(request, _("辦理義務律師諮詢需要「可辦理勞資爭議案件」權限。"))
    form = LAWYER_FORMS[kind](request.POST, prefix="slot" if kind == "slot" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "slot":
                services.lawyer_slot_create(
                    starts_at=form.starts_at(), ends_at=form.ends_at(),
                    lawyer_name=data["lawyer_name"], location=data["location"],
                    capacity=data["capacity"], actor=request.user,
                )
                message = _("已新增諮詢場次。")
            elif kind == "book":
                services.lawyer_consultation_book(slot=data["slot"], name=data["name"],
                                                  phone=data["phone"], topic=data["topic"])
                message = _("已預約 %(name)s。") % {"name": data["name"]}
            else:
                services.lawyer_attendance_record(consultation=data["consultation"],
                                                  attended=data["attended"] == "yes")
                message = _("已登錄出席情形。")
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"starts_at": "date", "ends_at": "end"})
        else:
            messages.success(request, message)
            return redirect("disputes:lawyers")
    return _lawyers_page(request, bound=(kind, form), status=400)
