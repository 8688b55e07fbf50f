"""Job fairs and recruitment events (徵才活動): large job fairs (大型就業博覽會), medium and small
on-site recruitment (中型／小型現場徵才活動) and project recruitment (專案招募).

An event has its participating employers (EventEmployer, one row per establishment and event:
家), each with the jobs it offers (EventJob: one row per job type, 職類, with its number of
openings, 工作機會) and the persons who applied to it (EventApplicant: one row per person and
employer — a resume received is 1 投遞履歷人次, an interview 1 面試人次). Every figure of the
report is counted from these rows; a job's ``openings`` is the only typed quantity, as
persons_wanted is on a vacancy.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import District, Establishment, Person, Unit
from labor.employment.models.registry import Occupation, Vacancy


class EventKind(models.TextChoices):
    LARGE = "large", _("大型徵才活動")
    MEDIUM = "medium", _("中型現場徵才活動")
    SMALL = "small", _("小型現場徵才活動")
    PROJECT = "project", _("專案招募")


class RecruitmentEvent(models.Model):
    kind = models.CharField(_("活動類別"), max_length=8, choices=EventKind.choices,
                            db_index=True)
    title = models.CharField(_("活動名稱"), max_length=200)
    held_on = models.DateField(_("辦理日期"), db_index=True)
    place = models.CharField(_("地點"), max_length=200)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("行政區"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("主辦單位"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("徵才活動")
        verbose_name_plural = _("徵才活動")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class EventEmployer(models.Model):
    """An employer taking part in an event (參與廠商)."""

    event = models.ForeignKey(RecruitmentEvent, on_delete=models.CASCADE,
                              related_name="employers")
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="recruitment_events",
                                      verbose_name=_("事業單位"))

    class Meta:
        verbose_name = _("參與廠商")
        verbose_name_plural = _("參與廠商")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "establishment"],
                                    name="event_employer_once"),
        ]

    def __str__(self):
        return self.establishment.name


class EventJob(models.Model):
    """A job type an employer offers at an event (職類) with its openings (工作機會)."""

    employer = models.ForeignKey(EventEmployer, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(_("職稱"), max_length=100)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("職業"))
    openings = models.PositiveIntegerField(_("工作機會數"))
    # The registry's vacancy, when the employer also posted it (求才登記).
    vacancy = models.ForeignKey(Vacancy, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("求才登記"))

    class Meta:
        verbose_name = _("徵才職缺")
        verbose_name_plural = _("徵才職缺")
        ordering = ["employer", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=1), name="event_job_has_openings"),
        ]

    def __str__(self):
        return self.title


class ApplicantResult(models.TextChoices):
    PENDING = "pending", _("待通知")
    SECOND_ROUND = "second_round", _("複試")
    HIRED = "hired", _("錄取")
    NOT_HIRED = "not_hired", _("未錄取")


class EventApplicant(models.Model):
    """A person who applied to an employer at an event: resume received (投遞履歷) and/or
    interviewed on the spot (現場面試). ``person`` is empty when the applicant gave only a name."""

    employer = models.ForeignKey(EventEmployer, on_delete=models.CASCADE,
                                 related_name="applicants")
    job = models.ForeignKey(EventJob, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="applicants", verbose_name=_("應徵職缺"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="event_applications", verbose_name=_("應徵者"))
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    resume_received = models.BooleanField(_("投遞履歷"), default=True)
    interviewed = models.BooleanField(_("現場面試"), default=False)
    result = models.CharField(_("結果"), max_length=14, choices=ApplicantResult.choices,
                              default=ApplicantResult.PENDING)

    class Meta:
        verbose_name = _("應徵紀錄")
        verbose_name_plural = _("應徵紀錄")
        ordering = ["employer", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""),
                                   name="event_applicant_named"),
            models.CheckConstraint(condition=Q(resume_received=True) | Q(interviewed=True),
                                   name="event_applicant_applied"),
            models.UniqueConstraint(fields=["employer", "person"],
                                    condition=Q(person__isnull=False),
                                    name="event_applicant_once_per_employer"),
        ]
