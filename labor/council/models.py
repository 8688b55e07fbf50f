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
