"""Posting to the fund's journal: balanced entries only, corrections by reversal.

``journal_post`` / ``journal_reverse`` are the primitives every part of the fund writes through
(the litigation subsidy's payments and repayments post their own entries). The staff ledger
pages post only the fixed kinds of ``MANUAL_KINDS`` (``manual_entry_post``: the debit and credit
accounts follow from the kind, the officer types the date, the amount and the description) and
correct an entry by ``manual_reverse``, which refuses the entries that belong to a payment or a
repayment of an application (those are corrected on the application) and a reversal itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from labor.core.formatting import roc_date
from labor.fund import rules
from labor.fund.models import Account, JournalEntry, JournalLine

_MESSAGES = {
    rules.NO_LINES: N_("分錄至少須有借方與貸方各一筆。"),
    rules.ONE_SIDED: N_("每筆明細須只記借方或只記貸方，金額為正。"),
    rules.NOT_WHOLE: N_("金額請以元為單位，不含小數。"),
    rules.UNBALANCED: N_("借方合計與貸方合計不相等，分錄不平衡。"),
}


@transaction.atomic
def journal_post(*, posted_on: dt.date, description: str,
                 lines: Iterable[tuple[str, int, int]], actor=None,
                 reverses: JournalEntry | None = None) -> JournalEntry:
    """Post an entry of ``lines`` (account code, debit, credit). Refused, nothing written: an
    unknown account, an entry that does not balance, a line on both or neither side."""
    lines = list(lines)
    accounts = Account.objects.in_bulk([code for code, _d, _c in lines], field_name="code")
    errors: dict[str, list[str]] = {}
    unknown = sorted({code for code, _d, _c in lines if code not in accounts})
    if unknown:
        errors["lines"] = [_("查無會計科目：%(codes)s。") % {"codes": "、".join(unknown)}]
    else:
        problems = rules.entry_problems(
            rules.Line(accounts[code].kind, debit, credit) for code, debit, credit in lines)
        if problems:
            errors["lines"] = [_(_MESSAGES[p]) for p in problems]
    if not (description or "").strip():
        errors["description"] = [_("請輸入摘要。")]
    if errors:
        raise ValidationError(errors)
    entry = JournalEntry.objects.create(posted_on=posted_on, description=description.strip(),
                                        posted_by=actor, reverses=reverses)
    JournalLine.objects.bulk_create([
        JournalLine(entry=entry, account=accounts[code], debit=debit, credit=credit)
        for code, debit, credit in lines
    ])
    return entry


@transaction.atomic
def journal_reverse(*, entry: JournalEntry, posted_on: dt.date, actor=None) -> JournalEntry:
    """Correct ``entry`` by a new entry with its debits and credits swapped."""
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({NON_FIELD_ERRORS: [_("此分錄已沖正。")]}, code="reversed")
    if posted_on < entry.posted_on:
        raise ValidationError({"posted_on": [_("沖正日期不得早於原分錄日期。")]})
    lines = [(line.account.code, line.credit, line.debit)
             for line in entry.lines.select_related("account")]
    description = _("沖正：%(d)s") % {"d": entry.description}
    return journal_post(posted_on=posted_on, description=description, lines=lines, actor=actor,
                        reverses=entry)


def account_balance(code: str, on: dt.date) -> int:
    """An account's balance at the end of ``on``, derived from the journal."""
    from django.db.models import Sum

    account = Account.objects.get(code=code)
    totals = JournalLine.objects.filter(account=account, entry__posted_on__lte=on).aggregate(
        d=Sum("debit"), c=Sum("credit"))
    return rules.balance(account.kind, totals["d"] or 0, totals["c"] or 0)


# --- manual entries of the staff ledger pages ------------------------------------------------

CASH = "1101"
OPENING = "3101"
# The largest amount one manual entry may carry (a typing slip of extra zeros is refused).
MAX_AMOUNT = 10**11


@dataclass(frozen=True)
class ManualKind:
    label: str
    debit: str
    credit: str

    @property
    def pays_out(self) -> bool:
        """Cash leaves the fund (the cash account is credited)."""
        return self.credit == CASH


