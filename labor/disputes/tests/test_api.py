"""The disputes API: who may read and submit, filters, masking, and bad input."""

import datetime as dt
import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from labor.core import services as core_services
from labor.core.formatting import TAIPEI
from labor.core.models import Case, CaseEvent
from labor.disputes import services
from labor.disputes.models import Dispute, Mediator
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"[0-9]{3}-(DSP|MDC)-[0-9]{6}")
ID_1 = shared.make_national_id(7001)
ID_2 = shared.make_national_id(7002, sex="2")
ID_3 = shared.make_national_id(7003)
UBN = shared.make_ubn(7001)
OTHER_UBN = shared.make_ubn(7002)


def _integration(username="referrals", *perms) -> str:
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


@pytest.fixture
def employers(establishment_factory):
    return (establishment_factory("好工作股份有限公司", ubn=UBN),
            establishment_factory("大安便當有限公司", ubn=OTHER_UBN))


def _submit(*, ubn=UBN, id_number=ID_1, name="王小明", kind="mediation", days_ago=10,
            **extra):
    received_at = timezone.now() - dt.timedelta(days=days_ago)
    return services.dispute_submit(
        channel=extra.pop("channel", "counter"), kind=kind, applicant_kind="worker",
        applicants=[{"kind": "person", "id_number": id_number, "name": name}],
        respondents=[{"kind": "establishment", "ubn": ubn}],
        items=[{"kind": "unpaid_wages", "amount_claimed": 52800}, {"kind": "severance"}],
        received_at=received_at, **extra,
    )


@pytest.fixture
def cases(employers):
    """Three disputes: two mediation cases (one concluded) and one coordination case."""
    older = _submit(days_ago=30)
    newer = _submit(id_number=ID_2, name="林美華", ubn=OTHER_UBN, days_ago=5)
    migrant = _submit(id_number=ID_3, name="陳大同", kind="coordination", days_ago=20,
                      interpreter_language="越南語")
    _conclude(older)
    return {"older": older, "newer": newer, "migrant": migrant}


def _version(dispute):
    return Dispute.objects.get(pk=dispute.pk).version


def _conclude(dispute):
    mediator = Mediator.objects.create(name="張調解", kind=Mediator.Kind.BUREAU)
    services.mediator_assign(dispute=dispute, mediator=mediator, actor=None,
                             version=_version(dispute))
    meeting = services.meeting_schedule(
        dispute=dispute, starts_at=dispute.case.received_at + dt.timedelta(days=3),
        room="調解室一", actor=None, version=_version(dispute), allow_past=True,
    )
    services.meeting_hold(meeting=meeting, attendance={}, actor=None, version=_version(dispute))
    services.outcome_record(
        dispute=dispute, outcome="settled",
        outcome_on=(dispute.case.received_at + dt.timedelta(days=3)).astimezone(TAIPEI).date(),
        settled_amount=150000, actor=None, version=_version(dispute),
    )


@pytest.fixture
def auditor():
    return Api(_integration("auditor", "core.view_case"))


def _numbers(body) -> list[str]:
    return [item["number"] for item in body["items"]]


# --- who may call -----------------------------------------------------------------------------


def test_a_request_without_a_token_is_refused_with_401_in_zh_hant():
    for response in (Client().get("/api/disputes"), Client().get("/api/disputes/112-DSP-000001"),
                     Client().post("/api/disputes", "{}", content_type="application/json")):
        assert response.status_code == 401
        assert CJK.search(response.json()["detail"])


def test_a_caller_without_a_dispute_permission_gets_403_in_zh_hant(cases):
    api = Api(_integration("nosy", "core.view_establishment"))

    body = api.get("/api/disputes", expect=403)
    assert "disputes.work_dispute" in body["detail"] and CJK.search(body["detail"])
    api.get(f"/api/disputes/{cases['older'].case.number}", expect=403)
    api.post("/api/disputes", _application(), expect=403)
    assert Case.objects.count() == 3


def test_core_view_case_reads_every_dispute(auditor, cases):
    body = auditor.get("/api/disputes")

    assert body["count"] == 3


