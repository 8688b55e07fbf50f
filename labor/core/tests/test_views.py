import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from labor.core import services
from labor.core.formatting import roc_date
from labor.core.models import (
    Case,
    Channel,
    DatedSetting,
    District,
    Establishment,
    Industry,
    OfficeCalendarDay,
    Person,
    PersonAccessLog,
    PriorityGroup,
    PriorityGroupMembership,
    Role,
    Unit,
)
from tests import conftest as shared

# The shared fixtures (tests/conftest.py only reaches tests/ by itself).
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory
staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = pytest.mark.django_db


def _aware(*args):
    return timezone.make_aware(dt.datetime(*args))


def _open_case(**kwargs):
    kwargs.setdefault("received_at", _aware(2023, 3, 1, 10, 0))
    return services.case_open(line="general", channel=Channel.COUNTER, status="受理", **kwargs)


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["core:home", "core:search"])
def test_workspace_pages_send_anonymous_visitors_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login") + "?next=")


def test_an_establishment_page_needs_a_login(client, establishment_factory):
    est = establishment_factory()
    response = client.get(reverse("core:establishment", args=[est.ubn]))
    assert response["Location"].startswith(reverse("core:login"))


def test_a_logged_in_account_that_is_not_staff_is_refused(client, staff_user):
    client.force_login(staff_user("citizen", profile=False))
    response = client.get(reverse("core:home"))
    assert response.status_code == 403
    assert "您沒有檢視此頁面的權限" in response.content.decode()


# --- home ---------------------------------------------------------------------------------


def test_home_greets_the_user_and_shows_their_unit_and_its_lines(client, staff_user, unit_factory):
    unit = unit_factory("mediation", "勞資關係科", lines=["general", "not-installed-yet"])
    client.force_login(staff_user("amy", unit=unit, first_name="美玲", last_name="陳"))
    html = client.get(reverse("core:home")).content.decode()
    assert "陳美玲，您好" in html
    assert "勞資關係科" in html
    assert "一般案件" in html  # the label of line "general" from labor.core.lines
    assert "not-installed-yet" in html  # a line without an app yet shows its code, no 500
    assert 'id="home-search-q"' in html


def test_home_lists_my_open_cases_with_their_due_dates(client, staff_user):
    me = staff_user("amy")
    someone_else = staff_user("bob")
    client.force_login(me)
    today = timezone.localdate()
    overdue = _open_case(assigned_officer=me, summary="逾期案件")
    services.case_due_date_set(case=overdue, kind="指派調解人", due_on=today - dt.timedelta(days=2))
    soon = _open_case(assigned_officer=me, summary="將到期案件")
    services.case_due_date_set(case=soon, kind="召開調解會議", due_on=today + dt.timedelta(days=1))
    closed = _open_case(assigned_officer=me, summary="已結案件")
    services.case_transition(case=closed, to_status="結案", close=True)
    _open_case(assigned_officer=someone_else, summary="別人的案件")

    html = client.get(reverse("core:home")).content.decode()
    assert overdue.number in html and soon.number in html
    assert "逾期" in html and "即將到期" in html
    assert "別人的案件" not in html
    assert closed.number not in html
    assert roc_date(today - dt.timedelta(days=2)) in html
    # the nearest deadline comes first
    assert html.index(overdue.number) < html.index(soon.number)


def test_a_superuser_without_a_unit_gets_the_general_home_page(client, staff_user):
    client.force_login(staff_user("root", profile=False, superuser=True))
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "系統管理者（未隸屬任何單位）" in html
    assert "目前沒有指派給您" in html


def test_pages_are_in_traditional_chinese_and_switch_to_english(client, staff_user):
    client.force_login(staff_user("amy"))
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="zh-hant">' in html
    assert 'name="language" value="en"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("core:home")})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("core:home")).content.decode()


def test_the_design_system_is_served_from_the_project(client, staff_user):
    assert finders.find("core/css/workspace.css")
    assert finders.find("core/img/icons.svg")
    client.force_login(staff_user("amy"))
    html = client.get(reverse("core:home")).content.decode()
    assert 'href="/static/core/css/workspace.css"' in html
    assert "https://" not in html and "http://" not in html  # no CDN, no external fonts
    assert 'class="skip-link" href="#main"' in html


# --- establishment ------------------------------------------------------------------------


