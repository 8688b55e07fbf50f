"""The labor rights fund's API: litigation-subsidy applications (list, read, receive), the
recovery book as of a day, and the fund's month and year statements.

Who may call: an integration token or a staff session (labor.core.api_auth); the session only
reads. Each endpoint checks its own permission: the applications need
``fund.review_application`` or ``fund.decide_application`` to read, and
``fund.review_application`` to submit (through
labor.fund.services_applications.application_submit, idempotent by the ``Idempotency-Key``
header); the recovery book ``fund.manage_recovery`` or ``fund.review_application``; the
statements ``fund.view_journalentry``. The fund's staff see every application, as on the pages.

Applicants' personal IDs are masked everywhere (A12****789); their contact details, income and
assets are not given out. Amounts are whole NT$ (integers), dates ISO 8601, times Taipei.
Bad input is a 422 with a zh-Hant message per field (labor/api.py); an unknown application or
statement period is a 404.
"""

import datetime as dt
import re
from typing import Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
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
from labor.core.models import Channel, Establishment, Person
from labor.fund import selectors
from labor.fund import selectors_ledger as ledger
from labor.fund import services_applications as applications
from labor.fund.documents import item_label
from labor.fund.models import (
    LINE,
    Applicant,
    ApplicantKind,
    Application,
    CaseType,
    Court,
    Disbursement,
    Item,
    ItemKind,
    Outcome,
    Status,
)
from labor.stats.periods import Period

REVIEW = "fund.review_application"
DECIDE = "fund.decide_application"
RECOVER = "fund.manage_recovery"
LEDGER = "fund.view_journalentry"
IDEMPOTENCY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:\-]{1,40}")
_CASE_NUMBER = re.compile(r"[0-9A-Za-z\-]{1,32}")
_STATEMENT_PERIOD = re.compile(r"[0-9]{4}(-[0-9]{2})?")
# Any control character but tab and line breaks (PostgreSQL refuses NUL outright: a 500).
# Lone surrogates, which no database could store either, pydantic refuses itself.
MAX_AMOUNT = applications.MAX_AMOUNT
MAX_MONTHS = applications.MAX_MONTHS
MAX_APPLICANTS = 100
MAX_ITEMS = 12
# Case numbers carry the ROC year of receipt: nothing is received before its first year.
EARLIEST_RECEIVED = dt.date(1912, 1, 1)

router = Router(tags=["勞工權益基金"])


# --- input types ---------------------------------------------------------------------------




StatusCode = Literal[tuple(Status.values)]


class ApplicationFilters(Schema):
    status: StatusCode | None = Field(
        None, description="申請案狀態：submitted 已收件、incomplete 待補正、review 審查中、"
                          "proposed 已擬核定待覆核、approved 核定補助、refused 不予補助、"
                          "closed 結案。")
    received_from: dt.date | None = Field(None, description="收件日期（臺北時間）自此日起。")
    received_to: dt.date | None = Field(None, description="收件日期（臺北時間）至此日止。")
    page: int = Field(1, ge=1, description="頁次，從 1 開始。")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1,
        description=f"每頁筆數；超過 {MAX_PAGE_SIZE} 時以 {MAX_PAGE_SIZE} 計。",
    )


class BookFilters(Schema):
    on: dt.date | None = Field(
        None, description="帳冊基準日（YYYY-MM-DD，不得晚於今天）；未填為今天。")


class ApplicantIn(Schema):
    id_kind: Literal[tuple(Person.IdKind.values)] | None = Field(
        None, description="證號類別；未填時依證號判斷（身分證字號或統一證號）。")
    id_number: text_field(20, "身分證字號或統一證號。")
    name: text_field(100, "姓名（申請人不在系統中時必填）。") = ""
    annual_income: int = Field(ge=0, le=MAX_AMOUNT, description="前一年度所得（元）。")
    assets: int = Field(ge=0, le=MAX_AMOUNT, description="財產總額（元）。")
    phone: text_field(32) = ""
    address: text_field(200, "送達地址。") = ""


