"""Forms of the notifications workspace: counter entry of notifiable work, supervision
inspections and unreported work, film productions, reduced-hours agreements and the layoff
early-warning lists.

Forms check the shape of what was typed (required fields, dates, numbers, the 統一編號's
check digit) so that the message lands beside its field; the services decide the rest and
their ValidationErrors are put back on the form with
``labor.core.forms_base.apply_errors`` (as the disputes pages do).
"""

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers
from labor.core.forms_base import BaseForm as CoreBaseForm
from labor.core.forms_base import date_widget
from labor.core.models import District
from labor.core.validators import validate_ubn
from labor.notifications.models import RiskyOperation, WarningSource, WorkKind
from labor.notifications.selectors import FILED, WORKING


def _districts():
    return District.objects.filter(city=settings.LABOR_CITY).order_by("sort_order", "code")


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise ValidationError(message, code="future_date")
    return value


class BaseForm(CoreBaseForm):

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class UbnField(forms.CharField):
    """A 統一編號: spaces and dashes dropped, the check digit verified here (the registry is
    the service's to check)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("統一編號"))
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = identifiers.compact(super().clean(value) or "")
        if value:
            validate_ubn(value)
        return value


class DistrictField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("行政區"))
        kwargs.setdefault("empty_label", _("請選擇"))
        kwargs.setdefault("error_messages", {"required": _("請選擇行政區。"),
                                             "invalid_choice": _("請選擇行政區。")})
        super().__init__(queryset=District.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        from django.utils.translation import get_language

        english = (get_language() or "").startswith("en")
        return obj.name_en if english and obj.name_en else obj.name


def _with_districts(form):
    for field in form.fields.values():
        if isinstance(field, DistrictField):
            field.queryset = _districts()


# --- notifiable work -------------------------------------------------------------------------


class NotificationFilterForm(BaseForm):
    kind = forms.ChoiceField(label=_("作業類別"), required=False,
                             choices=[("", _("全部")), *WorkKind.choices])
    district = DistrictField(required=False, empty_label=_("全部"))
    date_from = forms.DateField(label=_("日期起"), required=False, widget=date_widget())
    date_to = forms.DateField(label=_("日期迄"), required=False, widget=date_widget())
    basis = forms.ChoiceField(
        label=_("日期依據"), required=False, initial=FILED,
        choices=[(FILED, _("通報日期")), (WORKING, _("作業期間"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _with_districts(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("日期迄不得早於日期起。"))
        return cleaned

    def values(self) -> dict:
        """The filters to apply; a filter with an error is ignored (the page says why)."""
        if not self.is_bound:
            return {"kind": "", "district": None, "start": None, "end": None, "basis": FILED}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "district": data.get("district"),
            "start": data.get("date_from"),
            "end": data.get("date_to") if "date_to" not in self.errors else None,
            "basis": data.get("basis") or FILED,
        }


class NotificationEntryForm(BaseForm):
    """A notification received at the counter or by mail, typed in by staff."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    ubn = UbnField(help_text=_("通報事業單位（雇主）；須為本局事業單位資料已有者。"))
    kind = forms.ChoiceField(label=_("作業類別"), choices=WorkKind.choices,
                             widget=forms.RadioSelect)
    site_address = forms.CharField(label=_("作業地點"), max_length=200)
    district = DistrictField()
    starts_on = forms.DateField(label=_("作業開始日"), widget=date_widget())
    ends_on = forms.DateField(label=_("作業結束日"), widget=date_widget())
    contractor = forms.CharField(label=_("承攬人（選填）"), max_length=200, required=False)
    filed_on = forms.DateField(
        label=_("收件日期"), widget=date_widget(), initial=timezone.localdate,
        help_text=_("郵寄者請填本局收文日期。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _with_districts(self)

    def clean_filed_on(self):
        return _not_in_future(self.cleaned_data.get("filed_on"), _("收件日期不得晚於今天。"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("結束日不得早於開始日。"))
        return cleaned

    def filed_at(self) -> dt.datetime:
        """Now, for a filing received today; noon of the day received otherwise."""
        day = self.cleaned_data["filed_on"]
        now = timezone.now()
        if day == timezone.localdate(now):
            return now
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)),
                                   timezone.get_default_timezone())


class VisitForm(BaseForm):
    """A supervision inspection on a day; the inspector is the person recording it."""

    visited_on = forms.DateField(label=_("檢查日期"), widget=date_widget(),
                                 initial=timezone.localdate)

    def clean_visited_on(self):
        return _not_in_future(self.cleaned_data.get("visited_on"), _("檢查日期不得晚於今天。"))


