"""Official documents: the ODT template, ODT and PDF rendering, and the wording helpers.

The PDF tests need WeasyPrint's Pango. Where it is missing they are skipped with the reason,
except on CI (CI=true), where a missing Pango is a failure: the documents must work there.
Set LABOR_SCREENSHOTS=<dir> to keep a PNG of each rendered first page for a look.
"""

from __future__ import annotations

import builtins
import datetime as dt
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import odfdo
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from labor.core import documents
from labor.core.documents import (
    Document,
    DocumentSpec,
    DocumentUnavailable,
    Fields,
    Heading,
    Paragraph,
    Signatures,
    Signer,
    Table,
)

TAIPEI = dt.timezone(dt.timedelta(hours=8))
CJK_FONT_NAME = re.compile(r"wenquanyi|notosanscjk|notosanstc|notoserifcjk|sourcehan")


# --- helpers (imported by the lines' document tests) ---------------------------------------


def on_ci() -> bool:
    return os.environ.get("CI") == "true"


def require_pdf():
    """Skip the calling test when WeasyPrint cannot load Pango; fail instead on CI."""
    if documents.pdf_available():
        return
    reason = "WeasyPrint needs Pango (libpango-1.0-0, libpangoft2-1.0-0), missing here"
    if on_ci():
        pytest.fail(f"{reason}; CI must render PDFs")
    pytest.skip(reason)


def odt_text(data: bytes) -> str:
    """The text of an ODT, as odfdo reads it back."""
    return odfdo.Document(io.BytesIO(data)).get_formatted_text()


def pdf_pages(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(data))


def squeeze(text: str) -> str:
    """Text without whitespace: letter-spacing and line breaks differ between ODT and PDF."""
    return re.sub(r"\s+", "", text)


def _to_unicode(cmap: bytes) -> set[str]:
    """The characters a PDF font's ToUnicode CMap says its glyphs draw."""
    drawn = set()
    text = cmap.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for _glyph, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            drawn.update(bytes.fromhex(target).decode("utf-16-be"))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(target, 16)
            drawn.update(chr(start + i) for i in range(int(high, 16) - int(low, 16) + 1))
    return drawn


def pdf_fonts(data: bytes) -> dict[str, set[str]]:
    """For each font of the PDF, the characters it draws without a glyph of its own (tofu).

    WeasyPrint embeds a subset of each font together with the font's own character map, and a
    ToUnicode map of what each drawn glyph stands for. A character in the second but not in
    the first was drawn with the font's "missing glyph" box.
    """
    from fontTools.ttLib import TTFont

    report: dict[str, set[str]] = {}
    for page in pdf_pages(data):
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            font = fonts[key].get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            file = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            covered = set()
            if file is not None:
                cmap = TTFont(io.BytesIO(file.get_object().get_data())).getBestCmap() or {}
                covered = {chr(code) for code in cmap}
            drawn = _to_unicode(font["/ToUnicode"].get_object().get_data())
            report.setdefault(name, set()).update(drawn - covered - {"\x00"})
    return report


