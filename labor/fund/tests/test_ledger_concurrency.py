"""Two officers at once on the ledger (PostgreSQL, real concurrent transactions; SQLite's
in-memory test database is not shared between threads): an entry is reversed once only, and
two payments of the fund's last money cannot both be posted (the entry's row, the cash
account's row are locked first)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from labor.fund import services
from labor.fund.models import JournalEntry

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite's in-memory test database is not shared between threads",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = dt.date(2023, 3, 31)


def at_once(call, n=2):
    """Run ``call()`` in ``n`` threads released together; returns (results, refusals)."""
    start = threading.Barrier(n)
    results, refusals, errors = [], [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(call())
        except ValidationError as exc:
            refusals.append(exc.messages)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results, refusals


def test_two_officers_reversing_one_entry_at_once_reverse_it_once():
    entry = services.manual_entry_post(kind="interest", posted_on=D, amount=900,
                                       description="利息")
    results, refusals = at_once(lambda: services.manual_reverse(entry=entry, posted_on=D))
    assert len(results) == 1 and refusals == [["此分錄已沖正。"]]
    assert JournalEntry.objects.filter(reverses=entry).count() == 1
    assert services.account_balance("4201", D) == 0


def test_two_payments_of_the_last_money_at_once_cannot_both_be_posted():
    services.manual_entry_post(kind="appropriation", posted_on=D, amount=100_000,
                               description="撥入")
    results, refusals = at_once(lambda: services.manual_entry_post(
        kind="tuition_subsidy", posted_on=D, amount=70_000, description="就學補助"))
    assert len(results) == 1 and len(refusals) == 1
    assert "不足" in refusals[0][0]
    assert services.account_balance("1101", D) == 30_000
