"""The kernel's tables: registries shared by every line of service.

Invariants that the database can hold are declared here as constraints; everything that
changes these rows goes through labor/core/services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labor.core import validators


class District(models.Model):
    """A district (行政區) of a city; reference data loaded by migration."""

    city = models.CharField(_("城市"), max_length=32, db_index=True)
    code = models.CharField(_("代碼"), max_length=16)
    name = models.CharField(_("名稱"), max_length=32)
    name_en = models.CharField(_("英文名稱"), max_length=64)
    postal_code = models.CharField(_("郵遞區號"), max_length=5, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("行政區")
        verbose_name_plural = _("行政區")
        ordering = ["city", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="district_city_code_unique")
        ]

    def __str__(self):
        return self.name


class Industry(models.Model):
    """A section (大類) of the Standard Industrial Classification (行業標準分類)."""

    code = models.CharField(_("代碼"), max_length=4, unique=True)
    name = models.CharField(_("名稱"), max_length=64)
    name_en = models.CharField(_("英文名稱"), max_length=128)

    class Meta:
        verbose_name = _("行業")
        verbose_name_plural = _("行業")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Establishment(models.Model):
    """An employer (事業單位), identified by its unified business number (統一編號)."""

    ubn = models.CharField(
        _("統一編號"), max_length=8, unique=True, validators=[validators.validate_ubn]
    )
    name = models.CharField(_("名稱"), max_length=200)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行業"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        District, verbose_name=_("行政區"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    representative = models.CharField(_("負責人"), max_length=100, blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    risk_flags = models.JSONField(_("風險註記"), default=list, blank=True)
    # Dates of registration and of closure (歇業/解散), when known: "as of" figures count an
    # establishment only while it existed. Unknown registration dates count as "always there".
    registered_on = models.DateField(_("設立日期"), null=True, blank=True)
    closed_on = models.DateField(_("歇業日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("事業單位")
        verbose_name_plural = _("事業單位")
        ordering = ["ubn"]
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(closed_on__gte=models.F("registered_on")),
                name="establishment_closed_after_registered",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.ubn}）"

    def clean(self):
        if self.registered_on and self.closed_on and self.closed_on < self.registered_on:
            raise ValidationError({"closed_on": _("歇業日期不得早於設立日期。")})


class HeadcountRecord(models.Model):
    """The number of workers an establishment had on a date (dated history, never overwritten)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="headcounts"
    )
    as_of = models.DateField(_("基準日"))
    headcount = models.PositiveIntegerField(_("員工人數"))
    source = models.CharField(_("來源"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("員工人數紀錄")
        verbose_name_plural = _("員工人數紀錄")
        ordering = ["establishment", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "as_of"], name="headcount_one_per_date"
            )
        ]


class Person(models.Model):
    """A natural person: worker, applicant, job seeker. Personal data: see PersonAccessLog."""

    class IdKind(models.TextChoices):
        NATIONAL_ID = "national_id", _("身分證字號")
        UI_NUMBER = "ui_number", _("統一證號")
        PASSPORT = "passport", _("護照號碼")

    id_kind = models.CharField(_("證號類別"), max_length=16, choices=IdKind.choices)
    id_number = models.CharField(_("證號"), max_length=20)
    name = models.CharField(_("姓名"), max_length=100)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    nationality = models.CharField(_("國籍"), max_length=2, blank=True, default="TW")
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    email = models.EmailField(_("電子郵件"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("個人")
        verbose_name_plural = _("個人")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], name="person_id_number_unique")
        ]
        permissions = [("view_person_full", _("可檢視個人完整資料（含證號）"))]

    def __str__(self):
        return self.name

    def clean(self):
        validators.validate_person_id(self.id_kind, self.id_number)


class PriorityGroup(models.TextChoices):
    """就業服務法 art. 24 特定對象 and the bureau's other priority groups."""

    MIDDLE_AGED = "middle_aged", _("中高齡者")
    ELDERLY = "elderly", _("高齡者")
    SOLE_EARNER = "sole_earner", _("獨力負擔家計者")
    DISABLED = "disabled", _("身心障礙者")
    INDIGENOUS = "indigenous", _("原住民")
    NEW_IMMIGRANT_FOREIGN = "new_immigrant_foreign", _("外籍配偶")
    NEW_IMMIGRANT_MAINLAND = "new_immigrant_mainland", _("大陸及港澳配偶")
    LOW_INCOME = "low_income", _("低收入戶或中低收入戶")
    HOMELESS = "homeless", _("遊民")
    REHABILITATED = "rehabilitated", _("更生受保護人")
    DOMESTIC_VIOLENCE = "domestic_violence", _("家庭暴力被害人")
    INVOLUNTARY_UNEMPLOYED = "involuntary_unemployed", _("非自願離職者")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("長期失業者")
    YOUTH = "youth", _("青少年")


