"""The fund's application and recovery figures on hand-made records written through the
services: what counts as received and approved in a period, who and how much, the recovery
book on the period's last day with its shares (half up), and what was repaid or reclassified
in the period."""

import datetime as dt

import pytest

from labor.core.formatting import TAIPEI
from labor.fund import selectors
from labor.fund import services_applications as apps
from labor.fund import services_recovery as recovery
from labor.fund.models import Application
from labor.fund.tests.test_services_applications import (
    approved_application,
    fund_cash,
    items_of,
    proposed,
    reviewed,
    submit,
    worker,
)
from labor.stats import crosschecks
from labor.stats.periods import Period
from labor.stats.registry import registry
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory

H1 = "2023H1"
SMALL = [{"kind": "court_fee", "instance": 1, "requested": 30_000},
         {"kind": "lawyer_fee", "instance": 1, "requested": 40_000}]


@pytest.fixture
def officer(staff_user):
    return staff_user("fund-officer")


@pytest.fixture
def checker(staff_user):
    return staff_user("fund-checker")


@pytest.fixture(autouse=True)
def cash(db):
    fund_cash(10_000_000, on=dt.date(2022, 1, 3))


def value(code: str, period: str = H1):
    return registry.compute(code, period).value


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TAIPEI)


_serial = iter(range(1, 10_000))


def new(**overrides) -> Application:
    """A counter application of one worker (a new person each time) for SMALL."""
    overrides.setdefault("applicants", [worker(next(_serial))])
    overrides.setdefault("items", SMALL)
    return submit(**overrides)


def approve(officer, checker, on: dt.date, received: dt.datetime, **overrides) -> Application:
    overrides.setdefault("applicants", [worker(next(_serial))])
    return approved_application(officer, checker, on=on, received_at=received, **overrides)


# --- applications received and approved -------------------------------------------------------


def test_received_counts_the_taipei_date_of_receipt():
    new(received_at=at(2022, 12, 31, 23, 59))  # the half before
    new(received_at=at(2023, 1, 1, 0, 0))
    new(received_at=at(2023, 6, 30, 23, 30))
    new(received_at=dt.datetime(2023, 6, 30, 16, 10, tzinfo=dt.UTC))  # 7/1 00:10 in Taipei
    assert value("fund.litigation_applications") == 2
    assert value("fund.litigation_applications", "2023-07") == 1
    assert value("fund.litigation_applications", "asof:2023-06-30") == 3
    assert selectors.received(Period.parse(H1)).count() == 2


def test_approved_counts_decisions_in_the_period_that_approved_something(officer, checker):
    dismissal = approve(officer, checker, dt.date(2023, 3, 10), at(2023, 2, 1))
    closure = approve(officer, checker, dt.date(2023, 6, 30), at(2023, 5, 2),
                      case_type="plant_closure", applicant_kind="workers",
                      applicants=[worker(901), worker(902), worker(903)])
    # Received in the half before, approved in this one; then lost in court and closed: it
    # still counts as approved in the half of its decision.
    closed = approve(officer, checker, dt.date(2023, 1, 5), at(2022, 12, 20))
    apps.outcome_record(application=closed, outcome="lost", on=dt.date(2023, 4, 1),
                        actor=officer)
    apps.application_close(application=closed, actor=officer)
    # Decided outside the half.
    approve(officer, checker, dt.date(2022, 12, 30), at(2022, 12, 1))
    approve(officer, checker, dt.date(2023, 7, 3), at(2023, 6, 20), case_type="unpaid_wages")
    # Proposed, then refused by the checker: its items keep the proposed amounts, yet it was
    # not approved.
    refused = proposed(reviewed(new(received_at=at(2023, 3, 1)), officer), officer)
    apps.decision_refuse(application=refused, reason="申請人所得超過補助標準。", actor=checker,
                         on=dt.date(2023, 3, 20))
    # Every item proposed at 0: the approval is a refusal.
    zero = reviewed(new(received_at=at(2023, 4, 1)), officer)
    apps.decision_propose(application=zero, actor=officer, decisions={
        i.pk: (0, "不符補助要件") for i in items_of(zero).values()})
    apps.decision_approve(application=zero, actor=checker, on=dt.date(2023, 4, 20))
    # Still to be decided.
    reviewed(new(received_at=at(2023, 5, 1)), officer)

    half = Period.parse(H1)
    assert set(selectors.approved(half)) == {dismissal, closure, closed}
    assert value("fund.litigation_approved") == 3
    assert value("fund.litigation_persons") == 1 + 3 + 1
    assert value("fund.litigation_amount") == 3 * (30_000 + 40_000)
    assert value("fund.approved_dismissal") == 2
    assert value("fund.approved_plant_closure") == 1
    assert value("fund.approved_occupational_injury") == 0
    assert value("fund.approved_unpaid_wages") == 0
    assert value("fund.approved_unpaid_wages", "2023-07") == 1
    assert value("fund.approved_other") == 0
    assert selectors.approved_by_case_type(half)["dismissal"] == 2
    # The amount is what was approved, not what was paid so far.
    item = items_of(dismissal)[("court_fee", 1)]
    apps.disbursement_record(item=item, paid_on=dt.date(2023, 3, 15), amount=10_000,
                             actor=officer)
    assert value("fund.litigation_amount") == 3 * (30_000 + 40_000)
    assert crosschecks.evaluate(H1) == []


