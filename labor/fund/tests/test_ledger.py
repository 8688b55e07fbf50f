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
