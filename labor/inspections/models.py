"""Labor-conditions and occupational-safety inspections (勞動檢查), construction sites and
penalties (勞動基準法 arts. 78, 79, 80-1).

An inspection is a core.Case (line "inspections", prefix INS) with the tables below. Every
change goes through labor/inspections/services.py; the statutory rules are in rules.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Case, District, Establishment, Unit
from labor.inspections import rules

LINE = "inspections"


class Status(models.TextChoices):
    """Case.status of an inspection."""

    RECORDED = "recorded", _("已檢查")


class Kind(models.TextChoices):
    LABOR_CONDITIONS = "labor_conditions", _("勞動條件檢查")
    OSH = "osh", _("職業安全衛生檢查")
    GUIDANCE = "guidance", _("輔導訪視")
    RE_INSPECTION = "re_inspection", _("複查")


class Domain(models.TextChoices):
    """Which body of law an inspection, a project or a penalty belongs to. The council report
    counts the two apart (貳.一.(二) labor conditions, 貳.二.(二) occupational safety)."""

    LABOR_CONDITIONS = "labor_conditions", _("勞動條件")
    OSH = "osh", _("職業安全衛生")


# A regular inspection's kind fixes its domain; guidance and re-inspections carry one.
KIND_DOMAIN = {"labor_conditions": "labor_conditions", "osh": "osh"}


class GuidanceProvider(models.TextChoices):
    """Who made a guidance visit (輔導訪視): the counts differ by provider in the report."""

    COMPLIANCE_ADVISOR = "compliance_advisor", _("勞條健檢師入場輔導")
    COMPLIANCE_GUIDANCE = "compliance_guidance", _("勞動檢查處法遵輔導")
    OSH_STAFF = "osh_staff", _("職安衛專責人員輔導")
    OSH_TEAM = "osh_team", _("職安衛輔導團輔導")


class Method(models.TextChoices):
    ON_SITE = "on_site", _("現場檢查")
    REMOTE = "remote", _("視訊遠端監督檢查")


class Grade(models.TextChoices):
    HIGH = rules.SiteGrade.HIGH.value, _("高風險")
    MEDIUM = rules.SiteGrade.MEDIUM.value, _("次風險")
    GENERAL = rules.SiteGrade.GENERAL.value, _("一般")


class Article(models.TextChoices):
    ART_79_1 = rules.ART_79_1, _("勞動基準法第79條第1項")
    ART_79_2 = rules.ART_79_2, _("勞動基準法第79條第2項")
    ART_79_3 = rules.ART_79_3, _("勞動基準法第79條第3項")
    ART_78 = rules.ART_78, _("勞動基準法第78條第1項")
    OSH_43 = rules.OSH_43, _("職業安全衛生法第43條")
    OSH_45 = rules.OSH_45, _("職業安全衛生法第45條")


class InspectionPlan(models.Model):
    """The annual target of one kind of inspection (e.g. 9,400 labor-conditions inspections)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("檢查類別"), max_length=20, choices=Kind.choices)
    target = models.PositiveIntegerField(_("目標件數"))

    class Meta:
        verbose_name = _("檢查計畫")
        verbose_name_plural = _("檢查計畫")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="inspection_plan_one_per_kind")
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}"


class InspectionProject(models.Model):
    """An inspection campaign (專案檢查) of the ministry or of the bureau."""

    class Source(models.TextChoices):
        MINISTRY = "ministry", _("勞動部")
        BUREAU = "bureau", _("本局")

    name = models.CharField(_("專案名稱"), max_length=200)
    source = models.CharField(_("專案來源"), max_length=16, choices=Source.choices)
    theme = models.CharField(_("主題"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    domain = models.CharField(_("檢查領域"), max_length=20, choices=Domain.choices,
                              default=Domain.LABOR_CONDITIONS)
    # The unit that runs it: the report counts the bureau's (勞動基準科) and the inspection
    # office's (勞動檢查處) projects apart.
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("執行單位"))
    # A stable key for the projects the council report names (public_works, road_works,
    # social_housing, lpg, health_management, high_hours, ...); blank for the others.
    code = models.SlugField(_("代碼"), max_length=40, blank=True)
    targets = models.ManyToManyField(Establishment, blank=True, related_name="+",
                                     verbose_name=_("目標事業單位"))

    class Meta:
        verbose_name = _("專案檢查")
        verbose_name_plural = _("專案檢查")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], condition=~Q(code=""),
                                    name="inspection_project_code_once_a_year"),
        ]

    def __str__(self):
        return self.name


class CoveragePlan(models.Model):
    """A multi-year plan to inspect every establishment of a headcount band by a deadline
    (e.g. every firm of 50-99 workers, 2023-2026)."""

    name = models.CharField(_("計畫名稱"), max_length=200)
    min_headcount = models.PositiveIntegerField(_("僱用人數下限"))
    max_headcount = models.PositiveIntegerField(_("僱用人數上限"))
    starts_on = models.DateField(_("計畫開始日"))
    deadline = models.DateField(_("完成期限"))
    # The population is fixed on this day ("以111年為基準"): the establishments with a
    # headcount in the band then, so that the coverage rate does not move with later hiring.
    baseline_on = models.DateField(_("母體基準日"))

    class Meta:
        verbose_name = _("全面檢查計畫")
        verbose_name_plural = _("全面檢查計畫")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(max_headcount__gte=F("min_headcount")),
                                   name="coverage_plan_band_ordered"),
            models.CheckConstraint(condition=Q(deadline__gt=F("starts_on")),
                                   name="coverage_plan_deadline_after_start"),
        ]

    def __str__(self):
        return self.name


