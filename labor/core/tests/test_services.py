"""The kernel's service functions: case numbering and events, attachments, dated settings."""

import datetime as dt
import hashlib
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from labor.core import lines, services
from labor.core.models import Attachment, Case, CaseEvent, CaseNumberSequence, DatedSetting
from labor.core.settings_values import SettingMissing, dated_value
from tests import conftest as shared

UTC = dt.UTC
TAIPEI = dt.timezone(dt.timedelta(hours=8))
IN_2023 = dt.datetime(2023, 6, 30, 10, 0, tzinfo=TAIPEI)
IN_2024 = dt.datetime(2024, 2, 1, 10, 0, tzinfo=TAIPEI)


def open_case(line="general", received_at=IN_2023, **kwargs):
    return services.case_open(
        line=line, channel="counter", status="received", received_at=received_at, **kwargs
    )


@pytest.fixture
def test_line(monkeypatch):
    line = lines.Line(code="svc_test", prefix="SVT", label="測試業務", label_en="Test")
    monkeypatch.setitem(lines._LINES, line.code, line)
    return line


# --- case numbering -------------------------------------------------------------------------


@pytest.mark.django_db
def test_cases_are_numbered_by_roc_year_line_prefix_and_a_six_digit_sequence():
    numbers = [open_case().number for _ in range(3)]
    assert numbers == ["112-GEN-000001", "112-GEN-000002", "112-GEN-000003"]


@pytest.mark.django_db
def test_each_line_of_service_has_its_own_sequence(test_line):
    assert open_case().number == "112-GEN-000001"
    assert open_case(line="svc_test").number == "112-SVT-000001"
    assert open_case().number == "112-GEN-000002"
    assert open_case(line="svc_test").number == "112-SVT-000002"


@pytest.mark.django_db
def test_numbering_restarts_each_year():
    assert open_case(received_at=IN_2023).number == "112-GEN-000001"
    assert open_case(received_at=IN_2023).number == "112-GEN-000002"
    first_of_2024 = open_case(received_at=IN_2024)
    assert first_of_2024.number == "113-GEN-000001"
    assert (first_of_2024.year, first_of_2024.sequence) == (2024, 1)
    assert open_case(received_at=IN_2023).number == "112-GEN-000003"


@pytest.mark.django_db
def test_the_year_is_taipeis_even_when_another_time_zone_is_active():
    with timezone.override("UTC"):
        new_year = open_case(received_at=dt.datetime(2023, 12, 31, 17, 0, tzinfo=UTC))
        old_year = open_case(received_at=dt.datetime(2023, 12, 31, 15, 59, tzinfo=UTC))
    assert new_year.number == "113-GEN-000001"
    assert new_year.year == 2024
    assert old_year.number == "112-GEN-000001"


@pytest.mark.django_db
def test_a_rolled_back_case_leaves_no_gap_in_the_numbers():
    assert open_case().number == "112-GEN-000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert open_case().number == "112-GEN-000002"
        raise RuntimeError("the surrounding work failed")
    assert open_case().number == "112-GEN-000002"
    assert list(Case.objects.order_by("sequence").values_list("sequence", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_a_rolled_back_first_case_of_a_year_leaves_no_counter_behind():
    with pytest.raises(RuntimeError), transaction.atomic():
        open_case()
        raise RuntimeError
    assert not CaseNumberSequence.objects.exists()
    assert open_case().number == "112-GEN-000001"


@pytest.mark.django_db
def test_an_unknown_channel_is_refused_on_the_channel_field_and_uses_no_number():
    with pytest.raises(ValidationError) as excinfo:
        services.case_open(line="general", channel="carrier_pigeon", status="received")
    assert excinfo.value.message_dict == {"channel": ["受理管道不正確。"]}
    assert not Case.objects.exists()
    assert open_case().number == "112-GEN-000001"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's in-memory test database is not shared between threads",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_opening_twenty_cases_each_get_forty_distinct_consecutive_numbers():
    start = threading.Barrier(2)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def open_twenty():
        try:
            start.wait(timeout=10)
            for _ in range(20):
                numbers.append(open_case().number)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_twenty) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(numbers) == [f"112-GEN-{n:06d}" for n in range(1, 41)]
    assert CaseNumberSequence.objects.get(line="general", year=2023).last_value == 40


# --- case events ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_a_case_writes_one_open_event():
    case = open_case()
    events = list(case.events.all())
    assert len(events) == 1
    assert (events[0].action, events[0].from_status, events[0].to_status) == (
        "open",
        "",
        "received",
    )
    assert events[0].actor_kind == CaseEvent.ActorKind.SYSTEM
    assert events[0].at == IN_2023


@pytest.mark.django_db
def test_each_transition_writes_an_event_with_who_and_the_statuses():
    officer = get_user_model().objects.create_user("officer1", password="x")
    case = open_case(actor=officer)
    services.case_transition(case=case, to_status="in_review", actor=officer, note="已分案")
    services.case_transition(case=case, to_status="closed", actor=officer, close=True)
    events = list(case.events.values_list("action", "from_status", "to_status", "actor_kind"))
    assert events == [
        ("open", "", "received", "person"),
        ("transition", "received", "in_review", "person"),
        ("transition", "in_review", "closed", "person"),
    ]
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closed_at is not None


@pytest.mark.django_db
def test_closing_a_case_before_it_was_received_is_refused_without_writing():
    case = open_case()
    with pytest.raises(ValidationError) as excinfo:
        services.case_transition(
            case=case, to_status="closed", close=True, at=IN_2023 - dt.timedelta(days=1)
        )
    assert "closed_at" in excinfo.value.message_dict
    case.refresh_from_db()
    assert (case.status, case.closed_at) == ("received", None)
    assert case.events.count() == 1


# --- attachments ----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture
def private_dir(settings, tmp_path):
    """The configured private storage, moved to a temporary directory for the test."""
    return shared.use_private_storage(settings, tmp_path)


def static_dirs() -> list[Path]:
    dirs = [Path(django_settings.STATIC_ROOT)]
    dirs += [Path(d[1] if isinstance(d, tuple) else d) for d in django_settings.STATICFILES_DIRS]
    dirs += [Path(app.path) / "static" for app in apps.get_app_configs()]
    return [d.resolve() for d in dirs]


def files_under(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def refused(upload, case=None) -> str:
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(upload=upload, case=case)
    errors = excinfo.value.message_dict
    assert list(errors) == ["file"]
    return errors["file"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60), "不接受此檔案類型（.exe）"),
        (SimpleUploadedFile("noextension", PDF), "不接受此檔案類型"),
        (SimpleUploadedFile("scan.pdf", PNG), "檔案內容與副檔名（.pdf）不符"),
        (SimpleUploadedFile("photo.png", PDF), "檔案內容與副檔名（.png）不符"),
        (SimpleUploadedFile("empty.pdf", b""), "檔案是空的"),
        (SimpleUploadedFile("list.csv", b"\xff\xfe,\x00a\x00"), "不是 UTF-8"),
        (SimpleUploadedFile("cut.txt", "abc中".encode()[:-1]), "不是 UTF-8"),
    ],
    ids=["exe", "no-extension", "png-as-pdf", "pdf-as-png", "empty", "utf16-csv", "cut-txt"],
)
def test_a_wrong_file_is_refused_in_zh_hant_and_nothing_is_written(private_dir, upload, words):
    case = open_case()
    assert words in refused(upload, case)
    assert not Attachment.objects.exists()
    assert not case.events.filter(action="attachment_add").exists()
    assert files_under(private_dir) == []


