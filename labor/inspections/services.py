"""Every state change of an inspection, a penalty and a construction site. Module-level,
keyword-only, transactional (the shape of labor/disputes/services.py).

- Bad input raises ``ValidationError`` with zh-Hant messages keyed by field, before anything
  is written.
- Services that change an inspection take the ``version`` the caller read; the row is re-read
  under ``select_for_update`` and a different version raises ``StaleEdit``.
- Every change of an inspection or its penalties writes a ``CaseEvent``. Stop-work orders and
  alcohol tests belong to a site, which is not a case.
- Permissions are checked by views and the API; the services enforce the rules that hold
  whoever calls: a penalty is approved by someone other than its proposer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from labor.core import inputs
from labor.core import services as core_services
from labor.core.errors import FieldErrors as _Errors
from labor.core.formatting import local_date
from labor.core.models import CaseEvent, Channel, Establishment
from labor.core.settings_values import SettingMissing, dated_value
from labor.inspections import rules
from labor.inspections.models import (
    KIND_DOMAIN,
    LINE,
    AlcoholTest,
    Article,
    ConfinedSpace,
    ConstructionSite,
    Domain,
    Finding,
    GuidanceProvider,
    ImprovementNotice,
    Inspection,
    InspectionProject,
    InsuranceReferral,
    Kind,
    Method,
    Penalty,
    Status,
    StopWorkOrder,
)

STALE_MESSAGE = N_("此案件已由他人更新，請重新載入後再操作。")
MAX_MG_PER_L = Decimal("99.999")


class StaleEdit(ValidationError):
    """The inspection changed since the caller read it (optimistic lock)."""

    def __init__(self):
        super().__init__({NON_FIELD_ERRORS: [_(STALE_MESSAGE)]}, code="stale")


# ---------------------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return local_date(_now())


_date = inputs.date


def _not_future(day: dt.date | None, field: str, errors: _Errors):
    if day is not None and day > _today():
        errors.add(field, _("日期不得晚於今天。"))


def _text(value, field: str, errors: _Errors, limit: int, *, label: str) -> str:
    text = str(value or "").strip()
    if not text:
        errors.add(field, _("請輸入%(label)s。") % {"label": label})
    elif len(text) > limit:
        errors.add(field, _("%(label)s不得超過%(limit)d字。") % {"label": label, "limit": limit})
    return text


def _event(*, inspection: Inspection | int, action: str, actor, new_values=None,
           old_values=None, note: str = "") -> CaseEvent:
    case_id = inspection.pk if isinstance(inspection, Inspection) else inspection
    return CaseEvent.objects.create(
        case_id=case_id, at=_now(), actor=actor,
        actor_kind=CaseEvent.ActorKind.PERSON if actor is not None else CaseEvent.ActorKind.SYSTEM,
        action=action, new_values=new_values or {}, old_values=old_values or {}, note=note,
    )


def _lock(inspection: Inspection, version) -> Inspection:
    """Re-read the inspection under a row lock, check the caller's version and bump it."""
    locked = (Inspection.objects.select_for_update()
              .select_related("case").get(pk=inspection.pk))
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise StaleEdit() from None
    if version != locked.version:
        raise StaleEdit()
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


def _check_site_date(site: ConstructionSite | None, day: dt.date | None, field: str,
                     errors: _Errors):
    if site is not None and day is not None and day < site.starts_on:
        errors.add(field, _("日期早於工地開工日期（%(start)s），工地當時尚未存在。")
                   % {"start": site.starts_on.isoformat()})


