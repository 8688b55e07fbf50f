"""Forms of the employment programmes' staff pages (/employment/programmes/).

Forms check the shape of what was typed (required fields, dates, whole numbers) so that the
message lands beside its field; the services (labor.employment.services_programmes) decide
the rest, and their ValidationErrors are put back on the form with
``labor.core.forms_base.apply_errors``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from labor.core.forms_base import BaseForm as CoreBaseForm
from labor.core.forms_base import date_widget
from labor.core.models import District, PriorityGroup
from labor.employment.models import (
    ApplicantResult,
    ClaimEnd,
    CloseReason,
    CounsellingKind,
    EventKind,
    ExamResult,
    FollowUpResult,
    PsychInstrument,
    SearchMethod,
    SeparationReason,
)

# Job-search rows offered by the re-recognition form (two are required).
SEARCH_ROWS = 4
REQUIRED_DATE = {"required": _("請填寫日期。"), "invalid": _("日期格式不正確。")}


class BaseForm(CoreBaseForm):
    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


def _date(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=date_widget(),
                           error_messages=REQUIRED_DATE, help_text=help_text)


def _id_number(required=True, help_text=""):
    return forms.CharField(
        label=_("身分證字號或統一證號"), max_length=12, required=required, help_text=help_text,
        error_messages={"required": _("請填寫身分證字號或統一證號。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


def _version():
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class DistrictField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("行政區"))
        kwargs.setdefault("empty_label", _("請選擇"))
        super().__init__(queryset=District.objects.filter(city=settings.LABOR_CITY)
                         .order_by("sort_order", "code"), **kwargs)

    def label_from_instance(self, obj):
        return obj.name


# ---------------------------------------------------------------------- case management


class CaseFilterForm(BaseForm):
    status = forms.ChoiceField(label=_("狀態"), required=False, choices=[
        ("open", _("服務中")), ("closed", _("已結案")), ("all", _("全部"))])


class CaseOpenForm(BaseForm):
    id_number = _id_number(help_text=_("求職人須已辦理求職登記。"))
    groups = forms.MultipleChoiceField(
        label=_("特定對象類別"), choices=PriorityGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("請選擇個案的特定對象類別。")},
        help_text=_("須為求職人於開案日已認定的特定對象身分。"))
    opened_on = _date(_("開案日期"))
    assessment = forms.CharField(label=_("就業需求評估"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class CounsellingForm(BaseForm):
    kind = forms.ChoiceField(label=_("諮詢類別"), choices=CounsellingKind.choices,
                             widget=forms.RadioSelect, initial=CounsellingKind.GENERAL)
    held_on = _date(_("諮詢日期"))
    notes = forms.CharField(label=_("紀要"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))


class PsychTestForm(BaseForm):
    instrument = forms.ChoiceField(label=_("測驗工具"), choices=PsychInstrument.choices)
    tested_on = _date(_("施測日期"))
    result_summary = forms.CharField(label=_("結果摘要"), required=False, max_length=2000,
                                     widget=forms.Textarea(attrs={"rows": 2}))


class TrainingReferralForm(BaseForm):
    referred_on = _date(_("推介日期"))
    course = forms.CharField(label=_("訓練課程"), max_length=200,
                             error_messages={"required": _("請填寫訓練課程。")})
    provider = forms.CharField(label=_("訓練單位"), max_length=200, required=False)


class FollowUpForm(BaseForm):
    placement = forms.TypedChoiceField(label=_("就業紀錄"), coerce=int, choices=(),
                                       error_messages={"required": _("請選擇要追蹤的就業紀錄。")})
    done_on = _date(_("追蹤日期"))
    result = forms.ChoiceField(label=_("追蹤結果"), choices=FollowUpResult.choices,
                               widget=forms.RadioSelect)
    notes = forms.CharField(label=_("說明"), required=False, max_length=2000)

    def __init__(self, *args, placements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = [("", _("請選擇"))] + [
            (p.pk, p.label) for p in placements]


class CaseCloseForm(BaseForm):
    closed_on = _date(_("結案日期"))
    reason = forms.ChoiceField(label=_("結案原因"), choices=[("", _("請選擇")),
                                                          *CloseReason.choices],
                               error_messages={"required": _("請選擇結案原因。")})
    note = forms.CharField(label=_("說明"), required=False, max_length=2000)
    version = _version()


# ---------------------------------------------------------------------------- events


class EventForm(BaseForm):
    kind = forms.ChoiceField(label=_("活動類別"), choices=[("", _("請選擇")), *EventKind.choices],
                             error_messages={"required": _("請選擇活動類別。")})
    title = forms.CharField(label=_("活動名稱"), max_length=200,
                            error_messages={"required": _("請填寫活動名稱。")})
    held_on = _date(_("辦理日期"))
    place = forms.CharField(label=_("地點"), max_length=200,
                            error_messages={"required": _("請填寫地點。")})
    district = DistrictField(required=False)


class EventEmployerForm(BaseForm):
    ubn = forms.CharField(label=_("統一編號"), max_length=12,
                          error_messages={"required": _("請填寫統一編號。")},
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    title = forms.CharField(label=_("職稱"), max_length=100,
                            error_messages={"required": _("請填寫職稱。")})
    openings = forms.IntegerField(label=_("工作機會數"), min_value=1, max_value=100_000,
                                  error_messages={"required": _("請填寫工作機會數。")})


class EventJobForm(BaseForm):
    title = forms.CharField(label=_("職稱"), max_length=100,
                            error_messages={"required": _("請填寫職稱。")})
    openings = forms.IntegerField(label=_("工作機會數"), min_value=1, max_value=100_000,
                                  error_messages={"required": _("請填寫工作機會數。")})


class EventApplicantForm(BaseForm):
    employer = forms.TypedChoiceField(label=_("應徵廠商"), coerce=int, choices=(),
                                      error_messages={"required": _("請選擇應徵廠商。")})
    id_number = _id_number(required=False, help_text=_("未提供證號者可只填姓名。"))
    name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    resume_received = forms.BooleanField(label=_("投遞履歷"), required=False, initial=True)
    interviewed = forms.BooleanField(label=_("現場面試"), required=False)
    result = forms.ChoiceField(label=_("結果"), choices=ApplicantResult.choices,
                               initial=ApplicantResult.PENDING)

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", _("請選擇"))] + [
            (e.pk, e.establishment.name) for e in employers]


# ----------------------------------------------------------------------- unemployment


class ClaimForm(BaseForm):
    id_number = _id_number(help_text=_("申請人須已辦理求職登記。"))
    applied_on = _date(_("申請日期"))
    separated_on = _date(_("離職日期"))
    separation_reason = forms.ChoiceField(
        label=_("離職原因"), choices=[("", _("請選擇")), *SeparationReason.choices],
        error_messages={"required": _("請選擇離職原因。")})
    last_employer_ubn = forms.CharField(label=_("原投保單位統一編號"), max_length=12,
                                        required=False)


class ClaimFilterForm(BaseForm):
    status = forms.ChoiceField(label=_("狀態"), required=False, choices=[
        ("", _("全部")), ("applied", _("已受理")), ("recognised", _("已認定失業")),
        ("ended", _("已結束"))])


class RecogniseForm(BaseForm):
    on = _date(_("失業認定日期"))
    version = _version()


class ReRecognitionForm(BaseForm):
    """A re-recognition with up to SEARCH_ROWS job-search rows (blank rows are ignored)."""

    on = _date(_("再認定日期"))
    version = _version()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, SEARCH_ROWS + 1):
            self.fields[f"job_searches_{n}_searched_on"] = forms.DateField(
                label=_("求職日期"), required=False, widget=date_widget(),
                error_messages=REQUIRED_DATE)
            self.fields[f"job_searches_{n}_employer_name"] = forms.CharField(
                label=_("應徵單位"), required=False, max_length=200)
            self.fields[f"job_searches_{n}_method"] = forms.ChoiceField(
                label=_("求職方式"), required=False,
                choices=[("", _("請選擇")), *SearchMethod.choices])

    def rows(self):
        """The job-search rows as bound fields, for the template."""
        return [{"n": n,
                 "searched_on": self[f"job_searches_{n}_searched_on"],
                 "employer_name": self[f"job_searches_{n}_employer_name"],
                 "method": self[f"job_searches_{n}_method"]}
                for n in range(1, SEARCH_ROWS + 1)]

    def job_searches(self):
        data = self.cleaned_data
        return [{"searched_on": data.get(f"job_searches_{n}_searched_on"),
                 "employer_name": data.get(f"job_searches_{n}_employer_name"),
                 "method": data.get(f"job_searches_{n}_method")}
                for n in range(1, SEARCH_ROWS + 1)]


class ClaimTrainingForm(BaseForm):
    referred_on = _date(_("推介日期"))
    course = forms.CharField(label=_("訓練課程"), max_length=200,
                             error_messages={"required": _("請填寫訓練課程。")})
    provider = forms.CharField(label=_("訓練單位"), max_length=200, required=False)


class ClaimEndForm(BaseForm):
    ended_on = _date(_("結束日期"))
    reason = forms.ChoiceField(label=_("結束原因"), choices=[("", _("請選擇")), *ClaimEnd.choices],
                               error_messages={"required": _("請選擇結束原因。")})
    version = _version()


# ------------------------------------------------------------------------------ exams


class ExamSessionForm(BaseForm):
    agency = forms.CharField(label=_("委託機關"), max_length=200,
                             error_messages={"required": _("請填寫委託機關。")})
    title = forms.CharField(label=_("甄選職務"), max_length=200,
                            error_messages={"required": _("請填寫甄選職務。")})
    positions = forms.IntegerField(label=_("錄取名額"), min_value=1, max_value=10_000,
                                   error_messages={"required": _("請填寫錄取名額。")})
    held_on = _date(_("甄選日期"))
    place = forms.CharField(label=_("地點"), max_length=200, required=False)


class ExamApplicantForm(BaseForm):
    id_number = _id_number()
    name = forms.CharField(label=_("姓名"), max_length=100, required=False,
                           help_text=_("本局尚無此人資料時必填。"))
    applied_on = _date(_("報名日期"))


class ExamResultForm(BaseForm):
    interviewed = forms.BooleanField(label=_("已面試"), required=False)
    result = forms.ChoiceField(label=_("甄選結果"), choices=ExamResult.choices)
    rank = forms.IntegerField(label=_("名次"), required=False, min_value=1, max_value=10_000)
    version = _version()
