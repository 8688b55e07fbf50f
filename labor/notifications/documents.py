"""Letters of the layoff early warning (大量解僱勞工保護法 art. 11), by mail merge.

One letter per warned establishment (``warning_letter``): the bureau asks it to check its own
compliance and informs it of the law (函請事業單位自行檢核及進行法令宣導), announcing the visit
within 7 days. ``warning_letters`` puts the letters of a list into one file for printing,
each letter starting on a new page: a PDF (the letters' own PDFs joined, so each keeps its own
「第 N 頁，共 M 頁」) and an ODT (one document, a page break and a page-number restart before
each letter).

The builders only read. Generating letters does not mark them sent: staff record the mailing
with labor.notifications.services.warning_letters_mark_sent.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import odfdo
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core.documents import (
    Document,
    DocumentSpec,
    Fields,
    Numbered,
    OdtWriter,
    Paragraph,
    official_language,
    prepare,
)
from labor.core.formatting import roc_date
from labor.notifications.models import LayoffWarningEntry, LayoffWarningList

LETTER_TEMPLATE = "notifications/documents/warning_letter.html"


def letter_number(entry: LayoffWarningEntry) -> str:
    """The letter's reference: ROC year of receipt, EW (early warning), the entry's id —
    112-EW-000123. The official document number (發文字號) comes from the bureau's document
    system when the letter is signed off; this reference ties the paper back to the entry."""
    roc_year = entry.warning_list.received_on.year - 1911
    return f"{roc_year}-EW-{entry.pk:06d}"


def _recipient(entry: LayoffWarningEntry) -> str:
    establishment = entry.establishment
    if establishment.representative:
        return _("%(name)s（代表人：%(rep)s）") % {"name": establishment.name,
                                              "rep": establishment.representative}
    return establishment.name


def _spec(entry: LayoffWarningEntry, issued_on: dt.date) -> DocumentSpec:
    warning_list = entry.warning_list
    establishment = entry.establishment
    source = warning_list.get_source_display()
    reason = entry.reason or _("預警情形")
    subject = _(
        "主旨：貴單位經%(source)s依大量解僱勞工保護法第11條規定通報（%(reason)s），請貴單位"
        "依說明三自行檢核勞動法令遵循情形，如有未符規定者請即改善，並配合本局查訪，請查照。"
    ) % {"source": source, "reason": reason}
    rows = [
        (_("事業單位"), establishment.name),
        (_("統一編號"), establishment.ubn),
        (_("地址"), establishment.address or "—"),
        (_("通報來源"), source),
        (_("收文日期"), warning_list.received_on),
        (_("通報原因"), reason),
        (_("本局查訪期限"), entry.visit_due_on),
    ]
    blocks = [
        Paragraph(subject, lead=True),
        Fields(rows),
        Paragraph(_("說明：")),
        Paragraph(_(
            "一、依據大量解僱勞工保護法第11條及%(source)s%(date)s預警通報名單辦理。"
        ) % {"source": source, "date": roc_date(warning_list.received_on)}),
        Paragraph(_(
            "二、依同法第11條第1項規定，僱用勞工30人以上之事業單位，有積欠勞工工資達2個月（僱用"
            "勞工逾200人者達1個月）；積欠勞工保險保險費、工資墊償基金、全民健康保險保險費或未"
            "依法提繳勞工退休金達2個月，且金額分別在新臺幣20萬元以上；全部或主要之營業部分停工"
            "；決議併購；或最近2年曾發生重大勞資爭議等情形之一者，由相關單位或人員向主管機關通報"
            "。主管機關於接獲通報後7日內查訪事業單位，並得限期令其提出說明或提供財務報表及相關"
            "資料（同條第3項）。本局將於%(due)s前派員查訪，屆時請提供下列事項之相關資料。"
        ) % {"due": roc_date(entry.visit_due_on)}),
        Paragraph(_("三、請貴單位就下列事項自行檢核：")),
        Numbered([
            _("工資是否依勞動基準法第22條、第23條規定，以法定通用貨幣全額直接、按期給付勞工。"),
            _("勞工保險、就業保險及全民健康保險是否依法投保並按期繳納保險費；積欠工資墊償基金"
              "是否依勞動基準法第28條按月提繳。"),
            _("勞工退休金是否依勞工退休金條例第6條、第14條規定，按月提繳至勞工個人退休金專戶"
              "。"),
            _("如與勞工協商減少工時（減班休息），是否經勞工同意，並依規定通報本局。"),
            _("終止勞動契約時，是否依勞動基準法第16條預告、依同法第17條或勞工退休金條例第12"
              "條給付資遣費，並依就業服務法第33條於勞工離職10日前通報。"),
        ]),
        Paragraph(_(
            "四、法令宣導：事業單位於同一事業單位之同一廠場，於60日內解僱勞工人數達大量解僱勞工"
            "保護法第2條所定標準者，應於符合規定情形之日起60日前，將解僱計畫書通知主管機關及相關"
            "單位或人員，並公告揭示（同法第4條）；違反者，依同法第17條處新臺幣10萬元以上50萬元"
            "以下罰鍰，並限期令其通知或公告揭示。"
        )),
        Paragraph(_("五、如有疑義，請洽本局。")),
        Paragraph(_("正本：%(recipient)s") % {"recipient": establishment.name}),
    ]
    return DocumentSpec(
        title=_("大量解僱勞工預警通報自主檢核通知函"),
        number=letter_number(entry),
        number_label=_("參考編號"),
        issued_on=issued_on,
        recipient=_recipient(entry),
        blocks=blocks,
    )


def warning_letter(entry: LayoffWarningEntry, *, issued_on: dt.date | None = None) -> Document:
    """The letter to one warned establishment (ODT and PDF). It names the establishment and
    its 統一編號, and no person."""
    with official_language():
        spec = _spec(entry, issued_on or timezone.localdate())
    return Document(spec, template_name=LETTER_TEMPLATE, context={"entry": entry})


class LetterBatch:
    """Every letter of a selection in one file, each starting on a new page."""

    def __init__(self, warning_list: LayoffWarningList, letters: Sequence[Document]):
        if not letters:
            raise ValueError("a batch holds at least one letter")
        self.warning_list = warning_list
        self.letters = list(letters)

    def __len__(self):
        return len(self.letters)

    def filename(self, ext: str) -> str:
        ext = ext.lstrip(".").lower()
        if ext not in {"odt", "pdf"}:
            raise ValueError(f"documents are written as odt or pdf, not {ext!r}")
        received = self.warning_list.received_on
        stem = _("%(date)s-%(source)s-大量解僱預警自主檢核通知函-%(n)s件") % {
            "date": f"{received.year - 1911}{received:%m%d}",
            "source": self.warning_list.get_source_display(), "n": len(self.letters)}
        return f"{stem}.{ext}"

    def pdf(self) -> bytes:
        """The letters' PDFs joined in order (pypdf): each letter keeps its page numbers."""
        from pypdf import PdfWriter

        writer = PdfWriter()
        for letter in self.letters:
            writer.append(io.BytesIO(letter.pdf()))
        writer.add_metadata({"/Title": self.filename("pdf")[:-4]})
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def odt(self) -> bytes:
        return _BatchOdtWriter([(prepare(d.spec), d.spec) for d in self.letters],
                               title=self.filename("odt")[:-4]).write()


