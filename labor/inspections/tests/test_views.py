"""The staff pages of inspections through the Django test client: the worklist, recording an
inspection, the inspection page and its actions, the decision letter downloads, sites, plans,
the risk-based selection and the registries."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.core.models import Establishment, HeadcountRecord
from labor.disputes.models import Dispute, DisputeParty
from labor.inspections import rules, services
from labor.inspections.models import (
    AlcoholTest,
    ConfinedSpace,
    ConstructionSite,
    CoveragePlan,
    Finding,
    HealthStaffingReport,
    ImprovementNotice,
    Inspection,
    InspectionPlan,
    InspectionProject,
    Kind,
    Penalty,
    StopWorkOrder,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

WORK = "inspections.work_inspection"
APPROVE = "inspections.approve_penalty"
STALE = "此案件已由他人更新，請重新載入後再操作。"
FACTORS = {"severity": "未依法給付加班費", "workers_affected": 12, "repeat_count": 0,
           "good_faith": True}
DAY = dt.date(2023, 3, 1)


@pytest.fixture
def office(unit_factory):
    return unit_factory("inspection-office", "勞動檢查處", lines=("inspections",))


@pytest.fixture
def inspector(staff_user, office):
    return staff_user("inspector", unit=office, perms=[WORK], last_name="林", first_name="檢查")


@pytest.fixture
def supervisor(staff_user, office):
    return staff_user("supervisor", unit=office, perms=[WORK, APPROVE], last_name="王",
                      first_name="科長")


@pytest.fixture
def outsider(staff_user, unit_factory):
    """Bureau staff of another unit, without any inspection permission."""
    return staff_user("outsider", unit=unit_factory("relations", "勞資關係科",
                                                    lines=("disputes",)))


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密股份有限公司", representative="李大同",
                                 address="臺北市大安區復興南路二段2號")


def record(inspector, employer, day=DAY, **kwargs):
    kwargs.setdefault("establishment", employer)
    kwargs.setdefault("kind", Kind.LABOR_CONDITIONS)
    return services.inspection_record(inspector=inspector, inspected_on=day, **kwargs)


def reload(inspection) -> Inspection:
    return Inspection.objects.select_related("case").get(pk=inspection.pk)


def with_finding(inspection, actor):
    services.finding_add(inspection=inspection, article="勞動基準法第24條",
                         description="未給付延長工時工資", actor=actor,
                         version=reload(inspection).version)
    return reload(inspection)


def proposed(inspection, actor, amount=50_000):
    return services.penalty_propose(inspection=inspection, article=rules.ART_79_1,
                                    amount=amount, factors=FACTORS, actor=actor,
                                    version=reload(inspection).version,
                                    breached="勞動基準法第24條")


def approved(inspection, proposer, approver, amount=50_000):
    penalty = proposed(inspection, proposer, amount)
    return services.penalty_approve(penalty=penalty, actor=approver,
                                    decided_on=dt.date(2023, 4, 10))


def detail_url(inspection) -> str:
    return reverse("inspections:detail", args=[inspection.case.number])


def action_url(inspection, action) -> str:
    return reverse("inspections:action", args=[inspection.case.number, action])


def post_action(client, inspection, action, version=None, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    if version is not False:
        data[f"{action}-version"] = reload(inspection).version if version is None else version
    return client.post(action_url(inspection, action), data)


def text(response) -> str:
    return response.content.decode()


def make_site(employer, **fields):
    values = {"name": "信義路新建工程", "contractor": employer, "public": False,
              "address": "臺北市信義區信義路五段1號", "district": employer.district,
              "starts_on": dt.date(2023, 1, 1), "ends_on": dt.date(2030, 12, 31),
              "grade": "high"}
    values.update(fields)
    return ConstructionSite.objects.create(**values)


# --- permissions ----------------------------------------------------------------------------

PAGES = ["inspections:home", "inspections:new", "inspections:sites", "inspections:plans",
         "inspections:risk", "inspections:health_staffing", "inspections:confined_spaces"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_refuse_staff_outside_the_inspection_line(client, outsider, name):
    client.force_login(outsider)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "可辦理勞動檢查" in text(response)


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_for_the_inspector(client, inspector, name):
    client.force_login(inspector)
    assert client.get(reverse(name)).status_code == 200


def test_a_reader_of_the_line_sees_the_inspection_but_cannot_act(
        client, staff_user, office, inspector, employer):
    reader = staff_user("reader", unit=office)
    inspection = record(inspector, employer)
    client.force_login(reader)
    page = client.get(detail_url(inspection))
    assert page.status_code == 200
    assert "本頁僅供檢視" in text(page)
    assert f'action="{action_url(inspection, "finding")}"' not in text(page)
    assert client.get(reverse("inspections:new")).status_code == 403
    response = post_action(client, inspection, "finding", article="勞動基準法第24條",
                           description="x")
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_the_inspection_page_of_another_line_is_refused(client, outsider, inspector, employer):
    inspection = record(inspector, employer)
    client.force_login(outsider)
    assert client.get(detail_url(inspection)).status_code == 403


def test_an_unknown_number_is_404(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("inspections:detail", args=["112-INS-999999"])).status_code == 404


# --- the worklist ---------------------------------------------------------------------------


def test_the_worklist_shows_my_inspections_notices_due_and_reinspections_due(
        client, inspector, supervisor, employer, establishment_factory):
    today = timezone.localdate()
    late = with_finding(record(inspector, employer, today - dt.timedelta(days=40)), inspector)
    services.improvement_notice_issue(inspection=late, due_on=today - dt.timedelta(days=5),
                                      actor=inspector, version=late.version)
    other = establishment_factory("中山餐飲有限公司")
    soon = with_finding(record(inspector, other, today - dt.timedelta(days=3)), inspector)
    services.improvement_notice_issue(inspection=soon, due_on=today + dt.timedelta(days=7),
                                      actor=inspector, version=soon.version)
    penalty = proposed(reload(late), inspector)
    client.force_login(inspector)
    page = text(client.get(reverse("inspections:home")))
    assert late.case.number in page and soon.case.number in page
    assert "應辦理複查" in page and "即將到期" in page
    assert "待核定罰鍰" not in page  # not an approver
    client.force_login(supervisor)
    page = text(client.get(reverse("inspections:home")))
    assert "待核定罰鍰" in page
    assert f'{late.case.number}</a>' in page
    assert penalty.amount == 50_000


# --- recording an inspection ----------------------------------------------------------------


def new_data(employer, **overrides):
    data = {"kind": "labor_conditions", "domain": "", "guidance_provider": "",
            "method": "on_site", "ubn": employer.ubn, "site": "", "project": "",
            "confined_space": "", "inspected_on": DAY.isoformat()}
    data.update(overrides)
    return data


def test_recording_an_inspection_goes_to_its_page(client, inspector, employer):
    client.force_login(inspector)
    form = client.get(reverse("inspections:new"))
    assert form.status_code == 200
    assert 'name="viewport"' in text(form)
    response = client.post(reverse("inspections:new"), new_data(employer))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(inspection)
    assert inspection.inspector == inspector and inspection.establishment == employer
    page = client.get(response["Location"])
    assert "大安精密股份有限公司" in text(page)
    assert "112年3月1日" in text(page)


def test_a_guidance_visit_takes_its_provider_and_domain(client, inspector, employer):
    client.force_login(inspector)
    response = client.post(reverse("inspections:new"), new_data(
        employer, kind="guidance", guidance_provider="compliance_advisor"))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.domain) == ("guidance", "labor_conditions")


@pytest.mark.parametrize(("overrides", "field_message"), [
    ({"ubn": "12345678"}, "統一編號「12345678」格式或檢查碼不正確"),
    ({"ubn": ""}, "請輸入受檢事業單位統一編號，或選擇營造工地。"),
    ({"inspected_on": "2023-02-30"}, "日期格式不正確。"),
    ({"inspected_on": ""}, "請輸入日期。"),
    ({"kind": "audit"}, "檢查類別不正確。"),
    ({"kind": "guidance"}, "輔導訪視請選擇輔導提供者。"),
    ({"guidance_provider": "osh_team"}, "僅輔導訪視須填輔導提供者。"),
    ({"method": "remote"}, "視訊遠端監督檢查限已設置視訊監控系統之營造工地。"),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_written(
        client, inspector, employer, overrides, field_message):
    client.force_login(inspector)
    response = client.post(reverse("inspections:new"), new_data(employer, **overrides))
    assert response.status_code == 400
    body = text(response)
    assert field_message in body
    assert "檢查未登錄" in body
    assert not Inspection.objects.exists()


def test_an_unregistered_ubn_and_a_future_date_are_refused(client, inspector, employer):
    client.force_login(inspector)
    unknown = shared.make_ubn(999_001)
    response = client.post(reverse("inspections:new"), new_data(employer, ubn=unknown))
    assert response.status_code == 400
    assert f"統一編號 {unknown} 不在事業單位名冊中" in text(response)
    future = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(reverse("inspections:new"),
                           new_data(employer, inspected_on=future.isoformat()))
    assert response.status_code == 400
    assert "日期不得晚於今天。" in text(response)
    assert not Inspection.objects.exists()


def test_an_inspection_dated_before_the_site_existed_is_refused(client, inspector, employer):
    site = make_site(employer, starts_on=dt.date(2023, 3, 10))
    client.force_login(inspector)
    response = client.post(reverse("inspections:new"), new_data(
        employer, kind="osh", ubn="", site=site.pk, inspected_on="2023-03-01"))
    assert response.status_code == 400
    assert "日期早於工地開工日期" in text(response)
    assert not Inspection.objects.exists()


def test_recording_needs_the_work_permission(client, staff_user, office, employer):
    approver_only = staff_user("approver", unit=office, perms=[APPROVE])
    client.force_login(approver_only)
    response = client.post(reverse("inspections:new"), new_data(employer))
    assert response.status_code == 403
    assert not Inspection.objects.exists()


# --- the inspection page: findings, notices, re-inspections ---------------------------------


def test_adding_a_finding_and_an_improvement_notice(client, inspector, employer):
    inspection = record(inspector, employer)
    client.force_login(inspector)
    response = post_action(client, inspection, "finding", article="勞動基準法第24條",
                           description="未給付延長工時工資")
    assert response.status_code == 302
    assert response["Location"].endswith("#findings")
    assert Finding.objects.filter(inspection=inspection).count() == 1
    response = post_action(client, inspection, "notice", due_on="2023-04-01")
    assert response.status_code == 302
    assert ImprovementNotice.objects.get().due_on == dt.date(2023, 4, 1)
    page = text(client.get(detail_url(inspection)))
    assert "未給付延長工時工資" in page
    assert "改善期限 112年4月1日" in page
    assert "新增違規事項" in page  # the timeline


def test_a_finding_without_facts_is_refused_with_400(client, inspector, employer):
    inspection = record(inspector, employer)
    client.force_login(inspector)
    response = post_action(client, inspection, "finding", article="勞動基準法第24條",
                           description="")
    assert response.status_code == 400
    assert "請輸入違規事實。" in text(response)
    assert "操作未完成，資料未變更。" in text(response)
    assert not Finding.objects.exists()


def test_a_stale_version_is_409_and_nothing_is_written(client, inspector, employer):
    inspection = record(inspector, employer)
    client.force_login(inspector)
    old = reload(inspection).version
    with_finding(inspection, inspector)
    response = post_action(client, inspection, "finding", version=old,
                           article="勞動基準法第32條", description="延長工時超過上限")
    assert response.status_code == 409
    assert STALE in text(response)
    assert Finding.objects.count() == 1


def test_a_notice_due_before_the_inspection_is_refused(client, inspector, employer):
    inspection = with_finding(record(inspector, employer), inspector)
    client.force_login(inspector)
    response = post_action(client, inspection, "notice", due_on="2023-02-01")
    assert response.status_code == 400
    assert "改善期限須晚於檢查日期。" in text(response)
    assert not ImprovementNotice.objects.exists()


def test_a_re_inspection_carries_open_findings_and_rates_them(client, inspector, employer):
    inspection = with_finding(record(inspector, employer), inspector)
    client.force_login(inspector)
    response = post_action(client, inspection, "reinspect", version=False,
                           inspected_on="2023-04-02")
    child = Inspection.objects.get(kind=Kind.RE_INSPECTION)
    assert response.status_code == 302
    assert response["Location"] == detail_url(child)
    page = text(client.get(detail_url(child)))
    assert "由原檢查帶入" in page and "評定" in page
    carried = child.findings.get()
    response = post_action(client, child, "rate", finding=carried.pk, resolved="yes")
    assert response.status_code == 302
    carried.refresh_from_db()
    assert carried.resolved_on == dt.date(2023, 4, 2)
    assert Finding.objects.get(pk=carried.carried_from_id).resolved_on == dt.date(2023, 4, 2)


def test_rating_without_a_choice_is_400(client, inspector, employer):
    inspection = with_finding(record(inspector, employer), inspector)
    child = services.re_inspection_open(parent=inspection, inspector=inspector,
                                        inspected_on=dt.date(2023, 4, 2))
    client.force_login(inspector)
    response = post_action(client, child, "rate", finding=child.findings.get().pk)
    assert response.status_code == 400
    assert "請選擇已改善或未改善。" in text(response)
    assert child.findings.get().resolved_on is None


def test_an_insurance_referral(client, inspector, employer):
    inspection = record(inspector, employer)
    client.force_login(inspector)
    response = post_action(client, inspection, "referral", version=False, uninsured_workers=0,
                           referred_on="2023-03-02")
    assert response.status_code == 400
    assert "未投保人數應為 1 以上的整數。" in text(response)
    response = post_action(client, inspection, "referral", version=False, uninsured_workers=3,
                           referred_on="2023-03-02")
    assert response.status_code == 302
    assert inspection.insurance_referrals.get().uninsured_workers == 3


# --- penalties ------------------------------------------------------------------------------


def penalty_fields(**overrides):
    fields = {"article": rules.ART_79_1, "breached": "勞動基準法第24條", "amount": 50000,
              "severity": "未依法給付加班費", "workers_affected": 12, "repeat_count": 0,
              "good_faith": "yes"}
    fields.update(overrides)
    return fields


def test_the_penalty_form_shows_the_bands_and_prefills_the_repeat_count(
        client, inspector, supervisor, employer):
    earlier = with_finding(record(inspector, employer, dt.date(2023, 1, 5)), inspector)
    approved(earlier, inspector, supervisor)
    approved(reload(earlier), inspector, supervisor, amount=30_000)
    inspection = with_finding(record(inspector, employer), inspector)
    client.force_login(inspector)
    page = text(client.get(detail_url(inspection)))
    assert 'name="propose-repeat_count" value="2"' in page
    assert "勞動基準法第79條第1項" in page
    assert "2萬元" in page and "100萬元" in page and "150萬元" in page  # band and raised cap
    assert "職業安全衛生法第43條" not in page  # another domain's article


def test_a_fine_outside_its_band_is_refused_with_the_band(client, inspector, employer):
    inspection = with_finding(record(inspector, employer), inspector)
    client.force_login(inspector)
    response = post_action(client, inspection, "propose", **penalty_fields(amount=10000))
    assert response.status_code == 400
    assert "罰鍰金額低於法定最低額新臺幣20,000元。" in text(response)
    response = post_action(client, inspection, "propose",
                           **penalty_fields(article=rules.ART_78, amount=1_600_000))
    assert response.status_code == 400
    assert "罰鍰金額高於法定最高額新臺幣1,500,000元。" in text(response)
    response = post_action(client, inspection, "propose", **penalty_fields(severity=""))
    assert response.status_code == 400
    assert "請填寫違規情節。" in text(response)
    assert not Penalty.objects.exists()


def test_proposing_approving_and_paying_a_fine(client, inspector, supervisor, employer):
    inspection = with_finding(record(inspector, employer), inspector)
    client.force_login(inspector)
    response = post_action(client, inspection, "propose", **penalty_fields())
    assert response.status_code == 302
    penalty = Penalty.objects.get()
    assert penalty.status == "proposed" and penalty.factors["good_faith"] is True
    # The inspector may not approve: no permission.
    response = post_action(client, inspection, "approve", version=False, penalty=penalty.pk,
                           decided_on="")
    assert response.status_code == 403
    client.force_login(supervisor)
    page = text(client.get(detail_url(inspection)))
    assert "核定並公布" in page
    response = post_action(client, inspection, "approve", version=False, penalty=penalty.pk,
                           decided_on="2023-04-10")
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert (penalty.status, penalty.approved_by, penalty.published) == (
        "approved", supervisor, True)
    page = text(client.get(detail_url(inspection)))
    assert reverse("inspections:penalty_letter",
                   args=[inspection.case.number, penalty.pk, "odt"]) in page
    response = post_action(client, inspection, "paid", version=False, penalty=penalty.pk,
                           paid_on="2023-04-01")
    assert response.status_code == 400
    assert "繳納日期不得早於處分日期。" in text(response)
    response = post_action(client, inspection, "paid", version=False, penalty=penalty.pk,
                           paid_on="2023-04-20")
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.status == "paid"


def test_the_proposer_cannot_approve_their_own_fine(client, supervisor, employer):
    inspection = with_finding(record(supervisor, employer), supervisor)
    penalty = proposed(inspection, supervisor)
    client.force_login(supervisor)
    page = text(client.get(detail_url(inspection)))
    assert "此罰鍰由您擬處" in page
    response = post_action(client, inspection, "approve", version=False, penalty=penalty.pk,
                           decided_on="")
    assert response.status_code == 400
    assert "罰鍰須由擬處人員以外之主管核定。" in text(response)
    penalty.refresh_from_db()
    assert penalty.status == "proposed" and penalty.approved_by is None


# --- the decision letter --------------------------------------------------------------------


def letter_url(inspection, penalty, ext):
    return reverse("inspections:penalty_letter", args=[inspection.case.number, penalty.pk, ext])


def test_the_letter_of_a_proposed_fine_does_not_exist(client, inspector, employer):
    inspection = with_finding(record(inspector, employer), inspector)
    penalty = proposed(inspection, inspector)
    client.force_login(inspector)
    response = client.get(letter_url(inspection, penalty, "odt"))
    assert response.status_code == 404
    assert "罰鍰尚未核定" in text(response)
    assert client.get(letter_url(inspection, penalty, "doc")).status_code == 404


def test_the_letter_downloads_are_a_real_odt_and_pdf(client, inspector, supervisor, employer):
    from labor.core.tests.test_documents import require_pdf

    inspection = with_finding(record(inspector, employer), inspector)
    penalty = approved(inspection, inspector, supervisor)
    client.force_login(inspector)
    response = client.get(letter_url(inspection, penalty, "odt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    content = archive.read("content.xml").decode()
    assert "裁處書" in content and "大安精密股份有限公司" in content
    assert "新臺幣5萬元（50,000元）" in content
    require_pdf()
    response = client.get(letter_url(inspection, penalty, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_without_pango_the_pdf_answers_503(client, inspector, supervisor, employer,
                                           monkeypatch):
    from labor.core import documents as core_documents

    def unavailable(self):
        raise core_documents.DocumentUnavailable("no Pango")

    monkeypatch.setattr(core_documents.Document, "pdf", unavailable)
    inspection = with_finding(record(inspector, employer), inspector)
    penalty = approved(inspection, inspector, supervisor)
    client.force_login(inspector)
    response = client.get(letter_url(inspection, penalty, "pdf"))
    assert response.status_code == 503
    assert "本機無法產生 PDF 檔" in text(response)
    assert client.get(letter_url(inspection, penalty, "odt")).status_code == 200


# --- sites ----------------------------------------------------------------------------------


def site_data(employer, **overrides):
    data = {"name": "南港轉運站新建工程", "contractor": employer.ubn, "public": "on",
            "address": "臺北市南港區忠孝東路七段1號", "district": employer.district.pk,
            "grade": "medium", "starts_on": "2023-01-10", "ends_on": "2025-06-30",
            "cctv_installed_on": ""}
    data.update(overrides)
    return data


def test_creating_a_site_refuses_an_end_before_the_start(client, inspector, employer):
    client.force_login(inspector)
    response = client.post(reverse("inspections:site_new"),
                           site_data(employer, ends_on="2022-12-31"))
    assert response.status_code == 400
    assert "預定完工日期不得早於開工日期。" in text(response)
    assert not ConstructionSite.objects.exists()
    response = client.post(reverse("inspections:site_new"), site_data(employer))
    site = ConstructionSite.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:site", args=[site.pk])
    assert site.public and site.grade == "medium"


def test_editing_a_site_cannot_move_its_start_past_an_inspection(client, inspector, employer):
    site = make_site(employer)
    services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                               inspected_on=dt.date(2023, 2, 1))
    client.force_login(inspector)
    response = client.post(reverse("inspections:site_edit", args=[site.pk]),
                           site_data(employer, starts_on="2023-03-01"))
    assert response.status_code == 400
    assert "開工日期不得晚於本工地已有之檢查或處置日期" in text(response)
    site.refresh_from_db()
    assert site.starts_on == dt.date(2023, 1, 1)
    response = client.post(reverse("inspections:site_edit", args=[site.pk]),
                           site_data(employer, starts_on="2023-01-01",
                                     cctv_installed_on="2023-01-15"))
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.cctv_installed_on == dt.date(2023, 1, 15) and site.grade == "medium"


def test_the_site_list_and_page_show_grade_due_date_and_overdue(client, inspector, employer):
    site = make_site(employer, starts_on=timezone.localdate() - dt.timedelta(days=100))
    client.force_login(inspector)
    page = text(client.get(reverse("inspections:sites")))
    assert site.name in page and "高風險" in page and "逾期" in page
    page = text(client.get(reverse("inspections:site", args=[site.pk])))
    assert "下次應檢查期限" in page
    assert "0.15 mg/L" in page


def test_stop_work_lift_and_alcohol_tests(client, inspector, employer):
    site = make_site(employer)
    client.force_login(inspector)
    url = reverse("inspections:site_action", args=[site.pk, "stop"])
    response = client.post(url, {"stop-issued_on": "2022-12-01"})
    assert response.status_code == 400
    assert "日期早於工地開工日期" in text(response)
    assert client.post(url, {"stop-issued_on": "2023-02-01"}).status_code == 302
    order = StopWorkOrder.objects.get()
    lift = reverse("inspections:site_action", args=[site.pk, "lift"])
    response = client.post(lift, {"lift-order": order.pk, "lift-lifted_on": "2023-01-20"})
    assert response.status_code == 400
    assert "復工日期不得早於停工日期。" in text(response)
    assert client.post(lift, {"lift-order": order.pk,
                              "lift-lifted_on": "2023-02-05"}).status_code == 302
    order.refresh_from_db()
    assert order.lifted_on == dt.date(2023, 2, 5)
    alcohol = reverse("inspections:site_action", args=[site.pk, "alcohol"])
    response = client.post(alcohol, {"alcohol-tested_on": "2023-02-06",
                                     "alcohol-mg_per_l": "abc"})
    assert response.status_code == 400
    assert "酒測值須為0以上、至多小數三位之數值。" in text(response)
    response = client.post(alcohol, {"alcohol-tested_on": "2023-02-06",
                                     "alcohol-mg_per_l": "0.15", "alcohol-at_height": "on"},
                           follow=True)
    assert "達移送標準" in text(response)
    assert AlcoholTest.objects.get().referred


def test_site_actions_need_the_work_permission(client, staff_user, office, employer):
    site = make_site(employer)
    client.force_login(staff_user("reader", unit=office))
    url = reverse("inspections:site_action", args=[site.pk, "stop"])
    assert client.post(url, {"stop-issued_on": "2023-02-01"}).status_code == 403
    assert client.post(reverse("inspections:site_new"), site_data(employer)).status_code == 403
    assert not StopWorkOrder.objects.exists()


# --- plans and projects ---------------------------------------------------------------------


def test_plans_show_targets_projects_and_coverage(client, inspector, employer,
                                                  establishment_factory):
    today = timezone.localdate()
    InspectionPlan.objects.create(year=today.year, kind="labor_conditions", target=4)
    project = InspectionProject.objects.create(name="高工時事業勞動條件專案", source="bureau",
                                               year=today.year, code="high_hours")
    other = establishment_factory("信義顧問股份有限公司")
    project.targets.add(employer, other)
    record(inspector, employer, today, project=project)
    services.inspection_record(kind=Kind.GUIDANCE, guidance_provider="compliance_advisor",
                               inspector=inspector, inspected_on=today, establishment=other)
    start = dt.date(today.year, 1, 1)
    HeadcountRecord.objects.create(establishment=employer, as_of=start, headcount=60)
    HeadcountRecord.objects.create(establishment=other, as_of=start, headcount=70)
    CoveragePlan.objects.create(name="50至99人事業單位全面檢查", min_headcount=50,
                                max_headcount=99, starts_on=start, baseline_on=start,
                                deadline=dt.date(today.year + 3, 12, 31))
    client.force_login(inspector)
    page = text(client.get(reverse("inspections:plans")))
    assert "50.0%" in page  # 2 of 4 (the guidance visit counts)
    assert "高工時事業勞動條件專案" in page
    assert "50至99人事業單位全面檢查" in page
    assert "50.00%" in page  # coverage: 1 of 2
    page = text(client.get(reverse("inspections:project", args=[project.pk])))
    assert "信義顧問股份有限公司" in page and "未檢查" in page


# --- risk-based selection -------------------------------------------------------------------


@pytest.fixture
def ranked(inspector, supervisor, establishment_factory):
    """Three firms: a 300+ firm with a fine and a complaint, a never inspected consultancy
    with long hours, and a small shop inspected this year."""
    today = timezone.localdate()
    big = establishment_factory("北投電子股份有限公司", district_code="beitou",
                                headcounts=[(today - dt.timedelta(days=30), 350)])
    consultancy = establishment_factory("信義顧問股份有限公司", industry_code="M")
    Establishment.objects.filter(pk=consultancy.pk).update(
        risk_flags=[rules.LONG_HOURS_FLAG])
    shop = establishment_factory("中正小吃店", industry_code="G")
    inspection = with_finding(record(inspector, big, today - dt.timedelta(days=200)), inspector)
    penalty = proposed(inspection, inspector)
    services.penalty_approve(penalty=penalty, actor=supervisor,
                             decided_on=today - dt.timedelta(days=150))
    record(inspector, shop, today - dt.timedelta(days=10))
    from labor.core import services as core_services

    case = core_services.case_open(line="disputes", channel="counter", status="received")
    dispute = Dispute.objects.create(case=case, kind="mediation", applicant_kind="worker",
                                     route="mediator")
    DisputeParty.objects.create(dispute=dispute, side="respondent", establishment=big)
    return big, consultancy, shop


def test_the_ranking_lists_why_each_is_on_it(client, inspector, ranked):
    big, consultancy, shop = ranked
    client.force_login(inspector)
    page = text(client.get(reverse("inspections:risk")))
    assert page.index(consultancy.name) < page.index(big.name) < page.index(shop.name)
    assert "長工時註記（+4）" in page and "從未受檢（+5）" in page
    assert "過往裁罰 1 筆（+3）" in page and "申訴（勞資爭議相對人） 1 件（+2）" in page
    assert "規模 300人以上（+3）" in page
    page = text(client.get(reverse("inspections:risk"), {"district": "beitou"}))
    assert big.name in page and consultancy.name not in page


def test_the_ranking_exports_csv(client, inspector, ranked):
    _big, consultancy, _shop = ranked
    client.force_login(inspector)
    response = client.get(reverse("inspections:risk_csv"))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "排名,分數,統一編號,事業單位名稱,規模,行業,行政區,上次檢查日期,列入原因"
    assert lines[1].startswith(f"1,12,{consultancy.ubn},{consultancy.name},人數不明,M ")
    assert lines[1].endswith("行業 M（+3）；從未受檢（+5）；長工時註記（+4）")


def test_adding_the_selection_to_a_project(client, inspector, ranked):
    big, consultancy, _shop = ranked
    project = InspectionProject.objects.create(name="風險選案專案", source="bureau",
                                               year=timezone.localdate().year)
    client.force_login(inspector)
    url = reverse("inspections:risk_add")
    response = client.post(url, {"project": "", "top": 2})
    assert response.status_code == 400
    assert "請選擇專案。" in text(response)
    response = client.post(url, {"project": project.pk, "top": 0})
    assert response.status_code == 400
    assert "家數至少為 1。" in text(response)
    assert not project.targets.exists()
    response = client.post(url, {"project": project.pk, "top": 2, "band": "", "industry": "",
                                 "district": ""})
    assert response.status_code == 302
    assert set(project.targets.all()) == {consultancy, big}
    again = client.post(url, {"project": project.pk, "top": 3}, follow=True)
    assert "已將 1 家事業單位加入" in text(again)
    assert project.targets.count() == 3


# --- registries -----------------------------------------------------------------------------


def test_health_staffing_by_band_and_the_unstaffed_list(client, inspector,
                                                        establishment_factory):
    today = timezone.localdate()
    staffed = establishment_factory("內湖科技股份有限公司", headcounts=[(today, 320)])
    unstaffed = establishment_factory("士林醫材股份有限公司", headcounts=[(today, 150)])
    HealthStaffingReport.objects.create(establishment=staffed, reported_on=today, nurses=1)
    client.force_login(inspector)
    page = text(client.get(reverse("inspections:health_staffing")))
    assert "100.00%" in page and "0.00%" in page
    assert unstaffed.name in page and "從未申報" in page
    response = client.post(reverse("inspections:health_staffing"), {
        "establishment": unstaffed.ubn, "reported_on": today.isoformat(),
        "special_hazard_workers": -1, "nurses": 1, "physicians": 0})
    assert response.status_code == 400
    assert "不得為負數。" in text(response)
    assert not HealthStaffingReport.objects.filter(establishment=unstaffed).exists()
    response = client.post(reverse("inspections:health_staffing"), {
        "establishment": unstaffed.ubn, "reported_on": today.isoformat(),
        "special_hazard_workers": 0, "nurses": 1, "physicians": 0})
    assert response.status_code == 302
    page = text(client.get(reverse("inspections:health_staffing")))
    assert f"已登錄 {unstaffed.name} 之醫護人力資料。" in page
    assert "應配置之事業單位皆已配置。" in page


def test_confined_spaces_with_their_defect_rate(client, inspector, employer):
    client.force_login(inspector)
    response = client.post(reverse("inspections:confined_spaces"), {
        "establishment": employer.ubn, "space_kind": "", "registered_on": "2023-01-05"})
    assert response.status_code == 400
    assert "請選擇場所類別。" in text(response)
    assert not ConfinedSpace.objects.exists()
    response = client.post(reverse("inspections:confined_spaces"), {
        "establishment": employer.ubn, "space_kind": "wastewater", "description": "污水池",
        "registered_on": "2023-01-05"})
    assert response.status_code == 302
    space = ConfinedSpace.objects.get()
    with_finding(record(inspector, employer, kind=Kind.OSH, confined_space=space), inspector)
    record(inspector, employer, dt.date(2023, 5, 1), kind=Kind.OSH, confined_space=space)
    page = text(client.get(reverse("inspections:confined_spaces")))
    assert "50.00%" in page and "污水池" in page


def test_links_from_a_site_fill_in_the_form_even_for_an_old_site(client, inspector, employer):
    old = make_site(employer, name="舊工程", starts_on=dt.date(2015, 1, 1),
                    ends_on=dt.date(2016, 1, 1))
    client.force_login(inspector)
    page = text(client.get(reverse("inspections:new")))
    assert "舊工程" not in page  # long finished: not offered
    page = text(client.get(reverse("inspections:new"), {"site": old.pk, "kind": "osh"}))
    assert f'<option value="{old.pk}" selected>' in page
    response = client.post(reverse("inspections:new"), new_data(
        employer, kind="osh", ubn="", site=old.pk, inspected_on="2015-06-01"))
    assert response.status_code == 302
    assert Inspection.objects.get().site == old
