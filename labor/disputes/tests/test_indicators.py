"""The dispute figures (labor/disputes/indicators.py) on small fixtures built with the ORM.

Each test builds the few records it needs, so that every count it asserts is visible in it.
"""

import datetime as dt
from itertools import count

import pytest

from labor.core.formatting import TAIPEI
from labor.core.models import Case
from labor.disputes.models import (
    LINE_COORDINATION,
    LINE_MEDIATION,
    ApplicantKind,
    Dispute,
    Kind,
    LawyerConsultation,
    LawyerSlot,
    Meeting,
    Outcome,
)
from labor.stats.registry import registry

pytestmark = pytest.mark.django_db

D = dt.date
UTC = dt.UTC
_serial = count(1)


def taipei(year, month, day, hour=10, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=TAIPEI)


def dispute(received_at: dt.datetime, *, kind=Kind.MEDIATION, channel="counter", outcome="",
            outcome_on=None) -> Dispute:
    line = LINE_MEDIATION if kind == Kind.MEDIATION else LINE_COORDINATION
    n = next(_serial)
    year = received_at.astimezone(TAIPEI).year
    case = Case.objects.create(
        number=f"{year - 1911}-{'DSP' if kind == Kind.MEDIATION else 'MDC'}-{n:06d}",
        line=line, year=year, sequence=n, channel=channel,
        status="closed" if outcome else "received", received_at=received_at,
        closed_at=(dt.datetime.combine(outcome_on, dt.time(17), tzinfo=TAIPEI)
                   if outcome else None),
    )  # fmt: skip
    return Dispute.objects.create(case=case, kind=kind, applicant_kind=ApplicantKind.WORKER,
                                  outcome=outcome, outcome_on=outcome_on)


def meeting(d: Dispute, starts_at: dt.datetime, status=Meeting.Status.HELD) -> Meeting:
    return Meeting.objects.create(
        dispute=d, kind=d.kind, starts_at=starts_at, room="第一調解室", status=status,
        held_at=starts_at if status == Meeting.Status.HELD else None,
    )  # fmt: skip


def result(code: str, period: str = "2023H1"):
    return registry.compute(code, period)


def value(code: str, period: str = "2023H1"):
    return result(code, period).value


SETTLING = {Outcome.SETTLED, Outcome.WITHDRAWN_SETTLED}


@pytest.mark.parametrize("outcome", Outcome.values)
def test_each_outcome_makes_a_case_handled_in_the_period_of_its_outcome_date(outcome):
    d = dispute(taipei(2023, 3, 1), outcome=outcome, outcome_on=D(2023, 3, 20))
    if outcome in (Outcome.SETTLED, Outcome.NOT_SETTLED):
        meeting(d, taipei(2023, 3, 20, 14))

    assert value("disputes.cases_handled", "2023Q1") == 1
    assert value("disputes.cases_handled", "2023Q2") == 0
    rate = result("disputes.settlement_rate", "2023Q1")
    assert (rate.numerator, rate.denominator) == (1 if outcome in SETTLING else 0, 1)
    assert rate.value == (100 if outcome in SETTLING else 0)
    assert list(result("disputes.cases_handled", "2023Q1").records) == [d]


def test_an_open_case_is_received_but_not_handled():
    dispute(taipei(2023, 6, 20))
    assert value("disputes.applications_received") == 1
    assert value("disputes.cases_handled") == 0
    assert value("disputes.settlement_rate") is None  # nothing handled: no rate


def test_the_settlement_rate_is_settled_and_withdrawn_after_settling_over_all_handled():
    for outcome in Outcome.values:  # one case of each outcome in the half
        dispute(taipei(2023, 2, 1), outcome=outcome, outcome_on=D(2023, 2, 20))
    dispute(taipei(2023, 6, 1), outcome=Outcome.SETTLED, outcome_on=D(2023, 7, 3))  # next half
    dispute(taipei(2023, 6, 1))  # still open

    rate = result("disputes.settlement_rate")
    assert (rate.numerator, rate.denominator, str(rate.value)) == (2, 5, "40.00")
    assert {d.outcome for d in rate.records} == SETTLING
    assert rate.denominator_records.count() == 5