def _open_case(*, inspection_kind: str, inspector, inspected_on: dt.date,
               establishment: Establishment | None, site: ConstructionSite | None,
               project: InspectionProject | None, parent: Inspection | None,
               actor, domain: str, guidance_provider: str = "",
               method: str = Method.ON_SITE,
               confined_space: ConfinedSpace | None = None) -> Inspection:
    subject = establishment or (site.contractor if site else None)
    case = core_services.case_open(
        line=LINE, channel=Channel.EX_OFFICIO, status=Status.RECORDED, actor=actor,
        establishment=subject, assigned_officer=inspector,
        summary=str(Kind(inspection_kind).label),
    )
    inspection = Inspection.objects.create(
        case=case, kind=inspection_kind, inspector=inspector, inspected_on=inspected_on,
        establishment=establishment, site=site, project=project, parent=parent,
        domain=domain, guidance_provider=guidance_provider, method=method,
        confined_space=confined_space,
    )
    _event(inspection=inspection, action="record", actor=actor, new_values={
        "kind": inspection_kind, "domain": domain, "method": method,
        "inspected_on": inspected_on.isoformat(),
        "establishment": establishment.pk if establishment else None,
        "site": site.pk if site else None, "parent": parent.pk if parent else None,
    })
    return inspection


# ---------------------------------------------------------------------------- inspections


@transaction.atomic
def inspection_record(*, kind: str, inspector, inspected_on, establishment=None, site=None,
                      project=None, actor=None, domain: str = "", guidance_provider: str = "",
                      method: str = Method.ON_SITE, confined_space=None) -> Inspection:
    """Record an inspection (opening its case). Refused: an unknown kind (a re-inspection is
    opened by ``re_inspection_open``), no establishment or site, a date in the future or
    before the site's start, a guidance visit without its provider (or a provider on another
    kind), a domain that contradicts the kind or the project.

    The domain follows from a regular inspection's kind; a guidance visit states it (or takes
    its provider's: 勞條健檢師 and 法遵輔導 are labor conditions, the OSH team and staff OSH)."""
    errors = _Errors()
    guidance_provider = guidance_provider or ""
    if kind not in Kind.values:
        errors.add("kind", _("檢查類別不正確。"))
    elif kind == Kind.RE_INSPECTION:
        errors.add("kind", _("複查須由原檢查案件開立。"))
    elif kind == Kind.GUIDANCE:
        if guidance_provider not in GuidanceProvider.values:
            errors.add("guidance_provider", _("輔導訪視請選擇輔導提供者。"))
        else:
            domain = domain or PROVIDER_DOMAIN[guidance_provider]
    elif guidance_provider:
        errors.add("guidance_provider", _("僅輔導訪視須填輔導提供者。"))
    if kind in KIND_DOMAIN:
        if domain and domain != KIND_DOMAIN[kind]:
            errors.add("domain", _("檢查領域與檢查類別不符。"))
        domain = KIND_DOMAIN[kind]
    if kind in Kind.values and kind != Kind.RE_INSPECTION and domain not in Domain.values:
        errors.add("domain", _("請選擇檢查領域。"))
    if isinstance(project, InspectionProject) and domain and project.domain != domain:
        errors.add("project", _("專案之檢查領域與本次檢查不符。"))
    if method not in Method.values:
        errors.add("method", _("檢查方式不正確。"))
    elif method == Method.REMOTE and (site is None or not getattr(site, "cctv_installed_on", None)):
        errors.add("method", _("視訊遠端監督檢查限已設置視訊監控系統之營造工地。"))
    if confined_space is not None and not isinstance(confined_space, ConfinedSpace):
        errors.add("confined_space", _("局限空間作業場所不正確。"))
        confined_space = None
    if inspector is None or not getattr(inspector, "pk", None):
        errors.add("inspector", _("請指定檢查員。"))
    if establishment is not None and not isinstance(establishment, Establishment):
        errors.add("establishment", _("事業單位不正確。"))
        establishment = None
    if site is not None and not isinstance(site, ConstructionSite):
        errors.add("site", _("營造工地不正確。"))
        site = None
    if project is not None and not isinstance(project, InspectionProject):
        errors.add("project", _("專案不正確。"))
    if establishment is None and site is None and "establishment" not in errors.by_field \
            and "site" not in errors.by_field:
        errors.add("establishment", _("請指定受檢事業單位或營造工地。"))
    day = _date(inspected_on, "inspected_on", errors)
    _not_future(day, "inspected_on", errors)
    _check_site_date(site, day, "inspected_on", errors)
    if method == Method.REMOTE and site is not None and day and site.cctv_installed_on \
            and day < site.cctv_installed_on:
        errors.add("inspected_on", _("檢查日期早於工地視訊監控系統設置日期。"))
    errors.raise_if_any()
    return _open_case(inspection_kind=kind, inspector=inspector, inspected_on=day,
                      establishment=establishment, site=site, project=project, parent=None,
                      actor=actor or inspector, domain=domain,
                      guidance_provider=guidance_provider, method=method,
                      confined_space=confined_space)


