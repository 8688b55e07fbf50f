"""Litigation-subsidy applications (勞資爭議法律及生活費用補助): who applies, the lawsuit, the
items asked for and decided, and the payments. An application is a core.Case (line "fund")."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Case, Establishment, Person
from labor.fund.models.ledger import JournalEntry

LINE = "fund"


class Status(models.TextChoices):
    """Case.status of an application; the transitions are declared in rules.py."""

    SUBMITTED = "submitted", _("已收件")
    INCOMPLETE = "incomplete", _("待補正")
    REVIEW = "review", _("審查中")
    PROPOSED = "proposed", _("已擬核定待覆核")
    APPROVED = "approved", _("核定補助")
    REFUSED = "refused", _("不予補助")
    CLOSED = "closed", _("結案")


class ApplicantKind(models.TextChoices):
    WORKER = "worker", _("勞工")
    WORKERS = "workers", _("勞工（多人共同申請）")
    UNION = "union", _("工會")


class Court(models.TextChoices):
    TAIPEI = "taipei_district", _("臺灣臺北地方法院")
    SHILIN = "shilin_district", _("臺灣士林地方法院")
    NEW_TAIPEI = "new_taipei_district", _("臺灣新北地方法院")
    HIGH = "taiwan_high", _("臺灣高等法院")
    SUPREME = "supreme", _("最高法院")
    OTHER = "other", _("其他法院")


class CaseType(models.TextChoices):
    DISMISSAL = "dismissal", _("解僱")
    OCCUPATIONAL_INJURY = "occupational_injury", _("職災")
    PLANT_CLOSURE = "plant_closure", _("關廠")
    UNPAID_WAGES = "unpaid_wages", _("積欠工資")
    OTHER = "other", _("其他")


class ItemKind(models.TextChoices):
    COURT_FEE = "court_fee", _("裁判費")
    LAWYER_FEE = "lawyer_fee", _("律師費")
    ENFORCEMENT_FEE = "enforcement_fee", _("強制執行費")
    LIVING_EXPENSES = "living_expenses", _("生活費用")


class Outcome(models.TextChoices):
    """How the lawsuit ended: what decides what must be paid back (rules.py)."""

    WON = "won", _("判決勝訴")
    PARTLY_WON = "partly_won", _("判決一部勝訴")
    LOST = "lost", _("判決敗訴")
    SETTLED = "settled", _("訴訟上和解")
    WITHDRAWN = "withdrawn", _("撤回起訴")


class Application(models.Model):
    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE,
                                related_name="fund_application")
    applicant_kind = models.CharField(_("申請人身分"), max_length=16,
                                      choices=ApplicantKind.choices)
    union_name = models.CharField(_("工會名稱"), max_length=200, blank=True)
    union_resolution_on = models.DateField(_("理事會決議日期"), null=True, blank=True)
    # The failed mediation the lawsuit follows: a case of ours, or the record number of a
    # mediation held elsewhere (another city, a private mediator) typed as written.
    dispute = models.ForeignKey("disputes.Dispute", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="fund_applications",
                                verbose_name=_("勞資爭議調解案件"))
    mediation_reference = models.CharField(_("他處調解紀錄字號"), max_length=100, blank=True)
    respondent = models.ForeignKey(Establishment, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="fund_applications",
                                   verbose_name=_("被告雇主"))
    respondent_name = models.CharField(_("被告雇主名稱"), max_length=200, blank=True)
    court = models.CharField(_("受訴法院"), max_length=32, choices=Court.choices)
    instance = models.PositiveSmallIntegerField(_("審級"), choices=[(1, _("第一審")),
                                                                  (2, _("第二審")),
                                                                  (3, _("第三審"))])
    case_type = models.CharField(_("訴訟類別"), max_length=32, choices=CaseType.choices)
    lawsuit_number = models.CharField(_("法院案號"), max_length=100, blank=True)
    claim_amount = models.PositiveBigIntegerField(_("訴訟標的金額"), null=True, blank=True)
    no_other_subsidy = models.BooleanField(_("切結未獲其他政府機關補助"), default=False)
    statement = models.TextField(_("申請說明"), blank=True)

    completed_on = models.DateField(_("資料齊全日期"), null=True, blank=True)
    missing = models.TextField(_("應補正事項"), blank=True)
    committee_on = models.DateField(_("審查會議日期"), null=True, blank=True)
    committee_resolution = models.TextField(_("審查會議決議"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("擬辦人"))
    proposed_at = models.DateTimeField(_("擬辦時間"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("核定人"))
    decided_on = models.DateField(_("核定日期"), null=True, blank=True, db_index=True)
    refusal_reason = models.TextField(_("不予補助理由"), blank=True)

    outcome = models.CharField(_("訴訟結果"), max_length=16, choices=Outcome.choices,
                               blank=True)
    outcome_on = models.DateField(_("訴訟結果日期"), null=True, blank=True)
    outcome_note = models.TextField(_("訴訟結果說明"), blank=True)

    portal_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="fund_applications")
    # The bureau's own number of an application imported from its records before this system
    # (the key a re-import finds it by); empty for applications received here.
    legacy_number = models.CharField(_("原案號"), max_length=64, blank=True)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("訴訟補助申請")
        verbose_name_plural = _("訴訟補助申請")
        constraints = [
            models.CheckConstraint(condition=Q(outcome="") | Q(outcome_on__isnull=False),
                                   name="fund_outcome_has_a_date"),
            models.CheckConstraint(condition=Q(instance__in=[1, 2, 3]),
                                   name="fund_instance_1_to_3"),
            models.UniqueConstraint(fields=["legacy_number"], condition=~Q(legacy_number=""),
                                    name="fund_legacy_number_once"),
        ]
        permissions = [
            ("review_application", _("可審查訴訟補助申請")),
            ("decide_application", _("可覆核核定訴訟補助")),
            ("disburse", _("可撥付訴訟補助款")),
            ("manage_recovery", _("可辦理訴訟補助催繳")),
        ]

    def __str__(self):
        return self.case.number


class Applicant(models.Model):
    """A worker applying (one of several in a joint application, or the union's members the
    suit is for), with the income and assets declared."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="applicants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="fund_applications")
    annual_income = models.PositiveBigIntegerField(_("前一年度所得"))
    assets = models.PositiveBigIntegerField(_("財產總額"))
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    address = models.CharField(_("送達地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("申請人")
        verbose_name_plural = _("申請人")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"],
                                    name="fund_applicant_once"),
        ]


