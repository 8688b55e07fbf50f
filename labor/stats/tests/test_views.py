"""The indicator pages: the list for a period with the year-earlier column, the drill-down to
the records behind a figure, exports and their permissions, charts, and bad input."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from labor.core.models import Person
from labor.stats import charts, views
from labor.stats.registry import registry
from tests import conftest as shared

unit_factory = shared.unit_factory
staff_user = shared.staff_user
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

D = dt.date
INDEX = reverse("stats:index")
BAND = "establishments.by_headcount.50_99"


@pytest.fixture(autouse=True)
def _fresh_charts():
    charts.clear_cache()
    yield
    charts.clear_cache()


@pytest.fixture
def fixture(establishment_factory):
    """Three establishments: two in the 50-99 band at the end of 2023H1, one registered in
    2023 (so 2022H1 counts two establishments in all)."""
    mid = establishment_factory("中型甲公司", headcounts=[(D(2022, 1, 31), 60)])
    new = establishment_factory("新設乙公司", district_code="xinyi",
                                headcounts=[(D(2023, 3, 31), 75)])
    new.registered_on = D(2023, 3, 1)
    new.save()
    small = establishment_factory("小型丙公司", headcounts=[(D(2022, 12, 31), 12)])
    return {"mid": mid, "new": new, "small": small}


@pytest.fixture
def staff(staff_user):
    return staff_user("analyst", perms=["core.view_establishment"])


def login(client, user):
    client.force_login(user)
    return client


def detail_url(code, fmt=None, period="2023H1"):
    if fmt:
        return reverse("stats:export", args=[code, fmt]) + f"?period={period}"
    return reverse("stats:detail", args=[code]) + f"?period={period}"


# --- access -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_a_logged_in_non_staff_account_is_refused(client, staff_user):
    login(client, staff_user("citizen", profile=False))
    assert client.get(INDEX + "?period=2023H1").status_code == 403
    assert client.get(detail_url(BAND)).status_code == 403


def test_the_nav_links_to_the_statistics_pages(client, staff):
    response = login(client, staff).get(reverse("core:home"))
    assert f'href="{INDEX}"' in response.content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_the_page_lists_every_registered_code_grouped_by_prefix(client, staff, fixture):
    response = login(client, staff).get(INDEX + "?period=2023H1")
    assert response.status_code == 200
    html = response.content.decode()
    for indicator in registry.indicators():
        assert indicator.code in html
    keys = [group["key"] for group in response.context["groups"]]
    assert keys[:3] == ["establishments", "establishments.by_headcount",
                        "establishments.by_district"]
    assert "disputes" in keys
    assert "112年上半年" in html


def test_each_row_has_the_same_period_a_year_earlier_and_the_change(client, staff, fixture):
    response = login(client, staff).get(INDEX + "?period=2023H1")
    rows = {row.code: row for group in response.context["groups"] for row in group["rows"]}
    total = rows["establishments.total"]
    assert (total.value, total.previous_value, total.change) == ("3 家", "2 家", "+1")
    band = rows[BAND]
    assert (band.value, band.previous_value, band.change) == ("2 家", "1 家", "+1")
    assert response.context["earlier"].code == "2022H1"
    assert "111年1至6月" in response.content.decode()


def test_a_bad_period_is_refused_with_a_zh_hant_message(client, staff):
    login(client, staff)
    response = client.get(INDEX + "?period=2023H3")
    assert response.status_code == 400
    assert "半年別須為 H1" in response.content.decode()
    response = client.get(INDEX + "?period=yesterday")
    assert response.status_code == 400
    assert "無法辨識的期間" in response.content.decode()
    assert client.get(detail_url(BAND, period="2023-13")).status_code == 400


def test_every_period_form_is_accepted(client, staff, fixture):
    login(client, staff)
    for text in ["2023", "2023H1", "2023Q2", "2023-06", "asof:2023-06-30"]:
        assert client.get(INDEX, {"period": text}).status_code == 200, text


def test_values_are_formatted_by_unit():
    rate = registry.get("disputes.settlement_rate")
    assert views.format_value(rate, Decimal("81.13")) == "81.13%"
    assert views.format_value(rate, Decimal("80")) == "80%"  # a ratio rounded to 0 places
    assert views.format_change(rate, Decimal("81.13"), Decimal("79.5")) == "+1.63 個百分點"
    total = registry.get("establishments.total")
    assert views.format_value(total, 10612) == "10,612 家"
    assert views.format_change(total, 10612, 10700) == "−88"
    assert views.format_value(total, None) == "—"


def test_year_earlier_of_each_kind():
    parse = views.Period.parse
    assert views.year_earlier(parse("2023Q2")).code == "2022Q2"
    assert views.year_earlier(parse("2023-06")).code == "2022-06"
    assert views.year_earlier(parse("2024-02-29")).code == "asof:2023-02-28"
    assert views.year_earlier(parse("1912")) is None


# --- drill-down -------------------------------------------------------------------------------


def test_the_drill_down_lists_the_records_behind_the_figure(client, staff, fixture):
    response = login(client, staff).get(detail_url(BAND))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(fixture["mid"]) in html and str(fixture["new"]) in html
    assert str(fixture["small"]) not in html
    assert reverse("core:establishment", args=[fixture["mid"].ubn]) in html
    assert response.context["page"].paginator.count == 2
    assert "員工50至99人" in html  # the family's definition is shown


def test_the_drill_down_follows_the_period(client, staff, fixture):
    response = login(client, staff).get(detail_url(BAND, period="2022H1"))
    html = response.content.decode()
    assert str(fixture["mid"]) in html and str(fixture["new"]) not in html


def test_an_unknown_code_is_404(client, staff):
    login(client, staff)
    assert client.get(detail_url("establishments.nothing")).status_code == 404
    assert client.get(detail_url("Not A Code")).status_code == 404
    assert client.get(detail_url("establishments.nothing", "csv")).status_code == 404


# --- exports ----------------------------------------------------------------------------------


def test_csv_export_has_a_bom_and_the_records(client, staff, fixture):
    response = login(client, staff).get(detail_url(BAND, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "統一編號" in rows[0] and "名稱" in rows[0]
    ubn = rows[0].index("統一編號")
    assert sorted(row[ubn] for row in rows[1:]) == sorted([fixture["mid"].ubn,
                                                           fixture["new"].ubn])


def test_xlsx_export_has_the_records(client, staff, fixture):
    response = login(client, staff).get(detail_url(BAND, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = {row[rows[0].index("名稱")] for row in rows[1:]}
    assert names == {"中型甲公司", "新設乙公司"}


def test_export_needs_the_models_view_permission(client, staff_user, fixture):
    login(client, staff_user("reader"))
    page = client.get(detail_url(BAND))
    assert page.status_code == 200
    assert not page.context["exportable"]
    assert reverse("stats:export", args=[BAND, "csv"]) not in page.content.decode()
    assert client.get(detail_url(BAND, "csv")).status_code == 403
    assert client.get(detail_url(BAND, "xlsx")).status_code == 403


def test_exports_mask_personal_ids_unless_full_view(staff_user, person_factory):
    person = person_factory("王小明")
    records = Person.objects.all()
    for user, expected in [
        (staff_user("masked", perms=["core.view_person"]), False),
        (staff_user("full", perms=["core.view_person", "core.view_person_full"]), True),
    ]:
        headers, values = views._columns(records, user)
        row = values(records.get())
        shown = row[headers.index(str(Person._meta.get_field("id_number").verbose_name))]
        assert (shown == person.id_number) is expected
        if not expected:
            assert "*" in shown


# --- charts -----------------------------------------------------------------------------------


def test_the_trend_chart_is_an_svg_or_png_image(client, staff, fixture):
    login(client, staff)
    url = reverse("stats:chart", args=["establishments.total", "trend", "svg"])
    response = client.get(url + "?period=2023H1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    url = reverse("stats:chart", args=["disputes.settlement_rate", "trend", "png"])
    response = client.get(url + "?period=2023H1")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_a_family_member_has_a_breakdown_chart_and_others_do_not(client, staff, fixture):
    login(client, staff)
    response = client.get(reverse("stats:chart", args=[BAND, "breakdown", "png"])
                          + "?period=2023H1")
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    detail = client.get(detail_url(BAND)).content.decode()
    assert reverse("stats:chart", args=[BAND, "breakdown", "svg"]) in detail
    not_family = reverse("stats:chart", args=["establishments.total", "breakdown", "svg"])
    assert client.get(not_family + "?period=2023H1").status_code == 404


def test_the_trend_covers_the_twelve_months_ending_at_the_period_end():
    months = charts.trend_months(views.Period.parse("2023H1"))
    assert [m.code for m in (months[0], months[-1])] == ["2022-07", "2023-06"]
    assert len(months) == 12
