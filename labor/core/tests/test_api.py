"""The JSON API at /api/: who may call it, what it answers, and how it refuses bad input."""

import datetime as dt
import io
import json
import re
from itertools import count

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from labor.core import identifiers, services
from labor.core.api_auth import TOKEN_TOUCH_INTERVAL, api_token_touch
from labor.core.models import (
    ApiToken,
    District,
    Establishment,
    Industry,
    Role,
    StaffProfile,
    Unit,
)

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def _ubns():
    """Valid 統一編號 in increasing order, so that the API's order (by 統一編號) is known."""
    for n in count(10_000_000):
        candidate = f"{n:08d}"
        if identifiers.is_valid_ubn(candidate):
            yield candidate


def _invalid_check_digit_ubn() -> str:
    for n in count(10_000_000):
        candidate = f"{n:08d}"
        if not identifiers.is_valid_ubn(candidate):
            return candidate
    raise AssertionError  # pragma: no cover


def _user(username="integration", *, can_view=True, **extra) -> User:
    user = User.objects.create_user(username, **extra)
    if can_view:
        user.user_permissions.add(Permission.objects.get(codename="view_establishment"))
    return user


def _auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def token():
    _token, raw = services.api_token_issue(user=_user(), name="勞保局介接")
    return raw


@pytest.fixture
def api(token):
    """A client that sends a valid token with every request; ``api.get_json`` decodes."""
    client = Client()

    def get(path, **params):
        return client.get(path, params, **_auth(token))

    def get_json(path, expect=200, **params):
        response = get(path, **params)
        assert response.status_code == expect, response.content.decode()
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    client.get_with_token = get
    client.get_json = get_json
    return client


def _establishment(ubn, name, *, district="daan", industry="C", headcounts=()):
    establishment = Establishment.objects.create(
        ubn=ubn,
        name=name,
        district=District.objects.get(city="taipei", code=district),
        industry=Industry.objects.get(code=industry),
        address="臺北市大安區某路1號",
    )
    for as_of, headcount in headcounts:
        services.headcount_record(establishment=establishment, as_of=as_of, headcount=headcount)
    return establishment


@pytest.fixture
def registry():
    ubn = _ubns()
    return {
        "bakery": _establishment(
            next(ubn), "大安烘焙坊有限公司", district="daan", industry="I",
            headcounts=[(dt.date(2022, 12, 31), 80), (dt.date(2023, 6, 30), 12)],
        ),
        "chips": _establishment(
            next(ubn), "內湖半導體股份有限公司", district="neihu", industry="C",
            headcounts=[(dt.date(2023, 6, 30), 350)],
        ),
        "bank": _establishment(
            next(ubn), "信義銀行股份有限公司", district="xinyi", industry="K",
            headcounts=[(dt.date(2023, 6, 30), 120)],
        ),
        "new": _establishment(next(ubn), "大安新創有限公司", district="daan", industry="J"),
    }


def _ubns_of(body) -> list[str]:
    return [item["ubn"] for item in body["items"]]


# --- who may call ---------------------------------------------------------------------------


def test_a_request_without_a_token_is_refused_with_401_in_zh_hant():
    response = Client().get("/api/establishments")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert CJK.search(response.json()["detail"])


def test_a_made_up_token_is_refused_with_401():
    response = Client().get("/api/establishments", **_auth("not-a-token"))
    assert response.status_code == 401
    assert CJK.search(response.json()["detail"])


