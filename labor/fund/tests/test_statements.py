"""The fund's month and year statements (labor/fund/selectors_ledger.statement): opening and
closing balances, income and expense by account, the surplus, the check closing = opening +
surplus, and each period's opening equal to the previous one's closing."""

import datetime as dt

import pytest

from labor.fund import selectors_ledger as ledger
from labor.fund.tests.test_ledger import END_2022, END_2023H1, SURPLUS_2023H1, build_small_ledger
from labor.stats.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    return build_small_ledger()


def amounts(totals):
    return {t.account.code: t.amount for t in totals if t.amount}


def test_a_year_statement(books):
    s = ledger.statement("2022")
    assert s.opening_on == dt.date(2021, 12, 31)
    assert s.opening == 700_000_000
    assert amounts(s.income) == {"4101": 30_000_000, "4201": 1_000_000}
    assert amounts(s.expense) == {"5101": 5_000_000, "5201": 3_000_000, "5901": 1_593_774}
    # Every income and expense account is listed, with 0 where nothing was posted.
    assert [t.account.code for t in s.income] == ["4101", "4201", "4301", "4901"]
    assert len(s.expense) == 8
    assert s.income_total == 31_000_000 and s.expense_total == 9_593_774
    assert s.surplus == 21_406_226
    assert s.equity == []
    assert s.closing == END_2022 == s.opening + s.surplus
    assert s.balanced
    assert s.previous == Period.of_year(2021) and s.next == Period.of_year(2023)


def test_the_year_of_the_opening_balance_shows_it_as_an_equity_movement(books):
    s = ledger.statement("2021")
    assert s.opening == 0 and s.surplus == 0 and s.closing == 700_000_000
    assert [(t.account.code, t.amount) for t in s.equity] == [("3101", 700_000_000)]
    assert s.expected_closing == s.closing and s.balanced


def test_a_month_statement(books):
    s = ledger.statement(Period.of_month(2023, 6))
    assert s.opening == END_2023H1 - 600_000
    assert amounts(s.income) == {"4201": 600_000}
    assert amounts(s.expense) == {}
    assert s.surplus == 600_000 and s.closing == END_2023H1 and s.balanced
    assert s.year_to_date_surplus == SURPLUS_2023H1
    assert s.previous == Period.of_month(2023, 5) and s.next == Period.of_month(2023, 7)
    assert ledger.statement("2023-01").previous == Period.of_month(2022, 12)
    assert ledger.statement("2022-12").next == Period.of_month(2023, 1)


def test_every_opening_is_the_previous_closing_across_the_year_boundary(books):
    month = Period.of_month(2021, 12)
    previous = None
    while month.end <= dt.date(2023, 8, 31):
        s = ledger.statement(month)
        assert s.balanced, month
        if previous is not None:
            assert s.opening == previous.closing, month
        previous, month = s, s.next
    assert ledger.statement("2023").opening == ledger.statement("2022").closing == END_2022
    assert ledger.statement("2023-01").opening == END_2022
    # Twelve months add up to their year.
    year = ledger.statement("2023")
    months = [ledger.statement(Period.of_month(2023, m)) for m in range(1, 13)]
    assert sum(m.surplus for m in months) == year.surplus
    assert months[-1].closing == year.closing == END_2023H1 + 12_345


def test_a_reversal_nets_out_in_the_statement():
    from labor.fund import services

    entry = services.manual_entry_post(kind="appropriation", posted_on=dt.date(2023, 2, 1),
                                       amount=5_000, description="撥入")
    services.manual_reverse(entry=entry, posted_on=dt.date(2023, 3, 1))
    feb, mar = ledger.statement("2023-02"), ledger.statement("2023-03")
    assert feb.surplus == 5_000 and mar.surplus == -5_000 and mar.closing == 0
    assert ledger.statement("2023").surplus == 0


@pytest.mark.parametrize("text", ["2023H1", "2023Q2", "asof:2023-06-30"])
def test_a_statement_covers_a_month_or_a_year_only(text):
    with pytest.raises(ValueError):
        ledger.statement(text)
