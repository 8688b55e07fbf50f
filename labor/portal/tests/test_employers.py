"""Employer accounts and the online notification of notifiable work: sign-up with a 統一編號
in the registry, the same login lockout as citizens, isolation between accounts, an
idempotent submission, and bad input refused at its field with nothing written."""

import datetime as dt
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from labor.core import identifiers
from labor.notifications import services
from labor.notifications.models import ReducedHoursAgreement, WorkNotification
from labor.portal import accounts
from labor.portal.models import EmployerAccount
from labor.portal.tests.helpers import CITIZEN_PASSWORD, error_at, make_citizen
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

EMPLOYERS = "/online/employers/"
SIGNUP = "/online/employers/signup/"
LOGIN = "/online/employers/login/"
NOTIFY = "/online/employers/notifications/new/"
MINE = "/online/employers/notifications/"
REDUCED = "/online/employers/reduced-hours/new/"


def bad_ubn(ubn: str) -> str:
    """The same number with a wrong check digit."""
    for digit in "0123456789":
        candidate = ubn[:-1] + digit
        if not identifiers.is_valid_ubn(candidate):
            return candidate
    raise AssertionError("unreachable")


def make_employer(establishment, email="site.manager@example.tw", name="陳建安"):
    user, _account = accounts.employer_signup(
        email=email, name=name, password=CITIZEN_PASSWORD, ubn=establishment.ubn,
        phone="02-2720-8889",
    )
    return user


def signup_data(ubn, **overrides):
    data = {"email": "Site.Manager@Example.TW", "ubn": ubn, "name": "陳建安",
            "phone": "02-2720-8889", "password1": CITIZEN_PASSWORD,
            "password2": CITIZEN_PASSWORD}
    data.update(overrides)
    return data


def notification_data(key=None, **overrides):
    today = timezone.localdate()
    data = {
        "submission_key": key or str(uuid.uuid4()),
        "kind": "scaffolding",
        "site_address": "臺北市大安區復興南路一段100號",
        "district": "daan",
        "starts_on": (today + dt.timedelta(days=3)).isoformat(),
        "ends_on": (today + dt.timedelta(days=20)).isoformat(),
        "contractor": "安全營造有限公司",
    }
    data.update(overrides)
    return data


@pytest.fixture
def firm(establishment_factory):
    return establishment_factory("大安營造股份有限公司", industry_code="F")


# ---------------------------------------------------------------- accounts


def test_an_employer_signs_up_with_a_registered_ubn_and_is_logged_in(client, firm):
    response = client.post(SIGNUP, signup_data(f" {firm.ubn[:4]}-{firm.ubn[4:]} "))
    assert response.status_code == 302
    assert response["Location"] == NOTIFY
    account = EmployerAccount.objects.select_related("user").get()
    assert account.establishment == firm
    assert account.user.username == "site.manager@example.tw"
    assert account.contact_name == "陳建安" and account.phone == "02-2720-8889"
    assert client.get(NOTIFY).status_code == 200


def test_a_malformed_ubn_is_refused_at_its_field_and_nothing_is_created(client, firm):
    wrong = bad_ubn(firm.ubn)
    response = client.post(SIGNUP, signup_data(wrong))
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_ubn", f"統一編號「{wrong}」格式或檢查碼不正確")
    assert not get_user_model().objects.exists()
    assert not EmployerAccount.objects.exists()


def test_a_ubn_not_in_the_registry_is_refused(client, firm):
    other = shared.make_ubn(987_654)
    assert identifiers.is_valid_ubn(other)
    response = client.post(SIGNUP, signup_data(other))
    assert response.status_code == 400
    error_at(response.content.decode(), "id_ubn", "本局事業單位資料查無統一編號")
    assert not get_user_model().objects.exists()


def test_a_closed_establishment_cannot_sign_up(client, firm):
    firm.closed_on = timezone.localdate() - dt.timedelta(days=1)
    firm.save()
    response = client.post(SIGNUP, signup_data(firm.ubn))
    assert response.status_code == 400
    assert "已於本局資料登記歇業" in response.content.decode()
    assert not EmployerAccount.objects.exists()


def test_signup_needs_a_phone(client, firm):
    response = client.post(SIGNUP, signup_data(firm.ubn, phone=""))
    assert response.status_code == 400
    error_at(response.content.decode(), "id_phone", "這個欄位是必須的")
    assert not get_user_model().objects.exists()


