"""The labor rights fund's ledger (勞工權益基金): accounts and an append-only double-entry
journal. Balances and surpluses are derived from the lines (rules.py), never stored; a
correction is a reversing entry, never an edit (save() and delete() refuse)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    class Kind(models.TextChoices):
        ASSET = "asset", _("資產")
        LIABILITY = "liability", _("負債")
        EQUITY = "equity", _("基金餘額")
        INCOME = "income", _("收入")
        EXPENSE = "expense", _("支出")

    code = models.CharField(_("科目代碼"), max_length=8, unique=True)
    name = models.CharField(_("科目名稱"), max_length=100)
    kind = models.CharField(_("科目性質"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("會計科目")
        verbose_name_plural = _("會計科目")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class AppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk writes would bypass save()/delete(): refused too, so no code path edits the books."""

    def update(self, **kwargs):
        raise AppendOnly("posted journal rows are never updated: post a reversal")

    def delete(self):
        raise AppendOnly("posted journal rows are never deleted: post a reversal")


class JournalEntry(models.Model):
    posted_on = models.DateField(_("記帳日期"), db_index=True)
    description = models.CharField(_("摘要"), max_length=200)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("沖正之分錄"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("分錄")
        verbose_name_plural = _("分錄")
        ordering = ["posted_on", "id"]
        permissions = [("post_entry", _("可登錄及沖正基金分錄"))]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("a posted journal entry is never edited: post a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("a posted journal entry is never deleted: post a reversal")


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    debit = models.PositiveBigIntegerField(_("借方"), default=0)
    credit = models.PositiveBigIntegerField(_("貸方"), default=0)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("分錄明細")
        verbose_name_plural = _("分錄明細")
        constraints = [
            models.CheckConstraint(condition=(Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0)),
                                   name="journal_line_one_side"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("a posted journal line is never edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("a posted journal line is never deleted")
