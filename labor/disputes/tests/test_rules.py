"""The statutory clock and the workflow of labor-dispute mediation (勞資爭議處理法)."""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from labor.core.deadlines import TableCalendar, clear_calendar_cache
from labor.core.models import DatedSetting
from labor.core.office_calendar import shipped_days
from labor.core.settings_values import dated_value
from labor.disputes import models, rules, services

D = dt.date
TAIPEI = dt.timezone(dt.timedelta(hours=8))
SHIPPED = TableCalendar({day: rest for day, rest, _remark in shipped_days()})


@pytest.fixture(autouse=True)
def fresh_calendar():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


# --- due dates over the office calendar loaded by migrations ---------------------------------


@pytest.mark.django_db
def test_a_receipt_on_friday_makes_the_designation_due_on_the_next_monday():
    # Friday 2023-06-02 + 3 days = Monday 2023-06-05 (Sunday the 4th is not the end).
    assert rules.mediator_designation_due(D(2023, 6, 2)) == D(2023, 6, 5)


@pytest.mark.django_db
def test_a_receipt_on_thursday_ending_on_sunday_moves_to_monday():
    assert rules.mediator_designation_due(D(2023, 6, 1)) == D(2023, 6, 5)


@pytest.mark.django_db
def test_a_receipt_on_monday_is_due_on_thursday():
    assert rules.mediator_designation_due(D(2023, 6, 5)) == D(2023, 6, 8)


@pytest.mark.django_db
def test_a_receipt_before_the_2023_lunar_new_year_is_due_after_the_whole_holiday():
    # Tuesday 2023-01-17 + 3 = Friday 01-20 (小年夜); rest days run to Sunday 01-29.
    assert rules.mediator_designation_due(D(2023, 1, 17)) == D(2023, 1, 30)


@pytest.mark.django_db
def test_a_designation_before_the_lunar_new_year_makes_mediation_start_due_after_it():
    # Thursday 2023-01-19 + 7 = Thursday 01-26 (補假), so Monday 01-30.
    assert rules.mediation_start_due(D(2023, 1, 19)) == D(2023, 1, 30)


@pytest.mark.django_db
def test_a_period_ending_on_a_make_up_working_saturday_is_not_extended():
    # Wednesday 2023-01-04 + 3 = Saturday 2023-01-07, a 補行上班 day.
    assert rules.mediator_designation_due(D(2023, 1, 4)) == D(2023, 1, 7)
    # Wednesday 2023-02-01 + 3 = Saturday 2023-02-04, also 補行上班.
    assert rules.mediator_designation_due(D(2023, 2, 1)) == D(2023, 2, 4)


@pytest.mark.django_db
def test_an_ordinary_saturday_moves_to_monday():
    assert rules.mediator_designation_due(D(2023, 3, 1)) == D(2023, 3, 6)


@pytest.mark.django_db
def test_mediation_starts_within_seven_days_and_the_proposal_follows_within_ten():
    assert rules.mediation_start_due(D(2023, 6, 5)) == D(2023, 6, 12)
    # Monday 2023-06-12 + 10 = Thursday 06-22, 端午節; Friday 06-23 調整放假; then the weekend.
    assert rules.proposal_due(D(2023, 6, 12)) == D(2023, 6, 26)


@pytest.mark.django_db
def test_an_aware_datetime_counts_from_its_taipei_date():
    # 2023-06-01T17:00Z is Friday 2023-06-02 01:00 in Taipei.
    late = dt.datetime(2023, 6, 1, 17, 0, tzinfo=dt.UTC)
    assert rules.mediator_designation_due(late) == D(2023, 6, 5)


def test_the_rules_take_a_calendar_and_need_no_database():
    assert rules.mediator_designation_due(D(2023, 1, 17), calendar=SHIPPED) == D(2023, 1, 30)
    assert rules.mediator_designation_due(D(2023, 1, 4), calendar=SHIPPED) == D(2023, 1, 7)


def test_the_day_counts_are_arguments():
    assert rules.mediator_designation_due(D(2023, 6, 5), 1, calendar=SHIPPED) == D(2023, 6, 6)
    assert rules.committee_convene_due(D(2023, 6, 5), 14, calendar=SHIPPED) == D(2023, 6, 19)
    assert rules.committee_investigation_due(D(2023, 6, 5), 10, calendar=SHIPPED) == D(
        2023, 6, 15
    )
    assert rules.committee_meeting_due(D(2023, 6, 5), 15, calendar=SHIPPED) == D(2023, 6, 20)
    assert rules.committee_member_naming_due(D(2023, 6, 2), 3, calendar=SHIPPED) == D(
        2023, 6, 5
    )


