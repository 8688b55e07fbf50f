"""Read queries of the fund's ledger: balances, surpluses, statements and the journal.

Everything is derived from the journal lines by date (cash basis, no closing entries):

- **balance(on)** (基金餘額): assets − liabilities as of the end of ``on``, i.e. Σ(debit −
  credit) of the asset and liability lines of the entries posted on or before ``on``.
- **accumulated_surplus(year)** (累積賸餘 at the end of a year): ``balance`` on 31 December.
- **period_surplus(start, end)** (本期賸餘): income − expense of the entries posted in
  [start, end], i.e. Σ(credit − debit) of the income and expense lines.
- **equity_change(start, end)**: Σ(credit − debit) of the equity lines in [start, end]; only
  the opening-balance entry (Dr 1101 / Cr 3101 期初餘額) moves them, so it is 0 in every period
  after the one the fund's opening balance was posted in.

The accounting identity ties them: balance(end) = balance(start − 1 day) + period_surplus(start,
end) + equity_change(start, end). With a period starting on 1 January this is the council
report's balance = accumulated surplus of the year before + the year's surplus to date
(labor/fund/indicators_ledger.py), whenever the year has no opening-balance entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum

from labor.fund import rules
from labor.fund.models import Account, JournalEntry, JournalLine
from labor.stats.periods import Period, PeriodKind

Kind = Account.Kind
BALANCE_KINDS = (Kind.ASSET, Kind.LIABILITY)
RESULT_KINDS = (Kind.INCOME, Kind.EXPENSE)
ONE_DAY = dt.timedelta(days=1)


# --- lines ---------------------------------------------------------------------------------------


def _dated(start: dt.date | None, end: dt.date | None) -> Q:
    rule = Q()
    if start is not None:
        rule &= Q(entry__posted_on__gte=start)
    if end is not None:
        rule &= Q(entry__posted_on__lte=end)
    return rule


def lines(*, kinds=None, start: dt.date | None = None,
          end: dt.date | None = None) -> QuerySet[JournalLine]:
    """Journal lines of entries posted in [start, end] (either bound open), on accounts of
    ``kinds``, in posting order."""
    qs = JournalLine.objects.filter(_dated(start, end))
    if kinds is not None:
        qs = qs.filter(account__kind__in=list(kinds))
    return qs.order_by("entry__posted_on", "entry_id", "id")


def balance_lines(on: dt.date) -> QuerySet[JournalLine]:
    """The lines behind ``balance(on)``: asset and liability lines up to ``on``."""
    return lines(kinds=BALANCE_KINDS, end=on)


def surplus_lines(start: dt.date, end: dt.date) -> QuerySet[JournalLine]:
    """The lines behind ``period_surplus(start, end)``: income and expense lines in range."""
    return lines(kinds=RESULT_KINDS, start=start, end=end)


def _sums(qs: QuerySet[JournalLine]) -> tuple[int, int]:
    totals = qs.order_by().aggregate(d=Sum("debit"), c=Sum("credit"))
    return int(totals["d"] or 0), int(totals["c"] or 0)


# --- balances and surpluses ------------------------------------------------------------------


def balance(on: dt.date) -> int:
    """The fund balance (基金餘額) at the end of ``on``: assets − liabilities."""
    debit, credit = _sums(balance_lines(on))
    return debit - credit


def accumulated_surplus(year: int) -> int:
    """The accumulated surplus (累積賸餘) at the end of ``year``: the balance on 31 December."""
    return balance(dt.date(year, 12, 31))


def period_surplus(start: dt.date, end: dt.date) -> int:
    """The surplus (本期賸餘) of [start, end]: income − expense (negative: a deficit)."""
    debit, credit = _sums(surplus_lines(start, end))
    return rules.surplus(credit, debit)


def year_to_date_surplus(on: dt.date) -> int:
    """The surplus from 1 January of ``on``'s year to ``on`` (本年度截至期末賸餘)."""
    return period_surplus(dt.date(on.year, 1, 1), on)


def equity_change(start: dt.date, end: dt.date) -> int:
    """Σ(credit − debit) of the equity lines in [start, end] (the opening-balance entry)."""
    debit, credit = _sums(lines(kinds=[Kind.EQUITY], start=start, end=end))
    return credit - debit


@dataclass(frozen=True)
class AccountTotal:
    account: Account
    debit: int
    credit: int

    @property
    def amount(self) -> int:
        """Debits and credits netted on the account's normal side (an expense's debits minus
        credits, an income's credits minus debits, ...)."""
        return rules.balance(self.account.kind, self.debit, self.credit)


def account_totals(start: dt.date | None = None, end: dt.date | None = None,
                   *, kinds=None) -> list[AccountTotal]:
    """Every account (of ``kinds``) in code order with its debit and credit totals of the
    entries posted in [start, end]; accounts without lines there have zero totals."""
    sums = {
        row["account_id"]: (int(row["d"] or 0), int(row["c"] or 0))
        for row in JournalLine.objects.filter(_dated(start, end)).values("account_id")
        .annotate(d=Sum("debit"), c=Sum("credit")).order_by()
    }
    accounts = Account.objects.order_by("code")
    if kinds is not None:
        accounts = accounts.filter(kind__in=list(kinds))
    return [AccountTotal(a, *sums.get(a.pk, (0, 0))) for a in accounts]


