"""The meeting notice (調解會議通知書) and the mediation record (調解紀錄), ODT and PDF.

The fixtures are built with the ORM (core.services.case_open, then the dispute's rows), so
these tests depend on the models only, not on the disputes services.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from labor.core import services as core_services
from labor.core.models import Channel
from labor.core.tests.test_documents import (
    assert_a4_page_with_ink,
    assert_in_order,
    first_page_png,
    odt_text,
    pdf_fonts,
    pdf_text,
    require_pdf,
    squeeze,
)
from labor.disputes import documents
from labor.disputes.models import (
    Dispute,
    DisputeItem,
    DisputeParty,
    ItemKind,
    Kind,
    Mediator,
    MediatorAssignment,
    Meeting,
    Outcome,
    Route,
    Side,
    Status,
)
from tests import conftest as shared

establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

TAIPEI = dt.timezone(dt.timedelta(hours=8))
WORKER_ID = "A123456789"
SETTLED = 1_250_000


@pytest.fixture
def dispute(db, person_factory, establishment_factory):
    """A settled mediation: a worker against a company, one mediator, one held meeting."""
    worker = person_factory("王小明", id_number=WORKER_ID, address="臺北市大安區和平東路一段1號",
                            phone="0912-345-678")
    company = establishment_factory("大安精密工業股份有限公司", ubn="22099131",
                                    address="臺北市大安區復興南路二段2號", representative="李大同")
    case = core_services.case_open(
        line="disputes", channel=Channel.ONLINE, status=Status.CLOSED,
        received_at=dt.datetime(2023, 6, 26, 10, 0, tzinfo=TAIPEI),
    )
    dispute = Dispute.objects.create(
        case=case, kind=Kind.MEDIATION, applicant_kind="worker", route=Route.MEDIATOR,
        statement="公司積欠三個月工資並未給付資遣費。",
        outcome=Outcome.SETTLED, outcome_on=dt.date(2023, 7, 5), settled_amount=SETTLED,
        outcome_note="相對人同意於112年7月31日前給付申請人新臺幣125萬元。",
    )
    DisputeParty.objects.create(dispute=dispute, side=Side.APPLICANT, person=worker)
    DisputeParty.objects.create(dispute=dispute, side=Side.RESPONDENT, establishment=company,
                                phone="02-2700-0000")
    DisputeItem.objects.create(dispute=dispute, kind=ItemKind.UNPAID_WAGES,
                               amount_claimed=150_000, note="112年3月至5月")
    DisputeItem.objects.create(dispute=dispute, kind=ItemKind.SEVERANCE,
                               amount_claimed=1_200_000)
    mediator = Mediator.objects.create(name="陳調解", kind=Mediator.Kind.BUREAU)
    MediatorAssignment.objects.create(dispute=dispute, mediator=mediator)
    Meeting.objects.create(
        dispute=dispute, kind=Kind.MEDIATION, room="本局3樓第2調解室",
        starts_at=dt.datetime(2023, 7, 5, 14, 30, tzinfo=TAIPEI), status=Meeting.Status.HELD,
    )
    return dispute


def _party(dispute, side) -> DisputeParty:
    return dispute.parties.get(side=side)


def _meeting(dispute) -> Meeting:
    return dispute.meetings.get()


# --- the meeting notice --------------------------------------------------------------------

NOTICE_IN_ORDER = [
    "臺北市政府勞動局",
    "勞資爭議調解會議通知書",
    "發文日期：中華民國112年7月3日",
    "案號：112-DSP-000001",
    "受文者：王小明",
    "主旨：訂於112年7月5日（星期三）下午2時30分，在本局3樓第2調解室召開王小明與"
    "大安精密工業股份有限公司間勞資爭議調解會議，請臺端準時出席。",
    "一、會議資訊",
    "送達地址",
    "臺北市大安區和平東路一段1號",
    "會議時間",
    "112年7月5日（星期三）下午2時30分",
    "調解人",
    "陳調解",
    "爭議事項",
    "積欠工資、資遣費",
    "二、請攜帶下列文件",
    "勞動契約",
    "三、注意事項",
]


def _notice(dispute, side=Side.APPLICANT):
    return documents.meeting_notice(_meeting(dispute), _party(dispute, side),
                                    issued_on=dt.date(2023, 7, 3))


def test_the_notice_odt_names_the_party_case_time_room_and_mediator(dispute):
    assert_in_order(odt_text(_notice(dispute).odt()), NOTICE_IN_ORDER)


def test_the_notice_pdf_says_the_same(dispute):
    require_pdf()
    assert_in_order(pdf_text(_notice(dispute).pdf()), NOTICE_IN_ORDER)


def test_the_notice_carries_no_id_number(dispute):
    text = odt_text(_notice(dispute).odt())
    assert WORKER_ID not in text
    assert "22099131" not in text


def test_the_employers_notice_addresses_the_company_and_asks_for_its_seal(dispute):
    text = squeeze(odt_text(_notice(dispute, Side.RESPONDENT).odt()))
    assert "受文者：大安精密工業股份有限公司（代表人：李大同）" in text
    assert "請貴單位準時出席" in text
    assert "公司及負責人印章" in text
    assert "勞動契約、薪資單" not in text  # the worker's list, not the employer's


def test_the_notice_file_name_names_the_side_not_the_person(dispute):
    notice = _notice(dispute, Side.RESPONDENT)
    assert notice.filename("pdf") == "112-DSP-000001-勞資爭議調解會議通知書-相對人.pdf"


def test_a_notice_to_a_party_of_another_dispute_is_refused(dispute, person_factory):
    other = Dispute.objects.create(
        case=core_services.case_open(line="disputes", channel=Channel.COUNTER,
                                     status=Status.RECEIVED),
        applicant_kind="worker",
    )
    stranger = DisputeParty.objects.create(dispute=other, side=Side.APPLICANT,
                                           person=person_factory("路人甲"))
    with pytest.raises(ValueError):
        documents.meeting_notice(_meeting(dispute), stranger)


def test_the_notice_without_a_mediator_says_one_will_be_named(dispute):
    dispute.assignments.all().delete()
    assert "（由本局另行通知）" in odt_text(_notice(dispute).odt())


def test_a_coordination_notice_is_worded_for_coordination_with_the_interpreter(dispute):
    dispute.kind = Kind.COORDINATION
    dispute.interpreter_language = "印尼語"
    dispute.save()
    text = squeeze(odt_text(_notice(dispute).odt()))
    assert "移工勞資爭議協調會議通知書" in text
    assert "勞資爭議協調會議" in text
    assert "協調人陳調解" in text
    assert "通譯語言印尼語" in text


# --- the mediation record ------------------------------------------------------------------

RECORD_IN_ORDER = [
    "臺北市政府勞動局",
    "勞資爭議調解紀錄",
    "紀錄日期：中華民國112年7月5日",
    "案號：112-DSP-000001",
    "一、當事人",
    "申請人", "王小明", f"身分證字號{WORKER_ID}", "臺北市大安區和平東路一段1號",
    "電話：0912-345-678",
    "相對人", "大安精密工業股份有限公司", "代表人：李大同", "統一編號22099131",
    "電話：02-2700-0000",
    "二、調解人及會議",
    "申請日期", "112年6月26日",
    "調解人", "陳調解",
    "會議時間", "112年7月5日（星期三）下午2時30分",
    "三、爭議事項及請求",
    "積欠工資", "150,000元", "112年3月至5月",
    "資遣費", "1,200,000元",
    "合計", "1,350,000元",
    "申請人陳述：公司積欠三個月工資並未給付資遣費。",
    "四、調解結果",
    "調解成立",
    "112年7月5日",
    "調解成立金額", "新臺幣125萬元（1,250,000元）",
    "內容：相對人同意於112年7月31日前給付申請人新臺幣125萬元。",
    "勞資爭議處理法第19條",
    "五、簽名",
    "申請人：王小明", "（簽名或蓋章）",
    "相對人：大安精密工業股份有限公司（代表人：李大同）", "（簽名或蓋章）",
    "調解人：陳調解", "（簽名或蓋章）",
    "中華民國112年7月5日",
]


def test_the_record_odt_carries_parties_in_full_items_outcome_and_signatures(dispute):
    assert_in_order(odt_text(documents.mediation_record(dispute).odt()), RECORD_IN_ORDER)


def test_the_record_pdf_says_the_same(dispute):
    require_pdf()
    assert_in_order(pdf_text(documents.mediation_record(dispute).pdf()), RECORD_IN_ORDER)


def test_the_record_writes_a_large_settlement_in_yi_and_wan(dispute):
    dispute.settled_amount = 721_406_226
    dispute.save()
    text = squeeze(odt_text(documents.mediation_record(dispute).odt()))
    assert "新臺幣7億2,140萬6,226元（721,406,226元）" in text


def test_a_record_that_did_not_settle_says_so_and_has_no_amount(dispute):
    dispute.outcome = Outcome.NOT_SETTLED
    dispute.settled_amount = None
    dispute.outcome_note = ""
    dispute.save()
    text = squeeze(odt_text(documents.mediation_record(dispute).odt()))
    assert "調解不成立" in text
    assert "本件調解不成立" in text
    assert "調解成立金額" not in text
    assert "第19條" not in text


def test_a_record_before_the_outcome_leaves_the_result_to_be_written(dispute):
    dispute.outcome = ""
    dispute.outcome_on = None
    dispute.settled_amount = None
    dispute.save()
    text = squeeze(odt_text(documents.mediation_record(dispute).odt()))
    assert "結果（待記錄）" in text
    # Dated by its meeting.
    assert "紀錄日期：中華民國112年7月5日" in text


def test_a_committee_record_names_the_route_and_every_member(dispute):
    dispute.route = Route.COMMITTEE
    dispute.committee_size = 3
    dispute.save()
    for name in ("林委員", "張委員"):
        MediatorAssignment.objects.create(
            dispute=dispute, mediator=Mediator.objects.create(name=name, kind="bureau"))
    text = squeeze(odt_text(documents.mediation_record(dispute).odt()))
    assert "調解方式調解委員會（3人）" in text
    assert "調解委員陳調解、林委員、張委員" in text
    for name in ("陳調解", "林委員", "張委員"):
        assert f"調解委員：{name}（簽名或蓋章）" in text


def test_a_mediator_replaced_after_an_objection_does_not_sign(dispute):
    first = dispute.assignments.get()
    first.ended_at = dt.datetime(2023, 6, 28, tzinfo=TAIPEI)
    first.end_reason = MediatorAssignment.EndReason.OBJECTION
    first.save()
    MediatorAssignment.objects.create(
        dispute=dispute, mediator=Mediator.objects.create(name="吳調解", kind="bureau"))
    text = squeeze(odt_text(documents.mediation_record(dispute).odt()))
    assert "調解人：吳調解" in text
    assert "陳調解" not in text


def test_a_record_of_several_workers_lists_and_signs_for_each(dispute, person_factory):
    DisputeParty.objects.create(dispute=dispute, side=Side.APPLICANT,
                                person=person_factory("林小華"))
    text = squeeze(odt_text(documents.mediation_record(dispute).odt()))
    assert text.count("申請人：") == 2
    assert "申請人：王小明" in text and "申請人：林小華" in text


def test_the_record_is_in_chinese_even_for_an_english_session(dispute):
    with translation.override("en"):
        record = documents.mediation_record(dispute)
    text = squeeze(odt_text(record.odt()))
    assert "調解成立" in text and "積欠工資" in text and "申請人" in text
    assert "Settled" not in text and "Applicant" not in text


def test_the_record_file_name(dispute):
    assert documents.mediation_record(dispute).filename("odt") == (
        "112-DSP-000001-勞資爭議調解紀錄.odt")


# --- how they look -------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["notice", "record"])
def test_the_documents_draw_every_character_with_a_cjk_glyph(dispute, which):
    require_pdf()
    document = _notice(dispute) if which == "notice" else documents.mediation_record(dispute)
    report = pdf_fonts(document.pdf())
    assert {name: chars for name, chars in report.items() if chars} == {}


@pytest.mark.parametrize("which", ["notice", "record"])
def test_the_first_page_renders_on_a4_with_clear_margins(dispute, which, tmp_path):
    require_pdf()
    document = _notice(dispute) if which == "notice" else documents.mediation_record(dispute)
    assert_a4_page_with_ink(first_page_png(document.pdf(), tmp_path, f"disputes-{which}"))
