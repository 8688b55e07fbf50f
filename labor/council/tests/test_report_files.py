"""The council report in the background (ReportFile, the task, the status page and its JSON,
the download) and the chart of handled cases by outcome in the HTML and the DOCX."""

import io
import re
from importlib import import_module

import docx
import odfdo
import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from labor.core import scenario as kernel
from labor.core import scenarios
from labor.council import scenario as council_scenario
from labor.council.models import ReportFile
from labor.council.render import render
from labor.disputes import scenario as disputes_scenario
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory

TAIPEI = scenarios.get_scenario("taipei-2023h1")
PARTS = [*kernel.PARTS, *disputes_scenario.PARTS, *council_scenario.PARTS]


@pytest.fixture(autouse=True)
def reference_data(db):
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.disputes.migrations.0002_committee_settings").load(django_apps, None)


@pytest.fixture
def private_dir(settings, tmp_path):
    return shared.use_private_storage(settings, tmp_path)


@pytest.fixture
def demo(db):
    scenarios.load(TAIPEI, parts=PARTS)


def test_generating_renders_the_file_in_the_background_and_offers_it(
        demo, private_dir, client, staff_user, django_capture_on_commit_callbacks):
    user = staff_user("reporter")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("council:report_generate", args=["2023H1"]),
                               {"format": "html"})
    report_file = ReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("council:report_file", args=[report_file.pk])
    assert (report_file.status, report_file.progress) == (ReportFile.Status.DONE, 100)
    assert report_file.created_by == user and report_file.period_code == "2023H1"
    assert (private_dir / report_file.file.name).is_file()  # in private storage

    status = client.get(reverse("council:report_file_status", args=[report_file.pk])).json()
    download_url = reverse("council:report_file_download", args=[report_file.pk])
    assert status == {"id": report_file.pk, "status": "done", "status_label": "完成",
                      "progress": 100, "error": "", "download_url": download_url}
    page = client.get(reverse("council:report_file", args=[report_file.pk]))
    assert page.status_code == 200 and download_url in page.content.decode()
    body = b"".join(client.get(download_url).streaming_content).decode()
    assert "本期協處勞資爭議計1,970件" in re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", body))
    # The workspace lists it, and keeps its direct downloads.
    workspace = client.get(reverse("council:workspace", args=["2023H1"])).content.decode()
    assert reverse("council:report_file", args=[report_file.pk]) in workspace
    assert reverse("council:download", args=["2023H1", "docx"]) in workspace


def test_a_pending_file_reports_its_progress_and_has_nothing_to_download(
        private_dir, client, staff_user):
    user = staff_user("reporter")
    report_file = ReportFile.objects.create(period_code="2023H1", format="pdf", created_by=user,
                                            status=ReportFile.Status.RUNNING, progress=60)
    client.force_login(user)
    status = client.get(reverse("council:report_file_status", args=[report_file.pk])).json()
    assert (status["status"], status["progress"], status["download_url"]) == (
        "running", 60, None)
    page = client.get(reverse("council:report_file", args=[report_file.pk])).content.decode()
    assert reverse("council:report_file_status", args=[report_file.pk]) in page  # it polls
    assert client.get(reverse("council:report_file_download",
                              args=[report_file.pk])).status_code == 404


def test_a_bad_format_is_refused(client, staff_user):
    client.force_login(staff_user("reporter"))
    response = client.post(reverse("council:report_generate", args=["2023H1"]),
                           {"format": "exe"})
    assert response.status_code == 400
    assert "不支援的檔案格式" in response.content.decode()
    assert not ReportFile.objects.exists()


def test_only_bureau_staff_see_status_and_files(client, staff_user, django_user_model):
    owner = staff_user("reporter")
    report_file = ReportFile.objects.create(period_code="2023H1", format="html",
                                            created_by=owner)
    urls = [reverse(name, args=[report_file.pk]) for name in (
        "council:report_file", "council:report_file_status", "council:report_file_download")]
    for url in urls:  # anonymous: to the login page
        assert client.get(url).status_code == 302
    public = django_user_model.objects.create_user("citizen", password="x")
    client.force_login(public)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(reverse("council:report_generate", args=["2023H1"]),
                       {"format": "html"}).status_code == 403
    assert client.get(reverse("council:report_generate", args=["2023H1"])).status_code == 403
    client.force_login(owner)
    assert client.get(reverse("council:report_generate", args=["2023H1"])).status_code == 405


def test_the_disputes_section_carries_a_chart_of_handled_cases_by_outcome(demo):
    html = render("2023H1", "html").content.decode()
    assert re.search(r'<img src="data:image/png;base64,iVBORw0KGgo[^"]+"', html)
    assert "圖：協處勞資爭議件數（依處理結果）" in html
    # After the disputes section's text, before the next section.
    assert html.index("強化爭議處理能量") < html.index("<img ")
    document = docx.Document(io.BytesIO(render("2023H1", "docx").content))
    assert len(document.inline_shapes) > 0
    odt = odfdo.Document(io.BytesIO(render("2023H1", "odt").content))
    assert len(odt.body.get_images()) == 1