class ItemIn(Schema):
    kind: Literal[tuple(ItemKind.values)] = Field(
        description="補助項目：court_fee 裁判費、lawyer_fee 律師費、enforcement_fee 強制執行費、"
                    "living_expenses 生活費用。")
    instance: int | None = Field(
        None, ge=1, le=3, description="審級（1 至 3）；裁判費及律師費必填。")
    months: int | None = Field(
        None, ge=1, le=MAX_MONTHS, description="月數；生活費用必填。")
    complex: bool = Field(False, description="律師費：複雜案件。")
    requested: int = Field(ge=1, le=MAX_AMOUNT, description="申請金額（元）。")


class ApplicationIn(Schema):
    channel: Literal[(Channel.COUNTER.value, Channel.MAIL.value, Channel.REFERRAL.value)] = Field(
        Channel.COUNTER, description="受理管道：counter 臨櫃（預設）、mail 郵寄、referral 轉介。")
    received_on: dt.date | None = Field(
        None, ge=EARLIEST_RECEIVED,
        description="收件日期（郵寄者為本局收文日期）；未填為現在。不得晚於今天。")
    applicant_kind: Literal[tuple(ApplicantKind.values)] = Field(
        description="申請人身分：worker 勞工、workers 多人共同申請、union 工會。")
    applicants: list[ApplicantIn] = Field(
        max_length=MAX_APPLICANTS, description="申請人（勞工本人；共同申請或工會為訴訟之勞工）。")
    items: list[ItemIn] = Field(max_length=MAX_ITEMS, description="申請補助項目，至少一項。")
    court: Literal[tuple(Court.values)] = Field(description="受訴法院。")
    instance: int = Field(ge=1, le=3, description="審級（1 至 3）。")
    case_type: Literal[tuple(CaseType.values)] = Field(
        description="訴訟類別：dismissal 解僱、occupational_injury 職災、plant_closure 關廠、"
                    "unpaid_wages 積欠工資、other 其他。")
    no_other_subsidy: bool = Field(
        False, description="申請人切結本案訴訟費用未獲其他政府機關補助（須為 true）。")
    dispute: text_field(32, "本局調解不成立之勞資爭議案號，例如 112-DSP-000123。") = ""
    mediation_reference: text_field(
        100, "於他處調解者，調解紀錄之字號（未引用本局案號時必填）。") = ""
    respondent_ubn: Ubn | None = Field(
        None, description="被告雇主之統一編號（須在事業單位名冊中）。")
    respondent_name: text_field(200, "被告雇主名稱。") = ""
    lawsuit_number: text_field(100, "法院案號，例如 112年度勞訴字第123號。") = ""
    claim_amount: int | None = Field(None, ge=0, le=MAX_AMOUNT, description="訴訟標的金額（元）。")
    statement: text_field(5000, "申請說明。") = ""
    union_name: text_field(200, "工會名稱（工會申請時必填）。") = ""
    union_resolution_on: dt.date | None = Field(
        None, description="理事會決議日期（工會申請時必填）。")


# --- output schemas ------------------------------------------------------------------------


class ApplicantOut(Schema):
    name: str
    id_number: str = Field(description="證號，已遮蔽（A12****789）。")


class ApplicationOut(Schema):
    number: str
    status: str
    status_label: str
    channel: str
    received_at: dt.datetime
    closed_at: dt.datetime | None
    applicant_kind: str
    union_name: str
    applicants: list[ApplicantOut]
    respondent_name: str
    case_type: str
    court: str
    instance: int
    requested_total: int = Field(description="申請金額合計（元）。")
    approved_total: int = Field(description="核定金額合計（元；尚未核定或不予補助為 0）。")
    decided_on: dt.date | None = Field(description="核定或不予補助之日期。")


