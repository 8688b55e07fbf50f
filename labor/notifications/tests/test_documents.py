"""The early-warning letters (大量解僱勞工保護法 art. 11), one per establishment and a batch:
real ODT files and PDFs, each letter of a batch from a new page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from pypdf import PdfReader

from labor.core.tests.test_documents import odt_text, pdf_text, require_pdf, squeeze
from labor.notifications import documents, services
from tests import conftest as shared

establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2023, 6, 5)


@pytest.fixture
def warning_list(establishment_factory):
    firms = [
        establishment_factory("大安營造股份有限公司", address="臺北市大安區復興南路一段1號",
                              representative="王大明"),
        establishment_factory("信義餐飲有限公司", address="臺北市信義區松仁路2號"),
        establishment_factory("中山紡織股份有限公司", address="臺北市中山區南京東路3號"),
    ]
    warning_list, _created, _known = services.warning_list_import(
        source="labour_insurance", received_on=RECEIVED, file_name="112-06預警名單.csv",
        rows=[{"ubn": firm.ubn, "reason": reason} for firm, reason in
              zip(firms, ["積欠勞保費2個月", "積欠工資2個月", ""], strict=True)],
    )
    return warning_list


def entries(warning_list):
    return list(warning_list.entries.select_related("establishment", "warning_list")
                .order_by("pk"))


def test_the_letter_cites_the_law_names_the_establishment_and_the_visit(warning_list):
    entry = entries(warning_list)[0]
    text = squeeze(odt_text(documents.warning_letter(entry, issued_on=dt.date(2023, 6, 6)).odt()))
    for expected in [
        "臺北市政府勞動局", "大量解僱勞工預警通報自主檢核通知函",
        "受文者：大安營造股份有限公司（代表人：王大明）", "大量解僱勞工保護法第11條",
        "勞工保險局", "積欠勞保費2個月", "自行檢核", "法令宣導", "第4條",
        squeeze(f"本局將於{entry.visit_due_on.year - 1911}年"), "發文日期：中華民國112年6月6日",
        f"參考編號：112-EW-{entry.pk:06d}", entry.establishment.ubn,
    ]:
        assert expected in text, expected


def test_a_letter_without_a_reason_says_the_warning(warning_list):
    text = squeeze(odt_text(documents.warning_letter(entries(warning_list)[2]).odt()))
    assert "通報（預警情形）" in text


def test_the_letter_is_a_real_odt(warning_list):
    data = documents.warning_letter(entries(warning_list)[0]).odt()
    with zipfile.ZipFile(io.BytesIO(data)) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = odt.read("content.xml").decode()
    assert "大安營造股份有限公司" in content


def test_the_letter_is_a_pdf_saying_the_same(warning_list):
    require_pdf()
    document = documents.warning_letter(entries(warning_list)[0])
    data = document.pdf()
    assert data.startswith(b"%PDF")
    text = squeeze(pdf_text(data))
    assert "大安營造股份有限公司" in text and "大量解僱勞工保護法第11條" in text
    assert document.filename("pdf").endswith("大量解僱勞工預警通報自主檢核通知函.pdf")


def test_the_batch_pdf_starts_every_letter_on_a_new_page(warning_list):
    require_pdf()
    letters = entries(warning_list)
    batch = documents.warning_letters(warning_list, letters)
    data = batch.pdf()
    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    single = [len(PdfReader(io.BytesIO(documents.warning_letter(e).pdf())).pages)
              for e in letters]
    assert len(pages) == sum(single) >= len(letters)
    first_pages = [0]
    for n in single[:-1]:
        first_pages.append(first_pages[-1] + n)
    for entry, index in zip(letters, first_pages, strict=True):
        text = squeeze(pages[index].extract_text())
        assert "自主檢核通知函" in text
        assert f"受文者：{entry.establishment.name}" in text
        assert "第1頁" in text  # each letter keeps its own page numbers


def test_the_batch_odt_holds_every_letter_each_from_a_new_page(warning_list):
    letters = entries(warning_list)
    data = documents.warning_letters(warning_list, letters).odt()
    with zipfile.ZipFile(io.BytesIO(data)) as odt:
        content = odt.read("content.xml").decode()
        styles = odt.read("styles.xml").decode()
    assert content.count('text:style-name="Letter_20_start"') == len(letters)
    assert 'style:master-page-name="Letter"' in content
    assert 'style:page-number="1"' in content
    assert 'style:name="Letter"' in styles
    text = squeeze(odt_text(data))
    for entry in letters:
        assert f"受文者：{entry.establishment.name}" in text
    assert text.count("大量解僱勞工預警通報自主檢核通知函") == len(letters)


def test_the_batch_file_name_says_the_list_and_the_count(warning_list):
    batch = documents.warning_letters(warning_list)
    assert batch.filename("pdf") == "1120605-勞工保險局-大量解僱預警自主檢核通知函-3件.pdf"
    with pytest.raises(ValueError):
        batch.filename("doc")
