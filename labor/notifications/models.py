"""Notifications employers file with the bureau (事業單位通報), and the lists it receives.

- WorkNotification: notifiable work under the city's ordinance (輕質屋頂、施工架、吊籠、繩索作業),
  filed online by the employer or typed in at the counter; SupervisionVisit: the bureau's
  supervision inspections of it (the execution rate); UnreportedWork: such work found without a
  notification.
- FilmNotification: a film or stage production's risky shooting, notified in advance.
- ReducedHoursAgreement: 減少工時（減班休息）協議.
- LayoffWarningList / LayoffWarningEntry: the layoff early-warning lists (大量解僱勞工保護法
  art. 11) sent by the labour and health insurers, with the letter and the 7-day visit.

None of these is a core.Case. Every change goes through labor/notifications/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core.models import District, Establishment, ImportBatch


class WorkKind(models.TextChoices):
    """Notifiable work. The seed reports gondolas and rope access as one figure; they are
    filed separately and a selector may combine them."""

    LIGHTWEIGHT_ROOF = "lightweight_roof", _("輕質屋頂作業")
    SCAFFOLDING = "scaffolding", _("施工架作業")
    GONDOLA = "gondola", _("吊籠作業")
    ROPE_ACCESS = "rope_access", _("繩索作業")


class FilingChannel(models.TextChoices):
    """The two ways a notification arrives (values as core.Channel's)."""

    ONLINE = "online", _("線上")
    COUNTER = "counter", _("臨櫃")


class WorkNotification(models.Model):
    """A notification of notifiable work, filed by the employer before the work starts."""

    kind = models.CharField(_("作業類別"), max_length=20, choices=WorkKind.choices)
    # The filing employer (統一編號 in the registry).
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("通報事業單位"), on_delete=models.PROTECT,
        related_name="work_notifications",
    )
    contractor = models.CharField(_("承攬人"), max_length=200, blank=True)
    site_address = models.CharField(_("作業地點"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("行政區"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("作業開始日"))
    ends_on = models.DateField(_("作業結束日"))
    filed_at = models.DateTimeField(_("通報時間"), default=timezone.now, db_index=True)
    channel = models.CharField(_("通報管道"), max_length=16, choices=FilingChannel.choices)
    # The employer's portal account: an employer sees their own notifications and no others.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="work_notifications",
    )
    # The staff member who typed in a counter filing.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # Idempotency key of an online filing: a double click or a resend makes one notification.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("危險性作業通報")
        verbose_name_plural = _("危險性作業通報")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["kind", "filed_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="work_notification_ends_after_start"),
        ]
        permissions = [
            ("work_notification", _("可辦理事業單位通報及監督檢查")),
            ("work_layoff_warning", _("可辦理大量解僱預警及減班休息通報")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.site_address}"


class SupervisionVisit(models.Model):
    """A supervision inspection (監督檢查) of notifiable work or of a film production's risky
    shooting. Its inspection record (findings, improvement notices, penalties) is the
    labor/inspections Inspection it links to.

    ``kind`` is the notifiable work supervised; ``notification`` is the notification it
    follows, or empty when the inspector found the work unreported (then an UnreportedWork
    row points here). The execution rate counts every supervision inspection of a kind,
    notified or not (seed 2023H1: lightweight roofs, 1 notification and 2 inspections, 200.0 %).
    A film production's visit has no kind and points to its FilmNotification.
    """

    kind = models.CharField(_("作業類別"), max_length=20, choices=WorkKind.choices, blank=True)
    notification = models.ForeignKey(
        WorkNotification, verbose_name=_("通報"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="visits",
    )
    film_notification = models.ForeignKey(
        "FilmNotification", verbose_name=_("影視製作通報"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="visits",
    )
    inspection = models.OneToOneField(
        "inspections.Inspection", verbose_name=_("檢查紀錄"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="supervision_visit",
    )
    visited_on = models.DateField(_("檢查日期"), db_index=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("檢查員"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("監督檢查")
        verbose_name_plural = _("監督檢查")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["kind", "visited_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(film_notification__isnull=True) & ~Q(kind=""))
                | (Q(film_notification__isnull=False, notification__isnull=True, kind="")),
                name="supervision_visit_of_work_or_film",
            ),
        ]

    def __str__(self):
        subject = self.notification or self.film_notification or self.get_kind_display()
        return f"{subject} {self.visited_on}"


class UnreportedWork(models.Model):
    """Notifiable work found at a site without a notification (未通報違規)."""

    kind = models.CharField(_("作業類別"), max_length=20, choices=WorkKind.choices)
    site_address = models.CharField(_("作業地點"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("行政區"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    found_on = models.DateField(_("查獲日期"), db_index=True)
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("事業單位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="unreported_work",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # The supervision inspection that found it, when one did.
    visit = models.OneToOneField(
        SupervisionVisit, verbose_name=_("監督檢查"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="unreported",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("未通報作業")
        verbose_name_plural = _("未通報作業")
        ordering = ["-found_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.site_address}"


class RiskyOperation(models.TextChoices):
    """The five kinds of risky operation in film and stage production."""

    EXPLOSION = "explosion", _("爆破及煙火")
    HEIGHT = "height", _("高處作業")
    WATER = "water", _("水域作業")
    VEHICLE_STUNT = "vehicle_stunt", _("車輛特技")
    FIRE = "fire", _("火焰作業")


class FilmNotification(models.Model):
    """A production's risky shooting (影視及舞台製作危險性作業), notified in advance."""

    production = models.CharField(_("製作名稱"), max_length=200)
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("事業單位"), on_delete=models.PROTECT,
        related_name="film_notifications",
    )
    operation = models.CharField(_("危險性作業類別"), max_length=16,
                                 choices=RiskyOperation.choices)
    operation_on = models.DateField(_("作業日期"), db_index=True)
    location = models.CharField(_("作業地點"), max_length=200)
    filed_on = models.DateField(_("通報日期"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("影視製作危險性作業通報")
        verbose_name_plural = _("影視製作危險性作業通報")
        ordering = ["-operation_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(operation_on__gte=F("filed_on")),
                                   name="film_notification_in_advance"),
        ]

    def __str__(self):
        return f"{self.production} {self.get_operation_display()}"


class ReducedHoursAgreement(models.Model):
    """An agreement to reduce working hours (減少工時／減班休息) reported by the employer."""

    establishment = models.ForeignKey(
        Establishment, verbose_name=_("事業單位"), on_delete=models.PROTECT,
        related_name="reduced_hours_agreements",
    )
    workers_affected = models.PositiveIntegerField(_("實施人數"))
    starts_on = models.DateField(_("實施開始日"))
    ends_on = models.DateField(_("實施結束日"))
    filed_on = models.DateField(_("通報日期"), db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("減班休息協議")
        verbose_name_plural = _("減班休息協議")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="reduced_hours_ends_after_start"),
            models.CheckConstraint(condition=Q(workers_affected__gte=1),
                                   name="reduced_hours_affects_someone"),
        ]

    def __str__(self):
        return f"{self.establishment} {self.starts_on}–{self.ends_on}"


class WarningSource(models.TextChoices):
    LABOUR_INSURANCE = "labour_insurance", _("勞工保險局")
    HEALTH_INSURANCE = "health_insurance", _("中央健康保險署")


class LayoffWarningList(models.Model):
    """One early-warning list file received from an insurer."""

    source = models.CharField(_("來源"), max_length=20, choices=WarningSource.choices)
    received_on = models.DateField(_("收文日期"), db_index=True)
    file_name = models.CharField(_("檔名"), max_length=255)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("匯入批次"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("大量解僱預警名單")
        verbose_name_plural = _("大量解僱預警名單")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "received_on", "file_name"],
                                    name="layoff_warning_list_once"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.received_on} {self.file_name}"


class LayoffWarningEntry(models.Model):
    """One establishment on a warning list: the letter sent and the visit within 7 days.

    ``source`` and ``received_month`` (the first day of the month of receipt) repeat the
    list's, so that the database refuses the same establishment twice from one insurer in one
    month, however many files it came in.
    """

    warning_list = models.ForeignKey(
        LayoffWarningList, verbose_name=_("預警名單"), on_delete=models.CASCADE,
        related_name="entries",
    )
    source = models.CharField(_("來源"), max_length=20, choices=WarningSource.choices)
    received_month = models.DateField(_("收文月份"))
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("事業單位"), on_delete=models.PROTECT,
        related_name="layoff_warnings",
    )
    reason = models.CharField(_("預警原因"), max_length=200, blank=True)
    letter_sent_on = models.DateField(_("函文寄發日"), null=True, blank=True)
    visit_due_on = models.DateField(_("訪視期限"), db_index=True)
    visited_on = models.DateField(_("訪視日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("預警名單事業單位")
        verbose_name_plural = _("預警名單事業單位")
        ordering = ["visit_due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "establishment", "received_month"],
                                    name="layoff_warning_entry_once_a_month"),
        ]

    def __str__(self):
        return f"{self.establishment} {self.received_month:%Y-%m}"