def test_signup_needs_a_strong_password(client, firm):
    response = client.post(SIGNUP, signup_data(firm.ubn, password1="12345678",
                                               password2="12345678"))
    assert response.status_code == 400
    assert "這個密碼太常見了" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_several_accounts_may_name_one_establishment(firm):
    make_employer(firm, email="a@example.tw")
    make_employer(firm, email="b@example.tw")
    assert EmployerAccount.objects.filter(establishment=firm).count() == 2


def test_an_employer_logs_in_with_the_citizens_lockout_and_lands_on_its_notifications(
        client, firm):
    make_employer(firm)
    for _ in range(5):
        response = client.post(LOGIN, {"username": "site.manager@example.tw",
                                        "password": "wrong"})
        assert response.status_code == 400
    response = client.post(LOGIN, {"username": "site.manager@example.tw",
                                    "password": CITIZEN_PASSWORD})
    assert response.status_code == 400
    assert "登入失敗次數過多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_employer_logging_in_lands_on_its_notifications_from_either_login(client, firm):
    make_employer(firm)
    for path in (LOGIN, "/online/login/"):
        client.logout()
        response = client.post(path, {"username": "Site.Manager@example.tw",
                                      "password": CITIZEN_PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == MINE


def test_a_citizen_logging_in_on_the_employers_page_lands_on_its_cases(client):
    make_citizen(email="ming@example.tw")
    response = client.post(LOGIN, {"username": "ming@example.tw", "password": CITIZEN_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/online/disputes/"


def test_a_staff_account_cannot_log_in_as_an_employer(client, staff_user):
    staff_user("chen.meiling")
    response = client.post(LOGIN, {"username": "chen.meiling",
                                   "password": shared.STAFF_PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", [NOTIFY, MINE, REDUCED, f"{MINE}1/", f"{MINE}1/filed/"])
def test_anonymous_visitors_are_sent_to_the_employers_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_a_citizen_account_is_not_an_employer_account(client, firm):
    citizen = make_citizen()
    assert not accounts.is_employer(citizen)
    client.force_login(citizen)
    response = client.get(NOTIFY)
    assert response.status_code == 403
    assert "請使用事業單位帳號" in response.content.decode()
    response = client.post(NOTIFY, notification_data())
    assert response.status_code == 403
    assert not WorkNotification.objects.exists()


def test_a_staff_member_is_not_served_the_employer_pages(client, staff_user):
    client.force_login(staff_user("chen.meiling"))
    assert client.get(NOTIFY).status_code == 403


def test_the_staff_workspace_refuses_an_employer_account(client, firm):
    client.force_login(make_employer(firm))
    assert client.get("/").status_code == 403
    assert client.get("/notifications/").status_code == 403


def test_an_employer_applying_for_mediation_finds_its_establishment_prefilled(client, firm):
    client.force_login(make_employer(firm))
    html = client.get("/online/disputes/apply/").content.decode()
    assert f'value="{firm.ubn}"' in html
    assert re.search(r'value="employer"[^>]*checked', html)


# ---------------------------------------------------------------- online notification


def test_the_notification_form_names_the_accounts_establishment(client, firm):
    client.force_login(make_employer(firm))
    html = client.get(NOTIFY).content.decode()
    assert "危險性作業線上通報" in html
    assert firm.name in html and firm.ubn in html
    for label in ("輕質屋頂作業", "施工架作業", "吊籠作業", "繩索作業"):
        assert label in html
    assert 'name="submission_key"' in html


def test_an_employer_files_a_scaffolding_notification_online(client, firm):
    user = make_employer(firm)
    client.force_login(user)
    response = client.post(NOTIFY, notification_data(starts_on="115/1/5", ends_on="1150120"))
    assert response.status_code == 302
    notification = WorkNotification.objects.get()
    assert response["Location"] == f"{MINE}{notification.pk}/filed/"
    assert notification.channel == "online"
    assert notification.filed_by == user
    assert notification.establishment == firm
    assert notification.kind == "scaffolding"
    assert notification.district.code == "daan"
    assert (notification.starts_on, notification.ends_on) == (dt.date(2026, 1, 5),
                                                              dt.date(2026, 1, 20))
    html = client.get(response["Location"]).content.decode()
    assert "通報已送出" in html
    assert "施工架作業" in html and "115年1月5日" in html
    mine = client.get(MINE).content.decode()
    assert "臺北市大安區復興南路一段100號" in mine


def test_the_same_form_sent_twice_files_one_notification(client, firm):
    client.force_login(make_employer(firm))
    key = str(uuid.uuid4())
    first = client.post(NOTIFY, notification_data(key))
    second = client.post(NOTIFY, notification_data(key))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert WorkNotification.objects.count() == 1


def test_a_key_another_account_used_shows_nothing_of_theirs(client, firm):
    key = str(uuid.uuid4())
    other = make_employer(firm, email="other@example.tw")
    client.force_login(other)
    client.post(NOTIFY, notification_data(key, site_address="臺北市信義區松仁路1號"))
    client.force_login(make_employer(firm))
    response = client.post(NOTIFY, notification_data(key))
    html = response.content.decode()
    assert response.status_code == 400
    assert "此份通報表已失效" in html
    assert "松仁路" not in html
    assert WorkNotification.objects.count() == 1


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"ends_on": "2020-01-01", "starts_on": "2020-01-05"}, "id_ends_on", "結束日不得早於開始日"),
    ({"kind": ""}, "id_kind_0", "請選擇作業類別"),
    ({"site_address": "  "}, "id_site_address", "這個欄位是必須的"),
    ({"district": ""}, "id_district", "請選擇行政區"),
    ({"district": "nowhere"}, "id_district", "請選擇行政區"),
    ({"starts_on": "2023-02-30"}, "id_starts_on", "輸入有效的日期"),
    ({"ends_on": ""}, "id_ends_on", "這個欄位是必須的"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(client, firm, overrides,
                                                                  field, message):
    client.force_login(make_employer(firm))
    response = client.post(NOTIFY, notification_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    container = '<fieldset class="field' if field == "id_kind_0" else '<div class="field'
    error_at(html, field, message, container=container)
    assert "需要修正" in html  # the summary above the form, with links to the fields
    assert not WorkNotification.objects.exists()


# ---------------------------------------------------------------- isolation


def test_another_accounts_notification_answers_404_like_one_that_does_not_exist(client, firm):
    mine = make_employer(firm, email="mine@example.tw")
    theirs = make_employer(firm, email="theirs@example.tw")
    client.force_login(theirs)
    client.post(NOTIFY, notification_data(site_address="臺北市信義區松仁路1號"))
    notification = WorkNotification.objects.get()
    client.force_login(mine)
    for path in (f"{MINE}{notification.pk}/", f"{MINE}{notification.pk}/filed/"):
        response = client.get(path)
        missing = client.get(f"{MINE}{notification.pk + 1000}/")
        assert response.status_code == missing.status_code == 404
        assert "查無此通報" in response.content.decode()
        assert "松仁路" not in response.content.decode()


def test_my_notifications_lists_only_the_accounts_own_filings(client, firm, staff_user):
    mine = make_employer(firm, email="mine@example.tw")
    theirs = make_employer(firm, email="theirs@example.tw")
    client.force_login(theirs)
    client.post(NOTIFY, notification_data(site_address="臺北市信義區松仁路1號"))
    services.notification_file(  # typed in at the counter for the same company
        kind="gondola", ubn=firm.ubn, site_address="臺北市中山區南京東路二段2號",
        district=shared.district("zhongshan"), starts_on=dt.date(2024, 1, 2),
        ends_on=dt.date(2024, 1, 9), channel="counter", actor=staff_user("clerk"),
    )
    client.force_login(mine)
    client.post(NOTIFY, notification_data(site_address="臺北市大安區敦化南路二段3號"))
    html = client.get(MINE).content.decode()
    assert "敦化南路二段3號" in html
    assert "松仁路" not in html
    assert "南京東路" not in html


# ---------------------------------------------------------------- reduced hours


def test_an_employer_reports_reduced_hours_once_however_often_it_is_sent(client, firm):
    user = make_employer(firm)
    client.force_login(user)
    data = {"workers_affected": "12", "starts_on": "2026-01-01", "ends_on": "2026-03-31"}
    first = client.post(REDUCED, data)
    second = client.post(REDUCED, data, follow=True)
    assert first.status_code == 302
    assert first["Location"] == f"{MINE}#reduced-hours"
    agreement = ReducedHoursAgreement.objects.get()
    assert agreement.establishment == firm and agreement.entered_by == user
    assert agreement.workers_affected == 12
    assert "未重複建立" in second.content.decode()


def test_reduced_hours_bad_input_is_refused(client, firm):
    client.force_login(make_employer(firm))
    response = client.post(REDUCED, {"workers_affected": "0", "starts_on": "2026-03-01",
                                     "ends_on": "2026-01-01"})
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_workers_affected", "實施人數應為 1 以上的整數")
    error_at(html, "id_ends_on", "結束日不得早於開始日")
    assert not ReducedHoursAgreement.objects.exists()


def test_the_portal_home_links_the_employer_services(client):
    html = client.get("/online/").content.decode()
    assert EMPLOYERS in html
    html = client.get(EMPLOYERS).content.decode()
    assert "註冊事業單位帳號" in html
    assert "只能查看自己送出的通報" in html
