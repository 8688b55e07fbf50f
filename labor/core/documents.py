"""Official documents (公文書): one description, two files, ODT and PDF.

A line of service describes a document as a :class:`DocumentSpec`: the title, the number it
carries, its date, the recipient, and a list of blocks (headings, paragraphs, a two-column
table of fields, a data table, signature blocks). :class:`Document` turns it into

- an **ODT** (the government's standard editable format) with odfdo, starting from our own
  template ``data/odt/official.odt`` (built by ``data/odt/build_template.py``: A4, a CJK font
  family declared, zh-TW, unnumbered headings, ruled tables, page numbers in the footer), and
- a **PDF** with WeasyPrint from a Django HTML template (``documents/base.html`` or a
  line's own template extending it): A4, a CJK font stack, 「第 N 頁，共 M 頁」.

Both are rendered from the same prepared text (:func:`prepare`), so the two files cannot say
different things. Dates are ROC dates (112年7月5日), amounts follow ``labor.core.formatting``.

Documents are always written in zh-Hant, whatever language the staff member's pages are
shown in: they are official documents of a Taiwanese authority. The builders wrap their work
in :func:`official_language`.

WeasyPrint needs the Pango library at run time. Without it, importing weasyprint raises
OSError; :meth:`Document.pdf` then raises :class:`DocumentUnavailable` with a message a
person can act on, and the ODT still works.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import odfdo
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from labor.core.formatting import TAIPEI, count, roc_date, twd_units

TEMPLATE_ODT = Path(__file__).resolve().parent / "data" / "odt" / "official.odt"
BASE_HTML_TEMPLATE = "documents/base.html"

# The issuing office (發文機關) of each city's labor authority. An installation may name its
# own with the setting LABOR_ISSUING_OFFICE (e.g. a renamed bureau); otherwise the city
# (settings.LABOR_CITY) selects it.
ISSUING_OFFICES = {
    "taipei": "臺北市政府勞動局",
    "new_taipei": "新北市政府勞工局",
    "taoyuan": "桃園市政府勞動局",
    "taichung": "臺中市政府勞工局",
    "tainan": "臺南市政府勞工局",
    "kaohsiung": "高雄市政府勞工局",
}

_WEEKDAYS = "一二三四五六日"
_DIGITS = "零一二三四五六七八九"


class DocumentUnavailable(RuntimeError):
    """A document format cannot be produced on this machine (e.g. PDF without Pango)."""


# --- wording -------------------------------------------------------------------------------


def issuing_office(city: str | None = None) -> str:
    """The name of the authority that issues the documents: 臺北市政府勞動局 for Taipei."""
    configured = getattr(settings, "LABOR_ISSUING_OFFICE", "")
    if configured and city is None:
        return configured
    city = settings.LABOR_CITY if city is None else city
    try:
        return ISSUING_OFFICES[city]
    except KeyError:
        raise ImproperlyConfigured(
            f"no issuing office known for city {city!r}: set LABOR_ISSUING_OFFICE"
        ) from None


@contextlib.contextmanager
def official_language() -> Iterator[None]:
    """Official documents are zh-Hant (the source language) whatever the page language."""
    with translation.override("zh-hant"):
        yield


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九: the words that number sections
    (一、) and list items (（一）) of an official document."""
    if not 1 <= n <= 99:
        raise ValueError(f"sections and items are numbered 1 to 99, not {n}")
    tens, units = divmod(n, 10)
    text = ("" if tens == 0 else "十" if tens == 1 else f"{_DIGITS[tens]}十")
    return text + (_DIGITS[units] if units else "")


def roc_full_date(value: dt.date | dt.datetime | None) -> str:
    """A date as an official document's date line writes it: 中華民國112年7月5日."""
    if value is None:
        return ""
    return f"中華民國{roc_date(value)}"


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        return value.astimezone(TAIPEI)
    return value


def roc_time(value: dt.datetime | dt.time) -> str:
    """A time of day as notices write it: 上午9時30分, 中午12時, 下午2時 (whole hours end at 時)."""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    hour, minute = value.hour, value.minute
    if hour < 12:
        text = f"上午{hour}時"
    elif hour == 12:
        text = "中午12時"
    else:
        text = f"下午{hour - 12}時"
    return f"{text}{minute}分" if minute else text


def roc_datetime(value: dt.datetime) -> str:
    """A meeting time: 112年7月5日（星期三）下午2時30分, in Taipei local time."""
    local = _local(value)
    return f"{roc_date(local)}（星期{_WEEKDAYS[local.weekday()]}）{roc_time(local)}"