class LawsuitOut(Schema):
    court: str
    court_label: str
    instance: int
    case_type: str
    case_type_label: str
    lawsuit_number: str
    claim_amount: int | None
    respondent_name: str
    respondent_ubn: str = Field(description="被告雇主之統一編號；不在名冊中者為空字串。")
    dispute_number: str = Field(description="所引本局勞資爭議調解案號；他處調解者為空字串。")
    mediation_reference: str
    outcome: str = Field(description="訴訟結果代碼；尚未登錄為空字串。")
    outcome_label: str
    outcome_on: dt.date | None


class ItemOut(Schema):
    id: int
    kind: str
    label: str
    instance: int | None
    months: int | None
    complex: bool
    requested: int = Field(description="申請金額（元）。")
    approved: int | None = Field(description="核定金額（元；尚未擬定為 null，不予補助為 0）。")
    paid: int = Field(description="已撥付金額（元）。")
    refusal_reason: str = Field(description="未核定或減列理由。")


class ClaimOut(Schema):
    id: int
    item_id: int
    item_label: str
    basis: str
    assessed_on: dt.date
    amount: int = Field(description="應繳還金額（元）。")
    repaid: int = Field(description="已繳還（元）。")
    reclassified: int = Field(description="已轉列（元）。")
    outstanding: int = Field(description="尚欠（元）：應繳還減已繳還及已轉列。")


class ApplicationTotalsOut(Schema):
    requested: int
    approved: int
    paid: int
    claimed: int
    outstanding: int


class ApplicationDetailOut(Schema):
    number: str
    status: str
    status_label: str
    channel: str
    received_at: dt.datetime
    closed_at: dt.datetime | None
    applicant_kind: str
    union_name: str
    union_resolution_on: dt.date | None
    applicants: list[ApplicantOut]
    lawsuit: LawsuitOut
    statement: str
    completed_on: dt.date | None = Field(description="資料齊全日期。")
    committee_on: dt.date | None = Field(description="審查會議日期。")
    decided_on: dt.date | None = Field(description="核定或不予補助之日期。")
    refusal_reason: str
    items: list[ItemOut]
    claims: list[ClaimOut] = Field(description="應繳還款（截至今天）。")
    totals: ApplicationTotalsOut
    version: int = Field(description="申請案版本（每次異動加 1）。")


class ApplicationPage(Schema):
    count: int = Field(description="符合條件的總筆數。")
    page: int
    page_size: int
    pages: int = Field(description="總頁數。")
    items: list[ApplicationOut]


class BookClaimOut(Schema):
    application_number: str
    item_id: int
    item_kind: str
    item_label: str
    instance: int | None
    share_group: str = Field(description="占比分類（見 shares 的 key）。")
    basis: str
    assessed_on: dt.date
    amount: int
    repaid: int
    reclassified: int
    outstanding: int


class BookTotalsOut(Schema):
    claimed: int = Field(description="應繳還（元）。")
    repaid: int = Field(description="已繳還（元）。")
    reclassified: int = Field(description="已轉列（元）。")
    outstanding: int = Field(description="尚欠（元）。")


class BookShareOut(Schema):
    key: str = Field(description="court_fees 裁判費、third_instance_lawyer_fees 第三審律師費、"
                                 "living_expenses 生活費用、other 其他。")
    label: str
    amount: int = Field(description="尚欠金額（元）。")
    share_percent: float | None = Field(
        description="占尚欠合計之百分比（四捨五入至小數 2 位）；合計為 0 時為 null。")


class RecoveryBookOut(Schema):
    on: dt.date = Field(description="帳冊基準日。")
    cases: int = Field(description="案件數。")
    totals: BookTotalsOut
    shares: list[BookShareOut]
    claims: list[BookClaimOut] = Field(description="尚有未繳還金額之應繳還款，收件早者在前。")


class StatementLineOut(Schema):
    account_code: str
    account_name: str
    debit: int
    credit: int
    amount: int = Field(description="依科目性質軋計之金額（收入為貸減借、支出為借減貸）。")


