"""Forms of the disputes workspace: the counter entry of an application, the actions on a case
page and the lawyer consultations.

Forms check the shape of what was typed (required fields, valid IDs, dates not in the future)
so that a message lands beside the field it is about; the services decide everything else and
their ValidationErrors are put back on the form by ``labor.core.forms_base.apply_errors``.
"""

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers
from labor.core.formatting import roc_date
from labor.core.forms_base import BaseForm, date_widget
from labor.core.models import Channel, District, Establishment, Person
from labor.core.validators import validate_person_id, validate_ubn
from labor.disputes.models import (
    ApplicantKind,
    ItemKind,
    Kind,
    LawyerConsultation,
    LawyerSlot,
    Mediator,
    Meeting,
    Outcome,
    Route,
    Side,
    Status,
)

AMOUNT_MESSAGES = {
    "min_value": _("金額不得為負數。"),
    "invalid": _("請填寫整數金額（新臺幣元，不含逗號以外的符號）。"),
}
YES_NO = [("yes", _("出席")), ("no", _("未出席"))]


def _time_widget():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise ValidationError(message, code="future_date")
    return value


def aware(day: dt.date, at: dt.time) -> dt.datetime:
    """A date and a wall-clock time in the bureau's time zone (Asia/Taipei)."""
    return timezone.make_aware(dt.datetime.combine(day, at), timezone.get_default_timezone())


