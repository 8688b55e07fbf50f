"""The kernel's API: establishments (read and search) and the reference data to resolve codes.

Reads only. Every endpoint needs a caller (labor.core.api_auth); establishment data also
needs core.view_establishment. Bad input is answered 422 with a zh-Hant message per field.
"""

import datetime as dt
import math
import re
from typing import Annotated

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from labor.core import identifiers, selectors
from labor.core.api_auth import require_permission
from labor.core.models import District, HeadcountRecord, Industry

VIEW_ESTABLISHMENT = "core.view_establishment"
DEFAULT_PAGE_SIZE = 20
# Larger requests are served this many rows rather than refused: a client asking for
# "everything" still gets a well-formed page and the count to walk the rest.
MAX_PAGE_SIZE = 100
MAX_SEARCH_LENGTH = 100

router = Router(tags=["事業單位"])

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_UBN_SHAPE = re.compile(r"[0-9]{8}")


# --- input types ---------------------------------------------------------------------------


def _plain_text(value: str) -> str:
    # PostgreSQL refuses NUL in a string outright (a 500 if it got that far).
    if _CONTROL_CHARACTERS.search(value):
        raise PydanticCustomError("control_characters", _("不可包含控制字元。"))
    return value.strip()


def _ubn(value: str) -> str:
    ubn = identifiers.compact(value)
    if not _UBN_SHAPE.fullmatch(ubn):
        raise PydanticCustomError("ubn_format", _("統一編號應為 8 位數字。"))
    if not identifiers.is_valid_ubn(ubn):
        raise PydanticCustomError(
            "ubn_check_digit", _("統一編號 %(ubn)s 的檢查碼不正確。") % {"ubn": ubn}
        )
    return ubn


# Free text in a request body may hold line breaks and tabs (a statement), never other
# control characters.
_BODY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _body_text(value: str) -> str:
    if _BODY_CONTROL_CHARACTERS.search(value):
        raise PydanticCustomError("control_characters", _("不可包含控制字元。"))
    return value.strip()


def text_field(max_length: int, description: str = ""):
    """A text field: trimmed, no control characters, at most ``max_length`` characters."""
    return Annotated[str, Field(max_length=max_length, description=description),
                     AfterValidator(_body_text)]


SearchText = Annotated[str, Field(max_length=MAX_SEARCH_LENGTH), AfterValidator(_plain_text)]
# The pattern is documented for clients but checked by _ubn, which says what is wrong in zh-Hant.
Ubn = Annotated[
    str,
    AfterValidator(_ubn),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{8}$", "example": "22099131"}),
]


class EstablishmentFilters(Schema):
    q: SearchText | None = Field(
        None, description="名稱的一部分，或統一編號的開頭數字。"
    )
    ubn: Ubn | None = Field(None, description="統一編號（8 位數字，檢查碼須正確）。")
    district: SearchText | None = Field(
        None, description="行政區代碼或名稱（見 /api/districts），例如 daan 或 大安區。"
    )
    industry: SearchText | None = Field(
        None, description="行業大類代碼（見 /api/industries），例如 C。"
    )
    min_headcount: int | None = Field(
        None, ge=0, le=10_000_000, description="最近一次員工人數至少為此數。"
    )
    page: int = Field(1, ge=1, description="頁次，從 1 開始。")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        description=f"每頁筆數；超過 {MAX_PAGE_SIZE} 時以 {MAX_PAGE_SIZE} 計。",
    )


# --- output schemas ------------------------------------------------------------------------


class DistrictOut(Schema):
    code: str
    name: str
    name_en: str
    postal_code: str


class IndustryOut(Schema):
    code: str
    name: str
    name_en: str


class HeadcountOut(Schema):
    as_of: dt.date
    headcount: int


class EstablishmentOut(Schema):
    ubn: str
    name: str
    district: DistrictOut
    industry: IndustryOut
    address: str
    registered_on: dt.date | None = Field(None, description="設立日期（未知者為 null）。")
    closed_on: dt.date | None = Field(None, description="歇業日期（仍營業者為 null）。")
    latest_headcount: int | None = Field(None, description="最近一次員工人數。")
    latest_headcount_as_of: dt.date | None = Field(None, description="最近一次員工人數的基準日。")


class EstablishmentDetailOut(EstablishmentOut):
    representative: str
    headcount_history: list[HeadcountOut] = Field(description="員工人數紀錄，新的在前。")

    @staticmethod
    def resolve_headcount_history(obj):
        return list(obj.headcounts.all())


class EstablishmentPage(Schema):
    count: int = Field(description="符合條件的總筆數。")
    page: int
    page_size: int
    pages: int = Field(description="總頁數。")
    items: list[EstablishmentOut]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


# --- queries -------------------------------------------------------------------------------


