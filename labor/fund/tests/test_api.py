"""The fund's API: who may call each endpoint, the applications (list with masked IDs, detail,
submission with Idempotency-Key), bad input at its field, the recovery book as of a day, the
statements, and requests generated from the OpenAPI document."""

import datetime as dt
import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from labor.core import services as core_services
from labor.core.models import Case, CaseEvent
from labor.fund import services_applications as apps
from labor.fund import services_recovery as recovery
from labor.fund.models import Application, Item, RecoveryClaim
from labor.fund.tests.test_views import (
    WORKER_ID,
    approved,
    fund_cash,
    items_of,
    reload,
    submit,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

REVIEW = "fund.review_application"
DECIDE = "fund.decide_application"
DISBURSE = "fund.disburse"
RECOVER = "fund.manage_recovery"
LEDGER = "fund.view_journalentry"
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"[0-9]{3}-LRF-[0-9]{6}")
OTHER_ID = shared.make_national_id(8201, sex="2")
NEW_ID = shared.make_national_id(8202)
BAD_ID = NEW_ID[:-1] + str((int(NEW_ID[-1]) + 1) % 10)
PAID_ON = dt.date(2023, 3, 15)
ITEMS = [
    {"kind": "court_fee", "instance": 1, "requested": 30_000},
    {"kind": "lawyer_fee", "instance": 1, "requested": 40_000},
    {"kind": "living_expenses", "months": 2, "requested": 52_800},
]
EVERY_PATH = ["/api/fund/applications", "/api/fund/applications/112-LRF-000001",
              "/api/fund/recovery-book", "/api/fund/statements/2023"]


def masked(id_number: str) -> str:
    return id_number[:3] + "****" + id_number[-3:]


def _integration(username, *perms) -> str:
    """A token (its clear text) of an integration account holding ``perms``."""
    user = User.objects.create_user(username)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename))
    _token, raw = core_services.api_token_issue(user=user, name=f"{username} 介接")
    return raw


class Api:
    """A client that sends a token (or none) and decodes JSON answers."""

    def __init__(self, token=None, client=None):
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, expect=200, **params):
        response = self.client.get(path, params, **self.headers)
        assert response.status_code == expect, response.content.decode()
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    def post(self, path, body, expect=201, **headers):
        response = self.client.post(path, json.dumps(body), content_type="application/json",
                                    **self.headers, **headers)
        assert response.status_code == expect, response.content.decode()
        return response.json()


# --- the fund's data ------------------------------------------------------------------------


@pytest.fixture
def officer(staff_user):
    return staff_user("fund-officer", perms=[REVIEW, DISBURSE])


@pytest.fixture
def checker(staff_user):
    return staff_user("fund-checker", perms=[DECIDE])


@pytest.fixture
def recoverer(staff_user):
    return staff_user("fund-recovery", perms=[RECOVER])