# --- counter entry ------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DisputeEntryForm(BaseForm):
    """The application as received at the counter or by mail; the same facts as the public
    form. Parties and items are formsets beside it (``PartyFormSet``, ``ItemFormSet``)."""

    channel = forms.ChoiceField(
        label=_("受理管道"),
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.MAIL, Channel.MAIL.label)],
        initial=Channel.COUNTER, widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("收件日期"), widget=date_widget(),
        help_text=_("郵寄案件請填本局收文日期；法定期限由此起算。"),
    )
    kind = forms.ChoiceField(label=_("案件類別"), choices=Kind.choices, initial=Kind.MEDIATION,
                             widget=forms.RadioSelect)
    applicant_kind = forms.ChoiceField(label=_("申請人身分"), choices=ApplicantKind.choices,
                                       initial=ApplicantKind.WORKER)
    route = forms.ChoiceField(label=_("調解方式"), choices=Route.choices, initial=Route.MEDIATOR,
                              widget=forms.RadioSelect)
    committee_size = forms.TypedChoiceField(
        label=_("委員人數"), choices=[("", "—"), (3, _("3 人")), (5, _("5 人"))],
        coerce=int, empty_value=None, required=False,
        help_text=_("調解委員會方式才需填寫。"),
    )
    employment_start = forms.DateField(label=_("到職日"), required=False, widget=date_widget())
    monthly_wage = forms.IntegerField(label=_("月薪資（元）"), required=False, min_value=0,
                                      error_messages=AMOUNT_MESSAGES)
    job_title = forms.CharField(label=_("職務"), max_length=100, required=False)
    interpreter_language = forms.CharField(
        label=_("通譯語言"), max_length=32, required=False,
        help_text=_("移工爭議協調案件需要通譯時填寫，例如印尼語、越南語。"),
    )
    statement = forms.CharField(label=_("爭議內容陳述"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(
        label=_("附件"), required=False,
        help_text=_("可一次選取多個檔案；接受 %(types)s，每個檔案上限 %(size)s MB。") % {
            "types": "、".join(sorted(settings.ATTACHMENT_ALLOWED_TYPES)),
            "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        },
    )
    # One key per rendered form: a double click or a resent form makes one case.
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            self.initial.setdefault("submission_key", f"counter-{uuid.uuid4().hex}")

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data.get("received_on"),
                              _("收件日期不得晚於今天。"))

    def clean_employment_start(self):
        return _not_in_future(self.cleaned_data.get("employment_start"),
                              _("到職日不得晚於今天。"))

    def clean(self):
        data = super().clean()
        if data.get("route") == Route.COMMITTEE and not data.get("committee_size"):
            self.add_error("committee_size", _("調解委員會方式請選擇委員人數（3 人或 5 人）。"))
        if data.get("route") == Route.MEDIATOR:
            data["committee_size"] = None
        return data

    def received_at(self) -> dt.datetime | None:
        """None for today (the service stamps the current time); midnight Taipei time of the
        date typed otherwise (the date is what the statutory clock counts from)."""
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return None
        return aware(day, dt.time(0, 0))


class PartyForm(BaseForm):
    """One applicant or respondent: a person (by personal ID), an establishment (by 統一編號)
    or a union."""

    KINDS = [("person", _("個人")), ("establishment", _("事業單位")), ("union", _("工會"))]

    kind = forms.ChoiceField(label=_("類別"), choices=KINDS, initial="person")
    name = forms.CharField(label=_("姓名或名稱"), max_length=200, required=False)
    id_kind = forms.ChoiceField(label=_("證號類別"), choices=Person.IdKind.choices,
                                initial=Person.IdKind.NATIONAL_ID, required=False)
    id_number = forms.CharField(label=_("證號"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off",
                                                              "spellcheck": "false"}))
    ubn = forms.CharField(label=_("統一編號"), max_length=8, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    district = forms.ModelChoiceField(
        label=_("行政區"), queryset=District.objects.none(), required=False, to_field_name="code",
        empty_label=_("請選擇"),
        help_text=_("統一編號不在事業單位名冊時才需填寫（連同名稱）。"),
    )
    contact_name = forms.CharField(label=_("聯絡人"), max_length=100, required=False)
    phone = forms.CharField(label=_("電話"), max_length=32, required=False)
    email = forms.EmailField(label=_("電子郵件"), required=False)
    address = forms.CharField(label=_("送達地址"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=settings.LABOR_CITY)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        name = (data.get("name") or "").strip()
        data["name"] = name
        if kind == "person":
            if not name:
                self.add_error("name", _("請填寫姓名。"))
            id_number = identifiers.compact(data.get("id_number") or "")
            data["id_number"] = id_number
            if not id_number:
                self.add_error("id_number", _("請填寫證號。"))
            else:
                try:
                    validate_person_id(data.get("id_kind") or Person.IdKind.NATIONAL_ID, id_number)
                except ValidationError as exc:
                    for field, errors in exc.error_dict.items():
                        self.add_error(field, errors)
        elif kind == "establishment":
            ubn = identifiers.compact(data.get("ubn") or "")
            data["ubn"] = ubn
            if not ubn:
                self.add_error("ubn", _("請填寫統一編號。"))
            else:
                try:
                    validate_ubn(ubn)
                except ValidationError as exc:
                    self.add_error("ubn", exc)
                else:
                    if not Establishment.objects.filter(ubn=ubn).exists():
                        if not name:
                            self.add_error("name", _(
                                "統一編號 %(ubn)s 不在事業單位名冊中，請填寫名稱以新增。"
                            ) % {"ubn": ubn})
                        if not data.get("district"):
                            self.add_error("district", _(
                                "統一編號 %(ubn)s 不在事業單位名冊中，請選擇行政區以新增。"
                            ) % {"ubn": ubn})
        elif kind == "union" and not name:
            self.add_error("name", _("請填寫工會名稱。"))
        return data

    def party_input(self) -> dict:
        """The PartyInput the service takes (labor.disputes.services.dispute_submit)."""
        data = self.cleaned_data
        kind = data["kind"]
        district = data.get("district")
        return {
            "kind": kind,
            "id_kind": (data.get("id_kind") or Person.IdKind.NATIONAL_ID)
            if kind == "person" else "",
            "id_number": data.get("id_number", "") if kind == "person" else "",
            "name": data["name"],
            "ubn": data.get("ubn", "") if kind == "establishment" else "",
            "district_code": district.code if district and kind == "establishment" else "",
            "union_name": data["name"] if kind == "union" else "",
            "contact_name": data.get("contact_name", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "address": data.get("address", ""),
        }


class ItemForm(BaseForm):
    kind = forms.ChoiceField(label=_("爭議項目"), choices=[("", "—"), *ItemKind.choices],
                             required=False)
    amount_claimed = forms.IntegerField(label=_("請求金額（元）"), required=False, min_value=0,
                                        error_messages=AMOUNT_MESSAGES)
    note = forms.CharField(label=_("說明"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("kind") and (data.get("amount_claimed") is not None or data.get("note")):
            self.add_error("kind", _("請選擇爭議項目。"))
        return data

    def item_input(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "amount_claimed": data.get("amount_claimed"),
                "note": data.get("note", "")}


class _AtLeastOne(forms.BaseFormSet):
    """A formset whose blank extra rows are ignored and which needs one filled row."""

    required_message = _("請至少填寫一筆。")

    def filled(self):
        return [f for f in self.forms if f.has_changed() and f.is_valid()
                and f.cleaned_data and not self._blank(f)]

    @staticmethod
    def _blank(form):
        return False

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.filled():
            raise ValidationError(self.required_message, code="required")


class PartyFormSetBase(_AtLeastOne):
    @staticmethod
    def _blank(form):
        data = form.cleaned_data
        return not any(data.get(k) for k in ("name", "id_number", "ubn"))

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}


class ApplicantFormSetBase(PartyFormSetBase):
    required_message = _("請至少填寫一位申請人。")


class RespondentFormSetBase(PartyFormSetBase):
    required_message = _("請至少填寫一位相對人。")


class ItemFormSetBase(_AtLeastOne):
    required_message = _("請至少填寫一項爭議項目。")

    @staticmethod
    def _blank(form):
        return not form.cleaned_data.get("kind")


ApplicantFormSet = forms.formset_factory(PartyForm, formset=ApplicantFormSetBase, extra=1,
                                         max_num=200, absolute_max=200)
RespondentFormSet = forms.formset_factory(PartyForm, formset=RespondentFormSetBase, extra=1,
                                          max_num=20, absolute_max=20)
ItemFormSet = forms.formset_factory(ItemForm, formset=ItemFormSetBase, extra=3, max_num=30,
                                    absolute_max=30)


# --- actions on a case --------------------------------------------------------------------


class VersionedForm(BaseForm):
    """Every action carries the case's ``version`` as read; a stale one is refused (409)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1,
        error_messages={"required": _("缺少案件版本，請重新載入後再操作。"),
                        "invalid": _("缺少案件版本，請重新載入後再操作。"),
                        "min_value": _("缺少案件版本，請重新載入後再操作。")},
    )

    def __init__(self, *args, dispute=None, **kwargs):
        self.dispute = dispute
        super().__init__(*args, **kwargs)
        if dispute is not None and not self.is_bound:
            self.initial.setdefault("version", dispute.version)


class MediatorAssignForm(VersionedForm):
    mediator = forms.ModelChoiceField(
        label=_("調解人"), queryset=Mediator.objects.filter(active=True),
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("請選擇調解人。"),
                        "invalid_choice": _("所選調解人不在名冊中或已停止受理。")},
    )
    nominated_by = forms.ChoiceField(
        label=_("推薦方"), choices=[("", _("本局指派")), *Side.choices], required=False,
    )


class MediatorObjectForm(VersionedForm):
    """A party's objection; on a committee with several members, naming the member."""

    mediator = forms.ModelChoiceField(
        label=_("聲請迴避之調解委員"), queryset=Mediator.objects.none(), required=False,
        error_messages={"invalid_choice": _("此調解人目前未指派於本案。")},
    )
    side = forms.ChoiceField(label=_("聲請迴避之當事人"), choices=Side.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("請選擇聲請迴避的一方。")})
    reason = forms.CharField(label=_("迴避事由"), max_length=200,
                             error_messages={"required": _("請填寫迴避事由。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Mediator.objects.filter(assignments__dispute=self.dispute,
                                          assignments__ended_at__isnull=True).distinct()
        self.fields["mediator"].queryset = active
        if self.dispute is None or active.count() < 2:
            del self.fields["mediator"]  # one mediator: the objection is to them


class _MeetingTimeForm(VersionedForm):
    date = forms.DateField(label=_("開會日期"), widget=date_widget(),
                           error_messages={"required": _("請填寫開會日期。")})
    time = forms.TimeField(label=_("開會時間"), widget=_time_widget(),
                           error_messages={"required": _("請填寫開會時間。")})

    def starts_at(self) -> dt.datetime:
        return aware(self.cleaned_data["date"], self.cleaned_data["time"])


class MeetingScheduleForm(_MeetingTimeForm):
    room = forms.CharField(label=_("地點"), max_length=100,
                           error_messages={"required": _("請填寫開會地點。")})
    field_order = ["date", "time", "room", "version"]


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localtime(obj.starts_at)
        return f"{roc_date(when)} {when:%H:%M} {obj.room}"


def _meeting_field(label):
    return MeetingChoiceField(
        label=label, queryset=Meeting.objects.none(), empty_label=None,
        error_messages={"required": _("請選擇會議。"),
                        "invalid_choice": _("此會議不是本案已排定的會議。")},
    )


class MeetingRescheduleForm(_MeetingTimeForm):
    meeting = _meeting_field(_("改期的會議"))
    room = forms.CharField(label=_("地點"), max_length=100, required=False,
                           help_text=_("未填寫則沿用原地點。"))
    field_order = ["meeting", "date", "time", "room", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _scheduled_meetings(self.dispute)


class MeetingHoldForm(VersionedForm):
    """The meeting held, with each party's attendance (one required choice per party)."""

    meeting = _meeting_field(_("召開的會議"))
    notes = forms.CharField(label=_("會議紀要"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _scheduled_meetings(self.dispute)
        self.parties = list(parties)
        for party in self.parties:
            self.fields[f"party_{party.pk}"] = forms.ChoiceField(
                label=f"{party.get_side_display()}：{party}", choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("請填寫 %(party)s 的出席情形。") % {"party": party}},
            )
        # Notes after the attendance.
        self.order_fields(["meeting", *[f"party_{p.pk}" for p in self.parties], "notes"])

    def party_fields(self):
        return [self[f"party_{party.pk}"] for party in self.parties]

    def attendance(self) -> dict[int, bool]:
        return {party.pk: self.cleaned_data[f"party_{party.pk}"] == "yes"
                for party in self.parties}


def _scheduled_meetings(dispute):
    if dispute is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(dispute=dispute, status=Meeting.Status.SCHEDULED)


class OutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("處理結果"), choices=Outcome.choices,
                                error_messages={"required": _("請選擇處理結果。")})
    outcome_on = forms.DateField(label=_("結果日期"), widget=date_widget(),
                                 error_messages={"required": _("請填寫結果日期。")})
    settled_amount = forms.IntegerField(
        label=_("成立金額（元）"), required=False, min_value=0, error_messages=AMOUNT_MESSAGES,
        help_text=_("調解成立或自行和解撤回時填寫。"),
    )
    note = forms.CharField(label=_("結果說明"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean_outcome_on(self):
        return _not_in_future(self.cleaned_data.get("outcome_on"), _("結果日期不得晚於今天。"))


class WithdrawForm(VersionedForm):
    settled_between_parties = forms.TypedChoiceField(
        label=_("撤回原因"),
        choices=[("no", Outcome.WITHDRAWN.label), ("yes", Outcome.WITHDRAWN_SETTLED.label)],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": _("請選擇撤回原因。")},
    )
    on = forms.DateField(label=_("撤回日期"), widget=date_widget(),
                         error_messages={"required": _("請填寫撤回日期。")})

    def clean_on(self):
        return _not_in_future(self.cleaned_data.get("on"), _("撤回日期不得晚於今天。"))


# --- lawyer consultations -----------------------------------------------------------------


class LawyerSlotForm(BaseForm):
    date = forms.DateField(label=_("日期"), widget=date_widget(),
                           error_messages={"required": _("請填寫日期。")})
    start = forms.TimeField(label=_("開始時間"), widget=_time_widget(),
                            error_messages={"required": _("請填寫開始時間。")})
    end = forms.TimeField(label=_("結束時間"), widget=_time_widget(),
                          error_messages={"required": _("請填寫結束時間。")})
    lawyer_name = forms.CharField(label=_("律師"), max_length=100,
                                  error_messages={"required": _("請填寫律師姓名。")})
    location = forms.CharField(label=_("地點"), max_length=100,
                               error_messages={"required": _("請填寫地點。")})
    capacity = forms.IntegerField(label=_("名額"), min_value=1, max_value=100, initial=6,
                                  error_messages={"required": _("請填寫名額。"),
                                                  "min_value": _("名額至少 1 人。")})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("結束時間須晚於開始時間。"))
        return data

    def starts_at(self):
        return aware(self.cleaned_data["date"], self.cleaned_data["start"])

    def ends_at(self):
        return aware(self.cleaned_data["date"], self.cleaned_data["end"])


class LawyerBookingForm(BaseForm):
    slot = forms.ModelChoiceField(
        label=_("場次"), queryset=LawyerSlot.objects.all(), widget=forms.HiddenInput,
        error_messages={"required": _("請選擇場次。"), "invalid_choice": _("查無此場次。")},
    )
    name = forms.CharField(label=_("姓名"), max_length=100,
                           error_messages={"required": _("請填寫預約人姓名。")})
    phone = forms.CharField(label=_("電話"), max_length=32, required=False)
    topic = forms.CharField(label=_("諮詢主題"), max_length=200, required=False)


class LawyerAttendanceForm(BaseForm):
    consultation = forms.ModelChoiceField(
        label=_("預約"), queryset=LawyerConsultation.objects.all(), widget=forms.HiddenInput,
        error_messages={"required": _("請選擇預約。"), "invalid_choice": _("查無此預約。")},
    )
    attended = forms.ChoiceField(label=_("出席情形"), choices=YES_NO, widget=forms.RadioSelect,
                                 error_messages={"required": _("請選擇出席或未出席。")})


# --- queue --------------------------------------------------------------------------------


class QueueFilterForm(BaseForm):
    """The queue's filters (GET): invalid values are ignored rather than refused."""

    STATUSES = [("", _("全部未結案")), *[(s.value, s.label) for s in Status if s != Status.CLOSED]]

    status = forms.ChoiceField(label=_("狀態"), choices=STATUSES, required=False)
    kind = forms.ChoiceField(label=_("案件類別"), choices=[("", _("全部")), *Kind.choices],
                             required=False)
    mine = forms.BooleanField(label=_("只看我承辦或調解的案件"), required=False)

    def values(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {"status": "", "kind": "", "mine": False}


class LawyerPeriodForm(BaseForm):
    """Which slots the lawyer page lists: from a date on (GET; a bad date is ignored)."""

    since = forms.DateField(label=_("顯示此日起的場次"), required=False, widget=date_widget())

    def since_or(self, default: dt.date) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("since"):
            return self.cleaned_data["since"]
        return default
