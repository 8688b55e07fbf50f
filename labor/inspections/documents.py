"""The penalty decision letter (裁處書) of an approved fine, as ODT and PDF.

A :class:`labor.core.documents.Document` described once and rendered by odfdo (ODT) and
WeasyPrint (PDF, ``inspections/documents/penalty_letter.html``). It says who is fined (name,
統一編號, representative, address), the facts (the inspection and its findings), the provision
breached, the legal basis with the article's band and the amount in words and figures, the
factors behind the amount, how and by when to pay, the art. 80-1 publication (or, for an
Occupational Safety and Health Act fine, art. 49's) and the remedy (訴願). Only approved or
paid fines have a letter: the view refuses the others.

Decisions:
- The payment period is the dated setting ``lsa.fine.payment_days`` in force on the decision
  date (30 days from the day after service, [U]; rules.DEFAULT_PAYMENT_DAYS when missing). The
  letter states the rule, not a calendar date: the period runs from service, which is later.
- The appeal (訴願法 arts. 14 I, 58 I, 4 (6)) is filed within 30 days from the day after
  service, through the bureau, to its city government: the issuing office's name up to
  「政府」 (臺北市政府勞動局 → 臺北市政府).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from labor.core.documents import (
    Document,
    DocumentSpec,
    Fields,
    Heading,
    Numbered,
    Paragraph,
    amount_text,
    chinese_numeral,
    issuing_office,
    official_language,
)
from labor.core.formatting import count, roc_date, twd_units
from labor.core.settings_values import SettingMissing, dated_value
from labor.inspections import rules, services
from labor.inspections.models import Domain, Kind, Method, Penalty


class _Sections:
    """Section headings numbered in words as the letter goes: 一、 二、 三、"""

    def __init__(self):
        self.n = 0

    def __call__(self, text: str) -> Heading:
        self.n += 1
        return Heading(f"{chinese_numeral(self.n)}、{text}")


def payment_days(on: dt.date) -> int:
    try:
        return int(dated_value("lsa.fine.payment_days", on))
    except SettingMissing:
        return rules.DEFAULT_PAYMENT_DAYS


def appeal_authority(office: str) -> str:
    """The city government above the issuing bureau (臺北市政府勞動局 → 臺北市政府)."""
    head, found, _rest = office.partition("政府")
    return head + found if found else _("上級機關")


def _money(value: int) -> str:
    """新臺幣2萬元: the short form inside a sentence."""
    return f"新臺幣{twd_units(value)}"


def _where(inspection) -> str:
    if inspection.site_id:
        site = inspection.site
        place = _("受處分人承攬之「%(name)s」工地") % {"name": site.name}
        if site.address:
            place += f"（{site.address}）"
        return place
    establishment = inspection.establishment
    place = _("受處分人營業場所")
    if establishment.address:
        place += f"（{establishment.address}）"
    return place


def _inspection_kind(inspection) -> str:
    if inspection.kind == Kind.RE_INSPECTION:
        return _("複查")
    if inspection.domain == Domain.OSH:
        return _("職業安全衛生檢查")
    return _("勞動條件檢查")


def penalty_letter(penalty: Penalty, *, issued_on: dt.date | None = None) -> Document:
    """裁處書 of ``penalty`` (approved or paid); dated its decision day."""
    if penalty.status not in (Penalty.Status.APPROVED, Penalty.Status.PAID):
        raise ValueError("only an approved fine has a decision letter")
    inspection = penalty.inspection
    case = inspection.case
    employer = case.establishment
    decided_on = issued_on or penalty.decided_on
    with official_language():
        office = issuing_office()
        band, share = services.fine_band_on(penalty.article, inspection.inspected_on)
        basis = rules.FINE_BASIS[penalty.article]
        breached = penalty.breached or _("（見事實欄所列法條）")
        days = payment_days(decided_on)
        findings = list(inspection.findings.order_by("id"))
        sections = _Sections()
        blocks = [
            Fields([
                (_("受處分人"), employer.name),
                (_("統一編號"), employer.ubn),
                (_("代表人（負責人）"), employer.representative or _("（未登記）")),
                (_("地址"), employer.address or _("（未登記）")),
            ]),
            Paragraph(_("主旨：受處分人違反%(breached)s規定，依%(basis)s規定，處罰鍰%(amount)s，"
                        "請於本處分書送達之次日起%(days)s日內繳納。")
                      % {"breached": breached, "basis": basis,
                         "amount": amount_text(penalty.amount), "days": days}, lead=True),
        ]

        # 事實
        blocks.append(sections(_("事實")))
        method = _("以視訊遠端監督方式") if inspection.method == Method.REMOTE else ""
        blocks.append(Paragraph(
            _("本局於%(on)s%(method)s派員至%(where)s實施%(kind)s（檢查案號%(number)s），"
              "查有下列違規事項：")
            % {"on": roc_date(inspection.inspected_on), "method": method,
               "where": _where(inspection), "kind": _inspection_kind(inspection),
               "number": case.number}))
        if findings:
            blocks.append(Numbered([f"{f.article}：{f.description}" for f in findings]))
        else:
            blocks.append(Paragraph(_("（檢查紀錄未載違規事項明細）")))

        # 理由及法令依據
        blocks.append(sections(_("理由及法令依據")))
        reasons = [
            _("受處分人上開行為違反%(breached)s規定，有檢查紀錄可稽，違規事實明確。")
            % {"breached": breached},
            _("依%(basis)s規定，處新臺幣%(min)s以上%(max)s以下罰鍰。")
            % {"basis": basis, "min": twd_units(band.minimum), "max": twd_units(band.maximum)},
        ]
        if penalty.article in rules.RAISABLE_ARTICLES and penalty.amount > band.maximum:
            reasons.append(
                _("依勞動基準法第79條第4項規定，得依事業規模、違反人數或違反情節，加重其罰鍰至"
                  "法定罰鍰最高額二分之一（最高%(cap)s）。")
                % {"cap": _money(int(band.maximum * (1 + share)))})
        reasons.append(_("審酌下列事項，處罰鍰%(amount)s。")
                       % {"amount": amount_text(penalty.amount)})
        blocks.append(Numbered(reasons))

        # 裁處審酌事項
        factors = penalty.factors or {}
        good_faith = factors.get("good_faith")
        blocks.append(sections(_("裁處審酌事項")))
        blocks.append(Fields([
            (_("違規情節"), factors.get("severity") or "—"),
            (_("違反人數"), _("%(n)s人") % {"n": count(factors.get("workers_affected", 0))}),
            (_("過往違規次數"), _("%(n)s次") % {"n": count(factors.get("repeat_count", 0))}),
            (_("善意配合改善"), _("是") if good_faith is True else _("否")
             if good_faith is False else _("未審酌")),
        ]))

        # 繳納方式及期限
        blocks.append(sections(_("繳納方式及期限")))
        blocks.append(Numbered([
            _("罰鍰%(amount)s，請於本處分書送達之次日起%(days)s日內，持本局所附繳款書向代收"
              "金融機構繳納，或依繳款書所載方式繳納。")
            % {"amount": amount_text(penalty.amount), "days": days},
            _("逾期未繳納者，依行政執行法第4條規定移送法務部行政執行署所屬分署強制執行。"),
        ]))

        # 公布
        blocks.append(sections(_("公布")))
        if penalty.article in (rules.OSH_43, rules.OSH_45):
            blocks.append(Paragraph(_(
                "依職業安全衛生法第49條規定，本局得公布受處分人之名稱及負責人姓名。")))
        else:
            blocks.append(Paragraph(_(
                "依勞動基準法第80條之1第1項規定，本局應公布受處分人之名稱、負責人姓名、處分期日、"
                "違反條文及罰鍰金額，並限期令其改善；屆期未改善者，應按次處罰。")))

        # 救濟
        blocks.append(sections(_("救濟")))
        blocks.append(Paragraph(
            _("受處分人如不服本處分，得依訴願法第14條及第58條規定，自本處分書送達之次日起"
              "%(days)s日內，繕具訴願書經由%(office)s向%(authority)s提起訴願。")
            % {"days": rules.APPEAL_DAYS, "office": office,
               "authority": appeal_authority(office)}))

        spec = DocumentSpec(
            title=_("裁處書"),
            number=case.number,
            issued_on=decided_on,
            office=office,
            blocks=blocks,
            closing_date=decided_on,
        )
        return Document(spec, template_name="inspections/documents/penalty_letter.html",
                        context={"penalty": penalty},
                        filename_suffix=_("罰鍰%(id)s") % {"id": penalty.pk})
