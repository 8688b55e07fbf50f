"""The staff pages of inspections: the inspector's worklist, recording an inspection (usable on
a phone), the inspection page with its actions, and the penalty decision letter.

Sites are in views_sites.py, plans, the risk-based selection and the registries in
views_plans.py, the public art. 80-1 list in views_public.py.

Pages read through labor.inspections.selectors and write through labor.inspections.services.
Opening the pages needs inspections.work_inspection or inspections.approve_penalty (or the
unit's line, or seeing every case); acting needs work_inspection, approving a fine
approve_penalty (a POST without it is a 403; the page shows no such form). A service's
ValidationError comes back as the form's field messages with a 400, a stale ``version`` as a
409; nothing is written in either case.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.downloads import CONTENT_TYPES, document_response
from labor.core.formatting import roc_date, twd_units
from labor.core.forms_base import apply_errors
from labor.core.permissions import (
    VIEW_ALL_CASES,
    can_view_case,
    forbidden,
    unit_lines,
    workspace_view,
)
from labor.core.views import EVENT_ACTIONS, display_name, not_found
from labor.inspections import forms as inspection_forms
from labor.inspections import rules, selectors, services
from labor.inspections.models import (
    LINE,
    Article,
    Inspection,
    Kind,
    Penalty,
    Status,
)

WORK = "inspections.work_inspection"
APPROVE = "inspections.approve_penalty"
RECENT = 10
STATUS_LABELS = dict(Status.choices)
# Offered as the inspector types the article breached (any text is accepted).
ARTICLE_SUGGESTIONS = (
    "勞動基準法第22條第2項", "勞動基準法第23條", "勞動基準法第24條", "勞動基準法第30條第1項",
    "勞動基準法第30條第5項", "勞動基準法第32條第2項", "勞動基準法第36條", "勞動基準法第38條",
    "勞動基準法第39條", "勞動基準法第70條", "職業安全衛生法第6條第1項",
    "職業安全衛生法第6條第2項", "營造安全衛生設施標準第19條", "職業安全衛生設施規則第29條之6",
)


# --- who may do what ------------------------------------------------------------------------


def can_work(user) -> bool:
    return user.has_perm(WORK)


def can_approve(user) -> bool:
    return user.has_perm(APPROVE)


def may_view(user) -> bool:
    """The inspection pages are for the inspection line's staff: either permission, the
    unit's line, or seeing every case."""
    return (user.is_superuser or can_work(user) or can_approve(user)
            or user.has_perm(VIEW_ALL_CASES) or LINE in unit_lines(user))


def refuse_view(request):
    return forbidden(request, _("勞動檢查頁面需要「可辦理勞動檢查」或「可核定罰鍰」權限。"))


def refuse_work(request):
    return forbidden(request, _("辦理勞動檢查需要「可辦理勞動檢查」權限；本頁僅供檢視。"))


