"""Report runs: the figures of a period frozen at a data cut-off time.

A ``ReportRun`` is made by ``labor.stats.runs.run_create``: every registered indicator computed
for the period and stored as a ``FigureSnapshot`` with the version of its definition and the ids
of the records behind it. A run goes draft → approved (by someone other than its maker) →
published. Approved and published runs never change; a correction is a new run. Every change
goes through labor/stats/runs.py; the guards below catch code that would bypass it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# How many record ids a snapshot keeps per figure; beyond it the list is cut and flagged.
RECORD_IDS_LIMIT = 100_000


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已核定")
    PUBLISHED = "published", _("已公布")


def _refuse_locked(status: str) -> None:
    if status != RunStatus.DRAFT:
        raise ValidationError(
            _("已核定或已公布之報表批次不得修改；更正請另建新批次。"), code="run_locked"
        )


class ReportRun(models.Model):
    period = models.CharField(_("統計期間"), max_length=32, db_index=True)  # str(Period)
    status = models.CharField(
        _("狀態"), max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    cut_off = models.DateTimeField(_("資料截止時間"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("製表人"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("核定人"),
    )
    approved_at = models.DateTimeField(_("核定時間"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("公布人"),
    )
    published_at = models.DateTimeField(_("公布時間"), null=True, blank=True)
    note = models.TextField(_("說明"), blank=True)

    class Meta:
        verbose_name = _("報表批次")
        verbose_name_plural = _("報表批次")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("approve_reportrun", _("可核定報表批次")),
            ("publish_reportrun", _("可公布報表批次")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("created_by")),
                name="stats_reportrun_maker_checker",
            ),
        ]

    def __str__(self):
        return f"{self.period} #{self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        # The stored status decides: the service moving approved → published saves once more,
        # but nothing saves a run that is already published.
        if self.pk is not None:
            stored = ReportRun.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == RunStatus.PUBLISHED:
                _refuse_locked(stored)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = ReportRun.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored is not None:
            _refuse_locked(stored)
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status != RunStatus.DRAFT


class FigureSnapshotQuerySet(models.QuerySet):
    def _refuse_if_locked(self):
        if self.exclude(run__status=RunStatus.DRAFT).exists():
            _refuse_locked(RunStatus.PUBLISHED)

    def update(self, **kwargs):
        self._refuse_if_locked()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_locked()
        return super().delete()


class FigureSnapshot(models.Model):
    """One indicator's figure in a run, as computed at the run's cut-off."""

    run = models.ForeignKey(
        ReportRun, on_delete=models.CASCADE, related_name="figures", verbose_name=_("報表批次")
    )
    code = models.CharField(_("指標代碼"), max_length=200)
    label = models.CharField(_("指標名稱"), max_length=200)
    unit = models.CharField(_("單位"), max_length=8)
    value = models.DecimalField(_("數值"), max_digits=24, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(
        _("分子"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("分母"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    definition = models.TextField(_("定義"))
    # A short hash of definition, label, unit, declared version and the compute function's source.
    definition_version = models.CharField(_("定義版本"), max_length=16)
    record_ids = models.JSONField(_("紀錄識別碼"), default=list, blank=True)
    records_truncated = models.BooleanField(_("紀錄識別碼已截斷"), default=False)
    record_model = models.CharField(_("紀錄類型"), max_length=100, blank=True)  # app_label.model

    objects = FigureSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("指標快照")
        verbose_name_plural = _("指標快照")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "code"], name="stats_figure_one_per_run"),
        ]

    def __str__(self):
        return f"{self.code} = {self.value}"

    def save(self, *args, **kwargs):
        status = self._run_status()
        if status is not None:
            _refuse_locked(status)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        status = self._run_status()
        if status is not None:
            _refuse_locked(status)
        return super().delete(*args, **kwargs)

    def _run_status(self) -> str | None:
        return ReportRun.objects.filter(pk=self.run_id).values_list("status", flat=True).first()