class ConstructionSite(models.Model):
    """A construction site (營造工地) with its risk grade (臺北市營造工地分級勞動檢查要點)."""

    name = models.CharField(_("工程名稱"), max_length=200)
    contractor = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                   related_name="construction_sites",
                                   verbose_name=_("承攬事業單位"))
    public = models.BooleanField(_("公共工程"), default=False)
    address = models.CharField(_("工地地址"), max_length=200, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("行政區"))
    starts_on = models.DateField(_("開工日期"))
    ends_on = models.DateField(_("預定完工日期"))
    grade = models.CharField(_("風險等級"), max_length=8, choices=Grade.choices)
    # The day the site's safety CCTV (勞動安全視訊監控系統) was connected for remote inspection.
    cctv_installed_on = models.DateField(_("視訊監控設置日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("營造工地")
        verbose_name_plural = _("營造工地")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="site_ends_after_start")
        ]

    def __str__(self):
        return self.name


class ConfinedSpace(models.Model):
    """A confined space where work is done (局限空間作業場所), in the registry that the
    confined-space project inspects."""

    class SpaceKind(models.TextChoices):
        WASTEWATER = "wastewater", _("廢污水處理設施")
        REACTOR = "reactor", _("反應槽")
        STORAGE_TANK = "storage_tank", _("儲槽")
        RAFT_FOUNDATION = "raft_foundation", _("筏基")
        TUNNEL = "tunnel", _("隧道")
        SUMP = "sump", _("集水坑")
        OTHER = "other", _("其他")

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="confined_spaces",
                                      verbose_name=_("事業單位"))
    site = models.ForeignKey(ConstructionSite, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="confined_spaces", verbose_name=_("營造工地"))
    space_kind = models.CharField(_("場所類別"), max_length=20, choices=SpaceKind.choices)
    description = models.CharField(_("說明"), max_length=200, blank=True)
    registered_on = models.DateField(_("列管日期"))

    class Meta:
        verbose_name = _("局限空間作業場所")
        verbose_name_plural = _("局限空間作業場所")
        ordering = ["establishment", "id"]

    def __str__(self):
        return f"{self.establishment} {self.get_space_kind_display()}"


class Inspection(models.Model):
    """One inspection, guidance visit or re-inspection of an establishment or a site."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE,
                                related_name="inspection")
    kind = models.CharField(_("檢查類別"), max_length=20, choices=Kind.choices)
    domain = models.CharField(_("檢查領域"), max_length=20, choices=Domain.choices,
                              db_index=True)
    guidance_provider = models.CharField(_("輔導提供者"), max_length=24, blank=True,
                                         choices=GuidanceProvider.choices)
    method = models.CharField(_("檢查方式"), max_length=10, choices=Method.choices,
                              default=Method.ON_SITE)
    confined_space = models.ForeignKey(ConfinedSpace, null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="inspections",
                                       verbose_name=_("局限空間作業場所"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="inspections", verbose_name=_("檢查員"))
    inspected_on = models.DateField(_("檢查日期"), db_index=True)
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="inspections",
                                      verbose_name=_("事業單位"))
    site = models.ForeignKey(ConstructionSite, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections", verbose_name=_("營造工地"))
    project = models.ForeignKey(InspectionProject, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="inspections",
                                verbose_name=_("專案"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="re_inspections", verbose_name=_("原檢查"))
    # Optimistic lock: a change carries the version it read; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("檢查案件")
        verbose_name_plural = _("檢查案件")
        constraints = [
            models.CheckConstraint(
                condition=Q(establishment__isnull=False) | Q(site__isnull=False),
                name="inspection_has_a_subject",
            ),
            models.CheckConstraint(
                condition=(Q(kind=Kind.RE_INSPECTION, parent__isnull=False)
                           | (~Q(kind=Kind.RE_INSPECTION) & Q(parent__isnull=True))),
                name="inspection_reinspection_has_parent",
            ),
            models.CheckConstraint(
                condition=(Q(kind=Kind.GUIDANCE) & ~Q(guidance_provider=""))
                | (~Q(kind=Kind.GUIDANCE) & Q(guidance_provider="")),
                name="inspection_guidance_has_provider",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.LABOR_CONDITIONS) | Q(domain=Domain.LABOR_CONDITIONS),
                name="inspection_labor_conditions_domain",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.OSH) | Q(domain=Domain.OSH),
                name="inspection_osh_domain",
            ),
        ]
        permissions = [
            ("work_inspection", _("可辦理勞動檢查")),
            ("approve_penalty", _("可核定罰鍰")),
        ]

    def __str__(self):
        return self.case.number


class Finding(models.Model):
    """A breach found (違規事項), with the article breached; carried into a re-inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="findings")
    article = models.CharField(_("違反法條"), max_length=200)
    description = models.TextField(_("違規事實"))
    resolved_on = models.DateField(_("改善完成日期"), null=True, blank=True)
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="carried_to", verbose_name=_("原違規事項"))

    class Meta:
        verbose_name = _("違規事項")
        verbose_name_plural = _("違規事項")
        ordering = ["inspection", "id"]

    def __str__(self):
        return self.article


