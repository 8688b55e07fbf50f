"""Services and selectors of the inspection line on the database: recording inspections,
findings and re-inspections, penalties and their approval, sites, the art. 80-1 list."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from labor.core.models import CaseEvent
from labor.inspections import selectors, services
from labor.inspections.models import (
    ConstructionSite,
    Finding,
    Inspection,
    Kind,
    Penalty,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

FACTORS = {"severity": "未依法給付加班費", "workers_affected": 12, "repeat_count": 1,
           "good_faith": False}


@pytest.fixture
def inspector(staff_user):
    return staff_user("inspector")


@pytest.fixture
def supervisor(staff_user):
    return staff_user("supervisor")


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安營造股份有限公司", representative="林大同")


def make_site(employer, *, name="信義路新建工程", grade="high", starts_on=dt.date(2023, 1, 1),
              ends_on=dt.date(2023, 12, 31)):
    return ConstructionSite.objects.create(
        name=name, contractor=employer, public=False, address="臺北市大安區信義路四段1號",
        district=employer.district, starts_on=starts_on, ends_on=ends_on, grade=grade,
    )


def record(inspector, employer, day=dt.date(2023, 3, 1), **kwargs):
    kwargs.setdefault("establishment", employer)
    return services.inspection_record(kind=Kind.LABOR_CONDITIONS, inspector=inspector,
                                      inspected_on=day, **kwargs)


def errors(exc_info):
    return exc_info.value.message_dict


# ---------------------------------------------------------------------------- inspections


def test_record_opens_a_case_in_the_inspection_line(inspector, employer):
    inspection = record(inspector, employer)
    assert inspection.case.line == "inspections"
    assert "-INS-" in inspection.case.number
    assert inspection.case.establishment == employer
    assert CaseEvent.objects.filter(case=inspection.case, action="record").exists()


def test_record_refuses_an_inspection_before_the_site_started(inspector, employer):
    site = make_site(employer, starts_on=dt.date(2023, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                   inspected_on=dt.date(2023, 2, 28))
    assert "開工" in errors(exc)["inspected_on"][0]
    assert not Inspection.objects.exists()
    on_start = services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                          inspected_on=dt.date(2023, 3, 1))
    assert on_start.case.establishment == employer


def test_record_refuses_a_future_date(inspector, employer):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        record(inspector, employer, tomorrow)
    assert errors(exc)["inspected_on"] == ["日期不得晚於今天。"]


def test_record_refuses_malformed_data_by_field(inspector):
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(kind="audit", inspector=None, inspected_on="2023-13-01")
    found = errors(exc)
    assert set(found) == {"kind", "inspector", "establishment", "inspected_on"}
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(kind=Kind.RE_INSPECTION, inspector=inspector,
                                   inspected_on="2023-03-01", establishment=None)
    assert "kind" in errors(exc)


def test_stale_version_is_refused(inspector, employer):
    inspection = record(inspector, employer)
    services.finding_add(inspection=inspection, article="勞動基準法第24條",
                         description="未給付延長工時工資", actor=inspector, version=1)
    with pytest.raises(services.StaleEdit):
        services.finding_add(inspection=inspection, article="勞動基準法第32條",
                             description="延長工時超過上限", actor=inspector, version=1)


# ---------------------------------------------------------------------------- re-inspection


def test_re_inspection_carries_open_findings_and_rates_only_those(inspector, employer):
    first = record(inspector, employer)
    a = services.finding_add(inspection=first, article="勞動基準法第24條",
                             description="未給付延長工時工資", actor=inspector, version=1)
    b = services.finding_add(inspection=first, article="勞動基準法第30條",
                             description="未置備出勤紀錄", actor=inspector, version=2)
    services.improvement_notice_issue(inspection=first, due_on=dt.date(2023, 3, 31),
                                      actor=inspector, version=3)

    second = services.re_inspection_open(parent=first, inspector=inspector,
                                         inspected_on=dt.date(2023, 4, 10))
    assert second.kind == Kind.RE_INSPECTION and second.parent == first
    assert second.establishment == employer
    carried = list(second.findings.order_by("id"))
    assert [f.carried_from_id for f in carried] == [a.pk, b.pk]
    assert [f.article for f in carried] == [a.article, b.article]

    services.finding_rate(finding=carried[0], resolved=True, actor=inspector, version=1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.resolved_on == dt.date(2023, 4, 10)
    assert b.resolved_on is None

    # A finding found anew in the re-inspection is not rated there.
    extra = services.finding_add(inspection=second, article="勞動基準法第38條",
                                 description="未給予特別休假", actor=inspector, version=2)
    with pytest.raises(ValidationError) as exc:
        services.finding_rate(finding=extra, resolved=True, actor=inspector, version=3)
    assert "finding" in errors(exc)
    # Nor is a finding of an ordinary inspection.
    with pytest.raises(ValidationError):
        services.finding_rate(finding=b, resolved=True, actor=inspector, version=4)

    # The next re-inspection of the first carries only what is still open.
    third = services.re_inspection_open(parent=first, inspector=inspector,
                                        inspected_on=dt.date(2023, 5, 10))
    assert [f.carried_from_id for f in third.findings.all()] == [b.pk]


def test_re_inspection_refuses_a_date_before_the_original(inspector, employer):
    first = record(inspector, employer)
    services.finding_add(inspection=first, article="勞動基準法第24條", description="x",
                         actor=inspector, version=1)
    with pytest.raises(ValidationError) as exc:
        services.re_inspection_open(parent=first, inspector=inspector,
                                    inspected_on=dt.date(2023, 2, 1))
    assert "inspected_on" in errors(exc)
    assert Finding.objects.count() == 1


def test_improvement_notice_due_after_the_inspection(inspector, employer):
    inspection = record(inspector, employer)
    services.finding_add(inspection=inspection, article="勞動基準法第24條", description="x",
                         actor=inspector, version=1)
    with pytest.raises(ValidationError) as exc:
        services.improvement_notice_issue(inspection=inspection, due_on="2023-03-01",
                                          actor=inspector, version=2)
    assert "due_on" in errors(exc)


# ---------------------------------------------------------------------------- penalties


@pytest.mark.parametrize(("article", "amount", "message"), [
    ("79-1", 19_999, "低於法定最低額新臺幣20,000元"),
    ("79-1", 1_500_001, "加重二分之一後之新臺幣1,500,000元"),
    ("79-2", 675_001, "加重二分之一後之新臺幣675,000元"),
    ("78", 1_500_001, "高於法定最高額新臺幣1,500,000元"),
    ("78", 299_999, "低於法定最低額新臺幣300,000元"),
    ("79-3", "20000.5", "不含小數"),
    ("79-3", "二萬", "請輸入罰鍰金額"),
])
def test_penalty_outside_its_band_is_refused(inspector, employer, article, amount, message):
    inspection = record(inspector, employer)
    with pytest.raises(ValidationError) as exc:
        services.penalty_propose(inspection=inspection, article=article, amount=amount,
                                 factors=FACTORS, actor=inspector, version=1)
    assert any(message in text for text in errors(exc)["amount"])
    assert not Penalty.objects.exists()


@pytest.mark.parametrize(("article", "amount"), [
    ("79-1", 20_000), ("79-1", 1_500_000), ("79-2", 675_000), ("78", 1_500_000),
])
def test_penalty_within_its_band_or_raised_cap_is_proposed(inspector, employer, article,
                                                          amount):
    inspection = record(inspector, employer)
    penalty = services.penalty_propose(inspection=inspection, article=article, amount=amount,
                                       factors=FACTORS, actor=inspector, version=1)
    assert penalty.amount == amount and penalty.status == Penalty.Status.PROPOSED
    assert penalty.factors["workers_affected"] == 12


def test_penalty_refuses_an_unknown_article_and_missing_factors(inspector, employer):
    inspection = record(inspector, employer)
    with pytest.raises(ValidationError) as exc:
        services.penalty_propose(inspection=inspection, article="80", amount=50_000,
                                 factors={"severity": ""}, actor=inspector, version=1)
    assert set(errors(exc)) == {"article", "factors"}


def test_penalty_approval_by_the_proposer_is_refused(inspector, supervisor, employer):
    inspection = record(inspector, employer)
    penalty = services.penalty_propose(inspection=inspection, article="79-1", amount=50_000,
                                       factors=FACTORS, actor=inspector, version=1)
    with pytest.raises(ValidationError) as exc:
        services.penalty_approve(penalty=penalty, actor=inspector)
    assert "approved_by" in errors(exc)
    penalty.refresh_from_db()
    assert penalty.status == Penalty.Status.PROPOSED

    approved = services.penalty_approve(penalty=penalty, actor=supervisor,
                                        decided_on=dt.date(2023, 3, 20))
    assert approved.approved_by == supervisor and approved.published
    with pytest.raises(ValidationError):
        services.penalty_approve(penalty=penalty, actor=supervisor)


def test_database_refuses_approval_by_the_proposer(inspector, employer):
    inspection = record(inspector, employer)
    penalty = services.penalty_propose(inspection=inspection, article="79-1", amount=50_000,
                                       factors=FACTORS, actor=inspector, version=1)
    penalty.status = Penalty.Status.APPROVED
    penalty.approved_by = inspector
    penalty.decided_on = dt.date(2023, 3, 20)
    with pytest.raises(IntegrityError), transaction.atomic():
        penalty.save()


def test_published_penalties_list_art_80_1(inspector, supervisor, employer,
                                           establishment_factory):
    inspection = record(inspector, employer)
    penalty = services.penalty_propose(inspection=inspection, article="79-1", amount=50_000,
                                       factors=FACTORS, actor=inspector, version=1)
    services.penalty_approve(penalty=penalty, actor=supervisor, decided_on=dt.date(2023, 3, 20))
    # A proposed fine is not on the list.
    other = record(inspector, establishment_factory("未核定公司"))
    services.penalty_propose(inspection=other, article="79-3", amount=20_000, factors=FACTORS,
                             actor=inspector, version=1)
    # A site's fine names the contractor.
    site = make_site(employer)
    at_site = services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                         inspected_on=dt.date(2023, 4, 1))
    fine = services.penalty_propose(inspection=at_site, article="osh-43", amount=300_000,
                                    factors=FACTORS, actor=inspector, version=1,
                                    breached="職業安全衛生法第6條第1項")
    services.penalty_approve(penalty=fine, actor=supervisor, decided_on=dt.date(2023, 4, 15))

    rows = selectors.published_penalties()
    assert [(r.employer, r.representative, r.decided_on, r.article, r.breached, r.amount)
            for r in rows] == [
        ("大安營造股份有限公司", "林大同", dt.date(2023, 4, 15), "職業安全衛生法第43條",
         "職業安全衛生法第6條第1項", 300_000),
        ("大安營造股份有限公司", "林大同", dt.date(2023, 3, 20), "勞動基準法第79條第1項", "",
         50_000),
    ]


def test_penalty_article_must_match_the_inspection_domain(inspector, employer):
    labor = record(inspector, employer)
    with pytest.raises(ValidationError) as caught:
        services.penalty_propose(inspection=labor, article="osh-43", amount=30_000,
                                 factors=FACTORS, actor=inspector, version=1)
    assert caught.value.message_dict == {"article": ["處罰條文與檢查領域不符。"]}


@pytest.mark.parametrize(("amount", "ok"), [(2_999, False), (3_000, True), (30_000, True),
                                            (30_001, False), (45_000, False)])
def test_osh_art_45_band_has_no_raise(inspector, employer, amount, ok):
    site = make_site(employer)
    osh = services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                     inspected_on=dt.date(2023, 4, 1))
    call = partial(services.penalty_propose, inspection=osh, article="osh-45", amount=amount,
                   factors=FACTORS, actor=inspector, version=1)
    if ok:
        assert call().amount == amount
    else:
        with pytest.raises(ValidationError) as caught:
            call()
        assert set(caught.value.message_dict) == {"amount"}
        assert not Penalty.objects.exists()


def test_a_fine_is_paid_after_its_decision(inspector, supervisor, employer):
    inspection = record(inspector, employer)
    penalty = services.penalty_propose(inspection=inspection, article="79-1", amount=50_000,
                                       factors=FACTORS, actor=inspector, version=1)
    with pytest.raises(ValidationError):  # not approved yet
        services.penalty_mark_paid(penalty=penalty, paid_on=dt.date(2023, 4, 1), actor=supervisor)
    services.penalty_approve(penalty=penalty, actor=supervisor, decided_on=dt.date(2023, 3, 20))
    with pytest.raises(ValidationError) as caught:
        services.penalty_mark_paid(penalty=penalty, paid_on=dt.date(2023, 3, 19),
                                   actor=supervisor)
    assert "paid_on" in caught.value.message_dict
    paid = services.penalty_mark_paid(penalty=penalty, paid_on=dt.date(2023, 4, 1),
                                      actor=supervisor)
    assert (paid.status, paid.paid_on) == ("paid", dt.date(2023, 4, 1))
    assert [r.penalty_id for r in selectors.published_penalties()] == [penalty.pk]


def test_guidance_needs_its_provider_and_takes_its_domain(inspector, employer):
    with pytest.raises(ValidationError) as caught:
        services.inspection_record(kind=Kind.GUIDANCE, inspector=inspector,
                                   establishment=employer, inspected_on=dt.date(2023, 3, 1))
    assert "guidance_provider" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.inspection_record(kind=Kind.OSH, inspector=inspector, establishment=employer,
                                   inspected_on=dt.date(2023, 3, 1),
                                   guidance_provider="osh_team")
    assert "guidance_provider" in caught.value.message_dict
    advisor = services.inspection_record(kind=Kind.GUIDANCE, inspector=inspector,
                                         establishment=employer, inspected_on=dt.date(2023, 3, 1),
                                         guidance_provider="compliance_advisor")
    team = services.inspection_record(kind=Kind.GUIDANCE, inspector=inspector,
                                      establishment=employer, inspected_on=dt.date(2023, 3, 1),
                                      guidance_provider="osh_team")
    assert (advisor.domain, team.domain) == ("labor_conditions", "osh")


def test_remote_inspection_only_of_a_site_with_cctv(inspector, employer):
    site = make_site(employer)
    with pytest.raises(ValidationError) as caught:
        services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                   inspected_on=dt.date(2023, 4, 1), method="remote")
    assert "method" in caught.value.message_dict
    site.cctv_installed_on = dt.date(2023, 3, 1)
    site.save()
    with pytest.raises(ValidationError) as caught:
        services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                   inspected_on=dt.date(2023, 2, 20), method="remote")
    assert "inspected_on" in caught.value.message_dict
    remote = services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                        inspected_on=dt.date(2023, 4, 1), method="remote")
    assert remote.method == "remote"


def test_uninsured_workers_are_referred_to_the_insurer(inspector, employer):
    inspection = record(inspector, employer)
    with pytest.raises(ValidationError) as caught:
        services.insurance_referral_record(inspection=inspection, uninsured_workers=0,
                                           referred_on=inspection.inspected_on, actor=inspector)
    assert "uninsured_workers" in caught.value.message_dict
    referral = services.insurance_referral_record(
        inspection=inspection, uninsured_workers="3", referred_on=inspection.inspected_on,
        actor=inspector)
    assert (referral.establishment, referral.uninsured_workers) == (employer, 3)


# ---------------------------------------------------------------------------- sites


def test_sites_overdue_by_grade(inspector, employer):
    start = dt.date(2023, 1, 1)
    high = make_site(employer, name="高風險工地", grade="high", starts_on=start)
    medium = make_site(employer, name="次風險工地", grade="medium", starts_on=start)
    general = make_site(employer, name="一般工地", grade="general", starts_on=start)
    for site in (high, medium, general):
        services.inspection_record(kind=Kind.OSH, inspector=inspector, site=site,
                                   inspected_on=dt.date(2023, 1, 15))
    today = dt.date(2023, 4, 15)
    rows = selectors.sites_overdue(today)
    # High: windows Feb and Mar passed uninspected; medium: Mar-Apr window still open.
    assert [(row.site.name, row.overdue) for row in rows] == [
        ("高風險工地", [dt.date(2023, 2, 28), dt.date(2023, 3, 31)]),
    ]
    services.inspection_record(kind=Kind.OSH, inspector=inspector, site=medium,
                               inspected_on=dt.date(2023, 2, 1))
    rows = selectors.sites_overdue(dt.date(2023, 5, 2))
    names = [row.site.name for row in rows]
    assert names == ["高風險工地", "次風險工地"]
    assert rows[1].overdue == [dt.date(2023, 4, 30)]
    assert general not in [row.site for row in rows]


def test_stop_work_issue_and_lift(inspector, employer):
    site = make_site(employer)
    order = services.stop_work_issue(site=site, issued_on=dt.date(2023, 5, 1), actor=inspector)
    with pytest.raises(ValidationError):
        services.stop_work_issue(site=site, issued_on=dt.date(2023, 5, 2), actor=inspector)
    with pytest.raises(ValidationError) as exc:
        services.stop_work_lift(order=order, lifted_on=dt.date(2023, 4, 30), actor=inspector)
    assert "lifted_on" in errors(exc)
    services.stop_work_lift(order=order, lifted_on=dt.date(2023, 5, 3), actor=inspector)
    order.refresh_from_db()
    assert order.lifted_on == dt.date(2023, 5, 3)
    with pytest.raises(ValidationError) as exc:
        services.stop_work_issue(site=site, issued_on=dt.date(2022, 12, 1), actor=inspector)
    assert "issued_on" in errors(exc)


@pytest.mark.parametrize(("reading", "at_height", "referred"), [
    ("0.15", True, True), ("0.149", True, False), ("0.30", False, False), (0.15, True, True),
])
def test_alcohol_test_referral(inspector, employer, reading, at_height, referred):
    site = make_site(employer)
    test = services.alcohol_test_record(site=site, tested_on=dt.date(2023, 6, 1),
                                        mg_per_l=reading, at_height=at_height, actor=inspector)
    assert test.referred is referred
    assert test.mg_per_l == Decimal(str(reading))


def test_alcohol_test_refuses_a_bad_reading(inspector, employer):
    site = make_site(employer)
    with pytest.raises(ValidationError) as exc:
        services.alcohol_test_record(site=site, tested_on="2023-06-01", mg_per_l="-0.1",
                                     at_height=True, actor=inspector)
    assert "mg_per_l" in errors(exc)