class PriorityGroupMembership(models.Model):
    """A person's membership of a priority group, dated from when it was established."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="priority_groups")
    group = models.CharField(_("特定對象類別"), max_length=32, choices=PriorityGroup.choices)
    established_on = models.DateField(_("認定日期"))
    ended_on = models.DateField(_("終止日期"), null=True, blank=True)
    evidence = models.CharField(_("證明文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("特定對象身分")
        verbose_name_plural = _("特定對象身分")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group", "established_on"], name="priority_group_once_per_date"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("established_on")),
                name="priority_group_ends_after_start",
            ),
        ]


class Unit(models.Model):
    """An organisational unit of the bureau (科、處、中心)."""

    code = models.SlugField(_("代碼"), max_length=32, unique=True)
    name = models.CharField(_("名稱"), max_length=64)
    name_en = models.CharField(_("英文名稱"), max_length=128, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The lines of service (case line codes) this unit works; drives its home page.
    lines = models.JSONField(_("業務"), default=list, blank=True)

    class Meta:
        verbose_name = _("單位")
        verbose_name_plural = _("單位")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A named set of permissions (each permission: an action on a line of service)."""

    code = models.SlugField(_("代碼"), max_length=32, unique=True)
    name = models.CharField(_("名稱"), max_length=64)
    permissions = models.ManyToManyField("auth.Permission", blank=True, verbose_name=_("權限"))

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["code"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """A staff member's unit and roles."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff")
    roles = models.ManyToManyField(Role, blank=True, related_name="staff")
    title = models.CharField(_("職稱"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("員工資料")
        verbose_name_plural = _("員工資料")


class LoginAttempt(models.Model):
    """Failed and successful logins, for lockout and audit."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    succeeded = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)


class Channel(models.TextChoices):
    ONLINE = "online", _("線上")
    COUNTER = "counter", _("臨櫃")
    MAIL = "mail", _("郵寄")
    REFERRAL = "referral", _("轉介")
    EX_OFFICIO = "ex_officio", _("依職權")


class CaseNumberSequence(models.Model):
    """The last number issued for a line of service in a year; row-locked while issuing."""

    line = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="case_sequence_line_year")
        ]


class Case(models.Model):
    """The common lifecycle of an application or file in any line of service.

    Each line's own table points here one-to-one (``case = OneToOneField(Case, primary_key=True)``),
    so that numbering, search, events, attachments and due dates work the same everywhere.
    """

    number = models.CharField(_("案號"), max_length=32, unique=True)
    line = models.CharField(_("業務別"), max_length=32, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField()
    channel = models.CharField(_("受理管道"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("狀態"), max_length=32, db_index=True)
    received_at = models.DateTimeField(_("收件時間"), db_index=True)
    closed_at = models.DateTimeField(_("結案時間"), null=True, blank=True, db_index=True)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承辦人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("承辦單位"), null=True, blank=True, on_delete=models.PROTECT
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("事業單位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("當事人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    summary = models.CharField(_("案由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year", "sequence"], name="case_number_parts"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("received_at")),
                name="case_closed_after_received",
            ),
        ]

    def __str__(self):
        return self.number


class CaseEvent(models.Model):
    """One row per state change of a case, written by the service in the same transaction."""

    class ActorKind(models.TextChoices):
        PERSON = "person", _("人員")
        SYSTEM = "system", _("系統")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    action = models.CharField(_("動作"), max_length=64)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("案件紀錄")
        verbose_name_plural = _("案件紀錄")


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("內容"))


class CaseDueDate(models.Model):
    """A statutory deadline of a case (e.g. 勞資爭議處理法 art. 12: mediator within 3 days)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="due_dates")
    kind = models.CharField(_("期限類別"), max_length=64)
    due_on = models.DateField(_("期限"))
    basis = models.CharField(_("法令依據"), max_length=200, blank=True)
    met_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="case_due_date_once_per_kind")
        ]


class Attachment(models.Model):
    """A file attached to a case or a person, stored in private storage (outside the web root)."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("文件類別"), max_length=64, blank=True)
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=255)
    original_name = models.CharField(_("檔名"), max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class PersonAccessLog(models.Model):
    """Every full view of a person's record: who, when, from where, why (the page)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    purpose = models.CharField(max_length=200)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("個資檢視紀錄")
        verbose_name_plural = _("個資檢視紀錄")


class DatedSetting(models.Model):
    """A rate, amount or period that changes by date (minimum wage, ordinance amounts, ...).

    The value in force on a date is the row with the latest ``effective_from`` on or before it.
    ``certainty`` records how sure we are of the source: [C] confirmed, [S] secondary,
    [U] unconfirmed.
    """

    class Certainty(models.TextChoices):
        CONFIRMED = "C", _("已確認")
        SECONDARY = "S", _("次級來源")
        UNCONFIRMED = "U", _("未確認")

    key = models.CharField(_("項目"), max_length=64, db_index=True)
    city = models.CharField(_("城市"), max_length=32, blank=True, default="")
    effective_from = models.DateField(_("生效日"))
    value = models.DecimalField(_("數值"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("單位"), max_length=16, blank=True)
    certainty = models.CharField(max_length=1, choices=Certainty.choices)
    source = models.CharField(_("依據"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("日期化設定")
        verbose_name_plural = _("日期化設定")
        ordering = ["key", "city", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "city", "effective_from"], name="dated_setting_once_per_date"
            )
        ]

    def __str__(self):
        return f"{self.key}@{self.effective_from}={self.value}"


class OfficeCalendarDay(models.Model):
    """One day of the government office calendar (政府行政機關辦公日曆表)."""

    date = models.DateField(primary_key=True)
    is_rest_day = models.BooleanField(_("放假"))
    remark = models.CharField(_("備註"), max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("辦公日曆")
        verbose_name_plural = _("辦公日曆")


class ImportBatch(models.Model):
    """One run of an import: where rows came from, what it did, and its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("等待中")
        RUNNING = "running", _("處理中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失敗")

    kind = models.CharField(_("資料類別"), max_length=32)
    filename = models.CharField(_("檔名"), max_length=255)
    stored_file = models.FileField(upload_to="imports/%Y/%m/", blank=True, max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    dry_run = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    invalid_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("匯入批次")
        verbose_name_plural = _("匯入批次")


class ApiToken(models.Model):
    """A bearer token for an integration; only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名稱"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 金鑰")
        verbose_name_plural = _("API 金鑰")


class ScenarioPart(models.Model):
    """One app's part of a demo scenario, once loaded (so that loading again changes nothing)."""

    scenario = models.CharField(max_length=64)
    part = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scenario", "part"], name="scenario_part_once")
        ]