def test_staff_read_with_their_session_only_the_lines_of_their_unit(
    cases, staff_user, unit_factory
):
    mediation = unit_factory("mediation", "勞資爭議科", lines=("disputes",))
    other = unit_factory("inspection", "勞動檢查科", lines=("inspections",))
    client = Client()
    client.force_login(staff_user("clerk", unit=mediation, perms=["disputes.work_dispute"]))
    outsider = Client()
    outsider.force_login(staff_user("inspector", unit=other, perms=["disputes.work_dispute"]))

    assert set(_numbers(Api(client=client).get("/api/disputes"))) == {
        cases["older"].case.number, cases["newer"].case.number}
    Api(client=client).get(f"/api/disputes/{cases['migrant'].case.number}", expect=404)
    assert Api(client=outsider).get("/api/disputes")["count"] == 0


def test_a_staff_session_cannot_submit(staff_user, unit_factory, employers):
    client = Client()
    client.force_login(staff_user(unit=unit_factory("mediation", lines=("disputes",)),
                                  perms=["disputes.work_dispute"]))

    Api(client=client).post("/api/disputes", _application(), expect=401)
    assert not Case.objects.exists()


def test_an_integration_sees_the_cases_it_submitted_and_no_others(cases):
    api = Api(_integration("referrals", "disputes.work_dispute"))

    created = api.post("/api/disputes", _application())

    assert _numbers(api.get("/api/disputes")) == [created["number"]]
    api.get(f"/api/disputes/{cases['older'].case.number}", expect=404)


# --- the list ---------------------------------------------------------------------------------


def test_the_list_is_newest_first_and_pages_walk_every_case_once(auditor, cases):
    first = auditor.get("/api/disputes", page_size=2)
    second = auditor.get("/api/disputes", page_size=2, page=2)
    past_end = auditor.get("/api/disputes", page_size=2, page=99)

    assert (first["count"], first["pages"], len(first["items"])) == (3, 2, 2)
    assert _numbers(first) + _numbers(second) == [
        cases["newer"].case.number, cases["migrant"].case.number, cases["older"].case.number]
    assert past_end["items"] == []


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "closed"}, ["older"]),
    ({"status": "received"}, ["newer", "migrant"]),
    ({"kind": "coordination"}, ["migrant"]),
    ({"kind": "mediation", "status": "received"}, ["newer"]),
    ({"ubn": OTHER_UBN}, ["newer"]),
    ({"ubn": UBN}, ["migrant", "older"]),
])
def test_filters_by_status_kind_and_ubn(auditor, cases, params, expected):
    assert _numbers(auditor.get("/api/disputes", **params)) == [
        cases[name].case.number for name in expected]


def test_the_received_date_filters_take_whole_taipei_days(auditor, cases):
    received = timezone.localtime(cases["migrant"].case.received_at, TAIPEI).date()

    on_the_day = auditor.get("/api/disputes", received_from=received.isoformat(),
                             received_to=received.isoformat())
    from_then = auditor.get("/api/disputes", received_from=received.isoformat())
    until_then = auditor.get("/api/disputes", received_to=received.isoformat())

    assert _numbers(on_the_day) == [cases["migrant"].case.number]
    assert set(_numbers(from_then)) == {cases["newer"].case.number, cases["migrant"].case.number}
    assert set(_numbers(until_then)) == {cases["migrant"].case.number, cases["older"].case.number}


def test_the_calendars_first_and_last_days_are_no_bound_rather_than_an_error(auditor, cases):
    """Their Taipei midnights cannot be written in UTC: the filter leaves that bound out."""
    body = auditor.get("/api/disputes", received_from="0001-01-01", received_to="9999-12-31")
    assert set(_numbers(body)) == {c.case.number for c in cases.values()}


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"status": "open"}, "status", "不是可接受的值"),
    ({"kind": "fund"}, "kind", "不是可接受的值"),
    ({"received_from": "2023-13-01"}, "received_from", "日期格式不正確"),
    ({"received_from": "2023-06-02", "received_to": "2023-06-01"}, "received_to",
     "迄日不得早於起日"),
    ({"ubn": "1234"}, "ubn", "統一編號應為 8 位數字"),
    ({"page": "0"}, "page", "不可小於 1"),
])
def test_bad_filters_are_422_with_a_zh_hant_message_per_field(auditor, params, field, message):
    body = auditor.get("/api/disputes", expect=422, **params)

    errors = {tuple(error["loc"]): error["msg"] for error in body["errors"]}
    assert message in errors[("query", field)]