def first_page_png(data: bytes, tmp_path: Path, name: str) -> Path:
    """``pdftoppm -png -r 60`` of the first page (copied to $LABOR_SCREENSHOTS if set)."""
    if shutil.which("pdftoppm") is None:
        if on_ci():
            pytest.fail("pdftoppm (poppler-utils) is missing on CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(tmp_path / name)],
        check=True, capture_output=True, timeout=60,
    )
    png = tmp_path / f"{name}.png"
    if os.environ.get("LABOR_SCREENSHOTS"):
        target = Path(os.environ["LABOR_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, target / png.name)
    return png


def assert_a4_page_with_ink(png: Path):
    from PIL import Image

    with Image.open(png) as image:
        width, height = image.size
        # A4 at 60 dpi: 8.27 × 11.69 in → 496 × 702 px.
        assert abs(width - 496) <= 2 and abs(height - 702) <= 2, image.size
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 2000, "the first page is (nearly) blank"
        # Nothing printed in the margins: 2 cm top, 2 cm right, 2.5 cm left ≈ 47 / 59 px.
        assert grey.crop((0, 0, width, 40)).getextrema()[0] > 200, "ink in the top margin"
        assert grey.crop((0, 0, 50, height)).getextrema()[0] > 200, "ink in the left margin"
        assert grey.crop((width - 40, 0, width, height)).getextrema()[0] > 200, (
            "ink in the right margin")


# --- a sample document ---------------------------------------------------------------------


def sample_spec(**overrides) -> DocumentSpec:
    values = {
        "title": "測試通知書",
        "number": "112-DSP-000042",
        "issued_on": dt.date(2023, 7, 3),
        "recipient": "王小明",
        "closing_date": dt.date(2023, 7, 5),
        "blocks": [
            Paragraph("主旨：訂於會議時間召開會議，請準時出席。", lead=True),
            Heading("一、會議資訊"),
            Fields([
                ("案號", "112-DSP-000042"),
                ("會議時間", dt.datetime(2023, 7, 5, 14, 30, tzinfo=TAIPEI)),
                ("收件日期", dt.date(2023, 6, 30)),
                ("成立金額", documents.amount_text(721406226)),
                ("備註", "第一行\n第二行"),
            ]),
            Heading("二、爭議事項"),
            Table(["項目", "請求金額", "說明"],
                  [["積欠工資", "50,000元", "三個月"], ["資遣費", "120,000元", ""]],
                  widths=(3, 2, 5), numeric=(1,)),
            Signatures([Signer("申請人", "王小明"), Signer("調解人", "陳大文")]),
        ],
    }
    values.update(overrides)
    return DocumentSpec(**values)


EXPECTED_IN_ORDER = [
    "臺北市政府勞動局",
    "測試通知書",
    "發文日期：中華民國112年7月3日",
    "案號：112-DSP-000042",
    "受文者：王小明",
    "主旨：訂於會議時間召開會議，請準時出席。",
    "一、會議資訊",
    "112年7月5日（星期三）下午2時30分",
    "112年6月30日",
    "新臺幣7億2,140萬6,226元（721,406,226元）",
    "第一行",
    "第二行",
    "二、爭議事項",
    "積欠工資",
    "50,000元",
    "申請人：王小明",
    "（簽名或蓋章）",
    "調解人：陳大文",
    "中華民國112年7月5日",
]


def assert_in_order(text: str, expected: list[str]):
    flat = squeeze(text)
    position = 0
    for piece in expected:
        found = flat.find(squeeze(piece), position)
        assert found >= 0, f"{piece!r} missing (or out of order) after position {position}"
        position = found + len(squeeze(piece))


# --- wording -------------------------------------------------------------------------------


def test_a_meeting_time_reads_with_weekday_and_the_half_of_the_day():
    assert documents.roc_datetime(dt.datetime(2023, 7, 5, 14, 30, tzinfo=TAIPEI)) == (
        "112年7月5日（星期三）下午2時30分")
    assert documents.roc_datetime(dt.datetime(2023, 7, 9, 9, 5, tzinfo=TAIPEI)) == (
        "112年7月9日（星期日）上午9時5分")


def test_whole_hours_and_noon_have_no_minutes():
    assert documents.roc_time(dt.time(10, 0)) == "上午10時"
    assert documents.roc_time(dt.time(12, 0)) == "中午12時"
    assert documents.roc_time(dt.time(12, 30)) == "中午12時30分"
    assert documents.roc_time(dt.time(0, 15)) == "上午0時15分"


def test_a_meeting_time_stored_in_utc_is_printed_in_taipei_time():
    # 2023-07-04T18:30Z is 02:30 on 5 July in Taipei.
    assert documents.roc_datetime(dt.datetime(2023, 7, 4, 18, 30, tzinfo=dt.UTC)) == (
        "112年7月5日（星期三）上午2時30分")


def test_an_amount_is_written_in_yi_and_wan_and_in_arabic_numerals():
    assert documents.amount_text(721406226) == "新臺幣7億2,140萬6,226元（721,406,226元）"
    assert documents.amount_text(1250000) == "新臺幣125萬元（1,250,000元）"


def test_an_amount_below_ten_thousand_is_written_once():
    assert documents.amount_text(5000) == "新臺幣5,000元"
    assert documents.amount_text(0) == "新臺幣0元"
    assert documents.amount_text(None) == ""


def test_the_closing_date_line_names_the_republic():
    assert documents.roc_full_date(dt.date(2023, 7, 5)) == "中華民國112年7月5日"


def test_the_issuing_office_follows_the_city(settings):
    settings.LABOR_CITY = "taipei"
    assert documents.issuing_office() == "臺北市政府勞動局"
    settings.LABOR_CITY = "kaohsiung"
    assert documents.issuing_office() == "高雄市政府勞工局"


def test_a_configured_issuing_office_wins_over_the_city(settings):
    settings.LABOR_ISSUING_OFFICE = "臺北市政府勞動局勞動檢查處"
    assert documents.issuing_office() == "臺北市政府勞動局勞動檢查處"
    assert documents.issuing_office(city="taipei") == "臺北市政府勞動局"


def test_a_city_without_a_known_office_is_a_configuration_error(settings):
    settings.LABOR_CITY = "atlantis"
    with pytest.raises(ImproperlyConfigured, match="LABOR_ISSUING_OFFICE"):
        documents.issuing_office()


def test_a_table_row_with_the_wrong_number_of_cells_is_refused():
    spec = sample_spec(blocks=[Table(["項目", "金額"], [["積欠工資"]])])
    with pytest.raises(ValueError, match="as many cells"):
        documents.prepare(spec)


def test_the_file_name_is_the_case_number_and_title_without_path_characters():
    doc = Document(sample_spec(title="調解/紀錄"), filename_suffix="申請人2")
    assert doc.filename("pdf") == "112-DSP-000042-調解_紀錄-申請人2.pdf"
    assert doc.filename(".ODT") == "112-DSP-000042-調解_紀錄-申請人2.odt"
    with pytest.raises(ValueError):
        doc.filename("docx")


# --- the ODT template ----------------------------------------------------------------------


def _load_build_script():
    path = Path(documents.__file__).parent / "data" / "odt" / "build_template.py"
    spec = importlib.util.spec_from_file_location("build_template", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_template", module)
    spec.loader.exec_module(module)
    return module


def test_the_committed_template_is_what_the_build_script_makes():
    built = _load_build_script().build()
    committed = odfdo.Document(documents.TEMPLATE_ODT)
    for part in ("content.xml", "styles.xml"):
        assert committed.get_part(part).serialize() == built.get_part(part).serialize(), (
            f"{part} differs: run labor/core/data/odt/build_template.py and commit the result")


def _styles_xml() -> str:
    with zipfile.ZipFile(documents.TEMPLATE_ODT) as archive:
        return archive.read("styles.xml").decode()


def _content_xml(data: bytes | Path) -> str:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as archive:
        return archive.read("content.xml").decode()


def test_the_template_numbers_no_heading_at_any_level():
    levels = re.findall(r"<text:outline-level-style [^>]*>", _styles_xml())
    assert len(levels) == 10
    assert all('style:num-format=""' in level for level in levels)


def test_the_template_is_an_a4_page_with_page_numbers_in_the_footer():
    styles = _styles_xml()
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
    assert "<text:page-number" in styles and "<text:page-count" in styles


def test_the_template_declares_a_cjk_font_and_taiwanese_chinese():
    styles = _styles_xml()
    assert 'style:font-face style:name="Noto Sans CJK TC"' in styles
    assert 'style:font-face style:name="WenQuanYi Zen Hei"' in styles
    default = re.search(r'<style:default-style style:family="paragraph">.*?</style:default-style>',
                        styles).group(0)
    assert 'style:font-name-asian="Noto Sans CJK TC"' in default
    assert 'style:language-asian="zh" style:country-asian="TW"' in default


def test_the_template_rules_field_and_data_tables_but_not_signature_blocks():
    content = _content_xml(documents.TEMPLATE_ODT)

    def cell(name):
        return re.search(rf'style:name="{re.escape(name)}" style:family="table-cell">'
                         r"<style:table-cell-properties ([^>]*)/>", content).group(1)

    for name in ("Field_Table.Label", "Field_Table.Value", "Data_Table.Head", "Data_Table.Cell"):
        assert 'fo:border="0.5pt solid #000000"' in cell(name), name
    assert 'fo:border="none"' in cell("Signature_Table.Signer")
    assert 'fo:border-bottom="0.5pt solid #000000"' in cell("Signature_Table.Line")


def test_the_template_body_is_empty():
    assert "<text:p" not in _content_xml(documents.TEMPLATE_ODT).split("<office:body>")[1]


# --- ODT -----------------------------------------------------------------------------------


def test_the_odt_says_everything_of_the_description_in_order():
    assert_in_order(odt_text(Document(sample_spec()).odt()), EXPECTED_IN_ORDER)


def test_the_odt_is_a_text_document_that_opens_again():
    data = Document(sample_spec()).odt()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        listed = set(re.findall(r'manifest:full-path="([^"]+)"',
                                archive.read("META-INF/manifest.xml").decode()))
        assert listed - {"/"} <= set(archive.namelist()) | {"Configurations2/"}
    reopened = odfdo.Document(io.BytesIO(data))
    assert reopened.get_type() == "text"
    assert reopened.meta.get_title() == "測試通知書 112-DSP-000042"


def test_odt_headings_and_tables_use_the_templates_styles():
    content = _content_xml(Document(sample_spec()).odt())
    assert '<text:h text:outline-level="1" text:style-name="Heading_20_1">一、會議資訊' in content
    assert content.count('table:style-name="Field_Table.Label"') == 5
    assert content.count('table:style-name="Data_Table.Cell"') == 6
    assert content.count('table:style-name="Signature_Table.Row"') == 2
    # The data table's relative widths 3:2:5 of the 16.5 cm text width.
    assert 'style:column-width="4.95cm"' in content
    assert 'style:column-width="3.3cm"' in content
    assert 'style:column-width="8.25cm"' in content
    assert 'text:style-name="Lead_20_paragraph">主旨' in content


def test_text_in_the_odt_is_escaped_not_interpreted():
    spec = sample_spec(blocks=[Paragraph('<text:p>注入</text:p> & "引號"')])
    assert '<text:p>注入</text:p> & "引號"' in odt_text(Document(spec).odt())


# --- PDF -----------------------------------------------------------------------------------


def test_the_pdf_says_what_the_odt_says(tmp_path):
    require_pdf()
    data = Document(sample_spec()).pdf()
    assert data.startswith(b"%PDF-")
    assert_in_order(pdf_text(data), EXPECTED_IN_ORDER)


def test_the_pdf_is_a4_with_page_numbers():
    require_pdf()
    long = sample_spec(blocks=[Paragraph(f"第{n}段：勞資爭議調解程序說明。" * 4)
                               for n in range(1, 60)])
    pages = pdf_pages(Document(long).pdf())
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in pt
        assert f"第{number}頁，共{len(pages)}頁" in squeeze(page.extract_text())


def test_every_character_of_the_pdf_is_drawn_by_a_cjk_font_with_a_glyph_for_it():
    require_pdf()
    report = pdf_fonts(Document(sample_spec()).pdf())
    assert report, "no fonts in the PDF"
    assert all(CJK_FONT_NAME.search(name.lower().replace("-", "")) for name in report), report
    assert {name: chars for name, chars in report.items() if chars} == {}


def test_the_glyph_check_notices_a_character_no_font_has():
    require_pdf()
    # U+16A40 (Mro script) is in no CJK font: WeasyPrint draws a missing-glyph box.
    spec = sample_spec(blocks=[Paragraph("字\U00016a40字")])
    missing = set().union(*pdf_fonts(Document(spec).pdf()).values())
    assert "\U00016a40" in missing


def test_the_first_page_renders_on_a4_with_clear_margins(tmp_path):
    require_pdf()
    png = first_page_png(Document(sample_spec()).pdf(), tmp_path, "core-sample")
    assert_a4_page_with_ink(png)


def test_the_pdf_is_written_in_chinese_even_for_an_english_session():
    require_pdf()
    with translation.override("en"):
        data = Document(sample_spec()).pdf()
    assert "第1頁，共1頁" in squeeze(pdf_text(data))


def test_text_in_the_pdf_is_escaped_and_fetches_nothing():
    require_pdf()
    spec = sample_spec(blocks=[Paragraph('<img src="file:///etc/hostname">附件')])
    assert '<imgsrc="file:///etc/hostname">附件' in squeeze(pdf_text(Document(spec).pdf()))


def test_the_pdf_renderer_refuses_every_url():
    require_pdf()
    import weasyprint

    fetcher = documents._url_fetcher(weasyprint)
    for url in ("file:///etc/hostname", "http://127.0.0.1/", "https://example.org/x.png"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_without_pango_the_pdf_is_unavailable_with_a_reason_and_the_odt_still_works(
    monkeypatch,
):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(builtins, "__import__", no_pango)

    doc = Document(sample_spec())
    with pytest.raises(DocumentUnavailable, match="Pango") as caught:
        doc.pdf()
    assert isinstance(caught.value.__cause__, OSError)
    assert documents.pdf_available() is False
    assert "測試通知書" in odt_text(doc.odt())


def test_pdf_tests_skip_without_pango_but_fail_on_ci(monkeypatch):
    monkeypatch.setattr(documents, "pdf_available", lambda: False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Pango"):
        require_pdf()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must render PDFs"):
        require_pdf()
