"""Case management of priority-group job seekers (特定對象個案管理) and the outreach programmes
around it: community employment service (社區就業服務), the youth career centre (青年職涯發展
中心) and job redesign for seniors (職務再設計).

Every figure of the council report on these programmes is counted from the rows below
(person-times are rows); the only typed quantities are the ones a single record carries by
nature: the number of jobs one shop visit developed, the participants of one youth event and
the amounts of one job-redesign application. Homeless employment (遊民就業) needs no table of
its own: 遊民 are priority-group members (core.PriorityGroupMembership, group "homeless"), and
their registrations, interview referrals and placements are the registry's JobSeeker,
Referral and Placement rows (labor/employment/selectors_programmes.py counts them).

Every change goes through labor/employment/services_programmes.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from labor.core.models import Case, District, Establishment, Person, PriorityGroup
from labor.employment.models.referrals import Placement
from labor.employment.models.registry import JobSeeker, Vacancy

# The line of service of a case-management case (registered in apps.py, prefix EMC).
CASE_LINE = "employment_cases"


class CaseStatus(models.TextChoices):
    """core.Case.status of a case-management case."""

    OPEN = "open", _("服務中")
    CLOSED = "closed", _("已結案")


class CloseReason(models.TextChoices):
    STABLE = "stable", _("穩定就業")
    PLACED = "placed", _("已就業")
    TRAINING = "training", _("參加職業訓練")
    WITHDREW = "withdrew", _("個案放棄服務")
    UNREACHABLE = "unreachable", _("失聯")
    OTHER = "other", _("其他")


class EmploymentCase(models.Model):
    """A case-management case (個案管理) of one job-seeker registration, opened for the priority
    group(s) it serves (EmploymentCaseGroup); its caseworker (個案管理員) is the case's
    assigned officer. Job referrals and placements are the seeker's own
    Referral and Placement rows dated within the case (opened_on to closed_on)."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE,
                                related_name="employment_case")
    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT,
                               related_name="employment_cases", verbose_name=_("求職登記"))
    opened_on = models.DateField(_("開案日期"), db_index=True)
    closed_on = models.DateField(_("結案日期"), null=True, blank=True, db_index=True)
    close_reason = models.CharField(_("結案原因"), max_length=12, blank=True,
                                    choices=CloseReason.choices)
    assessment = models.TextField(_("就業需求評估"), blank=True)
    # Optimistic lock: closing the case carries the version the caller read.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("就業個案管理")
        verbose_name_plural = _("就業個案管理")
        ordering = ["-opened_on", "-case_id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker"], condition=Q(closed_on__isnull=True),
                                    name="employment_case_one_open_per_seeker"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True)
                                   | Q(closed_on__gte=F("opened_on")),
                                   name="employment_case_closed_after_opened"),
            models.CheckConstraint(condition=(Q(closed_on__isnull=True) & Q(close_reason=""))
                                   | (Q(closed_on__isnull=False) & ~Q(close_reason="")),
                                   name="employment_case_close_has_reason"),
        ]

    def __str__(self):
        return self.case.number


class EmploymentCaseGroup(models.Model):
    """A priority group a case serves (中高齡、獨力負擔家計者、新住民…). New immigrants are
    counted apart by group: new_immigrant_foreign and new_immigrant_mainland (table 3)."""

    employment_case = models.ForeignKey(EmploymentCase, on_delete=models.CASCADE,
                                        related_name="groups")
    group = models.CharField(_("特定對象類別"), max_length=32, choices=PriorityGroup.choices,
                             db_index=True)

    class Meta:
        verbose_name = _("個案特定對象類別")
        verbose_name_plural = _("個案特定對象類別")
        constraints = [
            models.UniqueConstraint(fields=["employment_case", "group"],
                                    name="employment_case_group_once"),
        ]


class CounsellingKind(models.TextChoices):
    GENERAL = "general", _("一般就業諮詢")
    IN_DEPTH = "in_depth", _("深度就業諮詢")


