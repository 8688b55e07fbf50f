"""Recovery (催繳) on the application page and the open recovery book: the lawsuit's outcome,
the claims prefilled with the rules' proposal, the notice and its download, repayments and
reclassifications — each refused with a message beside its field and nothing written when
wrong — and the book with its totals and shares by item."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.fund import services_applications as apps
from labor.fund import services_recovery as recovery
from labor.fund.models import (
    JournalEntry,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from labor.fund.tests.test_views import (
    approved,
    counts,
    error_at,
    fund_cash,
    items_of,
    page_url,
    post,
    reload,
    submit,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = pytest.mark.django_db

REVIEW = "fund.review_application"
DECIDE = "fund.decide_application"
DISBURSE = "fund.disburse"
RECOVER = "fund.manage_recovery"
PAID_ON = dt.date(2023, 3, 15)
ITEMS = [
    {"kind": "court_fee", "instance": 1, "requested": 30_000},
    {"kind": "lawyer_fee", "instance": 1, "requested": 40_000},
    {"kind": "living_expenses", "months": 2, "requested": 52_800},
]


@pytest.fixture
def officer(staff_user):
    return staff_user("fund-officer", perms=[REVIEW, DISBURSE])


@pytest.fixture
def checker(staff_user):
    return staff_user("fund-checker", perms=[DECIDE])


@pytest.fixture
def recoverer(staff_user):
    return staff_user("fund-recovery", perms=[RECOVER])


@pytest.fixture
def paid(officer, checker):
    """An approved application whose three items were paid in full."""
    fund_cash()
    application = approved(submit(actor=officer, items=ITEMS), officer, checker)
    for item in items_of(application).values():
        apps.disbursement_record(item=item, paid_on=PAID_ON, amount=item.approved,
                                 actor=officer)
    return reload(application)


def with_outcome(application, actor, outcome="won"):
    apps.outcome_record(application=application, outcome=outcome, on=dt.date(2023, 9, 1),
                        actor=actor)
    return reload(application)


def assessed(application, actor, amounts=None):
    items = items_of(application)
    amounts = amounts or {("court_fee", 1): 30_000, (("living_expenses", None)): 52_800}
    recovery.recovery_assess(
        application=application, basis="judgment", on=dt.date(2023, 9, 5), actor=actor,
        claims={items[key].pk: amount for key, amount in amounts.items()})
    return reload(application)


def claim_of(application, kind) -> RecoveryClaim:
    return RecoveryClaim.objects.get(application=application, item__kind=kind)


def test_the_outcome_is_recorded_and_the_claims_are_prefilled(client, paid, recoverer):
    client.force_login(recoverer)
    html = client.get(page_url(paid)).content.decode()
    assert 'id="action-outcome"' in html
    assert 'id="action-assess"' not in html  # no outcome yet
    response = post(client, paid, "outcome", outcome="won", on="2023-09-01",
                    note="判決被告應給付工資")
    assert response.status_code == 302
    assert reload(paid).outcome == "won"
    html = client.get(page_url(paid)).content.decode()
    items = items_of(paid)
    # Won: the court fee and the living expenses come back, a first-instance lawyer fee not.
    court, lawyer, living = (items[("court_fee", 1)], items[("lawyer_fee", 1)],
                             items[("living_expenses", None)])
    assert re.search(rf'name="assess-item-{court.pk}-amount" value="30000"', html)
    assert re.search(rf'name="assess-item-{lawyer.pk}-amount" value="0"', html)
    assert re.search(rf'name="assess-item-{living.pk}-amount" value="52800"', html)
    assert 'value="judgment"' in html and "checked" in html


def test_a_bad_outcome_is_refused_at_its_field(client, paid, recoverer):
    client.force_login(recoverer)
    response = post(client, paid, "outcome", outcome="", on="2023-09-01")
    assert response.status_code == 400
    error_at(response.content.decode(), "id_outcome-outcome", "請選擇訴訟結果")
    assert reload(paid).outcome == ""


def test_a_claim_above_what_was_paid_is_refused(client, paid, recoverer):
    application = with_outcome(paid, recoverer)
    items = items_of(application)
    court, lawyer, living = (items[("court_fee", 1)], items[("lawyer_fee", 1)],
                             items[("living_expenses", None)])
    client.force_login(recoverer)
    before = counts()
    response = post(client, application, "assess", basis="judgment", on="2023-09-05", note="",
                    **{f"item-{court.pk}-amount": "30001", f"item-{lawyer.pk}-amount": "0",
                       f"item-{living.pk}-amount": "52800"})
    assert response.status_code == 400
    error_at(response.content.decode(), f"id_assess-item-{court.pk}-amount",
             "應繳還金額不得超過已撥付金額 30,000 元")
    assert counts() == before
    response = post(client, application, "assess", basis="judgment", on="2023-09-05",
                    note="依判決", **{f"item-{court.pk}-amount": "30000",
                                    f"item-{lawyer.pk}-amount": "0",
                                    f"item-{living.pk}-amount": "52800"})
    assert response.status_code == 302
    assert sorted(RecoveryClaim.objects.values_list("item__kind", "amount")) == [
        ("court_fee", 30_000), ("living_expenses", 52_800)]


def test_a_notice_is_issued_and_downloaded(client, paid, recoverer):
    application = assessed(with_outcome(paid, recoverer), recoverer)
    client.force_login(recoverer)
    response = post(client, application, "notice", issued_on="2023-09-10")
    assert response.status_code == 302
    notice = RecoveryNotice.objects.get()
    assert (notice.amount, notice.due_on) == (82_800, dt.date(2023, 10, 10))
    html = client.get(page_url(application)).content.decode()
    url = reverse("fund:notice_document", args=[notice.pk, "odt"])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert client.get(reverse("fund:notice_document", args=[notice.pk, "doc"])
                      ).status_code == 404


def test_repayment_and_reclassification(client, paid, recoverer):
    application = assessed(with_outcome(paid, recoverer), recoverer)
    court, living = claim_of(application, "court_fee"), claim_of(application, "living_expenses")
    client.force_login(recoverer)
    entries = JournalEntry.objects.count()
    before = counts()
    response = post(client, application, "repay", claim=court.pk, on="2023-09-20",
                    amount="30001")
    assert response.status_code == 400
    error_at(response.content.decode(), f"id_repay-amount-{court.pk}",
             "金額超過尚未清償之應繳還金額 30,000 元")
    response = post(client, application, "reclassify", claim=living.pk, on="2023-09-20",
                    amount="1000", reason="")
    assert response.status_code == 400
    error_at(response.content.decode(), f"id_reclassify-reason-{living.pk}", "請填寫轉列理由")
    assert counts() == before

    response = post(client, application, "repay", claim=court.pk, on="2023-09-20",
                    amount="30000")
    assert response.status_code == 302
    repayment = RecoveryMovement.objects.get(kind="repayment")
    assert sorted((line.account.code, line.debit, line.credit)
                  for line in repayment.journal_entry.lines.all()) == [
        ("1101", 30_000, 0), ("4301", 0, 30_000)]
    response = post(client, application, "reclassify", claim=living.pk, on="2023-09-21",
                    amount="52800", reason="勞工無資力，轉列呆帳")
    assert response.status_code == 302
    assert RecoveryMovement.objects.get(kind="reclassification").journal_entry is None
    assert JournalEntry.objects.count() == entries + 1
    assert recovery.claim_outstanding(court) == recovery.claim_outstanding(living) == 0
    html = client.get(page_url(application)).content.decode()
    assert "id_repay-" not in html  # nothing outstanding: no forms
    assert 'id="action-close"' in html


def test_recovery_needs_its_permission(client, paid, officer):
    application = assessed(with_outcome(paid, officer), officer)
    court = claim_of(application, "court_fee")
    client.force_login(officer)  # reviews and pays, but does not manage recovery
    html = client.get(page_url(application)).content.decode()
    assert "id_repay-" not in html and 'id="action-notice"' not in html
    before = counts()
    assert post(client, application, "repay", claim=court.pk, on="2023-09-20",
                amount="100").status_code == 403
    assert post(client, application, "notice", issued_on="2023-09-10").status_code == 403
    assert counts() == before


def test_the_recovery_book_lists_open_claims_with_shares(client, paid, recoverer, officer,
                                                         checker):
    application = assessed(with_outcome(paid, recoverer), recoverer)
    recovery.repayment_record(claim=claim_of(application, "court_fee"), on=dt.date(2023, 9, 20),
                              amount=10_000, actor=recoverer)
    settled = approved(submit(actor=officer, items=ITEMS, submission_key="settled"), officer,
                       checker)
    for item in items_of(settled).values():
        apps.disbursement_record(item=item, paid_on=PAID_ON, amount=item.approved,
                                 actor=officer)
    settled = assessed(with_outcome(settled, recoverer), recoverer,
                       {("court_fee", 1): 30_000})
    recovery.repayment_record(claim=claim_of(settled, "court_fee"), on=dt.date(2023, 9, 20),
                              amount=30_000, actor=recoverer)  # cleared: not in the book
    client.force_login(recoverer)
    response = client.get(reverse("fund:recovery"))
    html = response.content.decode()
    assert response.status_code == 200
    assert application.case.number in html
    assert settled.case.number not in html
    # Outstanding: court fee 20,000 + living expenses 52,800 = 72,800.
    assert "NT$72,800" in html
    assert "NT$10,000" in html  # repaid
    assert "27.47%" in html  # court fees 20,000 / 72,800
    assert "72.53%" in html  # living expenses


def test_the_recovery_book_as_it_stood_on_a_past_day(client, paid, recoverer):
    application = assessed(with_outcome(paid, recoverer), recoverer)
    recovery.repayment_record(claim=claim_of(application, "court_fee"), on=dt.date(2023, 9, 20),
                              amount=30_000, actor=recoverer)
    client.force_login(recoverer)
    now = client.get(reverse("fund:recovery")).content.decode()
    before = client.get(reverse("fund:recovery"), {"on": "2023-09-19"}).content.decode()
    assert "NT$52,800" in now and "NT$82,800" in before  # the court fee still owed on the 19th
    assert "112年9月19日" in before
    for bad in ("2023-02-30", "明天"):
        response = client.get(reverse("fund:recovery"), {"on": bad})
        assert response.status_code == 400
        assert "日期" in response.content.decode()
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.get(reverse("fund:recovery"), {"on": future})
    assert response.status_code == 400 and "日期不得晚於今天" in response.content.decode()


def test_a_refused_application_is_closed(client, officer, staff_user):
    application = submit(actor=officer)
    decider = staff_user("decider", perms=[DECIDE, REVIEW])
    apps.decision_refuse(application=application, reason="非屬本市勞工。", actor=decider,
                         on=dt.date(2023, 3, 5))
    client.force_login(decider)
    assert 'id="action-close"' in client.get(page_url(application)).content.decode()
    response = post(client, application, "close")
    assert response.status_code == 302
    assert reload(application).case.status == Status.CLOSED