@pytest.mark.django_db
def test_an_oversize_file_is_refused_and_nothing_is_written(private_dir, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    message = refused(SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))
    assert "檔案過大" in message and "1,024" in message
    assert not Attachment.objects.exists()
    assert files_under(private_dir) == []


@pytest.mark.django_db
def test_a_file_at_the_size_limit_is_accepted(private_dir, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    services.attachment_add(upload=SimpleUploadedFile("ok.pdf", PDF + b"0" * (1024 - len(PDF))))
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_a_valid_pdf_is_stored_in_private_storage_with_its_sha256(private_dir):
    case = open_case()
    attachment = services.attachment_add(
        upload=SimpleUploadedFile("勞資爭議申請書.PDF", PDF), case=case, kind="application"
    )
    attachment.refresh_from_db()
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(private_dir.resolve())
    assert stored.is_relative_to(Path(default_storage.location).resolve())
    assert not any(stored.is_relative_to(d) for d in static_dirs())
    assert stored.read_bytes() == PDF
    assert "勞資爭議申請書" not in stored.name  # the original name is data, not a path
    assert attachment.original_name == "勞資爭議申請書.PDF"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (attachment.size, attachment.content_type) == (len(PDF), "application/pdf")
    assert case.events.filter(action="attachment_add").count() == 1


@pytest.mark.django_db
def test_a_utf8_text_file_cut_mid_character_by_the_sniffing_sample_is_accepted(private_dir):
    # Two three-byte characters straddle byte 8192 of the sample.
    content = b"a" * 8188 + "中文".encode() + b"\n" * 100
    attachment = services.attachment_add(upload=SimpleUploadedFile("list.csv", content))
    assert attachment.content_type == "text/csv"


def test_the_configured_private_storage_is_outside_every_static_directory():
    location = Path(django_settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    for static in static_dirs():
        assert not location.is_relative_to(static), static
        assert not static.is_relative_to(location), static
    # attachments are never served by URL: nothing is routed under MEDIA_URL
    with pytest.raises(Resolver404):
        resolve(f"{django_settings.MEDIA_URL}attachments/2023/06/x.pdf")


# --- dated settings -------------------------------------------------------------------------


@pytest.mark.django_db
def test_dated_value_picks_the_value_in_force_on_the_date():
    assert dated_value("minimum_wage.monthly", dt.date(2023, 6, 30)) == Decimal("26400")
    assert dated_value("minimum_wage.monthly", dt.date(2022, 12, 31)) == Decimal("25250")
    assert dated_value("minimum_wage.monthly", dt.date(2023, 1, 1)) == Decimal("26400")
    assert dated_value("minimum_wage.hourly", dt.date(2023, 6, 30)) == Decimal("176")


@pytest.mark.django_db
def test_dated_value_before_the_first_row_is_missing():
    with pytest.raises(SettingMissing):
        dated_value("minimum_wage.monthly", dt.date(2021, 12, 31))


@pytest.mark.django_db
def test_the_citys_row_wins_over_the_national_one(settings):
    settings.LABOR_CITY = "taipei"
    DatedSetting.objects.create(
        key="minimum_wage.monthly",
        city="taipei",
        effective_from=dt.date(2023, 1, 1),
        value=Decimal("27000"),
        certainty=DatedSetting.Certainty.UNCONFIRMED,
    )
    assert dated_value("minimum_wage.monthly", dt.date(2023, 6, 30)) == Decimal("27000")
    assert dated_value("minimum_wage.monthly", dt.date(2023, 6, 30), city="kaohsiung") == (
        Decimal("26400")
    )
    # Before the city's row takes effect, the national value applies.
    assert dated_value("minimum_wage.monthly", dt.date(2022, 6, 30)) == Decimal("25250")
