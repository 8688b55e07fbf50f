"""Import kind ``disputes``: past cases, every row checked, all or nothing, idempotent."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from labor.core import services as core_services
from labor.core.formatting import local_date
from labor.core.imports.exporting import records_export
from labor.core.imports.kinds import get_kind
from labor.core.imports.reading import read_table
from labor.core.models import Case, CaseEvent, CaseNumberSequence, ImportBatch, Person
from labor.disputes import services
from labor.disputes.imports import OUTCOME_LABELS, PastCaseKind
from labor.disputes.models import (
    ApplicantKind,
    Dispute,
    DisputeItem,
    DisputeParty,
    Outcome,
    Side,
    Status,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

HEADER = ("案號,收件日期,受理管道,類別,申請人身分,申請人證號,申請人姓名,相對人統一編號,"
          "爭議項目,請求金額,處理結果,結果日期,成立金額")
UBN = shared.make_ubn(9001)
OTHER_UBN = shared.make_ubn(9002)
ID_1 = shared.make_national_id(9001)
ID_2 = shared.make_national_id(9002, sex="2")
ID_3 = shared.make_national_id(9003)


@pytest.fixture
def employers(establishment_factory):
    return (establishment_factory("好工作股份有限公司", ubn=UBN),
            establishment_factory("大安便當有限公司", ubn=OTHER_UBN))


def good_rows():
    return [
        f"112-DSP-000120,112/03/01,臨櫃,調解,勞工,{ID_1},王小明,{UBN},積欠工資;資遣費,"
        "52800;120000,成立,112/03/20,150000",
        f"112-DSP-000007,2023-01-05,線上,調解,勞工（多人共同申請）,{ID_2};{ID_3},"
        f"林美華;陳大同,{OTHER_UBN},加班費,,不成立,2023-02-01,",
        f"112-MDC-000031,1120410,轉介,移工協調,勞工,C1234567,NGUYEN VAN AN,{UBN},"
        "積欠工資,30000,自行和解撤回,1120425,20000",
        f"111-DSP-000450,111/12/20,郵寄,調解,工會,,臺北市好工作產業工會,{UBN},其他,,撤回,112/01/09,",
    ]


def write_csv(tmp_path, *rows, name="disputes.csv", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", "disputes", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_records", "disputes", str(path), *args, stdout=out, stderr=err)
    return err.getvalue(), str(refused.value)


def last_batch():
    return ImportBatch.objects.order_by("-pk").first()


def snapshot():
    """Everything an import writes, to compare before and after."""
    return (
        list(Case.objects.order_by("number").values_list(
            "number", "status", "channel", "received_at", "closed_at", "person_id",
            "establishment_id", "summary")),
        list(Dispute.objects.order_by("pk").values_list(
            "pk", "kind", "applicant_kind", "outcome", "outcome_on", "settled_amount",
            "version")),
        list(DisputeParty.objects.order_by("pk").values_list(
            "pk", "side", "person_id", "establishment_id", "union_name")),
        list(DisputeItem.objects.order_by("pk").values_list("pk", "kind", "amount_claimed")),
        CaseEvent.objects.count(),
        list(Person.objects.order_by("pk").values_list("pk", "id_number", "name")),
        Person.history.count(),
        list(CaseNumberSequence.objects.order_by("line", "year").values_list(
            "line", "year", "last_value")),
    )


# --- a good file ----------------------------------------------------------------------------


def test_a_good_file_creates_each_past_case_closed_with_its_parties_items_and_outcome(
    tmp_path, employers
):
    out, _err = run_import(write_csv(tmp_path, *good_rows()))

    assert "新增 4" in out
    dispute = Dispute.objects.select_related("case").get(case__number="112-DSP-000120")
    case = dispute.case
    assert (case.line, case.year, case.sequence, case.channel, case.status) == (
        "disputes", 2023, 120, "counter", Status.CLOSED)
    assert local_date(case.received_at) == dt.date(2023, 3, 1)
    assert local_date(case.closed_at) == dt.date(2023, 3, 20)
    assert case.establishment == employers[0]
    assert case.person.id_number == ID_1
    assert case.summary == "積欠工資、資遣費"
    assert (dispute.kind, dispute.applicant_kind, dispute.outcome, dispute.outcome_on,
            dispute.settled_amount) == ("mediation", "worker", Outcome.SETTLED,
                                        dt.date(2023, 3, 20), 150000)
    assert [(i.kind, i.amount_claimed) for i in dispute.items.order_by("pk")] == [
        ("unpaid_wages", 52800), ("severance", 120000)]
    parties = [(p.side, p.person_id and p.person.id_number, p.establishment_id)
               for p in dispute.parties.order_by("pk")]
    assert parties == [(Side.APPLICANT, ID_1, None), (Side.RESPONDENT, None, employers[0].pk)]


def test_joint_workers_a_union_and_a_migrant_worker_with_a_passport_are_imported(
    tmp_path, employers
):
    run_import(write_csv(tmp_path, *good_rows()))

    joint = Dispute.objects.get(case__number="112-DSP-000007")
    assert joint.applicant_kind == ApplicantKind.WORKERS
    assert list(joint.parties.filter(side=Side.APPLICANT).order_by("pk")
                .values_list("person__id_number", "person__name")) == [
        (ID_2, "林美華"), (ID_3, "陳大同")]
    assert list(joint.items.values_list("amount_claimed", flat=True)) == [None]
    union = Dispute.objects.get(case__number="111-DSP-000450")
    assert union.parties.get(side=Side.APPLICANT).union_name == "臺北市好工作產業工會"
    assert union.case.person is None
    migrant = Dispute.objects.select_related("case").get(case__number="112-MDC-000031")
    assert (migrant.kind, migrant.case.line, migrant.case.channel) == (
        "coordination", "migrant_disputes", "referral")
    passport = Person.objects.get(id_number="C1234567")
    assert (passport.id_kind, passport.name) == (Person.IdKind.PASSPORT, "NGUYEN VAN AN")


def test_each_case_gets_one_import_event_naming_the_batch_and_the_user(
    tmp_path, employers, staff_user
):
    user = staff_user("importer")

    run_import(write_csv(tmp_path, *good_rows()), "--user", "importer")

    events = CaseEvent.objects.filter(case__number="112-DSP-000120")
    assert events.count() == 1
    event = events.get()
    assert (event.action, event.actor, event.actor_kind, event.to_status) == (
        "import", user, CaseEvent.ActorKind.PERSON, Status.CLOSED)
    assert f"匯入批次 {last_batch().pk}" in event.note
    assert event.new_values["number"] == "112-DSP-000120"
    assert event.new_values["outcome"] == "settled"
    # The event keeps no full personal ID.
    assert ID_1 not in str(event.new_values)
    assert CaseEvent.objects.filter(action="import").count() == 4


def test_known_applicants_are_reused_and_new_ones_join_the_registry_with_history(
    tmp_path, employers, person_factory, staff_user
):
    staff_user("importer")
    known = person_factory("王小明", id_number=ID_1)

    run_import(write_csv(tmp_path, *good_rows()), "--user", "importer")

    assert Dispute.objects.get(case__number="112-DSP-000120").case.person == known
    assert known.history.count() == 1  # untouched
    new = Person.objects.get(id_number=ID_2)
    assert (new.id_kind, new.nationality) == (Person.IdKind.NATIONAL_ID, "TW")
    history = new.history.get()
    assert history.history_user.username == "importer"
    assert "匯入批次" in history.history_change_reason


def test_the_numbers_are_kept_and_later_cases_are_numbered_after_them(tmp_path, employers):
    run_import(write_csv(tmp_path, *good_rows()))

    sequences = dict(((s.line, s.year), s.last_value) for s in CaseNumberSequence.objects.all())
    assert sequences[("disputes", 2023)] == 120
    assert sequences[("disputes", 2022)] == 450
    assert sequences[("migrant_disputes", 2023)] == 31
    case = core_services.case_open(
        line="disputes", channel="counter", status="received",
        received_at=dt.datetime(2023, 6, 1, 10, tzinfo=dt.UTC),
    )
    assert case.number == "112-DSP-000121"


def test_an_import_never_lowers_a_sequence_that_is_already_higher(tmp_path, employers):
    CaseNumberSequence.objects.create(line="disputes", year=2023, last_value=500)

    run_import(write_csv(tmp_path, good_rows()[0]))

    assert CaseNumberSequence.objects.get(line="disputes", year=2023).last_value == 500


# --- re-import --------------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(tmp_path, employers):
    path = write_csv(tmp_path, *good_rows())
    run_import(path)
    before = snapshot()

    out, _err = run_import(path)

    assert snapshot() == before
    batch = last_batch()
    assert (batch.created_rows, batch.updated_rows, batch.unchanged_rows) == (0, 0, 4)
    assert "未變更 4" in out


def test_a_changed_row_updates_its_case_and_records_old_and_new_values(tmp_path, employers):
    run_import(write_csv(tmp_path, *good_rows()))
    rows = good_rows()
    rows[0] = rows[0].replace("成立,112/03/20,150000", "成立,112/03/22,160000").replace(
        f"{UBN},積欠工資;資遣費,52800;120000", f"{OTHER_UBN},積欠工資,52800")
    before = Dispute.objects.get(case__number="112-DSP-000120")

    run_import(write_csv(tmp_path, *rows, name="changed.csv"))

    assert (last_batch().updated_rows, last_batch().unchanged_rows) == (1, 3)
    dispute = Dispute.objects.select_related("case").get(case__number="112-DSP-000120")
    assert (dispute.outcome_on, dispute.settled_amount) == (dt.date(2023, 3, 22), 160000)
    assert dispute.version == before.version + 1
    assert local_date(dispute.case.closed_at) == dt.date(2023, 3, 22)
    assert dispute.case.establishment.ubn == OTHER_UBN
    assert dispute.parties.get(side=Side.RESPONDENT).establishment.ubn == OTHER_UBN
    assert list(dispute.items.values_list("kind", "amount_claimed")) == [("unpaid_wages", 52800)]
    event = CaseEvent.objects.filter(case=dispute.case, action="import").order_by("pk").last()
    assert event.old_values == {"outcome_on": "2023-03-20", "settled_amount": 150000,
                                "respondent_ubn": UBN, "items": ["unpaid_wages", "severance"],
                                "amounts": [52800, 120000]}
    assert event.new_values["settled_amount"] == 160000
    assert CaseEvent.objects.filter(action="import").count() == 5


def test_a_dry_run_writes_nothing_and_counts_what_would_happen(tmp_path, employers):
    before = snapshot()

    out, _err = run_import(write_csv(tmp_path, *good_rows()), "--dry-run")

    assert snapshot() == before
    assert "試算" in out and "新增 4" in out


# --- bad rows ---------------------------------------------------------------------------------


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(
    tmp_path, employers
):
    bad_id = ID_1[:-1] + str((int(ID_1[-1]) + 1) % 10)
    unknown_ubn = shared.make_ubn(9999)
    path = write_csv(
        tmp_path,
        good_rows()[0],
        f"112-DSP-000201,112/03/01,臨櫃,調解,勞工,{bad_id},王小明,{UBN},積欠工資,,成立,112/03/20,0",
        f"112-DSP-000202,112/03/01,臨櫃,調解,勞工,{ID_2},林美華,{unknown_ubn},積欠工資,,撤回,"
        "112/03/20,",
        f"112-DSP-000203,112/03/01,臨櫃,調解,勞工,{ID_3},陳大同,{UBN},積欠工資,,和解,112/03/20,",
        f"112-DSP-000204,112/03/10,臨櫃,調解,勞工,{ID_3},陳大同,{UBN},積欠工資,,撤回,112/03/09,",
        f"112-DSP-000205,112/03/01,臨櫃,調解,勞工,{ID_3},陳大同,{UBN},積欠工資,,撤回,112/03/20,",
        f"112-DSP-000205,112/03/02,臨櫃,調解,勞工,{ID_3},陳大同,{UBN},加班費,,撤回,112/03/20,",
    )
    before = snapshot()

    err, message = refused_import(path)

    assert snapshot() == before  # not even the good row 2
    assert "第 2 列" not in err
    assert f"第 3 列「申請人證號」：證號「{bad_id}」格式或檢查碼不正確。" in err
    assert (f"第 4 列「相對人統一編號」：查無統一編號「{unknown_ubn}」的事業單位，"
            "請先匯入事業單位。") in err
    assert ("第 5 列「處理結果」：處理結果「和解」不正確，"
            "應為：成立、不成立、撤回、自行和解撤回、移送／其他。") in err
    assert "第 6 列「結果日期」：結果日期（2023-03-09）不得早於收件日期（2023-03-10）。" in err
    assert ("第 7 列「案號」：案號「112-DSP-000205」在檔案中重複出現（第 7、8 列），"
            "同一筆資料只能出現一次。") in err
    assert "第 8 列「案號」" in err
    assert "6 列錯誤" in message
    batch = last_batch()
    assert (batch.status, batch.invalid_rows, batch.created_rows) == (
        ImportBatch.Status.FAILED, 6, 0)


def test_skip_invalid_writes_only_the_good_rows(tmp_path, employers):
    bad = f"112-DSP-000201,112/03/01,臨櫃,調解,勞工,{ID_2},林美華,{UBN},積欠工資,,不明,112/03/20,"

    run_import(write_csv(tmp_path, good_rows()[0], bad), "--skip-invalid")

    assert list(Case.objects.values_list("number", flat=True)) == ["112-DSP-000120"]
    assert (last_batch().created_rows, last_batch().invalid_rows) == (1, 1)
    # The sequence follows the numbers written, not the refused one.
    assert CaseNumberSequence.objects.get(line="disputes", year=2023).last_value == 120


def row(number="112-DSP-000300", received="112/03/01", channel="臨櫃", kind="調解",
        applicant_kind="勞工", ids=ID_1, names="王小明", ubn=UBN, items="積欠工資", amounts="",
        outcome="成立", outcome_on="112/03/20", settled="1000"):
    return ",".join([number, received, channel, kind, applicant_kind, ids, names, ubn, items,
                     amounts, outcome, outcome_on, settled])


@pytest.mark.parametrize(("fields", "column", "message"), [
    ({"number": "DSP-112-300"}, "案號", "不符合本系統的案號格式"),
    ({"number": "112-GEN-000300"}, "案號", "不是勞資爭議案件的案號，類別代碼應為 DSP、MDC"),
    ({"number": "112-DSP-000000"}, "案號", "年度或流水號不可為 0"),
    ({"number": "111-DSP-000300"}, "案號", "年度（111 年）與收件日期的年度（民國 112 年）不符"),
    ({"number": "112-MDC-000300"}, "案號", "類別代碼與類別「調解」不符"),
    ({"received": "2999-01-01", "number": "1088-DSP-000300"}, "收件日期", "晚於今天"),
    ({"channel": "傳真"}, "受理管道", "受理管道「傳真」不正確"),
    ({"applicant_kind": "雇主"}, "申請人身分", "雇主申請的案件無法以此格式匯入"),
    ({"ids": ""}, "申請人證號", "請填寫申請人的證號"),
    ({"ids": f"{ID_1};{ID_2}", "names": "王小明;林美華"}, "申請人證號", "只能有一位申請人"),
    ({"ids": "C1234567", "names": "NGUYEN"}, "申請人證號", "護照號碼只用於移工協調案件"),
    ({"applicant_kind": "勞工（多人共同申請）", "ids": f"{ID_1};{ID_2}"}, "申請人姓名",
     "申請人姓名有 1 個，證號有 2 個"),
    ({"applicant_kind": "工會", "names": "某工會"}, "申請人證號",
     "申請人為工會時，申請人證號請留空"),
    ({"ubn": "12345678"}, "相對人統一編號", "格式或檢查碼不正確"),
    ({"items": "積欠工資;積欠工資"}, "爭議項目", "重複填寫"),
    ({"items": "精神賠償"}, "爭議項目", "爭議項目「精神賠償」不正確"),
    ({"items": "積欠工資;加班費", "amounts": "1000"}, "請求金額",
     "請求金額有 1 筆，爭議項目有 2 項"),
    ({"amounts": "-5"}, "請求金額", "應介於 0 至"),
    ({"outcome": "不成立"}, "成立金額", "只有處理結果為成立或自行和解撤回的案件可以填寫成立金額"),
    ({"settled": "12.5"}, "成立金額", "應為整數"),
])
def test_a_bad_cell_is_refused_with_a_message_for_its_column(
    tmp_path, employers, fields, column, message
):
    err, _message = refused_import(write_csv(tmp_path, row(**fields)))

    assert f"第 2 列「{column}」：" in err
    assert message in err
    assert not Case.objects.exists()


def test_a_known_id_with_another_name_is_refused_without_showing_the_registry_name(
    tmp_path, employers, person_factory
):
    person_factory("王大明", id_number=ID_1)

    err, _message = refused_import(write_csv(tmp_path, row(names="王小明")))

    assert "第 2 列「申請人姓名」：申請人「王小明」與系統中證號 " in err
    assert ID_1 not in err
    assert "王大明" not in err


def test_one_new_id_under_two_names_in_the_file_is_refused(tmp_path, employers):
    err, _message = refused_import(write_csv(
        tmp_path, row(), row(number="112-DSP-000301", names="王曉明"),
    ))

    assert "第 3 列「申請人姓名」" in err
    assert "姓名為「王小明」，與此列的「王曉明」不同" in err


def test_a_case_received_in_the_system_is_not_changed_by_an_import(tmp_path, employers):
    live = services.dispute_submit(
        channel="counter", applicant_kind="worker",
        applicants=[{"kind": "person", "id_number": ID_1, "name": "王小明"}],
        respondents=[{"kind": "establishment", "ubn": UBN}],
        items=[{"kind": "unpaid_wages"}],
    )
    before = snapshot()

    err, _message = refused_import(write_csv(tmp_path, row(
        number=live.case.number, received=local_date(live.case.received_at).isoformat(),
        outcome_on=local_date(live.case.received_at).isoformat(),
    )))

    assert f"案號「{live.case.number}」是本系統受理的案件，不能以匯入修改" in err
    assert snapshot() == before


def test_importing_needs_the_dispute_permissions_and_exporting_full_personal_data(
    staff_user
):
    kind = get_kind("disputes")
    clerk = staff_user(perms=["disputes.add_dispute", "disputes.change_dispute"])
    viewer = staff_user(perms=["disputes.view_dispute"])
    auditor = staff_user(perms=["disputes.view_dispute", "core.view_person_full"])

    assert kind is PastCaseKind
    assert kind.can_import(clerk) and not kind.can_import(viewer)
    assert not kind.can_export(viewer) and kind.can_export(auditor)


def test_the_preview_masks_the_applicants_ids(tmp_path, employers):
    from labor.core.imports import engine

    table = read_table(write_csv(tmp_path, *good_rows()).read_bytes(), "csv")
    outcome = engine.run(PastCaseKind(), table, dry_run=True, skip_invalid=False)

    cells = outcome.preview[0]["cells"]
    assert ID_1 not in cells
    assert cells[outcome.headers.index("申請人證號")] == ID_1[:3] + "****" + ID_1[-3:]


# --- export -----------------------------------------------------------------------------------


def test_an_export_reimports_with_no_changes(tmp_path, employers):
    run_import(write_csv(tmp_path, *good_rows()))
    before = snapshot()

    exported = records_export(kind="disputes", fmt="csv")
    path = tmp_path / "exported.csv"
    path.write_bytes(exported)
    out, _err = run_import(path)

    assert snapshot() == before
    assert "未變更 4" in out
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0] == HEADER.split(",")
    assert [r[0] for r in rows[1:]] == [
        "111-DSP-000450", "112-DSP-000007", "112-DSP-000120", "112-MDC-000031"]
    assert rows[3] == ["112-DSP-000120", "2023-03-01", "臨櫃", "調解", "勞工", ID_1, "王小明",
                       UBN, "積欠工資;資遣費", "52800;120000", "成立", "2023-03-20", "150000"]


def test_an_export_also_reimports_as_xlsx(tmp_path, employers):
    run_import(write_csv(tmp_path, *good_rows()))
    before = snapshot()
    path = tmp_path / "exported.xlsx"
    path.write_bytes(records_export(kind="disputes", fmt="xlsx"))

    run_import(path)

    assert snapshot() == before
    assert last_batch().unchanged_rows == 4


def test_open_cases_are_not_exported(employers):
    services.dispute_submit(
        channel="counter", applicant_kind="worker",
        applicants=[{"kind": "person", "id_number": ID_1, "name": "王小明"}],
        respondents=[{"kind": "establishment", "ubn": UBN}],
        items=[{"kind": "unpaid_wages"}],
    )

    rows = list(csv.reader(io.StringIO(
        records_export(kind="disputes", fmt="csv").decode("utf-8-sig"))))

    assert rows == [HEADER.split(",")]


# --- from the workspace -----------------------------------------------------------------------


def test_staff_preview_past_cases_in_the_workspace_with_masked_ids_then_confirm(
    client, settings, tmp_path, employers, staff_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {**settings.STORAGES, "default": {
        **settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path / "private")}}}
    user = staff_user("importer", perms=["disputes.add_dispute", "disputes.change_dispute"])
    client.force_login(user)
    content = write_csv(tmp_path, *good_rows()).read_bytes()

    response = client.post("/imports/", {
        "kind": "disputes", "file": SimpleUploadedFile("past.csv", content, "text/csv")})

    page = response.content.decode()
    assert response.status_code == 200
    assert ID_1 not in page and ID_1[:3] + "****" + ID_1[-3:] in page
    assert not Case.objects.exists()
    preview = ImportBatch.objects.get()
    response = client.post(f"/imports/{preview.pk}/confirm/")
    assert response.status_code == 302
    assert Case.objects.count() == 4
    assert CaseEvent.objects.filter(action="import", actor=user).count() == 4


@pytest.mark.parametrize("label", ["成立", "不成立", "撤回", "自行和解撤回", "移送／其他"])
def test_every_outcome_label_the_export_writes_is_read_back(tmp_path, employers, label):
    settled = "1000" if label in ("成立", "自行和解撤回") else ""

    run_import(write_csv(tmp_path, row(outcome=label, settled=settled)))

    assert OUTCOME_LABELS[Dispute.objects.get().outcome] == label
