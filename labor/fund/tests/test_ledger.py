"""The fund's journal: balanced entries only, nothing written on a refusal, append-only,
corrections by reversal, balances derived."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from labor.fund import services
from labor.fund.models import Account, AppendOnly, JournalEntry, JournalLine

pytestmark = pytest.mark.django_db
D = dt.date(2023, 3, 31)


def test_the_chart_of_accounts_is_loaded_with_the_fund():
    kinds = dict(Account.objects.values_list("code", "kind"))
    assert kinds["1101"] == "asset" and kinds["3101"] == "equity"
    assert {kinds[c] for c in ("4101", "4201", "4301")} == {"income"}
    assert {kinds[c] for c in ("5101", "5102", "5103", "5104", "5201")} == {"expense"}


def test_a_balanced_entry_is_posted_and_balances_follow():
    services.journal_post(posted_on=D, description="利息", lines=[("1101", 5_000, 0),
                                                                ("4101", 0, 5_000)])
    assert services.account_balance("1101", D) == 5_000
    assert services.account_balance("4101", D) == 5_000
    assert services.account_balance("1101", D - dt.timedelta(days=1)) == 0


@pytest.mark.parametrize("lines", [
    [("1101", 5_000, 0), ("4101", 0, 4_999)],  # unbalanced
    [("1101", 5_000, 5_000), ("4101", 0, 0)],  # both sides / neither
    [("1101", 5_000, 0)],  # one line
    [("1101", 5_000, 0), ("9999", 0, 5_000)],  # unknown account
])
def test_a_bad_entry_is_refused_and_nothing_is_written(lines):
    with pytest.raises(ValidationError) as caught:
        services.journal_post(posted_on=D, description="錯誤", lines=lines)
    assert "lines" in caught.value.message_dict
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()


def test_a_posted_entry_is_never_edited_or_deleted_but_reversed():
    entry = services.journal_post(posted_on=D, description="補助", lines=[
        ("5101", 80_000, 0), ("1101", 0, 80_000)])
    entry.description = "改寫"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        entry.lines.first().save()
    reversal = services.journal_reverse(entry=entry, posted_on=D)
    assert reversal.reverses == entry
    assert services.account_balance("5101", D) == 0
    assert services.account_balance("1101", D) == 0
    with pytest.raises(ValidationError):
        services.journal_reverse(entry=entry, posted_on=D)


# --- a small ledger over a year boundary (used by the statement, indicator and view tests) ----

OPENING_ON = dt.date(2021, 12, 31)
# (date, kind or (debit, credit), amount, description)
ENTRIES = [
    (OPENING_ON, "opening_balance", 700_000_000, "期初餘額"),
    (dt.date(2022, 3, 1), "appropriation", 30_000_000, "111年度市府撥入"),
    (dt.date(2022, 6, 30), "interest", 1_000_000, "111年上半年利息"),
    (dt.date(2022, 8, 1), ("5101", "1101"), 5_000_000, "訴訟補助裁判費"),
    (dt.date(2022, 9, 1), "tuition_subsidy", 3_000_000, "就學費用補助"),
    (dt.date(2022, 12, 31), "administrative", 1_593_774, "業務費用"),
    (dt.date(2023, 1, 1), "appropriation", 15_000_000, "112年度市府撥入"),
    (dt.date(2023, 3, 15), ("5102", "1101"), 3_000_000, "訴訟補助律師費"),
    (dt.date(2023, 4, 10), ("1101", "4301"), 1_000_000, "收回訴訟補助款"),
    (dt.date(2023, 5, 20), "employment_programme", 2_791_917, "職業技能補助"),
    (dt.date(2023, 6, 30), "interest", 600_000, "112年上半年利息"),
    (dt.date(2023, 7, 1), "interest", 12_345, "下半年利息"),
]
END_2022 = 721_406_226  # 700,000,000 + 31,000,000 - 9,593,774
SURPLUS_2023H1 = 10_808_083  # 16,600,000 - 5,791,917
END_2023H1 = 732_214_309


def build_small_ledger(actor=None) -> list:
    """The entries of ENTRIES, posted in order; returns them."""
    posted = []
    for on, kind, amount, description in ENTRIES:
        if isinstance(kind, tuple):
            debit, credit = kind
            posted.append(services.journal_post(
                posted_on=on, description=description, actor=actor,
                lines=[(debit, amount, 0), (credit, 0, amount)]))
        else:
            posted.append(services.manual_entry_post(
                kind=kind, posted_on=on, amount=amount, description=description, actor=actor))
    return posted


def test_balances_and_surpluses_hold_over_a_year_boundary():
    from labor.fund import selectors_ledger as ledger

    build_small_ledger()
    assert ledger.balance(OPENING_ON - dt.timedelta(days=1)) == 0
    assert ledger.balance(OPENING_ON) == 700_000_000
    assert ledger.accumulated_surplus(2021) == 700_000_000
    assert ledger.accumulated_surplus(2022) == END_2022
    assert ledger.period_surplus(dt.date(2022, 1, 1), dt.date(2022, 12, 31)) == 21_406_226
    assert ledger.period_surplus(dt.date(2023, 1, 1), dt.date(2023, 6, 30)) == SURPLUS_2023H1
    assert ledger.year_to_date_surplus(dt.date(2023, 6, 30)) == SURPLUS_2023H1
    assert ledger.balance(dt.date(2023, 6, 30)) == END_2023H1
    assert ledger.balance(dt.date(2023, 7, 1)) == END_2023H1 + 12_345
    # The identity, for every month end of 2022 and 2023: no closing entries are needed.
    for year in (2022, 2023):
        for month in range(1, 13):
            end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
            assert ledger.balance(end) == (ledger.accumulated_surplus(year - 1)
                                           + ledger.year_to_date_surplus(end))
    # The opening-balance entry moves equity, not the surplus: the year it is in differs by it.
    assert ledger.period_surplus(dt.date(2021, 1, 1), OPENING_ON) == 0
    assert ledger.equity_change(dt.date(2021, 1, 1), OPENING_ON) == 700_000_000
    assert services.account_balance("1101", dt.date(2023, 6, 30)) == END_2023H1


def test_account_totals_by_range_and_the_account_list():
    from labor.fund import selectors_ledger as ledger

    build_small_ledger()
    totals = {t.account.code: t for t in ledger.account_totals(dt.date(2023, 1, 1),
                                                               dt.date(2023, 6, 30))}
    assert totals["4101"].amount == 15_000_000 and totals["4201"].amount == 600_000
    assert totals["4301"].amount == 1_000_000 and totals["5102"].amount == 3_000_000
    assert totals["5101"].amount == 0 and totals["5401"].amount == 2_791_917
    assert totals["1101"].debit == 16_600_000 and totals["1101"].credit == 5_791_917
    rows = {r.account.code: r for r in ledger.accounts_with_balances(dt.date(2023, 6, 30))}
    assert rows["1101"].balance == END_2023H1 and not rows["1101"].is_result
    assert rows["3101"].balance == 700_000_000
    assert rows["4101"].balance == 45_000_000 and rows["4101"].year_to_date == 15_000_000
    assert rows["5101"].balance == 5_000_000 and rows["5101"].year_to_date == 0


@pytest.mark.parametrize("kind, debit, credit", [
    ("appropriation", "1101", "4101"), ("interest", "1101", "4201"),
    ("other_income", "1101", "4901"), ("opening_balance", "1101", "3101"),
])
def test_a_manual_income_entry_posts_its_kinds_accounts(kind, debit, credit):
    entry = services.manual_entry_post(kind=kind, posted_on=D, amount=1_234,
                                       description="  收入  ")
    assert entry.description == "收入"
    assert sorted((x.account.code, x.debit, x.credit) for x in entry.lines.all()) == sorted(
        [(debit, 1_234, 0), (credit, 0, 1_234)])


@pytest.mark.parametrize("kind, debit", [
    ("tuition_subsidy", "5201"), ("other_programme", "5301"),
    ("employment_programme", "5401"), ("administrative", "5901"),
])
def test_a_manual_payment_posts_dr_expense_cr_cash(kind, debit):
    services.manual_entry_post(kind="appropriation", posted_on=D, amount=10_000,
                               description="撥入")
    entry = services.manual_entry_post(kind=kind, posted_on=D, amount=4_000,
                                       description="支出")
    assert sorted((x.account.code, x.debit, x.credit) for x in entry.lines.all()) == sorted(
        [(debit, 4_000, 0), ("1101", 0, 4_000)])
    assert services.account_balance("1101", D) == 6_000


@pytest.mark.parametrize("fields, key", [
    ({"kind": "gift"}, "kind"),
    ({"amount": 0}, "amount"),
    ({"amount": -5}, "amount"),
    ({"amount": 12.5}, "amount"),
    ({"amount": True}, "amount"),
    ({"amount": 10**11 + 1}, "amount"),
    ({"description": "  "}, "description"),
])
def test_a_bad_manual_entry_is_refused_and_nothing_is_written(fields, key):
    data = {"kind": "appropriation", "posted_on": D, "amount": 1_000, "description": "撥入",
            **fields}
    with pytest.raises(ValidationError) as caught:
        services.manual_entry_post(**data)
    assert key in caught.value.message_dict
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()


def test_a_payment_the_cash_does_not_cover_is_refused_on_its_day_and_later():
    services.manual_entry_post(kind="appropriation", posted_on=D, amount=10_000,
                               description="撥入")
    with pytest.raises(ValidationError) as caught:  # before the money came in
        services.manual_entry_post(kind="administrative", posted_on=D - dt.timedelta(days=1),
                                   amount=1, description="支出")
    assert "不足" in caught.value.message_dict["amount"][0]
    services.manual_entry_post(kind="administrative", posted_on=D + dt.timedelta(days=5),
                               amount=7_000, description="支出")
    # On D the cash is 10,000, but a payment of 3,001 then would leave 2,999 − 3,001 on D+5.
    with pytest.raises(ValidationError):
        services.manual_entry_post(kind="tuition_subsidy", posted_on=D, amount=3_001,
                                   description="補助")
    services.manual_entry_post(kind="tuition_subsidy", posted_on=D, amount=3_000,
                               description="補助")
    assert services.account_balance("1101", D + dt.timedelta(days=5)) == 0
    assert JournalEntry.objects.count() == 3


def test_manual_reversal_once_never_of_a_reversal():
    entry = services.manual_entry_post(kind="interest", posted_on=D, amount=900,
                                       description="利息")
    with pytest.raises(ValidationError) as caught:
        services.manual_reverse(entry=entry, posted_on=D - dt.timedelta(days=1))
    assert "posted_on" in caught.value.message_dict
    reversal = services.manual_reverse(entry=entry, posted_on=D)
    assert services.account_balance("4201", D) == 0
    assert services.reversal_problem(entry) == "此分錄已沖正。"
    with pytest.raises(ValidationError):
        services.manual_reverse(entry=entry, posted_on=D)
    with pytest.raises(ValidationError) as caught:
        services.manual_reverse(entry=reversal, posted_on=D)
    assert "不得再沖正" in caught.value.messages[0]
    assert JournalEntry.objects.count() == 2


def paid_application(amount=50_000, on=D):
    """An approved application with one lawyer-fee item paid by ``amount`` (made directly on
    the models, as the litigation-subsidy services would leave it); returns the payment."""
    from labor.core.services import case_open
    from labor.fund.models import Application, Disbursement, Item

    services.manual_entry_post(kind="appropriation", posted_on=on, amount=amount,
                               description="撥入")
    case = case_open(line="fund", channel="counter", status="approved")
    application = Application.objects.create(case=case, applicant_kind="worker",
                                             court="taipei_district", instance=1,
                                             case_type="dismissal", no_other_subsidy=True)
    item = Item.objects.create(application=application, kind="lawyer_fee", instance=1,
                               requested=amount, approved=amount)
    entry = services.journal_post(posted_on=on, description=f"{case.number} 律師費 撥付",
                                  lines=[("5102", amount, 0), ("1101", 0, amount)])
    return Disbursement.objects.create(item=item, paid_on=on, amount=amount,
                                       journal_entry=entry)


def test_the_entry_of_an_application_payment_is_not_reversed_on_the_ledger():
    from labor.fund import selectors_ledger as ledger

    payment = paid_application()
    entry = payment.journal_entry
    assert ledger.application_of(ledger.entry(entry.pk)) == payment.item.application
    assert ledger.application_of(ledger.entry(entry.pk - 1)) is None
    with pytest.raises(ValidationError) as caught:
        services.manual_reverse(entry=entry, posted_on=D)
    assert "申請案" in caught.value.messages[0]
    assert not JournalEntry.objects.filter(reverses=entry).exists()


def test_bulk_updates_and_deletes_of_the_journal_are_refused_too():
    services.journal_post(posted_on=D, description="利息", lines=[("1101", 5_000, 0),
                                                                ("4201", 0, 5_000)])
    for queryset in (JournalEntry.objects.all(), JournalLine.objects.all()):
        with pytest.raises(AppendOnly):
            queryset.delete()
    with pytest.raises(AppendOnly):
        JournalEntry.objects.update(description="改寫")
    with pytest.raises(AppendOnly):
        JournalLine.objects.update(debit=1)
    assert services.account_balance("1101", D) == 5_000
