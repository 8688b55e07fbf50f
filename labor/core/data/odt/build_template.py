"""Build ``official.odt``, the ODF template of the bureau's official documents.

Run it after changing a style here, and commit both files::

    .venv/bin/python labor/core/data/odt/build_template.py

Why our own template rather than odfdo's default ``text.ott``: that one numbers headings
(1, 1.1, ...), draws tables without borders, declares French as the document language and
only Western fonts. Ours has

- A4 pages, margins suited to punching and filing on the left, and a footer
  「第 N 頁，共 M 頁」;
- Traditional Chinese (zh-TW) as the Asian language, with a CJK font family for Western and
  Asian text alike ("Noto Sans CJK TC", the Taiwan-standard glyph shapes; "WenQuanYi Zen Hei"
  is declared as the alternative LibreOffice falls back to where Noto is not installed);
- headings without numbers: official documents number their sections in words (一、二、)
  typed into the text, so the outline style has an empty number format at every level;
- the table styles used by ``labor.core.documents`` (fields, data, signatures), with borders
  on the first two. Writer keeps table styles as automatic styles in content.xml, so the
  template's content.xml carries them and an empty body.

``labor.core.tests.test_documents`` checks that the committed template is what this script
builds (content.xml and styles.xml), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import odfdo
from odfdo import Element

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "official.odt"

FONT = "Noto Sans CJK TC"
FALLBACK_FONT = "WenQuanYi Zen Hei"

# The printable width: A4 (21 cm) less the left (2.5 cm) and right (2 cm) margins.
TEXT_WIDTH_CM = 16.5
BORDER = "0.5pt solid #000000"

# A fixed date keeps the template's meta.xml stable between builds.
BUILT = dt.datetime(2024, 1, 1, 0, 0, 0)

FONT_FACES = [
    f'<style:font-face style:name="{FONT}" svg:font-family="&apos;{FONT}&apos;" '
    'style:font-family-generic="swiss" style:font-pitch="variable"/>',
    f'<style:font-face style:name="{FALLBACK_FONT}" svg:font-family="&apos;{FALLBACK_FONT}&apos;" '
    'style:font-family-generic="swiss" style:font-pitch="variable"/>',
]


def _text_props(size: str = "12pt", *, bold: bool = False, font: str = FONT) -> str:
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
    return (
        f'<style:text-properties style:font-name="{font}" fo:font-size="{size}" '
        f'style:font-name-asian="{font}" style:font-size-asian="{size}" '
        f'style:font-name-complex="{font}" style:font-size-complex="{size}"{weight}/>'
    )


DEFAULT_STYLES = [
    '<style:default-style style:family="paragraph">'
    '<style:paragraph-properties style:text-autospace="ideograph-alpha" '
    'style:punctuation-wrap="hanging" style:line-break="strict" '
    'style:tab-stop-distance="1.27cm" style:writing-mode="page"/>'
    f'<style:text-properties style:font-name="{FONT}" fo:font-size="12pt" '
    'fo:language="en" fo:country="US" '
    f'style:font-name-asian="{FONT}" style:font-size-asian="12pt" '
    'style:language-asian="zh" style:country-asian="TW" '
    f'style:font-name-complex="{FONT}" style:font-size-complex="12pt" '
    'fo:hyphenate="false"/>'
    '</style:default-style>',
    '<style:default-style style:family="table">'
    '<style:table-properties table:border-model="collapsing"/>'
    '</style:default-style>',
    '<style:default-style style:family="table-row">'
    '<style:table-row-properties fo:keep-together="auto"/>'
    '</style:default-style>',
]


def _paragraph_style(name: str, display: str, paragraph: str, text: str,
                     parent: str = "Standard", extra: str = "") -> str:
    return (
        f'<style:style style:name="{name}" style:display-name="{display}" '
        f'style:family="paragraph" style:parent-style-name="{parent}"{extra}>'
        f"<style:paragraph-properties {paragraph}/>{text}</style:style>"
    )


COMMON_STYLES = [
    '<style:style style:name="Standard" style:family="paragraph" style:class="text">'
    '<style:paragraph-properties fo:line-height="150%"/></style:style>',
    _paragraph_style(
        "Text_20_body", "Text body",
        'fo:margin-top="0cm" fo:margin-bottom="0.15cm"',
        "", extra=' style:class="text"',
    ),
    _paragraph_style(
        "Lead_20_paragraph", "Lead paragraph",
        'fo:margin-top="0.2cm" fo:margin-bottom="0.3cm"',
        _text_props("13pt"), parent="Text_20_body", extra=' style:class="text"',
    ),
    # Items numbered （一）（二）: the three full-width characters of the marker hang in the
    # margin, so a wrapped line starts under the item's text (3 × 12 pt = 1.27 cm).
    _paragraph_style(
        "List_20_item", "List item",
        'fo:margin-left="1.27cm" fo:text-indent="-1.27cm" fo:margin-top="0cm" '
        'fo:margin-bottom="0.05cm"',
        "", parent="Text_20_body", extra=' style:class="list"',
    ),
    _paragraph_style(
        "Issuing_20_office", "Issuing office",
        'fo:margin-top="0cm" fo:margin-bottom="0.1cm" fo:text-align="center"',
        _text_props("16pt", bold=True),
    ),
    _paragraph_style(
        "Title", "Title",
        'fo:margin-top="0cm" fo:margin-bottom="0.35cm" fo:text-align="center" '
        'fo:keep-with-next="always"',
        _text_props("20pt", bold=True), extra=' style:class="chapter"',
    ),
    _paragraph_style(
        "Document_20_number", "Document number",
        'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:text-align="end" fo:line-height="130%"',
        _text_props("10.5pt"),
    ),
    _paragraph_style(
        "Recipient", "Recipient",
        'fo:margin-top="0.25cm" fo:margin-bottom="0.15cm"',
        _text_props("12pt", bold=True),
    ),
    # Headings: outline level 1 so that they show in the navigator, but never numbered.
    _paragraph_style(
        "Heading_20_1", "Heading 1",
        'fo:margin-top="0.35cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"',
        _text_props("13pt", bold=True),
        extra=' style:default-outline-level="1" style:class="text"',
    ),
    _paragraph_style(
        "Table_20_Contents", "Table Contents",
        'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="130%"', "",
        extra=' style:class="extra"',
    ),
    _paragraph_style(
        "Table_20_Heading", "Table Heading",
        'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:text-align="center"',
        _text_props("12pt", bold=True), parent="Table_20_Contents",
        extra=' style:class="extra"',
    ),
    _paragraph_style(
        "Table_20_Amount", "Table Amount",
        'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:text-align="end"', "",
        parent="Table_20_Contents", extra=' style:class="extra"',
    ),
    _paragraph_style(
        "Field_20_label", "Field label",
        'fo:margin-top="0cm" fo:margin-bottom="0cm"',
        _text_props("12pt", bold=True), parent="Table_20_Contents",
        extra=' style:class="extra"',
    ),
    _paragraph_style(
        "Signature", "Signature",
        'fo:margin-top="0cm" fo:margin-bottom="0cm"', "", parent="Table_20_Contents",
        extra=' style:class="extra"',
    ),
    _paragraph_style(
        "Closing_20_date", "Closing date",
        'fo:margin-top="0.6cm" fo:margin-bottom="0cm" fo:text-align="center"',
        _text_props("13pt"),
    ),
    _paragraph_style(
        "Footer", "Footer",
        'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:text-align="center"',
        _text_props("9pt"), extra=' style:class="extra"',
    ),
    '<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" '
    'style:family="text"><style:text-properties fo:font-weight="bold" '
    'style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>',
    # No numbering at any outline level: the text carries 一、二、 itself.
    '<text:outline-style style:name="Outline">'
    + "".join(
        f'<text:outline-level-style text:level="{level}" style:num-format="">'
        '<style:list-level-properties/></text:outline-level-style>'
        for level in range(1, 11)
    )
    + "</text:outline-style>",
]

PAGE_LAYOUT = (
    '<style:page-layout style:name="pm1">'
    '<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
    'style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="1.5cm" '
    'fo:margin-left="2.5cm" fo:margin-right="2cm" style:writing-mode="lr-tb"/>'
    '<style:header-style/>'
    '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
    'fo:margin-top="0.4cm"/></style:footer-style>'
    "</style:page-layout>"
)

MASTER_PAGE = (
    '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
    '<style:footer><text:p text:style-name="Footer">第 '
    '<text:page-number text:select-page="current">1</text:page-number> 頁，共 '
    "<text:page-count>1</text:page-count> 頁</text:p></style:footer>"
    "</style:master-page>"
)


def _cell_style(name: str, *, border: str | None, background: str | None = None,
                align: str = "top", padding: str = "0.12cm", bottom_only: bool = False) -> str:
    props = [f'fo:padding="{padding}"', f'style:vertical-align="{align}"']
    if border and bottom_only:
        props += ['fo:border-left="none"', 'fo:border-right="none"', 'fo:border-top="none"',
                  f'fo:border-bottom="{border}"']
    elif border:
        props.append(f'fo:border="{border}"')
    else:
        props.append('fo:border="none"')
    if background:
        props.append(f'fo:background-color="{background}"')
    return (
        f'<style:style style:name="{name}" style:family="table-cell">'
        f'<style:table-cell-properties {" ".join(props)}/></style:style>'
    )


def _table_style(name: str, margin_top: str = "0.1cm", margin_bottom: str = "0.25cm") -> str:
    return (
        f'<style:style style:name="{name}" style:family="table">'
        f'<style:table-properties style:width="{TEXT_WIDTH_CM}cm" table:align="margins" '
        f'fo:margin-top="{margin_top}" fo:margin-bottom="{margin_bottom}"/></style:style>'
    )


def _column_style(name: str, width_cm: float) -> str:
    return (
        f'<style:style style:name="{name}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width_cm}cm"/></style:style>'
    )


LABEL_WIDTH_CM = 4.0
SIGNER_WIDTH_CM = 7.0

CONTENT_AUTOMATIC_STYLES = [
    # Two-column field tables: a shaded label column and a value column, all ruled.
    _table_style("Field_Table"),
    _column_style("Field_Table.A", LABEL_WIDTH_CM),
    _column_style("Field_Table.B", round(TEXT_WIDTH_CM - LABEL_WIDTH_CM, 2)),
    _cell_style("Field_Table.Label", border=BORDER, background="#eeeeee"),
    _cell_style("Field_Table.Value", border=BORDER),
    # Data tables (any number of equal columns): a shaded header row, all ruled.
    _table_style("Data_Table"),
    _cell_style("Data_Table.Head", border=BORDER, background="#eeeeee", align="middle"),
    _cell_style("Data_Table.Cell", border=BORDER),
    # Signature blocks: no frame; a rule to sign on, in rows tall enough for a hand.
    _table_style("Signature_Table", margin_top="0.3cm", margin_bottom="0.2cm"),
    _column_style("Signature_Table.A", SIGNER_WIDTH_CM),
    _column_style("Signature_Table.B", round(TEXT_WIDTH_CM - SIGNER_WIDTH_CM, 2)),
    '<style:style style:name="Signature_Table.Row" style:family="table-row">'
    '<style:table-row-properties style:min-row-height="1.6cm" fo:keep-together="always"/>'
    "</style:style>",
    _cell_style("Signature_Table.Signer", border=None, align="bottom"),
    _cell_style("Signature_Table.Line", border=BORDER, align="bottom", bottom_only=True),
]


def _replace_children(parent: Element, xml_fragments: list[str]) -> None:
    for child in list(parent.children):
        parent.delete(child)
    for fragment in xml_fragments:
        parent.append(Element.from_tag(fragment))


def build() -> odfdo.Document:
    """The template as an odfdo text document with an empty body."""
    doc = odfdo.Document("text")

    styles = doc.get_part("styles.xml")
    _replace_children(styles.get_element("//office:font-face-decls"), FONT_FACES)
    _replace_children(styles.get_element("//office:styles"), DEFAULT_STYLES + COMMON_STYLES)
    _replace_children(styles.get_element("//office:automatic-styles"), [PAGE_LAYOUT])
    _replace_children(styles.get_element("//office:master-styles"), [MASTER_PAGE])

    content = doc.get_part("content.xml")
    _replace_children(content.get_element("//office:font-face-decls"), FONT_FACES)
    _replace_children(content.get_element("//office:automatic-styles"),
                      CONTENT_AUTOMATIC_STYLES)
    text = content.get_element("//office:text")
    for child in list(text.children):
        if child.tag != "text:sequence-decls":
            text.delete(child)

    # odfdo's template ships a thumbnail of its own sample page; ours has none.
    for part in ("Thumbnails/thumbnail.png",):
        if part in doc.parts:
            doc.del_part(part)
            doc.manifest.del_full_path(part)

    meta = doc.meta
    # odfdo's sample counts (1 page, 0 tables) would be stale in every document made from it;
    # without them, a word processor counts for itself.
    statistic = meta.get_element("//meta:document-statistic")
    if statistic is not None:
        statistic.parent.delete(statistic)
    meta.set_title("勞動局公文範本")
    meta.set_language("zh-TW")
    meta.set_creation_date(BUILT)
    meta.set_modification_date(BUILT)
    meta.set_generator("labor-platform (odfdo)")
    return doc


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else TEMPLATE
    build().save(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
