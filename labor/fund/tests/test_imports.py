"""Import kind ``fund_applications``: past litigation-subsidy applications, one row per item,
grouped by 原案號; the recovery book complete, the ledger untouched, re-import idempotent."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from labor.core import services as core_services
from labor.core.formatting import local_date
from labor.core.models import Case, CaseEvent, CaseNumberSequence, ImportBatch, Person
from labor.fund import selectors, views
from labor.fund.models import (
    Applicant,
    Application,
    Disbursement,
    Item,
    JournalEntry,
    RecoveryClaim,
    RecoveryMovement,
    Status,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

HEADER = ("原案號,收件日期,申請人身分,申請人證號,申請人姓名,工會名稱,被告雇主統一編號,被告雇主名稱,"
          "受訴法院,審級,訴訟類別,法院案號,核定日期,補助項目,項目審級,月數,複雜案件,申請金額,"
          "核定金額,已撥付金額,訴訟結果,訴訟結果日期,應繳還金額,已繳還金額,已轉列金額,結案")
UBN = shared.make_ubn(9101)
ID_1 = shared.make_national_id(9101)
ID_2 = shared.make_national_id(9102, sex="2")
ID_3 = shared.make_national_id(9103)

# Two workers together, still open in the recovery book: court fee claimed back (30,000, of
# which 10,000 repaid), lawyer fee approved below the request and not claimed back.
JOINT = (f"北勞補112-031,112/03/01,勞工（多人共同申請）,{ID_1};{ID_2},王小明;林美華,,{UBN},"
         "好工作股份有限公司,臺灣臺北地方法院,第一審,解僱,112年度勞訴字第1號,112/03/15")
JOINT_COURT = JOINT + ",裁判費,第一審,,,30000,30000,30000,判決勝訴,112/09/01,30000,10000,0,否"
JOINT_LAWYER = JOINT + ",律師費,第一審,,是,50000,40000,40000,判決勝訴,112/09/01,,,,否"
# One worker, closed: living expenses settled, repaid and reclassified in full; the bureau's
# number already has this system's form and is kept.
CLOSED = (f"111-LRF-000045,111/05/02,勞工,{ID_3},陳大同,,,大安便當行,臺灣士林地方法院,第二審,"
          "積欠工資,,111/05/20,生活費用,,3,否,60000,60000,60000,訴訟上和解,111/12/01,60000,"
          "50000,10000,是")


def good_rows():
    return [JOINT_COURT, JOINT_LAWYER, CLOSED]


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("好工作股份有限公司", ubn=UBN)


def write_csv(tmp_path, *rows, name="fund.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", "fund_applications", str(path), *args, stdout=out,
                 stderr=err)
    return out.getvalue(), err.getvalue()


def refused_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_records", "fund_applications", str(path), *args, stdout=out,
                     stderr=err)
    return err.getvalue(), str(refused.value)


def last_batch():
    return ImportBatch.objects.order_by("-pk").first()


def snapshot():
    """Everything an import writes, to compare before and after."""
    return (
        list(Case.objects.order_by("number").values_list(
            "number", "status", "received_at", "closed_at", "person_id", "establishment_id",
            "summary")),
        list(Application.objects.order_by("pk").values_list(
            "pk", "legacy_number", "applicant_kind", "court", "instance", "case_type",
            "decided_on", "outcome", "outcome_on", "version")),
        list(Applicant.objects.order_by("pk").values_list("pk", "person_id")),
        list(Item.objects.order_by("pk").values_list("pk", "kind", "instance", "requested",
                                                     "approved")),
        list(Disbursement.objects.order_by("pk").values_list("pk", "amount", "legacy")),
        list(RecoveryClaim.objects.order_by("pk").values_list("pk", "amount", "assessed_on")),
        list(RecoveryMovement.objects.order_by("pk").values_list("pk", "kind", "amount")),
        CaseEvent.objects.count(),
        list(Person.objects.order_by("pk").values_list("pk", "id_number", "name")),
        list(CaseNumberSequence.objects.order_by("line", "year").values_list(
            "line", "year", "last_value")),
        JournalEntry.objects.count(),
    )


def test_a_good_file_creates_each_application_with_its_items_payments_and_claims(
    tmp_path, employer
):
    out, _err = run_import(write_csv(tmp_path, *good_rows()))

    assert "新增 3" in out
    joint = Application.objects.select_related("case").get(legacy_number="北勞補112-031")
    assert joint.case.number == "112-LRF-000001"  # numbered by the system in its year
    assert (joint.case.line, joint.case.status, joint.applicant_kind, joint.court,
            joint.instance, joint.case_type, joint.decided_on, joint.outcome) == (
        "fund", Status.APPROVED, "workers", "taipei_district", 1, "dismissal",
        dt.date(2023, 3, 15), "won")
    assert (joint.proposed_by, joint.decided_by, joint.respondent) == (None, None, employer)
    assert local_date(joint.case.received_at) == dt.date(2023, 3, 1)
    assert list(joint.applicants.values_list("person__id_number", "person__name",
                                             "annual_income", "assets")) == [
        (ID_1, "王小明", 0, 0), (ID_2, "林美華", 0, 0)]
    items = {(i.kind, i.instance): i for i in joint.items.all()}
    assert (items[("lawyer_fee", 1)].requested, items[("lawyer_fee", 1)].approved,
            items[("lawyer_fee", 1)].complex) == (50000, 40000, True)
    payments = Disbursement.objects.filter(item__application=joint)
    assert sorted(payments.values_list("amount", "paid_on", "legacy", "journal_entry")) == [
        (30000, dt.date(2023, 3, 15), True, None), (40000, dt.date(2023, 3, 15), True, None)]
    claim = RecoveryClaim.objects.get(application=joint)
    assert (claim.item, claim.basis, claim.assessed_on, claim.amount) == (
        items[("court_fee", 1)], "judgment", dt.date(2023, 9, 1), 30000)
    assert list(claim.movements.values_list("kind", "amount", "legacy", "journal_entry")) == [
        ("repayment", 10000, True, None)]

    closed = Application.objects.select_related("case").get(legacy_number="111-LRF-000045")
    assert closed.case.number == "111-LRF-000045"  # the bureau's number, kept
    assert closed.case.status == Status.CLOSED and closed.case.closed_at is not None
    assert closed.respondent is None and closed.respondent_name == "大安便當行"
    living = closed.items.get()
    assert (living.kind, living.months) == ("living_expenses", 3)
    assert sorted(RecoveryClaim.objects.get(application=closed).movements.values_list(
        "kind", "amount", "reason")) == [("reclassification", 10000, "系統啟用前已轉列"),
                                         ("repayment", 50000, "")]
    # The ledger is untouched: past payments and repayments are inside the opening balance.
    assert not JournalEntry.objects.exists()


def test_each_application_gets_one_import_event_naming_the_batch(tmp_path, employer,
                                                                  staff_user):
    user = staff_user("importer")

    run_import(write_csv(tmp_path, *good_rows()), "--user", "importer")

    assert CaseEvent.objects.filter(action="import").count() == 2
    event = CaseEvent.objects.get(case__fund_application__legacy_number="北勞補112-031")
    assert (event.actor, event.to_status) == (user, Status.APPROVED)
    assert f"匯入批次 {last_batch().pk}" in event.note
    assert len(event.new_values["items"]) == 2
    assert ID_1 not in str(event.new_values)
    assert Person.objects.get(id_number=ID_1).history.get().history_user == user


def test_the_recovery_book_lists_the_open_claim_with_what_is_outstanding(
    tmp_path, employer, client, staff_user
):
    run_import(write_csv(tmp_path, *good_rows()))
    today = timezone.localdate()

    claims = views.open_claims(today)  # as the page /fund/recovery/ lists them

    assert [(c.application.legacy_number, c.label, c.amount, c.repaid, c.outstanding)
            for c in claims] == [("北勞補112-031", "裁判費（第一審）", 30000, 10000, 20000)]
    summary = selectors.book_summary(claims)
    assert (summary["cases"], summary["claimed"], summary["repaid"], summary["outstanding"]) == (
        1, 30000, 10000, 20000)
    # Before the outcome the claim was not yet in the book.
    assert list(selectors.book_claims(dt.date(2023, 8, 31))) == []
    client.force_login(staff_user(perms=["fund.manage_recovery"]))
    html = client.get(reverse("fund:recovery")).content.decode()
    assert "112-LRF-000001" in html and "111-LRF-000045" not in html
    assert "NT$20,000" in html


def test_reimporting_the_same_file_changes_nothing(tmp_path, employer):
    path = write_csv(tmp_path, *good_rows())
    run_import(path)
    before = snapshot()

    out, _err = run_import(path)

    assert snapshot() == before
    batch = last_batch()
    assert (batch.created_rows, batch.updated_rows, batch.unchanged_rows) == (0, 0, 3)
    assert "未變更 3" in out


def test_later_applications_are_numbered_after_the_imported_numbers(tmp_path, employer):
    run_import(write_csv(tmp_path, *good_rows()))

    sequences = {(s.line, s.year): s.last_value for s in CaseNumberSequence.objects.all()}
    assert sequences == {("fund", 2023): 1, ("fund", 2022): 45}
    case = core_services.case_open(line="fund", channel="counter", status="submitted",
                                   received_at=dt.datetime(2022, 6, 1, 2, tzinfo=dt.UTC))
    assert case.number == "111-LRF-000046"


def test_an_application_received_in_the_system_is_never_touched(tmp_path, employer):
    live = core_services.case_open(line="fund", channel="counter", status="submitted",
                                   received_at=dt.datetime(2023, 3, 1, 2, tzinfo=dt.UTC))
    assert live.number == "112-LRF-000001"
    before = Case.objects.filter(pk=live.pk).values().get()

    run_import(write_csv(tmp_path, JOINT_COURT.replace("北勞補112-031", "112-LRF-000001")))

    assert Case.objects.filter(pk=live.pk).values().get() == before
    imported = Application.objects.get(legacy_number="112-LRF-000001")
    assert imported.case.number == "112-LRF-000002"  # the number is taken: renumbered


def test_a_new_item_of_an_imported_application_is_added_and_a_changed_one_refused(
    tmp_path, employer
):
    run_import(write_csv(tmp_path, JOINT_COURT))

    run_import(write_csv(tmp_path, JOINT_COURT, JOINT_LAWYER, name="more.csv"))
    assert (last_batch().created_rows, last_batch().unchanged_rows) == (1, 1)
    assert Item.objects.count() == 2
    before = snapshot()

    changed = JOINT_COURT.replace("30000,10000,0,否", "30000,20000,0,否")
    err, _message = refused_import(write_csv(tmp_path, changed, name="changed.csv"))

    assert "第 2 列「已繳還金額」：原案號「北勞補112-031」已匯入，此欄與已匯入的資料不同" in err
    assert snapshot() == before


def test_bad_rows_are_refused_by_row_and_column_and_nothing_is_written(tmp_path, employer):
    bad_id = ID_1[:-1] + str((int(ID_1[-1]) + 1) % 10)
    path = write_csv(
        tmp_path,
        CLOSED,
        JOINT_COURT.replace(f"{ID_1};{ID_2}", f"{bad_id};{ID_2}"),
        JOINT_LAWYER.replace("臺灣臺北地方法院", "臺灣新北地方法院"),
        CLOSED.replace("111-LRF-000045", "X-1").replace("生活費用", "精神慰撫金"),
        CLOSED.replace("111-LRF-000045", "X-2").replace("60000,50000,10000", "60000,50000,20000"),
        CLOSED.replace("111-LRF-000045", "X-3").replace("111/05/20", "111/02/30"),
    )
    before = snapshot()

    err, message = refused_import(path)

    assert snapshot() == before  # not even the good row 2
    assert "第 2 列" not in err
    assert f"第 3 列「申請人證號」：證號「{bad_id}」格式或檢查碼不正確。" in err
    assert ("第 4 列「受訴法院」：與檔案中原案號「北勞補112-031」的其他列不同；"
            "同一案件各列的案件欄位須相同。") in err
    assert ("第 5 列「補助項目」：補助項目「精神慰撫金」不正確，"
            "應為：裁判費、律師費、強制執行費、生活費用。") in err
    assert ("第 6 列「已繳還金額」：已繳還金額與已轉列金額合計（70000 元）不得超過應繳還金額"
            "（60000 元）。") in err
    assert "第 7 列「核定日期」：日期「111/02/30」不存在。" in err
    assert "5 列錯誤" in message
    assert last_batch().status == ImportBatch.Status.FAILED


@pytest.mark.parametrize(("old", "new", "column", "message"), [
    (",30000,30000,30000,判決勝訴", ",30000,30000,35000,判決勝訴", "已撥付金額",
     "已撥付金額（35000 元）不得超過核定金額（30000 元）。"),
    (",30000,30000,30000,判決勝訴", ",30000,40000,30000,判決勝訴", "核定金額",
     "核定金額（40000 元）不得超過申請金額（30000 元）。"),
    (",30000,30000,30000,判決勝訴,112/09/01,30000", ",30000,30000,20000,判決勝訴,112/09/01,30000",
     "應繳還金額", "應繳還金額（30000 元）不得超過已撥付金額（20000 元）。"),
    (",裁判費,第一審,", ",裁判費,,", "項目審級", "裁判費及律師費請填寫項目審級"),
    (",判決勝訴,112/09/01,", ",,,", "應繳還金額", "有應繳還金額時，請填寫訴訟結果"),
    (",10000,0,否", ",10000,0,是", "結案",
     "結案的案件不得尚有未清償的應繳還款（此項目尚欠 20000 元）"),
    ("勞工（多人共同申請）", "勞工", "申請人證號", "只能有一位申請人"),
    (",好工作股份有限公司,臺灣臺北地方法院", ",好工作股份有限公司,地方法院", "受訴法院",
     "受訴法院「地方法院」不正確"),
])
def test_a_bad_cell_is_refused_with_its_columns_message(tmp_path, employer, old, new, column,
                                                        message):
    assert old in JOINT_COURT

    err, _message = refused_import(write_csv(tmp_path, JOINT_COURT.replace(old, new)))

    assert f"第 2 列「{column}」：" in err
    assert message in err
    assert not Case.objects.exists()


def test_an_unknown_respondent_establishment_is_refused(tmp_path):
    err, _message = refused_import(write_csv(tmp_path, JOINT_COURT))

    assert f"第 2 列「被告雇主統一編號」：查無統一編號「{UBN}」的事業單位" in err


def test_an_export_of_imported_applications_reimports_with_no_changes(tmp_path, employer):
    from labor.core.imports.exporting import records_export

    run_import(write_csv(tmp_path, *good_rows()))
    before = snapshot()
    path = tmp_path / "exported.csv"
    path.write_bytes(records_export(kind="fund_applications", fmt="csv"))

    out, _err = run_import(path)

    assert snapshot() == before
    assert "未變更 3" in out


def test_skip_invalid_writes_the_good_items_and_the_corrected_row_completes_the_case(
    tmp_path, employer
):
    bad = JOINT_LAWYER.replace("50000,40000,40000", "50000,40000,45000")

    run_import(write_csv(tmp_path, JOINT_COURT, bad), "--skip-invalid")
    assert (last_batch().created_rows, last_batch().invalid_rows) == (1, 1)
    run_import(write_csv(tmp_path, JOINT_COURT, JOINT_LAWYER, name="fixed.csv"))

    application = Application.objects.get()
    assert sorted(application.items.values_list("kind", flat=True)) == ["court_fee",
                                                                       "lawyer_fee"]
    assert CaseEvent.objects.filter(action="import", case=application.case).count() == 2