class Item(models.Model):
    """One item asked for: a fee of an instance, enforcement fees, or living expenses for a
    number of months; ``approved`` is set by the decision (0 with a reason: refused)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("補助項目"), max_length=20, choices=ItemKind.choices)
    instance = models.PositiveSmallIntegerField(_("審級"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("月數"), null=True, blank=True)
    complex = models.BooleanField(_("複雜案件"), default=False)
    requested = models.PositiveBigIntegerField(_("申請金額"))
    approved = models.PositiveBigIntegerField(_("核定金額"), null=True, blank=True)
    refusal_reason = models.CharField(_("未核定或減列理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("補助項目")
        verbose_name_plural = _("補助項目")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(requested__gt=0), name="fund_item_requested"),
            models.CheckConstraint(
                condition=Q(approved__isnull=True) | Q(approved__lte=F("requested")),
                name="fund_item_approved_within_request"),
            models.CheckConstraint(
                condition=Q(instance__isnull=True) | Q(instance__in=[1, 2, 3]),
                name="fund_item_instance_1_to_3"),
            models.UniqueConstraint(fields=["application", "kind", "instance"],
                                    name="fund_item_once_per_instance"),
        ]


class Disbursement(models.Model):
    """A payment of an approved item, with the journal entry that records it."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="disbursements")
    paid_on = models.DateField(_("撥付日期"), db_index=True)
    amount = models.PositiveBigIntegerField(_("撥付金額"))
    # A payment made before this system's books opened is inside their opening balance: it
    # is recorded (legacy) without an entry of its own, which would count it twice.
    journal_entry = models.OneToOneField(JournalEntry, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="disbursement")
    legacy = models.BooleanField(_("系統啟用前撥付"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("撥付")
        verbose_name_plural = _("撥付")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_disbursement_positive"),
            models.CheckConstraint(condition=Q(journal_entry__isnull=False) | Q(legacy=True),
                                   name="fund_disbursement_has_entry"),
        ]
