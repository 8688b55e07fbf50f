"""Citizen accounts: sign up, log in (with the staff workspace's lockout), log out, and the
line between the public portal and the staff workspace."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from labor.core.models import LoginAttempt
from labor.core.permissions import is_workspace_user
from labor.portal import accounts
from labor.portal.tests.helpers import APPLICANT_ID, APPLY, CITIZEN_PASSWORD, make_citizen
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = pytest.mark.django_db

SIGNUP = "/online/signup/"
LOGIN = "/online/login/"
LOGOUT = "/online/logout/"


def signup_data(**overrides):
    data = {"email": "Mei.Lin@Example.TW ", "name": "林美華", "national_id": "",
            "password1": CITIZEN_PASSWORD, "password2": CITIZEN_PASSWORD}
    data.update(overrides)
    return data


def test_a_person_signs_up_with_an_email_and_is_logged_in(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == APPLY
    user = get_user_model().objects.get()
    assert user.username == user.email == "mei.lin@example.tw"
    assert user.first_name == "林美華"
    assert not is_workspace_user(user)
    assert client.get("/online/disputes/").status_code == 200


def test_the_signup_page_is_in_traditional_chinese_with_the_password_rules(client):
    html = client.get(SIGNUP).content.decode()
    assert '<html lang="zh-hant">' in html
    assert "註冊民眾帳號" in html
    assert "至少 8 個字元" in html
    assert "勞動局業務系統" not in html  # the public frame, not the staff header


def test_a_weak_password_is_refused_at_the_field_with_djangos_validators(client):
    response = client.post(SIGNUP, signup_data(password1="12345678", password2="12345678"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "這個密碼太常見了" in html
    assert "這個密碼只包含數字" in html
    assert not get_user_model().objects.exists()


def test_a_password_like_the_email_is_refused(client):
    response = client.post(SIGNUP, signup_data(email="tsai.chiaming@example.tw",
                                               password1="tsai.chiaming",
                                               password2="tsai.chiaming"))
    assert response.status_code == 400
    assert "這個密碼與使用者名稱太相近" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_two_different_passwords_are_refused(client):
    response = client.post(SIGNUP, signup_data(password2=CITIZEN_PASSWORD + "x"))
    assert response.status_code == 400
    assert "兩次輸入的密碼不一致" in response.content.decode()


def test_an_email_already_registered_is_refused_whatever_its_case(client):
    make_citizen(email="mei.lin@example.tw")
    response = client.post(SIGNUP, signup_data(email="MEI.LIN@example.tw"))
    assert response.status_code == 400
    assert "此電子郵件已註冊" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_an_invalid_national_id_at_signup_is_refused_at_its_field(client):
    response = client.post(SIGNUP, signup_data(national_id="A123456788"))
    assert response.status_code == 400
    assert "身分證字號「A123456788」格式或檢查碼不正確" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_the_national_id_given_at_signup_prefills_the_application(client):
    client.post(SIGNUP, signup_data(national_id="a123456789"))
    html = client.get(APPLY).content.decode()
    assert f'value="{APPLICANT_ID}"' in html
    assert 'value="林美華"' in html


def test_the_signup_service_refuses_an_empty_name_and_email():
    with pytest.raises(ValidationError) as excinfo:
        accounts.citizen_signup(email=" ", name=" ", password=CITIZEN_PASSWORD)
    assert set(excinfo.value.message_dict) == {"email", "name"}


def test_a_citizen_logs_in_with_the_email_in_any_case_and_the_attempt_is_recorded(client):
    make_citizen(email="ming@example.tw")
    response = client.post(LOGIN, {"username": "Ming@Example.tw", "password": CITIZEN_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/online/disputes/"
    attempt = LoginAttempt.objects.get()
    assert attempt.succeeded and attempt.username == "ming@example.tw"


def test_a_wrong_password_is_refused_and_counts_towards_the_lockout(client):
    make_citizen(email="ming@example.tw")
    response = client.post(LOGIN, {"username": "ming@example.tw", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "電子郵件或密碼不正確" in html
    assert "再失敗 4 次" in html


def test_five_failures_lock_a_citizen_out_even_with_the_right_password(client):
    make_citizen(email="ming@example.tw")
    for _ in range(5):
        client.post(LOGIN, {"username": "ming@example.tw", "password": "wrong"})
    response = client.post(LOGIN, {"username": "ming@example.tw",
                                   "password": CITIZEN_PASSWORD})
    assert response.status_code == 400
    assert "登入失敗次數過多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_staff_account_cannot_log_in_to_the_portal(client, staff_user):
    staff_user("chen.meiling")
    response = client.post(LOGIN, {"username": "chen.meiling",
                                   "password": shared.STAFF_PASSWORD})
    assert response.status_code == 400
    assert "本局同仁請由業務系統登入" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_logged_in_staff_member_is_not_served_the_citizen_pages(client, staff_user):
    client.force_login(staff_user("chen.meiling"))
    response = client.get(APPLY)
    assert response.status_code == 403
    assert "請使用民眾帳號" in response.content.decode()


def test_the_staff_workspace_refuses_a_citizen_account(client):
    client.force_login(make_citizen())
    assert client.get("/").status_code == 403


def test_logging_out_needs_a_post_and_returns_to_the_portal(client):
    client.force_login(make_citizen())
    assert client.get(LOGOUT).status_code == 405
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/online/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", [APPLY, "/online/disputes/", "/online/disputes/113-DSP-000001/"])
def test_anonymous_visitors_are_sent_to_the_portal_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_the_portal_home_offers_the_application_and_the_account(client):
    html = client.get("/online/").content.decode()
    assert "線上申請勞資爭議調解" in html
    assert "註冊帳號" in html
    assert "臺北市政府勞動局" in html
