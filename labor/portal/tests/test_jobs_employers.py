"""Employers online: an employer account posts a vacancy for its establishment (pending until
staff verify it; never below the minimum wage), lists its own vacancies and sees, of a seeker
referred to one of them, the name, phone and qualifications — never the ID, address or
e-mail, and nothing of other accounts' vacancies."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.employment import services
from labor.employment.models import Vacancy, VacancyStatus
from labor.portal import accounts
from labor.portal.tests.helpers import CITIZEN_PASSWORD, error_at, make_citizen
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

NEW = "/online/employers/vacancies/new/"
MINE = "/online/employers/vacancies/"


def today():
    return timezone.localdate()


def days(n):
    return today() + dt.timedelta(days=n)


def posting(**overrides) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()), "title": "會計助理", "persons_wanted": "1",
        "occupation": "43", "description": "帳務處理、報表製作。", "wage_kind": "monthly",
        "wage_min": "32000", "wage_max": "36000", "hours": "full_time", "district": "daan",
        "address": "復興南路一段1號", "education_min": "2_senior_high",
        "experience_min_years": "0", "licences_required": "", "languages": ["國語"],
        "valid_until": days(30).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def company(establishment_factory):
    return establishment_factory("大安會計師事務所", district_code="daan")


@pytest.fixture
def employer(client, company):
    user, _account = accounts.employer_signup(
        email="hr@example.tw", name="陳人資", password=CITIZEN_PASSWORD, ubn=company.ubn,
        phone="02-1234-5678")
    client.force_login(user)
    return user


@pytest.fixture
def clerk(staff_user):
    return staff_user("clerk", perms=["employment.work_employment"])


def test_the_names_are_the_documented_ones():
    assert reverse("portal:employer_vacancy_new") == NEW
    assert reverse("portal:employer_vacancies") == MINE
    assert reverse("portal:employer_vacancy", args=[7]) == "/online/employers/vacancies/7/"


def test_anonymous_goes_to_the_employers_login_and_a_citizen_is_refused(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/online/employers/login/")
    client.force_login(make_citizen())
    assert client.get(NEW).status_code == 403
    assert client.get(MINE).status_code == 403


def test_an_employer_posts_a_vacancy_pending_until_verified(client, employer, company):
    page = client.get(NEW)
    html = page.content.decode()
    assert page.status_code == 200 and "送出求才登記" in html and company.name in html
    response = client.post(NEW, posting())
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:employer_vacancy", args=[vacancy.pk])
    assert vacancy.status == VacancyStatus.PENDING and vacancy.channel == "online"
    assert vacancy.establishment == company and vacancy.posted_by == employer
    detail = client.get(response["Location"]).content.decode()
    assert "本局審核中" in detail
    assert "會計助理" in client.get(MINE).content.decode()


def test_the_same_form_sent_twice_posts_once(client, employer):
    data = posting()
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Vacancy.objects.count() == 1


def test_below_the_minimum_wage_is_refused_at_the_wage(client, employer):
    response = client.post(NEW, posting(wage_min="150", wage_max="", wage_kind="hourly"))
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_wage_min", "最低工資")
    assert "error-summary" in html
    assert Vacancy.objects.count() == 0


def test_bad_input_answers_400_at_the_fields(client, employer):
    response = client.post(NEW, posting(title="", persons_wanted="0", district="",
                                        valid_until=days(-1).isoformat(),
                                        wage_max="1000"))
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_title", "請填寫職稱")
    error_at(html, "id_persons_wanted", "需求人數應為 1 以上的整數")
    error_at(html, "id_district", "請選擇行政區")
    error_at(html, "id_wage_max", "薪資上限不得低於下限")
    assert Vacancy.objects.count() == 0
    response = client.post(NEW, posting(valid_until=days(-1).isoformat()))
    assert response.status_code == 400
    error_at(response.content.decode(), "id_valid_until", "有效期限")
    assert Vacancy.objects.count() == 0


def test_the_employer_sees_referred_seekers_of_its_own_vacancies_without_ids(
        client, employer, company, clerk, establishment_factory):
    client.post(NEW, posting())
    vacancy = Vacancy.objects.get()
    services.vacancy_verify(vacancy=vacancy, version=vacancy.version, actor=clerk)
    seeker = services.seeker_register(
        id_number="A123456789", name="王小明", phone="0912-345-678", email="ming@example.tw",
        address="臺北市信義區松仁路100號", channel=services.COUNTER, actor=clerk,
        education="4_bachelor", experience_years=3, licences=["會計事務丙級"],
        languages=["國語", "英語"])
    unreferred = services.seeker_register(
        id_number="B223456782", name="林美玲", phone="0922-111-222", channel=services.COUNTER,
        actor=clerk)
    services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk)
    html = client.get(reverse("portal:employer_vacancy", args=[vacancy.pk])).content.decode()
    assert "王小明" in html and "0912-345-678" in html and "會計事務丙級" in html
    assert "英語" in html and "大學" in html
    for secret in ("A123456789", "A12****789", "松仁路", "ming@example.tw"):
        assert secret not in html
    assert unreferred.person.name not in html
    listing = client.get(MINE).content.decode()
    assert "王小明" not in listing  # the list shows counts only


def test_another_accounts_vacancy_answers_404(client, employer, company, clerk):
    other, _account = accounts.employer_signup(
        email="boss@example.tw", name="老闆", password=CITIZEN_PASSWORD, ubn=company.ubn,
        phone="02-2222-3333")
    theirs = services.vacancy_post(channel=services.ONLINE, establishment=company,
                                   posted_by=other, title="出納", persons_wanted=1,
                                   wage_kind="monthly", wage_min=30000, district="daan",
                                   valid_until=days(20))
    counter = services.vacancy_post(channel=services.COUNTER, actor=clerk, ubn=company.ubn,
                                    title="總務", persons_wanted=1, wage_kind="monthly",
                                    wage_min=30000, district="daan", valid_until=days(20))
    for pk in (theirs.pk, counter.pk, 999999):
        response = client.get(reverse("portal:employer_vacancy", args=[pk]))
        assert response.status_code == 404
    listing = client.get(MINE).content.decode()
    assert "出納" not in listing and "總務" not in listing