@given(
    received=st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 11, 30)),
    days=st.integers(min_value=1, max_value=30),
)
def test_a_due_date_is_the_first_working_day_on_or_after_the_nominal_end(received, days):
    due = rules.mediator_designation_due(received, days, calendar=SHIPPED)
    nominal = received + dt.timedelta(days=days)
    assert due >= nominal
    assert not SHIPPED.is_rest_day(due)
    skipped = (nominal + dt.timedelta(days=n) for n in range((due - nominal).days))
    assert all(SHIPPED.is_rest_day(day) for day in skipped)


# --- the day counts are dated settings -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "days"),
    [
        ("disputes.mediator_designation_days", 3),
        ("disputes.mediation_start_days", 7),
        ("disputes.proposal_days", 10),
        ("disputes.committee_member_naming_days", 3),
    ],
)
def test_the_article_12_and_13_periods_are_confirmed_settings(key, days):
    assert dated_value(key, D(2023, 6, 30)) == Decimal(days)
    assert DatedSetting.objects.get(key=key, city="").certainty == "C"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "days"),
    [
        ("disputes.committee_convene_days", 14),
        ("disputes.committee_investigation_days", 10),
        ("disputes.committee_meeting_after_report_days", 15),
    ],
)
def test_the_later_committee_periods_are_unconfirmed_settings_with_their_source(key, days):
    row = DatedSetting.objects.get(key=key, city="")
    assert row.value == Decimal(days)
    assert row.certainty == DatedSetting.Certainty.UNCONFIRMED
    assert row.effective_from == D(2011, 5, 1)
    assert "待確認" in row.source
    assert dated_value(key, D(2023, 6, 30)) == Decimal(days)


def test_every_due_date_kind_has_a_setting_and_a_basis():
    assert set(rules.SETTING_KEYS) == set(rules.BASIS)


# --- the workflow -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        ("received", "assign", "assigned"),
        ("assigned", "object", "received"),
        ("assigned", "schedule", "scheduled"),
        ("scheduled", "reschedule", "scheduled"),
        ("scheduled", "hold", "scheduled"),
        ("scheduled", "record_outcome", "closed"),
        ("received", "withdraw", "closed"),
        ("assigned", "withdraw", "closed"),
        ("scheduled", "withdraw", "closed"),
    ],
)
def test_the_declared_transitions_lead_where_the_workflow_says(status, action, expected):
    assert rules.next_status(status, action) == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("received", "schedule"),
        ("received", "hold"),
        ("assigned", "assign"),
        ("assigned", "hold"),
        ("closed", "assign"),
        ("closed", "withdraw"),
        ("closed", "record_outcome"),
        ("closed", "schedule"),
        ("received", "fly"),
    ],
)
def test_an_action_the_status_does_not_allow_is_refused_in_zh_hant(status, action):
    with pytest.raises(rules.TransitionRefused):
        rules.next_status(status, action)
    with pytest.raises(ValidationError) as excinfo:
        services._next_status(status, action)
    assert list(excinfo.value.message_dict) == ["status"]
    assert "不能" in excinfo.value.message_dict["status"][0]


def test_nothing_leaves_a_closed_case():
    assert not [key for key in rules.TRANSITIONS if key[0] == rules.CLOSED]


def test_withdrawal_closes_from_every_open_status():
    for status in rules.OPEN_STATUSES:
        assert rules.next_status(status, "withdraw") == rules.CLOSED


def test_the_rules_statuses_and_outcomes_are_the_models_values():
    statuses = {s for key, to in rules.TRANSITIONS.items() for s in (key[0], to)}
    assert statuses == set(models.Status.values)
    assert {rules.SETTLED, rules.NOT_SETTLED, rules.WITHDRAWN, rules.WITHDRAWN_SETTLED,
            rules.TRANSFERRED} == set(models.Outcome.values)


# --- outcomes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "counts"),
    [("settled", True), ("withdrawn_settled", True), ("not_settled", False),
     ("withdrawn", False), ("transferred", False)],
)
def test_settled_and_withdrawn_after_settling_count_for_the_settlement_rate(outcome, counts):
    assert rules.settlement_counts(outcome) is counts


def test_only_settled_and_not_settled_need_a_meeting():
    assert [o for o in models.Outcome.values if rules.outcome_requires_meeting(o)] == [
        "settled", "not_settled"
    ]


def test_withdrawals_use_the_withdraw_action():
    assert rules.outcome_action("withdrawn") == "withdraw"
    assert rules.outcome_action("withdrawn_settled") == "withdraw"
    assert rules.outcome_action("settled") == "record_outcome"


def test_rules_import_nothing_from_django():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
         for alias in node.names}
    assert not {m for m in imported if m and (m.startswith("django") or m.endswith("models"))}
