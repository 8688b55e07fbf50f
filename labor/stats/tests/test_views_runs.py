"""The report-run pages: the runs of a period, creating a run, approving it (not by its maker),
publishing it, its freshness, the differences between two runs, and who may do what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from labor.stats import runs, views_runs
from labor.stats.models import ReportRun, RunStatus
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

PERIOD = "2023H1"
IN_PERIOD = dt.date(2023, 3, 31)
RUNS = reverse("stats:runs")
ALL = [views_runs.ADD, views_runs.APPROVE, views_runs.PUBLISH]


@pytest.fixture
def data(establishment_factory):
    return [
        establishment_factory(headcounts=[(IN_PERIOD, 12)]),
        establishment_factory(headcounts=[(IN_PERIOD, 60)], district_code="xinyi"),
    ]


@pytest.fixture
def maker(staff_user):
    return staff_user("maker", perms=ALL, last_name="陳", first_name="製表")


@pytest.fixture
def checker(staff_user):
    return staff_user("checker", perms=ALL, last_name="林", first_name="核定")


@pytest.fixture
def plain_staff(staff_user):
    return staff_user("plain")


def detail(run):
    return reverse("stats:run_detail", kwargs={"pk": run.pk})


def test_list_shows_the_runs_of_the_period(client, data, maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    runs.run_approve(run=run, actor=checker)
    runs.run_create(period="2023H2", actor=maker)
    client.force_login(maker)

    response = client.get(RUNS, {"period": PERIOD})

    assert response.status_code == 200
    page = response.content.decode()
    assert detail(run) in page
    assert page.count('href="/stats/runs/') == 1  # not the 2023H2 run
    assert "已核定" in page
    assert "陳製表" in page and "林核定" in page
    assert "112年" in page  # the cut-off as an ROC date
    assert "建立新版本" in page


def test_bad_period_is_a_400_with_the_message(client, maker):
    client.force_login(maker)
    response = client.get(RUNS, {"period": "2023H3"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_create_makes_a_draft_run_and_opens_it(client, data, maker):
    client.force_login(maker)

    response = client.post(RUNS, {"period": PERIOD, "note": "第一版"})

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response.url == detail(run)
    assert (run.period, run.status, run.created_by, run.note) == (
        PERIOD, RunStatus.DRAFT, maker, "第一版")
    page = client.get(detail(run)).content.decode()
    assert "establishments.total" in page
    assert "依目前資料重新計算，各項數值均與本批次相同。" in page


def test_create_refused_without_permission_and_button_hidden(client, data, plain_staff):
    client.force_login(plain_staff)

    assert "建立新版本" not in client.get(RUNS, {"period": PERIOD}).content.decode()
    response = client.post(RUNS, {"period": PERIOD})

    assert response.status_code == 403
    assert "您沒有建立報表批次的權限。" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_create_with_a_bad_period_is_a_400(client, maker):
    client.force_login(maker)
    response = client.post(RUNS, {"period": "nonsense"})
    assert response.status_code == 400
    assert not ReportRun.objects.exists()


def test_approve_by_another_user_then_publish(client, data, maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    client.force_login(checker)

    response = client.post(reverse("stats:run_approve", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (RunStatus.APPROVED, checker)
    assert "公布" in client.get(detail(run)).content.decode()

    response = client.post(reverse("stats:run_publish", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.published_by) == (RunStatus.PUBLISHED, checker)
    page = client.get(detail(run)).content.decode()
    assert "已公布" in page
    assert reverse("stats:run_approve", kwargs={"pk": run.pk}) not in page


def test_the_maker_cannot_approve_their_own_run(client, data, maker):
    run = runs.run_create(period=PERIOD, actor=maker)
    client.force_login(maker)

    assert "須由其他人員核定" in client.get(detail(run)).content.decode()
    response = client.post(reverse("stats:run_approve", kwargs={"pk": run.pk}))

    assert response.status_code == 400
    assert "報表批次須由製表人以外之人員核定。" in response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_publishing_a_draft_is_refused_with_the_message(client, data, maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    client.force_login(checker)
    response = client.post(reverse("stats:run_publish", kwargs={"pk": run.pk}))
    assert response.status_code == 400
    assert "僅已核定之報表批次可公布。" in response.content.decode()


def test_actions_need_post(client, data, maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    client.force_login(checker)
    assert client.get(reverse("stats:run_approve", kwargs={"pk": run.pk})).status_code == 405


def test_staff_without_permissions_get_403_on_every_action(client, data, maker, plain_staff):
    run = runs.run_create(period=PERIOD, actor=maker)
    client.force_login(plain_staff)

    page = client.get(detail(run))
    assert page.status_code == 200  # every staff member may look
    assert reverse("stats:run_approve", kwargs={"pk": run.pk}) not in page.content.decode()
    assert client.post(reverse("stats:run_approve", kwargs={"pk": run.pk})).status_code == 403
    assert client.post(reverse("stats:run_publish", kwargs={"pk": run.pk})).status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_anonymous_is_sent_to_login(client, data, maker):
    run = runs.run_create(period=PERIOD, actor=maker)
    urls = [RUNS, detail(run), reverse("stats:run_diff", kwargs={"a": run.pk, "b": run.pk})]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("core:login")), url
    assert client.post(RUNS, {"period": PERIOD}).status_code == 302
    assert not ReportRun.objects.exclude(pk=run.pk).exists()


def test_freshness_and_diff_after_a_data_change(client, data, maker, establishment_factory):
    first = runs.run_create(period=PERIOD, actor=maker)
    added = establishment_factory(headcounts=[(IN_PERIOD, 70)])
    client.force_login(maker)

    page = client.get(detail(first)).content.decode()
    assert "依目前資料重新計算，有 " in page
    assert "establishments.total" in page.split("freshness-changed")[1].split("</ul>")[0]

    second = runs.run_create(period=PERIOD, actor=maker)
    response = client.get(detail(first), {"other": second.pk})
    diff_url = reverse("stats:run_diff", kwargs={"a": first.pk, "b": second.pk})
    assert response.status_code == 302 and response.url == diff_url

    response = client.get(diff_url)
    assert response.status_code == 200
    page = response.content.decode()
    row = page.split("establishments.total")[1].split("</tr>")[0]
    assert ">2 " in row and ">3 " in row  # old → new
    assert ">+1 " in row
    assert str(added.pk) in row
    assert "establishments.by_headcount.50_99" in page
    assert "establishments.by_headcount.10_29" not in page  # unchanged figure not listed


def test_diff_lists_at_most_twenty_ids_with_the_count(client, maker, establishment_factory):
    first = runs.run_create(period=PERIOD, actor=maker)
    made = [establishment_factory(headcounts=[(IN_PERIOD, 5)]) for _ in range(23)]
    second = runs.run_create(period=PERIOD, actor=maker)
    client.force_login(maker)

    page = client.get(reverse("stats:run_diff", kwargs={"a": first.pk, "b": second.pk}))
    row = page.content.decode().split("establishments.total")[1].split("</tr>")[0]
    assert "23 筆" in row
    assert "僅列前 20 筆" in row
    ids = sorted(e.pk for e in made)
    assert str(ids[19]) in row and f", {ids[20]}" not in row


def test_diff_of_runs_of_different_periods_is_a_400(client, data, maker):
    a = runs.run_create(period=PERIOD, actor=maker)
    b = runs.run_create(period="2023H2", actor=maker)
    client.force_login(maker)
    response = client.get(reverse("stats:run_diff", kwargs={"a": a.pk, "b": b.pk}))
    assert response.status_code == 400
    assert "僅能比較同一統計期間之報表批次。" in response.content.decode()


def test_compare_with_a_run_of_another_period_is_a_400(client, data, maker):
    a = runs.run_create(period=PERIOD, actor=maker)
    b = runs.run_create(period="2023H2", actor=maker)
    client.force_login(maker)
    assert client.get(detail(a), {"other": b.pk}).status_code == 400
    assert client.get(detail(a), {"other": "x"}).status_code == 400


def test_formatting_helpers():
    assert views_runs.age_text(dt.timedelta(days=3, hours=4, minutes=5)) == "3 天 4 小時"
    assert views_runs.age_text(dt.timedelta(hours=5, minutes=2)) == "5 小時 2 分鐘"
    assert views_runs.age_text(dt.timedelta(seconds=20)) == "不到 1 分鐘"
    assert views_runs.figure_text("x", "元", Decimal("721406226.000000")) == "7億2,140萬6,226元"
    assert views_runs.figure_text("x", "%", Decimal("55.890000")) == "55.89%"
    assert views_runs.figure_text("x", "家", Decimal("1234.000000")) == "1,234 家"
    assert views_runs.figure_text("x", "家", None) == "—"
    assert views_runs.difference_text("x", "%", Decimal("-1.5")) == "−1.50 個百分點"
    assert views_runs.difference_text("x", "家", Decimal("3")) == "+3 家"