class StatementOut(Schema):
    period: str = Field(description="期間：2023-06（月）或 2023（年）。")
    kind: str = Field(description="month 或 year。")
    label: str
    start: dt.date
    end: dt.date
    opening_on: dt.date
    opening_balance: int = Field(description="期初基金餘額（元）。")
    income: list[StatementLineOut]
    income_total: int
    expense: list[StatementLineOut]
    expense_total: int
    surplus: int = Field(description="本期賸餘（短絀為負數）。")
    equity: list[StatementLineOut] = Field(description="基金餘額直接增減（期初餘額分錄）。")
    equity_total: int
    closing_balance: int = Field(description="期末基金餘額（元）。")
    year_to_date_surplus: int = Field(description="本年度截至期末賸餘（元）。")
    balanced: bool = Field(description="期末餘額等於期初餘額加本期賸餘（及直接增減）。")


# --- permissions ---------------------------------------------------------------------------


def _may_read_applications(request: HttpRequest) -> None:
    user = request.auth
    if not (user.has_perm(REVIEW) or user.has_perm(DECIDE)):
        raise AuthorizationError(message=_(
            "您沒有檢視訴訟補助申請的權限（fund.review_application 或 fund.decide_application）。"
        ))


def _may_read_book(request: HttpRequest) -> None:
    user = request.auth
    if not (user.has_perm(RECOVER) or user.has_perm(REVIEW)):
        raise AuthorizationError(message=_(
            "您沒有檢視催繳帳冊的權限（fund.manage_recovery 或 fund.review_application）。"
        ))


# --- reading -------------------------------------------------------------------------------


def _query_error(field: str, message: str, kind: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", field], "msg": message, "type": kind}])




def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value, TAIPEI) if value else None


def _applications() -> QuerySet:
    return Application.objects.filter(case__line=LINE)


def _applicants() -> Prefetch:
    return Prefetch("applicants", queryset=Applicant.objects.select_related("person")
                    .order_by("id"))


def _with_parts(queryset: QuerySet) -> QuerySet:
    """A page's rows: the case, the applicants and the requested and approved totals."""
    return (selectors.with_totals(queryset).select_related("case")
            .prefetch_related(_applicants()))


def search_applications(filters: ApplicationFilters) -> QuerySet:
    queryset = _applications()
    if filters.status:
        queryset = queryset.filter(case__status=filters.status)
    if filters.received_from and filters.received_to and (
        filters.received_from > filters.received_to
    ):
        raise _query_error("received_to", _("收件日期的迄日不得早於起日。"), "date_range")
    queryset = received_between(queryset, "case__received_at", filters.received_from,
                                filters.received_to)
    # Newest first; the case number (unique) settles ties, so pages never overlap or skip.
    return queryset.order_by("-case__received_at", "-case__number")


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _applicant(applicant: Applicant) -> dict:
    return {"name": applicant.person.name, "id_number": mask_id(applicant.person.id_number)}