def test_an_empty_bearer_token_is_refused_with_401():
    response = Client().get("/api/establishments", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 401


def test_a_revoked_token_is_refused_with_401():
    _token, raw = services.api_token_issue(user=_user(), name="舊系統")
    assert Client().get("/api/establishments", **_auth(raw)).status_code == 200
    out = io.StringIO()
    call_command("revoke_api_token", raw[:8], stdout=out)
    assert "舊系統" in out.getvalue()
    assert Client().get("/api/establishments", **_auth(raw)).status_code == 401
    with pytest.raises(CommandError, match="查無"):
        call_command("revoke_api_token", raw[:8], stdout=io.StringIO())


def test_a_token_of_a_deactivated_user_is_refused_with_401():
    user = _user()
    _token, raw = services.api_token_issue(user=user, name="介接")
    user.is_active = False
    user.save()
    assert Client().get("/api/establishments", **_auth(raw)).status_code == 401


def test_a_bad_token_is_refused_even_when_a_session_would_be_accepted():
    client = Client()
    client.force_login(_user("officer"))
    assert client.get("/api/establishments").status_code == 200
    assert client.get("/api/establishments", **_auth("not-a-token")).status_code == 401


def test_a_token_whose_user_lacks_the_permission_gets_403_in_zh_hant(registry):
    _token, raw = services.api_token_issue(user=_user(can_view=False), name="統計處")
    for path in ("/api/establishments", f"/api/establishments/{registry['bank'].ubn}"):
        response = Client().get(path, **_auth(raw))
        assert response.status_code == 403
        assert "權限" in response.json()["detail"]


def test_the_permission_may_come_from_a_staff_role(registry):
    user = _user("inspector", can_view=False)
    role = Role.objects.create(code="reader", name="查詢")
    role.permissions.add(Permission.objects.get(codename="view_establishment"))
    profile = StaffProfile.objects.create(
        user=user, unit=Unit.objects.create(code="inspection", name="勞動檢查處")
    )
    profile.roles.add(role)
    _token, raw = services.api_token_issue(user=user, name="檢查系統")
    assert Client().get("/api/establishments", **_auth(raw)).status_code == 200


def test_a_logged_in_staff_member_may_read_with_the_session(registry):
    client = Client()
    client.force_login(_user("officer"))
    body = client.get("/api/establishments").json()
    assert body["count"] == 4


def test_a_logged_in_user_without_the_permission_gets_403():
    client = Client()
    client.force_login(_user("clerk", can_view=False))
    assert client.get("/api/establishments").status_code == 403


def test_reference_data_needs_a_caller_but_no_establishment_permission():
    assert Client().get("/api/districts").status_code == 401
    _token, raw = services.api_token_issue(user=_user(can_view=False), name="地圖")
    assert Client().get("/api/districts", **_auth(raw)).status_code == 200


# --- token bookkeeping ----------------------------------------------------------------------


def test_only_the_digest_of_a_token_is_stored():
    token, raw = services.api_token_issue(user=_user(), name="介接")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in json.dumps(stored, default=str)


def test_using_a_token_stamps_last_used_at_at_most_once_a_minute(token):
    row = ApiToken.objects.get()
    assert row.last_used_at is None
    Client().get("/api/districts", **_auth(token))
    first = ApiToken.objects.get().last_used_at
    assert first is not None

    Client().get("/api/districts", **_auth(token))
    assert ApiToken.objects.get().last_used_at == first

    ApiToken.objects.update(last_used_at=first - TOKEN_TOUCH_INTERVAL)
    Client().get("/api/districts", **_auth(token))
    assert ApiToken.objects.get().last_used_at > first


def test_a_stale_copy_of_a_token_does_not_stamp_it_twice(token):
    now = timezone.now()
    first, second = ApiToken.objects.get(), ApiToken.objects.get()
    assert api_token_touch(token=first, now=now) is True
    # The second copy was read before the first stamp: the UPDATE's own condition refuses it.
    assert api_token_touch(token=second, now=now + dt.timedelta(seconds=5)) is False
    assert ApiToken.objects.get().last_used_at == now


# --- the management command -----------------------------------------------------------------


def test_issue_api_token_prints_a_token_that_the_api_accepts():
    _user("gateway")
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_token", "gateway", "勞保局介接", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert len(raw) >= 32 and "\n" not in raw
    assert "只顯示這一次" in err.getvalue()
    assert ApiToken.objects.get().name == "勞保局介接"
    assert Client().get("/api/establishments", **_auth(raw)).status_code == 200


def test_issue_api_token_warns_when_the_user_cannot_read_establishments():
    _user("mapper", can_view=False)
    err = io.StringIO()
    call_command("issue_api_token", "mapper", "地圖", stdout=io.StringIO(), stderr=err)
    assert "403" in err.getvalue()


def test_issue_api_token_for_an_unknown_user_is_refused_and_issues_nothing():
    with pytest.raises(CommandError, match="查無使用者"):
        call_command("issue_api_token", "nobody", "介接", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_issue_api_token_with_a_blank_or_overlong_name_is_refused():
    _user("gateway")
    for name in ("   ", "長" * 101):
        with pytest.raises(CommandError, match="金鑰名稱"):
            call_command("issue_api_token", "gateway", name, stdout=io.StringIO())
    assert not ApiToken.objects.exists()


# --- establishments: search -----------------------------------------------------------------


def test_search_by_part_of_the_name(api, registry):
    body = api.get_json("/api/establishments", q="大安")
    assert _ubns_of(body) == [registry["bakery"].ubn, registry["new"].ubn]
    assert body["count"] == 2


def test_search_by_the_leading_digits_of_the_ubn(api, registry):
    prefix = registry["chips"].ubn[:7]
    expected = sorted(e.ubn for e in registry.values() if e.ubn.startswith(prefix))
    body = api.get_json("/api/establishments", q=prefix)
    assert _ubns_of(body) == expected
    assert registry["chips"].ubn in expected


def test_search_by_ubn_is_exact(api, registry):
    body = api.get_json("/api/establishments", ubn=registry["bank"].ubn)
    assert _ubns_of(body) == [registry["bank"].ubn]
    assert body["items"][0]["name"] == "信義銀行股份有限公司"


def test_search_by_a_valid_but_unknown_ubn_finds_nothing(api, registry):
    unknown = next(u for u in _ubns() if not Establishment.objects.filter(ubn=u).exists())
    assert api.get_json("/api/establishments", ubn=unknown)["count"] == 0


def test_search_by_district_code_or_name(api, registry):
    expected = [registry["bakery"].ubn, registry["new"].ubn]
    assert _ubns_of(api.get_json("/api/establishments", district="daan")) == expected
    assert _ubns_of(api.get_json("/api/establishments", district="大安區")) == expected


def test_search_by_industry(api, registry):
    body = api.get_json("/api/establishments", industry="k")
    assert _ubns_of(body) == [registry["bank"].ubn]


def test_min_headcount_looks_at_the_latest_headcount_only(api, registry):
    # The bakery had 80 workers in 2022 but 12 now: it is not a 50+ establishment.
    body = api.get_json("/api/establishments", min_headcount=50)
    assert _ubns_of(body) == [registry["chips"].ubn, registry["bank"].ubn]


def test_filters_combine(api, registry):
    body = api.get_json("/api/establishments", district="daan", q="新創")
    assert _ubns_of(body) == [registry["new"].ubn]


def test_list_items_carry_district_industry_and_latest_headcount(api, registry):
    body = api.get_json("/api/establishments", ubn=registry["bakery"].ubn)
    item = body["items"][0]
    assert item["district"] == {
        "code": "daan", "name": "大安區", "name_en": "Da'an", "postal_code": "106"
    }
    assert item["industry"]["code"] == "I"
    assert item["latest_headcount"] == 12
    assert item["latest_headcount_as_of"] == "2023-06-30"


def test_unknown_district_or_industry_is_a_field_error_naming_where_codes_are(api):
    body = api.get_json("/api/establishments", expect=422, district="atlantis")
    assert body["errors"][0]["loc"] == ["query", "district"]
    assert "/api/districts" in body["errors"][0]["msg"]
    body = api.get_json("/api/establishments", expect=422, industry="ZZ")
    assert body["errors"][0]["loc"] == ["query", "industry"]


# --- establishments: pagination -------------------------------------------------------------


@pytest.fixture
def many(registry):
    ubns = _ubns()
    for _ in range(4):
        next(ubns)  # taken by the registry
    for n in range(21):
        _establishment(next(ubns), f"分頁測試{n:02d}號公司")
    return sorted(Establishment.objects.values_list("ubn", flat=True))


def test_pages_walk_every_establishment_once_in_ubn_order(api, many):
    seen = []
    first = api.get_json("/api/establishments", page_size=10)
    assert (first["count"], first["pages"], first["page_size"]) == (25, 3, 10)
    for page in range(1, 4):
        seen += _ubns_of(api.get_json("/api/establishments", page=page, page_size=10))
    assert seen == many


def test_a_page_past_the_end_is_empty(api, many):
    body = api.get_json("/api/establishments", page=4, page_size=10)
    assert body["items"] == [] and body["count"] == 25
    body = api.get_json("/api/establishments", page=10**30)
    assert body["items"] == []


def test_a_huge_page_size_is_capped(api, many):
    body = api.get_json("/api/establishments", page_size=10**9)
    assert body["page_size"] == 100
    assert len(body["items"]) == 25


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "-1"}, "page", "不可小於 1"),
        ({"page": "0"}, "page", "不可小於 1"),
        ({"page": "abc"}, "page", "請輸入整數"),
        ({"page": "1.5"}, "page", "請輸入整數"),
        ({"page": "9" * 5000}, "page", "數值過大"),
        ({"page_size": "0"}, "page_size", "不可小於 1"),
        ({"min_headcount": "-3"}, "min_headcount", "不可小於 0"),
        ({"min_headcount": "many"}, "min_headcount", "請輸入整數"),
        ({"q": "長" * 101}, "q", "長度不可超過 100"),
        ({"q": "abc\x00"}, "q", "控制字元"),
        ({"district": "daan\x00"}, "district", "控制字元"),
    ],
)
def test_malformed_query_parameters_get_a_zh_hant_field_message(api, params, field, message):
    body = api.get_json("/api/establishments", expect=422, **params)
    assert CJK.search(body["detail"])
    [error] = body["errors"]
    assert set(error) == {"loc", "msg", "type"}
    assert error["loc"] == ["query", field]
    assert message in error["msg"]