def amount_text(value: int | None) -> str:
    """A sum of money in words and Arabic numerals: 新臺幣125萬元（1,250,000元）.

    The 億/萬 form (``twd_units``) is what people read; the plain figure is what they copy
    into a transfer. Below 10,000 the two would be the same, so it is written once.
    """
    if value is None:
        return ""
    units = twd_units(value)
    plain = f"{count(value)}元"
    if units == plain:
        return f"新臺幣{units}"
    return f"新臺幣{units}（{plain}）"


def display(value: Any) -> str:
    """How a field value is printed: dates in ROC form, datetimes with weekday and time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return roc_datetime(value)
    if isinstance(value, dt.date):
        return roc_date(value)
    if isinstance(value, list | tuple):
        return "\n".join(display(v) for v in value if v not in (None, ""))
    return str(value)


# --- the description -----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section heading; numbered in words in its text (一、當事人), never automatically."""

    text: str
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; a newline starts a new line within it. A ``lead`` paragraph
    (the subject line, 主旨) is set a size larger."""

    text: str
    lead: bool = False
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Numbered:
    """A list of items numbered （一）（二）…, each with a hanging indent so that a long item
    wraps under its own text, not under its number."""

    items: Sequence[str]
    kind: ClassVar[str] = "numbered"


@dataclass(frozen=True)
class Fields:
    """A two-column ruled table: label | value. Values go through :func:`display`."""

    rows: Sequence[tuple[str, Any]]
    kind: ClassVar[str] = "fields"


@dataclass(frozen=True)
class Table:
    """A ruled table with a header row. ``widths`` are relative column widths; the columns
    listed in ``numeric`` are right-aligned (amounts)."""

    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] = ()
    numeric: Sequence[int] = ()
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Signer:
    """One signature block: who signs (e.g. 申請人) and the name printed beside the line."""

    role: str
    name: str = ""


@dataclass(frozen=True)
class Signatures:
    """Signature blocks: one row per signer, with a rule to sign on."""

    signers: Sequence[Signer]
    note: str = "（簽名或蓋章）"
    kind: ClassVar[str] = "signatures"


Block = Heading | Paragraph | Numbered | Fields | Table | Signatures


@dataclass(frozen=True)
class DocumentSpec:
    """What an official document says, independent of its file format.

    ``office`` defaults to :func:`issuing_office`; ``closing_date`` (if given) is printed at
    the end as 中華民國112年7月5日, as a record to be signed is dated.
    """

    title: str
    number: str
    issued_on: dt.date
    blocks: Sequence[Block] = ()
    office: str = ""
    recipient: str = ""
    recipient_label: str = "受文者"
    number_label: str = "案號"
    date_label: str = "發文日期"
    closing_date: dt.date | None = None


@dataclass(frozen=True)
class Prepared:
    """The document's text, formatted once and laid out by both renderers."""

    office: str
    title: str
    header_lines: list[str]
    recipient: str
    blocks: list[dict]
    closing: str


def prepare(spec: DocumentSpec) -> Prepared:
    """Every string the document prints, in order (dates and amounts already formatted)."""
    with official_language():
        blocks = []
        for block in spec.blocks:
            if isinstance(block, Heading):
                blocks.append({"kind": block.kind, "lines": display(block.text).split("\n")})
            elif isinstance(block, Paragraph):
                blocks.append({"kind": block.kind, "lines": display(block.text).split("\n"),
                               "lead": block.lead})
            elif isinstance(block, Numbered):
                blocks.append({
                    "kind": "numbered",
                    "items": [(f"（{chinese_numeral(n)}）", display(item))
                              for n, item in enumerate(block.items, 1)],
                })
            elif isinstance(block, Fields):
                blocks.append({
                    "kind": "fields",
                    "rows": [(str(label), display(value).split("\n"))
                             for label, value in block.rows],
                })
            elif isinstance(block, Table):
                columns = len(block.header)
                widths = list(block.widths) or [1] * columns
                if len(widths) != columns or any(len(row) != columns for row in block.rows):
                    raise ValueError("every row of a table has as many cells as its header")
                total = sum(widths)
                blocks.append({
                    "kind": "table",
                    "header": [str(h) for h in block.header],
                    "rows": [[display(v).split("\n") for v in row] for row in block.rows],
                    "widths": [w / total for w in widths],
                    "numeric": set(block.numeric),
                })
            elif isinstance(block, Signatures):
                blocks.append({
                    "kind": "signatures",
                    "signers": [(str(s.role), str(s.name)) for s in block.signers],
                    "note": str(block.note),
                })
            else:
                raise TypeError(f"not a document block: {block!r}")
        header_lines = [
            f"{spec.date_label}：{roc_full_date(spec.issued_on)}",
            f"{spec.number_label}：{spec.number}",
        ]
        recipient = f"{spec.recipient_label}：{spec.recipient}" if spec.recipient else ""
        return Prepared(
            office=spec.office or issuing_office(),
            title=spec.title,
            header_lines=header_lines,
            recipient=recipient,
            blocks=blocks,
            closing=roc_full_date(spec.closing_date) if spec.closing_date else "",
        )


