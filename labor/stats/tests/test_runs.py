"""Report runs: snapshots, maker-checker, publishing, immutability, differences, freshness."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from labor.stats import runs
from labor.stats.models import FigureSnapshot, ReportRun, RunStatus
from labor.stats.registry import registry
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

PERIOD = "2023H1"
IN_PERIOD = dt.date(2023, 3, 31)


@pytest.fixture
def maker(staff_user):
    return staff_user("maker")


@pytest.fixture
def checker(staff_user):
    return staff_user("checker")


@pytest.fixture
def some_establishments(establishment_factory):
    return [
        establishment_factory(headcounts=[(IN_PERIOD, 12)]),
        establishment_factory(headcounts=[(IN_PERIOD, 40)], district_code="xinyi"),
        establishment_factory(),
    ]


def test_a_run_snapshots_every_indicator_as_compute_all_gives_it(some_establishments, maker):
    run = runs.run_create(period=PERIOD, actor=maker)

    expected = registry.compute_all(PERIOD)
    figures = runs.run_figures(run)
    assert list(figures) == list(expected)
    for code, result in expected.items():
        figure = figures[code]
        assert figure.value == result.value, code
        assert figure.numerator == result.numerator, code
        assert figure.denominator == result.denominator, code
        assert len(figure.definition_version) == 12
        if result.records is not None:
            assert figure.record_ids == sorted(result.records.values_list("pk", flat=True))
            assert figure.record_model == result.records.model._meta.label_lower
    assert run.status == RunStatus.DRAFT
    assert run.period == PERIOD
    assert run.created_by == maker
    assert run.cut_off <= run.created_at
    total = figures["establishments.total"]
    assert total.value == 3
    assert total.record_model == "core.establishment"
    assert sorted(total.record_ids) == sorted(e.pk for e in some_establishments)
    values = runs.run_values(run)
    assert values["establishments.by_headcount.30_49"] == 1
    assert type(values["establishments.total"]) is int
    assert values.keys() == expected.keys()


def test_a_bad_period_is_refused_with_a_field_message(maker):
    with pytest.raises(ValidationError) as excinfo:
        runs.run_create(period="2023H3", actor=maker)
    assert "period" in excinfo.value.message_dict
    assert not ReportRun.objects.exists()


def test_definition_version_changes_with_the_definition():
    indicator = registry.get("establishments.total")
    same = runs.definition_version(indicator)
    assert runs.definition_version(indicator) == same
    assert runs.definition_version(replace(indicator, definition="別的定義。")) != same
    assert runs.definition_version(replace(indicator, version=2)) != same


def test_the_maker_cannot_approve_their_own_run(maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    with pytest.raises(ValidationError) as excinfo:
        runs.run_approve(run=run, actor=maker)
    assert "actor" in excinfo.value.message_dict
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT

    runs.run_approve(run=run, actor=checker)
    assert run.status == RunStatus.APPROVED
    assert run.approved_by == checker
    assert run.approved_at is not None


def test_the_database_refuses_a_run_approved_by_its_maker(maker):
    run = runs.run_create(period=PERIOD, actor=maker)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.filter(pk=run.pk).update(approved_by=maker)


def test_a_run_goes_draft_approved_published(maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    with pytest.raises(ValidationError, match="僅已核定"):
        runs.run_publish(run=run, actor=checker)

    runs.run_approve(run=run, actor=checker)
    with pytest.raises(ValidationError, match="僅草稿"):
        runs.run_approve(run=run, actor=checker)

    runs.run_publish(run=run, actor=checker)
    assert run.status == RunStatus.PUBLISHED
    assert run.published_at is not None
    assert run.published_by == checker
    with pytest.raises(ValidationError):
        runs.run_publish(run=run, actor=checker)
    with pytest.raises(ValidationError):
        runs.run_approve(run=run, actor=checker)
    assert runs.run_latest_published(PERIOD) == run
    assert list(runs.runs_for_period(PERIOD)) == [run]


@pytest.fixture
def published_run(some_establishments, maker, checker):
    run = runs.run_create(period=PERIOD, actor=maker)
    runs.run_approve(run=run, actor=checker)
    return runs.run_publish(run=run, actor=checker)


def test_a_published_run_and_its_figures_cannot_be_changed(published_run):
    figure = published_run.figures.get(code="establishments.total")
    figure.value = Decimal(999)
    with pytest.raises(ValidationError, match="不得修改"):
        figure.save()
    with pytest.raises(ValidationError):
        figure.delete()
    with pytest.raises(ValidationError):
        FigureSnapshot.objects.filter(run=published_run).update(value=0)
    with pytest.raises(ValidationError):
        FigureSnapshot.objects.filter(run=published_run).delete()
    with pytest.raises(ValidationError):
        FigureSnapshot.objects.create(
            run=published_run, code="extra.code", label="x", unit="件", definition="x",
            definition_version="x",
        )
    published_run.note = "改寫"
    with pytest.raises(ValidationError):
        published_run.save()
    with pytest.raises(ValidationError):
        published_run.delete()

    assert FigureSnapshot.objects.get(pk=figure.pk).value == 3
    assert published_run.figures.count() == len(registry.compute_all(PERIOD))


def test_a_draft_runs_figures_may_still_be_deleted_with_the_run(maker):
    run = runs.run_create(period=PERIOD, actor=maker)
    run.delete()
    assert not FigureSnapshot.objects.exists()


def test_the_difference_of_two_runs_names_the_changed_figures_and_records(
    published_run, establishment_factory, maker
):
    added = establishment_factory(headcounts=[(IN_PERIOD, 35)], district_code="daan")
    correction = runs.run_create(period=PERIOD, actor=maker, note="補登一家事業單位")

    changes = {change.code: change for change in runs.run_diff(published_run, correction)}

    assert set(changes) == {
        "establishments.total",
        "establishments.by_headcount.30_49",
        "establishments.by_district.daan",
    }
    band = changes["establishments.by_headcount.30_49"]
    assert (band.old, band.new, band.difference) == (1, 2, 1)
    assert band.records_added == [added.pk]
    assert band.records_removed == []
    assert band.label and band.unit == "家"
    assert not band.definition_changed
    assert changes["establishments.total"].difference == 1
    # The other way round the record is removed.
    back = {c.code: c for c in runs.run_diff(correction, published_run)}
    assert back["establishments.total"].records_removed == [added.pk]
    assert back["establishments.total"].difference == -1


def test_identical_runs_have_no_difference_and_periods_must_match(some_establishments, maker):
    first = runs.run_create(period=PERIOD, actor=maker)
    second = runs.run_create(period=PERIOD, actor=maker)
    assert runs.run_diff(first, second) == []
    other = runs.run_create(period="2023H2", actor=maker)
    with pytest.raises(ValidationError):
        runs.run_diff(first, other)


def test_freshness_flags_a_figure_that_would_differ_now(
    some_establishments, establishment_factory, maker
):
    run = runs.run_create(period=PERIOD, actor=maker)
    fresh = runs.run_freshness(run)
    assert fresh.is_current
    assert fresh.changed == []
    assert fresh.age >= dt.timedelta(0)
    assert fresh.cut_off == run.cut_off

    establishment_factory(headcounts=[(IN_PERIOD, 250)], district_code="xinyi")
    stale = runs.run_freshness(run)
    assert not stale.is_current
    assert set(stale.changed) == {
        "establishments.total",
        "establishments.by_headcount.200_299",
        "establishments.by_district.xinyi",
        # An establishment of 200-299 workers must staff health services (issue 5).
        "osh_health_staffing.band_200_299.required",
        "osh_health_staffing.band_200_299.rate",
    }


def test_the_admin_shows_runs_read_only(published_run, staff_user, client):
    admin = staff_user("runs-admin", superuser=True, profile=False)
    client.force_login(admin)
    assert client.get("/admin/stats/reportrun/").status_code == 200
    page = client.get(f"/admin/stats/reportrun/{published_run.pk}/change/")
    assert page.status_code == 200
    assert "establishments.total" in page.content.decode()
    assert client.get("/admin/stats/reportrun/add/").status_code == 403
