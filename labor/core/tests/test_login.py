import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from labor.core.login import login_attempt_record, login_lockout_state
from labor.core.models import LoginAttempt
from tests import conftest as shared
from tests.conftest import STAFF_PASSWORD

# The shared fixtures (tests/conftest.py only reaches tests/ by itself).
staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def _try(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_in_traditional_chinese(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in html
    assert "同仁登入" in html
    assert "連續登入失敗 5 次" in html


def test_the_right_password_logs_in_and_is_recorded(client, staff_user):
    staff_user("amy")
    response = _try(client, "amy", STAFF_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    attempt = LoginAttempt.objects.get()
    assert attempt.succeeded and attempt.username == "amy"
    assert attempt.ip_address == "127.0.0.1"


def test_a_wrong_password_says_so_and_counts_down(client, staff_user):
    staff_user("amy")
    response = _try(client, "amy", "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert "帳號或密碼不正確" in html
    assert "再失敗 4 次" in html
    assert LoginAttempt.objects.filter(succeeded=False).count() == 1


def test_five_failures_lock_the_account_even_for_the_right_password(client, staff_user):
    staff_user("amy")
    for _ in range(5):
        response = _try(client, "amy", "wrong")
    assert "登入失敗次數過多" in response.content.decode()
    response = _try(client, "amy", STAFF_PASSWORD)
    assert response.status_code == 200
    assert "登入失敗次數過多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The refused attempt is not a failure of its own: the lock does not slide forward.
    assert LoginAttempt.objects.filter(succeeded=False).count() == 5
    assert not LoginAttempt.objects.filter(succeeded=True).exists()


def test_the_lock_ends_when_the_window_has_passed(client, staff_user):
    staff_user("amy")
    long_ago = timezone.now() - dt.timedelta(minutes=16)
    for _ in range(5):
        login_attempt_record(username="amy", succeeded=False, at=long_ago)
    assert not login_lockout_state(username="amy").locked
    assert _try(client, "amy", STAFF_PASSWORD).status_code == 302


def test_the_lock_lasts_until_the_oldest_counted_failure_leaves_the_window(db):
    now = timezone.now()
    for minutes_ago in (14, 10, 5, 2, 1):
        login_attempt_record(
            username="amy", succeeded=False, at=now - dt.timedelta(minutes=minutes_ago)
        )
    state = login_lockout_state(username="amy", now=now)
    assert state.locked
    assert state.locked_until == now - dt.timedelta(minutes=14) + dt.timedelta(minutes=15)
    a_minute_later = now + dt.timedelta(minutes=1, seconds=1)
    assert not login_lockout_state(username="amy", now=a_minute_later).locked


def test_changing_the_letter_case_of_the_username_does_not_buy_more_tries(client, staff_user):
    staff_user("amy")
    for name in ("amy", "AMY", "Amy", "aMy", "amY"):
        _try(client, name, "wrong")
    assert login_lockout_state(username="amy").locked


def test_a_successful_login_clears_earlier_failures(client, staff_user):
    staff_user("amy")
    for _ in range(4):
        _try(client, "amy", "wrong")
    assert _try(client, "amy", STAFF_PASSWORD).status_code == 302
    client.post(reverse("core:logout"))
    response = _try(client, "amy", "wrong")
    assert "再失敗 4 次" in response.content.decode()


def test_one_users_failures_do_not_lock_another(client, staff_user):
    staff_user("amy")
    staff_user("bob")
    for _ in range(5):
        _try(client, "amy", "wrong")
    assert _try(client, "bob", STAFF_PASSWORD).status_code == 302


def test_an_unknown_username_is_locked_the_same_way(client):
    # Same answers for unknown and known names: the page does not reveal which accounts exist.
    for _ in range(5):
        response = _try(client, "nobody", "wrong")
    assert "登入失敗次數過多" in response.content.decode()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=30)
def test_the_limits_come_from_settings(client, staff_user):
    staff_user("amy")
    for _ in range(3):
        response = _try(client, "amy", "wrong")
    html = response.content.decode()
    assert "登入失敗次數過多" in html
    assert "約 30 分鐘" in html


def test_a_missing_password_is_a_field_error_not_a_failure(client, staff_user):
    staff_user("amy")
    response = _try(client, "amy", "")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_password_error"' in html
    assert 'aria-describedby="id_password_error"' in html
    assert not LoginAttempt.objects.exists()


def test_logout_needs_a_post(client, staff_user):
    staff_user("amy")
    client.post(LOGIN, {"username": "amy", "password": STAFF_PASSWORD})
    assert client.get(reverse("core:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login")
    assert "_auth_user_id" not in client.session


def test_a_logged_in_user_visiting_the_login_page_goes_home(client, staff_user):
    client.force_login(staff_user("amy"))
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
