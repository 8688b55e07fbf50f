"""Labor-dispute mediation (勞資爭議調解) and migrant-worker dispute coordination
(移工勞資爭議協調).

A dispute is a core.Case (line "disputes" or "migrant_disputes") with the tables below. Every
change goes through labor/disputes/services.py; the statutory rules are in rules.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core.models import Case, Establishment, Person

LINE_MEDIATION = "disputes"
LINE_COORDINATION = "migrant_disputes"


class Status(models.TextChoices):
    """The case's place in the workflow (Case.status); transitions are declared in rules.py."""

    RECEIVED = "received", _("收件")
    ASSIGNED = "assigned", _("已指派調解人")
    SCHEDULED = "scheduled", _("已排定會議")
    CLOSED = "closed", _("結案")


class Kind(models.TextChoices):
    MEDIATION = "mediation", _("調解")
    COORDINATION = "coordination", _("移工爭議協調")


class ApplicantKind(models.TextChoices):
    WORKER = "worker", _("勞工")
    WORKERS = "workers", _("勞工（多人共同申請）")
    UNION = "union", _("工會")
    EMPLOYER = "employer", _("雇主")


class Route(models.TextChoices):
    MEDIATOR = "mediator", _("調解人")
    COMMITTEE = "committee", _("調解委員會")


class Outcome(models.TextChoices):
    SETTLED = "settled", _("調解成立")
    NOT_SETTLED = "not_settled", _("調解不成立")
    WITHDRAWN = "withdrawn", _("撤回")
    WITHDRAWN_SETTLED = "withdrawn_settled", _("自行和解撤回")
    TRANSFERRED = "transferred", _("移送／其他")


class ItemKind(models.TextChoices):
    UNPAID_WAGES = "unpaid_wages", _("積欠工資")
    OVERTIME = "overtime", _("加班費")
    SEVERANCE = "severance", _("資遣費")
    DISMISSAL = "dismissal", _("解僱爭議")
    INJURY_COMPENSATION = "injury_compensation", _("職業災害補償")
    PENSION = "pension", _("退休金提繳")
    INSURANCE = "insurance", _("勞健保")
    OTHER = "other", _("其他")


class Side(models.TextChoices):
    APPLICANT = "applicant", _("申請人")
    RESPONDENT = "respondent", _("相對人")


class Mediator(models.Model):
    """A mediator on the bureau's roster (本局或受託民間團體之調解人)."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("本局調解人")
        COMMISSIONED = "commissioned", _("受託民間團體調解人")
        # Migrant-worker dispute coordinators work coordination cases, not mediations.
        COORDINATOR = "coordinator", _("移工爭議協調人")

    name = models.CharField(_("姓名"), max_length=100)
    kind = models.CharField(_("類別"), max_length=16, choices=Kind.choices)
    organisation = models.CharField(_("所屬團體"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="mediator",
    )
    expertise = models.JSONField(_("專長爭議類別"), default=list, blank=True)
    max_open_cases = models.PositiveSmallIntegerField(_("同時承辦上限"), default=20)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    email = models.EmailField(_("電子郵件"), blank=True)
    active = models.BooleanField(_("在冊"), default=True)

    class Meta:
        verbose_name = _("調解人")
        verbose_name_plural = _("調解人")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MediatorConflict(models.Model):
    """A reason a mediator may not mediate for a party (e.g. was its representative)."""

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="conflicts")
    establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(establishment__isnull=False) | Q(person__isnull=False),
                name="mediator_conflict_names_a_party",
            )
        ]


class Dispute(models.Model):
    """A mediation application or a migrant-worker coordination case."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE,
                                related_name="dispute")
    kind = models.CharField(_("類別"), max_length=16, choices=Kind.choices,
                            default=Kind.MEDIATION)
    applicant_kind = models.CharField(_("申請人身分"), max_length=16,
                                      choices=ApplicantKind.choices)
    route = models.CharField(_("調解方式"), max_length=16, choices=Route.choices,
                             default=Route.MEDIATOR)
    committee_size = models.PositiveSmallIntegerField(_("委員人數"), null=True, blank=True)
    employment_start = models.DateField(_("到職日"), null=True, blank=True)
    monthly_wage = models.PositiveIntegerField(_("月薪資"), null=True, blank=True)
    job_title = models.CharField(_("職務"), max_length=100, blank=True)
    statement = models.TextField(_("爭議內容陳述"), blank=True)
    interpreter_language = models.CharField(_("通譯語言"), max_length=32, blank=True)
    outcome = models.CharField(_("處理結果"), max_length=20, choices=Outcome.choices,
                               blank=True)
    outcome_on = models.DateField(_("結果日期"), null=True, blank=True, db_index=True)
    settled_amount = models.PositiveBigIntegerField(_("成立金額"), null=True, blank=True)
    outcome_note = models.TextField(_("結果說明"), blank=True)
    # The online applicant's account: they see their own cases and nobody else's.
    portal_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="portal_disputes",
    )
    # Idempotency key of an online submission: a double click or a resend makes one case.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Optimistic lock: a save carries the version it read; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("勞資爭議案件")
        verbose_name_plural = _("勞資爭議案件")
        constraints = [
            models.CheckConstraint(
                condition=Q(committee_size__isnull=True) | Q(committee_size__in=[3, 5]),
                name="dispute_committee_of_3_or_5",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False),
                name="dispute_outcome_has_a_date",
            ),
        ]
        permissions = [
            ("work_dispute", _("可辦理勞資爭議案件")),
            ("assign_mediator", _("可指派調解人")),
        ]

    def __str__(self):
        return self.case.number