@transaction.atomic
def finding_add(*, inspection: Inspection, article: str, description: str, actor,
                version) -> Finding:
    errors = _Errors()
    article = _text(article, "article", errors, 200, label=_("違反法條"))
    description = _text(description, "description", errors, 4000, label=_("違規事實"))
    errors.raise_if_any()
    locked = _lock(inspection, version)
    finding = Finding.objects.create(inspection=locked, article=article,
                                     description=description)
    _event(inspection=locked, action="add_finding", actor=actor,
           new_values={"finding": finding.pk, "article": article})
    return finding


@transaction.atomic
def improvement_notice_issue(*, inspection: Inspection, due_on, actor,
                             version) -> ImprovementNotice:
    """An improvement notice with its deadline, after the inspection date."""
    errors = _Errors()
    day = _date(due_on, "due_on", errors)
    if day is not None and day <= inspection.inspected_on:
        errors.add("due_on", _("改善期限須晚於檢查日期。"))
    errors.raise_if_any()
    locked = _lock(inspection, version)
    if not locked.findings.filter(resolved_on__isnull=True).exists():
        raise ValidationError({NON_FIELD_ERRORS: [_("本次檢查沒有待改善的違規事項。")]},
                              code="nothing_to_improve")
    notice = ImprovementNotice.objects.create(inspection=locked, due_on=day)
    _event(inspection=locked, action="improvement_notice", actor=actor,
           new_values={"due_on": day.isoformat()})
    return notice


@transaction.atomic
def re_inspection_open(*, parent: Inspection, inspector, inspected_on, actor=None) -> Inspection:
    """Open a re-inspection of ``parent``: its open findings are carried forward as new
    findings (``carried_from``), the only ones the inspector rates."""
    errors = _Errors()
    if inspector is None or not getattr(inspector, "pk", None):
        errors.add("inspector", _("請指定檢查員。"))
    day = _date(inspected_on, "inspected_on", errors)
    _not_future(day, "inspected_on", errors)
    if day is not None and day < parent.inspected_on:
        errors.add("inspected_on", _("複查日期不得早於原檢查日期。"))
    errors.raise_if_any()
    parent = Inspection.objects.select_for_update().get(pk=parent.pk)
    open_findings = list(parent.findings.filter(resolved_on__isnull=True).order_by("id"))
    if not open_findings:
        raise ValidationError({NON_FIELD_ERRORS: [_("原檢查沒有待改善的違規事項，無須複查。")]},
                              code="nothing_to_reinspect")
    inspection = _open_case(inspection_kind=Kind.RE_INSPECTION, inspector=inspector,
                            inspected_on=day, establishment=parent.establishment,
                            site=parent.site, project=parent.project, parent=parent,
                            actor=actor or inspector, domain=parent.domain,
                            confined_space=parent.confined_space)
    Finding.objects.bulk_create([
        Finding(inspection=inspection, article=f.article, description=f.description,
                carried_from=f)
        for f in open_findings
    ])
    _event(inspection=parent, action="re_inspection_opened", actor=actor or inspector,
           new_values={"re_inspection": inspection.pk, "carried": len(open_findings)})
    return inspection


