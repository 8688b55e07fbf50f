"""The recovery book (催繳): what must be paid back per item after the lawsuit's outcome, the
notices, and the repayments and reclassifications (轉列) that clear it.

Same conventions as services_applications: keyword-only, ``transaction.atomic``, zh-Hant
``ValidationError``s keyed by field, nothing written on a refusal, an event per change.
Accounting (the issue-7 contract): assessing a claim posts nothing; a repayment posts
Dr 1101 cash / Cr 4301 收回訴訟補助款收入; a reclassification posts nothing (the amount leaves
the book without cash, with its reason). Outstanding amounts are derived, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from labor.core.errors import FieldErrors
from labor.core.formatting import count
from labor.core.settings_values import SettingMissing, dated_value
from labor.fund import rules
from labor.fund.models import (
    Application,
    Item,
    RecoveryBasis,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from labor.fund.services import journal_post
from labor.fund.services_applications import (
    CASH_ACCOUNT,
    _amount,
    _date,
    _event,
    _not_before,
    _not_future,
    _refuse,
    _text,
    item_disbursed,
    item_label,
    lock_application,
)

RECOVERY_INCOME_ACCOUNT = "4301"
NOTICE_DAYS_KEY = "fund.recovery.notice_days"


def claim_outstanding(claim: RecoveryClaim, on: dt.date | None = None) -> int:
    """What is still owed of ``claim`` at the end of ``on`` (now when None): the amount
    assessed minus the repayments and reclassifications; 0 before it was assessed."""
    if on is not None and claim.assessed_on > on:
        return 0
    movements = RecoveryMovement.objects.filter(claim=claim)
    if on is not None:
        movements = movements.filter(on__lte=on)
    cleared = movements.aggregate(s=Sum("amount"))["s"] or 0
    return claim.amount - cleared


def application_outstanding(application: Application, on: dt.date | None = None) -> int:
    return sum(claim_outstanding(c, on) for c in application.recovery_claims.all())


def recovery_proposal(application: Application, on: dt.date | None = None) -> dict[int, int]:
    """What the law proposes to claim back of each item (pk → amount) from the recorded
    outcome and what was paid (rules.recovery_proposal); {} without an outcome."""
    if not application.outcome:
        return {}
    paid = {item.pk: rules.Paid(item.kind, item.instance, item_disbursed(item, on))
            for item in application.items.all()}
    ended_in = max([application.instance] + [p.instance for p in paid.values() if p.instance])
    return rules.recovery_proposal(application.outcome, paid, instance=ended_in)


@transaction.atomic
def recovery_assess(*, application: Application, claims: Mapping, basis: str, on,
                    note: str = "", actor) -> list[RecoveryClaim]:
    """Assess what must be paid back (應繳還) of each item on ``on``: ``claims`` maps item pks
    to amounts (0 skipped). Needs the lawsuit's outcome; at most what was paid of the item;
    one claim per item."""
    errors = FieldErrors()
    if basis not in RecoveryBasis.values:
        errors.add("basis", _("請選擇催繳依據。"))
    day = _date(on, "on", errors)
    _not_future(day, "on", errors)
    note = _text(note, "note", errors, 300, label=_("說明"), required=False)
    errors.raise_if_any()
    application = lock_application(application)
    if application.case.status == Status.CLOSED:
        # Closing settles the account (nothing owed, the rest released): a later claim would
        # reopen it behind the closing's back.
        _refuse(NON_FIELD_ERRORS, _("本案已結案，不能再認定應繳還款。"), "closed")
    if not application.outcome:
        _refuse("outcome", _("尚未登錄訴訟結果，不能認定應繳還款。"), "no_outcome")
    _not_before(day, application.outcome_on, "on", errors, _("認定日期不得早於訴訟結果日期。"))
    items = {item.pk: item for item in application.items.all()}
    assessed = set(application.recovery_claims.values_list("item_id", flat=True))
    wanted: list[tuple[Item, int]] = []
    for key, value in dict(claims or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in items:
            errors.add(NON_FIELD_ERRORS, _("補助項目不屬於本申請案。"))
            continue
        field = f"item-{pk}-amount"
        amount = _amount(value, field, errors)
        if not amount:
            continue
        item = items[pk]
        if pk in assessed:
            errors.add(field, _("此項目已認定應繳還款。"))
            continue
        paid = item_disbursed(item, day)
        if rules.claim_problems(amount, paid):
            errors.add(field, _("應繳還金額不得超過已撥付金額 %(paid)s 元。")
                       % {"paid": count(paid)})
            continue
        wanted.append((item, amount))
    if not wanted and not errors:
        errors.add(NON_FIELD_ERRORS, _("請至少填寫一項應繳還金額。"))
    errors.raise_if_any()
    made = [RecoveryClaim.objects.create(application=application, item=item, basis=basis,
                                         assessed_on=day, amount=amount, note=note,
                                         assessed_by=actor)
            for item, amount in wanted]
    _event(application=application, action="recovery_assess", actor=actor,
           new_values={"basis": basis, "assessed_on": day.isoformat(),
                       "claims": {str(c.item_id): c.amount for c in made}}, note=note)
    return made


@transaction.atomic
def recovery_notice_issue(*, application: Application, issued_on, actor) -> RecoveryNotice:
    """Issue a recovery notice (催繳通知) for everything outstanding on ``issued_on``, due
    ``fund.recovery.notice_days`` calendar days later. Refused when nothing is outstanding."""
    errors = FieldErrors()
    day = _date(issued_on, "issued_on", errors)
    _not_future(day, "issued_on", errors)
    errors.raise_if_any()
    application = lock_application(application)
    amount = application_outstanding(application, day)
    if amount <= 0:
        _refuse(NON_FIELD_ERRORS, _("本申請案無應繳還之未清償金額，不需催繳。"), "nothing_owed")
    try:
        days = int(dated_value(NOTICE_DAYS_KEY, day))
    except SettingMissing:
        _refuse(NON_FIELD_ERRORS, _("查無催繳期間設定（%(key)s），請洽系統管理者。")
                % {"key": NOTICE_DAYS_KEY}, "setting_missing")
    notice = RecoveryNotice.objects.create(
        application=application, issued_on=day, due_on=day + dt.timedelta(days=days),
        amount=amount, issued_by=actor)
    _event(application=application, action="recovery_notice_issue", actor=actor,
           new_values={"notice": notice.pk, "issued_on": day.isoformat(),
                       "due_on": notice.due_on.isoformat(), "amount": amount})
    return notice


def _movement_checks(claim: RecoveryClaim, on, amount, errors: FieldErrors):
    day = _date(on, "on", errors)
    _not_future(day, "on", errors)
    number = _amount(amount, "amount", errors)
    if number == 0:
        errors.add("amount", _("金額應大於 0 元。"))
    return day, number


def _locked_claim(claim: RecoveryClaim) -> tuple[Application, RecoveryClaim]:
    application = lock_application(claim.application_id)
    return application, RecoveryClaim.objects.select_for_update().select_related("item").get(
        pk=claim.pk)


def _check_against_claim(claim: RecoveryClaim, day, number, errors: FieldErrors) -> None:
    _not_before(day, claim.assessed_on, "on", errors, _("日期不得早於應繳還款認定日期。"))
    if number is not None:
        left = claim_outstanding(claim)
        if number > left:
            errors.add("amount", _("金額超過尚未清償之應繳還金額 %(left)s 元。")
                       % {"left": count(left)})


@transaction.atomic
def repayment_record(*, claim: RecoveryClaim, on, amount, actor) -> RecoveryMovement:
    """Record a repayment (繳還) of ``claim``: at most what is outstanding. Posts Dr 1101 /
    Cr 4301."""
    errors = FieldErrors()
    day, number = _movement_checks(claim, on, amount, errors)
    errors.raise_if_any()
    application, claim = _locked_claim(claim)
    _check_against_claim(claim, day, number, errors)
    errors.raise_if_any()
    entry = journal_post(
        posted_on=day,
        description=f"{application.case.number} {item_label(claim.item)} " + _("繳還"),
        lines=[(CASH_ACCOUNT, number, 0), (RECOVERY_INCOME_ACCOUNT, 0, number)], actor=actor)
    movement = RecoveryMovement.objects.create(
        claim=claim, kind=RecoveryMovement.Kind.REPAYMENT, on=day, amount=number,
        journal_entry=entry, recorded_by=actor)
    _event(application=application, action="repayment_record", actor=actor,
           new_values={"claim": claim.pk, "on": day.isoformat(), "amount": number,
                       "entry": entry.pk})
    return movement


@transaction.atomic
def reclassification_record(*, claim: RecoveryClaim, on, amount, reason: str,
                            actor) -> RecoveryMovement:
    """Record a reclassification (轉列) of ``claim``: the amount leaves the recovery book
    without cash (e.g. uncollectable), with a reason; at most what is outstanding; no journal
    entry."""
    errors = FieldErrors()
    day, number = _movement_checks(claim, on, amount, errors)
    reason = _text(reason, "reason", errors, 300, label=_("轉列理由"))
    errors.raise_if_any()
    application, claim = _locked_claim(claim)
    _check_against_claim(claim, day, number, errors)
    errors.raise_if_any()
    movement = RecoveryMovement.objects.create(
        claim=claim, kind=RecoveryMovement.Kind.RECLASSIFICATION, on=day, amount=number,
        reason=reason, recorded_by=actor)
    _event(application=application, action="reclassification_record", actor=actor,
           new_values={"claim": claim.pk, "on": day.isoformat(), "amount": number},
           note=reason)
    return movement

