"""The labor-dispute API: list and read cases, and receive applications from integrations.

Who may call: an integration token or a staff session (labor.core.api_auth); the session only
reads. Reading needs ``disputes.work_dispute`` or ``core.view_case``; a caller sees the cases
its staff permissions show (labor.disputes.selectors.disputes_for_user), every case with
``core.view_case``, and the cases it submitted itself. Submitting needs
``disputes.work_dispute`` and goes through labor.disputes.services.dispute_submit.

Parties' personal IDs are masked everywhere (A12****789); contact details are not given out.
Bad input is a 422 with a zh-Hant message per field (labor/api.py); a case the caller may not
see is a 404, the same as one that does not exist.
"""

import datetime as dt
import re
from typing import Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Respond
from ninja.errors import AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from labor.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    ErrorOut,
    Ubn,
    ValidationErrorOut,
    paged,
    text_field,
)
from labor.core.api_auth import require_permission
from labor.core.formatting import TAIPEI, mask_id, received_between
from labor.core.models import CaseEvent, Channel, Person
from labor.core.permissions import VIEW_ALL_CASES
from labor.disputes import selectors, services
from labor.disputes.models import (
    ApplicantKind,
    Dispute,
    DisputeParty,
    ItemKind,
    Kind,
    MediatorAssignment,
    Meeting,
    Outcome,
    Route,
    Status,
)

WORK_DISPUTE = "disputes.work_dispute"
# The service's event for a received application: an integration sees what it submitted.
SUBMIT_ACTION = "dispute_submit"
IDEMPOTENCY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:\-]{1,40}")
_CASE_NUMBER = re.compile(r"[0-9A-Za-z\-]{1,32}")
# Any control character but tab and line breaks (PostgreSQL refuses NUL outright: a 500).
MAX_AMOUNT = 10**12
MAX_WAGE = 100_000_000

router = Router(tags=["勞資爭議"])


# --- input types ---------------------------------------------------------------------------




StatusCode = Literal[tuple(Status.values)]
KindCode = Literal[tuple(Kind.values)]


class DisputeFilters(Schema):
    status: StatusCode | None = Field(
        None, description="案件狀態：received 收件、assigned 已指派調解人、scheduled 已排定會議、"
                          "closed 結案。")
    kind: KindCode | None = Field(
        None, description="類別：mediation 勞資爭議調解、coordination 移工勞資爭議協調。")
    received_from: dt.date | None = Field(None, description="收件日期（臺北時間）自此日起。")
    received_to: dt.date | None = Field(None, description="收件日期（臺北時間）至此日止。")
    ubn: Ubn | None = Field(None, description="當事人（相對人或申請人）的統一編號。")
    page: int = Field(1, ge=1, description="頁次，從 1 開始。")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1,
        description=f"每頁筆數；超過 {MAX_PAGE_SIZE} 時以 {MAX_PAGE_SIZE} 計。",
    )


class PartyIn(Schema):
    kind: Literal["person", "establishment", "union"] = Field(
        description="person 個人、establishment 事業單位、union 工會。")
    id_kind: Literal[tuple(Person.IdKind.values)] = Field(
        Person.IdKind.NATIONAL_ID, description="個人的證號類別。")
    id_number: text_field(20, "個人的身分證字號、統一證號或護照號碼。") = ""
    name: text_field(200, "姓名或事業單位名稱（個人或事業單位不在系統中時必填）。") = ""
    ubn: text_field(16, "事業單位的統一編號。") = ""
    union_name: text_field(200, "工會名稱。") = ""
    district_code: text_field(16, "事業單位不在系統中時：行政區代碼（見 /api/districts）。") = ""
    industry_code: text_field(4, "事業單位不在系統中時：行業代碼（見 /api/industries）。") = ""
    contact_name: text_field(100) = ""
    phone: text_field(32) = ""
    email: text_field(254) = ""
    address: text_field(200, "送達地址。") = ""


class ItemIn(Schema):
    kind: Literal[tuple(ItemKind.values)] = Field(description="爭議項目。")
    amount_claimed: int | None = Field(None, ge=0, le=MAX_AMOUNT, description="請求金額（元）。")
    note: text_field(200) = ""