def test_the_settlement_rate_rounds_half_up_to_two_places():
    # 1 / 8 = 12.5 %; 1 / 16 = 6.25 %; 1 / 32 = 3.125 % → 3.13 (half up, not to even).
    dispute(taipei(2023, 1, 5), outcome=Outcome.SETTLED, outcome_on=D(2023, 1, 20))
    for _ in range(31):
        dispute(taipei(2023, 1, 5), outcome=Outcome.NOT_SETTLED, outcome_on=D(2023, 1, 20))
    assert str(value("disputes.settlement_rate")) == "3.13"


def test_a_case_received_in_2022_and_closed_in_2023_is_handled_in_2023_not_received():
    d = dispute(taipei(2022, 12, 20), outcome=Outcome.WITHDRAWN_SETTLED, outcome_on=D(2023, 1, 9))

    assert value("disputes.cases_handled") == 1
    assert value("disputes.applications_received") == 0
    assert value("disputes.applications_received", "2022") == 1
    assert value("disputes.cases_handled", "2022") == 0
    # Cumulative to 30 June: received and handled once each.
    assert value("disputes.applications_received", "asof:2023-06-30") == 1
    assert list(result("disputes.cases_handled").records) == [d]


def test_receipt_counts_on_its_taipei_date_whatever_the_utc_date():
    dispute(dt.datetime(2022, 12, 31, 16, 30, tzinfo=UTC))  # 1 January 00:30 in Taipei
    dispute(dt.datetime(2023, 6, 30, 15, 59, 59, tzinfo=UTC))  # 30 June 23:59:59 in Taipei
    dispute(dt.datetime(2023, 6, 30, 16, 0, tzinfo=UTC))  # 1 July 00:00 in Taipei
    dispute(dt.datetime(2022, 12, 31, 15, 59, tzinfo=UTC))  # 31 December 23:59 in Taipei

    assert value("disputes.applications_received") == 2
    assert value("disputes.applications_received", "2023-07") == 1
    assert value("disputes.applications_received", "2022-12") == 1


def test_the_online_share_is_online_applications_over_all_applications_received():
    dispute(taipei(2023, 2, 1), channel="online")
    dispute(taipei(2023, 2, 2), channel="online", outcome=Outcome.SETTLED,
            outcome_on=D(2023, 3, 1))
    dispute(taipei(2023, 2, 3), channel="counter")
    dispute(taipei(2023, 2, 4), channel="mail")
    # Not received in the half: online in December (closed in the half), online in July.
    dispute(taipei(2022, 12, 28), channel="online", outcome=Outcome.WITHDRAWN,
            outcome_on=D(2023, 1, 5))
    dispute(taipei(2023, 7, 1), channel="online")

    assert value("disputes.online_applications") == 2
    share = result("disputes.online_share")
    assert (share.numerator, share.denominator, str(share.value)) == (2, 4, "50.00")
    # The denominator is what was received (4), not what was handled (2).
    assert value("disputes.cases_handled") == 2


def test_migrant_cases_and_mediation_cases_do_not_count_in_each_others_figures():
    dispute(taipei(2023, 3, 1), kind=Kind.COORDINATION, channel="online",
            outcome=Outcome.SETTLED, outcome_on=D(2023, 3, 15))
    dispute(taipei(2023, 3, 2), kind=Kind.COORDINATION)
    dispute(taipei(2023, 3, 3), outcome=Outcome.NOT_SETTLED, outcome_on=D(2023, 3, 20))

    assert value("disputes.migrant_cases") == 2
    assert value("disputes.applications_received") == 1
    assert value("disputes.online_applications") == 0
    assert value("disputes.cases_handled") == 1
    assert value("disputes.settlement_rate") == 0


def test_lawyer_consultations_count_attended_bookings_by_the_sessions_taipei_date():
    def slot(starts_at):
        return LawyerSlot.objects.create(starts_at=starts_at,
                                         ends_at=starts_at + dt.timedelta(hours=2),
                                         lawyer_name="陳律師", location="本局1樓", capacity=6)

    in_half = slot(taipei(2023, 3, 1, 14))
    late = slot(dt.datetime(2023, 6, 30, 16, 30, tzinfo=UTC))  # 1 July 00:30 in Taipei
    for attended in (True, True, False, None):
        LawyerConsultation.objects.create(slot=in_half, name="王小明", attended=attended)
    LawyerConsultation.objects.create(slot=late, name="李小華", attended=True)

    assert value("disputes.lawyer_consultations") == 2
    assert value("disputes.lawyer_consultations", "2023-07") == 1