def test_the_list_masks_the_parties_personal_ids(auditor, cases):
    response = auditor.client.get("/api/disputes", **auditor.headers)
    body = response.json()

    text = response.content.decode()
    for id_number in (ID_1, ID_2, ID_3):
        assert id_number not in text
    older = next(i for i in body["items"] if i["number"] == cases["older"].case.number)
    assert older["parties"] == [
        {"side": "applicant", "kind": "person", "name": "王小明",
         "id_number": ID_1[:3] + "****" + ID_1[-3:], "ubn": ""},
        {"side": "respondent", "kind": "establishment", "name": "好工作股份有限公司",
         "id_number": "", "ubn": UBN},
    ]
    assert older["outcome"]["code"] == "settled"
    assert older["items"][0] == {"kind": "unpaid_wages", "label": "積欠工資",
                                 "amount_claimed": 52800, "note": ""}


# --- one case ---------------------------------------------------------------------------------


def test_the_detail_of_a_case_has_its_items_meetings_due_dates_and_outcome(auditor, cases):
    number = cases["older"].case.number

    body = auditor.get(f"/api/disputes/{number}")

    assert body["number"] == number
    assert (body["status"], body["status_label"], body["kind"]) == ("closed", "結案", "mediation")
    assert [item["kind"] for item in body["items"]] == ["unpaid_wages", "severance"]
    assert [m["status"] for m in body["meetings"]] == ["held"]
    assert body["mediators"][0]["name"] == "張調解"
    assert {d["kind"] for d in body["due_dates"]} >= {"mediator_designation", "mediation_start"}
    assert body["outcome"]["code"] == "settled"
    assert body["outcome"]["label"] == "調解成立"
    assert body["outcome"]["settled_amount"] == 150000
    assert body["parties"][0]["id_number"] == ID_1[:3] + "****" + ID_1[-3:]
    assert ID_1 not in json.dumps(body)
    assert body["received_at"].endswith("+08:00")


def test_a_coordination_case_shows_its_interpreter_language(auditor, cases):
    body = auditor.get(f"/api/disputes/{cases['migrant'].case.number}")

    assert (body["kind"], body["interpreter_language"], body["outcome"]) == (
        "coordination", "越南語", None)


@pytest.mark.parametrize("number", ["112-DSP-999999", "nothing", "112-DSP-00000%00"])
def test_an_unknown_case_is_404_in_zh_hant(auditor, cases, number):
    body = auditor.get(f"/api/disputes/{number}", expect=404)

    assert body["detail"].startswith("查無")
    assert "勞資爭議案件" in body["detail"]


# --- submitting -------------------------------------------------------------------------------


def _application(**changes):
    body = {
        "applicant_kind": "worker",
        "applicants": [{"kind": "person", "id_number": ID_1, "name": "王小明",
                        "phone": "0912-345-678"}],
        "respondents": [{"kind": "establishment", "ubn": UBN}],
        "items": [{"kind": "unpaid_wages", "amount_claimed": 52800}],
        "statement": "公司積欠 3 個月工資。",
        "monthly_wage": 26400,
    }
    body.update(changes)
    return body


@pytest.fixture
def referrals(employers):
    return Api(_integration("referrals", "disputes.work_dispute"))


def test_an_integration_submits_an_application_and_gets_its_case_number(referrals):
    body = referrals.post("/api/disputes", _application())

    assert NUMBER.fullmatch(body["number"])
    dispute = Dispute.objects.select_related("case").get(case__number=body["number"])
    assert (dispute.case.channel, dispute.case.status, dispute.monthly_wage) == (
        "referral", "received", 26400)
    assert body["status"] == "received"
    assert body["parties"][0]["id_number"] == ID_1[:3] + "****" + ID_1[-3:]
    assert [d["kind"] for d in body["due_dates"]] == ["mediator_designation"]
    event = CaseEvent.objects.get(case=dispute.case, action="dispute_submit")
    assert event.actor.username == "referrals"


def test_the_channel_may_be_given(referrals):
    body = referrals.post("/api/disputes", _application(channel="mail"))

    assert Case.objects.get(number=body["number"]).channel == "mail"