# The kinds an officer may post by hand: the fund's income other than repayments (those come
# from the recovery book), the programmes other than the litigation subsidy (whose payments
# come from the applications), the administrative expenses and the opening balance.
MANUAL_KINDS: dict[str, ManualKind] = {
    "appropriation": ManualKind(gettext_lazy("市府撥入"), CASH, "4101"),
    "interest": ManualKind(gettext_lazy("利息收入"), CASH, "4201"),
    "other_income": ManualKind(gettext_lazy("其他收入"), CASH, "4901"),
    "tuition_subsidy": ManualKind(gettext_lazy("失業勞工子女就學費用補助撥付"), "5201", CASH),
    "other_programme": ManualKind(gettext_lazy("其他勞動權益補助撥付"), "5301", CASH),
    "employment_programme": ManualKind(
        gettext_lazy("促進勞工職業技能及國民就業補助撥付"), "5401", CASH),
    "administrative": ManualKind(gettext_lazy("業務及管理費用"), "5901", CASH),
    "opening_balance": ManualKind(gettext_lazy("期初餘額"), CASH, OPENING),
}


def _cash_low_point(on: dt.date) -> int:
    """The lowest balance of the cash account on ``on`` or any later day already posted."""
    from django.db.models import Sum

    running = account_balance(CASH, on)
    low = running
    later = (JournalLine.objects.filter(account__code=CASH, entry__posted_on__gt=on)
             .values("entry__posted_on").annotate(d=Sum("debit"), c=Sum("credit"))
             .order_by("entry__posted_on"))
    for day in later:
        running += int(day["d"] or 0) - int(day["c"] or 0)
        low = min(low, running)
    return low


@transaction.atomic
def manual_entry_post(*, kind: str, posted_on: dt.date, amount: int, description: str,
                      actor=None) -> JournalEntry:
    """Post a manual entry of one of ``MANUAL_KINDS``. Refused, nothing written: an unknown
    kind, an amount that is not a positive whole number (or is beyond ``MAX_AMOUNT``), an
    empty description, a payment the fund's cash does not cover on its date or on any later
    day already posted (the cash account's row is locked first, so two payments of the last
    money serialise)."""
    errors: dict[str, list[str]] = {}
    spec = MANUAL_KINDS.get(kind)
    if spec is None:
        errors["kind"] = [_("請選擇分錄類別。")]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors["amount"] = [_("金額須為大於 0 的整數（元）。")]
    elif amount > MAX_AMOUNT:
        errors["amount"] = [_("金額過大，請確認。")]
    if not (description or "").strip():
        errors["description"] = [_("請輸入摘要。")]
    if errors:
        raise ValidationError(errors)
    if spec.pays_out:
        Account.objects.select_for_update().get(code=CASH)
        low = _cash_low_point(posted_on)
        if low < amount:
            raise ValidationError({"amount": [
                _("基金現金及銀行存款不足：%(on)s 起最低餘額為 %(low)s 元，"
                  "不足支付 %(amount)s 元。")
                % {"on": roc_date(posted_on), "low": f"{low:,}", "amount": f"{amount:,}"}]})
        # Money approved for lawsuits but not paid yet is spoken for: another programme's
        # payment may not take it (the approval's own check reads the same figure).
        from labor.fund.services_applications import available_balance

        free = available_balance(max(posted_on, timezone.localdate()))
        if free < amount:
            raise ValidationError({"amount": [
                _("基金可用餘額不足：扣除已核定未撥付之訴訟補助後可用 %(free)s 元，"
                  "不足支付 %(amount)s 元。") % {"free": f"{free:,}", "amount": f"{amount:,}"}]})
    return journal_post(posted_on=posted_on, description=description,
                        lines=[(spec.debit, amount, 0), (spec.credit, 0, amount)], actor=actor)


def reversal_problem(entry: JournalEntry) -> str:
    """Why ``entry`` cannot be reversed on the ledger pages ("" when it can)."""
    if entry.reverses_id is not None:
        return _("此分錄為沖正分錄，不得再沖正；如有錯誤，請另行登錄正確分錄。")
    if JournalEntry.objects.filter(reverses=entry).exists():
        return _("此分錄已沖正。")
    from labor.fund.models import Disbursement, RecoveryMovement

    if Disbursement.objects.filter(journal_entry=entry).exists():
        return _("此分錄為訴訟補助撥付，請至申請案更正。")
    if RecoveryMovement.objects.filter(journal_entry=entry).exists():
        return _("此分錄為補助款繳還，請至申請案更正。")
    return ""


@transaction.atomic
def manual_reverse(*, entry: JournalEntry, posted_on: dt.date, actor=None) -> JournalEntry:
    """Reverse ``entry`` from the ledger pages: once only (the entry's row is locked, so two
    officers reversing at once cannot both succeed), never a reversal, never the entry of a
    payment or a repayment of an application. Refused, nothing written."""
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if problem := reversal_problem(entry):
        raise ValidationError({NON_FIELD_ERRORS: [problem]}, code="not_reversible")
    return journal_reverse(entry=entry, posted_on=posted_on, actor=actor)