@transaction.atomic
def finding_rate(*, finding: Finding, resolved: bool, actor, version) -> Finding:
    """Rate a carried finding in a re-inspection: resolved (dated the re-inspection, and the
    finding it was carried from with it) or still open. Other findings are refused."""
    inspection = finding.inspection
    if inspection.kind != Kind.RE_INSPECTION or finding.carried_from_id is None:
        raise ValidationError(
            {"finding": [_("複查僅評定原檢查帶入之違規事項。")]}, code="not_carried"
        )
    locked = _lock(inspection, version)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    old = finding.resolved_on
    on = locked.inspected_on if resolved else None
    finding.resolved_on = on
    finding.save(update_fields=["resolved_on"])
    # The chain of earlier rows this one was carried from follows the rating.
    source_id = finding.carried_from_id
    while source_id is not None:
        source = Finding.objects.select_for_update().get(pk=source_id)
        source.resolved_on = on
        source.save(update_fields=["resolved_on"])
        source_id = source.carried_from_id
    _event(inspection=locked, action="rate_finding", actor=actor,
           old_values={"finding": finding.pk,
                       "resolved_on": old.isoformat() if old else None},
           new_values={"finding": finding.pk,
                       "resolved_on": on.isoformat() if on else None})
    return finding


# ---------------------------------------------------------------------------- penalties

_FINE_MESSAGES = {
    rules.FINE_NOT_WHOLE: N_("罰鍰金額請以元為單位，不含小數。"),
    rules.FINE_BELOW_MINIMUM: N_("罰鍰金額低於法定最低額新臺幣%(limit)s元。"),
    rules.FINE_ABOVE_MAXIMUM: N_("罰鍰金額高於法定最高額新臺幣%(limit)s元。"),
    rules.FINE_ABOVE_RAISED_CAP: N_("罰鍰金額高於法定最高額加重二分之一後之新臺幣%(limit)s元。"),
}


def _fine_amount(value, errors: _Errors) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool | float):
        errors.add("amount", _("請輸入罰鍰金額（新臺幣元）。"))
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors.add("amount", _("請輸入罰鍰金額（新臺幣元）。"))
        return None
    return number


# Dated-setting keys of each article's band (core/reference.py, inspections migration 0002).
_BAND_KEYS = {
    rules.ART_79_1: "lsa.fine.band1", rules.ART_79_2: "lsa.fine.band2",
    rules.ART_79_3: "lsa.fine.band3", rules.ART_78: "lsa.fine.art78",
    rules.OSH_43: "osh.fine.art43", rules.OSH_45: "osh.fine.art45",
}
_DOMAIN_OF_ARTICLE = {
    rules.ART_79_1: Domain.LABOR_CONDITIONS, rules.ART_79_2: Domain.LABOR_CONDITIONS,
    rules.ART_79_3: Domain.LABOR_CONDITIONS, rules.ART_78: Domain.LABOR_CONDITIONS,
    rules.OSH_43: Domain.OSH, rules.OSH_45: Domain.OSH,
}
PROVIDER_DOMAIN = {
    GuidanceProvider.COMPLIANCE_ADVISOR: Domain.LABOR_CONDITIONS,
    GuidanceProvider.COMPLIANCE_GUIDANCE: Domain.LABOR_CONDITIONS,
    GuidanceProvider.OSH_STAFF: Domain.OSH,
    GuidanceProvider.OSH_TEAM: Domain.OSH,
}


def fine_band_on(article: str, on: dt.date) -> tuple[rules.FineBand, Decimal]:
    """The band of ``article`` and the raise share in force on ``on`` (dated settings; the
    rules' DOMAIN.md defaults when a setting is missing, e.g. in a database without them)."""
    key = _BAND_KEYS[article]
    try:
        band = rules.FineBand(int(dated_value(f"{key}.min", on)),
                              int(dated_value(f"{key}.max", on)))
    except SettingMissing:
        band = rules.fine_band(article)
    try:
        share = dated_value("lsa.fine.raise_share_of_max", on)
    except SettingMissing:
        share = rules.DOMAIN_RAISE_SHARE
    return band, share


