"""The fund's letters (核定函, 不予補助函, 催繳通知書), ODT and PDF: what they say and that both
files say it. Records are built with the models directly (plus journal_post for payments and
repayments), so that these tests do not depend on the application services."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from labor.core.models import Case, Channel
from labor.core.services import case_open
from labor.core.tests.test_documents import (
    assert_a4_page_with_ink,
    assert_in_order,
    first_page_png,
    odt_text,
    pdf_text,
    require_pdf,
    squeeze,
)
from labor.fund import documents
from labor.fund.models import (
    LINE,
    Applicant,
    ApplicantKind,
    Application,
    CaseType,
    Court,
    Disbursement,
    Item,
    ItemKind,
    Outcome,
    RecoveryBasis,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from labor.fund.services import journal_post
from tests import conftest as shared

person_factory = shared.person_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2023, 3, 6, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DECIDED = dt.date(2023, 4, 12)
EXPENSE = {ItemKind.COURT_FEE: "5101", ItemKind.LAWYER_FEE: "5102",
           ItemKind.ENFORCEMENT_FEE: "5103", ItemKind.LIVING_EXPENSES: "5104"}


def make_application(person_factory, *, kind=ApplicantKind.WORKER, status=Status.APPROVED,
                     names=("王小明",), union_name="", refusal_reason="",
                     items=()) -> Application:
    case = case_open(line=LINE, channel=Channel.COUNTER, status=status, received_at=RECEIVED)
    application = Application.objects.create(
        case=case, applicant_kind=kind, union_name=union_name,
        union_resolution_on=dt.date(2023, 2, 20) if union_name else None,
        mediation_reference="新北市政府勞工局112年勞資字第0001號",
        respondent_name="大安精密工業股份有限公司", court=Court.TAIPEI, instance=1,
        case_type=CaseType.DISMISSAL, lawsuit_number="112年度勞訴字第123號",
        claim_amount=1_250_000, no_other_subsidy=True,
        decided_on=DECIDED, refusal_reason=refusal_reason)
    for n, name in enumerate(names):
        Applicant.objects.create(application=application, person=person_factory(name),
                                 annual_income=420_000, assets=150_000,
                                 phone=f"0912-00000{n}", address="臺北市大安區信義路三段1號")
    for fields in items:
        Item.objects.create(application=application, **fields)
    return application


APPROVED_ITEMS = [
    {"kind": ItemKind.COURT_FEE, "instance": 1, "requested": 13_600, "approved": 13_600},
    {"kind": ItemKind.LAWYER_FEE, "instance": 1, "requested": 80_000, "approved": 40_000,
     "refusal_reason": "超過每審級律師費補助上限4萬元"},
    {"kind": ItemKind.LIVING_EXPENSES, "months": 6, "requested": 158_400, "approved": 0,
     "refusal_reason": "家庭收入超過補助標準"},
]


@pytest.fixture
def approved(person_factory):
    return make_application(person_factory, items=APPROVED_ITEMS)


def pay(item: Item, amount: int, on: dt.date) -> Disbursement:
    entry = journal_post(posted_on=on, description=f"{item.application.case.number} 撥付",
                         lines=[(EXPENSE[item.kind], amount, 0), ("1101", 0, amount)])
    return Disbursement.objects.create(item=item, paid_on=on, amount=amount,
                                       journal_entry=entry)


# --- 核定函 --------------------------------------------------------------------------------


def approval_expected(number: str) -> list[str]:
    return [
        "臺北市政府勞動局", "勞資爭議訴訟補助核定函", "發文日期：中華民國112年4月12日",
        f"案號：{number}", "受文者：王小明",
        f"主旨：核定臺端申請之勞資爭議訴訟補助（案號{number}），補助新臺幣5萬3,600元"
        "（53,600元），請查照。",
        "臺端於112年3月6日申請勞資爭議訴訟補助",
        "一、訴訟案件", "申請人", "王小明", "被告雇主", "大安精密工業股份有限公司",
        "受訴法院", "臺灣臺北地方法院", "審級", "第一審", "訴訟類別", "解僱",
        "法院案號", "112年度勞訴字第123號",
        "勞資爭議調解", "調解紀錄新北市政府勞工局112年勞資字第0001號",
        "訴訟標的金額", "新臺幣125萬元（1,250,000元）",
        "二、核定項目", "項目", "審級/月數", "申請金額", "核定金額", "說明/減列理由",
        "裁判費", "第一審", "13,600元", "13,600元", "照申請金額核定",
        "律師費", "第一審", "80,000元", "40,000元", "減列：超過每審級律師費補助上限4萬元",
        "生活費用", "6個月", "158,400元", "0元", "不予補助：家庭收入超過補助標準",
        "合計", "252,000元", "53,600元",
        "核定補助總額：新臺幣5萬3,600元（53,600元）。",
        "三、撥付及繳還", "（一）核定之補助款，請臺端檢具實際支出之收據", "核實撥付",
        "（二）訴訟終結", "依法應由他造負擔之訴訟費用", "應依本局通知繳還",
        "四、法令依據", "臺北市勞工權益基金收支保管及運用自治條例及本局勞工訴訟補助相關規定。",
        "五、救濟",
        "申請人如不服本處分，得依訴願法第14條及第58條規定，自本函送達之次日起30日內，"
        "繕具訴願書經由臺北市政府勞動局向臺北市政府提起訴願。",
        "局長：", "（蓋用機關首長簽字章）",
        "中華民國112年4月12日",
    ]


def test_the_approval_letter_lists_the_lawsuit_the_items_the_total_and_the_remedy(approved):
    letter = documents.approval_letter(approved)
    text = odt_text(letter.odt())
    assert_in_order(squeeze(text), [squeeze(t) for t in approval_expected(approved.case.number)])
    # The letter goes to the applicant: the name in full, never the national ID.
    person = approved.applicants.get().person
    assert person.id_number not in text
    assert letter.filename("odt") == f"{approved.case.number}-勞資爭議訴訟補助核定函.odt"


def test_the_approval_letter_pdf_says_the_same(approved, tmp_path):
    require_pdf()
    data = documents.approval_letter(approved).pdf()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert_in_order(squeeze(text), [squeeze(t) for t in approval_expected(approved.case.number)])
    assert approved.applicants.get().person.id_number not in text
    assert_a4_page_with_ink(first_page_png(data, tmp_path, "fund-approval"))


def test_a_union_is_addressed_as_such_with_its_members_and_a_cited_dispute(person_factory):
    from labor.disputes.models import Dispute

    application = make_application(
        person_factory, kind=ApplicantKind.UNION, union_name="臺北市大安精密產業工會",
        names=("王小明", "陳美麗"), items=APPROVED_ITEMS[:1])
    dispute_case = case_open(line="disputes", channel=Channel.COUNTER, status="closed",
                             received_at=RECEIVED)
    application.dispute = Dispute(case=dispute_case)  # only its case number is printed
    text = squeeze(odt_text(documents.approval_letter(application).odt()))
    assert squeeze("受文者：臺北市大安精密產業工會") in text
    assert squeeze("核定貴會申請之勞資爭議訴訟補助") in text
    assert squeeze("訴訟勞工王小明、陳美麗") in text
    assert squeeze(f"本局勞資爭議調解案件{dispute_case.number}（調解不成立）") in text


def test_several_workers_are_addressed_together(person_factory):
    application = make_application(person_factory, kind=ApplicantKind.WORKERS,
                                   names=("王小明", "陳美麗"), items=APPROVED_ITEMS[:1])
    text = squeeze(odt_text(documents.approval_letter(application).odt()))
    assert squeeze("受文者：王小明、陳美麗") in text
    assert squeeze("核定臺端等申請之勞資爭議訴訟補助") in text


def test_an_undecided_or_refused_application_has_no_approval_letter(person_factory):
    proposed = make_application(person_factory, status=Status.PROPOSED, items=APPROVED_ITEMS)
    with pytest.raises(ValueError):
        documents.approval_letter(proposed)
    with pytest.raises(ValueError):
        documents.decision_letter(proposed)
    refused = make_application(person_factory, status=Status.REFUSED,
                               refusal_reason="已獲法律扶助基金會補助", items=APPROVED_ITEMS)
    with pytest.raises(ValueError):
        documents.approval_letter(refused)
    with pytest.raises(ValueError):
        documents.refusal_letter(
            make_application(person_factory, items=APPROVED_ITEMS))


# --- 不予補助 ------------------------------------------------------------------------------


def refusal_expected(number: str) -> list[str]:
    return [
        "臺北市政府勞動局", "勞資爭議訴訟補助不予補助函", "發文日期：中華民國112年4月12日",
        f"案號：{number}", "受文者：王小明",
        f"主旨：臺端申請之勞資爭議訴訟補助（案號{number}），經審查不予補助，請查照。",
        "一、訴訟案件", "臺灣臺北地方法院", "112年度勞訴字第123號",
        "二、申請項目", "裁判費", "13,600元", "律師費", "80,000元", "生活費用", "6個月",
        "合計", "252,000元",
        "三、不予補助理由", "已獲財團法人法律扶助基金會就同一訴訟扶助，不得重複補助。",
        "四、法令依據", "臺北市勞工權益基金收支保管及運用自治條例",
        "五、救濟", "自本函送達之次日起30日內，繕具訴願書經由臺北市政府勞動局向臺北市政府"
        "提起訴願。",
        "中華民國112年4月12日",
    ]


@pytest.fixture
def refused(person_factory):
    items = [{k: v for k, v in item.items() if k not in ("approved", "refusal_reason")}
             for item in APPROVED_ITEMS]
    return make_application(person_factory, status=Status.REFUSED, items=items,
                            refusal_reason="已獲財團法人法律扶助基金會就同一訴訟扶助，不得重複補助。")


def test_the_refusal_letter_gives_the_reason_and_the_remedy(refused):
    letter = documents.decision_letter(refused)
    assert letter.spec.title == "勞資爭議訴訟補助不予補助函"
    text = odt_text(letter.odt())
    assert_in_order(squeeze(text), [squeeze(t) for t in refusal_expected(refused.case.number)])
    assert "核定金額" not in text


def test_the_refusal_letter_pdf_says_the_same(refused):
    require_pdf()
    text = pdf_text(documents.refusal_letter(refused).pdf())
    assert_in_order(squeeze(text), [squeeze(t) for t in refusal_expected(refused.case.number)])


def test_a_closed_application_keeps_its_letter(person_factory):
    approved_then_closed = make_application(person_factory, status=Status.CLOSED,
                                            items=APPROVED_ITEMS)
    assert documents.decision_letter(approved_then_closed).spec.title.endswith("核定函")
    nothing_approved = make_application(
        person_factory, status=Status.CLOSED,
        items=[{"kind": ItemKind.COURT_FEE, "instance": 1, "requested": 13_600, "approved": 0,
                "refusal_reason": "非屬補助範圍"}])
    letter = documents.decision_letter(nothing_approved)
    assert letter.spec.title.endswith("不予補助函")
    assert squeeze("裁判費（第一審）：非屬補助範圍") in squeeze(odt_text(letter.odt()))


# --- 催繳通知書 ----------------------------------------------------------------------------


@pytest.fixture
def notice(approved):
    court_fee, lawyer_fee, _living = approved.items.order_by("id")
    pay(court_fee, 13_600, dt.date(2023, 4, 20))
    pay(lawyer_fee, 30_000, dt.date(2023, 4, 20))
    pay(lawyer_fee, 10_000, dt.date(2023, 5, 2))
    Application.objects.filter(pk=approved.pk).update(outcome=Outcome.WON,
                                                      outcome_on=dt.date(2023, 9, 15))
    Case.objects.filter(pk=approved.pk).update(status=Status.CLOSED)
    approved.refresh_from_db()
    on = dt.date(2023, 10, 2)
    court_claim = RecoveryClaim.objects.create(application=approved, item=court_fee,
                                               basis=RecoveryBasis.JUDGMENT, assessed_on=on,
                                               amount=13_600)
    lawyer_claim = RecoveryClaim.objects.create(application=approved, item=lawyer_fee,
                                                basis=RecoveryBasis.JUDGMENT, assessed_on=on,
                                                amount=40_000)
    repaid = journal_post(posted_on=dt.date(2023, 10, 5), description="繳還",
                          lines=[("1101", 5_000, 0), ("4301", 0, 5_000)])
    RecoveryMovement.objects.create(claim=court_claim, kind=RecoveryMovement.Kind.REPAYMENT,
                                    on=dt.date(2023, 10, 5), amount=5_000, journal_entry=repaid)
    RecoveryMovement.objects.create(claim=lawyer_claim,
                                    kind=RecoveryMovement.Kind.RECLASSIFICATION,
                                    on=dt.date(2023, 10, 6), amount=10_000,
                                    reason="他造已於執行程序中清償部分")
    # A repayment after the notice was issued is not in it.
    later = journal_post(posted_on=dt.date(2023, 11, 1), description="繳還",
                         lines=[("1101", 1_000, 0), ("4301", 0, 1_000)])
    RecoveryMovement.objects.create(claim=court_claim, kind=RecoveryMovement.Kind.REPAYMENT,
                                    on=dt.date(2023, 11, 1), amount=1_000, journal_entry=later)
    return RecoveryNotice.objects.create(application=approved, issued_on=dt.date(2023, 10, 16),
                                         due_on=dt.date(2023, 11, 15), amount=38_600)


def notice_expected(number: str) -> list[str]:
    return [
        "臺北市政府勞動局", "訴訟補助款催繳通知書", "發文日期：中華民國112年10月16日",
        f"案號：{number}", "受文者：王小明",
        "主旨：請臺端於112年11月15日前繳還勞資爭議訴訟補助款新臺幣3萬8,600元（38,600元），"
        "請查照。",
        "一、催繳依據",
        f"臺端申請之勞資爭議訴訟補助（案號{number}），經本局核定並撥付補助款新臺幣5萬3,600元"
        "（53,600元）。該訴訟（臺灣臺北地方法院112年度勞訴字第123號，被告大安精密工業股份有限公司）"
        "已於112年9月15日判決勝訴（繳還事由：判決結果）。依臺北市勞工權益基金收支保管及運用"
        "自治條例及本局勞工訴訟補助相關規定，下列補助款應予繳還。",
        "二、應繳還明細", "項目", "撥付金額", "應繳還金額", "已繳還", "已轉列", "尚欠",
        "裁判費（第一審）", "13,600元", "13,600元", "5,000元", "0元", "8,600元",
        "律師費（第一審）", "40,000元", "40,000元", "0元", "10,000元", "30,000元",
        "合計", "53,600元", "53,600元", "5,000元", "10,000元", "38,600元",
        "應繳還金額合計：新臺幣3萬8,600元（38,600元）（計至112年10月16日）。",
        "三、繳還期限及方式", "（一）請於112年11月15日前繳還新臺幣3萬8,600元（38,600元）。",
        "（二）請依本局通知之繳款方式辦理",
        "（三）逾期未繳還者，本局將依法移送強制執行。",
        "局長：", "中華民國112年10月16日",
    ]


def test_the_recovery_notice_lists_each_claim_the_amount_due_and_the_deadline(notice):
    letter = documents.recovery_notice(notice)
    text = odt_text(letter.odt())
    number = notice.application.case.number
    assert_in_order(squeeze(text), [squeeze(t) for t in notice_expected(number)])
    assert "生活費用" not in text  # nothing paid of it, nothing claimed
    assert "6,000元" not in text  # the later repayment is not counted
    assert notice.application.applicants.get().person.id_number not in text
    assert letter.filename("pdf") == f"{number}-訴訟補助款催繳通知書-催繳{notice.pk}.pdf"


def test_the_recovery_notice_pdf_says_the_same(notice, tmp_path):
    require_pdf()
    data = documents.recovery_notice(notice).pdf()
    text = pdf_text(data)
    assert_in_order(squeeze(text),
                    [squeeze(t) for t in notice_expected(notice.application.case.number)])
    assert "112年11月15日" in squeeze(text)
    assert_a4_page_with_ink(first_page_png(data, tmp_path, "fund-recovery"))


def test_a_withdrawal_is_named_as_the_reason_to_pay_back(approved):
    court_fee = approved.items.get(kind=ItemKind.COURT_FEE)
    pay(court_fee, 13_600, dt.date(2023, 4, 20))
    Application.objects.filter(pk=approved.pk).update(outcome=Outcome.WITHDRAWN,
                                                      outcome_on=dt.date(2023, 6, 1))
    approved.refresh_from_db()
    RecoveryClaim.objects.create(application=approved, item=court_fee,
                                 basis=RecoveryBasis.WITHDRAWAL, assessed_on=dt.date(2023, 6, 9),
                                 amount=9_066)
    notice = RecoveryNotice.objects.create(application=approved, issued_on=dt.date(2023, 6, 12),
                                           due_on=dt.date(2023, 7, 12), amount=9_066)
    text = squeeze(odt_text(documents.recovery_notice(notice).odt()))
    assert squeeze("已於112年6月1日撤回起訴（繳還事由：撤回）") in text
    assert squeeze("撥付補助款新臺幣1萬3,600元（13,600元）") in text
    assert squeeze("請臺端於112年7月12日前繳還勞資爭議訴訟補助款新臺幣9,066元") in text


def test_item_labels_name_the_instance_the_months_and_a_complex_case():
    assert documents.item_label(Item(kind=ItemKind.LAWYER_FEE, instance=2, complex=True,
                                     requested=1)) == "律師費（第二審，複雜案件）"
    assert documents.item_label(Item(kind=ItemKind.LIVING_EXPENSES, months=6,
                                     requested=1)) == "生活費用（6個月）"
    assert documents.item_label(Item(kind=ItemKind.ENFORCEMENT_FEE,
                                     requested=1)) == "強制執行費"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_approval_letter_and_the_notice(approved, notice, tmp_path):
    """The reference check that an ODT opens cleanly: LibreOffice's converter reads it and
    prints the letter's text."""
    letters = {"approval.odt": (documents.approval_letter(approved),
                                approval_expected(approved.case.number)),
               "notice.odt": (documents.recovery_notice(notice),
                              notice_expected(notice.application.case.number))}
    for name, (letter, _expected) in letters.items():
        (tmp_path / name).write_bytes(letter.odt())
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
         *(str(tmp_path / name) for name in letters)],
        check=True, capture_output=True, timeout=180,
    )
    for name, (_letter, expected) in letters.items():
        text = pdf_text((tmp_path / "out" / name.replace(".odt", ".pdf")).read_bytes())
        assert_in_order(squeeze(text), [squeeze(t) for t in expected])
