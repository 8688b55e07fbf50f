"""The labor rights fund's bookkeeping as pure functions (no Django imports).

Double entry: every journal entry's debits equal its credits, each line is one side only, in
whole NT$. Balances are derived from the lines, never typed: an asset's balance is debits minus
credits; equity, liability and income balances are credits minus debits; an expense's is debits
minus credits. The fund's surplus of a period is its income minus its expenditure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DEBIT_NORMAL = frozenset({"asset", "expense"})
KINDS = frozenset({"asset", "liability", "equity", "income", "expense"})

# Problem codes; services turn them into zh-Hant messages.
NO_LINES = "no_lines"
ONE_SIDED = "one_sided"
NOT_WHOLE = "not_whole"
UNBALANCED = "unbalanced"


@dataclass(frozen=True)
class Line:
    account_kind: str
    debit: int = 0
    credit: int = 0


def entry_problems(lines: Iterable[Line]) -> list[str]:
    """What is wrong with a journal entry of ``lines`` (empty: it may be posted)."""
    lines = list(lines)
    if len(lines) < 2:
        return [NO_LINES]
    problems = []
    for line in lines:
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (line.debit, line.credit)):
            problems.append(NOT_WHOLE)
        elif (line.debit > 0) == (line.credit > 0) or line.debit < 0 or line.credit < 0:
            problems.append(ONE_SIDED)
    if not problems and sum(x.debit for x in lines) != sum(x.credit for x in lines):
        problems.append(UNBALANCED)
    return sorted(set(problems))


def balance(kind: str, debits: int, credits: int) -> int:
    """An account's balance from its debit and credit totals, by the account's kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown account kind {kind!r}")
    return debits - credits if kind in DEBIT_NORMAL else credits - debits


def surplus(income: int, expenditure: int) -> int:
    """The period surplus (本期賸餘): income minus expenditure (negative: a deficit)."""
    return income - expenditure


# ---------------------------------------------------------------------------- litigation subsidy
#
# 勞資爭議法律及生活費用補助 (the city's scheme under 臺北市勞工權益基金收支保管及運用自治條例;
# the central scheme it is compared with: 勞資爭議法律及生活費用扶助辦法). The caps are dated
# settings [U] read by the services on the application's received date; the arithmetic is here.

COURT_FEE = "court_fee"
LAWYER_FEE = "lawyer_fee"
ENFORCEMENT_FEE = "enforcement_fee"
LIVING_EXPENSES = "living_expenses"
ITEM_KINDS = (COURT_FEE, LAWYER_FEE, ENFORCEMENT_FEE, LIVING_EXPENSES)
# Items asked for per instance of the lawsuit (the caps are per instance).
PER_INSTANCE = frozenset({COURT_FEE, LAWYER_FEE})

# The dated settings behind Caps, by field.
CAP_SETTING_KEYS = {
    "court_fee": "fund.cap.court_fee",
    "lawyer_fee": "fund.cap.lawyer_fee",
    "lawyer_fee_complex": "fund.cap.lawyer_fee_complex",
    "enforcement_fee": "fund.cap.enforcement_fee",
    "living_month": "fund.cap.living_expenses_month",
    "living_months": "fund.cap.living_expenses_months",
}


@dataclass(frozen=True)
class Caps:
    """The caps in force on one date (whole NT$; ``living_months`` a number of months).

    臺北市勞工權益基金收支保管及運用自治條例 and the bureau's subsidy rules fix them [U]; the
    central scheme (勞資爭議法律及生活費用扶助辦法) pays lawyer fees up to 40,000 an instance,
    60,000 for a complex case, which the settings copy until the city's own are confirmed."""

    court_fee: int
    lawyer_fee: int
    lawyer_fee_complex: int
    enforcement_fee: int
    living_month: int
    living_months: int


def item_cap(kind: str, *, instance: int | None = None, months: int | None = None,
             complex: bool = False, caps: Caps) -> int:
    """The most that may be approved for one item.

    - court fees (裁判費) and lawyer fees (律師費): per instance of the lawsuit, the lawyer fee's
      cap higher for a complex case (勞資爭議法律及生活費用扶助辦法: 40,000 / 60,000) [U];
    - enforcement fees (強制執行費): one cap for the execution [U];
    - living expenses during the lawsuit (訴訟期間生活費用): the monthly amount times the months
      asked for, at most ``living_months`` months [U].

    ``instance`` does not change a cap (each instance's item has its own); it is taken so that a
    caller passes an item's fields as they are.
    """
    if kind == COURT_FEE:
        return caps.court_fee
    if kind == LAWYER_FEE:
        return caps.lawyer_fee_complex if complex else caps.lawyer_fee
    if kind == ENFORCEMENT_FEE:
        return caps.enforcement_fee
    if kind == LIVING_EXPENSES:
        months = max(int(months or 0), 0)
        return caps.living_month * min(months, caps.living_months)
    raise ValueError(f"unknown item kind {kind!r}")


# Problem codes of a decision on an item; services turn them into zh-Hant messages.
NEGATIVE = "negative"
ABOVE_REQUESTED = "above_requested"
ABOVE_CAP = "above_cap"


def decision_problems(requested: int, approved: int, cap: int) -> list[str]:
    """What is wrong with approving ``approved`` of an item asked for ``requested`` under
    ``cap`` (empty: it may be approved). Approving less than asked, down to 0 (refusing the
    item), is allowed with a reason, which the services ask for."""
    if approved < 0:
        return [NEGATIVE]
    problems = []
    if approved > requested:
        problems.append(ABOVE_REQUESTED)
    if approved > cap:
        problems.append(ABOVE_CAP)
    return problems