def test_a_lower_approval_counts_what_was_approved(officer, checker):
    application = reviewed(new(received_at=at(2023, 2, 1), items=[
        {"kind": "lawyer_fee", "instance": 1, "requested": 80_000},
        {"kind": "living_expenses", "months": 3, "requested": 90_000}]), officer)
    proposed(application, officer, {("lawyer_fee", 1): 40_000, ("living_expenses", None): 0})
    apps.decision_approve(application=application, actor=checker, on=dt.date(2023, 2, 20))
    assert value("fund.litigation_approved") == 1
    assert value("fund.litigation_amount") == 40_000


# --- the recovery book and the period's movements ---------------------------------------------

ITEMS = [
    {"kind": "court_fee", "instance": 1, "requested": 30_000},
    {"kind": "court_fee", "instance": 3, "requested": 45_000},
    {"kind": "lawyer_fee", "instance": 2, "requested": 40_000},
    {"kind": "lawyer_fee", "instance": 3, "requested": 40_000},
    {"kind": "enforcement_fee", "requested": 10_000},
    {"kind": "living_expenses", "months": 3, "requested": 60_000},
]


def judged(officer, checker, *, received: dt.datetime, assessed: dt.date, claims: dict,
           items=ITEMS) -> Application:
    """Approved at what was asked, paid in full, won, and ``claims`` (by (kind, instance))
    assessed on ``assessed``."""
    application = approve(officer, checker, received.date() + dt.timedelta(days=14), received,
                          items=items, instance=3, court="supreme")
    by_key = items_of(application)
    for item in by_key.values():
        apps.disbursement_record(item=item, paid_on=received.date() + dt.timedelta(days=20),
                                 amount=item.approved, actor=officer)
    apps.outcome_record(application=application, outcome="won",
                        on=assessed - dt.timedelta(days=5), actor=officer)
    recovery.recovery_assess(application=application, basis="judgment", on=assessed,
                             claims={by_key[key].pk: amount for key, amount in claims.items()},
                             actor=officer)
    return application


def claim(application, kind, instance=None):
    return items_of(application)[(kind, instance)].recovery_claim