class DisputeParty(models.Model):
    """An applicant or a respondent: a person, an establishment or a union."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("當事人別"), max_length=16, choices=Side.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="dispute_parties")
    establishment = models.ForeignKey(Establishment, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="dispute_parties")
    union_name = models.CharField(_("工會名稱"), max_length=200, blank=True)
    contact_name = models.CharField(_("聯絡人"), max_length=100, blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    email = models.EmailField(_("電子郵件"), blank=True)
    address = models.CharField(_("送達地址"), max_length=200, blank=True)

    class Meta:
        ordering = ["dispute", "side", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, establishment__isnull=True, union_name="")
                    | Q(person__isnull=True, establishment__isnull=False, union_name="")
                    | (Q(person__isnull=True, establishment__isnull=True) & ~Q(union_name=""))
                ),
                name="dispute_party_is_one_kind",
            )
        ]

    def __str__(self):
        if self.person_id:
            return self.person.name
        if self.establishment_id:
            return self.establishment.name
        return self.union_name


class DisputeItem(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("爭議項目"), max_length=24, choices=ItemKind.choices)
    amount_claimed = models.PositiveBigIntegerField(_("請求金額"), null=True, blank=True)
    note = models.CharField(_("說明"), max_length=200, blank=True)


class MediatorAssignment(models.Model):
    """A mediator (or committee member) on a case, from designation until replaced."""

    class EndReason(models.TextChoices):
        OBJECTION = "objection", _("當事人聲請迴避")
        REASSIGNED = "reassigned", _("改派")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="assignments")
    mediator = models.ForeignKey(Mediator, on_delete=models.PROTECT, related_name="assignments")
    nominated_by = models.CharField(_("推薦方"), max_length=16, choices=Side.choices,
                                    blank=True)
    assigned_at = models.DateTimeField(_("指派時間"), default=timezone.now)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["dispute", "assigned_at"]


class Meeting(models.Model):
    """A mediation meeting (or a coordination meeting for a migrant worker's dispute)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已排定")
        HELD = "held", _("已召開")
        RESCHEDULED = "rescheduled", _("已改期")
        CANCELLED = "cancelled", _("已取消")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("會議類別"), max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField(_("開會時間"), db_index=True)
    room = models.CharField(_("地點"), max_length=100)
    status = models.CharField(_("狀態"), max_length=16, choices=Status.choices,
                              default=Status.SCHEDULED)
    held_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("會議紀要"), blank=True)

    class Meta:
        ordering = ["dispute", "starts_at"]


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    party = models.ForeignKey(DisputeParty, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(_("出席"))
    represented_by = models.CharField(_("代理人"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party"], name="attendance_once")
        ]


class LawyerSlot(models.Model):
    """A session of free on-site legal advice (現場義務律師諮詢)."""

    starts_at = models.DateTimeField(_("開始時間"), db_index=True)
    ends_at = models.DateTimeField(_("結束時間"))
    lawyer_name = models.CharField(_("律師"), max_length=100)
    location = models.CharField(_("地點"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("名額"), default=6)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="lawyer_slot_ends_after_start")
        ]


class LawyerConsultation(models.Model):
    """One booking of a lawyer slot; ``attended`` is recorded after the session."""

    slot = models.ForeignKey(LawyerSlot, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    topic = models.CharField(_("諮詢主題"), max_length=200, blank=True)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
