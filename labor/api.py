"""The JSON API (django-ninja) at /api/: each app adds its router here.

What holds for every endpoint lives here: who may call (an integration token, or a logged-in
user for reading), and that every error is JSON with a zh-Hant ``detail``; bad input also
lists each field's problem (``errors``: loc, msg, type), never a 500.
"""

from functools import wraps
from typing import get_args

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic_core.core_schema import ErrorType

from labor.core.api import reference_router
from labor.core.api import router as core_router
from labor.core.api_auth import ApiTokenAuth, StaffSessionAuth
from labor.disputes.api import router as disputes_router
from labor.fund.api import router as fund_router


class Utf8JSONRenderer(JSONRenderer):
    # zh-Hant as text, not \uXXXX escapes: readable with curl, and smaller.
    json_dumps_params = {"ensure_ascii": False}


def _json_error(status: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _not_found_detail() -> str:
    return _("找不到這個 API 路徑，可用的路徑見 /api/openapi.json。")


class LaborAPI(NinjaAPI):
    """NinjaAPI whose URLs answer in JSON even where ninja or Django would send HTML or text:
    an unknown path under /api/ (404) and a method the path does not take (405)."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        wrapped = [_with_json_errors(p) if isinstance(p, URLPattern) else p for p in patterns]
        wrapped.append(re_path(r"^.*$", _unknown_path, name="unknown-path"))
        return wrapped, app_name, namespace


def _with_json_errors(pattern: URLPattern) -> URLPattern:
    view = pattern.callback

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _json_error(404, _not_found_detail())
        if response.status_code == 405 and not _is_json(response):
            error = _json_error(405, _("此路徑不接受 %(method)s 方法。") % {
                "method": request.method
            })
            error["Allow"] = response.get("Allow", "")
            return error
        return response

    return URLPattern(pattern.pattern, wrapped, pattern.default_args, pattern.name)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _unknown_path(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return _json_error(404, _not_found_detail())


def _docs_enabled() -> bool:
    # ninja serves Swagger UI from its own static files only when it is an installed app;
    # otherwise its page loads the UI from a CDN, which closed intranets cannot reach and
    # which we do not want in any case. Then there is no docs page; openapi.json remains.
    return "ninja" in settings.INSTALLED_APPS


api = LaborAPI(
    title="勞動局資訊系統 API",
    version="1",
    description=(
        "事業單位查詢、參考資料、勞資爭議案件與勞工權益基金（訴訟補助申請、催繳帳冊、收支報表）。"
        "以 `Authorization: Bearer <金鑰>` 標頭驗證"
        "（金鑰以 `manage.py issue_api_token 帳號 名稱` 發出）；已登入的員工亦可讀取。"
        "錯誤一律以 JSON 回應，`detail` 為說明，欄位錯誤另列於 `errors`。"
    ),
    urls_namespace="api",
    auth=[ApiTokenAuth(), StaffSessionAuth()],
    renderer=Utf8JSONRenderer(),
    # validatorUrl: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs" if _docs_enabled() else None,
)

api.add_router("/", core_router)
api.add_router("/", reference_router)
api.add_router("/", disputes_router)
api.add_router("/", fund_router)


# --- errors --------------------------------------------------------------------------------

# pydantic's own error types come with English text: these get zh-Hant, the rest a generic line.
_PYDANTIC_ERROR_TYPES = frozenset(get_args(ErrorType))
_PYDANTIC_MESSAGES = {
    "missing": N_("此欄位為必填。"),
    "int_parsing": N_("請輸入整數。"),
    "int_type": N_("請輸入整數。"),
    "int_from_float": N_("請輸入整數。"),
    "int_parsing_size": N_("數值過大。"),
    "float_parsing": N_("請輸入數字。"),
    "bool_parsing": N_("請輸入 true 或 false。"),
    "string_type": N_("請輸入文字。"),
    "string_too_long": N_("長度不可超過 {max_length} 個字元。"),
    "string_too_short": N_("長度不可少於 {min_length} 個字元。"),
    "string_pattern_mismatch": N_("格式不正確。"),
    "greater_than": N_("須大於 {gt}。"),
    "greater_than_equal": N_("不可小於 {ge}。"),
    "less_than": N_("須小於 {lt}。"),
    "less_than_equal": N_("不可大於 {le}。"),
    "date_parsing": N_("日期格式不正確，請用 YYYY-MM-DD。"),
    "date_from_datetime_parsing": N_("日期格式不正確，請用 YYYY-MM-DD。"),
    "json_invalid": N_("JSON 格式不正確。"),
    "list_type": N_("應為清單。"),
    "enum": N_("不是可接受的值。"),
    "literal_error": N_("不是可接受的值。"),
}


def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind in _PYDANTIC_MESSAGES:
        return _(_PYDANTIC_MESSAGES[kind]).format(**(error.get("ctx") or {}))
    if kind in _PYDANTIC_ERROR_TYPES:
        return _("欄位值不正確。")
    # Any other type was raised by our own code (PydanticCustomError or ninja's
    # ValidationError) with a message already written in zh-Hant.
    return str(error.get("msg", "")) or _("欄位值不正確。")


def _field_errors(errors: list[dict]) -> list[dict]:
    return [
        {
            "loc": [part for part in error.get("loc", ()) if part != "filters"],
            "msg": _field_message(error),
            "type": error.get("type", "invalid"),
        }
        for error in errors
    ]


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("輸入資料有誤，請依各欄位說明修正。"), "errors": _field_errors(exc.errors)},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.message if exc.message != "Unauthorized" else _(
        "需要身分驗證：請以 Authorization: Bearer <API 金鑰> 標頭呼叫。"
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(AuthorizationError)
def on_authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    detail = exc.message if exc.message != "Forbidden" else _("您沒有執行此操作的權限。")
    return api.create_response(request, {"detail": detail}, status=403)


# ninja's own HttpErrors carry English; ours carry zh-Hant and pass through.
_NINJA_HTTP_ERRORS = {
    "CSRF check Failed": N_("CSRF 驗證失敗，請重新整理頁面後再試。"),
    "Too many requests.": N_("請求過於頻繁，請稍後再試。"),
    "Cannot parse request body": N_("無法解析請求內容。"),
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = exc.message
    if detail in _NINJA_HTTP_ERRORS:
        detail = _(_NINJA_HTTP_ERRORS[detail])
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("找不到指定的資料。")}, status=404)