def inspection_view(view):
    """Workspace staff (login, else 403), then the inspection line's (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_view(request.user):
            return refuse_view(request)
        return view(request, *args, **kwargs)

    return workspace_view(wrapped)


def subject_of(inspection: Inspection):
    """The establishment inspected (a site's contractor for a site)."""
    return inspection.establishment or (inspection.site.contractor if inspection.site else None)


# --- the worklist ---------------------------------------------------------------------------


@require_GET
@inspection_view
def home(request):
    user = request.user
    today = timezone.localdate()
    everyone = request.GET.get("scope") == "all"
    mine = (Inspection.objects.filter(inspector=user)
            .select_related("case", "establishment", "site__contractor")
            .order_by("-inspected_on", "-pk")[:RECENT])
    notices = selectors.open_notices(today, inspector=None if everyone else user)
    overdue_sites = selectors.sites_overdue(today)
    awaiting = list(selectors.penalties_awaiting_approval()) if can_approve(user) else []
    return render(request, "inspections/home.html", {
        "today": today,
        "everyone": everyone,
        "mine": mine,
        "due_notices": [n for n in notices if n.state != "overdue"],
        "reinspections_due": [n for n in notices if n.state == "overdue"],
        "due_soon_days": selectors.NOTICE_DUE_SOON_DAYS,
        "awaiting": awaiting,
        "overdue_sites": overdue_sites[:RECENT],
        "overdue_sites_more": max(len(overdue_sites) - RECENT, 0),
        "can_work": can_work(user),
        "can_approve": can_approve(user),
    })


# --- recording an inspection ----------------------------------------------------------------

_RECORD_ALIASES = {"establishment": "ubn", "inspector": None}


@require_http_methods(["GET", "POST"])
@inspection_view
def new(request):
    if not can_work(request.user):
        return forbidden(request, _("登錄檢查需要「可辦理勞動檢查」權限。"))
    if request.method == "GET":
        # Links from a site, a project or an establishment fill in what they know.
        initial = {key: request.GET[key] for key in ("ubn", "site", "project", "kind")
                   if request.GET.get(key)}
        return _new_page(request, inspection_forms.InspectionForm(initial=initial))
    form = inspection_forms.InspectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_record(
                kind=data["kind"], inspector=request.user, inspected_on=data["inspected_on"],
                establishment=data["ubn"], site=data["site"], project=data["project"],
                actor=request.user, domain=data["domain"],
                guidance_provider=data["guidance_provider"], method=data["method"],
                confined_space=data["confined_space"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, aliases=_RECORD_ALIASES)
        else:
            messages.success(request, _("已登錄檢查，案號 %(number)s。") % {
                "number": inspection.case.number})
            return redirect("inspections:detail", number=inspection.case.number)
    return _new_page(request, form, status=400)


def _new_page(request, form, status=200):
    return render(request, "inspections/new.html", {"form": form, "has_errors": status >= 400},
                  status=status)


# --- the inspection page --------------------------------------------------------------------

EVENT_LABELS = {
    **EVENT_ACTIONS,
    "record": gettext_lazy("登錄檢查"),
    "add_finding": gettext_lazy("新增違規事項"),
    "improvement_notice": gettext_lazy("限期改善"),
    "re_inspection_opened": gettext_lazy("開立複查"),
    "rate_finding": gettext_lazy("複查評定"),
    "propose_penalty": gettext_lazy("擬處罰鍰"),
    "approve_penalty": gettext_lazy("核定罰鍰"),
    "penalty_paid": gettext_lazy("罰鍰繳納"),
    "insurance_referral": gettext_lazy("移送勞保局"),
}


def _on(value) -> str:
    try:
        return roc_date(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value or "")


def _event_detail(event) -> str:
    new = event.new_values or {}
    action = event.action
    if action == "record" and new.get("kind") in Kind.values:
        return f"{Kind(new['kind']).label} {_on(new.get('inspected_on'))}"
    if action == "add_finding":
        return new.get("article", "")
    if action == "improvement_notice":
        return _("改善期限 %(on)s") % {"on": _on(new.get("due_on"))}
    if action == "re_inspection_opened":
        return _("帶入 %(n)s 項違規事項") % {"n": new.get("carried", 0)}
    if action == "rate_finding":
        return _("已改善") if new.get("resolved_on") else _("未改善")
    if action == "propose_penalty":
        article = new.get("article")
        label = Article(article).label if article in Article.values else article
        return f"{label} {twd_units(new.get('amount'))}"
    if action == "approve_penalty":
        return _("處分日期 %(on)s") % {"on": _on(new.get("decided_on"))}
    if action == "penalty_paid":
        return _("繳納日期 %(on)s") % {"on": _on(new.get("paid_on"))}
    if action == "insurance_referral":
        return _("未投保 %(n)s 人") % {"n": new.get("workers", "")}
    return event.note


def find_inspection(request, number: str):
    """(inspection, None) or (None, an error response: 404 unknown, 403 not allowed)."""
    inspection = (Inspection.objects
                  .select_related("case", "establishment__district", "establishment__industry",
                                  "site__contractor", "site__district", "project", "parent__case",
                                  "inspector", "confined_space__establishment")
                  .filter(case__number=number.upper(), case__line=LINE).first())
    if inspection is None:
        return None, not_found(request, _("查無檢查案號 %(number)s。") % {"number": number})
    if not (may_view(request.user) or can_view_case(request.user, inspection.case)):
        return None, refuse_view(request)
    return inspection, None


# action -> (form class, permission, anchor)
ACTIONS = {
    "finding": (inspection_forms.FindingForm, WORK, "findings"),
    "notice": (inspection_forms.NoticeForm, WORK, "notices"),
    "reinspect": (inspection_forms.ReinspectForm, WORK, "notices"),
    "rate": (inspection_forms.RateForm, WORK, "findings"),
    "referral": (inspection_forms.ReferralForm, WORK, "referrals"),
    "propose": (inspection_forms.PenaltyForm, WORK, "penalties"),
    "approve": (inspection_forms.ApproveForm, APPROVE, "penalties"),
    "paid": (inspection_forms.PaidForm, WORK, "penalties"),
}
# Forms of one row each (the bound one goes back to its row).
ROW_FIELD = {"rate": "finding", "approve": "penalty", "paid": "penalty"}


def _make_form(action, inspection, data=None, *, row=None, repeat_count=0):
    form_class = ACTIONS[action][0]
    kwargs = {"inspection": inspection, "prefix": action}
    if action == "propose":
        kwargs["repeat_count"] = repeat_count
    if row is not None:
        kwargs["initial"] = {ROW_FIELD[action]: row.pk}
        kwargs["auto_id"] = f"id_{action}-{row.pk}-%s"
    return form_class(data, **kwargs)


def band_rows(inspection) -> list[dict]:
    """The fine bands of the articles of the inspection's domain in force on its date."""
    rows = []
    for article in inspection_forms.DOMAIN_ARTICLES.get(inspection.domain, []):
        band, share = services.fine_band_on(article, inspection.inspected_on)
        raisable = article in rules.RAISABLE_ARTICLES
        rows.append({
            "article": article, "label": Article(article).label,
            "minimum": band.minimum, "maximum": band.maximum,
            "cap": int(band.maximum * (1 + share)) if raisable else None,
        })
    return rows


def _factor_rows(penalty) -> list[tuple[str, str]]:
    factors = penalty.factors or {}
    good_faith = factors.get("good_faith")
    return [
        (_("違規情節"), factors.get("severity") or "—"),
        (_("違反人數"), str(factors.get("workers_affected", "—"))),
        (_("過往違規次數"), str(factors.get("repeat_count", "—"))),
        (_("善意配合改善"), _("是") if good_faith is True else _("否") if good_faith is False
         else _("未審酌")),
    ]


def _supervision_link(inspection) -> str:
    """The notification a supervision inspection followed, when there is one and its page."""
    visit = getattr(inspection, "supervision_visit", None)
    notification_id = getattr(visit, "notification_id", None) if visit else None
    if not notification_id:
        return ""
    try:
        return reverse("notifications:detail", args=[notification_id])
    except NoReverseMatch:
        return ""


def _detail_page(request, inspection, *, bound=None, status=200):
    """The inspection page; ``bound`` is (action, form) of an action that failed."""
    user = request.user
    today = timezone.localdate()
    case = inspection.case
    working, approving = can_work(user), can_approve(user)
    subject = subject_of(inspection)
    findings = list(inspection.findings.select_related("carried_from").order_by("id"))
    open_findings = [f for f in findings if f.resolved_on is None]
    notices = list(inspection.improvement_notices.order_by("due_on", "id"))
    re_inspections = list(inspection.re_inspections.select_related("case")
                          .order_by("inspected_on", "pk"))
    penalties = list(inspection.penalties.select_related("proposed_by", "approved_by")
                     .order_by("id"))
    referrals = list(inspection.insurance_referrals.order_by("referred_on", "id"))
    failed_action, failed_form = bound or ("", None)

    def row_form(action, row):
        if failed_action == action and \
                str(failed_form.data.get(f"{action}-{ROW_FIELD[action]}")) == str(row.pk):
            return failed_form
        return _make_form(action, inspection, row=row)

    carried = inspection.kind == Kind.RE_INSPECTION
    for finding in findings:
        finding.rate_form = (row_form("rate", finding)
                             if working and carried and finding.carried_from_id else None)
    for penalty in penalties:
        penalty.factor_rows = _factor_rows(penalty)
        penalty.basis = rules.FINE_BASIS.get(penalty.article, penalty.article)
        penalty.approve_form = (row_form("approve", penalty)
                                if approving and penalty.status == Penalty.Status.PROPOSED
                                else None)
        penalty.mine = penalty.proposed_by_id == user.pk
        penalty.paid_form = (row_form("paid", penalty)
                             if (working or approving) and penalty.status == Penalty.Status.APPROVED
                             else None)
        penalty.has_letter = penalty.status in (Penalty.Status.APPROVED, Penalty.Status.PAID)
    repeat_count = selectors.approved_penalty_count(subject, exclude_inspection=inspection)
    actions = {}
    if working:
        actions["finding"] = _make_form("finding", inspection)
        if open_findings:
            actions["notice"] = _make_form("notice", inspection)
            if not re_inspections:
                actions["reinspect"] = _make_form("reinspect", inspection)
        actions["referral"] = _make_form("referral", inspection)
        if inspection.kind != Kind.GUIDANCE:
            actions["propose"] = _make_form("propose", inspection, repeat_count=repeat_count)
    if failed_action and failed_action not in ROW_FIELD:
        actions[failed_action] = failed_form
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.action_label = EVENT_LABELS.get(event.action, event.action)
        event.detail = _event_detail(event)
        event.from_label = STATUS_LABELS.get(event.from_status, event.from_status)
        event.to_label = STATUS_LABELS.get(event.to_status, event.to_status)
    return render(request, "inspections/detail.html", {
        "inspection": inspection,
        "case": case,
        "subject": subject,
        "site": inspection.site,
        "findings": findings,
        "open_count": len(open_findings),
        "notices": notices,
        "re_inspections": re_inspections,
        "referrals": referrals,
        "penalties": penalties,
        "bands": band_rows(inspection),
        "repeat_count": repeat_count,
        "actions": actions,
        "failed_action": failed_action,
        "events": events,
        "can_work": working,
        "can_approve": approving,
        "read_only": not (working or approving),
        "inspector_name": display_name(inspection.inspector),
        "supervision_url": _supervision_link(inspection),
        "article_suggestions": ARTICLE_SUGGESTIONS,
        "today": today,
    }, status=status)


@require_GET
@inspection_view
def detail(request, number: str):
    inspection, refusal = find_inspection(request, number)
    if refusal:
        return refusal
    return _detail_page(request, inspection)


@require_POST
@workspace_view
def action(request, number: str, action: str):
    if action not in ACTIONS:
        raise Http404
    inspection, refusal = find_inspection(request, number)
    if refusal:
        return refusal
    perm = ACTIONS[action][1]
    if action == "paid" and can_approve(request.user):
        perm = APPROVE
    if not request.user.has_perm(perm):
        if perm == APPROVE:
            return forbidden(request, _("核定罰鍰需要「可核定罰鍰」權限。"))
        return refuse_work(request)
    form = _make_form(action, inspection, request.POST)
    if not form.is_valid():
        return _detail_page(request, inspection, bound=(action, form), status=400)
    try:
        outcome = _perform(action, inspection, form, request.user)
    except services.StaleEdit as exc:
        form.add_error(None, ValidationError(exc.messages))
        return _detail_page(request, _reload(inspection), bound=(action, form), status=409)
    except ValidationError as exc:
        apply_errors(form, exc, aliases=_ALIASES.get(action))
        return _detail_page(request, _reload(inspection), bound=(action, form), status=400)
    message, target = outcome
    messages.success(request, message)
    if target is not None:
        return redirect("inspections:detail", number=target.case.number)
    return redirect(reverse("inspections:detail", args=[inspection.case.number])
                    + f"#{ACTIONS[action][2]}")


def _reload(inspection):
    return (Inspection.objects.select_related(
        "case", "establishment", "site__contractor", "project", "parent__case", "inspector")
        .get(pk=inspection.pk))


# Service error keys -> the form field they belong beside (None: top of the form).
_ALIASES = {
    "propose": {"factors": None},
    "approve": {"approved_by": None, "status": None},
    "paid": {"status": None},
    "rate": {"finding": None},
    "reinspect": {"inspector": None},
}


def _perform(action, inspection, form, actor):
    """Call the service for ``action``: (success message, inspection to go to or None)."""
    data = form.cleaned_data
    if action == "finding":
        services.finding_add(inspection=inspection, article=data["article"],
                             description=data["description"], actor=actor,
                             version=data["version"])
        return _("已新增違規事項。"), None
    if action == "notice":
        services.improvement_notice_issue(inspection=inspection, due_on=data["due_on"],
                                          actor=actor, version=data["version"])
        return _("已開立限期改善，期限 %(on)s。") % {"on": roc_date(data["due_on"])}, None
    if action == "reinspect":
        child = services.re_inspection_open(parent=inspection, inspector=actor,
                                            inspected_on=data["inspected_on"], actor=actor)
        return _("已開立複查 %(number)s，請逐項評定帶入之違規事項。") % {
            "number": child.case.number}, child
    if action == "rate":
        services.finding_rate(finding=data["finding"], resolved=data["resolved"], actor=actor,
                              version=data["version"])
        return _("已評定。"), None
    if action == "referral":
        services.insurance_referral_record(inspection=inspection,
                                           uninsured_workers=data["uninsured_workers"],
                                           referred_on=data["referred_on"], actor=actor)
        return _("已登錄移送勞工保險局。"), None
    if action == "propose":
        services.penalty_propose(inspection=inspection, article=data["article"],
                                 amount=data["amount"], factors=form.factors(), actor=actor,
                                 version=data["version"], breached=data["breached"])
        return _("已擬處罰鍰，待主管核定。"), None
    if action == "approve":
        penalty = services.penalty_approve(penalty=data["penalty"], actor=actor,
                                           decided_on=data["decided_on"])
        return _("已核定罰鍰，處分日期 %(on)s，並列入違法事業單位公布名單。") % {
            "on": roc_date(penalty.decided_on)}, None
    if action == "paid":
        services.penalty_mark_paid(penalty=data["penalty"], paid_on=data["paid_on"],
                                   actor=actor)
        return _("已登錄繳納。"), None
    raise Http404  # pragma: no cover - ACTIONS is checked first


# --- the penalty decision letter ------------------------------------------------------------

@require_GET
@inspection_view
def penalty_letter(request, number: str, penalty_id: int, ext: str):
    """裁處書 of an approved (or paid) fine; a proposed one has no letter yet (404)."""
    from labor.inspections import documents

    if ext not in CONTENT_TYPES:
        raise Http404
    inspection, refusal = find_inspection(request, number)
    if refusal:
        return refusal
    penalty = inspection.penalties.filter(pk=penalty_id).first()
    if penalty is None:
        return not_found(request, _("查無此罰鍰。"))
    if penalty.status not in (Penalty.Status.APPROVED, Penalty.Status.PAID):
        return not_found(request, _("罰鍰尚未核定，尚無裁處書。"))
    return document_response(request, documents.penalty_letter(penalty), ext,
                             back=reverse("inspections:detail", args=[inspection.case.number]),
                             back_label=_("回檢查案件頁"))

