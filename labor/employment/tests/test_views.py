"""The staff pages of the employment service: permissions, today's work, the registers with
masked IDs, a seeker's logged full record with the vacancies that fit, counter entry,
verification, referral from a match list, the outcome form closing the loop, self-found
placements and employer-reported hires; bad input answers 400 with field messages and
writes nothing."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.core.models import PersonAccessLog
from labor.employment import services
from labor.employment import views as employment_views
from labor.employment.models import (
    Hire,
    JobSeeker,
    Placement,
    Referral,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
)
from labor.portal import accounts
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

WORK = "employment.work_employment"


def today():
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@pytest.fixture
def clerk(staff_user, unit_factory):
    unit = unit_factory("employment-centre", "就業服務站", lines=("employment_cases",))
    return staff_user("clerk", unit=unit, perms=[WORK], last_name="陳", first_name="就服")


@pytest.fixture
def client_clerk(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def company(establishment_factory):
    return establishment_factory("大安會計師事務所", district_code="daan")


@pytest.fixture
def seeker(clerk):
    return services.seeker_register(
        id_number="A123456789", name="王小明", phone="0912-345-678",
        address="臺北市大安區復興南路一段1號", channel=services.COUNTER, actor=clerk,
        desired_title="會計助理", registered_on=days(-5))


@pytest.fixture
def vacancy(clerk, company):
    return services.vacancy_post(
        channel=services.COUNTER, actor=clerk, ubn=company.ubn, title="會計助理",
        persons_wanted=1, wage_kind="monthly", wage_min=32000, district="daan",
        posted_on=days(-3), valid_until=days(30))


@pytest.fixture
def fake_matching(monkeypatch):
    """The matching module's answers, fixed: every open vacancy / active seeker, with a
    reason, so that these tests do not depend on the scoring."""

    def vacancies_for(seeker, limit, near_misses=False):
        rows = Vacancy.objects.filter(status=VacancyStatus.OPEN).select_related(
            "establishment", "district")[:limit]
        return [SimpleNamespace(vacancy=v, score=0.9, reasons=["職業相符", "希望地區：大安區"])
                for v in rows], True

    def seekers_for(vacancy, limit, near_misses=False):
        rows = JobSeeker.objects.filter(status=SeekerStatus.ACTIVE).select_related(
            "person")[:limit]
        return [SimpleNamespace(seeker=s, score=0.8, reasons=["職業相符", "缺少證照：堆高機"])
                for s in rows], True

    monkeypatch.setattr(employment_views, "vacancies_for", vacancies_for)
    monkeypatch.setattr(employment_views, "seekers_for", seekers_for)


def seeker_post(**overrides):
    data = {
        "registered_on": today().isoformat(), "id_kind": "national_id",
        "id_number": "B223456782", "name": "林美玲", "phone": "02-2720-8889",
        "desired_title": "出納", "hours": "either", "education": "4_bachelor",
        "experience_years": "3", "licences": "會計事務丙級", "languages": ["國語", "英語"],
        "desired_districts": ["daan"], "desired_occupations": ["43"],
        "priority_groups": ["sole_earner"],
    }
    data.update(overrides)
    return data


def vacancy_post_data(company, **overrides):
    data = {
        "ubn": company.ubn, "posted_on": today().isoformat(), "title": "會計助理",
        "occupation": "43", "persons_wanted": "2", "wage_kind": "monthly",
        "wage_min": "32000", "wage_max": "36000", "hours": "full_time", "district": "daan",
        "address": "復興南路一段1號", "education_min": "2_senior_high",
        "experience_min_years": "0", "valid_until": days(30).isoformat(),
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------------------ permissions


@pytest.mark.parametrize("name,args", [
    ("employment:home", []), ("employment:seekers", []), ("employment:seeker_new", []),
    ("employment:vacancies", []), ("employment:vacancy_new", []),
    ("employment:referrals", []),
])
def test_anonymous_goes_to_login_and_staff_without_the_permission_get_403(
        client, staff_user, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(staff_user("other"))
    response = client.get(url)
    assert response.status_code == 403
    assert "可辦理就業服務" in response.content.decode()


def test_a_citizen_account_never_opens_the_workspace(client):
    user, _id = accounts.citizen_signup(email="ming@example.tw", name="王小明",
                                        password="Hsin-Yi-2023-tea")
    client.force_login(user)
    assert client.get(reverse("employment:home")).status_code == 403


def test_refer_needs_the_permission(client, staff_user, seeker, vacancy):
    client.force_login(staff_user("other"))
    response = client.post(reverse("employment:refer"),
                           {"seeker": seeker.pk, "vacancy": vacancy.pk})
    assert response.status_code == 403
    assert Referral.objects.count() == 0


# ------------------------------------------------------------------------------------ pages


def test_home_lists_todays_work(client_clerk, clerk, company, seeker, vacancy):
    user, _account = accounts.employer_signup(
        email="hr@example.tw", name="人資", password="Hsin-Yi-2023-tea", ubn=company.ubn,
        phone="02-1234-5678")
    services.vacancy_post(channel=services.ONLINE, establishment=company, posted_by=user,
                          title="門市人員", persons_wanted=1, wage_kind="hourly",
                          wage_min=200, district="xinyi", valid_until=days(20))
    services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk)
    response = client_clerk.get(reverse("employment:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "待審核的線上職缺" in html and "門市人員" in html
    assert "待回覆結果的推介" in html and "王小明" in html
    assert "A12****789" in html and "A123456789" not in html


def test_seeker_list_masks_ids_and_id_lookup_is_a_post(client_clerk, seeker):
    response = client_clerk.get(reverse("employment:seekers"))
    html = response.content.decode()
    assert "A12****789" in html and "A123456789" not in html
    response = client_clerk.post(reverse("employment:seekers"), {"id_number": "a123456789"})
    assert response.status_code == 302
    assert response["Location"] == reverse("employment:seeker", args=[seeker.pk])
    response = client_clerk.post(reverse("employment:seekers"), {"id_number": "B123456780"})
    assert response.status_code == 400
    assert "查無此證號的求職登記" in response.content.decode()


def test_seeker_page_shows_the_full_record_logs_it_and_ranks_vacancies(
        client_clerk, clerk, seeker, vacancy, fake_matching):
    response = client_clerk.get(reverse("employment:seeker", args=[seeker.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A123456789" in html and "復興南路一段1號" in html
    log = PersonAccessLog.objects.get()
    assert log.person == seeker.person and log.user == clerk
    assert "職業相符" in html and "希望地區：大安區" in html
    assert f'name="vacancy" value="{vacancy.pk}"' in html
    assert ">推介</button>" in html


def test_counter_registration_and_its_refusals(client_clerk, seeker):
    response = client_clerk.post(reverse("employment:seeker_new"), seeker_post())
    assert response.status_code == 302
    created = JobSeeker.objects.get(person__id_number="B223456782")
    assert response["Location"] == reverse("employment:seeker", args=[created.pk])
    assert created.licences == ["會計事務丙級"] and created.languages == ["國語", "英語"]
    assert created.person.priority_groups.filter(group="sole_earner").exists()
    # The same ID again: 400, the message at the ID, nothing written.
    response = client_clerk.post(reverse("employment:seeker_new"),
                                 seeker_post(id_number="A123456789", name="王小明"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "此身分證字號已有求職登記（登記日期" in html and "請勿重複登記" in html
    assert JobSeeker.objects.count() == 2
    response = client_clerk.post(reverse("employment:seeker_new"),
                                 seeker_post(id_number="C12345", phone="", name=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "格式或檢查碼不正確" in html and "請填寫姓名" in html and "請填寫聯絡電話" in html
    assert JobSeeker.objects.count() == 2


def test_counter_vacancy_below_the_minimum_wage_is_refused_at_the_wage(client_clerk, company):
    data = vacancy_post_data(company, posted_on="2024-01-01", valid_until="2024-02-01",
                             wage_min="26400", wage_max="")
    response = client_clerk.post(reverse("employment:vacancy_new"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "27,470" in html and "最低工資" in html
    assert Vacancy.objects.count() == 0
    response = client_clerk.post(reverse("employment:vacancy_new"), vacancy_post_data(company))
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.status == VacancyStatus.OPEN and vacancy.persons_wanted == 2
    page = client_clerk.get(reverse("employment:vacancy", args=[vacancy.pk]))
    assert page.status_code == 200 and "會計助理" in page.content.decode()


def test_verify_an_online_posting_and_a_stale_version_is_409(client_clerk, company):
    user, _account = accounts.employer_signup(
        email="hr@example.tw", name="人資", password="Hsin-Yi-2023-tea", ubn=company.ubn,
        phone="02-1234-5678")
    vacancy = services.vacancy_post(channel=services.ONLINE, establishment=company,
                                    posted_by=user, title="門市人員", persons_wanted=1,
                                    wage_kind="hourly", wage_min=200, district="xinyi",
                                    valid_until=days(20))
    url = reverse("employment:vacancy_action", args=[vacancy.pk, "verify"])
    response = client_clerk.post(url, {"version": vacancy.version + 5})
    assert response.status_code == 409
    assert "已由他人更新" in response.content.decode()
    response = client_clerk.post(url, {"version": vacancy.version})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN


def test_refer_from_the_match_list_then_hired_closes_the_loop(
        client_clerk, seeker, vacancy, fake_matching):
    response = client_clerk.post(reverse("employment:refer"), {
        "seeker": seeker.pk, "vacancy": vacancy.pk, "back": "match_seeker"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    # Twice: refused at the row, 400.
    response = client_clerk.post(reverse("employment:refer"), {
        "seeker": seeker.pk, "vacancy": vacancy.pk, "back": "match_vacancy"})
    assert response.status_code == 400
    assert "不能重複推介" in response.content.decode()
    page = client_clerk.get(reverse("employment:referral", args=[referral.pk]))
    assert page.status_code == 200 and "登錄推介結果" in page.content.decode()
    bad = client_clerk.post(reverse("employment:referral", args=[referral.pk]),
                            {"result": "hired", "result_on": days(-10).isoformat()})
    assert bad.status_code == 400 and "不得早於推介日期" in bad.content.decode()
    assert Placement.objects.count() == 0
    response = client_clerk.post(reverse("employment:referral", args=[referral.pk]), {
        "result": "hired", "result_on": today().isoformat(),
        "starts_on": days(3).isoformat()})
    assert response.status_code == 302
    seeker.refresh_from_db()
    vacancy.refresh_from_db()
    assert seeker.status == SeekerStatus.PLACED
    assert vacancy.status == VacancyStatus.FILLED
    assert Placement.objects.get().referral == Referral.objects.get()
    assert Hire.objects.get().vacancy == vacancy


def test_refer_to_an_expired_vacancy_by_number_is_refused_at_the_field(
        client_clerk, clerk, company, seeker):
    expired = services.vacancy_post(
        channel=services.COUNTER, actor=clerk, ubn=company.ubn, title="倉管",
        persons_wanted=1, wage_kind="monthly", wage_min=30000, district="daan",
        posted_on=days(-4), valid_until=days(-1))
    response = client_clerk.post(reverse("employment:refer"), {
        "seeker": seeker.pk, "vacancy_number": expired.pk, "back": "seeker"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "此職缺已逾有效期限" in html and "不能推介" in html
    assert Referral.objects.count() == 0
    response = client_clerk.post(reverse("employment:refer"), {
        "seeker": seeker.pk, "vacancy_number": "999999", "back": "seeker"})
    assert response.status_code == 400 and "查無此職缺編號" in response.content.decode()


def test_self_found_placement_and_employer_hire_forms(client_clerk, seeker, vacancy, company):
    url = reverse("employment:seeker_action", args=[seeker.pk, "self_found"])
    response = client_clerk.post(url, {"version": seeker.version,
                                       "placed_on": days(-10).isoformat()})
    assert response.status_code == 400
    assert "不得早於求職登記日期" in response.content.decode()
    response = client_clerk.post(url, {"version": seeker.version,
                                       "placed_on": today().isoformat(), "ubn": company.ubn})
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.status == SeekerStatus.PLACED
    url = reverse("employment:vacancy_action", args=[vacancy.pk, "hire"])
    response = client_clerk.post(url, {"version": vacancy.version, "persons": "5",
                                       "hired_on": today().isoformat()})
    assert response.status_code == 400 and "尚缺 1 人" in response.content.decode()
    assert Hire.objects.count() == 0
    response = client_clerk.post(url, {"version": vacancy.version, "persons": "1",
                                       "hired_on": today().isoformat()})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED


def test_vacancy_page_ranks_seekers_with_masked_ids(client_clerk, seeker, vacancy,
                                                    fake_matching):
    response = client_clerk.get(reverse("employment:match_vacancy", args=[vacancy.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王小明" in html and "A12****789" in html and "A123456789" not in html
    assert "缺少證照：堆高機" in html
    assert PersonAccessLog.objects.count() == 0


def test_the_match_pages_work_with_the_real_matching(client_clerk, seeker, vacancy):
    for url in (reverse("employment:match_seeker", args=[seeker.pk]),
                reverse("employment:match_vacancy", args=[vacancy.pk]),
                reverse("employment:match_seeker", args=[seeker.pk]) + "?near_misses=1",
                reverse("employment:match_vacancy", args=[vacancy.pk]) + "?near_misses=1",
                reverse("employment:seeker", args=[seeker.pk]),
                reverse("employment:vacancy", args=[vacancy.pk])):
        assert client_clerk.get(url).status_code == 200


def test_lists_filter(client_clerk, seeker, vacancy):
    response = client_clerk.get(reverse("employment:vacancies"), {"q": "會計", "status": "open"})
    assert "會計助理" in response.content.decode()
    response = client_clerk.get(reverse("employment:vacancies"), {"q": "堆高機"})
    assert "會計助理" not in response.content.decode()
    response = client_clerk.get(reverse("employment:seekers"), {"status": "placed"})
    assert "王小明" not in response.content.decode()


def test_the_seeker_page_ranks_the_real_matches_with_a_refer_button(client_clerk, seeker,
                                                                    vacancy):
    pytest.importorskip("labor.employment.matching")
    html = client_clerk.get(reverse("employment:seeker", args=[seeker.pk])).content.decode()
    assert f'id="match-vacancy-{vacancy.pk}"' in html
    assert f'name="vacancy" value="{vacancy.pk}"' in html
    assert "職稱相符" in html
    html = client_clerk.get(reverse("employment:vacancy", args=[vacancy.pk])).content.decode()
    assert f'id="match-seeker-{seeker.pk}"' in html