def _summary(application: Application) -> dict:
    case = application.case
    return {
        "number": case.number, "status": case.status,
        "status_label": _status_label(case.status), "channel": case.channel,
        "received_at": _local(case.received_at), "closed_at": _local(case.closed_at),
        "applicant_kind": application.applicant_kind, "union_name": application.union_name,
        "applicants": [_applicant(a) for a in application.applicants.all()],
        "respondent_name": application.respondent_name, "case_type": application.case_type,
        "court": application.court, "instance": application.instance,
        "requested_total": application.requested_total,
        "approved_total": application.approved_total,
        "decided_on": application.decided_on,
    }


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _detail(application: Application) -> dict:
    today = timezone.localdate()
    paid = Coalesce(Subquery(
        Disbursement.objects.filter(item=OuterRef("pk")).values("item")
        .annotate(t=Sum("amount")).values("t")), Value(0), output_field=IntegerField())
    items = list(Item.objects.filter(application=application).annotate(paid=paid)
                 .order_by("id"))
    labels = {item.pk: item_label(item) for item in items}
    claims = list(selectors.with_movements(
        selectors.claims(today).filter(application=application), today).order_by("item_id"))
    case = application.case
    return {
        "number": case.number, "status": case.status,
        "status_label": _status_label(case.status), "channel": case.channel,
        "received_at": _local(case.received_at), "closed_at": _local(case.closed_at),
        "applicant_kind": application.applicant_kind, "union_name": application.union_name,
        "union_resolution_on": application.union_resolution_on,
        "applicants": [_applicant(a) for a in application.applicants.all()],
        "lawsuit": {
            "court": application.court, "court_label": _label(Court, application.court),
            "instance": application.instance, "case_type": application.case_type,
            "case_type_label": _label(CaseType, application.case_type),
            "lawsuit_number": application.lawsuit_number,
            "claim_amount": application.claim_amount,
            "respondent_name": application.respondent_name,
            "respondent_ubn": application.respondent.ubn if application.respondent_id else "",
            "dispute_number": application.dispute.case.number if application.dispute_id else "",
            "mediation_reference": application.mediation_reference,
            "outcome": application.outcome,
            "outcome_label": _label(Outcome, application.outcome) if application.outcome else "",
            "outcome_on": application.outcome_on,
        },
        "statement": application.statement,
        "completed_on": application.completed_on, "committee_on": application.committee_on,
        "decided_on": application.decided_on, "refusal_reason": application.refusal_reason,
        "items": [{"id": item.pk, "kind": item.kind, "label": labels[item.pk],
                   "instance": item.instance, "months": item.months, "complex": item.complex,
                   "requested": item.requested, "approved": item.approved, "paid": item.paid,
                   "refusal_reason": item.refusal_reason} for item in items],
        "claims": [{"id": claim.pk, "item_id": claim.item_id,
                    "item_label": labels.get(claim.item_id, ""),
                    "basis": claim.basis, "assessed_on": claim.assessed_on,
                    "amount": claim.amount, "repaid": claim.repaid,
                    "reclassified": claim.reclassified, "outstanding": claim.outstanding}
                   for claim in claims],
        "totals": {
            "requested": sum(item.requested for item in items),
            "approved": sum(item.approved or 0 for item in items),
            "paid": sum(item.paid for item in items),
            "claimed": sum(claim.amount for claim in claims),
            "outstanding": sum(claim.outstanding for claim in claims),
        },
        "version": application.version,
    }


def _read(pk) -> dict:
    application = (_applications().filter(pk=pk)
                   .select_related("case", "respondent", "dispute__case")
                   .prefetch_related(_applicants()).get())
    return _detail(application)


@router.get(
    "/fund/applications",
    response={200: ApplicationPage, **READ_ERRORS},
    summary="查詢訴訟補助申請",
    operation_id="fund_applications_search",
)
def fund_applications_search(request: HttpRequest, filters: Query[ApplicationFilters]):
    """依狀態或收件日期查詢勞資爭議訴訟補助申請案，新收件的在前、分頁；申請人證號一律遮蔽。"""
    _may_read_applications(request)
    return paged(search_applications(filters), page=filters.page,
                 page_size=filters.page_size, rows=_with_parts, item=_summary)


@router.get(
    "/fund/applications/{number}",
    response={200: ApplicationDetailOut, 404: ErrorOut, **READ_ERRORS},
    summary="訴訟補助申請案內容",
    operation_id="fund_application_detail",
)
def fund_application_detail(request: HttpRequest, number: str):
    """一件訴訟補助申請案：訴訟、申請人（證號遮蔽）、補助項目（申請、核定、撥付）、
    應繳還款（應繳還、已繳還、已轉列、尚欠）與狀態。"""
    _may_read_applications(request)
    if not _CASE_NUMBER.fullmatch(number):
        raise HttpError(404, _("查無此案號的訴訟補助申請。"))
    found = _applications().filter(case__number=number.upper()).values_list("pk", flat=True)
    pk = found.first()
    if pk is None:
        raise HttpError(404, _("查無訴訟補助案號 %(number)s。") % {"number": number})
    return _read(pk)