@transaction.atomic
def penalty_propose(*, inspection: Inspection, article: str, amount, factors: Mapping,
                    actor, version, breached: str = "") -> Penalty:
    """Propose a fine. The amount is validated against the article's band in force on the
    inspection date (rules.validate_fine; art. 79 fines may be raised up to 1.5× the maximum,
    art. 78 and OSH Act fines may not); the article must be of the inspection's domain; the
    provision breached (for the art. 80-1 list) and the factors behind the amount are
    recorded."""
    errors = _Errors()
    band = share = None
    if article not in Article.values:
        errors.add("article", _("處罰條文不正確。"))
    elif _DOMAIN_OF_ARTICLE[article] != inspection.domain:
        errors.add("article", _("處罰條文與檢查領域不符。"))
    else:
        band, share = fine_band_on(article, inspection.inspected_on)
    breached = _text(breached, "breached", errors, 200, label=_("違反條文")) if breached \
        else ""
    number = _fine_amount(amount, errors)
    if band is not None and number is not None:
        for problem in rules.validate_fine(
                number, band, raise_allowed=article in rules.RAISABLE_ARTICLES,
                raise_share=share):
            limit = f"{int(problem.limit):,}" if problem.limit is not None else ""
            errors.add("amount", _(_FINE_MESSAGES[problem.code]) % {"limit": limit})
    stated = None
    try:
        stated = rules.fine_factors(
            severity=str((factors or {}).get("severity") or ""),
            workers_affected=(factors or {}).get("workers_affected"),
            repeat_count=(factors or {}).get("repeat_count"),
            good_faith=(factors or {}).get("good_faith"),
        )
    except (TypeError, ValueError):
        errors.add("factors", _("請填寫違規情節、違反人數及過往違規次數（人數、次數為非負整數）。"))
    errors.raise_if_any()
    locked = _lock(inspection, version)
    penalty = Penalty.objects.create(
        inspection=locked, article=article, amount=int(number), breached=breached,
        factors=dataclasses.asdict(stated), proposed_by=actor,
    )
    _event(inspection=locked, action="propose_penalty", actor=actor,
           new_values={"penalty": penalty.pk, "article": article, "amount": int(number)})
    return penalty


@transaction.atomic
def penalty_approve(*, penalty: Penalty, actor, decided_on=None) -> Penalty:
    """A supervisor other than the proposer approves the fine: it is decided on
    ``decided_on`` (today by default) and published under art. 80-1."""
    errors = _Errors()
    day = _date(decided_on, "decided_on", errors, required=False) or _today()
    _not_future(day, "decided_on", errors)
    errors.raise_if_any()
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    if penalty.status != Penalty.Status.PROPOSED:
        raise ValidationError({"status": [_("此罰鍰已核定，不能再次核定。")]},
                              code="already_approved")
    if actor is None or actor.pk == penalty.proposed_by_id:
        raise ValidationError({"approved_by": [_("罰鍰須由擬處人員以外之主管核定。")]},
                              code="approver_is_proposer")
    if day < Inspection.objects.get(pk=penalty.inspection_id).inspected_on:
        raise ValidationError({"decided_on": [_("處分日期不得早於檢查日期。")]},
                              code="decided_before_inspection")
    penalty.status = Penalty.Status.APPROVED
    penalty.approved_by = actor
    penalty.decided_on = day
    penalty.published = True
    penalty.save(update_fields=["status", "approved_by", "decided_on", "published"])
    _event(inspection=penalty.inspection_id, action="approve_penalty", actor=actor,
           new_values={"penalty": penalty.pk, "decided_on": day.isoformat()})
    return penalty