class UnreportedForm(VisitForm):
    """Notifiable work found without a notification at a supervision inspection."""

    kind = forms.ChoiceField(label=_("作業類別"), choices=WorkKind.choices,
                             widget=forms.RadioSelect)
    site_address = forms.CharField(label=_("作業地點"), max_length=200)
    district = DistrictField(required=False, empty_label=_("（不確定可不填）"))
    ubn = UbnField(help_text=_("施作之事業單位（雇主）。"))

    field_order = ["kind", "site_address", "district", "ubn", "visited_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _with_districts(self)


# --- film and stage productions --------------------------------------------------------------


class FilmForm(BaseForm):
    production = forms.CharField(label=_("製作名稱"), max_length=200)
    ubn = UbnField(help_text=_("製作公司；須為本局事業單位資料已有者。"))
    operation = forms.ChoiceField(label=_("危險性作業類別"), choices=RiskyOperation.choices)
    operation_on = forms.DateField(label=_("作業日期"), widget=date_widget())
    location = forms.CharField(label=_("作業地點"), max_length=200)
    filed_on = forms.DateField(label=_("通報日期"), widget=date_widget(),
                               initial=timezone.localdate)

    def clean_filed_on(self):
        return _not_in_future(self.cleaned_data.get("filed_on"), _("通報日期不得晚於今天。"))


# --- reduced working hours -------------------------------------------------------------------


class PeriodForm(BaseForm):
    date_from = forms.DateField(label=_("通報日期起"), required=False, widget=date_widget())
    date_to = forms.DateField(label=_("通報日期迄"), required=False, widget=date_widget())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("日期迄不得早於日期起。"))
        return cleaned

    def values(self, default_start=None, default_end=None) -> tuple:
        if not self.is_bound or not self.is_valid():
            return default_start, default_end
        return (self.cleaned_data.get("date_from") or default_start,
                self.cleaned_data.get("date_to") or default_end)


class ReducedHoursForm(BaseForm):
    ubn = UbnField(help_text=_("實施減班休息之事業單位。"))
    workers_affected = forms.IntegerField(
        label=_("實施人數"), min_value=1, max_value=1_000_000,
        error_messages={"min_value": _("實施人數應為 1 以上的整數。"),
                        "invalid": _("實施人數應為 1 以上的整數。")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
    )
    starts_on = forms.DateField(label=_("實施開始日"), widget=date_widget())
    ends_on = forms.DateField(label=_("實施結束日"), widget=date_widget())
    filed_on = forms.DateField(label=_("通報日期"), widget=date_widget(),
                               initial=timezone.localdate)

    def clean_filed_on(self):
        return _not_in_future(self.cleaned_data.get("filed_on"), _("通報日期不得晚於今天。"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("結束日不得早於開始日。"))
        return cleaned


# --- layoff early-warning lists --------------------------------------------------------------

# The list file's columns: 統一編號 required, the reason optional (either header).
UBN_HEADERS = ("統一編號", "統編", "ubn")
REASON_HEADERS = ("預警原因", "通報原因", "原因", "reason")


class WarningUploadForm(BaseForm):
    source = forms.ChoiceField(label=_("名單來源"), choices=WarningSource.choices,
                               widget=forms.RadioSelect)
    received_on = forms.DateField(label=_("收文日期"), widget=date_widget(),
                                  initial=timezone.localdate,
                                  help_text=_("7 日訪視期限由收文日期起算。"))
    file = forms.FileField(
        label=_("名單檔案"),
        help_text=_("CSV（UTF-8 或 Big5）或 Excel（.xlsx）；第 1 列為欄名，須有「統一編號」欄，"
                    "可有「預警原因」欄。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data.get("received_on"), _("收文日期不得晚於今天。"))

    def clean_file(self):
        """The file's rows as the service takes them, with each row's spreadsheet line and
        the headers used (``self.rows``, ``self.lines``, ``self.headers``)."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        self.rows, self.lines, self.headers = read_warning_file(upload)
        return upload


def _pick(headers, wanted) -> str:
    folded = {header.strip().casefold(): header for header in headers}
    return next((folded[name.casefold()] for name in wanted if name.casefold() in folded), "")


def read_warning_file(upload) -> tuple[list[dict], list[int], dict]:
    """Read an insurer's list (CSV or XLSX, with the import engine's reader): rows of
    {"ubn", "reason"}, each row's spreadsheet line number, and the headers found
    ({"ubn": "統一編號", "reason": "預警原因" or ""}). Raises ValidationError (zh-Hant) for a
    file that cannot be used."""
    from labor.core.imports.reading import FileError, read_table
    from labor.core.imports.services import file_format, max_bytes

    try:
        fmt = file_format(upload.name)
    except FileError as exc:
        raise ValidationError(exc.message, code="file_type") from None
    if upload.size > max_bytes():
        raise ValidationError(_("檔案過大，上限為 %(mb)s MB。") % {
            "mb": f"{max_bytes() / 1024 / 1024:g}"}, code="file_size")
    if upload.size == 0:
        raise ValidationError(_("檔案是空的。"), code="file_empty")
    try:
        table = read_table(b"".join(upload.chunks()), fmt)
    except FileError as exc:
        raise ValidationError(exc.message, code="file_content") from None
    ubn_header = _pick(table.headers, UBN_HEADERS)
    if not ubn_header:
        raise ValidationError(
            _("檔案第 1 列找不到「統一編號」欄（收到的欄名：%(headers)s）。")
            % {"headers": "、".join(table.headers)}, code="file_headers")
    reason_header = _pick(table.headers, REASON_HEADERS)
    rows, lines = [], []
    for line, cells in table.rows:
        ubn = cells.get(ubn_header)
        if isinstance(ubn, int | float) and not isinstance(ubn, bool):
            # A spreadsheet keeps 統一編號 as a number and drops a leading zero.
            ubn = f"{int(ubn):08d}"
        rows.append({"ubn": "" if ubn is None else str(ubn).strip(),
                     "reason": str(cells.get(reason_header) or "").strip()
                     if reason_header else ""})
        lines.append(line)
    return rows, lines, {"ubn": ubn_header, "reason": reason_header}


class DateActionForm(BaseForm):
    """One date for an action on a warned establishment or a list (visited, letter sent)."""

    on = forms.DateField(label=_("日期"), widget=date_widget(), initial=timezone.localdate)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label