# The ODT batch: every letter in one document. Each letter's first paragraph takes a style
# that starts a new page on a master page of its own whose footer restarts at 第 1 頁 (the
# template's 「共 M 頁」 would count the whole batch, so this footer leaves it out).
_MASTER = (
    '<style:master-page style:name="Letter" style:page-layout-name="pm1">'
    '<style:footer><text:p text:style-name="Footer">第 '
    '<text:page-number text:select-page="current">1</text:page-number> 頁</text:p>'
    "</style:footer></style:master-page>"
)
_LETTER_START = (
    '<style:style style:name="Letter_20_start" style:family="paragraph" '
    'style:parent-style-name="Issuing_20_office" style:master-page-name="Letter">'
    '<style:paragraph-properties style:page-number="1"/></style:style>'
)


class _BatchOdtWriter(OdtWriter):
    """labor.core.documents' ODT writer, writing several documents into one body."""

    def __init__(self, items, *, title: str):
        prepared, spec = items[0]
        super().__init__(prepared, spec)
        self.items = items
        self.title = title

    def write(self) -> bytes:
        self.doc.get_part("styles.xml").get_element("//office:master-styles").append(
            odfdo.Element.from_tag(_MASTER))
        self.doc.content.get_element("//office:automatic-styles").append(
            odfdo.Element.from_tag(_LETTER_START))
        for prepared, spec in self.items:
            self.spec = spec
            self.write_document(prepared, office_style="Letter_20_start")
        return self.save(self.title)


def warning_letters(warning_list: LayoffWarningList,
                    entries: Sequence[LayoffWarningEntry] | None = None, *,
                    issued_on: dt.date | None = None) -> LetterBatch:
    """The letters of a list (every entry, or the ``entries`` given), in the list's order."""
    if entries is None:
        entries = list(warning_list.entries.select_related("establishment", "warning_list")
                       .order_by("establishment__ubn", "pk"))
    day = issued_on or timezone.localdate()
    return LetterBatch(warning_list, [warning_letter(e, issued_on=day) for e in entries])