# --- ODT -----------------------------------------------------------------------------------

# Style names of data/odt/official.odt (see build_template.py).
_TEXT_WIDTH_CM = 16.5


def _p(text: str, style: str) -> odfdo.Paragraph:
    return odfdo.Paragraph(text, style=style)


def _cell(lines: list[str], *, cell_style: str, paragraph_style: str) -> odfdo.Cell:
    cell = odfdo.Cell(style=cell_style)
    for line in lines or [""]:
        cell.append(_p(line, paragraph_style))
    return cell


class OdtWriter:
    def __init__(self, prepared: Prepared, spec: DocumentSpec):
        self.prepared = prepared
        self.spec = spec
        self.doc = odfdo.Document.new(TEMPLATE_ODT)
        self.body = self.doc.body
        self.tables = 0
        self.column_styles: set[str] = set()

    def _table_name(self) -> str:
        self.tables += 1
        return f"Table{self.tables}"

    def _column_style(self, share: float) -> str:
        # Column widths are automatic styles; one per distinct width, added on first use.
        width = round(_TEXT_WIDTH_CM * share, 3)
        name = f"Data_Table.W{str(width).replace('.', '_')}"
        if name not in self.column_styles:
            style = odfdo.Element.from_tag(
                f'<style:style style:name="{name}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{width}cm" '
                f'style:rel-column-width="{round(share * 65535)}*"/></style:style>'
            )
            self.doc.content.get_element("//office:automatic-styles").append(style)
            self.column_styles.add(name)
        return name

    def write(self) -> bytes:
        self.write_document(self.prepared)
        return self.save(f"{self.prepared.title} {self.spec.number}")

    def write_document(self, p: Prepared, *, office_style: str = "Issuing_20_office") -> None:
        """Append one document's paragraphs to the body (several make a batch: each starts
        with ``office_style``, e.g. a style that opens a new page)."""
        self.prepared = p
        self.body.append(_p(p.office, office_style))
        self.body.append(_p(p.title, "Title"))
        for line in p.header_lines:
            self.body.append(_p(line, "Document_20_number"))
        if p.recipient:
            self.body.append(_p(p.recipient, "Recipient"))
        for block in p.blocks:
            getattr(self, f"_{block['kind']}")(block)
        if p.closing:
            self.body.append(_p(p.closing, "Closing_20_date"))

    def save(self, title: str) -> bytes:
        meta = self.doc.meta
        meta.set_title(title)
        meta.set_language("zh-TW")
        now = timezone.now().astimezone(TAIPEI).replace(tzinfo=None, microsecond=0)
        meta.set_creation_date(now)
        meta.set_modification_date(now)
        meta.set_generator("labor-platform (odfdo)")
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _heading(self, block):
        heading = odfdo.Header(1, "\n".join(block["lines"]))
        heading.style = "Heading_20_1"  # odfdo's Header ignores its style argument
        self.body.append(heading)

    def _paragraph(self, block):
        style = "Lead_20_paragraph" if block["lead"] else "Text_20_body"
        self.body.append(_p("\n".join(block["lines"]), style))

    def _numbered(self, block):
        for marker, text in block["items"]:
            self.body.append(_p(f"{marker}{text}", "List_20_item"))

    def _fields(self, block):
        table = odfdo.Table(self._table_name(), style="Field_Table")
        table.append(odfdo.Element.from_tag(
            '<table:table-column table:style-name="Field_Table.A"/>'))
        table.append(odfdo.Element.from_tag(
            '<table:table-column table:style-name="Field_Table.B"/>'))
        for label, lines in block["rows"]:
            row = odfdo.Row()
            row.append(_cell([label], cell_style="Field_Table.Label",
                             paragraph_style="Field_20_label"))
            row.append(_cell(lines, cell_style="Field_Table.Value",
                             paragraph_style="Table_20_Contents"))
            table.append(row)
        self.body.append(table)

    def _table(self, block):
        table = odfdo.Table(self._table_name(), style="Data_Table")
        for share in block["widths"]:
            table.append(odfdo.Element.from_tag(
                f'<table:table-column table:style-name="{self._column_style(share)}"/>'))
        head = odfdo.Element.from_tag("table:table-header-rows")
        row = odfdo.Row()
        for text in block["header"]:
            row.append(_cell([text], cell_style="Data_Table.Head",
                             paragraph_style="Table_20_Heading"))
        head.append(row)
        table.append(head)
        for values in block["rows"]:
            row = odfdo.Row()
            for index, lines in enumerate(values):
                style = "Table_20_Amount" if index in block["numeric"] else "Table_20_Contents"
                row.append(_cell(lines, cell_style="Data_Table.Cell", paragraph_style=style))
            table.append(row)
        self.body.append(table)

    def _signatures(self, block):
        table = odfdo.Table(self._table_name(), style="Signature_Table")
        table.append(odfdo.Element.from_tag(
            '<table:table-column table:style-name="Signature_Table.A"/>'))
        table.append(odfdo.Element.from_tag(
            '<table:table-column table:style-name="Signature_Table.B"/>'))
        for role, name in block["signers"]:
            row = odfdo.Row(style="Signature_Table.Row")
            signer = f"{role}：{name}" if name else f"{role}："
            row.append(_cell([signer], cell_style="Signature_Table.Signer",
                             paragraph_style="Signature"))
            row.append(_cell([block["note"]], cell_style="Signature_Table.Line",
                             paragraph_style="Table_20_Amount"))
            table.append(row)
        self.body.append(table)


