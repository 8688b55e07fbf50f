"""A DocumentSpec as DOCX (python-docx), from the same prepared text as the ODT and the PDF."""

from __future__ import annotations

import io

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from labor.core.documents import DocumentSpec

from .document import prepare

FONT = "Noto Sans CJK TC"


def _east_asian(style_or_run, size: float | None = None, bold: bool | None = None):
    font = style_or_run.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), FONT)


def render_docx(spec: DocumentSpec) -> bytes:
    prepared = prepare(spec)
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    _east_asian(doc.styles["Normal"], 12)
    for name in ("Title", "Heading 1"):
        _east_asian(doc.styles[name], 18 if name == "Title" else 14, True)
        doc.styles[name].font.color.rgb = None
    language = doc.styles["Normal"].element.get_or_add_rPr()
    lang = language.makeelement(qn("w:lang"), {qn("w:eastAsia"): "zh-TW", qn("w:val"): "zh-TW"})
    language.append(lang)

    office = doc.add_paragraph(prepared.office)
    office.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph(prepared.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in prepared.header_lines:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if prepared.recipient:
        doc.add_paragraph(prepared.recipient)
    for block in prepared.blocks:
        kind = block["kind"]
        if kind == "heading":
            doc.add_paragraph(" ".join(block["lines"]), style="Heading 1")
        elif kind == "paragraph":
            paragraph = doc.add_paragraph("\n".join(block["lines"]))
            if block["lead"]:
                for run in paragraph.runs:
                    run.font.size = Pt(13)
        elif kind == "numbered":
            for marker, text in block["items"]:
                doc.add_paragraph(f"{marker}{text}")
        elif kind == "fields":
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, lines in block["rows"]:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, "\n".join(lines)
        elif kind == "table":
            table = doc.add_table(rows=1, cols=len(block["header"]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, block["header"], strict=True):
                cell.text = text
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
            for values in block["rows"]:
                cells = table.add_row().cells
                for index, (cell, lines) in enumerate(zip(cells, values, strict=True)):
                    cell.text = "\n".join(lines)
                    if index in block["numeric"]:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            doc.add_paragraph()
        elif kind == "image":
            doc.add_picture(io.BytesIO(block["png"]), width=Cm(block["width_cm"]))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if block["caption"]:
                doc.add_paragraph(block["caption"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "signatures":
            for role, name in block["signers"]:
                doc.add_paragraph(f"{role}：{name}　　{block['note']}")
    if prepared.closing:
        doc.add_paragraph(prepared.closing).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.core_properties.title = prepared.title
    doc.core_properties.language = "zh-TW"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
