"""Letters of the labor rights fund (勞工權益基金), as ODT and PDF.

Three letters, each a :class:`labor.core.documents.Document` described once and rendered by
odfdo (ODT) and WeasyPrint (PDF, ``documents/base.html``), always in zh-Hant:

- :func:`approval_letter` (核定函): the lawsuit, a table of the items asked for and decided
  (項目, 審級/月數, 申請金額, 核定金額, 說明/減列理由, with a total), the total approved, how it is
  paid (against receipts, up to the amount approved) and when it must be paid back, the legal
  basis, the remedy (訴願) and the issuer's signature; dated the decision day.
- :func:`refusal_letter` (不予補助): the lawsuit, the items asked for, the reason, the basis, the
  remedy; dated the decision day. :func:`decision_letter` picks the one of the two an
  application's decision calls for.
- :func:`recovery_notice` (催繳通知書): the application, why money is owed (judgment, settlement
  or withdrawal, and the outcome and its date), a table per claim (項目, 撥付金額, 應繳還金額,
  已繳還, 已轉列, 尚欠) as of the day the notice was issued, the amount due (the notice's
  amount), the deadline, how to pay and what happens when nobody pays.

Decisions:
- The letters go to the applicants: their names are printed in full, no national ID.
- The appeal notice reuses the penalty letter's wording and authority (訴願法 arts. 14 I, 58 I,
  4 (6): within 30 days from the day after service, through the bureau, to the city
  government; labor.inspections.documents.appeal_authority). The recovery notice asks for the
  payment of an amount fixed by the approval's conditions and has no remedy section.
- The legal basis is named without article numbers: 臺北市勞工權益基金收支保管及運用自治條例
  and 「本局勞工訴訟補助相關規定」. What must be paid back is stated generally (costs the court
  puts on the other party, court fees refunded on a settlement or withdrawal, living expenses
  when the worker recovers money); the amounts are the recovery claims the officer assessed.
- No payment instructions are configured anywhere (the penalty letter refers to the enclosed
  payment slip), so the notice says 「請依本局通知之繳款方式辦理」.
- The issuer's signature is a signature block for the head of the bureau (局長), left to the
  official signing stamp: the head's name is not kept by the system.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from labor.core.documents import (
    Document,
    DocumentSpec,
    Fields,
    Heading,
    Numbered,
    Paragraph,
    Signatures,
    Signer,
    Table,
    amount_text,
    chinese_numeral,
    issuing_office,
    official_language,
)
from labor.core.formatting import count, roc_date
from labor.fund.models import (
    ApplicantKind,
    Application,
    Item,
    ItemKind,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from labor.inspections.documents import appeal_authority
from labor.inspections.rules import APPEAL_DAYS

ORDINANCE = "臺北市勞工權益基金收支保管及運用自治條例"
SUBSIDY_RULES = "本局勞工訴訟補助相關規定"
INSTANCES = {1: N_("第一審"), 2: N_("第二審"), 3: N_("第三審")}
DASH = "—"


class _Sections:
    """Section headings numbered in words as the letter goes: 一、 二、 三、"""

    def __init__(self):
        self.n = 0

    def __call__(self, text: str) -> Heading:
        self.n += 1
        return Heading(f"{chinese_numeral(self.n)}、{text}")


# --- wording -------------------------------------------------------------------------------


def _yuan(value: int) -> str:
    """An amount in a table cell: 40,000元."""
    return f"{count(value)}元"


def _names(application: Application) -> str:
    return "、".join(a.person.name for a in application.applicants.select_related("person"))


def _recipient(application: Application) -> str:
    if application.applicant_kind == ApplicantKind.UNION and application.union_name:
        return application.union_name
    return _names(application)


def _you(application: Application) -> str:
    """How the letter addresses the applicant: 臺端, 臺端等 (several workers), 貴會 (a union)."""
    if application.applicant_kind == ApplicantKind.UNION:
        return _("貴會")
    if application.applicant_kind == ApplicantKind.WORKERS:
        return _("臺端等")
    return _("臺端")


def _respondent(application: Application) -> str:
    if application.respondent_id:
        return application.respondent.name
    return application.respondent_name or _("（未載明）")


def _mediation(application: Application) -> str:
    if application.dispute_id:
        return _("本局勞資爭議調解案件%(number)s（調解不成立）") % {
            "number": application.dispute.case.number}
    if application.mediation_reference:
        return _("調解紀錄%(reference)s") % {"reference": application.mediation_reference}
    return _("（未載明）")


def _lawsuit(application: Application) -> Fields:
    """The lawsuit the subsidy is for: who sues whom, where, what about, after which
    mediation."""
    rows = []
    if application.applicant_kind == ApplicantKind.UNION:
        rows.append((_("申請人"), application.union_name))
        rows.append((_("訴訟勞工"), _names(application)))
    else:
        rows.append((_("申請人"), _names(application)))
    rows += [
        (_("被告雇主"), _respondent(application)),
        (_("受訴法院"), application.get_court_display()),
        (_("審級"), application.get_instance_display()),
        (_("訴訟類別"), application.get_case_type_display()),
        (_("法院案號"), application.lawsuit_number or _("（尚未分案）")),
        (_("勞資爭議調解"), _mediation(application)),
    ]
    if application.claim_amount is not None:
        rows.append((_("訴訟標的金額"), amount_text(application.claim_amount)))
    return Fields(rows)


def item_label(item: Item) -> str:
    """裁判費（第一審）, 律師費（第二審，複雜案件）, 生活費用（6個月）, 強制執行費."""
    details = []
    if item.instance:
        details.append(_(INSTANCES.get(item.instance, str(item.instance))))
    if item.kind == ItemKind.LIVING_EXPENSES and item.months:
        details.append(_("%(n)s個月") % {"n": item.months})
    if item.kind == ItemKind.LAWYER_FEE and item.complex:
        details.append(_("複雜案件"))
    label = item.get_kind_display()
    if not details:
        return label
    # Format strings, not f-strings: pages show the label in English too (letters are always
    # rendered in zh-Hant), where the brackets and the separator differ.
    return _("%(item)s（%(details)s）") % {"item": label, "details": _("，").join(details)}


def _extent(item: Item) -> str:
    """The 審級/月數 column."""
    if item.kind == ItemKind.LIVING_EXPENSES and item.months:
        return _("%(n)s個月") % {"n": item.months}
    if item.instance:
        text = _(INSTANCES.get(item.instance, str(item.instance)))
        if item.kind == ItemKind.LAWYER_FEE and item.complex:
            text += _("（複雜案件）")
        return text
    return DASH


def _remedy(office: str, document: str) -> Paragraph:
    return Paragraph(
        _("申請人如不服本處分，得依訴願法第14條及第58條規定，自本%(document)s送達之次日起"
          "%(days)s日內，繕具訴願書經由%(office)s向%(authority)s提起訴願。")
        % {"document": document, "days": APPEAL_DAYS, "office": office,
           "authority": appeal_authority(office)})


def _basis() -> Paragraph:
    return Paragraph(_("%(ordinance)s及%(rules)s。") % {"ordinance": ORDINANCE,
                                                       "rules": SUBSIDY_RULES})


def _signature() -> Signatures:
    return Signatures([Signer(_("局長"))], note=_("（蓋用機關首長簽字章）"))


def _items(application: Application) -> list[Item]:
    return list(application.items.order_by("id"))


# --- decisions -----------------------------------------------------------------------------


def was_refused(application: Application) -> bool:
    """Whether the decision on ``application`` refused the subsidy: status refused, or closed
    after a refusal (a reason given, or nothing approved)."""
    status = application.case.status
    if status == Status.REFUSED:
        return True
    if status != Status.CLOSED:
        return False
    if application.refusal_reason:
        return True
    return not any(item.approved for item in application.items.all())


def _decided_on(application: Application) -> dt.date:
    if application.decided_on is None:
        raise ValueError("the application has not been decided: no decision letter")
    return application.decided_on


def approval_letter(application: Application) -> Document:
    """核定函 of an approved application (approved, or closed after an approval), dated its
    decision day: every item asked for with the amount approved (0 with the reason when
    refused), the total, how it is paid and paid back, the basis and the remedy."""
    if application.case.status not in (Status.APPROVED, Status.CLOSED) or was_refused(
            application):
        raise ValueError("only an approved application has an approval letter")
    decided_on = _decided_on(application)
    case = application.case
    items = _items(application)
    requested = sum(item.requested for item in items)
    approved = sum(item.approved or 0 for item in items)
    with official_language():
        office = issuing_office()
        you = _you(application)
        sections = _Sections()
        blocks = [
            Paragraph(_("主旨：核定%(you)s申請之勞資爭議訴訟補助（案號%(number)s），補助%(amount)s，"
                        "請查照。")
                      % {"you": you, "number": case.number, "amount": amount_text(approved)},
                      lead=True),
            Paragraph(_("說明：")),
            Paragraph(_("%(you)s於%(received)s申請勞資爭議訴訟補助，經本局審查，核定如下。")
                      % {"you": you, "received": roc_date(case.received_at)}),
            sections(_("訴訟案件")),
            _lawsuit(application),
            sections(_("核定項目")),
        ]
        rows = []
        for item in items:
            decided = item.approved or 0
            if decided == item.requested:
                note = _("照申請金額核定")
            elif decided == 0:
                note = _("不予補助：%(reason)s") % {"reason": item.refusal_reason or DASH}
            else:
                note = _("減列：%(reason)s") % {"reason": item.refusal_reason or DASH}
            rows.append([item.get_kind_display(), _extent(item), _yuan(item.requested),
                         _yuan(decided), note])
        rows.append([_("合計"), "", _yuan(requested), _yuan(approved), ""])
        blocks += [
            Table([_("項目"), _("審級/月數"), _("申請金額"), _("核定金額"), _("說明/減列理由")],
                  rows, widths=(2.2, 2, 2.2, 2.2, 4.4), numeric=(2, 3)),
            Paragraph(_("核定補助總額：%(amount)s。") % {"amount": amount_text(approved)}),
            sections(_("撥付及繳還")),
            Numbered([
                _("核定之補助款，請%(you)s檢具實際支出之收據（裁判費、強制執行費之繳費收據，律師"
                  "委任契約及律師費收據等）向本局申請撥付，本局按收據所載金額核實撥付，各項目"
                  "以核定金額為上限。") % {"you": you},
                _("訴訟終結（判決確定、訴訟上和解或撤回起訴）後，請檢具判決書、和解筆錄或撤回起訴"
                  "證明影本送本局。依法應由他造負擔之訴訟費用、因和解或撤回而得聲請退還之裁判費，"
                  "及其他依本基金相關規定應繳還之補助款，應依本局通知繳還。"),
                _("%(you)s如有以虛偽不實資料申請，或就同一訴訟重複領取其他政府機關之補助者，本局"
                  "得撤銷核定並追繳已撥付之補助款。") % {"you": you},
            ]),
            sections(_("法令依據")),
            _basis(),
            sections(_("救濟")),
            _remedy(office, _("函")),
            _signature(),
        ]
        spec = DocumentSpec(
            title=_("勞資爭議訴訟補助核定函"),
            number=case.number,
            issued_on=decided_on,
            office=office,
            recipient=_recipient(application),
            blocks=blocks,
            closing_date=decided_on,
        )
    return Document(spec, context={"application": application})


def refusal_letter(application: Application) -> Document:
    """不予補助 letter of a refused application (refused, or closed after a refusal), dated its
    decision day, with the reason (``application.refusal_reason``; failing that, the items'
    reasons)."""
    if not was_refused(application):
        raise ValueError("only a refused application has a refusal letter")
    decided_on = _decided_on(application)
    case = application.case
    items = _items(application)
    with official_language():
        office = issuing_office()
        you = _you(application)
        sections = _Sections()
        reason = application.refusal_reason.strip()
        if not reason:
            reason = "；".join(f"{item_label(item)}：{item.refusal_reason}"
                              for item in items if item.refusal_reason) or DASH
        blocks = [
            Paragraph(_("主旨：%(you)s申請之勞資爭議訴訟補助（案號%(number)s），經審查不予補助，"
                        "請查照。") % {"you": you, "number": case.number}, lead=True),
            Paragraph(_("說明：")),
            Paragraph(_("%(you)s於%(received)s申請勞資爭議訴訟補助，經本局審查，不予補助。")
                      % {"you": you, "received": roc_date(case.received_at)}),
            sections(_("訴訟案件")),
            _lawsuit(application),
        ]
        if items:
            blocks += [
                sections(_("申請項目")),
                Table([_("項目"), _("審級/月數"), _("申請金額")],
                      [[item.get_kind_display(), _extent(item), _yuan(item.requested)]
                       for item in items]
                      + [[_("合計"), "", _yuan(sum(item.requested for item in items))]],
                      widths=(3, 3, 3), numeric=(2,)),
            ]
        blocks += [
            sections(_("不予補助理由")),
            Paragraph(reason),
            sections(_("法令依據")),
            _basis(),
            sections(_("救濟")),
            _remedy(office, _("函")),
            _signature(),
        ]
        spec = DocumentSpec(
            title=_("勞資爭議訴訟補助不予補助函"),
            number=case.number,
            issued_on=decided_on,
            office=office,
            recipient=_recipient(application),
            blocks=blocks,
            closing_date=decided_on,
        )
    return Document(spec, context={"application": application})


def decision_letter(application: Application) -> Document:
    """The letter the decision calls for: the refusal letter when refused, else the approval
    letter. ValueError while undecided."""
    if was_refused(application):
        return refusal_letter(application)
    return approval_letter(application)


# --- recovery ------------------------------------------------------------------------------


def _moved(claim: RecoveryClaim, kind: str, on: dt.date) -> int:
    return claim.movements.filter(kind=kind, on__lte=on).aggregate(
        total=Sum("amount"))["total"] or 0


def _paid(item: Item, on: dt.date | None = None) -> int:
    payments = item.disbursements.all()
    if on is not None:
        payments = payments.filter(paid_on__lte=on)
    return payments.aggregate(total=Sum("amount"))["total"] or 0


def _bases(claims: Iterable[RecoveryClaim]) -> str:
    labels = []
    for claim in claims:
        label = claim.get_basis_display()
        if label not in labels:
            labels.append(label)
    return "、".join(labels)


def recovery_notice(notice: RecoveryNotice) -> Document:
    """催繳通知書 of ``notice``, dated its issue day: the claims as they stood that day and the
    amount due (``notice.amount``) by ``notice.due_on``."""
    application = notice.application
    case = application.case
    issued_on = notice.issued_on
    claims = list(application.recovery_claims.filter(assessed_on__lte=issued_on)
                  .select_related("item").order_by("item_id"))
    with official_language():
        office = issuing_office()
        you = _you(application)
        sections = _Sections()
        rows = []
        totals = [0, 0, 0, 0, 0]
        for claim in claims:
            paid = _paid(claim.item, issued_on)
            repaid = _moved(claim, RecoveryMovement.Kind.REPAYMENT, issued_on)
            reclassified = _moved(claim, RecoveryMovement.Kind.RECLASSIFICATION, issued_on)
            owed = max(claim.amount - repaid - reclassified, 0)
            values = [paid, claim.amount, repaid, reclassified, owed]
            totals = [t + v for t, v in zip(totals, values, strict=True)]
            rows.append([item_label(claim.item), *(_yuan(v) for v in values)])
        rows.append([_("合計"), *(_yuan(v) for v in totals)])

        if application.outcome:
            outcome = _("%(on)s%(outcome)s") % {"on": roc_date(application.outcome_on),
                                                "outcome": application.get_outcome_display()}
        else:
            outcome = _("（未登錄）")
        due = roc_date(notice.due_on)
        amount = amount_text(notice.amount)
        lawsuit = application.get_court_display()
        if application.lawsuit_number:
            lawsuit += application.lawsuit_number
        blocks = [
            Paragraph(_("主旨：請%(you)s於%(due)s前繳還勞資爭議訴訟補助款%(amount)s，請查照。")
                      % {"you": you, "due": due, "amount": amount}, lead=True),
            Paragraph(_("說明：")),
            sections(_("催繳依據")),
            Paragraph(_("%(you)s申請之勞資爭議訴訟補助（案號%(number)s），經本局核定並撥付補助款"
                        "%(paid)s。該訴訟（%(lawsuit)s，被告%(respondent)s）已於%(outcome)s"
                        "（繳還事由：%(basis)s）。依%(ordinance)s及%(rules)s，下列補助款應予繳還。")
                      % {"you": you, "number": case.number,
                         "paid": amount_text(sum(_paid(item, issued_on)
                                                 for item in _items(application))),
                         "lawsuit": lawsuit, "respondent": _respondent(application),
                         "outcome": outcome, "basis": _bases(claims) or DASH,
                         "ordinance": ORDINANCE, "rules": SUBSIDY_RULES}),
            sections(_("應繳還明細")),
            Table([_("項目"), _("撥付金額"), _("應繳還金額"), _("已繳還"), _("已轉列"), _("尚欠")],
                  rows, widths=(3.4, 2, 2.2, 2, 2, 2), numeric=(1, 2, 3, 4, 5)),
            Paragraph(_("應繳還金額合計：%(amount)s（計至%(on)s）。")
                      % {"amount": amount, "on": roc_date(issued_on)}),
            sections(_("繳還期限及方式")),
            Numbered([
                _("請於%(due)s前繳還%(amount)s。") % {"due": due, "amount": amount},
                _("請依本局通知之繳款方式辦理，繳款時請註明補助案號%(number)s。")
                % {"number": case.number},
                _("逾期未繳還者，本局將依法移送強制執行。"),
                _("如已於本通知發文後繳還，或對應繳還金額有疑義，請於期限內檢具相關資料洽本局。"),
            ]),
            _signature(),
        ]
        spec = DocumentSpec(
            title=_("訴訟補助款催繳通知書"),
            number=case.number,
            issued_on=issued_on,
            office=office,
            recipient=_recipient(application),
            blocks=blocks,
            closing_date=issued_on,
        )
    return Document(spec, context={"notice": notice, "application": application},
                    filename_suffix=_("催繳%(id)s") % {"id": notice.pk})
