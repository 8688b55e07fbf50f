"""The litigation subsidy's arithmetic, without a database: caps per item and instance, the
decision's limits, what must be paid back after each outcome, and the workflow table."""

import pytest

from labor.fund import rules
from labor.fund.rules import Caps, Paid

# The 2023 values of the dated settings (migration 0003): lawyer fees as the central scheme
# (勞資爭議法律及生活費用扶助辦法: 40,000 an instance, 60,000 complex); the rest placeholders.
CAPS_2023 = Caps(court_fee=100_000, lawyer_fee=40_000, lawyer_fee_complex=60_000,
                 enforcement_fee=50_000, living_month=26_400, living_months=12)


# --- caps ------------------------------------------------------------------------------------


@pytest.mark.parametrize("instance", [1, 2, 3])
def test_the_lawyer_fee_cap_is_per_instance(instance):
    assert rules.item_cap("lawyer_fee", instance=instance, caps=CAPS_2023) == 40_000


def test_a_complex_case_raises_the_lawyer_fee_cap_to_60000():
    assert rules.item_cap("lawyer_fee", instance=2, complex=True, caps=CAPS_2023) == 60_000


def test_complex_does_not_raise_other_caps():
    assert rules.item_cap("court_fee", instance=1, complex=True, caps=CAPS_2023) == 100_000
    assert rules.item_cap("enforcement_fee", complex=True, caps=CAPS_2023) == 50_000


def test_three_instances_of_lawyer_fees_may_reach_three_caps():
    total = sum(rules.item_cap("lawyer_fee", instance=i, caps=CAPS_2023) for i in (1, 2, 3))
    assert total == 120_000


@pytest.mark.parametrize(("months", "cap"), [
    (1, 26_400), (6, 158_400), (12, 316_800), (13, 316_800), (36, 316_800), (0, 0), (None, 0),
])
def test_living_expenses_are_the_monthly_amount_times_at_most_12_months(months, cap):
    assert rules.item_cap("living_expenses", months=months, caps=CAPS_2023) == cap


def test_a_later_monthly_amount_changes_the_living_expenses_cap():
    caps_2024 = Caps(**{**CAPS_2023.__dict__, "living_month": 27_470})
    assert rules.item_cap("living_expenses", months=12, caps=caps_2024) == 329_640


def test_an_unknown_item_kind_has_no_cap():
    with pytest.raises(ValueError):
        rules.item_cap("travel", caps=CAPS_2023)


def test_every_cap_has_its_dated_setting():
    assert set(rules.CAP_SETTING_KEYS) == set(Caps.__dataclass_fields__)
    assert all(key.startswith("fund.cap.") for key in rules.CAP_SETTING_KEYS.values())


# --- decisions -------------------------------------------------------------------------------


def test_a_decision_within_the_request_and_the_cap_is_fine():
    assert rules.decision_problems(50_000, 40_000, 40_000) == []
    assert rules.decision_problems(50_000, 0, 40_000) == []  # refusing the item


def test_more_than_asked_is_refused():
    assert rules.decision_problems(30_000, 30_001, 100_000) == [rules.ABOVE_REQUESTED]


def test_more_than_the_cap_is_refused():
    assert rules.decision_problems(50_000, 45_000, 40_000) == [rules.ABOVE_CAP]


def test_above_both_names_both_and_negative_is_refused():
    assert rules.decision_problems(30_000, 50_000, 40_000) == [rules.ABOVE_REQUESTED,
                                                             rules.ABOVE_CAP]
    assert rules.decision_problems(30_000, -1, 40_000) == [rules.NEGATIVE]


# --- recovery --------------------------------------------------------------------------------

PAID = {
    "court1": Paid("court_fee", 1, 30_000),
    "court2": Paid("court_fee", 2, 45_000),
    "lawyer1": Paid("lawyer_fee", 1, 40_000),
    "lawyer2": Paid("lawyer_fee", 2, 40_000),
    "lawyer3": Paid("lawyer_fee", 3, 40_000),
    "enforcement": Paid("enforcement_fee", None, 10_000),
    "living": Paid("living_expenses", None, 79_200),
}


def nonzero(proposal: dict) -> dict:
    return {k: v for k, v in proposal.items() if v}


