"""Labor-conditions and occupational-safety inspections (勞動檢查), construction sites and
penalties (勞動基準法 arts. 78, 79, 80-1).

An inspection is a core.Case (line "inspections", prefix INS) with the tables below. Every
change goes through labor/inspections/services.py; the statutory rules are in rules.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Case, District, Establishment
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


class Grade(models.TextChoices):
    HIGH = rules.SiteGrade.HIGH.value, _("高風險")
    MEDIUM = rules.SiteGrade.MEDIUM.value, _("次風險")
    GENERAL = rules.SiteGrade.GENERAL.value, _("一般")


class Article(models.TextChoices):
    ART_79_1 = rules.ART_79_1, _("勞動基準法第79條第1項")
    ART_79_2 = rules.ART_79_2, _("勞動基準法第79條第2項")
    ART_79_3 = rules.ART_79_3, _("勞動基準法第79條第3項")
    ART_78 = rules.ART_78, _("勞動基準法第78條第1項")


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
    targets = models.ManyToManyField(Establishment, blank=True, related_name="+",
                                     verbose_name=_("目標事業單位"))

    class Meta:
        verbose_name = _("專案檢查")
        verbose_name_plural = _("專案檢查")
        ordering = ["-year", "name"]

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


class Inspection(models.Model):
    """One inspection, guidance visit or re-inspection of an establishment or a site."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE,
                                related_name="inspection")
    kind = models.CharField(_("檢查類別"), max_length=20, choices=Kind.choices)
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
