"""The fund's ledger figures (labor/fund/indicators_ledger.py) on a small ledger of 2022 and
2023H1 entries: the accumulated surplus of the year before, the year's surplus to the period's
end, the balance at the period's end, and the declared balance relation."""

import datetime as dt

import pytest

from labor.fund import services
from labor.fund.models import JournalLine
from labor.fund.tests.test_ledger import END_2022, END_2023H1, SURPLUS_2023H1, build_small_ledger
from labor.stats import crosschecks
from labor.stats.registry import registry

pytestmark = pytest.mark.django_db

CODES = ("fund.surplus_accumulated_2022", "fund.surplus_2023", "fund.balance")


def fund_breaches(period):
    return [b for b in crosschecks.evaluate(period) if b.relation.code == "fund.balance"]


def test_the_ledger_figures_of_2023h1():
    build_small_ledger()
    results = registry.compute_codes("2023H1", CODES)
    accumulated, surplus, balance = (results[c] for c in CODES)
    assert accumulated.value == accumulated.numerator == END_2022 == 721_406_226
    assert surplus.value == surplus.numerator == SURPLUS_2023H1 == 10_808_083
    assert balance.value == END_2023H1 == 732_214_309
    assert accumulated.denominator is None
    assert fund_breaches("2023H1") == []


def test_the_records_behind_are_the_journal_lines():
    build_small_ledger()
    accumulated = registry.compute("fund.surplus_accumulated_2022", "2023H1").records
    surplus = registry.compute("fund.surplus_2023", "2023H1").records
    balance = registry.compute("fund.balance", "2023H1").records
    assert accumulated.model is JournalLine
    assert {x.account.code for x in accumulated} == {"1101"}
    assert max(x.entry.posted_on for x in accumulated) == dt.date(2022, 12, 31)
    assert {x.entry.posted_on.year for x in surplus} == {2023}
    assert {x.account.kind for x in surplus} == {"income", "expense"}
    assert surplus.count() == 5  # the five 2023H1 entries, one income or expense line each
    assert balance.count() == accumulated.count() + 5


@pytest.mark.parametrize("period, accumulated, surplus, balance", [
    ("2023-03", END_2022, 12_000_000, END_2022 + 12_000_000),
    ("2023Q1", END_2022, 12_000_000, END_2022 + 12_000_000),
    ("2023", END_2022, SURPLUS_2023H1 + 12_345, END_2023H1 + 12_345),
    ("2022H2", 700_000_000, 21_406_226, END_2022),
    ("asof:2023-06-30", END_2022, SURPLUS_2023H1, END_2023H1),
])
def test_the_figures_follow_the_period_ends_year(period, accumulated, surplus, balance):
    build_small_ledger()
    results = registry.compute_codes(period, CODES)
    assert [results[c].value for c in CODES] == [accumulated, surplus, balance]
    assert fund_breaches(period) == []


def test_an_opening_balance_inside_the_year_is_a_breach_named_by_the_relation():
    services.manual_entry_post(kind="opening_balance", posted_on=dt.date(2023, 1, 2),
                               amount=1_000, description="期初餘額")
    [breach] = fund_breaches("2023H1")
    assert breach.expected == 0 and breach.actual == 1_000
    assert "累計基金餘額等於上年度累積賸餘加本年度截至期末賸餘" in breach.message


def test_declared_with_labels_units_and_definitions():
    for code in CODES:
        indicator = registry.get(code)
        assert indicator.unit == "元"
        assert indicator.label and indicator.label_en
        assert indicator.definition and indicator.definition_en
    assert registry.get("fund.surplus_accumulated_2022").label == "上年度累積賸餘"
    assert registry.get("fund.surplus_2023").label == "本年度截至期末賸餘"
    relation = next(r for r in registry.relations() if r.code == "fund.balance")
    assert relation.kind == "balance"
    assert relation.formula == ("fund.balance = fund.surplus_accumulated_2022 + "
                                "fund.surplus_2023")