def render_odt(spec: DocumentSpec) -> bytes:
    """The document as ODT bytes, built on data/odt/official.odt."""
    return OdtWriter(prepare(spec), spec).write()


# --- PDF -----------------------------------------------------------------------------------


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # the Python package is there, its C libraries are not
        raise DocumentUnavailable(
            _("無法產生 PDF：伺服器缺少 Pango 程式庫（WeasyPrint 需要 libpango-1.0-0 與 "
              "libpangoft2-1.0-0）。ODT 檔仍可下載。")
        ) from exc
    except ImportError as exc:
        raise DocumentUnavailable(_("無法產生 PDF：伺服器未安裝 WeasyPrint。")) from exc
    return weasyprint


def _refuse_url(url, *args, **kwargs):
    raise ValueError(f"official documents load no external resources: {url}")


def _url_fetcher(weasyprint):
    # The documents are self-contained (styles inline, fonts from the system): refuse every
    # URL, so that no text in a case can make the server fetch a file or a web address.
    fetcher_class = getattr(getattr(weasyprint, "urls", None), "URLFetcher", None)
    if fetcher_class is not None:
        with contextlib.suppress(TypeError):
            return fetcher_class(allowed_protocols={"data"})
    return _refuse_url


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """A PDF of the Django template ``template_name`` (A4, CJK fonts: see base.html)."""
    weasyprint = _weasyprint()
    with official_language():
        html = render_to_string(template_name, context)
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher(weasyprint)
    )
    return document.write_pdf()


def pdf_available() -> bool:
    """Whether this machine can render PDFs (WeasyPrint and Pango importable)."""
    try:
        _weasyprint()
    except DocumentUnavailable:
        return False
    return True


# --- the document --------------------------------------------------------------------------


class Document:
    """An official document: ``.odt()`` and ``.pdf()`` give the file's bytes,
    ``.filename("pdf")`` its download name (case number and title, no personal data)."""

    def __init__(self, spec: DocumentSpec, *, template_name: str = BASE_HTML_TEMPLATE,
                 context: dict[str, Any] | None = None, filename_suffix: str = ""):
        self.spec = spec
        self.template_name = template_name
        self.context = context or {}
        self.filename_suffix = filename_suffix

    def __repr__(self):
        return f"<Document {self.spec.title} {self.spec.number}>"

    def prepared(self) -> Prepared:
        return prepare(self.spec)

    def odt(self) -> bytes:
        return render_odt(self.spec)

    def html(self) -> str:
        with official_language():
            return render_to_string(self.template_name, self._context())

    def pdf(self) -> bytes:
        return render_pdf(self.template_name, self._context())

    def _context(self) -> dict[str, Any]:
        return {**self.context, "spec": self.spec, "doc": self.prepared()}

    def filename(self, ext: str) -> str:
        ext = ext.lstrip(".").lower()
        if ext not in {"odt", "pdf"}:
            raise ValueError(f"documents are written as odt or pdf, not {ext!r}")
        stem = "-".join(part for part in (self.spec.number, self.spec.title,
                                          self.filename_suffix) if part)
        # Keep the name safe on every file system: no separators or reserved characters.
        stem = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in stem)
        return f"{stem}.{ext}"