class DisputeIn(Schema):
    channel: Literal[tuple(Channel.values)] = Field(
        Channel.REFERRAL, description="受理管道；介接系統轉入者為 referral（預設）。")
    kind: KindCode = Field(Kind.MEDIATION, description="mediation 調解或 coordination 移工協調。")
    applicant_kind: Literal[tuple(ApplicantKind.values)] = Field(
        description="申請人身分：worker 勞工、workers 多人共同申請、union 工會、employer 雇主。")
    applicants: list[PartyIn] = Field(
        description="申請人（勞工為個人、工會為工會、雇主為事業單位）。")
    respondents: list[PartyIn] = Field(description="相對人。")
    items: list[ItemIn] = Field(description="爭議項目，至少一項。")
    statement: text_field(10_000, "爭議內容陳述。") = ""
    employment_start: dt.date | None = Field(None, description="到職日。")
    monthly_wage: int | None = Field(None, ge=0, le=MAX_WAGE, description="月薪資（元）。")
    job_title: text_field(100) = ""
    interpreter_language: text_field(32, "需要通譯時的語言。") = ""
    route: Literal[tuple(Route.values)] = Field(
        Route.MEDIATOR, description="mediator 調解人或 committee 調解委員會。")
    committee_size: int | None = Field(None, ge=0, le=99, description="調解委員會人數（3 或 5）。")


# --- output schemas ------------------------------------------------------------------------


class PartyOut(Schema):
    side: str = Field(description="applicant 申請人或 respondent 相對人。")
    kind: str = Field(description="person 個人、establishment 事業單位或 union 工會。")
    name: str
    id_number: str = Field(description="個人證號，已遮蔽（A12****789）；其他當事人為空字串。")
    ubn: str = Field(description="事業單位的統一編號；其他當事人為空字串。")


class ItemOut(Schema):
    kind: str
    label: str
    amount_claimed: int | None
    note: str


class OutcomeOut(Schema):
    code: str
    label: str
    on: dt.date
    settled_amount: int | None
    note: str


class DisputeOut(Schema):
    number: str
    kind: str
    status: str
    status_label: str
    channel: str
    received_at: dt.datetime
    closed_at: dt.datetime | None
    applicant_kind: str
    parties: list[PartyOut]
    items: list[ItemOut]
    outcome: OutcomeOut | None


class MeetingOut(Schema):
    kind: str
    starts_at: dt.datetime
    room: str
    status: str
    held_at: dt.datetime | None


class DueDateOut(Schema):
    kind: str
    due_on: dt.date
    met_on: dt.date | None
    basis: str


class MediatorOut(Schema):
    name: str
    kind: str
    organisation: str
    assigned_at: dt.datetime


class DisputeDetailOut(DisputeOut):
    route: str
    committee_size: int | None
    employment_start: dt.date | None
    monthly_wage: int | None
    job_title: str
    statement: str
    interpreter_language: str
    mediators: list[MediatorOut] = Field(description="現任調解人。")
    meetings: list[MeetingOut]
    due_dates: list[DueDateOut]
    version: int = Field(description="案件版本（每次異動加 1）。")


class DisputePage(Schema):
    count: int = Field(description="符合條件的總筆數。")
    page: int
    page_size: int
    pages: int = Field(description="總頁數。")
    items: list[DisputeOut]


# --- reading -------------------------------------------------------------------------------


def _may_read(request: HttpRequest) -> None:
    user = request.auth
    if not (user.has_perm(WORK_DISPUTE) or user.has_perm(VIEW_ALL_CASES)):
        raise AuthorizationError(message=_(
            "您沒有檢視勞資爭議案件的權限（disputes.work_dispute 或 core.view_case）。"
        ))


def readable_disputes(user) -> QuerySet:
    """The disputes the caller may read: by staff permissions, all of them with
    core.view_case (an integration account has no unit), and those it submitted."""
    if user.has_perm(VIEW_ALL_CASES):
        return Dispute.objects.all()
    submitted = CaseEvent.objects.filter(case=OuterRef("case"), action=SUBMIT_ACTION,
                                         actor=user)
    visible = selectors.disputes_for_user(user).values("case")
    return Dispute.objects.filter(Q(case__in=visible) | Q(Exists(submitted)))