@pytest.fixture
def fund(officer, checker, recoverer):
    """Two applications: ``paid`` (approved, every item paid on 15 March 2023, won, court fee
    and living expenses claimed back on 5 September, 10,000 of the court fee repaid on the
    20th and 2,800 of the living expenses reclassified on the 21st) and ``fresh`` (submitted
    on 1 June 2023 by another worker, undecided)."""
    fund_cash()
    paid = approved(submit(actor=officer, items=ITEMS), officer, checker)
    for item in items_of(paid).values():
        apps.disbursement_record(item=item, paid_on=PAID_ON, amount=item.approved,
                                 actor=officer)
    apps.outcome_record(application=paid, outcome="won", on=dt.date(2023, 9, 1),
                        actor=recoverer)
    items = items_of(paid)
    recovery.recovery_assess(
        application=paid, basis="judgment", on=dt.date(2023, 9, 5), actor=recoverer,
        claims={items[("court_fee", 1)].pk: 30_000, items[("living_expenses", None)].pk: 52_800})
    court = RecoveryClaim.objects.get(application=paid, item__kind="court_fee")
    living = RecoveryClaim.objects.get(application=paid, item__kind="living_expenses")
    recovery.repayment_record(claim=court, on=dt.date(2023, 9, 20), amount=10_000,
                              actor=recoverer)
    recovery.reclassification_record(claim=living, on=dt.date(2023, 9, 21), amount=2_800,
                                     reason="部分無法收回", actor=recoverer)
    fresh = submit(actor=officer, submission_key="fresh", applicants=[{
        "id_number": OTHER_ID, "name": "林美華", "annual_income": 300_000, "assets": 0}],
        received_at=dt.datetime(2023, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    return {"paid": reload(paid), "fresh": reload(fresh)}


@pytest.fixture
def reviewer():
    return Api(_integration("reviewer", REVIEW))


def _numbers(body) -> list[str]:
    return [item["number"] for item in body["items"]]


# --- who may call -----------------------------------------------------------------------------


def test_a_request_without_a_token_is_refused_with_401_in_zh_hant():
    responses = [Client().get(path) for path in EVERY_PATH]
    responses.append(Client().post("/api/fund/applications", "{}",
                                   content_type="application/json"))
    for response in responses:
        assert response.status_code == 401
        assert CJK.search(response.json()["detail"])


def test_a_caller_without_the_fund_permissions_gets_403_in_zh_hant(fund):
    api = Api(_integration("nosy", "core.view_establishment", "core.view_case"))
    number = fund["paid"].case.number

    body = api.get("/api/fund/applications", expect=403)
    assert "fund.review_application" in body["detail"] and CJK.search(body["detail"])
    api.get(f"/api/fund/applications/{number}", expect=403)
    assert "fund.manage_recovery" in api.get("/api/fund/recovery-book", expect=403)["detail"]
    assert "fund.view_journalentry" in api.get("/api/fund/statements/2023",
                                               expect=403)["detail"]
    api.post("/api/fund/applications", _application(), expect=403)
    assert Application.objects.count() == 2


def test_each_endpoint_checks_its_own_permission(fund):
    decider = Api(_integration("decider", DECIDE))
    collector = Api(_integration("collector", RECOVER))
    accountant = Api(_integration("accountant", LEDGER))

    assert decider.get("/api/fund/applications")["count"] == 2
    decider.get("/api/fund/recovery-book", expect=403)
    decider.post("/api/fund/applications", _application(), expect=403)  # reading only
    collector.get("/api/fund/recovery-book")
    collector.get("/api/fund/applications", expect=403)
    collector.get("/api/fund/statements/2023", expect=403)
    accountant.get("/api/fund/statements/2023")
    accountant.get("/api/fund/applications", expect=403)


def test_staff_read_with_their_session_but_cannot_submit(fund, staff_user):
    client = Client()
    client.force_login(staff_user("counter-clerk", perms=[REVIEW]))
    api = Api(client=client)

    assert api.get("/api/fund/applications")["count"] == 2
    api.get("/api/fund/recovery-book")
    api.post("/api/fund/applications", _application(), expect=401)
    assert Application.objects.count() == 2


# --- the list ---------------------------------------------------------------------------------


def test_the_list_masks_the_applicants_ids_and_gives_the_totals(reviewer, fund):
    response = reviewer.client.get("/api/fund/applications", **reviewer.headers)
    body = response.json()

    assert WORKER_ID not in response.content.decode()
    assert OTHER_ID not in response.content.decode()
    assert _numbers(body) == [fund["fresh"].case.number, fund["paid"].case.number]
    paid = body["items"][1]
    assert paid["applicants"] == [{"name": "陳志明", "id_number": masked(WORKER_ID)}]
    assert (paid["status"], paid["status_label"]) == ("approved", "核定補助")
    assert (paid["requested_total"], paid["approved_total"]) == (122_800, 122_800)
    assert paid["decided_on"] == "2023-03-10"
    assert paid["received_at"] == "2023-03-01T10:00:00+08:00"
    assert body["items"][0]["applicants"][0]["id_number"] == masked(OTHER_ID)


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "submitted"}, ["fresh"]),
    ({"status": "approved"}, ["paid"]),
    ({"status": "closed"}, []),
    ({"received_from": "2023-06-01"}, ["fresh"]),
    ({"received_to": "2023-05-31"}, ["paid"]),
    ({"received_from": "2023-03-01", "received_to": "2023-03-01"}, ["paid"]),
    ({"received_from": "0001-01-01", "received_to": "9999-12-31"}, ["fresh", "paid"]),
])
def test_filters_by_status_and_received_dates(reviewer, fund, params, expected):
    assert _numbers(reviewer.get("/api/fund/applications", **params)) == [
        fund[name].case.number for name in expected]


