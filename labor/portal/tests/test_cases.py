"""My cases and the case status page: only the citizen's own cases (any other number is a
404 like a number that does not exist), the status and due dates in plain words, the meeting,
the outcome and the mediation record once the case is closed."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from labor.core.models import PersonAccessLog
from labor.disputes import services
from labor.disputes.models import Dispute, Mediator
from labor.portal.tests.helpers import APPLY, MY_CASES, application, fresh, make_citizen, settle
from tests import conftest as shared

establishment_factory = shared.establishment_factory
staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密股份有限公司")


@pytest.fixture
def officer(staff_user):
    return staff_user("mediation-officer")


def apply_as(client, user, employer, **overrides) -> Dispute:
    client.force_login(user)
    response = client.post(APPLY, application(employer.ubn, **overrides))
    assert response.status_code == 302
    return Dispute.objects.select_related("case").get(
        case__number=response["Location"].split("/")[3]
    )


def test_my_cases_lists_only_my_own_cases(client, employer):
    mine = apply_as(client, make_citizen(), employer)
    theirs = apply_as(client, make_citizen("other@example.tw", "張三"), employer,
                      applicant_id_number=shared.make_national_id(77))
    client.force_login(mine.portal_user)
    html = client.get(MY_CASES).content.decode()
    assert mine.case.number in html
    assert theirs.case.number not in html
    assert "大安精密股份有限公司" in html
    assert "正在指派調解人" in html


def test_the_status_page_says_when_the_mediator_will_be_designated(client, employer):
    dispute = apply_as(client, make_citizen(), employer)
    due = dispute.case.due_dates.get(kind="mediator_designation").due_on
    response = client.get(f"/online/disputes/{dispute.case.number}/")
    html = response.content.decode()
    assert response.status_code == 200
    roc = f"{due.year - 1911}年{due.month}月{due.day}日"
    assert f"本局將於 {roc} 前指派調解人" in html
    assert "積欠工資" in html and "NT$72,000" in html
    assert "下載調解紀錄" not in html


def test_the_status_page_shows_the_meeting_date_and_room(client, employer, officer):
    dispute = apply_as(client, make_citizen(), employer)
    services.mediator_assign(dispute=dispute, mediator=Mediator.objects.create(
        name="林調解", kind="bureau"), actor=officer, version=fresh(dispute).version)
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(
        hour=14, minute=30, second=0, microsecond=0)
    services.meeting_schedule(dispute=dispute, starts_at=starts, room="第二調解室",
                              actor=officer, version=fresh(dispute).version)
    html = client.get(f"/online/disputes/{dispute.case.number}/").content.decode()
    roc = f"{starts.year - 1911}年{starts.month}月{starts.day}日"
    assert f"調解會議：{roc} 14:30，地點：第二調解室" in html
    assert "調解人：林調解" in html
    assert "已於" in html and "指派調解人" in html


def test_a_closed_case_shows_the_outcome_and_offers_the_mediation_record(client, employer,
                                                                         officer):
    dispute = apply_as(client, make_citizen(), employer)
    dispute = settle(dispute, officer)
    html = client.get(f"/online/disputes/{dispute.case.number}/").content.decode()
    assert "調解成立" in html
    assert "8萬7,000元" in html
    assert "前提出調解方案" not in html  # a deadline still ahead means nothing once closed
    assert f"/online/disputes/{dispute.case.number}/record.pdf" in html

    response = client.get(f"/online/disputes/{dispute.case.number}/record.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    # The record carries full IDs: the download is a logged full view of each person on it.
    logged = PersonAccessLog.objects.filter(user=dispute.portal_user)
    assert {log.person for log in logged} == {p.person for p in dispute.parties.all()
                                              if p.person_id}
    assert logged.exists()


def test_the_record_of_an_open_case_is_not_served(client, employer):
    dispute = apply_as(client, make_citizen(), employer)
    assert client.get(f"/online/disputes/{dispute.case.number}/record.pdf").status_code == 404


def test_a_withdrawn_case_has_no_record_to_download(client, employer, officer):
    dispute = apply_as(client, make_citizen(), employer)
    services.withdraw(dispute=dispute, settled_between_parties=True,
                      on=timezone.localdate(), actor=officer, version=fresh(dispute).version)
    html = client.get(f"/online/disputes/{dispute.case.number}/").content.decode()
    assert "自行和解撤回" in html
    assert "下載調解紀錄" not in html
    assert client.get(f"/online/disputes/{dispute.case.number}/record.pdf").status_code == 404


@pytest.mark.parametrize("suffix", ["", "submitted/", "record.pdf"])
def test_another_citizens_case_is_a_404_like_a_number_that_does_not_exist(
    client, employer, officer, suffix
):
    theirs = apply_as(client, make_citizen("other@example.tw", "張三"), employer)
    settle(theirs, officer)
    client.force_login(make_citizen())
    response = client.get(f"/online/disputes/{theirs.case.number}/{suffix}")
    missing = client.get(f"/online/disputes/113-DSP-999999/{suffix}")
    assert response.status_code == missing.status_code == 404
    html = response.content.decode()
    assert "查無此案件" in html
    # The page only echoes the address asked for (the language switch returns to it): with
    # the numbers blanked out, the two answers are the same page.
    def blanked(page, number):
        return CSRF.sub("", page.replace(number, "N"))

    assert blanked(html, theirs.case.number) == blanked(missing.content.decode(),
                                                        "113-DSP-999999")
    assert "張三" not in html
    assert not PersonAccessLog.objects.exists()


def test_a_case_received_at_the_counter_is_not_in_my_cases(client, employer, officer):
    citizen = make_citizen()
    counter = services.dispute_submit(
        channel="counter", applicant_kind="worker",
        applicants=[{"kind": "person", "id_kind": "national_id", "id_number": "A123456789",
                     "name": "王小明"}],
        respondents=[{"kind": "establishment", "ubn": employer.ubn}],
        items=[{"kind": "overtime", "amount_claimed": 1000}], actor=officer,
    )
    client.force_login(citizen)
    assert counter.case.number not in client.get(MY_CASES).content.decode()
    assert client.get(f"/online/disputes/{counter.case.number}/").status_code == 404
