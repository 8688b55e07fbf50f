"""Two checkers approving the fund's last money at the same time cannot both succeed: approval
locks the cash account's row before reading the available balance (PostgreSQL, real
concurrent transactions; SQLite's in-memory test database is not shared between threads)."""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from labor.core.models import Case
from labor.fund import services_applications as apps
from labor.fund.models import Application
from labor.fund.tests.test_services_applications import (
    SMALL_ITEMS,
    fund_cash,
    proposed,
    reviewed,
    submit,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite's in-memory test database is not shared between threads",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ON = dt.date(2023, 3, 10)


def two_proposals(staff_user):
    """The fund holds 100,000; two proposals of 70,000 each wait for a checker."""
    officer = staff_user("fund-officer")
    checkers = [staff_user("fund-checker-1"), staff_user("fund-checker-2")]
    fund_cash(100_000)
    proposals = [proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
                 for _ in range(2)]
    return proposals, checkers


def approve_at_once(proposals, checkers):
    """Both checkers press 核定 at the same moment; returns (approved pks, refusals)."""
    start = threading.Barrier(2)
    approved, refusals, errors = [], [], []

    def approve(application, checker):
        try:
            start.wait(timeout=10)
            apps.decision_approve(application=application, actor=checker, on=ON)
            approved.append(application.pk)
        except ValidationError as exc:
            refusals.append(exc.messages)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=pair)
               for pair in zip(proposals, checkers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return approved, refusals


def test_two_approvals_of_the_last_money_at_once_one_succeeds(staff_user, monkeypatch):
    proposals, checkers = two_proposals(staff_user)
    real = apps.available_balance

    def slow_balance(on=None):
        value = real(on)
        time.sleep(0.5)  # hold the lock a while: the other approval must wait, not read
        return value

    monkeypatch.setattr(apps, "available_balance", slow_balance)
    approved, refusals = approve_at_once(proposals, checkers)
    assert len(approved) == 1 and len(refusals) == 1
    assert "超過基金可用餘額" in refusals[0][0]
    statuses = sorted(Case.objects.filter(pk__in=[p.pk for p in proposals])
                      .values_list("status", flat=True))
    assert statuses == ["approved", "proposed"]
    assert apps.available_balance(ON) == 30_000
    loser = Application.objects.get(pk=next(p.pk for p in proposals if p.pk not in approved))
    assert loser.decided_by is None and loser.decided_on is None


def test_without_the_lock_both_would_pass(staff_user, monkeypatch):
    """Why the lock is there: with it removed and both balances read before either approval
    is written, the fund would commit 140,000 of its 100,000."""
    proposals, checkers = two_proposals(staff_user)
    both_read = threading.Barrier(2)
    real = apps.available_balance

    def racing_balance(on=None):
        value = real(on)
        both_read.wait(timeout=10)
        return value

    monkeypatch.setattr(apps, "lock_cash_account", lambda: None)
    monkeypatch.setattr(apps, "available_balance", racing_balance)
    approved, refusals = approve_at_once(proposals, checkers)
    assert len(approved) == 2 and not refusals
    assert real(ON) == -40_000
