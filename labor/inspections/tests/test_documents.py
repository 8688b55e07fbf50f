"""The penalty decision letter (裁處書), ODT and PDF: what it says and that both say it."""

from __future__ import annotations

import datetime as dt

import pytest

from labor.core.models import DatedSetting
from labor.core.tests.test_documents import (
    assert_a4_page_with_ink,
    assert_in_order,
    first_page_png,
    odt_text,
    pdf_text,
    require_pdf,
    squeeze,
)
from labor.inspections import documents, rules, services
from labor.inspections.models import ConstructionSite, Kind, Method
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

FACTORS = {"severity": "連續三個月未依法給付延長工時工資", "workers_affected": 12,
           "repeat_count": 1, "good_faith": False}


@pytest.fixture
def people(staff_user):
    return staff_user("inspector"), staff_user("supervisor")


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密工業股份有限公司", ubn="22099131",
                                 representative="李大同",
                                 address="臺北市大安區復興南路二段2號")


def approved_fine(people, employer, *, article=rules.ART_79_1, amount=1_250_000,
                  kind=Kind.LABOR_CONDITIONS, site=None, method=Method.ON_SITE):
    inspector, supervisor = people
    inspection = services.inspection_record(
        kind=kind, inspector=inspector, inspected_on=dt.date(2023, 6, 5),
        establishment=None if site else employer, site=site, method=method)
    services.finding_add(inspection=inspection, article="勞動基準法第24條",
                         description="112年3月至5月延長工時工資未依法給付", actor=inspector,
                         version=1)
    services.finding_add(inspection=inspection, article="勞動基準法第32條第2項",
                         description="延長工時每月逾46小時", actor=inspector, version=2)
    penalty = services.penalty_propose(inspection=inspection, article=article, amount=amount,
                                       factors=FACTORS, actor=inspector, version=3,
                                       breached="勞動基準法第24條、第32條第2項")
    return services.penalty_approve(penalty=penalty, actor=supervisor,
                                    decided_on=dt.date(2023, 7, 5))


EXPECTED_ORDER = [
    "臺北市政府勞動局", "裁處書", "發文日期：中華民國112年7月5日",
    "受處分人", "大安精密工業股份有限公司",
    "統一編號", "22099131", "代表人（負責人）", "李大同", "臺北市大安區復興南路二段2號",
    "主旨：受處分人違反勞動基準法第24條、第32條第2項規定，依勞動基準法第79條第1項規定，"
    "處罰鍰新臺幣125萬元（1,250,000元），請於本處分書送達之次日起30日內繳納。",
    "一、事實",
    "本局於112年6月5日派員至受處分人營業場所（臺北市大安區復興南路二段2號）"
    "實施勞動條件檢查",
    "（一）勞動基準法第24條：112年3月至5月延長工時工資未依法給付",
    "（二）勞動基準法第32條第2項：延長工時每月逾46小時",
    "二、理由及法令依據", "處新臺幣2萬元以上100萬元以下罰鍰",
    "依勞動基準法第79條第4項規定", "最高新臺幣150萬元",
    "三、裁處審酌事項", "違規情節", "連續三個月未依法給付延長工時工資", "違反人數", "12人",
    "過往違規次數", "1次", "善意配合改善", "否",
    "四、繳納方式及期限",
    "逾期未繳納者，依行政執行法第4條規定移送法務部行政執行署所屬分署強制執行。",
    "五、公布", "依勞動基準法第80條之1第1項規定", "違反條文及罰鍰金額",
    "六、救濟",
    "自本處分書送達之次日起30日內，繕具訴願書經由臺北市政府勞動局向臺北市政府提起訴願。",
    "中華民國112年7月5日",
]


def test_the_letter_says_who_what_why_how_much_and_how_to_appeal(people, employer):
    letter = documents.penalty_letter(approved_fine(people, employer))
    assert_in_order(squeeze(odt_text(letter.odt())), [squeeze(t) for t in EXPECTED_ORDER])
    penalty_id = letter.context["penalty"].pk
    assert letter.filename("odt").endswith(f"-裁處書-罰鍰{penalty_id}.odt")


def test_the_pdf_says_the_same_as_the_odt(people, employer, tmp_path):
    require_pdf()
    letter = documents.penalty_letter(approved_fine(people, employer))
    data = letter.pdf()
    assert data.startswith(b"%PDF")
    assert_in_order(squeeze(pdf_text(data)), [squeeze(t) for t in EXPECTED_ORDER])
    assert_a4_page_with_ink(first_page_png(data, tmp_path, "letter"))


def test_an_unraised_fine_does_not_mention_the_raise(people, employer):
    text = odt_text(documents.penalty_letter(
        approved_fine(people, employer, amount=60_000)).odt())
    assert "第79條第4項" not in text
    assert "新臺幣6萬元（60,000元）" in text


def test_an_osh_fine_at_a_site_cites_the_osh_act_and_its_publication_rule(people, employer):
    site = ConstructionSite.objects.create(
        name="信義路新建工程", contractor=employer, address="臺北市信義區信義路五段1號",
        district=employer.district, starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2024, 12, 31), grade="high", cctv_installed_on=dt.date(2023, 2, 1))
    letter = documents.penalty_letter(approved_fine(
        people, employer, article=rules.OSH_43, amount=30_000, kind=Kind.OSH, site=site,
        method=Method.REMOTE))
    text = squeeze(odt_text(letter.odt()))
    assert squeeze("以視訊遠端監督方式派員至受處分人承攬之「信義路新建工程」工地") in text
    assert squeeze("實施職業安全衛生檢查") in text
    assert squeeze("依職業安全衛生法第43條規定，處新臺幣3萬元以上30萬元以下罰鍰") in text
    assert squeeze("依職業安全衛生法第49條規定，本局得公布") in text
    assert "第80條之1" not in text


def test_the_payment_period_is_a_dated_setting(people, employer):
    DatedSetting.objects.create(key="lsa.fine.payment_days", effective_from=dt.date(2023, 7, 1),
                                value=15, unit="日", certainty="U")
    text = odt_text(documents.penalty_letter(approved_fine(people, employer)).odt())
    assert "送達之次日起15日內繳納" in squeeze(text)
    assert "起30日內，繕具訴願書" in squeeze(text)  # the appeal period is the statute's


def test_a_proposed_fine_has_no_letter(people, employer):
    inspector, _supervisor = people
    inspection = services.inspection_record(kind=Kind.LABOR_CONDITIONS, inspector=inspector,
                                            inspected_on=dt.date(2023, 6, 5),
                                            establishment=employer)
    penalty = services.penalty_propose(inspection=inspection, article=rules.ART_79_3,
                                       amount=20_000, factors=FACTORS, actor=inspector,
                                       version=1)
    with pytest.raises(ValueError):
        documents.penalty_letter(penalty)


def test_the_appeal_goes_to_the_city_government_above_the_bureau():
    assert documents.appeal_authority("臺北市政府勞動局") == "臺北市政府"
    assert documents.appeal_authority("新北市政府勞工局") == "新北市政府"
