"""The recovery book (催繳): what an applicant must pay back per item after the judgment, a
settlement or a withdrawal, the notices sent, and the repayments and reclassifications (轉列)
that clear it. Outstanding amounts are derived (claim minus movements), never stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labor.fund.models.applications import Application, Item
from labor.fund.models.ledger import JournalEntry


class RecoveryBasis(models.TextChoices):
    JUDGMENT = "judgment", _("判決結果")
    SETTLEMENT = "settlement", _("和解")
    WITHDRAWAL = "withdrawal", _("撤回")


class RecoveryNotice(models.Model):
    """A 催繳通知: the outstanding claims of an application on the day it was issued."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="recovery_notices")
    issued_on = models.DateField(_("發文日期"))
    due_on = models.DateField(_("繳還期限"))
    amount = models.PositiveBigIntegerField(_("催繳金額"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("催繳通知")
        verbose_name_plural = _("催繳通知")
        ordering = ["issued_on", "id"]


class RecoveryClaim(models.Model):
    """What must be paid back of one item (at most what was paid of it)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="recovery_claims")
    item = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="recovery_claim")
    basis = models.CharField(_("催繳依據"), max_length=16, choices=RecoveryBasis.choices)
    assessed_on = models.DateField(_("認定日期"), db_index=True)
    amount = models.PositiveBigIntegerField(_("應繳還金額"))
    note = models.CharField(_("說明"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("應繳還款")
        verbose_name_plural = _("應繳還款")
        ordering = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_claim_positive"),
        ]


class RecoveryMovement(models.Model):
    """A repayment (cash in, with its journal entry) or a reclassification (轉列: the amount
    leaves the book without cash, with a reason) of a claim."""

    class Kind(models.TextChoices):
        REPAYMENT = "repayment", _("繳還")
        RECLASSIFICATION = "reclassification", _("轉列")

    claim = models.ForeignKey(RecoveryClaim, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("類別"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("日期"), db_index=True)
    amount = models.PositiveBigIntegerField(_("金額"))
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    journal_entry = models.OneToOneField(JournalEntry, null=True, blank=True,
                                         on_delete=models.PROTECT,
                                         related_name="recovery_movement")
    # A repayment received before this system's books opened is inside their opening balance
    # (recorded without an entry of its own, like a legacy payment).
    legacy = models.BooleanField(_("系統啟用前繳還"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("繳還及轉列")
        verbose_name_plural = _("繳還及轉列")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_movement_positive"),
            models.CheckConstraint(
                condition=(Q(kind="reclassification") | Q(journal_entry__isnull=False)
                           | Q(legacy=True)),
                name="fund_repayment_has_entry"),
        ]
