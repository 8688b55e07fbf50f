"""The official documents of a labor dispute: the meeting notice and the mediation record.

Both are :class:`labor.core.documents.Document` objects (``.odt()``, ``.pdf()``,
``.filename(ext)``), described once and rendered to ODT (odfdo, our template) and PDF
(WeasyPrint, ``disputes/documents/*.html``). The builders only read; the views that serve
them check permissions and write the access log (the documents carry personal data).

A migrant worker's coordination case (Kind.COORDINATION) gets the same documents worded for
coordination (協調) instead of mediation (調解).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
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
    official_language,
    roc_datetime,
)
from labor.core.formatting import count, local_date
from labor.disputes.models import (
    Dispute,
    DisputeParty,
    ItemKind,
    Kind,
    Meeting,
    Outcome,
    Route,
    Side,
)


class _Sections:
    """Section headings numbered in words as the document goes: 一、 二、 三、"""

    def __init__(self):
        self.n = 0

    def __call__(self, text: str) -> Heading:
        self.n += 1
        return Heading(f"{chinese_numeral(self.n)}、{text}")


def _is_coordination(dispute: Dispute) -> bool:
    return dispute.kind == Kind.COORDINATION


def _parties(dispute: Dispute) -> list[DisputeParty]:
    return list(dispute.parties.select_related("person", "establishment").order_by("side", "id"))


def _party_name(party: DisputeParty) -> str:
    if party.person_id:
        return party.person.name
    if party.establishment_id:
        return party.establishment.name
    return party.union_name


def _representative(party: DisputeParty) -> str:
    if party.establishment_id:
        return party.establishment.representative
    if party.union_name:
        return party.contact_name
    return ""


def _party_name_with_representative(party: DisputeParty, separator: str = "") -> str:
    """大安精密工業股份有限公司（代表人：李大同）; with a newline separator, on two lines."""
    name = _party_name(party)
    representative = _representative(party)
    if not representative:
        return name
    if separator:
        return name + separator + _("代表人：%(rep)s") % {"rep": representative}
    return _("%(name)s（代表人：%(rep)s）") % {"name": name, "rep": representative}


def _names(parties: list[DisputeParty], side: str) -> str:
    return "、".join(_party_name(p) for p in parties if p.side == side)


def _party_address(party: DisputeParty) -> str:
    if party.address:
        return party.address
    if party.person_id:
        return party.person.address
    if party.establishment_id:
        return party.establishment.address
    return ""


def _party_phone(party: DisputeParty) -> str:
    if party.phone:
        return party.phone
    if party.person_id:
        return party.person.phone
    if party.establishment_id:
        return party.establishment.phone
    return ""


def _party_identifier(party: DisputeParty) -> str:
    """The full identifier under its kind: 身分證字號 / 統一證號 / 護照號碼, or 統一編號."""
    if party.person_id:
        return f"{party.person.get_id_kind_display()}\n{party.person.id_number}"
    if party.establishment_id:
        return _("統一編號") + f"\n{party.establishment.ubn}"
    return ""


def _side_ordinal(parties: list[DisputeParty], party: DisputeParty) -> str:
    """申請人 / 申請人2 …: how the party is named in a file name (no personal data)."""
    same_side = [p.pk for p in parties if p.side == party.side]
    label = Side(party.side).label
    return f"{label}{same_side.index(party.pk) + 1}" if len(same_side) > 1 else str(label)


def _mediators(dispute: Dispute) -> list[str]:
    active = dispute.assignments.filter(ended_at__isnull=True).select_related("mediator")
    return [a.mediator.name for a in active.order_by("assigned_at", "id")]


def _mediator_role(dispute: Dispute) -> str:
    if _is_coordination(dispute):
        return _("協調人")
    if dispute.route == Route.COMMITTEE:
        return _("調解委員")
    return _("調解人")


def _item_labels(dispute: Dispute) -> str:
    return "、".join(str(ItemKind(item.kind).label) for item in dispute.items.order_by("id"))


def _held_meetings(dispute: Dispute) -> list[Meeting]:
    return list(dispute.meetings.filter(status=Meeting.Status.HELD).order_by("starts_at"))


# --- 調解會議通知書 -------------------------------------------------------------------------

_BRING_COMMON = [
    N_("本通知書。"),
    N_("出席者之身分證明文件（國民身分證、居留證或護照）。"),
    N_("委任代理人出席者，請攜帶委任書及代理人身分證明文件。"),
]
_BRING_BY_KIND = {
    "person": [
        N_("勞動契約、薪資單或薪資轉帳存摺影本、出勤紀錄等與爭議事項有關之證明文件。"),
        N_("請求金額之計算明細。"),
    ],
    "establishment": [
        N_("公司或商業登記證明文件影本；負責人未能親自出席者，應出具委任書。"),
        N_("勞工名卡、工資清冊、出勤紀錄、勞動契約及工作規則等與爭議事項有關之文件。"),
        N_("公司及負責人印章（雙方達成合意時於紀錄用印）。"),
    ],
    "union": [
        N_("工會立案證明文件及推派代表出席之證明（會議紀錄或授權書）。"),
        N_("與爭議事項有關之團體協約、協商紀錄等文件。"),
    ],
}


def _party_kind(party: DisputeParty) -> str:
    if party.person_id:
        return "person"
    if party.establishment_id:
        return "establishment"
    return "union"


def meeting_notice(meeting: Meeting, party: DisputeParty, *,
                   issued_on: dt.date | None = None) -> Document:
    """調解會議通知書 (or 協調會議通知書) to one party of the meeting's dispute.

    It names the party and its service address (送達地址), the case number, the meeting's
    date, weekday, time and room in ROC form, the mediator(s), the dispute items, and what to
    bring, which depends on whether the party is a person, an employer or a union. It carries
    no ID numbers.
    """
    dispute = meeting.dispute
    if party.dispute_id != dispute.pk:
        raise ValueError("the party is not a party to this meeting's dispute")
    case = dispute.case
    coordination = _is_coordination(dispute)
    with official_language():
        parties = _parties(dispute)
        when = roc_datetime(meeting.starts_at)
        kind = _party_kind(party)
        you = _("臺端") if kind == "person" else _("貴單位")
        applicants = _names(parties, Side.APPLICANT)
        respondents = _names(parties, Side.RESPONDENT)
        if coordination:
            title = _("移工勞資爭議協調會議通知書")
            subject = _(
                "主旨：訂於%(when)s，在%(room)s召開%(applicants)s與%(respondents)s間勞資爭議"
                "協調會議，請%(you)s準時出席。"
            )
        else:
            title = _("勞資爭議調解會議通知書")
            subject = _(
                "主旨：訂於%(when)s，在%(room)s召開%(applicants)s與%(respondents)s間勞資爭議"
                "調解會議，請%(you)s準時出席。"
            )
        subject %= {"when": when, "room": meeting.room, "applicants": applicants,
                    "respondents": respondents, "you": you}
        mediators = _mediators(dispute)
        rows = [
            (_("案號"), case.number),
            (_("會議時間"), when),
            (_("會議地點"), meeting.room),
            (_("申請人"), applicants),
            (_("相對人"), respondents),
            (_mediator_role(dispute), "、".join(mediators) or _("（由本局另行通知）")),
            (_("爭議事項"), _item_labels(dispute)),
        ]
        if dispute.interpreter_language:
            rows.append((_("通譯語言"), dispute.interpreter_language))
        address = _party_address(party)
        if address:
            rows.insert(0, (_("送達地址"), address))
        sections = _Sections()
        notes = [
            _("當事人無法親自出席者，得委任代理人持委任書出席。"),
            _("如有正當理由無法於上開時間出席，請於會議日前儘速與本局承辦人聯繫另定期日。"),
            _("爭議雙方當事人於會議中達成合意者，應於紀錄簽名。"),
        ]
        if coordination and dispute.interpreter_language:
            notes.append(_("本局已安排%(language)s通譯協助。")
                         % {"language": dispute.interpreter_language})
        blocks = [
            Paragraph(subject, lead=True),
            sections(_("會議資訊")),
            Fields(rows),
            sections(_("請攜帶下列文件")),
            Numbered([_(line) for line in _BRING_COMMON + _BRING_BY_KIND[kind]]),
            sections(_("注意事項")),
            Numbered(notes),
        ]
        spec = DocumentSpec(
            title=title,
            number=case.number,
            issued_on=issued_on or timezone.localdate(),
            recipient=_party_name_with_representative(party),
            blocks=blocks,
        )
        return Document(
            spec,
            template_name="disputes/documents/meeting_notice.html",
            context={"meeting": meeting, "party": party},
            filename_suffix=_side_ordinal(parties, party),
        )


# --- 調解紀錄 -------------------------------------------------------------------------------


def _record_date(dispute: Dispute, held: list[Meeting]) -> dt.date:
    if dispute.outcome_on:
        return dispute.outcome_on
    if held:
        return local_date(held[-1].starts_at)
    return timezone.localdate()


def _money(value: int | None) -> str:
    return f"{count(value)}元" if value is not None else ""


def mediation_record(dispute: Dispute, *, issued_on: dt.date | None = None) -> Document:
    """調解紀錄 (or 協調紀錄) of a dispute, for the parties and the mediator(s) to sign.

    Personal data: unlike every list and page of the system, this record carries the parties'
    **full** names, ID numbers (身分證字號／統一證號／護照號碼, or the 統一編號) and addresses,
    unmasked. The law requires it: a settled mediation is signed by the parties on the record
    (勞資爭議處理法 art. 19), is deemed a contract between them (art. 23), and is the title a
    party takes to court for enforcement (art. 59), so the record must identify each party
    beyond doubt. It is therefore given only to the parties themselves and to staff whose
    permissions allow them to see full personal data; each download is a full view of those
    persons and is written to the access log by the view that serves it.

    Contents: the parties (side, name, identifier, address and phone), the mediation route,
    mediator(s) and meeting date(s), the items claimed with their amounts, the outcome (調解
    成立／不成立 …, its date, the settled amount in 億/萬 form and in Arabic numerals, the
    terms recorded in ``outcome_note``), and signature lines for every party and mediator,
    dated in ROC form.
    """
    coordination = _is_coordination(dispute)
    case = dispute.case
    with official_language():
        parties = _parties(dispute)
        held = _held_meetings(dispute)
        record_date = issued_on or _record_date(dispute, held)
        sections = _Sections()
        blocks = []

        # 一、當事人
        blocks.append(sections(_("當事人")))
        party_rows = []
        for party in parties:
            contact = [_party_address(party)]
            phone = _party_phone(party)
            if phone:
                contact.append(_("電話：%(phone)s") % {"phone": phone})
            party_rows.append([
                str(Side(party.side).label),
                _party_name_with_representative(party, separator="\n"),
                _party_identifier(party),
                "\n".join(line for line in contact if line),
            ])
        blocks.append(Table(
            [_("當事人別"), _("姓名／名稱"), _("證號／統一編號"), _("住居所／事務所")],
            party_rows, widths=(2, 5, 3.5, 6),
        ))

        # 二、調解人及會議
        mediators = _mediators(dispute)
        role = _mediator_role(dispute)
        blocks.append(sections(_("協調人及會議") if coordination else _("調解人及會議")))
        route = str(Route(dispute.route).label)
        if dispute.route == Route.COMMITTEE and dispute.committee_size:
            route = _("%(route)s（%(size)s人）") % {"route": route,
                                                  "size": dispute.committee_size}
        rows = [
            (_("案號"), case.number),
            (_("申請日期"), local_date(case.received_at)),
        ]
        if not coordination:
            rows.append((_("調解方式"), route))
        rows.append((role, "、".join(mediators) or _("（未指派）")))
        if held:
            rows.append((_("會議時間"), [roc_datetime(m.starts_at) for m in held]))
            rooms = list(dict.fromkeys(m.room for m in held))
            rows.append((_("會議地點"), "、".join(rooms)))
        if dispute.interpreter_language:
            rows.append((_("通譯語言"), dispute.interpreter_language))
        blocks.append(Fields(rows))

        # 三、爭議事項及請求
        blocks.append(sections(_("爭議事項及請求")))
        items = list(dispute.items.order_by("id"))
        item_rows = [[str(ItemKind(i.kind).label), _money(i.amount_claimed), i.note]
                     for i in items]
        claimed = [i.amount_claimed for i in items if i.amount_claimed is not None]
        if len(claimed) > 1:
            item_rows.append([_("合計"), _money(sum(claimed)), ""])
        blocks.append(Table([_("爭議項目"), _("請求金額"), _("說明")], item_rows,
                            widths=(4, 3.5, 9), numeric=(1,)))
        if dispute.statement:
            blocks.append(Paragraph(_("申請人陳述：%(text)s") % {"text": dispute.statement}))

        # 四、調解結果
        blocks.append(sections(_("協調結果") if coordination else _("調解結果")))
        if dispute.outcome:
            outcome_label = str(Outcome(dispute.outcome).label)
            if coordination and dispute.outcome == Outcome.SETTLED:
                outcome_label = _("協調成立")
            elif coordination and dispute.outcome == Outcome.NOT_SETTLED:
                outcome_label = _("協調不成立")
        else:
            outcome_label = _("（待記錄）")
        rows = [(_("結果"), outcome_label)]
        if dispute.outcome_on:
            rows.append((_("日期"), dispute.outcome_on))
        if dispute.settled_amount is not None:
            label = _("協調金額") if coordination else _("調解成立金額")
            rows.append((label, amount_text(dispute.settled_amount)))
        blocks.append(Fields(rows))
        if dispute.outcome_note:
            blocks.append(Paragraph(_("內容：%(text)s") % {"text": dispute.outcome_note}))
        if dispute.outcome == Outcome.SETTLED and not coordination:
            blocks.append(Paragraph(_(
                "本件調解方案經爭議雙方當事人同意，並於本紀錄簽名，調解成立（勞資爭議處理法"
                "第19條）；依同法第23條，視為爭議雙方當事人間之契約。"
            )))
        elif dispute.outcome == Outcome.NOT_SETTLED and not coordination:
            blocks.append(Paragraph(_("爭議雙方當事人未能達成合意，本件調解不成立。")))

        # 五、簽名
        blocks.append(sections(_("簽名")))
        signers = [Signer(str(Side(p.side).label), _party_name_with_representative(p))
                   for p in parties]
        signers += [Signer(role, name) for name in mediators] or [Signer(role)]
        blocks.append(Signatures(signers))

        spec = DocumentSpec(
            title=_("移工勞資爭議協調紀錄") if coordination else _("勞資爭議調解紀錄"),
            number=case.number,
            issued_on=record_date,
            date_label=_("紀錄日期"),
            blocks=blocks,
            closing_date=record_date,
        )
        return Document(
            spec,
            template_name="disputes/documents/mediation_record.html",
            context={"dispute": dispute},
        )