def _establishments() -> QuerySet:
    # "Latest" by the selectors' rule: the newest record dated on or before today.
    today = timezone.localdate()
    latest_as_of = (
        HeadcountRecord.objects.filter(establishment=OuterRef("pk"), as_of__lte=today)
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    return (
        selectors.city_establishments()
        .select_related("district", "industry")
        .annotate(
            latest_headcount=selectors.latest_headcount(on=today),
            latest_headcount_as_of=Subquery(latest_as_of),
        )
        .order_by("ubn")  # unique, so pages never overlap or skip
    )


def _field_error(field: str, message: str, kind: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", field], "msg": message, "type": kind}])


def _district(value: str) -> District:
    district = selectors.city_districts().filter(Q(code__iexact=value) | Q(name=value)).first()
    if district is None:
        raise _field_error(
            "district",
            _("查無行政區「%(value)s」，可用的代碼見 /api/districts。") % {"value": value},
            "unknown_district",
        )
    return district


def _industry(value: str) -> Industry:
    industry = Industry.objects.filter(code__iexact=value).first()
    if industry is None:
        raise _field_error(
            "industry",
            _("查無行業代碼「%(value)s」，可用的代碼見 /api/industries。") % {"value": value},
            "unknown_industry",
        )
    return industry


def search_establishments(filters: EstablishmentFilters) -> QuerySet:
    queryset = _establishments()
    if filters.q:
        match = Q(name__icontains=filters.q)
        digits = identifiers.compact(filters.q)
        if digits.isascii() and digits.isdigit():
            match |= Q(ubn__startswith=digits)
        queryset = queryset.filter(match)
    if filters.ubn:
        queryset = queryset.filter(ubn=filters.ubn)
    if filters.district:
        queryset = queryset.filter(district=_district(filters.district))
    if filters.industry:
        queryset = queryset.filter(industry=_industry(filters.industry))
    if filters.min_headcount is not None:
        queryset = queryset.filter(latest_headcount__gte=filters.min_headcount)
    return queryset


def paged(queryset, *, page: int, page_size: int, rows=None, item=None) -> dict:
    """One page of ``queryset`` as every list endpoint answers it (count, page, page_size,
    pages, items); ``rows`` prepares the page's slice (prefetches), ``item`` shapes a row."""
    page_size = min(page_size, MAX_PAGE_SIZE)
    count = queryset.count()
    offset = (page - 1) * page_size
    # A page past the end is empty, and is never sent to the database as a huge OFFSET.
    found = list((rows or (lambda q: q))(queryset)[offset : offset + page_size]) \
        if offset < count else []
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": math.ceil(count / page_size),
        "items": [item(row) for row in found] if item else found,
    }


# --- endpoints -----------------------------------------------------------------------------


def _may_view_establishments(request: HttpRequest) -> None:
    require_permission(
        request, VIEW_ESTABLISHMENT, _("您沒有檢視事業單位資料的權限（core.view_establishment）。")
    )


@router.get(
    "/establishments",
    response={200: EstablishmentPage, **READ_ERRORS},
    summary="查詢事業單位",
    operation_id="establishments_search",
)
def establishments_search(request: HttpRequest, filters: Query[EstablishmentFilters]):
    """依名稱、統一編號、行政區、行業或員工人數查詢事業單位，依統一編號排序、分頁。"""
    _may_view_establishments(request)
    return paged(search_establishments(filters), page=filters.page,
                 page_size=filters.page_size)


@router.get(
    "/establishments/{ubn}",
    response={200: EstablishmentDetailOut, 404: ErrorOut, **READ_ERRORS},
    summary="事業單位資料",
    operation_id="establishment_detail",
)
def establishment_detail(request: HttpRequest, ubn: Ubn):
    """一家事業單位的資料、最近員工人數與員工人數紀錄。"""
    _may_view_establishments(request)
    establishment = (
        _establishments()
        .prefetch_related(
            Prefetch("headcounts", queryset=HeadcountRecord.objects.order_by("-as_of"))
        )
        .filter(ubn=ubn)
        .first()
    )
    if establishment is None:
        raise HttpError(404, _("查無統一編號 %(ubn)s 的事業單位。") % {"ubn": ubn})
    return establishment


reference_router = Router(tags=["參考資料"])


@reference_router.get(
    "/districts",
    response={200: list[DistrictOut], 401: ErrorOut},
    summary="行政區代碼",
    operation_id="districts_list",
)
def districts_list(request: HttpRequest):
    """本市的行政區，依市府的排列順序。"""
    return selectors.city_districts()


@reference_router.get(
    "/industries",
    response={200: list[IndustryOut], 401: ErrorOut},
    summary="行業大類代碼",
    operation_id="industries_list",
)
def industries_list(request: HttpRequest):
    """行業統計分類的大類。"""
    return Industry.objects.order_by("code")