def test_every_bad_field_is_reported_at_once(api):
    body = api.get_json("/api/establishments", expect=422, page="x", page_size="-1")
    assert [e["loc"][-1] for e in body["errors"]] == ["page", "page_size"]


# --- establishments: one establishment ------------------------------------------------------


def test_an_establishment_with_its_headcount_history_newest_first(api, registry):
    bakery = registry["bakery"]
    body = api.get_json(f"/api/establishments/{bakery.ubn}")
    assert body["ubn"] == bakery.ubn
    assert body["name"] == "大安烘焙坊有限公司"
    assert body["district"]["name"] == "大安區"
    assert body["industry"] == {
        "code": "I", "name": "住宿及餐飲業", "name_en": "Accommodation and Food Service Activities"
    }
    assert body["latest_headcount"] == 12
    assert body["headcount_history"] == [
        {"as_of": "2023-06-30", "headcount": 12},
        {"as_of": "2022-12-31", "headcount": 80},
    ]


def test_a_headcount_dated_after_today_is_not_yet_the_latest(api, registry):
    bank = registry["bank"]
    services.headcount_record(
        establishment=bank, as_of=timezone.localdate() + dt.timedelta(days=30), headcount=999
    )
    body = api.get_json(f"/api/establishments/{bank.ubn}")
    assert (body["latest_headcount"], body["latest_headcount_as_of"]) == (120, "2023-06-30")
    assert body["headcount_history"][0]["headcount"] == 999