def test_the_book_on_the_last_day_and_its_shares_by_item(officer, checker):
    book = judged(officer, checker, received=at(2023, 1, 5), assessed=dt.date(2023, 5, 10),
                  claims={("court_fee", 1): 30_000, ("court_fee", 3): 45_000,
                          ("lawyer_fee", 2): 20_000, ("lawyer_fee", 3): 40_000,
                          ("enforcement_fee", None): 10_000,
                          ("living_expenses", None): 60_000})
    recovery.repayment_record(claim=claim(book, "court_fee", 1), on=dt.date(2023, 5, 20),
                              amount=10_000, actor=officer)
    recovery.reclassification_record(claim=claim(book, "living_expenses"),
                                     on=dt.date(2023, 6, 15), amount=60_000,
                                     reason="雇主無財產可供執行，轉列。", actor=officer)
    # Repaid after the half: still owed on its last day.
    recovery.repayment_record(claim=claim(book, "enforcement_fee"), on=dt.date(2023, 7, 5),
                              amount=10_000, actor=officer)
    # Paid back in full within the half: out of the book.
    cleared = judged(officer, checker, received=at(2023, 1, 9), assessed=dt.date(2023, 4, 10),
                     claims={("court_fee", 1): 30_000})
    recovery.repayment_record(claim=claim(cleared, "court_fee", 1), on=dt.date(2023, 6, 30),
                              amount=30_000, actor=officer)
    # Assessed after the half: not in its book.
    judged(officer, checker, received=at(2023, 2, 1), assessed=dt.date(2023, 7, 10),
           claims={("living_expenses", None): 60_000})

    assert value("fund.recovery_cases") == 1
    assert list(selectors.book(dt.date(2023, 6, 30))) == [book]
    assert selectors.book(dt.date(2023, 6, 30)).get().outstanding == 135_000
    assert value("fund.recovery_amount") == 20_000 + 45_000 + 20_000 + 40_000 + 10_000
    assert value("fund.recovery_amount_court_fees") == 65_000
    assert value("fund.recovery_amount_third_instance_lawyer_fees") == 40_000
    assert value("fund.recovery_amount_living_expenses") == 0
    assert value("fund.recovery_amount_other") == 20_000 + 10_000  # 2nd-instance lawyer, enf.
    assert str(value("fund.recovery_share_court_fees")) == "48.15"  # 48.148…
    assert str(value("fund.recovery_share_third_instance_lawyer_fees")) == "29.63"  # 29.629…
    assert str(value("fund.recovery_share_living_expenses")) == "0.00"
    assert selectors.outstanding_by_item(dt.date(2023, 6, 30)) == {
        ("court_fee", 1): 20_000, ("court_fee", 3): 45_000, ("lawyer_fee", 2): 20_000,
        ("lawyer_fee", 3): 40_000, ("enforcement_fee", None): 10_000}

    # Repaid and reclassified in the half, by item (the July repayment is the next half's).
    assert value("fund.recovered_court_fees") == 10_000 + 30_000
    assert value("fund.recovered_living_expenses") == 60_000
    assert value("fund.recovered_lawyer_fees") == 0
    assert value("fund.recovered_enforcement_fees") == 0
    assert value("fund.recovered_total") == 100_000
    assert value("fund.recovered_enforcement_fees", "2023-07") == 10_000

    # An earlier day: before the living expenses were reclassified and the case cleared.
    assert value("fund.recovery_cases", "2023-05") == 2
    assert value("fund.recovery_amount", "2023-05") == 195_000 + 30_000
    assert value("fund.recovered_total", "2023-05") == 10_000
    assert crosschecks.evaluate(H1) == []
    assert crosschecks.evaluate("2023-05") == []


def test_shares_are_rounded_half_up_each_on_its_own(officer, checker):
    judged(officer, checker, received=at(2023, 1, 5), assessed=dt.date(2023, 5, 10),
           items=[{"kind": "court_fee", "instance": 1, "requested": 1_000},
                  {"kind": "living_expenses", "months": 2, "requested": 31_000}],
           claims={("court_fee", 1): 1_000, ("living_expenses", None): 31_000})
    # 1,000 / 32,000 = 3.125 % and 31,000 / 32,000 = 96.875 %: half up, 3.13 and 96.88
    # (banker's rounding would give 3.12 and 96.88); together 100.01.
    assert str(value("fund.recovery_share_court_fees")) == "3.13"
    assert str(value("fund.recovery_share_living_expenses")) == "96.88"
    assert crosschecks.evaluate(H1) == []


def test_an_empty_book_has_no_shares():
    assert value("fund.recovery_cases") == 0
    assert value("fund.recovery_amount") == 0
    assert value("fund.recovery_share_court_fees") is None
    assert value("fund.recovered_total") == 0
    assert crosschecks.evaluate(H1) == []
