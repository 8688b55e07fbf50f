"""Referrals (推介) of seekers to vacancies and what came of them: a placement of the seeker
(就業) and a hire into the vacancy (求才僱用) close the loop on both sides."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Establishment
from labor.employment.models.registry import JobSeeker, Vacancy


class ReferralResult(models.TextChoices):
    PENDING = "pending", _("待回覆")
    INTERVIEWED = "interviewed", _("已面試")
    HIRED = "hired", _("錄取")
    NOT_HIRED = "not_hired", _("未錄取")
    NO_SHOW = "no_show", _("未到")
    DECLINED = "declined", _("求職人婉拒")


class Referral(models.Model):
    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="referrals",
                               verbose_name=_("求職登記"))
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("職缺"))
    referred_on = models.DateField(_("推介日期"), db_index=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("推介人員"))
    interview_on = models.DateField(_("面試日期"), null=True, blank=True)
    result = models.CharField(_("推介結果"), max_length=12, choices=ReferralResult.choices,
                              default=ReferralResult.PENDING, db_index=True)
    result_on = models.DateField(_("結果日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("推介")
        verbose_name_plural = _("推介")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "vacancy"], name="referral_once"),
            models.CheckConstraint(condition=Q(result_on__isnull=True)
                                   | Q(result_on__gte=F("referred_on")),
                                   name="referral_result_after_referral"),
        ]


class Placement(models.Model):
    """A seeker placed in work (就業): through a referral, or found by the seeker and reported
    while registered."""

    class Source(models.TextChoices):
        REFERRAL = "referral", _("推介就業")
        SELF_FOUND = "self_found", _("自行就業")

    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="placements",
                               verbose_name=_("求職登記"))
    referral = models.OneToOneField(Referral, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="placement")
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("就業單位"))
    source = models.CharField(_("就業方式"), max_length=12, choices=Source.choices)
    placed_on = models.DateField(_("就業日期"), db_index=True)
    starts_on = models.DateField(_("到職日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("就業")
        verbose_name_plural = _("就業")
        ordering = ["-placed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(source="referral") | Q(referral__isnull=False),
                                   name="placement_by_referral_names_it"),
        ]


class Hire(models.Model):
    """Persons hired into a vacancy (求才僱用), through the service's referral or reported by
    the employer."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="hires",
                                verbose_name=_("職缺"))
    placement = models.OneToOneField(Placement, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="hire")
    persons = models.PositiveIntegerField(_("僱用人數"), default=1)
    hired_on = models.DateField(_("僱用日期"), db_index=True)

    class Meta:
        verbose_name = _("求才僱用")
        verbose_name_plural = _("求才僱用")
        ordering = ["-hired_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(persons__gte=1), name="hire_of_someone"),
        ]
