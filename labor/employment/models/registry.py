"""Job seekers (求職登記) and vacancies (求才登記), and the occupations both name."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import District, Establishment, Person, Unit


class Occupation(models.Model):
    """An occupation of the national standard classification (職業標準分類), as reference data;
    ``parent`` groups minor groups under their major group."""

    code = models.CharField(_("代碼"), max_length=8, unique=True)
    name = models.CharField(_("名稱"), max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("上層職業"))

    class Meta:
        verbose_name = _("職業")
        verbose_name_plural = _("職業")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Education(models.TextChoices):
    """Highest education completed, in order (the values sort as the levels do)."""

    NONE = "0_none", _("不拘")
    JUNIOR_HIGH = "1_junior_high", _("國中")
    SENIOR_HIGH = "2_senior_high", _("高中職")
    ASSOCIATE = "3_associate", _("專科")
    BACHELOR = "4_bachelor", _("大學")
    MASTER = "5_master", _("碩士")
    DOCTOR = "6_doctor", _("博士")


class Hours(models.TextChoices):
    FULL_TIME = "full_time", _("全職")
    PART_TIME = "part_time", _("部分工時")
    EITHER = "either", _("皆可")


class WageKind(models.TextChoices):
    MONTHLY = "monthly", _("月薪")
    HOURLY = "hourly", _("時薪")


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("求職中")
    PLACED = "placed", _("已就業")
    CLOSED = "closed", _("已結案")


class JobSeeker(models.Model):
    """A job-seeker registration (求職登記) of a person. One active registration per person:
    registering again while one is active is refused."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="job_seekers",
                               verbose_name=_("求職人"))
    # The portal account of a self-registration; empty for a counter registration.
    account = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="job_seekers")
    registered_on = models.DateField(_("登記日期"), db_index=True)
    channel = models.CharField(_("登記管道"), max_length=16,
                               choices=[("online", _("線上")), ("counter", _("臨櫃"))])
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("受理單位"))
    desired_title = models.CharField(_("希望職稱"), max_length=100, blank=True)
    desired_occupations = models.ManyToManyField(Occupation, blank=True, related_name="+",
                                                 verbose_name=_("希望職業"))
    desired_districts = models.ManyToManyField(District, blank=True, related_name="+",
                                               verbose_name=_("希望工作地區"))
    expected_wage = models.PositiveIntegerField(_("希望月薪（元）"), null=True, blank=True)
    hours = models.CharField(_("希望工時"), max_length=12, choices=Hours.choices,
                             default=Hours.EITHER)
    shifts_ok = models.BooleanField(_("可輪班"), default=False)
    education = models.CharField(_("最高學歷"), max_length=16, choices=Education.choices,
                                 default=Education.NONE)
    experience_years = models.PositiveSmallIntegerField(_("工作經驗（年）"), default=0)
    licences = models.JSONField(_("證照"), default=list, blank=True)
    skills = models.TextField(_("專長"), blank=True)
    languages = models.JSONField(_("語言能力"), default=list, blank=True)
    status = models.CharField(_("狀態"), max_length=8, choices=SeekerStatus.choices,
                              default=SeekerStatus.ACTIVE, db_index=True)
    closed_on = models.DateField(_("結案日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("求職登記")
        verbose_name_plural = _("求職登記")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="active"),
                                    name="job_seeker_one_active_per_person"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True)
                                   | Q(closed_on__gte=F("registered_on")),
                                   name="job_seeker_closed_after_registered"),
        ]
        permissions = [("work_employment", _("可辦理就業服務"))]

    def __str__(self):
        return f"{self.person} {self.registered_on}"


class VacancyStatus(models.TextChoices):
    PENDING = "pending", _("待審核")
    OPEN = "open", _("開放中")
    FILLED = "filled", _("已補足")
    CLOSED = "closed", _("已關閉")


class Vacancy(models.Model):
    """A vacancy (求才登記): persons wanted for one job. Its wage is never below the minimum
    wage in force on the posting date (the services refuse it: rules.wage_below_minimum)."""

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="vacancies", verbose_name=_("事業單位"))
    title = models.CharField(_("職稱"), max_length=100)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="vacancies", verbose_name=_("職業"))
    description = models.TextField(_("工作內容"), blank=True)
    persons_wanted = models.PositiveIntegerField(_("需求人數"))
    wage_kind = models.CharField(_("薪資型態"), max_length=8, choices=WageKind.choices,
                                 default=WageKind.MONTHLY)
    wage_min = models.PositiveIntegerField(_("薪資下限（元）"))
    wage_max = models.PositiveIntegerField(_("薪資上限（元）"), null=True, blank=True)
    hours = models.CharField(_("工時"), max_length=12, choices=Hours.choices,
                             default=Hours.FULL_TIME)
    shifts = models.BooleanField(_("需輪班"), default=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("工作地區"))
    address = models.CharField(_("工作地址"), max_length=200, blank=True)
    education_min = models.CharField(_("學歷要求"), max_length=16, choices=Education.choices,
                                     default=Education.NONE)
    experience_min_years = models.PositiveSmallIntegerField(_("經驗要求（年）"), default=0)
    licences_required = models.JSONField(_("必要證照"), default=list, blank=True)
    languages = models.JSONField(_("語言要求"), default=list, blank=True)
    posted_on = models.DateField(_("登記日期"), db_index=True)
    valid_until = models.DateField(_("有效期限"), db_index=True)
    channel = models.CharField(_("登記管道"), max_length=16,
                               choices=[("online", _("線上")), ("counter", _("臨櫃"))])
    # The employer's portal account of an online posting; staff verify it before it opens.
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="vacancies_posted")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("狀態"), max_length=8, choices=VacancyStatus.choices,
                              default=VacancyStatus.PENDING, db_index=True)
    # Title, occupation and description folded for search (labor.employment.text.fold):
    # 臺/台 alike, full-width to half-width; written by the services.
    search_text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("求才登記")
        verbose_name_plural = _("求才登記")
        ordering = ["-posted_on", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"])]
        constraints = [
            models.CheckConstraint(condition=Q(persons_wanted__gte=1),
                                   name="vacancy_wants_someone"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("posted_on")),
                                   name="vacancy_valid_after_posting"),
            models.CheckConstraint(condition=Q(wage_max__isnull=True)
                                   | Q(wage_max__gte=F("wage_min")),
                                   name="vacancy_wage_range_ordered"),
        ]

    def __str__(self):
        return f"{self.establishment.name} {self.title}"