def test_a_win_claims_costs_the_employer_bears_and_third_instance_lawyer_fees():
    # 民事訴訟法 78 (costs), 466-3 (third-instance lawyer fees are costs), 強制執行法 28.
    assert nonzero(rules.recovery_proposal("won", PAID)) == {
        "court1": 30_000, "court2": 45_000, "lawyer3": 40_000, "enforcement": 10_000,
        "living": 79_200}


def test_a_win_does_not_claim_first_and_second_instance_lawyer_fees():
    proposal = rules.recovery_proposal("won", PAID)
    assert proposal["lawyer1"] == proposal["lawyer2"] == 0


def test_a_partial_win_proposes_the_same_items_at_what_was_paid():
    assert rules.recovery_proposal("partly_won", PAID) == rules.recovery_proposal("won", PAID)


def test_a_settlement_claims_two_thirds_of_the_court_fee_of_its_instance_and_living():
    # 民事訴訟法 84: settled in the second instance, 2/3 of that instance's fee is refunded.
    assert nonzero(rules.recovery_proposal("settled", PAID, instance=2)) == {
        "court2": 30_000, "living": 79_200}


def test_a_withdrawal_claims_two_thirds_of_the_court_fee_only():
    # 民事訴訟法 83: withdrawn in the first instance.
    assert nonzero(rules.recovery_proposal("withdrawn", PAID, instance=1)) == {"court1": 20_000}


def test_the_instance_ended_in_defaults_to_the_highest_of_the_items():
    paid = {"court1": Paid("court_fee", 1, 30_000), "court2": Paid("court_fee", 2, 45_000)}
    assert nonzero(rules.recovery_proposal("withdrawn", paid)) == {"court2": 30_000}


def test_a_loss_claims_nothing():
    assert nonzero(rules.recovery_proposal("lost", PAID)) == {}


def test_two_thirds_rounds_half_up_to_the_dollar():
    assert rules.two_thirds(3_000) == 2_000
    assert rules.two_thirds(1_000) == 667  # 666.67
    assert rules.two_thirds(1_001) == 667  # 667.33
    assert rules.two_thirds(1) == 1  # 0.67


def test_a_claim_is_never_above_what_was_paid():
    partial = {"court": Paid("court_fee", 1, 12_345), "nothing": Paid("living_expenses", None, 0)}
    for outcome in rules.OUTCOMES:
        proposal = rules.recovery_proposal(outcome, partial)
        assert all(proposal[k] <= partial[k].paid for k in partial)
    assert rules.claim_problems(12_346, 12_345) == [rules.ABOVE_PAID]
    assert rules.claim_problems(12_345, 12_345) == []
    assert rules.claim_problems(-1, 12_345) == [rules.NEGATIVE]


def test_an_unknown_outcome_is_an_error():
    with pytest.raises(ValueError):
        rules.recovery_proposal("appealed", PAID)


# --- workflow --------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "action", "target"), [
    ("submitted", "return_incomplete", "incomplete"),
    ("submitted", "complete", "review"),
    ("incomplete", "complete", "review"),
    ("review", "committee", "review"),
    ("review", "propose", "proposed"),
    ("proposed", "approve", "approved"),
    ("proposed", "refuse", "refused"),
    ("proposed", "send_back", "review"),
    ("submitted", "refuse", "refused"),
    ("incomplete", "refuse", "refused"),
    ("review", "refuse", "refused"),
    ("approved", "close", "closed"),
    ("refused", "close", "closed"),
])
def test_the_transitions_of_an_application(status, action, target):
    assert rules.next_status(status, action) == target


@pytest.mark.parametrize(("status", "action"), [
    ("submitted", "approve"), ("review", "approve"), ("approved", "approve"),
    ("approved", "refuse"), ("closed", "complete"), ("incomplete", "propose"),
    ("submitted", "close"),
])
def test_steps_out_of_order_are_refused(status, action):
    with pytest.raises(rules.TransitionRefused):
        rules.next_status(status, action)


def test_the_workflow_uses_the_model_statuses():
    statuses = {rules.SUBMITTED, rules.INCOMPLETE, rules.REVIEW, rules.PROPOSED,
                rules.APPROVED, rules.REFUSED, rules.CLOSED}
    used = {s for s, _a in rules.TRANSITIONS} | set(rules.TRANSITIONS.values())
    assert used == statuses
