"""The public job bank (/online/jobs/): search by folded text (會計 finds 會計助理, 台北 and
臺北 alike), district and hours, only open and valid vacancies, vacancy pages, and the page
views counted per day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.employment import services
from labor.employment.models import PageViewDay, Vacancy, VacancyStatus
from labor.portal import accounts
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

SEARCH = "/online/jobs/"


def today():
    return timezone.localdate()


def days(n):
    return today() + dt.timedelta(days=n)


@pytest.fixture
def clerk(staff_user):
    return staff_user("clerk", perms=["employment.work_employment"])


@pytest.fixture
def company(establishment_factory):
    return establishment_factory("信義商行", district_code="xinyi")


def vacancy(clerk, company, title, **overrides):
    data = {"channel": services.COUNTER, "actor": clerk, "ubn": company.ubn, "title": title,
            "persons_wanted": 1, "wage_kind": "monthly", "wage_min": 30000,
            "district": "xinyi", "valid_until": days(30), "posted_on": days(-1)}
    data.update(overrides)
    return services.vacancy_post(**data)


def titles(response) -> list[str]:
    return [v.title for v in response.context["results"]]


def test_the_names_are_the_documented_ones():
    assert reverse("jobs:search") == SEARCH
    assert reverse("jobs:vacancy", args=[12]) == "/online/jobs/12/"


def test_search_finds_words_inside_titles_and_treats_tai_alike(client, clerk, company):
    vacancy(clerk, company, "會計助理")
    vacancy(clerk, company, "臺北門市人員", description="週休二日")
    vacancy(clerk, company, "倉儲物流人員", description="台北港倉庫")
    assert titles(client.get(SEARCH, {"q": "會計"})) == ["會計助理"]
    assert set(titles(client.get(SEARCH, {"q": "台北"}))) == {"臺北門市人員", "倉儲物流人員"}
    assert set(titles(client.get(SEARCH, {"q": "臺北"}))) == {"臺北門市人員", "倉儲物流人員"}
    assert titles(client.get(SEARCH, {"q": "台北 門市"})) == ["臺北門市人員"]
    assert titles(client.get(SEARCH, {"q": "周休"})) == ["臺北門市人員"]
    assert titles(client.get(SEARCH, {"q": "ｆｏｒｋｌｉｆｔ"})) == []
    html = client.get(SEARCH, {"q": "會計"}).content.decode()
    assert "會計助理" in html and "信義商行" in html and "共 1 筆職缺" in html


def test_only_open_and_valid_vacancies_are_public(client, clerk, company):
    shown = vacancy(clerk, company, "會計助理")
    expired = vacancy(clerk, company, "會計主任", posted_on=days(-40), valid_until=days(-1))
    closed = vacancy(clerk, company, "會計專員")
    services.vacancy_close(vacancy=closed, version=closed.version, actor=clerk)
    user, _account = accounts.employer_signup(
        email="hr@example.tw", name="人資", password="Hsin-Yi-2023-tea", ubn=company.ubn,
        phone="02-1234-5678")
    pending = services.vacancy_post(channel=services.ONLINE, establishment=company,
                                    posted_by=user, title="會計經理", persons_wanted=1,
                                    wage_kind="monthly", wage_min=60000, district="xinyi",
                                    valid_until=days(10))
    assert titles(client.get(SEARCH, {"q": "會計"})) == ["會計助理"]
    assert client.get(reverse("jobs:vacancy", args=[shown.pk])).status_code == 200
    for row in (expired, closed, pending):
        response = client.get(reverse("jobs:vacancy", args=[row.pk]))
        assert response.status_code == 404 and "已截止" in response.content.decode()
    assert client.get(reverse("jobs:vacancy", args=[999999])).status_code == 404


def test_district_and_hours_filters(client, clerk, company):
    vacancy(clerk, company, "門市人員", hours="part_time", wage_kind="hourly", wage_min=200)
    vacancy(clerk, company, "門市主任", district="daan")
    vacancy(clerk, company, "門市儲備幹部", hours="either")
    assert set(titles(client.get(SEARCH, {"district": "daan"}))) == {"門市主任"}
    assert set(titles(client.get(SEARCH, {"hours": "part_time"}))) == {"門市人員",
                                                                       "門市儲備幹部"}
    assert set(titles(client.get(SEARCH, {"hours": "full_time", "district": "xinyi"}))) == {
        "門市儲備幹部"}
    # Unknown values are ignored, not errors.
    assert client.get(SEARCH, {"district": "atlantis", "hours": "x", "page": "abc"}
                      ).status_code == 200


def test_results_are_paged_newest_first(client, clerk, company):
    for n in range(25):
        vacancy(clerk, company, f"會計助理{n:02d}", posted_on=days(-30 + n))
    first = client.get(SEARCH, {"q": "會計"})
    assert first.context["total"] == 25 and first.context["pages"] == 2
    assert titles(first)[0] == "會計助理24" and len(titles(first)) == 20
    second = client.get(SEARCH, {"q": "會計", "page": "2"})
    assert titles(second) == [f"會計助理{n:02d}" for n in range(4, -1, -1)]
    assert 'rel="prev"' in second.content.decode()


def test_page_views_are_counted(client, clerk, company):
    row = vacancy(clerk, company, "會計助理")
    client.get(SEARCH)
    client.get(SEARCH, {"q": "會計"})
    client.get(reverse("jobs:vacancy", args=[row.pk]))
    client.get(reverse("jobs:vacancy", args=[999999]))  # a 404 is not a view of a vacancy
    counts = dict(PageViewDay.objects.filter(day=today()).values_list("kind", "count"))
    assert counts == {"search": 2, "vacancy": 1}


def test_a_search_makes_no_query_per_row(client, clerk, company,
                                        django_assert_max_num_queries):
    for n in range(5):
        vacancy(clerk, company, f"會計助理{n}")
    # The districts (twice), a capped count, the page's ids, their rows with employers and
    # districts, the page-view counter (its first view of the day creates the row): no query
    # per row.
    with django_assert_max_num_queries(9):
        client.get(SEARCH, {"q": "會計", "district": "xinyi"})


def test_vacancy_page_shows_the_job_and_no_person(client, clerk, company):
    row = vacancy(clerk, company, "臺北門市人員", address="松仁路100號",
                  description="負責門市銷售", licences_required=["食品安全衛生"])
    html = client.get(reverse("jobs:vacancy", args=[row.pk])).content.decode()
    assert "臺北門市人員" in html and "信義商行" in html and "松仁路100號" in html
    assert "食品安全衛生" in html and "線上求職登記" in html
    assert Vacancy.objects.get(pk=row.pk).status == VacancyStatus.OPEN


def test_on_postgresql_the_bigram_index_narrows_the_rows_first(clerk, company):
    from django.db import connection

    from labor.employment import selectors

    if connection.vendor != "postgresql":
        pytest.skip("the bigram index is PostgreSQL's (migration 0006)")
    vacancy(clerk, company, "會計助理")
    vacancy(clerk, company, "會")
    rows = selectors.public_search(q="會計")
    assert "employment_bigrams" in str(rows.query)
    assert [v.title for v in rows] == ["會計助理"]
    # A one-character word has no bigram: the substring test alone.
    single = selectors.public_search(q="會")
    assert "employment_bigrams" not in str(single.query)
    assert {v.title for v in single} == {"會計助理", "會"}
