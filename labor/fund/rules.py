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