@dataclass(frozen=True)
class AccountRow:
    account: Account
    balance: int  # since the first entry, on the account's normal side
    year_to_date: int  # 1 January of the day's year to the day, on the normal side

    @property
    def is_result(self) -> bool:
        return self.account.kind in RESULT_KINDS


def accounts_with_balances(on: dt.date) -> list[AccountRow]:
    """The chart of accounts with each account's balance at the end of ``on`` and its amount
    of the year to date (what an income or expense account shows: there are no closing
    entries, so its balance since the first entry spans years)."""
    ytd = {t.account.pk: t.amount for t in account_totals(dt.date(on.year, 1, 1), on)}
    return [AccountRow(t.account, t.amount, ytd[t.account.pk]) for t in account_totals(end=on)]


# --- statements ------------------------------------------------------------------------------


STATEMENT_KINDS = (PeriodKind.MONTH, PeriodKind.YEAR)


@dataclass(frozen=True)
class Statement:
    """A month's or a year's statement of the fund (基金收支報表)."""

    period: Period
    opening: int  # balance at the end of the day before the period
    income: list[AccountTotal]
    expense: list[AccountTotal]
    equity: list[AccountTotal]  # equity movements of the period (only those that moved)
    closing: int  # balance at the end of the period
    year_to_date_surplus: int  # 1 January to the period's end (a month's statement shows it)

    @property
    def opening_on(self) -> dt.date:
        return self.period.start - ONE_DAY

    @property
    def income_total(self) -> int:
        return sum(t.amount for t in self.income)

    @property
    def expense_total(self) -> int:
        return sum(t.amount for t in self.expense)

    @property
    def surplus(self) -> int:
        return rules.surplus(self.income_total, self.expense_total)

    @property
    def equity_total(self) -> int:
        return sum(t.amount for t in self.equity)

    @property
    def expected_closing(self) -> int:
        """What the closing balance must be: opening + surplus (+ an opening-balance entry)."""
        return self.opening + self.surplus + self.equity_total

    @property
    def balanced(self) -> bool:
        """closing = opening + surplus (+ equity movements): the books agree with themselves."""
        return self.closing == self.expected_closing

    @property
    def previous(self) -> Period:
        return neighbour(self.period, -1)

    @property
    def next(self) -> Period:
        return neighbour(self.period, +1)


def neighbour(period: Period, step: int) -> Period:
    """The month or year before (step -1) or after (+1) ``period``."""
    if period.kind == PeriodKind.YEAR:
        return Period.of_year(period.year + step)
    index = period.year * 12 + period.end.month - 1 + step
    return Period.of_month(index // 12, index % 12 + 1)


def statement(period: Period | str) -> Statement:
    """The statement of a month (``2023-06``) or a year (``2023``); ValueError otherwise."""
    period = Period.parse(period)
    if period.kind not in STATEMENT_KINDS:
        raise ValueError("a statement covers a month or a year")
    totals = account_totals(period.start, period.end,
                            kinds=[*RESULT_KINDS, Kind.EQUITY])
    return Statement(
        period=period,
        opening=balance(period.start - ONE_DAY),
        income=[t for t in totals if t.account.kind == Kind.INCOME],
        expense=[t for t in totals if t.account.kind == Kind.EXPENSE],
        equity=[t for t in totals if t.account.kind == Kind.EQUITY and (t.debit or t.credit)],
        closing=balance(period.end),
        year_to_date_surplus=year_to_date_surplus(period.end),
    )


# --- the journal -----------------------------------------------------------------------------


def journal(*, account: str | None = None) -> QuerySet[JournalEntry]:
    """Journal entries newest first, each with its lines (and their accounts), what it
    reverses or is reversed by, and the application payment or repayment it records.
    ``account`` keeps the entries with a line on that account code."""
    qs = JournalEntry.objects.all()
    if account:
        qs = qs.filter(lines__account__code=account).distinct()
    return (qs.select_related(
        "posted_by", "reverses", "reversed_by",
        "disbursement__item__application__case",
        "recovery_movement__claim__application__case",
    ).prefetch_related(
        Prefetch("lines", queryset=JournalLine.objects.select_related("account").order_by("id"))
    ).order_by("-posted_on", "-id"))


def entry(pk: int) -> JournalEntry:
    """One entry as ``journal`` reads it (DoesNotExist when there is none)."""
    return journal().get(pk=pk)


def application_of(entry: JournalEntry):
    """The litigation-subsidy application whose payment (撥付) or repayment (繳還) ``entry``
    records, or None (a manual entry, a reversal)."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return entry.disbursement.item.application
    except ObjectDoesNotExist:
        pass
    try:
        return entry.recovery_movement.claim.application
    except ObjectDoesNotExist:
        return None
