"""The council report on the demo scenario, in all four formats, read back and compared with
the seed's figures (seed/figures-2023H1.yaml, ``disputes.*``, restated here)."""

import io
import re
import zipfile
from importlib import import_module

import docx
import odfdo
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse

from labor.core import scenario as kernel
from labor.core import scenarios
from labor.core.documents import pdf_available
from labor.council import scenario as council_scenario
from labor.council.structure import NOT_YET_NOTE
from labor.disputes import scenario as disputes_scenario
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory

TAIPEI = scenarios.get_scenario("taipei-2023h1")
PARTS = [*kernel.PARTS, *disputes_scenario.PARTS, *council_scenario.PARTS]

# seed/figures-2023H1.yaml, disputes.*, as the report prints them.
SEED_PRINTED = {
    "disputes.cases_handled": "1,970",
    "disputes.settlement_rate": "55.89%",
    "disputes.online_applications": "957",
    "disputes.online_share": "48.63%",
    "disputes.lawyer_consultations": "1,260",
    "disputes.migrant_cases": "769",
    "disputes.migrant_coordination_meetings": "90",
    "disputes.migrant_coordination_success_rate": "80%",
}
# The sentences of the demo narrative that carry them (placeholders filled).
EXPECTED_SENTENCES = [
    "本期協處勞資爭議計1,970件",
    "和解率（含調解成立及自行和解撤案案件）為55.89%",
    "線上申請計957件，占受理申請案件之48.63%",
    "現場義務律師諮詢服務計1,260人次",
    "本期受理移工勞資爭議案件計769件，召開協調會90場次",
    "協調成功率約80%",
]


@pytest.fixture(autouse=True)
def reference_data(db):
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.disputes.migrations.0002_committee_settings").load(django_apps, None)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _odt_text(data: bytes) -> str:
    document = odfdo.Document(io.BytesIO(data))
    return "\n".join(p.text_recursive for p in document.body.get_elements(
        "//text:p|//text:h"))


def _odt_table_rows(data: bytes) -> list[list[str]]:
    document = odfdo.Document(io.BytesIO(data))
    return [["".join(p.text_recursive for p in cell.get_paragraphs()).strip()
             for cell in row.get_cells()]
            for table in document.body.get_tables() for row in table.get_rows()]


def _docx_text(data: bytes) -> tuple[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]
    return text + "\n" + "\n".join("".join(row) for row in rows), rows


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _html_text(data: bytes) -> str:
    text = re.sub(r"<style.*?</style>", "", data.decode(), flags=re.S)
    return re.sub(r"<[^>]+>", "", text)


def _establishment_rows(figures) -> list[tuple[str, str]]:
    from labor.core.formatting import count

    bands = [(code, f) for code, f in figures.items()
             if code.startswith("establishments.by_headcount.")]
    rows = [(f.label.removesuffix("之事業單位數").removesuffix("事業單位數"), count(f.value))
            for _code, f in bands]
    rows.append(("合計", count(figures["establishments.total"].value)))
    return rows


def test_the_2023h1_report_in_four_formats_prints_the_seed_figures(tmp_path, client,
                                                                   staff_user):
    scenarios.load(TAIPEI, parts=PARTS)
    from labor.council.figures import collect

    live = collect("2023H1")
    # The figures themselves equal the seed.
    from labor.council.narrative import format_figure

    assert {code: format_figure(live.figures[code]) for code in SEED_PRINTED} == SEED_PRINTED
    establishments = _establishment_rows(live.figures)
    assert establishments[-1][1] == "10,654"

    outputs = {}
    formats = ["odt", "docx", "html"] + (["pdf"] if pdf_available() else [])
    for fmt in formats:
        path = tmp_path / f"report.{fmt}"
        out = io.StringIO()
        call_command("council_report", "2023H1", "--format", fmt, "--output", str(path),
                     stdout=out)
        assert "hand-typed numbers to review: none" in out.getvalue()
        outputs[fmt] = path.read_bytes()

    odt_text = _odt_text(outputs["odt"])
    docx_text, docx_rows = _docx_text(outputs["docx"])
    texts = {"odt": odt_text, "docx": docx_text, "html": _html_text(outputs["html"])}
    if "pdf" in outputs:
        assert outputs["pdf"].startswith(b"%PDF")
        texts["pdf"] = _pdf_text(outputs["pdf"])
    for fmt, text in texts.items():
        compact = _compact(text)
        for sentence in EXPECTED_SENTENCES:
            assert _compact(sentence) in compact, (fmt, sentence)
        for heading in ("壹、前言", "貳、重要施政成果", "一、維護勞動權益", "五、強化勞資關係",
                        "參、已實施之創新措施", "肆、未來施政重點", "表1：就業服務成果統計表",
                        "表5：失業認定服務情形統計表", "數據檢核"):
            assert heading in compact, (fmt, heading)
        assert compact.index("壹、前言") < compact.index("貳、重要施政成果") < compact.index(
            "參、已實施之創新措施") < compact.index("肆、未來施政重點")
        assert _compact(NOT_YET_NOTE) in compact
        # The appendix: establishments by headcount band, every figure as computed.
        for label, value in establishments:
            assert _compact(f"{label}{value}") in compact, (fmt, label)
    # Tables are real tables in the editable formats.
    odt_rows = _odt_table_rows(outputs["odt"])
    assert ["員工人數級距", "家數"] in odt_rows
    assert [list(r) for r in establishments] == odt_rows[odt_rows.index(
        ["員工人數級距", "家數"]) + 1:][:len(establishments)]
    # (Tables 1-5 of the employment section come before the appendix's.)
    appendix = docx_rows.index(["員工人數級距", "家數"]) + 1
    assert [list(r) for r in establishments] == docx_rows[appendix:appendix + len(establishments)]
    assert zipfile.ZipFile(io.BytesIO(outputs["odt"])).read("mimetype") == (
        b"application/vnd.oasis.opendocument.text")

    # From the workspace: a download by a staff member (from a report run, where runs exist).
    client.force_login(staff_user("reporter"))
    response = client.get(reverse("council:download", args=["2023H1", "html"]))
    assert response.status_code == 200
    body = _compact(_html_text(response.content))
    assert all(_compact(s) in body for s in EXPECTED_SENTENCES)
    page = client.get(reverse("council:workspace", args=["2023H1"]))
    assert page.status_code == 200
    assert "{disputes.cases_handled}" in page.content.decode()