def test_pages_walk_every_application_once(reviewer, fund):
    first = reviewer.get("/api/fund/applications", page_size=1)
    second = reviewer.get("/api/fund/applications", page_size=1, page=2)
    past_end = reviewer.get("/api/fund/applications", page_size=1, page=99)

    assert (first["count"], first["pages"]) == (2, 2)
    assert _numbers(first) + _numbers(second) == [fund["fresh"].case.number,
                                                  fund["paid"].case.number]
    assert past_end["items"] == []


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"status": "open"}, "status", "不是可接受的值"),
    ({"received_from": "2023-13-01"}, "received_from", "日期格式不正確"),
    ({"received_from": "2023-06-02", "received_to": "2023-06-01"}, "received_to",
     "迄日不得早於起日"),
    ({"page": "0"}, "page", "不可小於 1"),
])
def test_bad_filters_are_422_with_a_zh_hant_message_per_field(reviewer, params, field, message):
    body = reviewer.get("/api/fund/applications", expect=422, **params)

    errors = {tuple(error["loc"]): error["msg"] for error in body["errors"]}
    assert message in errors[("query", field)]


# --- one application --------------------------------------------------------------------------


def test_the_detail_has_the_lawsuit_items_claims_and_status(reviewer, fund):
    number = fund["paid"].case.number

    body = reviewer.get(f"/api/fund/applications/{number.lower()}")

    assert body["number"] == number
    assert (body["status"], body["status_label"]) == ("approved", "核定補助")
    assert body["applicants"] == [{"name": "陳志明", "id_number": masked(WORKER_ID)}]
    assert WORKER_ID not in json.dumps(body)
    assert body["lawsuit"] == {
        "court": "taipei_district", "court_label": "臺灣臺北地方法院", "instance": 1,
        "case_type": "dismissal", "case_type_label": "解僱", "lawsuit_number": "",
        "claim_amount": None, "respondent_name": "大安精密股份有限公司", "respondent_ubn": "",
        "dispute_number": "", "mediation_reference": "新北勞資調字第112001號",
        "outcome": "won", "outcome_label": "判決勝訴", "outcome_on": "2023-09-01",
    }
    assert [(i["kind"], i["instance"], i["requested"], i["approved"], i["paid"])
            for i in body["items"]] == [
        ("court_fee", 1, 30_000, 30_000, 30_000),
        ("lawyer_fee", 1, 40_000, 40_000, 40_000),
        ("living_expenses", None, 52_800, 52_800, 52_800),
    ]
    assert body["items"][2]["months"] == 2
    assert [(c["item_label"], c["amount"], c["repaid"], c["reclassified"], c["outstanding"])
            for c in body["claims"]] == [
        (body["items"][0]["label"], 30_000, 10_000, 0, 20_000),
        (body["items"][2]["label"], 52_800, 0, 2_800, 50_000),
    ]
    assert body["claims"][0]["basis"] == "judgment"
    assert body["totals"] == {"requested": 122_800, "approved": 122_800, "paid": 122_800,
                              "claimed": 82_800, "outstanding": 70_000}
    assert (body["decided_on"], body["completed_on"]) == ("2023-03-10", "2023-03-02")


def test_an_undecided_application_has_no_approved_amounts_and_no_claims(reviewer, fund):
    body = reviewer.get(f"/api/fund/applications/{fund['fresh'].case.number}")

    assert body["status"] == "submitted"
    assert [i["approved"] for i in body["items"]] == [None, None]
    assert body["claims"] == []
    assert body["decided_on"] is None


@pytest.mark.parametrize("number", ["112-LRF-999999", "nothing", "112-LRF-00000%00",
                                    "x" * 40])
def test_an_unknown_application_is_404_in_zh_hant(reviewer, fund, number):
    body = reviewer.get(f"/api/fund/applications/{number}", expect=404)

    assert body["detail"].startswith("查無") and "訴訟補助" in body["detail"]


# --- submitting -------------------------------------------------------------------------------


