"""The council report's narrative: text that staff write per period and section."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NarrativeText(models.Model):
    """The narrative of one section of the council report for one period.

    Figures are never typed here: the text carries placeholders such as
    ``{disputes.cases_handled}`` that the report fills from the indicator registry
    (labor/council/narrative.py).
    """

    period_code = models.CharField(_("統計期間"), max_length=32)  # str(Period): 2023H1
    section_key = models.CharField(_("章節"), max_length=100)
    text = models.TextField(_("內文"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("最後修改人"),
    )
    updated_at = models.DateTimeField(_("最後修改時間"), auto_now=True)

    class Meta:
        verbose_name = _("工作報告內文")
        verbose_name_plural = _("工作報告內文")
        ordering = ["period_code", "section_key"]
        constraints = [
            models.UniqueConstraint(fields=["period_code", "section_key"],
                                    name="council_narrative_one_per_section"),
        ]

    def __str__(self):
        return f"{self.period_code} {self.section_key}"


def _report_path(instance, filename):
    return f"council/reports/{instance.period_code}/{filename}"


class ReportFile(models.Model):
    """A council report rendered in the background (labor/council/tasks.py) into private
    storage; served only through the permission-checked download view."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排隊中")
        RUNNING = "running", _("產製中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失敗")

    period_code = models.CharField(_("統計期間"), max_length=32)
    format = models.CharField(_("檔案格式"), max_length=8)
    status = models.CharField(_("狀態"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("進度"), default=0)  # 0-100
    file = models.FileField(_("檔案"), upload_to=_report_path, blank=True)
    error = models.TextField(_("錯誤訊息"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("產製人"),
    )
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作報告檔案")
        verbose_name_plural = _("工作報告檔案")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.period_code} {self.format} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