@router.get(
    "/fund/recovery-book",
    response={200: RecoveryBookOut, **READ_ERRORS},
    summary="訴訟補助催繳帳冊",
    operation_id="fund_recovery_book",
)
def fund_recovery_book(request: HttpRequest, filters: Query[BookFilters]):
    """截至某日（`on`，預設今天）尚有未繳還金額之應繳還款，附合計與依項目之尚欠占比。"""
    _may_read_book(request)
    today = timezone.localdate()
    on = filters.on or today
    if on > today:
        raise _query_error("on", _("日期不得晚於今天。"), "future_date")
    claims = list(selectors.book_claims(on))
    summary = selectors.book_summary(claims)
    return {
        "on": on,
        "cases": summary["cases"],
        "totals": {name: summary[name]
                   for name in ("claimed", "repaid", "reclassified", "outstanding")},
        "shares": [{"key": share["key"], "label": str(share["label"]),
                    "amount": share["amount"],
                    "share_percent": float(share["share"]) if share["share"] is not None
                    else None} for share in summary["shares"]],
        "claims": [{
            "application_number": claim.application.case.number, "item_id": claim.item_id,
            "item_kind": claim.item.kind, "item_label": item_label(claim.item),
            "instance": claim.item.instance,
            "share_group": selectors.share_group(claim.item.kind, claim.item.instance),
            "basis": claim.basis, "assessed_on": claim.assessed_on, "amount": claim.amount,
            "repaid": claim.repaid, "reclassified": claim.reclassified,
            "outstanding": claim.outstanding,
        } for claim in claims],
    }


def _lines(totals: list[ledger.AccountTotal]) -> list[dict]:
    return [{"account_code": t.account.code, "account_name": t.account.name, "debit": t.debit,
             "credit": t.credit, "amount": t.amount} for t in totals]


@router.get(
    "/fund/statements/{period}",
    response={200: StatementOut, 404: ErrorOut, **READ_ERRORS},
    summary="勞工權益基金收支報表",
    operation_id="fund_statement",
)
def fund_statement(request: HttpRequest, period: str):
    """一個月（2023-06）或一年（2023）的基金收支報表：期初餘額、收入、支出、本期賸餘、
    期末餘額。其他期間回應 404。"""
    require_permission(request, LEDGER, _(
        "您沒有檢視基金收支報表的權限（fund.view_journalentry）。"
    ))
    parsed = None
    if _STATEMENT_PERIOD.fullmatch(period):
        try:
            parsed = Period.parse(period)
        except ValueError:
            parsed = None
    if parsed is None:
        raise HttpError(404, _("報表期間須為年（如 2023）或月（如 2023-06）。"))
    report = ledger.statement(parsed)
    return {
        "period": parsed.code, "kind": str(parsed.kind), "label": parsed.label,
        "start": parsed.start, "end": parsed.end,
        "opening_on": report.opening_on, "opening_balance": report.opening,
        "income": _lines(report.income), "income_total": report.income_total,
        "expense": _lines(report.expense), "expense_total": report.expense_total,
        "surplus": report.surplus,
        "equity": _lines(report.equity), "equity_total": report.equity_total,
        "closing_balance": report.closing,
        "year_to_date_surplus": report.year_to_date_surplus,
        "balanced": report.balanced,
    }


# --- submitting ----------------------------------------------------------------------------

_FIELD_PART = re.compile(r"^(?P<name>[a-z_]+)-(?P<index>[0-9]+)(?:-(?P<rest>.+))?$")
# The service's keys that name something the request calls otherwise.
_BODY_FIELDS = {"received_at": "received_on", "respondent": "respondent_ubn"}


def _body_loc(field: str) -> list:
    """A service's field key as a location in the request body, in ninja's own form:
    ``items-0-requested`` → ["body", "application", "items", 0, "requested"]."""
    loc = ["body", "application"]
    if field == NON_FIELD_ERRORS:
        return loc
    match = _FIELD_PART.match(field)
    if match is None:
        return [*loc, _BODY_FIELDS.get(field, field)]
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