@transaction.atomic
def penalty_mark_paid(*, penalty: Penalty, paid_on, actor) -> Penalty:
    """Record that an approved fine was paid (on or after the decision, not in the future)."""
    errors = _Errors()
    day = _date(paid_on, "paid_on", errors)
    _not_future(day, "paid_on", errors)
    errors.raise_if_any()
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    if penalty.status != Penalty.Status.APPROVED:
        raise ValidationError({"status": [_("僅已核定之罰鍰可登錄繳納。")]}, code="not_approved")
    if day < penalty.decided_on:
        raise ValidationError({"paid_on": [_("繳納日期不得早於處分日期。")]},
                              code="paid_before_decision")
    penalty.status = Penalty.Status.PAID
    penalty.paid_on = day
    penalty.save(update_fields=["status", "paid_on"])
    _event(inspection=penalty.inspection_id, action="penalty_paid", actor=actor,
           new_values={"penalty": penalty.pk, "paid_on": day.isoformat()})
    return penalty


@transaction.atomic
def insurance_referral_record(*, inspection: Inspection, uninsured_workers, referred_on,
                              actor) -> InsuranceReferral:
    """Refer workers found uninsured at ``inspection`` to the labour insurer."""
    errors = _Errors()
    day = _date(referred_on, "referred_on", errors)
    _not_future(day, "referred_on", errors)
    if day is not None and day < inspection.inspected_on:
        errors.add("referred_on", _("移送日期不得早於檢查日期。"))
    try:
        workers = int(str(uninsured_workers).replace(",", "").strip())
    except ValueError:
        workers = None
    if workers is None or workers < 1:
        errors.add("uninsured_workers", _("未投保人數應為 1 以上的整數。"))
    establishment = inspection.establishment or (inspection.site.contractor
                                                 if inspection.site else None)
    errors.raise_if_any()
    referral = InsuranceReferral.objects.create(
        inspection=inspection, establishment=establishment, uninsured_workers=workers,
        referred_on=day,
    )
    _event(inspection=inspection, action="insurance_referral", actor=actor,
           new_values={"referral": referral.pk, "workers": workers})
    return referral


# ---------------------------------------------------------------------------- sites


@transaction.atomic
def stop_work_issue(*, site: ConstructionSite, issued_on, actor) -> StopWorkOrder:
    errors = _Errors()
    day = _date(issued_on, "issued_on", errors)
    _not_future(day, "issued_on", errors)
    _check_site_date(site, day, "issued_on", errors)
    errors.raise_if_any()
    site = ConstructionSite.objects.select_for_update().get(pk=site.pk)
    if site.stop_work_orders.filter(lifted_on__isnull=True).exists():
        raise ValidationError({"site": [_("此工地已在停工中。")]}, code="already_stopped")
    return StopWorkOrder.objects.create(site=site, issued_on=day)


@transaction.atomic
def stop_work_lift(*, order: StopWorkOrder, lifted_on, actor) -> StopWorkOrder:
    errors = _Errors()
    day = _date(lifted_on, "lifted_on", errors)
    _not_future(day, "lifted_on", errors)
    order = StopWorkOrder.objects.select_for_update().get(pk=order.pk)
    if order.lifted_on is not None:
        errors.add("lifted_on", _("此停工令已解除。"))
    elif day is not None and day < order.issued_on:
        errors.add("lifted_on", _("復工日期不得早於停工日期。"))
    errors.raise_if_any()
    order.lifted_on = day
    order.save(update_fields=["lifted_on"])
    return order


@transaction.atomic
def alcohol_test_record(*, site: ConstructionSite, tested_on, mg_per_l, at_height: bool,
                        actor) -> AlcoholTest:
    """A breath test; referred when rules.alcohol_referral says so (≥ 0.15 mg/L at height)."""
    errors = _Errors()
    day = _date(tested_on, "tested_on", errors)
    _not_future(day, "tested_on", errors)
    _check_site_date(site, day, "tested_on", errors)
    reading = None
    if isinstance(mg_per_l, bool) or mg_per_l is None or mg_per_l == "":
        errors.add("mg_per_l", _("請輸入酒測值。"))
    else:
        try:
            reading = Decimal(str(mg_per_l).strip())
        except InvalidOperation:
            reading = None
        if reading is None or not reading.is_finite() or reading < 0 \
                or reading > MAX_MG_PER_L or reading != reading.quantize(Decimal("0.001")):
            errors.add("mg_per_l", _("酒測值須為0以上、至多小數三位之數值。"))
            reading = None
    errors.raise_if_any()
    return AlcoholTest.objects.create(
        site=site, tested_on=day, mg_per_l=reading, at_height=bool(at_height),
        referred=rules.alcohol_referral(reading, bool(at_height)),
    )


