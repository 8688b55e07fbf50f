"""Job seekers online: a citizen account registers (線上求職登記), a second registration with
the same ID is refused at the ID, and "my registration" shows the referrals the bureau made;
employer and staff accounts are kept out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.employment import services
from labor.employment.models import JobSeeker, Referral
from labor.portal import accounts
from labor.portal.tests.helpers import CITIZEN_PASSWORD, error_at, make_citizen
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

REGISTER = "/online/seekers/register/"
MINE = "/online/seekers/"
SEEKER_ID = "A123456789"


def today():
    return timezone.localdate()


def registration(**overrides) -> dict:
    data = {
        "id_kind": "national_id", "id_number": SEEKER_ID, "name": "王小明",
        "birth_date": "69/5/1", "phone": "0912-345-678", "email": "ming@example.tw",
        "address": "臺北市大安區復興南路一段1號", "desired_title": "會計助理",
        "desired_occupations": ["43"], "desired_districts": ["daan", "xinyi"],
        "expected_wage": "32000", "hours": "full_time", "education": "4_bachelor",
        "experience_years": "2", "licences": "會計事務丙級\n電腦軟體應用丙級",
        "skills": "Excel、記帳", "languages": ["國語", "英語"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def citizen(client):
    user = make_citizen()
    client.force_login(user)
    return user


def test_the_names_are_the_documented_ones():
    assert reverse("portal:seeker_register") == REGISTER
    assert reverse("portal:seeker_mine") == MINE


def test_anonymous_is_sent_to_the_citizen_login_and_back(client):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"].startswith("/online/login/?next=/online/seekers/register/")
    login = client.get(response["Location"])
    # The login page offers the sign-up, keeping where to go back to.
    assert "/online/signup/?next=/online/seekers/register/" in login.content.decode()


def test_sign_up_then_register(client):
    response = client.post("/online/signup/?next=" + REGISTER, {
        "email": "mei@example.tw", "name": "林美玲", "national_id": "B223456782",
        "password1": CITIZEN_PASSWORD, "password2": CITIZEN_PASSWORD, "next": REGISTER})
    assert response.status_code == 302 and response["Location"] == REGISTER
    page = client.get(REGISTER)
    html = page.content.decode()
    # Prefilled from the account: name, e-mail and the ID given at sign-up.
    assert 'value="林美玲"' in html and 'value="B223456782"' in html
    assert 'id="id_id_number"' in html and "送出求職登記" in html


def test_a_citizen_registers_online(client, citizen):
    response = client.post(REGISTER, registration())
    assert response.status_code == 302 and response["Location"] == MINE
    seeker = JobSeeker.objects.get()
    assert seeker.channel == "online" and seeker.account == citizen and seeker.unit is None
    assert seeker.person.id_number == SEEKER_ID
    assert seeker.person.birth_date == dt.date(1980, 5, 1)
    assert seeker.licences == ["會計事務丙級", "電腦軟體應用丙級"]
    assert seeker.expected_wage == 32000 and seeker.hours == "full_time"
    assert {d.code for d in seeker.desired_districts.all()} == {"daan", "xinyi"}
    mine = client.get(MINE).content.decode()
    assert "會計助理" in mine and "求職中" in mine and "尚未推介" in mine


def test_a_second_registration_with_the_same_id_is_refused_at_the_id(client, citizen,
                                                                     staff_user):
    clerk = staff_user("clerk", perms=["employment.work_employment"])
    services.seeker_register(id_number=SEEKER_ID, name="王小明", phone="0912-345-678",
                             channel=services.COUNTER, actor=clerk,
                             registered_on=dt.date(2023, 3, 6))
    response = client.post(REGISTER, registration())
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_id_number",
             "此身分證字號已有求職登記（登記日期112年3月6日），請勿重複登記。")
    assert "error-summary" in html
    assert JobSeeker.objects.count() == 1


def test_bad_input_answers_400_with_field_messages_and_writes_nothing(client, citizen):
    response = client.post(REGISTER, registration(
        id_number="A123456788", phone="", expected_wage="很多", birth_date="1980-13-45"))
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_id_number", "格式或檢查碼不正確")
    error_at(html, "id_phone", "請填寫聯絡電話")
    error_at(html, "id_expected_wage", "希望月薪請填寫整數")
    error_at(html, "id_birth_date", "日期格式不正確")
    assert JobSeeker.objects.count() == 0


def test_my_registration_shows_only_my_own_and_the_referrals(client, citizen, staff_user,
                                                             establishment_factory):
    clerk = staff_user("clerk", perms=["employment.work_employment"])
    company = establishment_factory("大安會計師事務所")
    client.post(REGISTER, registration())
    mine = JobSeeker.objects.get()
    vacancy = services.vacancy_post(
        channel=services.COUNTER, actor=clerk, ubn=company.ubn, title="會計助理",
        persons_wanted=1, wage_kind="monthly", wage_min=32000, district="daan",
        address="復興南路一段1號", valid_until=today() + dt.timedelta(days=30))
    services.referral_create(seeker=mine, vacancy=vacancy, actor=clerk)
    # Someone else's registration (another account) is not listed.
    other = make_citizen(email="other@example.tw", name="張三")
    services.seeker_register(id_number="B223456782", name="張三", phone="0922-000-000",
                             channel=services.ONLINE, account=other)
    html = client.get(MINE).content.decode()
    assert "大安會計師事務所" in html and "待回覆" in html and "復興南路一段1號" in html
    assert "張三" not in html
    assert Referral.objects.count() == 1


def test_employer_and_staff_accounts_are_kept_out(client, establishment_factory, staff_user):
    company = establishment_factory()
    user, _account = accounts.employer_signup(
        email="hr@example.tw", name="人資", password=CITIZEN_PASSWORD, ubn=company.ubn,
        phone="02-1234-5678")
    client.force_login(user)
    response = client.get(REGISTER)
    assert response.status_code == 403 and "請使用民眾帳號" in response.content.decode()
    assert client.post(REGISTER, registration()).status_code == 403
    client.force_login(staff_user("clerk"))
    assert client.get(REGISTER).status_code == 403
    assert JobSeeker.objects.count() == 0