def test_an_establishment_without_headcounts_has_none(api, registry):
    body = api.get_json(f"/api/establishments/{registry['new'].ubn}")
    assert body["latest_headcount"] is None
    assert body["headcount_history"] == []


def test_an_unknown_ubn_is_404_in_zh_hant(api, registry):
    unknown = next(u for u in _ubns() if not Establishment.objects.filter(ubn=u).exists())
    body = api.get_json(f"/api/establishments/{unknown}", expect=404)
    assert body == {"detail": f"查無統一編號 {unknown} 的事業單位。"}


@pytest.mark.parametrize("ubn", ["1234567", "123456789", "abcdefgh", "1234567a", "２２０９９１"])
def test_a_malformed_ubn_is_422_with_a_zh_hant_field_message(api, ubn):
    body = api.get_json(f"/api/establishments/{ubn}", expect=422)
    assert body["errors"] == [
        {"loc": ["path", "ubn"], "msg": "統一編號應為 8 位數字。", "type": "ubn_format"}
    ]


def test_a_ubn_with_a_wrong_check_digit_is_422_saying_so(api):
    bad = _invalid_check_digit_ubn()
    body = api.get_json(f"/api/establishments/{bad}", expect=422)
    assert body["errors"][0]["loc"] == ["path", "ubn"]
    assert body["errors"][0]["msg"] == f"統一編號 {bad} 的檢查碼不正確。"
    body = api.get_json("/api/establishments", expect=422, ubn=bad)
    assert body["errors"][0]["loc"] == ["query", "ubn"]
    assert "檢查碼" in body["errors"][0]["msg"]