# ---------------------------------------------------------------------------- recovery (催繳)

WON = "won"
PARTLY_WON = "partly_won"
LOST = "lost"
SETTLED = "settled"
WITHDRAWN = "withdrawn"
OUTCOMES = (WON, PARTLY_WON, LOST, SETTLED, WITHDRAWN)


@dataclass(frozen=True)
class Paid:
    """What was paid of one item: its kind, the instance it is for (fees per instance) and the
    amount disbursed."""

    kind: str
    instance: int | None
    paid: int


def two_thirds(amount: int) -> int:
    """Two thirds of ``amount``, rounded half up to the NT$ (the project's one rounding rule)."""
    return (4 * amount + 3) // 6


def _recoverable(outcome: str, item: Paid, paid: int, instance: int | None) -> int:
    costs = (COURT_FEE, ENFORCEMENT_FEE, LIVING_EXPENSES)
    if outcome in (WON, PARTLY_WON):
        third_instance_lawyer = item.kind == LAWYER_FEE and item.instance == 3
        return paid if item.kind in costs or third_instance_lawyer else 0
    settled_in = item.kind == COURT_FEE and item.instance == instance
    if outcome in (SETTLED, WITHDRAWN) and settled_in:
        return two_thirds(paid)
    if outcome == SETTLED and item.kind == LIVING_EXPENSES:
        return paid
    return 0


def recovery_proposal(outcome: str, paid_by_item, *, instance: int | None = None) -> dict:
    """What must be paid back of each item, proposed from the lawsuit's outcome.

    ``paid_by_item`` maps a key of the caller's (the item's pk) to a ``Paid``; the result maps
    the same keys to an amount, never above what was paid of the item (0: nothing to pay back).
    ``instance`` is the instance the lawsuit ended in (settled or withdrawn in); by default the
    highest instance of the items.

    - won (勝訴): the losing employer bears the costs (民事訴訟法 art. 78): court fees;
      lawyer fees of the third instance, which are part of the costs (art. 466-3); enforcement
      fees, recovered from the debtor (強制執行法 art. 28); living expenses, repaid when the
      worker recovers money (the scheme's rule [U]). Lawyer fees of the first two instances
      are not costs the employer is ordered to bear: nothing.
    - partly won (一部勝訴): the same items; the court divides the costs, so the officer sets
      the amounts (the proposal is what was paid, to be lowered).
    - settled (訴訟上和解): two thirds of the court fee of the instance settled in are refunded
      (art. 84); living expenses as on a win.
    - withdrawn (撤回起訴 / 上訴): two thirds of the court fee of the instance withdrawn in are
      refunded (art. 83).
    - lost (敗訴): nothing.

    The officer may lower any amount; never raise it above what was paid (services check).
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    items = dict(paid_by_item)
    if instance is None:
        instance = max((p.instance for p in items.values() if p.instance), default=None)
    proposal = {}
    for key, item in items.items():
        paid = max(int(item.paid), 0)
        proposal[key] = min(_recoverable(outcome, item, paid, instance), paid)
    return proposal


ABOVE_PAID = "above_paid"


def claim_problems(amount: int, paid: int) -> list[str]:
    """What is wrong with claiming back ``amount`` of an item of which ``paid`` was paid."""
    if amount < 0:
        return [NEGATIVE]
    if amount > paid:
        return [ABOVE_PAID]
    return []


# ---------------------------------------------------------------------------- workflow

SUBMITTED = "submitted"
INCOMPLETE = "incomplete"
REVIEW = "review"
PROPOSED = "proposed"
APPROVED = "approved"
REFUSED = "refused"
CLOSED = "closed"

# (status, action) → status. Actions:
#   return_incomplete  the officer lists what is missing (補正)
#   complete           the file is complete: review starts
#   committee          the review committee's resolution is recorded (status unchanged)
#   propose            the officer proposes the decision per item (maker)
#   send_back          the checker sends the proposal back for another review
#   approve            the checker (another person) approves the proposal
#   refuse             the whole application is refused (by a checker), at any stage before
#                      a decision
#   close              the case ends (after the recovery, or after a refusal)
TRANSITIONS: dict[tuple[str, str], str] = {
    (SUBMITTED, "return_incomplete"): INCOMPLETE,
    (SUBMITTED, "complete"): REVIEW,
    (INCOMPLETE, "complete"): REVIEW,
    (REVIEW, "committee"): REVIEW,
    (REVIEW, "propose"): PROPOSED,
    (PROPOSED, "approve"): APPROVED,
    (PROPOSED, "refuse"): REFUSED,
    (PROPOSED, "send_back"): REVIEW,
    (SUBMITTED, "refuse"): REFUSED,
    (INCOMPLETE, "refuse"): REFUSED,
    (REVIEW, "refuse"): REFUSED,
    (APPROVED, "close"): CLOSED,
    (REFUSED, "close"): CLOSED,
}


class TransitionRefused(Exception):
    """An action the application's status does not allow (services turn it into a
    ValidationError keyed by ``status``)."""

    def __init__(self, status: str, action: str):
        super().__init__(f"{action!r} is not allowed in status {status!r}")
        self.status = status
        self.action = action


def next_status(status: str, action: str) -> str:
    """The status ``action`` leads to from ``status``; TransitionRefused if not allowed."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionRefused(status, action) from None