def _application(**changes):
    body = {
        "applicant_kind": "worker",
        "applicants": [{"id_number": NEW_ID, "name": "王小明", "annual_income": 380_000,
                        "assets": 150_000, "phone": "0912-345-678"}],
        "items": [{"kind": "court_fee", "instance": 1, "requested": 30_000},
                  {"kind": "living_expenses", "months": 3, "requested": 60_000}],
        "court": "taipei_district", "instance": 1, "case_type": "dismissal",
        "no_other_subsidy": True, "mediation_reference": "新北勞資調字第112001號",
        "respondent_name": "大安精密股份有限公司", "statement": "公司違法解僱。",
    }
    body.update(changes)
    return body


def test_a_counter_application_is_received_and_answered_with_its_detail(reviewer):
    body = reviewer.post("/api/fund/applications", _application())

    assert NUMBER.fullmatch(body["number"])
    application = Application.objects.select_related("case").get(case__number=body["number"])
    assert (application.case.channel, application.case.status) == ("counter", "submitted")
    assert body["status"] == "submitted" and body["channel"] == "counter"
    assert body["applicants"] == [{"name": "王小明", "id_number": masked(NEW_ID)}]
    assert [(i["kind"], i["requested"], i["approved"], i["paid"]) for i in body["items"]] == [
        ("court_fee", 30_000, None, 0), ("living_expenses", 60_000, None, 0)]
    assert body["totals"]["requested"] == 90_000
    event = CaseEvent.objects.get(case=application.case, action="application_submit")
    assert event.actor.username == "reviewer"


def test_the_channel_and_the_received_date_may_be_given(reviewer, establishment_factory):
    employer = establishment_factory("好工作股份有限公司")

    body = reviewer.post("/api/fund/applications", _application(
        channel="mail", received_on="2023-06-30", respondent_ubn=employer.ubn,
        respondent_name=""))

    case = Case.objects.get(number=body["number"])
    assert case.channel == "mail"
    assert timezone.localtime(case.received_at).date() == dt.date(2023, 6, 30)
    assert body["lawsuit"]["respondent_ubn"] == employer.ubn
    assert body["lawsuit"]["respondent_name"] == "好工作股份有限公司"


def test_a_retry_with_the_same_idempotency_key_makes_one_application(reviewer):
    first = reviewer.post("/api/fund/applications", _application(),
                          HTTP_IDEMPOTENCY_KEY="counter-2023-0001")
    again = reviewer.post("/api/fund/applications", _application(), expect=200,
                          HTTP_IDEMPOTENCY_KEY="counter-2023-0001")
    other = reviewer.post("/api/fund/applications", _application(),
                          HTTP_IDEMPOTENCY_KEY="counter-2023-0002")

    assert again == first
    assert other["number"] != first["number"]
    assert Application.objects.count() == 2


def test_another_callers_key_never_finds_this_application(reviewer):
    first = reviewer.post("/api/fund/applications", _application(), HTTP_IDEMPOTENCY_KEY="k")
    elsewhere = Api(_integration("union-desk", REVIEW))

    second = elsewhere.post("/api/fund/applications", _application(), HTTP_IDEMPOTENCY_KEY="k")

    assert second["number"] != first["number"]