def test_an_invalid_application_is_422_with_a_message_per_field_and_saves_nothing(referrals):
    bad_id = ID_1[:-1] + str((int(ID_1[-1]) + 1) % 10)

    body = referrals.post("/api/disputes", _application(
        applicants=[{"kind": "person", "id_number": bad_id, "name": "王小明"}],
        respondents=[],
    ), expect=422)

    assert CJK.search(body["detail"])
    errors = {tuple(error["loc"]): error["msg"] for error in body["errors"]}
    assert "格式或檢查碼不正確" in errors[("body", "application", "applicants", 0, "id_number")]
    assert errors[("body", "application", "respondents")] == "請填寫相對人。"
    assert not Case.objects.exists()


def test_a_respondent_equal_to_the_applicant_is_refused(referrals):
    body = referrals.post("/api/disputes", _application(
        respondents=[{"kind": "person", "id_number": ID_1, "name": "王小明"}]), expect=422)

    assert body["errors"][0]["loc"] == ["body", "application", "respondents", 0, "id_number"]
    assert body["errors"][0]["msg"] == "相對人不得與申請人相同。"


@pytest.mark.parametrize(("changes", "loc", "message"), [
    ({"items": [{"kind": "bonus"}]}, ["items", 0, "kind"], "不是可接受的值"),
    ({"items": [{"kind": "overtime", "amount_claimed": -1}]}, ["items", 0, "amount_claimed"],
     "不可小於 0"),
    ({"applicant_kind": None}, ["applicant_kind"], "不是可接受的值"),
    ({"employment_start": "next week"}, ["employment_start"], "日期格式不正確"),
    ({"statement": "a\x00b"}, ["statement"], "不可包含控制字元"),
    ({"monthly_wage": 10**12}, ["monthly_wage"], "不可大於"),
])
def test_malformed_fields_are_422_in_zh_hant_before_the_service_is_called(
    referrals, changes, loc, message
):
    body = referrals.post("/api/disputes", _application(**changes), expect=422)

    errors = {tuple(error["loc"]): error["msg"] for error in body["errors"]}
    assert message in errors[("body", "application", *loc)]
    assert not Case.objects.exists()


def test_a_retry_with_the_same_idempotency_key_returns_the_same_case_with_200(referrals):
    first = referrals.post("/api/disputes", _application(), HTTP_IDEMPOTENCY_KEY="ref-2023-0001")
    again = referrals.post("/api/disputes", _application(), expect=200,
                           HTTP_IDEMPOTENCY_KEY="ref-2023-0001")
    other = referrals.post("/api/disputes", _application(), HTTP_IDEMPOTENCY_KEY="ref-2023-0002")

    assert again["number"] == first["number"]
    assert other["number"] != first["number"]
    assert Case.objects.count() == 2


def test_another_integrations_key_never_finds_this_case(referrals):
    first = referrals.post("/api/disputes", _application(), HTTP_IDEMPOTENCY_KEY="same")
    elsewhere = Api(_integration("unions", "disputes.work_dispute"))

    second = elsewhere.post("/api/disputes", _application(), HTTP_IDEMPOTENCY_KEY="same")

    assert second["number"] != first["number"]


@pytest.mark.parametrize("key", ["", "x" * 41, "空白 key"])
def test_a_malformed_idempotency_key_is_422(referrals, key):
    body = referrals.post("/api/disputes", _application(), expect=422,
                          HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"))

    assert body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Case.objects.exists()


# --- the OpenAPI document and generated requests ----------------------------------------------


def test_the_openapi_document_lists_the_dispute_endpoints_and_the_idempotency_header():
    document = Client().get("/api/openapi.json").json()

    assert {"/api/disputes", "/api/disputes/{number}"} <= set(document["paths"])
    post = document["paths"]["/api/disputes"]["post"]
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
    ("/api/disputes", "GET"), ("/api/disputes/{number}", "GET"), ("/api/disputes", "POST"),
])
def test_requests_generated_from_the_openapi_document_never_get_a_server_error(
    wsgi_app, cases, path, method, mode
):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.generation.modes import GenerationMode

    token = _integration("fuzzer", "disputes.work_dispute", "core.view_case")
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


def test_a_page_costs_the_same_few_queries_however_many_cases_it_holds(
    auditor, cases, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        auditor.get("/api/disputes")
    for n in range(6):
        _submit(id_number=shared.make_national_id(7100 + n), name=f"勞工{n}", days_ago=2)

    with django_assert_max_num_queries(len(three.captured_queries)):
        body = auditor.get("/api/disputes")
    assert body["count"] == 9