def test_the_establishment_page_shows_its_record_and_headcount_history(
    client, staff_user, establishment_factory
):
    client.force_login(staff_user("amy"))
    est = establishment_factory(
        "大安精密工業股份有限公司", district_code="daan", industry_code="C",
        address="臺北市大安區復興南路一段1號", representative="林志明",
        headcounts=[(dt.date(2023, 6, 30), 1250), (dt.date(2022, 12, 31), 1180)],
    )
    response = client.get(reverse("core:establishment", args=[est.ubn]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (est.name, est.ubn, "製造業", "大安區", "復興南路一段1號", "林志明"):
        assert text in html
    assert "112年6月30日" in html and "111年12月31日" in html
    assert "1,250" in html
    assert html.index("112年6月30日") < html.index("111年12月31日")  # newest first


def test_the_establishment_page_lists_its_cases_across_lines(
    client, staff_user, establishment_factory, unit_factory
):
    client.force_login(staff_user("amy", unit=unit_factory("other", "其他科", lines=[])))
    est = establishment_factory()
    case = _open_case(establishment=est, received_at=_aware(2023, 5, 2, 9, 0))
    html = client.get(reverse("core:establishment", args=[est.ubn])).content.decode()
    assert case.number in html
    assert "一般案件" in html
    assert "112年5月2日" in html
    # The case is outside amy's lines: listed, but not a link she cannot follow.
    assert reverse("core:case", args=[case.number]) not in html


def test_an_unknown_ubn_is_a_404_with_a_message(client, staff_user):
    client.force_login(staff_user("amy"))
    response = client.get(reverse("core:establishment", args=["22099131"]))
    assert response.status_code == 404
    assert "查無統一編號 22099131 的事業單位" in response.content.decode()


# --- person -------------------------------------------------------------------------------


def test_the_full_person_record_is_refused_without_the_permission(
    client, staff_user, person_factory
):
    client.force_login(staff_user("amy"))
    person = person_factory("陳美玲", id_number="A123456789")
    response = client.get(reverse("core:person", args=[person.pk]))
    assert response.status_code == 403
    assert "A123456789" not in response.content.decode()
    assert not PersonAccessLog.objects.exists()


def test_every_full_view_of_a_person_is_logged(client, staff_user, person_factory):
    reader = staff_user("reader", perms=["core.view_person_full"])
    client.force_login(reader)
    person = person_factory("陳美玲", id_number="A123456789", birth_date=dt.date(1980, 2, 29))
    PriorityGroupMembership.objects.create(
        person=person, group=PriorityGroup.MIDDLE_AGED, established_on=dt.date(2023, 1, 5)
    )
    url = reverse("core:person", args=[person.pk])
    html = client.get(url).content.decode()
    client.get(url)
    assert "A123456789" in html
    assert "69年2月29日" in html  # birth date in ROC form
    assert "中高齡者" in html and "112年1月5日" in html
    logs = PersonAccessLog.objects.filter(person=person)
    assert logs.count() == 2
    assert {log.user for log in logs} == {reader}
    assert logs.first().ip_address == "127.0.0.1"
    assert url in logs.first().purpose


def test_an_unknown_person_is_a_404(client, staff_user):
    client.force_login(staff_user("reader", perms=["core.view_person_full"]))
    assert client.get(reverse("core:person", args=[999999])).status_code == 404


# --- case ---------------------------------------------------------------------------------


def test_a_case_of_ones_lines_opens_with_its_due_dates_and_history(client, staff_user):
    user = staff_user("amy")  # the default unit works the "general" line
    client.force_login(user)
    case = _open_case(summary="詢問資遣費計算")
    services.case_due_date_set(case=case, kind="回覆期限", due_on=dt.date(2023, 3, 15))
    response = client.get(reverse("core:case", args=[case.number.lower()]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "詢問資遣費計算" in html
    assert "112年3月15日" in html and "逾期" in html
    assert "112年3月1日" in html


def test_a_case_outside_ones_unit_and_lines_is_forbidden(client, staff_user, unit_factory):
    client.force_login(staff_user("amy", unit=unit_factory("other", "其他科", lines=[])))
    case = _open_case()
    assert client.get(reverse("core:case", args=[case.number])).status_code == 403


def test_the_officer_assigned_to_a_case_may_open_it_from_any_unit(
    client, staff_user, unit_factory
):
    officer = staff_user("amy", unit=unit_factory("other", "其他科", lines=[]))
    client.force_login(officer)
    case = _open_case(assigned_officer=officer)
    assert client.get(reverse("core:case", args=[case.number])).status_code == 200


def test_an_unknown_case_number_is_a_404(client, staff_user):
    client.force_login(staff_user("amy"))
    assert client.get(reverse("core:case", args=["112-GEN-999999"])).status_code == 404


# --- admin --------------------------------------------------------------------------------


def test_the_admin_holds_reference_data_but_not_cases_or_people():
    registered = set(admin.site._registry)
    for model in (District, Industry, DatedSetting, OfficeCalendarDay, Unit, Role):
        assert model in registered
    for model in (Case, Person, Establishment, PersonAccessLog):
        assert model not in registered


def test_the_admin_index_opens_for_a_superuser(client, staff_user):
    client.force_login(staff_user("root", profile=False, superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:core_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:core_datedsetting_changelist")).status_code == 200
