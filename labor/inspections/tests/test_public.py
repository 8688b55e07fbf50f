"""The public list of penalised employers (art. 80-1) and its open-data CSV, without login."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from labor.inspections import rules, services
from labor.inspections.models import Kind
from labor.inspections.views_public import OPEN_DATA_COLUMNS
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

FACTORS = {"severity": "未依法給付加班費", "workers_affected": 3, "repeat_count": 0}


@pytest.fixture
def people(staff_user):
    return staff_user("inspector"), staff_user("supervisor")


def fine(people, employer, *, amount, approve=True, day=dt.date(2023, 3, 1),
         decided_on=dt.date(2023, 4, 10), breached="勞動基準法第24條"):
    inspector, supervisor = people
    inspection = services.inspection_record(kind=Kind.LABOR_CONDITIONS, inspector=inspector,
                                            inspected_on=day, establishment=employer)
    penalty = services.penalty_propose(inspection=inspection, article=rules.ART_79_1,
                                       amount=amount, factors=FACTORS, actor=inspector,
                                       version=1, breached=breached)
    if approve:
        penalty = services.penalty_approve(penalty=penalty, actor=supervisor,
                                           decided_on=decided_on)
    return penalty


@pytest.fixture
def listed(people, establishment_factory):
    approved_one = establishment_factory("大安精密股份有限公司", representative="李大同")
    proposed_one = establishment_factory("中山擬處有限公司", representative="陳擬處")
    fine(people, approved_one, amount=50_000)
    fine(people, proposed_one, amount=80_000, approve=False)
    return approved_one, proposed_one


def test_the_list_needs_no_login_and_shows_approved_not_proposed(client, listed):
    approved_one, proposed_one = listed
    response = client.get(reverse("penalised:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert approved_one.name in page and "李大同" in page
    assert "112年4月10日" in page and "勞動基準法第24條" in page
    assert "勞動基準法第79條第1項" in page and "5萬元" in page
    assert proposed_one.name not in page and "陳擬處" not in page


def test_the_list_is_searchable_by_name_and_ubn(client, listed, people, establishment_factory):
    approved_one, _proposed = listed
    other = establishment_factory("信義餐飲股份有限公司", representative="張三")
    fine(people, other, amount=20_000)
    page = client.get(reverse("penalised:list"), {"q": "信義"}).content.decode()
    assert other.name in page and approved_one.name not in page
    page = client.get(reverse("penalised:list"), {"q": approved_one.ubn}).content.decode()
    assert approved_one.name in page and other.name not in page
    page = client.get(reverse("penalised:list"), {"q": "沒有這家"}).content.decode()
    assert "查無符合的事業單位。" in page


def test_the_list_is_paged(client, people, establishment_factory):
    employer = establishment_factory("萬華連鎖股份有限公司")
    for n in range(21):
        fine(people, employer, amount=20_000 + n)
    first = client.get(reverse("penalised:list")).content.decode()
    assert "共 21 筆" in first and 'rel="next"' in first
    second = client.get(reverse("penalised:list"), {"page": 2}).content.decode()
    assert second.count("萬華連鎖股份有限公司") == 1


def test_the_open_data_file_has_the_same_rows_with_stable_columns(client, listed, people,
                                                                   establishment_factory):
    approved_one, proposed_one = listed
    tricky = establishment_factory("=HYPERLINK(1)有限公司", representative="王五")
    fine(people, tricky, amount=30_000, decided_on=dt.date(2023, 4, 12))
    response = client.get(reverse("penalised:open_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    body = response.content.decode("utf-8-sig")
    assert "\r\n" in body
    rows = list(csv.reader(io.StringIO(body)))
    assert tuple(rows[0]) == OPEN_DATA_COLUMNS == (
        "處分日期", "事業單位名稱", "統一編號", "負責人", "違反條文", "法律依據", "罰鍰金額")
    assert rows[1:] == [
        ["2023-04-12", "'=HYPERLINK(1)有限公司", tricky.ubn, "王五", "勞動基準法第24條",
         "勞動基準法第79條第1項", "30000"],
        ["2023-04-10", approved_one.name, approved_one.ubn, "李大同", "勞動基準法第24條",
         "勞動基準法第79條第1項", "50000"],
    ]
    assert proposed_one.name not in body
    searched = client.get(reverse("penalised:open_data"), {"q": approved_one.ubn})
    assert len(list(csv.reader(io.StringIO(searched.content.decode("utf-8-sig"))))) == 2


def test_no_personal_id_is_ever_published(client, people, establishment_factory,
                                          person_factory):
    worker = person_factory("王小明")
    employer = establishment_factory("大同五金行", representative="王小明")
    fine(people, employer, amount=20_000)
    page = client.get(reverse("penalised:list")).content.decode()
    data = client.get(reverse("penalised:open_data")).content.decode("utf-8-sig")
    for text in (page, data):
        assert worker.id_number not in text
        assert "王小明" in text  # the responsible person's name is what the law publishes