def test_coordination_meetings_count_meetings_held_in_the_period_only():
    case = dispute(taipei(2023, 1, 10), kind=Kind.COORDINATION)
    other = dispute(taipei(2023, 2, 10), kind=Kind.COORDINATION)
    meeting(case, taipei(2023, 1, 20, 14))
    meeting(other, taipei(2023, 3, 1, 10))
    meeting(other, taipei(2023, 2, 20, 10), status=Meeting.Status.RESCHEDULED)
    meeting(other, taipei(2023, 2, 22, 10), status=Meeting.Status.CANCELLED)
    meeting(other, taipei(2023, 7, 3, 10), status=Meeting.Status.SCHEDULED)
    meeting(case, taipei(2023, 7, 5, 10))  # held, in the next half
    mediation = dispute(taipei(2023, 1, 10))
    meeting(mediation, taipei(2023, 1, 20, 10))  # a mediation meeting: not a coordination

    assert value("disputes.migrant_coordination_meetings") == 2
    assert value("disputes.migrant_coordination_meetings", "2023") == 3


def test_coordination_success_is_over_concluded_cases_that_went_to_a_meeting():
    def concluded(outcome, *, met: bool, on=None):
        d = dispute(taipei(2023, 4, 1), kind=Kind.COORDINATION, outcome=outcome,
                    outcome_on=on or D(2023, 4, 20))
        if met:
            meeting(d, taipei(2023, 4, 15, 14))
        return d

    settled = [concluded(Outcome.SETTLED, met=True), concluded(Outcome.SETTLED, met=True)]
    concluded(Outcome.NOT_SETTLED, met=True)
    # Closed without a meeting (phone coordination, a transfer): not in the denominator.
    concluded(Outcome.WITHDRAWN_SETTLED, met=False)
    concluded(Outcome.TRANSFERRED, met=False)
    # Concluded after the half; and a meeting held whose outcome is still awaited.
    concluded(Outcome.SETTLED, met=True, on=D(2023, 7, 4))
    meeting(dispute(taipei(2023, 6, 1), kind=Kind.COORDINATION), taipei(2023, 6, 20, 10))

    rate = result("disputes.migrant_coordination_success_rate")
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.value == 67  # 66.67 rounded half up to a whole percent ("約67%")
    assert set(rate.records) == set(settled)


def test_the_coordination_success_rate_rounds_half_up_to_a_whole_percent():
    # 1 / 8 = 12.5 %: 13, not 12.
    for n in range(8):
        d = dispute(taipei(2023, 5, 2), kind=Kind.COORDINATION,
                    outcome=Outcome.SETTLED if n == 0 else Outcome.NOT_SETTLED,
                    outcome_on=D(2023, 5, 20))
        meeting(d, taipei(2023, 5, 20, 10))
    assert str(value("disputes.migrant_coordination_success_rate")) == "13"


def test_rates_with_nothing_to_divide_by_have_no_value():
    for code in ("disputes.settlement_rate", "disputes.online_share",
                 "disputes.migrant_coordination_success_rate"):
        assert value(code) is None, code


def test_every_disputes_figure_of_the_seed_report_is_registered_with_its_unit():
    # The codes of seed/figures-2023H1.yaml (disputes.*), applications received, and the
    # handled cases by outcome (the parts of a cross-checked sum).
    units = {i.code: i.unit for i in registry.indicators("disputes")}
    assert units == {
        "disputes.cases_handled": "件",
        **{f"disputes.handled_by_outcome.{o}": "件" for o in Outcome.values},
        "disputes.applications_received": "件",
        "disputes.settlement_rate": "%",
        "disputes.online_applications": "件",
        "disputes.online_share": "%",
        "disputes.lawyer_consultations": "人次",
        "disputes.migrant_cases": "件",
        "disputes.migrant_coordination_meetings": "場次",
        "disputes.migrant_coordination_success_rate": "%",
    }