class CounsellingSession(models.Model):
    """One counselling session of a case (one row = one person-time, 人次)."""

    employment_case = models.ForeignKey(EmploymentCase, on_delete=models.PROTECT,
                                        related_name="counselling")
    kind = models.CharField(_("諮詢類別"), max_length=10, choices=CounsellingKind.choices)
    held_on = models.DateField(_("諮詢日期"), db_index=True)
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("諮詢人員"))
    notes = models.TextField(_("紀要"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("就業諮詢")
        verbose_name_plural = _("就業諮詢")
        ordering = ["-held_on", "-id"]


class PsychInstrument(models.TextChoices):
    INTEREST = "interest", _("職業興趣量表")
    APTITUDE = "aptitude", _("通用性向測驗")
    TEMPERAMENT = "temperament", _("工作氣質測驗")
    VALUES = "values", _("工作價值觀量表")
    OTHER = "other", _("其他")


class PsychTest(models.Model):
    """A vocational psychological test (職業心理測驗) given to a case (one row = 人次)."""

    employment_case = models.ForeignKey(EmploymentCase, on_delete=models.PROTECT,
                                        related_name="psych_tests")
    instrument = models.CharField(_("測驗工具"), max_length=12, choices=PsychInstrument.choices)
    tested_on = models.DateField(_("施測日期"), db_index=True)
    administered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("施測人員"))
    result_summary = models.TextField(_("結果摘要"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("職業心理測驗")
        verbose_name_plural = _("職業心理測驗")
        ordering = ["-tested_on", "-id"]


class TrainingOutcome(models.TextChoices):
    PENDING = "pending", _("待甄試")
    ADMITTED = "admitted", _("錄訓")
    NOT_ADMITTED = "not_admitted", _("未錄訓")
    COMPLETED = "completed", _("結訓")
    DROPPED = "dropped", _("退訓")


class TrainingReferral(models.Model):
    """A referral to vocational training (推介職業訓練) of a case."""

    employment_case = models.ForeignKey(EmploymentCase, on_delete=models.PROTECT,
                                        related_name="training_referrals")
    referred_on = models.DateField(_("推介日期"), db_index=True)
    course = models.CharField(_("訓練課程"), max_length=200)
    provider = models.CharField(_("訓練單位"), max_length=200, blank=True)
    outcome = models.CharField(_("推介結果"), max_length=14, choices=TrainingOutcome.choices,
                               default=TrainingOutcome.PENDING)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("推介人員"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("推介職業訓練")
        verbose_name_plural = _("推介職業訓練")
        ordering = ["-referred_on", "-id"]


class FollowUpResult(models.TextChoices):
    STABLE = "stable", _("穩定就業3個月")
    LEFT = "left", _("已離職")
    UNREACHABLE = "unreachable", _("無法聯繫")


class StabilityFollowUp(models.Model):
    """The 3-month stability follow-up (穩定就業3個月追蹤) of a case's placement: due three
    months after the placement starts (rules_programmes.stability_due_on); "stable" cannot be
    recorded before it is due. A placement due and without a row is a follow-up to do."""

    employment_case = models.ForeignKey(EmploymentCase, on_delete=models.PROTECT,
                                        related_name="follow_ups")
    placement = models.OneToOneField(Placement, on_delete=models.PROTECT,
                                     related_name="stability_follow_up",
                                     verbose_name=_("就業"))
    due_on = models.DateField(_("追蹤期限"), db_index=True)
    done_on = models.DateField(_("追蹤日期"), db_index=True)
    result = models.CharField(_("追蹤結果"), max_length=12, choices=FollowUpResult.choices)
    notes = models.TextField(_("說明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("穩定就業追蹤")
        verbose_name_plural = _("穩定就業追蹤")
        ordering = ["-done_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(result="stable") | Q(done_on__gte=F("due_on")),
                                   name="stability_follow_up_stable_after_due"),
        ]


# ---------------------------------------------------------------------------- community


class CommunitySource(models.TextChoices):
    VISIT = "visit", _("社區訪視")
    LI_OFFICE = "li_office", _("里辦公處")
    SOCIAL_WELFARE = "social_welfare", _("社福團體轉介")
    SCHOOL = "school", _("學校")
    LONG_TERM = "long_term", _("長期失業者追蹤")
    OTHER = "other", _("其他")


class CommunityContact(models.Model):
    """A job seeker found in the community (發掘社區中求職者): one row per finding (人次)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="community_contacts", verbose_name=_("求職者"))
    found_on = models.DateField(_("發掘日期"), db_index=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("行政區"))
    source = models.CharField(_("發掘管道"), max_length=16, choices=CommunitySource.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("服務人員"))
    # The seeker's registration, once the person registers (求職登記).
    seeker = models.ForeignKey(JobSeeker, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="community_contacts", verbose_name=_("求職登記"))
    notes = models.TextField(_("說明"), blank=True)

    class Meta:
        verbose_name = _("社區求職者發掘")
        verbose_name_plural = _("社區求職者發掘")
        ordering = ["-found_on", "-id"]


class CommunityJobOffer(models.Model):
    """A job offer provided to a community case (提供求職個案工作機會): one row = 人次."""

    contact = models.ForeignKey(CommunityContact, on_delete=models.PROTECT,
                                related_name="job_offers")
    offered_on = models.DateField(_("提供日期"), db_index=True)
    title = models.CharField(_("職稱"), max_length=100)
    vacancy = models.ForeignKey(Vacancy, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("職缺"))
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("事業單位"))
    employer_name = models.CharField(_("雇主名稱"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("社區個案工作機會")
        verbose_name_plural = _("社區個案工作機會")
        ordering = ["-offered_on", "-id"]


class CommunityPlacement(models.Model):
    """A community case placed in work (輔導就業成功, 人次), with its 3-month follow-up
    (穩定就業3個月, counted in persons)."""

    contact = models.ForeignKey(CommunityContact, on_delete=models.PROTECT,
                                related_name="placements")
    placed_on = models.DateField(_("就業日期"), db_index=True)
    title = models.CharField(_("職稱"), max_length=100, blank=True)
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("事業單位"))
    employer_name = models.CharField(_("雇主名稱"), max_length=200, blank=True)
    # The registry's placement, when the person was a registered seeker.
    placement = models.OneToOneField(Placement, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="community_placement")
    follow_up_on = models.DateField(_("追蹤日期"), null=True, blank=True, db_index=True)
    follow_up_result = models.CharField(_("追蹤結果"), max_length=12, blank=True,
                                        choices=FollowUpResult.choices)

    class Meta:
        verbose_name = _("社區個案就業")
        verbose_name_plural = _("社區個案就業")
        ordering = ["-placed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=(Q(follow_up_on__isnull=True)
                                              & Q(follow_up_result=""))
                                   | (Q(follow_up_on__isnull=False) & ~Q(follow_up_result="")),
                                   name="community_placement_follow_up_complete"),
            models.CheckConstraint(condition=Q(follow_up_on__isnull=True)
                                   | Q(follow_up_on__gte=F("placed_on")),
                                   name="community_placement_follow_up_after_placement"),
        ]


class JobDevelopmentVisit(models.Model):
    """A visit to a shop of a district's business area that developed jobs (拜訪商圈店家開發
    工作機會). ``jobs_developed`` is the number of job openings this one visit obtained — a
    quantity of the visit, as persons_wanted is of a vacancy."""

    visited_on = models.DateField(_("拜訪日期"), db_index=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("行政區"))
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("事業單位"))
    shop_name = models.CharField(_("店家名稱"), max_length=200)
    jobs_developed = models.PositiveIntegerField(_("開發工作機會數"), default=0)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("服務人員"))

    class Meta:
        verbose_name = _("商圈店家拜訪")
        verbose_name_plural = _("商圈店家拜訪")
        ordering = ["-visited_on", "-id"]


class PromotionPartner(models.TextChoices):
    SCHOOL = "school", _("學校")
    SOCIAL_WELFARE = "social_welfare", _("社福團體")
    LI_OFFICE = "li_office", _("里辦公處")


class CommunityPromotion(models.Model):
    """A stationed employment-promotion service at a school, social-welfare group or li office
    (就業宣導駐點服務): one row per time (次)."""

    held_on = models.DateField(_("辦理日期"), db_index=True)
    partner = models.CharField(_("駐點對象"), max_length=16, choices=PromotionPartner.choices)
    place = models.CharField(_("地點"), max_length=200)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("行政區"))

    class Meta:
        verbose_name = _("就業宣導駐點服務")
        verbose_name_plural = _("就業宣導駐點服務")
        ordering = ["-held_on", "-id"]


# ---------------------------------------------------------------------------- youth


class YouthServiceKind(models.TextChoices):
    TEST = "test", _("青年適性測驗")
    COUNSELLING = "counselling", _("職涯諮詢")


class YouthService(models.Model):
    """An aptitude test or a career counselling at the youth career centre (one row = 人次).
    ``person`` may be empty for a walk-in who gives no ID."""

    kind = models.CharField(_("服務類別"), max_length=12, choices=YouthServiceKind.choices)
    served_on = models.DateField(_("服務日期"), db_index=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="youth_services", verbose_name=_("服務對象"))
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("服務人員"))
    notes = models.TextField(_("紀要"), blank=True)

    class Meta:
        verbose_name = _("青年職涯服務")
        verbose_name_plural = _("青年職涯服務")
        ordering = ["-served_on", "-id"]


class YouthEventKind(models.TextChoices):
    LECTURE = "lecture", _("職涯成長講座")
    TOUR = "tour", _("職涯導覽")
    OTHER = "other", _("其他職涯發展活動")


class YouthEvent(models.Model):
    """A career event run or co-run by the youth career centre (場). ``participants`` is the
    attendance of this one session (人次), counted at the door — the seed counts it so."""

    kind = models.CharField(_("活動類別"), max_length=8, choices=YouthEventKind.choices)
    title = models.CharField(_("活動名稱"), max_length=200)
    held_on = models.DateField(_("辦理日期"), db_index=True)
    place = models.CharField(_("地點"), max_length=200, blank=True)
    co_organised = models.BooleanField(_("協辦"), default=False)
    participants = models.PositiveIntegerField(_("參加人次"), default=0)

    class Meta:
        verbose_name = _("青年職涯活動")
        verbose_name_plural = _("青年職涯活動")
        ordering = ["-held_on", "-id"]


# ---------------------------------------------------------------------------- job redesign


class RedesignMeasure(models.TextChoices):
    EQUIPMENT = "equipment", _("改善工作設備或機具")
    ENVIRONMENT = "environment", _("改善職場工作環境")
    CONDITIONS = "conditions", _("改善工作條件")
    AIDS = "aids", _("提供就業輔具")
    METHOD = "method", _("調整工作方法")


class RedesignDecision(models.TextChoices):
    PENDING = "pending", _("審查中")
    APPROVED = "approved", _("核定")
    REJECTED = "rejected", _("不予核定")


class JobRedesignApplication(models.Model):
    """An application for job redesign of a middle-aged or elderly worker (中高齡者及高齡者
    職務再設計): received, then approved with an amount (or rejected) by someone other than
    the one who received it (maker and checker)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="job_redesign_applications",
                               verbose_name=_("中高齡或高齡者"))
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("雇主"))
    received_on = models.DateField(_("受理日期"), db_index=True)
    measures = models.JSONField(_("改善項目"), default=list)
    description = models.TextField(_("申請內容"), blank=True)
    amount_requested = models.PositiveIntegerField(_("申請金額（元）"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("受理人員"))
    decision = models.CharField(_("審查結果"), max_length=10, choices=RedesignDecision.choices,
                                default=RedesignDecision.PENDING, db_index=True)
    decided_on = models.DateField(_("核定日期"), null=True, blank=True, db_index=True)
    amount_approved = models.PositiveIntegerField(_("核定金額（元）"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("核定人員"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("職務再設計申請")
        verbose_name_plural = _("職務再設計申請")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision="pending") & Q(decided_on__isnull=True)
                           & Q(amount_approved__isnull=True))
                | (Q(decision="approved") & Q(decided_on__isnull=False)
                   & Q(amount_approved__isnull=False))
                | (Q(decision="rejected") & Q(decided_on__isnull=False)
                   & Q(amount_approved__isnull=True)),
                name="job_redesign_decision_complete"),
            models.CheckConstraint(condition=Q(amount_approved__isnull=True)
                                   | Q(amount_approved__lte=F("amount_requested")),
                                   name="job_redesign_approved_within_request"),
            models.CheckConstraint(condition=Q(decided_on__isnull=True)
                                   | Q(decided_on__gte=F("received_on")),
                                   name="job_redesign_decided_after_received"),
        ]
