"""Unemployment recognition (失業認定) for the unemployment benefit of 就業保險法.

A claim (UnemploymentClaim) starts with the application after an involuntary separation, made
with the job-seeker registration (求職登記); it is recognised (失業認定) once the 14 days from
the registration have passed with no job or training arranged (arts. 11, 20, 25); then it is
re-recognised (失業再認定) every 30 days, each time with at least two job-search records
(art. 29), and never before its date. The claim ends when the claimant is helped into work
(協助就業), goes to training, or stops. The rules are pure functions in
labor/employment/rules_unemployment.py; the day counts are dated settings (employment
migration: unemployment.*). Every change goes through labor/employment/services_programmes.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Establishment
from labor.employment.models.referrals import Placement
from labor.employment.models.registry import JobSeeker


class SeparationReason(models.TextChoices):
    """Involuntary separations (非自願離職, 就業保險法 art. 11 III)."""

    CLOSURE = "closure", _("歇業、關廠、停業或解散")
    LAYOFF = "layoff", _("資遣（勞動基準法第11條、第13條但書）")
    EMPLOYER_BREACH = "employer_breach", _("雇主違法而勞工終止契約（勞動基準法第14條）")
    CONTRACT_END = "contract_end", _("定期契約屆滿離職")
    TRANSFER = "transfer", _("事業單位改組或轉讓")
    OTHER = "other", _("其他非自願離職")


class ClaimStatus(models.TextChoices):
    APPLIED = "applied", _("已受理")
    RECOGNISED = "recognised", _("已認定失業")
    ENDED = "ended", _("已結束")


class ClaimEnd(models.TextChoices):
    EMPLOYED = "employed", _("推介就業（協助就業）")
    TRAINING = "training", _("參加全日制職業訓練")
    EXHAUSTED = "exhausted", _("給付期滿")
    STOPPED = "stopped", _("未辦理再認定，停止給付")
    WITHDRAWN = "withdrawn", _("撤回申請")


OPEN_STATUSES = (ClaimStatus.APPLIED, ClaimStatus.RECOGNISED)


class UnemploymentClaim(models.Model):
    """An application for unemployment recognition (失業認定申請) of a registered seeker."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT,
                               related_name="unemployment_claims", verbose_name=_("求職登記"))
    applied_on = models.DateField(_("申請日期"), db_index=True)
    separated_on = models.DateField(_("離職日期"))
    separation_reason = models.CharField(_("離職原因"), max_length=16,
                                         choices=SeparationReason.choices)
    last_employer = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("原投保單位"))
    status = models.CharField(_("狀態"), max_length=12, choices=ClaimStatus.choices,
                              default=ClaimStatus.APPLIED, db_index=True)
    recognised_on = models.DateField(_("失業認定日期"), null=True, blank=True, db_index=True)
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("認定人員"))
    # The first day the next re-recognition may be made (失業再認定日期); empty unless open
    # and recognised.
    next_due_on = models.DateField(_("下次失業再認定日期"), null=True, blank=True,
                                   db_index=True)
    ended_on = models.DateField(_("結束日期"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(_("結束原因"), max_length=12, blank=True,
                                  choices=ClaimEnd.choices)
    # The registry's placement of a claimant helped into work, where there is one.
    placement = models.OneToOneField(Placement, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="unemployment_claim",
                                     verbose_name=_("就業"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("受理人員"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("失業認定")
        verbose_name_plural = _("失業認定")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker"],
                                    condition=Q(status__in=["applied", "recognised"]),
                                    name="unemployment_claim_one_open_per_seeker"),
            models.CheckConstraint(condition=Q(separated_on__lte=F("applied_on")),
                                   name="unemployment_claim_applied_after_separation"),
            models.CheckConstraint(condition=Q(recognised_on__isnull=True)
                                   | Q(recognised_on__gte=F("applied_on")),
                                   name="unemployment_claim_recognised_after_applied"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True)
                                   | Q(ended_on__gte=F("applied_on")),
                                   name="unemployment_claim_ended_after_applied"),
            models.CheckConstraint(
                condition=(Q(status="applied") & Q(recognised_on__isnull=True)
                           & Q(ended_on__isnull=True))
                | (Q(status="recognised") & Q(recognised_on__isnull=False)
                   & Q(ended_on__isnull=True) & Q(next_due_on__isnull=False))
                | (Q(status="ended") & Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="unemployment_claim_status_complete"),
        ]

    def __str__(self):
        return f"{self.seeker.person} {self.applied_on}"


class ReRecognition(models.Model):
    """A re-recognition (失業再認定): the n-th, made on ``on``, no earlier than
    ``earliest_on`` (the date it was due), with its job-search records."""

    claim = models.ForeignKey(UnemploymentClaim, on_delete=models.PROTECT,
                              related_name="re_recognitions")
    sequence = models.PositiveSmallIntegerField(_("次別"))
    on = models.DateField(_("再認定日期"), db_index=True)
    earliest_on = models.DateField(_("應辦理日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("承辦人員"))

    class Meta:
        verbose_name = _("失業再認定")
        verbose_name_plural = _("失業再認定")
        ordering = ["claim", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "sequence"],
                                    name="re_recognition_sequence_once"),
            models.CheckConstraint(condition=Q(on__gte=F("earliest_on")),
                                   name="re_recognition_not_before_its_date"),
        ]


class SearchMethod(models.TextChoices):
    INTERVIEW = "interview", _("面試")
    RESUME = "resume", _("投遞履歷")
    VISIT = "visit", _("親自應徵")
    PHONE = "phone", _("電話洽詢")
    ONLINE = "online", _("網路應徵")
    JOB_FAIR = "job_fair", _("參加徵才活動")


class JobSearchRecord(models.Model):
    """A job-search record (求職紀錄) shown at a re-recognition."""

    re_recognition = models.ForeignKey(ReRecognition, on_delete=models.CASCADE,
                                       related_name="job_searches")
    searched_on = models.DateField(_("求職日期"))
    employer_name = models.CharField(_("應徵單位"), max_length=200)
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("事業單位"))
    method = models.CharField(_("求職方式"), max_length=10, choices=SearchMethod.choices)
    result = models.CharField(_("結果"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("求職紀錄")
        verbose_name_plural = _("求職紀錄")
        ordering = ["re_recognition", "searched_on", "id"]


class ClaimTrainingReferral(models.Model):
    """A claimant referred to vocational training (推介參加職業訓練)."""

    claim = models.ForeignKey(UnemploymentClaim, on_delete=models.PROTECT,
                              related_name="training_referrals")
    referred_on = models.DateField(_("推介日期"), db_index=True)
    course = models.CharField(_("訓練課程"), max_length=200)
    provider = models.CharField(_("訓練單位"), max_length=200, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("推介人員"))

    class Meta:
        verbose_name = _("失業者推介職業訓練")
        verbose_name_plural = _("失業者推介職業訓練")
        ordering = ["-referred_on", "-id"]