def _body_error(field: str, message: str, kind: str) -> NinjaValidationError:
    return NinjaValidationError([
        {"loc": ["body", "application", field], "msg": message, "type": kind}])


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
    # Each caller's keys are its own: another integration's key never finds this application.
    return f"api-{request.auth.pk}-{raw}"


def _dispute(number: str):
    """Our mediation case of ``number`` (None when not given); a 422 at the field if unknown."""
    from labor.disputes.models import Dispute

    number = "".join(number.split()).upper()
    if not number:
        return None
    dispute = Dispute.objects.filter(case__number=number).first()
    if dispute is None:
        raise _body_error("dispute", _("查無勞資爭議案號 %(number)s。") % {"number": number},
                          "unknown_dispute")
    return dispute


def _respondent(ubn: str | None) -> Establishment | None:
    if not ubn:
        return None
    establishment = Establishment.objects.filter(ubn=ubn).first()
    if establishment is None:
        raise _body_error(
            "respondent_ubn",
            _("統一編號 %(ubn)s 不在事業單位名冊中；請清除統一編號並填寫雇主名稱。") % {"ubn": ubn},
            "unknown_ubn")
    return establishment


def _received_at(day: dt.date | None) -> dt.datetime | None:
    """None for today (the service stamps the time); else midnight of the day in Taipei."""
    if day is None or day == timezone.localdate():
        return None
    return dt.datetime.combine(day, dt.time.min, tzinfo=TAIPEI)


@router.post(
    "/fund/applications",
    response={200: ApplicationDetailOut, 201: ApplicationDetailOut, 401: ErrorOut,
              403: ErrorOut, 422: ValidationErrorOut},
    summary="受理訴訟補助申請（臨櫃、郵寄、轉介）",
    operation_id="fund_application_submit",
    openapi_extra={"parameters": [{
        "in": "header", "name": IDEMPOTENCY_HEADER, "required": False,
        "schema": {"type": "string", "pattern": _IDEMPOTENCY_KEY.pattern},
        "description": "重送同一申請時帶相同的值：不會重複收件，回應 200 與第一次建立的申請案。",
    }]},
)
def fund_application_submit(request: HttpRequest, application: ApplicationIn):
    """收件一件勞資爭議訴訟補助申請（臨櫃、郵寄或轉介），立案並回應案號與內容（201）。

    須引用本局調解不成立之案號（`dispute`）或他處調解紀錄字號（`mediation_reference`）。
    帶 `Idempotency-Key` 標頭重送同一申請時，回應第一次建立的申請案（200），不會重複收件。
    資料有誤時回應 422，`errors` 列出各欄位（如 `items` 第 0 項的 `requested`）的說明。
    """
    require_permission(request, REVIEW, _(
        "您沒有受理訴訟補助申請的權限（fund.review_application）。"
    ))
    submission_key = _idempotency_key(request)
    if submission_key:
        existing = Application.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return Respond(200, _read(existing.pk))
    data = application.model_dump()
    dispute = _dispute(data["dispute"])
    respondent = _respondent(data["respondent_ubn"])
    try:
        created = applications.application_submit(
            channel=data["channel"], applicant_kind=data["applicant_kind"],
            applicants=data["applicants"], items=data["items"], court=data["court"],
            instance=data["instance"], case_type=data["case_type"],
            no_other_subsidy=data["no_other_subsidy"], dispute=dispute,
            mediation_reference=data["mediation_reference"], respondent=respondent,
            respondent_name=data["respondent_name"], lawsuit_number=data["lawsuit_number"],
            claim_amount=data["claim_amount"], statement=data["statement"],
            union_name=data["union_name"], union_resolution_on=data["union_resolution_on"],
            actor=request.auth, submission_key=submission_key,
            received_at=_received_at(data["received_on"]),
        )
    except DjangoValidationError as exc:
        raise _service_errors(exc) from None
    return Respond(201, _read(created.pk))