# ---------------------------------------------------------------------------- site registry


def _site_values(*, name, contractor, public, address, district, starts_on, ends_on, grade,
                 cctv_installed_on, errors: _Errors) -> dict:
    from labor.core.models import District

    values = {
        "name": _text(name, "name", errors, 200, label=_("工程名稱")),
        "address": str(address or "").strip()[:200],
        "public": bool(public),
    }
    if not isinstance(contractor, Establishment):
        errors.add("contractor", _("請指定承攬事業單位。"))
    values["contractor"] = contractor
    if not isinstance(district, District):
        errors.add("district", _("請選擇行政區。"))
    values["district"] = district
    if grade not in {g.value for g in rules.SiteGrade}:
        errors.add("grade", _("請選擇風險等級。"))
    values["grade"] = grade
    start = _date(starts_on, "starts_on", errors)
    end = _date(ends_on, "ends_on", errors)
    if start and end and end < start:
        errors.add("ends_on", _("預定完工日期不得早於開工日期。"))
    cctv = _date(cctv_installed_on, "cctv_installed_on", errors, required=False)
    _not_future(cctv, "cctv_installed_on", errors)
    values.update(starts_on=start, ends_on=end, cctv_installed_on=cctv)
    return values


@transaction.atomic
def site_create(*, name, contractor, district, starts_on, ends_on, grade, actor,
                public: bool = False, address: str = "",
                cctv_installed_on=None) -> ConstructionSite:
    """Register a construction site. Refused: no name, contractor or district, an unknown
    grade, an end before the start, a CCTV date in the future."""
    errors = _Errors()
    values = _site_values(name=name, contractor=contractor, public=public, address=address,
                          district=district, starts_on=starts_on, ends_on=ends_on, grade=grade,
                          cctv_installed_on=cctv_installed_on, errors=errors)
    errors.raise_if_any()
    return ConstructionSite.objects.create(**values)


@transaction.atomic
def site_update(*, site: ConstructionSite, name, contractor, district, starts_on, ends_on,
                grade, actor, public: bool = False, address: str = "",
                cctv_installed_on=None) -> ConstructionSite:
    """Change a site's particulars, with the checks of ``site_create``; the start may not move
    after a day something already happened there (an inspection, a stop-work order, an alcohol
    test), nor the CCTV date after a remote inspection."""
    errors = _Errors()
    values = _site_values(name=name, contractor=contractor, public=public, address=address,
                          district=district, starts_on=starts_on, ends_on=ends_on, grade=grade,
                          cctv_installed_on=cctv_installed_on, errors=errors)
    site = ConstructionSite.objects.select_for_update().get(pk=site.pk)
    start = values["starts_on"]
    if start is not None:
        days = [d for d in (
            site.inspections.order_by("inspected_on").values_list("inspected_on", flat=True)
            .first(),
            site.stop_work_orders.order_by("issued_on").values_list("issued_on", flat=True)
            .first(),
            site.alcohol_tests.order_by("tested_on").values_list("tested_on", flat=True).first(),
        ) if d is not None]
        if days and start > min(days):
            errors.add("starts_on", _("開工日期不得晚於本工地已有之檢查或處置日期（%(day)s）。")
                       % {"day": min(days).isoformat()})
    cctv = values["cctv_installed_on"]
    first_remote = (site.inspections.filter(method=Method.REMOTE).order_by("inspected_on")
                    .values_list("inspected_on", flat=True).first())
    if first_remote is not None and (cctv is None or cctv > first_remote):
        errors.add("cctv_installed_on",
                   _("本工地已有視訊遠端監督檢查（%(day)s），視訊監控設置日期不得晚於該日或刪除。")
                   % {"day": first_remote.isoformat()})
    errors.raise_if_any()
    for field, value in values.items():
        setattr(site, field, value)
    site.save()
    return site