def _with_parts(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("case").prefetch_related(
        Prefetch("parties", queryset=DisputeParty.objects.select_related(
            "person", "establishment").order_by("side", "pk")),
        "items",
    )


def _query_error(field: str, message: str, kind: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", field], "msg": message, "type": kind}])




def search_disputes(user, filters: DisputeFilters) -> QuerySet:
    queryset = readable_disputes(user)
    if filters.status:
        queryset = queryset.filter(case__status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.received_from and filters.received_to and (
        filters.received_from > filters.received_to
    ):
        raise _query_error("received_to", _("收件日期的迄日不得早於起日。"), "date_range")
    queryset = received_between(queryset, "case__received_at", filters.received_from,
                                filters.received_to)
    if filters.ubn:
        queryset = queryset.filter(
            Exists(DisputeParty.objects.filter(dispute=OuterRef("pk"),
                                               establishment__ubn=filters.ubn))
        )
    # Newest first; the case number (unique) settles ties, so pages never overlap or skip.
    return queryset.order_by("-case__received_at", "-case__number")


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value, TAIPEI) if value else None


def _party(party: DisputeParty) -> dict:
    if party.person_id:
        kind, name, id_number = "person", party.person.name, mask_id(party.person.id_number)
    elif party.establishment_id:
        kind, name, id_number = "establishment", party.establishment.name, ""
    else:
        kind, name, id_number = "union", party.union_name, ""
    return {"side": party.side, "kind": kind, "name": name, "id_number": id_number,
            "ubn": party.establishment.ubn if party.establishment_id else ""}


def _summary(dispute: Dispute) -> dict:
    case = dispute.case
    outcome = None
    if dispute.outcome:
        outcome = {"code": dispute.outcome, "label": str(Outcome(dispute.outcome).label),
                   "on": dispute.outcome_on, "settled_amount": dispute.settled_amount,
                   "note": dispute.outcome_note}
    status_label = (str(Status(case.status).label) if case.status in Status.values
                    else case.status)
    return {
        "number": case.number, "kind": dispute.kind, "status": case.status,
        "status_label": status_label, "channel": case.channel,
        "received_at": _local(case.received_at), "closed_at": _local(case.closed_at),
        "applicant_kind": dispute.applicant_kind,
        "parties": [_party(party) for party in dispute.parties.all()],
        "items": [{"kind": item.kind, "label": str(ItemKind(item.kind).label),
                   "amount_claimed": item.amount_claimed, "note": item.note}
                  for item in dispute.items.all()],
        "outcome": outcome,
    }


def _detail(dispute: Dispute) -> dict:
    assignments = (MediatorAssignment.objects.filter(dispute=dispute, ended_at__isnull=True)
                   .select_related("mediator").order_by("assigned_at", "pk"))
    return {
        **_summary(dispute),
        "route": dispute.route, "committee_size": dispute.committee_size,
        "employment_start": dispute.employment_start, "monthly_wage": dispute.monthly_wage,
        "job_title": dispute.job_title, "statement": dispute.statement,
        "interpreter_language": dispute.interpreter_language,
        "mediators": [{"name": a.mediator.name, "kind": a.mediator.kind,
                       "organisation": a.mediator.organisation,
                       "assigned_at": _local(a.assigned_at)} for a in assignments],
        "meetings": [{"kind": m.kind, "starts_at": _local(m.starts_at), "room": m.room,
                      "status": m.status, "held_at": _local(m.held_at)}
                     for m in Meeting.objects.filter(dispute=dispute).order_by("starts_at", "pk")],
        "due_dates": [{"kind": d.kind, "due_on": d.due_on, "met_on": d.met_on, "basis": d.basis}
                      for d in dispute.case.due_dates.order_by("due_on", "pk")],
        "version": dispute.version,
    }


@router.get(
    "/disputes",
    response={200: DisputePage, **READ_ERRORS},
    summary="查詢勞資爭議案件",
    operation_id="disputes_search",
)
def disputes_search(request: HttpRequest, filters: Query[DisputeFilters]):
    """依狀態、類別、收件日期或當事人統一編號查詢勞資爭議案件，新收件的在前、分頁；
    當事人證號一律遮蔽。"""
    _may_read(request)
    return paged(search_disputes(request.auth, filters), page=filters.page,
                 page_size=filters.page_size, rows=_with_parts, item=_summary)


@router.get(
    "/disputes/{number}",
    response={200: DisputeDetailOut, 404: ErrorOut, **READ_ERRORS},
    summary="勞資爭議案件內容",
    operation_id="dispute_detail",
)
def dispute_detail(request: HttpRequest, number: str):
    """一件勞資爭議案件：當事人（證號遮蔽）、爭議項目、調解人、會議、法定期限與處理結果。"""
    _may_read(request)
    if not _CASE_NUMBER.fullmatch(number):
        raise HttpError(404, _("查無此案號的勞資爭議案件。"))
    dispute = (_with_parts(readable_disputes(request.auth))
               .filter(case__number=number.upper()).first())
    if dispute is None:
        raise HttpError(404, _("查無案號 %(number)s 的勞資爭議案件。") % {"number": number})
    return _detail(dispute)


# --- submitting ----------------------------------------------------------------------------

_FIELD_PART = re.compile(r"^(?P<name>[a-z_]+)-(?P<index>[0-9]+)(?:-(?P<rest>.+))?$")


def _body_loc(field: str) -> list:
    """A service's field key as a location in the request body, in ninja's own form:
    ``applicants-0-id_number`` → ["body", "application", "applicants", 0, "id_number"]."""
    loc = ["body", "application"]
    if field == NON_FIELD_ERRORS:
        return loc
    match = _FIELD_PART.match(field)
    if match is None:
        return [*loc, field]
    loc += [match["name"], int(match["index"])]
    if match["rest"]:
        loc.append(match["rest"])
    return loc


def _service_errors(exc: DjangoValidationError) -> NinjaValidationError:
    if hasattr(exc, "error_dict"):
        pairs = [(field, message) for field, messages in exc.message_dict.items()
                 for message in messages]
    else:
        pairs = [(NON_FIELD_ERRORS, message) for message in exc.messages]
    return NinjaValidationError([
        {"loc": _body_loc(field), "msg": message, "type": "invalid"} for field, message in pairs
    ])


def _idempotency_key(request: HttpRequest) -> str | None:
    raw = request.headers.get(IDEMPOTENCY_HEADER)
    if raw is None:
        return None
    if not _IDEMPOTENCY_KEY.fullmatch(raw):
        raise NinjaValidationError([{
            "loc": ["header", IDEMPOTENCY_HEADER],
            "msg": _("Idempotency-Key 應為 1 至 40 個英數字或 . _ : - 字元。"),
            "type": "idempotency_key",
        }])
    # Each caller's keys are its own: another integration's key never finds this case.
    return f"api-{request.auth.pk}-{raw}"


@router.post(
    "/disputes",
    response={200: DisputeDetailOut, 201: DisputeDetailOut, 401: ErrorOut, 403: ErrorOut,
              422: ValidationErrorOut},
    summary="受理勞資爭議申請（介接）",
    operation_id="dispute_submit",
    openapi_extra={"parameters": [{
        "in": "header", "name": IDEMPOTENCY_HEADER, "required": False,
        "schema": {"type": "string", "pattern": _IDEMPOTENCY_KEY.pattern},
        "description": "重送同一申請時帶相同的值：不會重複立案，回應 200 與第一次建立的案件。",
    }]},
)
def dispute_submit(request: HttpRequest, application: DisputeIn):
    """由介接系統送入一件勞資爭議調解（或移工協調）申請，立案並回應案號（201）。

    帶 `Idempotency-Key` 標頭重送同一申請時，回應第一次建立的案件（200），不會重複立案。
    資料有誤時回應 422，`errors` 列出各欄位（如 `applicants` 第 0 位的 `id_number`）的說明。
    """
    require_permission(request, WORK_DISPUTE, _(
        "您沒有受理勞資爭議申請的權限（disputes.work_dispute）。"
    ))
    submission_key = _idempotency_key(request)
    if submission_key:
        existing = Dispute.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return Respond(200, _detail(_with_parts(Dispute.objects.filter(pk=existing.pk)).get()))
    data = application.model_dump()
    try:
        dispute = services.dispute_submit(
            channel=data["channel"], kind=data["kind"], applicant_kind=data["applicant_kind"],
            applicants=data["applicants"], respondents=data["respondents"], items=data["items"],
            statement=data["statement"], employment_start=data["employment_start"],
            monthly_wage=data["monthly_wage"], job_title=data["job_title"],
            interpreter_language=data["interpreter_language"], route=data["route"],
            committee_size=data["committee_size"], actor=request.auth,
            submission_key=submission_key,
        )
    except DjangoValidationError as exc:
        raise _service_errors(exc) from None
    return Respond(201, _detail(_with_parts(Dispute.objects.filter(pk=dispute.pk)).get()))
