"""The generated ODT and DOCX open cleanly in LibreOffice: its headless converter turns them into
PDFs whose text is the report's (where LibreOffice is installed; .ci/run installs it)."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from pypdf import PdfReader

SOFFICE = shutil.which("soffice")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_libreoffice_opens_the_council_report_and_reads_its_text(fmt, tmp_path):
    source = tmp_path / f"report.{fmt}"
    call_command("council_report", "2023H1", "--format", fmt, "--output", str(source),
                 stdout=None)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "report.pdf").pages)
    assert "勞動局工作報告" in text.replace(" ", "")
    assert "前言" in text