class ImprovementNotice(models.Model):
    """An improvement notice (限期改善) with its deadline."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="improvement_notices")
    due_on = models.DateField(_("改善期限"))

    class Meta:
        verbose_name = _("限期改善通知")
        verbose_name_plural = _("限期改善通知")
        ordering = ["inspection", "due_on"]


class Penalty(models.Model):
    """A fine: proposed by the inspector, approved by another (a supervisor), then published
    (art. 80-1) and paid."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("擬處")
        APPROVED = "approved", _("已核定")
        PAID = "paid", _("已繳納")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="penalties")
    article = models.CharField(_("處罰條文"), max_length=8, choices=Article.choices)
    # The provision breached, as the art. 80-1 list prints it (e.g. 勞動基準法第24條).
    breached = models.CharField(_("違反條文"), max_length=200, blank=True)
    amount = models.PositiveBigIntegerField(_("罰鍰金額"))
    factors = models.JSONField(_("裁處審酌事項"), default=dict, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("擬處人員"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("核定人員"))
    decided_on = models.DateField(_("處分日期"), null=True, blank=True, db_index=True)
    published = models.BooleanField(_("已公布"), default=False)
    paid_on = models.DateField(_("繳納日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("罰鍰")
        verbose_name_plural = _("罰鍰")
        ordering = ["-decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="penalty_approver_is_not_proposer",
            ),
            models.CheckConstraint(
                condition=(Q(status="proposed", approved_by__isnull=True)
                           | (~Q(status="proposed") & Q(approved_by__isnull=False,
                                                        decided_on__isnull=False))),
                name="penalty_approved_has_approver",
            ),
        ]


class StopWorkOrder(models.Model):
    """A stop-work order (停工) at a site and its lifting (復工)."""

    site = models.ForeignKey(ConstructionSite, on_delete=models.PROTECT,
                             related_name="stop_work_orders")
    issued_on = models.DateField(_("停工日期"))
    lifted_on = models.DateField(_("復工日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("停工令")
        verbose_name_plural = _("停工令")
        ordering = ["site", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=F("issued_on")),
                name="stop_work_lifted_after_issued",
            )
        ]


class AlcoholTest(models.Model):
    """A breath-alcohol test at a site; ≥ 0.15 mg/L at height is referred (rules)."""

    site = models.ForeignKey(ConstructionSite, on_delete=models.PROTECT,
                             related_name="alcohol_tests")
    tested_on = models.DateField(_("檢測日期"))
    mg_per_l = models.DecimalField(_("酒測值（mg/L）"), max_digits=5, decimal_places=3)
    at_height = models.BooleanField(_("高架作業"), default=False)
    referred = models.BooleanField(_("移送處理"), default=False)

    class Meta:
        verbose_name = _("酒精測試")
        verbose_name_plural = _("酒精測試")
        ordering = ["site", "-tested_on"]


class InsuranceReferral(models.Model):
    """Workers found uninsured at an inspection, referred to the labour insurer (函請勞動部
    勞工保險局依法處理)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="insurance_referrals")
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="insurance_referrals",
                                      verbose_name=_("事業單位"))
    uninsured_workers = models.PositiveIntegerField(_("未投保人數"))
    referred_on = models.DateField(_("移送日期"), db_index=True)

    class Meta:
        verbose_name = _("勞保移送")
        verbose_name_plural = _("勞保移送")
        ordering = ["-referred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(uninsured_workers__gte=1),
                                   name="insurance_referral_has_workers"),
        ]


class HealthStaffingReport(models.Model):
    """One establishment's health-service staffing as reported on a date (臨場健康服務醫護人力
    統計, 勞工健康保護規則). The latest report on or before a date is the establishment's state.

    ``special_hazard_workers`` is the number doing 特別危害健康作業: with 50-99 workers it puts
    the establishment in the report's fourth band (rules.health_staff_band)."""

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="health_staffing",
                                      verbose_name=_("事業單位"))
    reported_on = models.DateField(_("資料日期"), db_index=True)
    special_hazard_workers = models.PositiveIntegerField(_("特別危害健康作業人數"), default=0)
    nurses = models.PositiveIntegerField(_("護理人員數"), default=0)
    physicians = models.PositiveIntegerField(_("醫師數（含特約）"), default=0)

    class Meta:
        verbose_name = _("勞工健康服務醫護人力")
        verbose_name_plural = _("勞工健康服務醫護人力")
        ordering = ["establishment", "-reported_on"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "reported_on"],
                                    name="health_staffing_once_a_day"),
        ]

    @property
    def staffed(self) -> bool:
        return rules.health_staffed(nurses=self.nurses, physicians=self.physicians)