# ---------------------------------------------------------------------------- registries


@transaction.atomic
def confined_space_register(*, establishment, space_kind: str, registered_on, actor,
                            description: str = "", site=None) -> ConfinedSpace:
    """Put a confined space on the registry (局限空間作業場所列管)."""
    errors = _Errors()
    if not isinstance(establishment, Establishment):
        errors.add("establishment", _("請指定事業單位。"))
    if space_kind not in ConfinedSpace.SpaceKind.values:
        errors.add("space_kind", _("請選擇場所類別。"))
    if site is not None and not isinstance(site, ConstructionSite):
        errors.add("site", _("營造工地不正確。"))
        site = None
    day = _date(registered_on, "registered_on", errors)
    _not_future(day, "registered_on", errors)
    description = str(description or "").strip()
    if len(description) > 200:
        errors.add("description", _("%(label)s不得超過%(limit)d字。")
                   % {"label": _("說明"), "limit": 200})
    errors.raise_if_any()
    return ConfinedSpace.objects.create(establishment=establishment, site=site,
                                        space_kind=space_kind, description=description,
                                        registered_on=day)


def _count(value, field: str, errors: _Errors, label: str) -> int | None:
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        number = None
    if number is None or number < 0:
        errors.add(field, _("%(label)s應為 0 以上的整數。") % {"label": label})
        return None
    return number


@transaction.atomic
def health_staffing_record(*, establishment, reported_on, special_hazard_workers, nurses,
                           physicians, actor):
    """One establishment's health-service staffing on a date (勞工健康服務醫護人力). One
    report a day per establishment: a second one the same day is refused."""
    from labor.inspections.models import HealthStaffingReport

    errors = _Errors()
    if not isinstance(establishment, Establishment):
        errors.add("establishment", _("請指定事業單位。"))
    day = _date(reported_on, "reported_on", errors)
    _not_future(day, "reported_on", errors)
    hazard = _count(special_hazard_workers, "special_hazard_workers", errors,
                    _("特別危害健康作業人數"))
    nurse_count = _count(nurses, "nurses", errors, _("護理人員數"))
    physician_count = _count(physicians, "physicians", errors, _("醫師數"))
    if (day is not None and isinstance(establishment, Establishment)
            and HealthStaffingReport.objects.filter(establishment=establishment,
                                                    reported_on=day).exists()):
        errors.add("reported_on", _("此事業單位於該日已有資料。"))
    errors.raise_if_any()
    return HealthStaffingReport.objects.create(
        establishment=establishment, reported_on=day, special_hazard_workers=hazard,
        nurses=nurse_count, physicians=physician_count,
    )


@transaction.atomic
def project_targets_add(*, project: InspectionProject, establishments, actor) -> int:
    """Add establishments to a project's target list (e.g. a risk-based selection); those
    already on it are left alone. Returns how many were added."""
    if not isinstance(project, InspectionProject):
        raise ValidationError({"project": [_("請選擇專案。")]}, code="no_project")
    wanted = {e.pk if isinstance(e, Establishment) else int(e) for e in establishments}
    if not wanted:
        raise ValidationError({NON_FIELD_ERRORS: [_("沒有可加入的事業單位。")]},
                              code="nothing_to_add")
    project = InspectionProject.objects.select_for_update().get(pk=project.pk)
    existing = set(project.targets.filter(pk__in=wanted).values_list("pk", flat=True))
    known = set(Establishment.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    new = sorted(known - existing)
    project.targets.add(*new)
    return len(new)
