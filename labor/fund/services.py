"""Posting to the fund's journal: balanced entries only, corrections by reversal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

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
