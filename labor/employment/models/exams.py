"""Recruitment exams (就業甄選) the bureau runs for city agencies: contract staff, project
technicians, janitors, public-kindergarten contract staff (約聘僱人員、專案技工、工友、公立幼兒園
契約人員).

A session (ExamSession) is one agency's exam on a date for a number of positions; each
applicant is one row (ExamApplicant: 報名), marked interviewed (面試) and given a result: the
main list (正取) — never more than the positions —, the reserve list (備取) or not hired. The
report's 錄取 is main plus reserve.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Person


class ExamSession(models.Model):
    agency = models.CharField(_("委託機關"), max_length=200)
    title = models.CharField(_("甄選職務"), max_length=200)
    positions = models.PositiveIntegerField(_("錄取名額"))
    held_on = models.DateField(_("甄選日期"), db_index=True)
    place = models.CharField(_("地點"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("就業甄選")
        verbose_name_plural = _("就業甄選")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1), name="exam_has_positions"),
        ]

    def __str__(self):
        return f"{self.agency} {self.title}"


class ExamResult(models.TextChoices):
    PENDING = "pending", _("尚未評定")
    MAIN = "main", _("正取")
    RESERVE = "reserve", _("備取")
    NOT_HIRED = "not_hired", _("未錄取")


HIRED_RESULTS = (ExamResult.MAIN, ExamResult.RESERVE)


class ExamApplicant(models.Model):
    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT,
                                related_name="applicants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="exam_applications", verbose_name=_("報名人"))
    applied_on = models.DateField(_("報名日期"))
    interviewed = models.BooleanField(_("已面試"), default=False)
    result = models.CharField(_("甄選結果"), max_length=10, choices=ExamResult.choices,
                              default=ExamResult.PENDING, db_index=True)
    # Place on the main or reserve list (1 = first).
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("甄選報名")
        verbose_name_plural = _("甄選報名")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="exam_applicant_once"),
            models.CheckConstraint(condition=~Q(result__in=["main", "reserve"])
                                   | Q(interviewed=True),
                                   name="exam_hired_after_interview"),
            models.CheckConstraint(condition=Q(result__in=["main", "reserve"])
                                   | Q(rank__isnull=True),
                                   name="exam_rank_only_on_a_list"),
        ]