@pytest.mark.parametrize("key", ["", "x" * 41, "空白 key"])
def test_a_malformed_idempotency_key_is_422(reviewer, key):
    body = reviewer.post("/api/fund/applications", _application(), expect=422,
                         HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"))

    assert body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Application.objects.exists()


@pytest.mark.parametrize(("changes", "loc", "message"), [
    ({"items": [{"kind": "court_fee", "instance": 1, "requested": -1}]},
     ["items", 0, "requested"], "不可小於 1"),
    ({"items": [{"kind": "court_fee", "instance": 1, "requested": "many"}]},
     ["items", 0, "requested"], "請輸入整數"),
    ({"items": [{"kind": "bonus", "requested": 100}]}, ["items", 0, "kind"], "不是可接受的值"),
    ({"applicants": [{"id_number": NEW_ID, "name": "王小明", "assets": 0}]},
     ["applicants", 0, "annual_income"], "此欄位為必填"),
    ({"court": "moon"}, ["court"], "不是可接受的值"),
    ({"channel": "online"}, ["channel"], "不是可接受的值"),
    ({"received_on": "1900-01-01"}, ["received_on"], "不可小於 1912-01-01"),
    ({"statement": "a\x00b"}, ["statement"], "不可包含控制字元"),
    ({"statement": "a\ud800b"}, ["statement"], "欄位值不正確"),
    ({"respondent_ubn": "1234"}, ["respondent_ubn"], "統一編號應為 8 位數字"),
])
def test_malformed_fields_are_422_at_their_field_before_the_service_is_called(
    reviewer, changes, loc, message
):
    body = reviewer.post("/api/fund/applications", _application(**changes), expect=422)

    assert CJK.search(body["detail"])
    errors = {tuple(error["loc"]): error["msg"] for error in body["errors"]}
    assert message in errors[("body", "application", *loc)], errors
    assert not Application.objects.exists()


@pytest.mark.parametrize(("changes", "loc", "message"), [
    ({"items": [{"kind": "court_fee", "requested": 30_000}]}, ["items", 0, "instance"],
     "請選擇審級"),
    ({"items": [{"kind": "court_fee", "instance": 1, "requested": 1},
                {"kind": "court_fee", "instance": 1, "requested": 2}]}, ["items", 1, "kind"],
     "重複填寫"),
    ({"items": []}, ["items"], "請至少填寫一項"),
    ({"applicants": [{"id_number": BAD_ID, "name": "王小明", "annual_income": 1,
                      "assets": 1}]}, ["applicants", 0, "id_number"], "不正確"),
    ({"no_other_subsidy": False}, ["no_other_subsidy"], "請切結"),
    ({"mediation_reference": ""}, ["dispute"], "請選擇調解不成立"),
    ({"dispute": "112-DSP-999999"}, ["dispute"], "查無勞資爭議案號 112-DSP-999999"),
    ({"respondent_ubn": shared.make_ubn(99)}, ["respondent_ubn"], "不在事業單位名冊中"),
    ({"applicant_kind": "union"}, ["union_name"], "請輸入工會名稱"),
    ({"received_on": "2999-01-01"}, ["received_on"], "收件時間不得晚於現在"),
])
def test_the_services_refusals_are_422_at_their_field_and_save_nothing(
    reviewer, changes, loc, message
):
    body = reviewer.post("/api/fund/applications", _application(**changes), expect=422)

    errors = {tuple(error["loc"]): error["msg"] for error in body["errors"]}
    assert message in errors[("body", "application", *loc)], errors
    assert not Application.objects.exists()
    assert not Item.objects.exists()


# --- the recovery book ------------------------------------------------------------------------


def test_the_recovery_book_as_of_a_day_with_totals_and_shares(fund):
    api = Api(_integration("collector", RECOVER))
    number = fund["paid"].case.number

    now = api.get("/api/fund/recovery-book")
    before = api.get("/api/fund/recovery-book", on="2023-09-19")
    earlier = api.get("/api/fund/recovery-book", on="2023-09-04")

    assert now["on"] == timezone.localdate().isoformat()
    assert now["cases"] == 1
    assert now["totals"] == {"claimed": 82_800, "repaid": 10_000, "reclassified": 2_800,
                             "outstanding": 70_000}
    assert [(c["application_number"], c["item_kind"], c["outstanding"], c["share_group"])
            for c in now["claims"]] == [(number, "court_fee", 20_000, "court_fees"),
                                        (number, "living_expenses", 50_000, "living_expenses")]
    shares = {s["key"]: (s["amount"], s["share_percent"]) for s in now["shares"]}
    assert shares == {"court_fees": (20_000, 28.57), "third_instance_lawyer_fees": (0, 0.0),
                      "living_expenses": (50_000, 71.43), "other": (0, 0.0)}
    assert before["on"] == "2023-09-19"
    assert before["totals"] == {"claimed": 82_800, "repaid": 0, "reclassified": 0,
                                "outstanding": 82_800}
    assert earlier["claims"] == [] and earlier["cases"] == 0
    assert [s["share_percent"] for s in earlier["shares"]] == [None] * 4


@pytest.mark.parametrize(("on", "message"), [
    ("2023-02-30", "日期格式不正確"), ("明天", "日期格式不正確"), ("future", "日期不得晚於今天"),
])
def test_a_bad_or_future_day_is_422_at_the_field(fund, on, message):
    api = Api(_integration("collector", RECOVER))
    if on == "future":
        on = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    body = api.get("/api/fund/recovery-book", expect=422, on=on)

    assert message in {tuple(e["loc"]): e["msg"] for e in body["errors"]}[("query", "on")]


# --- statements -------------------------------------------------------------------------------


@pytest.fixture
def accountant():
    return Api(_integration("accountant", LEDGER))


def test_a_months_statement(accountant, fund):
    body = accountant.get("/api/fund/statements/2023-03")

    assert (body["period"], body["kind"], body["label"]) == ("2023-03", "month", "112年3月")
    assert (body["start"], body["end"], body["opening_on"]) == (
        "2023-03-01", "2023-03-31", "2023-02-28")
    assert body["opening_balance"] == 10_000_000
    assert body["income_total"] == 0
    assert body["expense_total"] == 122_800
    expenses = {line["account_code"]: line["amount"] for line in body["expense"] if line["amount"]}
    assert expenses == {"5101": 30_000, "5102": 40_000, "5104": 52_800}
    assert body["surplus"] == -122_800
    assert body["closing_balance"] == 10_000_000 - 122_800
    assert body["equity"] == [] and body["balanced"] is True


def test_a_years_statement(accountant, fund):
    body = accountant.get("/api/fund/statements/2023")

    assert (body["period"], body["kind"], body["start"], body["end"]) == (
        "2023", "year", "2023-01-01", "2023-12-31")
    assert body["opening_balance"] == 0
    assert [(line["account_code"], line["amount"]) for line in body["equity"]] == [
        ("3101", 10_000_000)]
    assert body["income_total"] == 10_000  # the repayment (4301)
    assert body["expense_total"] == 122_800
    assert body["closing_balance"] == 10_000_000 - 122_800 + 10_000
    assert body["year_to_date_surplus"] == body["surplus"] == 10_000 - 122_800
    assert body["balanced"] is True


@pytest.mark.parametrize("period", ["2023H1", "2023Q2", "2023-13", "2023-06-01", "1800",
                                    "asof:2023-06-30", "nothing", "20230"])
def test_other_periods_are_404_in_zh_hant(accountant, period):
    body = accountant.get(f"/api/fund/statements/{period}", expect=404)

    assert body["detail"] == "報表期間須為年（如 2023）或月（如 2023-06）。"


# --- the OpenAPI document and generated requests ----------------------------------------------


def test_the_openapi_document_lists_the_fund_endpoints_and_the_idempotency_header():
    document = Client().get("/api/openapi.json").json()

    assert {"/api/fund/applications", "/api/fund/applications/{number}",
            "/api/fund/recovery-book", "/api/fund/statements/{period}"} <= set(document["paths"])
    post = document["paths"]["/api/fund/applications"]["post"]
    assert {"201", "200", "422"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header"
               for p in post["parameters"])


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, called in-process within the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.api_fuzz
@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize(("path", "method"), [
    ("/api/fund/applications", "GET"), ("/api/fund/applications/{number}", "GET"),
    ("/api/fund/applications", "POST"), ("/api/fund/recovery-book", "GET"),
    ("/api/fund/statements/{period}", "GET"),
])
def test_requests_generated_from_the_openapi_document_never_get_a_server_error(
    wsgi_app, fund, path, method, mode
):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.generation.modes import GenerationMode

    token = _integration("fuzzer", REVIEW, DECIDE, RECOVER, LEDGER)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    strategy = schema[path][method].as_strategy(generation_mode=GenerationMode(mode))

    @settings(
        max_examples=40, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, case.as_curl_command()
        if response.status_code >= 400:
            assert CJK.search(response.json()["detail"]), response.text

    check()


def test_a_page_costs_the_same_few_queries_however_many_applications_it_holds(
    reviewer, fund, officer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        reviewer.get("/api/fund/applications")
    for n in range(5):
        submit(actor=officer, submission_key=f"more-{n}", applicants=[{
            "id_number": shared.make_national_id(8300 + n), "name": f"勞工{n}",
            "annual_income": 1, "assets": 1}])

    with django_assert_max_num_queries(len(two.captured_queries)):
        body = reviewer.get("/api/fund/applications")
    assert body["count"] == 7
