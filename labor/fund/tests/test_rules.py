import ast
from pathlib import Path

import pytest

from labor.fund import rules
from labor.fund.rules import Line


def test_a_balanced_entry_has_no_problems():
    assert rules.entry_problems([Line("asset", debit=1_000), Line("income", credit=1_000)]) == []


def test_an_unbalanced_entry_is_refused():
    assert rules.entry_problems([Line("asset", debit=1_000), Line("income", credit=999)]) == [
        rules.UNBALANCED]


@pytest.mark.parametrize("line", [Line("asset"), Line("asset", debit=5, credit=5),
                                  Line("asset", debit=-5)])
def test_each_line_is_one_side_only(line):
    assert rules.ONE_SIDED in rules.entry_problems([line, Line("income", credit=5)])


def test_one_line_is_not_an_entry_and_money_is_whole():
    assert rules.entry_problems([Line("asset", debit=5)]) == [rules.NO_LINES]
    assert rules.entry_problems([Line("asset", debit=5.0), Line("income", credit=5)]) == [
        rules.NOT_WHOLE]


def test_balances_follow_the_account_kind():
    assert rules.balance("asset", 700, 200) == 500
    assert rules.balance("equity", 200, 700) == 500
    assert rules.balance("expense", 300, 0) == 300
    with pytest.raises(ValueError):
        rules.balance("other", 0, 0)


def test_the_seed_balance_is_accumulated_plus_period_surplus():
    # council report 2023H1: 721,406,226 + 10,808,083 = 732,214,309 (the report prints ...039)
    assert 721_406_226 + rules.surplus(10_808_083 + 5_000_000, 5_000_000) == 732_214_309


def test_rules_import_nothing_from_django():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [n for n in names if n.startswith("django")]