# --- reference data -------------------------------------------------------------------------


def test_districts_are_the_citys_in_the_city_governments_order(api):
    body = api.get_json("/api/districts")
    assert [d["code"] for d in body][:3] == ["songshan", "xinyi", "daan"]
    assert len(body) == 12
    assert {"code": "beitou", "name": "北投區", "name_en": "Beitou", "postal_code": "112"} in body


def test_industries_list_the_sections(api):
    body = api.get_json("/api/industries")
    assert body[0] == {
        "code": "A", "name": "農、林、漁、牧業",
        "name_en": "Agriculture, Forestry, Fishing and Animal Husbandry",
    }
    assert len(body) == 19


# --- errors outside the endpoints -----------------------------------------------------------


def test_an_unknown_api_path_is_a_json_404(api):
    for path in ("/api/nothing-here", "/api/establishments/", "/api/"):
        response = api.get_with_token(path)
        assert response.status_code == 404
        assert CJK.search(response.json()["detail"])


def test_a_method_the_path_does_not_take_is_a_json_405(token):
    response = Client().post("/api/establishments", **_auth(token))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert "POST" in response.json()["detail"]


# --- the OpenAPI document and the docs page -------------------------------------------------

EXTERNAL_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.IGNORECASE)


def test_openapi_json_is_valid_json_listing_every_path_without_logging_in():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        "/api/establishments", "/api/establishments/{ubn}", "/api/districts", "/api/industries"
    }
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert not EXTERNAL_URL.search(response.content.decode())


def test_the_docs_page_loads_nothing_from_outside_the_project():
    from django.conf import settings

    response = Client().get("/api/docs")
    if "ninja" not in settings.INSTALLED_APPS:
        # Without ninja's own static files the page could only come from a CDN: it is off.
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL_URL.search(html)
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL) or asset.startswith("/" + settings.STATIC_URL)
        assert finders.find(asset.split(settings.STATIC_URL, 1)[1]), asset
    assert '"validatorUrl": null' in html


# --- generated requests (schemathesis) ------------------------------------------------------


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, called in-process within the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # Each WSGI request would end by closing the database connection, and with it the
    # test's transaction (on PostgreSQL); Django's own test client switches this off too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.api_fuzz
@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("path", ["/api/establishments", "/api/establishments/{ubn}"])
def test_requests_generated_from_the_openapi_document_never_get_a_server_error(
    wsgi_app, token, registry, path, mode
):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.generation.modes import GenerationMode

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    strategy = schema[path]["GET"].as_strategy(generation_mode=GenerationMode(mode))
    statuses = []

    @settings(
        max_examples=50, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status_code)
        assert response.status_code < 500, case.as_curl_command()
        if response.status_code >= 400:
            assert CJK.search(response.json()["detail"]), response.text

    check()
    if mode == "negative":
        assert 422 in statuses  # the generator did reach the validation


def test_no_token_begins_with_a_dash_which_the_revoke_command_would_take_for_an_option(
        monkeypatch):
    draws = iter(["-starts-with-a-dash", "Abc-def_0123456789"])
    monkeypatch.setattr(services.secrets, "token_urlsafe", lambda n: next(draws))
    _token, raw = services.api_token_issue(user=_user(), name="介接")
    assert raw == "Abc-def_0123456789"
