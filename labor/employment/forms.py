"""Forms of the employment service: a job seeker's registration and a vacancy (the same fields
at the counter and online — labor.portal.forms_jobs builds the public forms from these), the
referral outcome, a self-found placement, an employer-reported hire, and the lists' filters.

Forms check the shape of what was typed so that the message lands beside its field; the
services decide the rest (minimum wage, duplicate registration, validity) and their
ValidationErrors are put back on the form with ``labor.core.forms_base.apply_errors``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers
from labor.core.forms_base import BaseForm as CoreBaseForm
from labor.core.forms_base import date_widget
from labor.core.models import District, Person, PriorityGroup
from labor.core.validators import validate_person_id
from labor.employment.models import (
    Education,
    Hours,
    Occupation,
    ReferralResult,
    SeekerStatus,
    VacancyStatus,
    WageKind,
)

# Languages offered as checkboxes; the stored value is the zh-Hant name (data, not wording).
LANGUAGES = ["國語", "臺語", "客語", "原住民族語", "英語", "日語", "韓語", "越南語", "印尼語",
             "泰語", "菲律賓語", "粵語"]
LANGUAGE_CHOICES = [(name, _(name)) for name in LANGUAGES]
# Above this many occupations the form offers a list box instead of checkboxes.
CHECKBOX_LIMIT = 24
# Identity documents a job seeker registers with (a passport holder registers at the counter).
SEEKER_ID_KINDS = [(Person.IdKind.NATIONAL_ID, _("身分證字號")),
                   (Person.IdKind.UI_NUMBER, _("統一證號（外籍、大陸配偶等）"))]


class BaseForm(CoreBaseForm):
    """No label colon; aria-invalid on fields with errors."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


def district_label(obj: District) -> str:
    english = (get_language() or "").startswith("en")
    return obj.name_en if english and obj.name_en else obj.name


def districts():
    return District.objects.filter(city=settings.LABOR_CITY).order_by("sort_order", "code")


def district_choices(empty: str | None = None) -> list:
    rows = [(d.code, district_label(d)) for d in districts()]
    return [("", empty), *rows] if empty is not None else rows


def occupation_choices() -> list:
    """Occupations as option groups, one per major group (大類): the major group itself
    ("（全部）"), then each sub-major group with its minor groups indented under it. Without a
    hierarchy (a flat table) the occupations are plain options."""
    rows = list(Occupation.objects.order_by("code").only("code", "name", "parent_id"))
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    def below(node, depth: int) -> list:
        rows = []
        for child in children.get(node.pk, []):
            rows.append((child.code, "\u3000" * depth + child.name))
            rows.extend(below(child, depth + 1))
        return rows

    choices = []
    for major in children.get(None, []):
        options = below(major, 0)
        if options:
            choices.append((major.name, [
                (major.code, _("%(name)s（全部）") % {"name": major.name}), *options]))
        else:
            choices.append((major.code, major.name))
    return choices


def _count_options(choices) -> int:
    return sum(len(c[1]) if isinstance(c[1], list | tuple) else 1 for c in choices)


def lines(value: str) -> list[str]:
    """Text typed one item a line (or separated by commas or 、) as a list."""
    text = value or ""
    for separator in ("\r", "，", ",", "、", "；", ";"):
        text = text.replace(separator, "\n")
    items = []
    for item in text.split("\n"):
        item = " ".join(item.split())
        if item and item not in items:
            items.append(item)
    return items


class ListField(forms.CharField):
    """Licences or skills typed one a line; cleans to a list of strings."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return lines(super().to_python(value))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def _integer(label, *, required=False, min_value=0, max_value=10_000_000, help_text="",
             invalid=None):
    message = invalid or _("請填寫 %(n)s 以上的整數。") % {"n": min_value}
    return forms.IntegerField(
        label=label, required=required, min_value=min_value, max_value=max_value,
        help_text=help_text,
        error_messages={"invalid": message, "min_value": message,
                        "max_value": _("數字過大，請確認。"),
                        "required": _("此欄位為必填。")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": min_value, "step": 1}),
    )


# ----------------------------------------------------------------------------- job seekers


class SeekerFieldsForm(BaseForm):
    """The person and the registration's wishes and qualifications."""

    id_kind = forms.ChoiceField(label=_("證件類別"), choices=SEEKER_ID_KINDS,
                                initial=Person.IdKind.NATIONAL_ID,
                                widget=forms.RadioSelect)
    id_number = forms.CharField(
        label=_("身分證字號"), max_length=20,
        error_messages={"required": _("請填寫身分證字號。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}))
    name = forms.CharField(label=_("姓名"), max_length=100,
                           error_messages={"required": _("請填寫姓名。")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    birth_date = forms.DateField(label=_("出生日期（選填）"), required=False,
                                 widget=date_widget(),
                                 error_messages={"invalid": _("日期格式不正確。")})
    phone = forms.CharField(
        label=_("聯絡電話"), max_length=32,
        help_text=_("推介時，事業單位以此電話與您聯繫。"),
        error_messages={"required": _("請填寫聯絡電話，推介時事業單位以此與您聯繫。")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("電子郵件（選填）"), required=False, max_length=254,
                             error_messages={"invalid": _("電子郵件格式不正確。")},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("通訊地址（選填）"), max_length=200, required=False,
                              help_text=_("不會提供給事業單位。"),
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    desired_title = forms.CharField(
        label=_("希望職稱"), max_length=100, required=False,
        help_text=_("例如：會計助理、門市人員、堆高機操作員。"))
    desired_occupations = forms.MultipleChoiceField(label=_("希望職業類別"), required=False)
    desired_districts = forms.MultipleChoiceField(
        label=_("希望工作地區"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("不選表示不限地區。"))
    expected_wage = _integer(_("希望月薪（元，選填）"), max_value=10_000_000,
                             invalid=_("希望月薪請填寫整數（元），或留空。"),
                             help_text=_("時薪工作以每月約當薪資比較。"))
    hours = forms.ChoiceField(label=_("希望工時"), choices=Hours.choices, initial=Hours.EITHER,
                              widget=forms.RadioSelect)
    shifts_ok = forms.BooleanField(label=_("可配合輪班"), required=False)
    education = forms.ChoiceField(label=_("最高學歷"), choices=Education.choices,
                                  initial=Education.NONE)
    experience_years = _integer(_("相關工作經驗（年）"), max_value=60,
                                invalid=_("工作經驗請填寫 0 以上的整數（年）。"))
    licences = ListField(label=_("證照"), required=False,
                         help_text=_("一行一項，例如：堆高機操作人員、會計事務丙級。"))
    skills = forms.CharField(label=_("專長"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    languages = forms.MultipleChoiceField(label=_("語言能力"), required=False,
                                          choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experience_years"].initial = 0
        self.fields["desired_districts"].choices = district_choices()
        occupations = occupation_choices()
        field = self.fields["desired_occupations"]
        field.choices = occupations
        if _count_options(occupations) <= CHECKBOX_LIMIT:
            field.widget = forms.CheckboxSelectMultiple(choices=occupations)
        else:
            field.widget = forms.SelectMultiple(choices=occupations, attrs={"size": 8})
            field.help_text = _("可複選（按住 Ctrl 或 ⌘ 點選）。")

    def clean_id_number(self):
        value = identifiers.compact(self.cleaned_data.get("id_number", "")).upper()
        kind = self.cleaned_data.get("id_kind") or Person.IdKind.NATIONAL_ID
        if value:
            try:
                validate_person_id(kind, value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    exc.message_dict.get("id_number") or exc.messages) from None
        return value

    def service_kwargs(self) -> dict:
        """The cleaned data as seeker_register's keyword arguments."""
        data = self.cleaned_data
        return {
            "id_kind": data["id_kind"], "id_number": data["id_number"], "name": data["name"],
            "birth_date": data.get("birth_date"), "phone": data["phone"],
            "email": data.get("email", ""), "address": data.get("address", ""),
            **self.wishes(),
        }

    def wishes(self) -> dict:
        data = self.cleaned_data
        return {
            "desired_title": data.get("desired_title", ""),
            "desired_occupations": data.get("desired_occupations") or [],
            "desired_districts": data.get("desired_districts") or [],
            "expected_wage": data.get("expected_wage"),
            "hours": data.get("hours") or Hours.EITHER,
            "shifts_ok": data.get("shifts_ok", False),
            "education": data.get("education") or Education.NONE,
            "experience_years": data.get("experience_years") or 0,
            "licences": data.get("licences") or [],
            "skills": data.get("skills", ""),
            "languages": data.get("languages") or [],
        }


class SeekerCounterForm(SeekerFieldsForm):
    """Registration at the counter: the date and the priority groups whose evidence staff saw."""

    registered_on = forms.DateField(label=_("登記日期"), widget=date_widget(),
                                    error_messages={"invalid": _("日期格式不正確。"),
                                                    "required": _("請填寫日期。")})
    priority_groups = forms.MultipleChoiceField(
        label=_("特定對象身分（已查驗證明文件）"), required=False,
        choices=PriorityGroup.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_kind"].choices = Person.IdKind.choices
        self.fields["registered_on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**super().service_kwargs(), "registered_on": data["registered_on"],
                "priority_groups": data.get("priority_groups") or []}


class SeekerWishesForm(SeekerFieldsForm):
    """Changing a registration: the wishes and qualifications and the phone."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("id_kind", "id_number", "name", "birth_date", "email", "address"):
            del self.fields[name]

    @classmethod
    def initial_for(cls, seeker) -> dict:
        return {
            "version": seeker.version, "phone": seeker.person.phone,
            "desired_title": seeker.desired_title,
            "desired_occupations": [o.code for o in seeker.desired_occupations.all()],
            "desired_districts": [d.code for d in seeker.desired_districts.all()],
            "expected_wage": seeker.expected_wage, "hours": seeker.hours,
            "shifts_ok": seeker.shifts_ok, "education": seeker.education,
            "experience_years": seeker.experience_years, "licences": seeker.licences,
            "skills": seeker.skills, "languages": seeker.languages,
        }


class SeekerCloseForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = forms.DateField(label=_("結案日期"), widget=date_widget(),
                                error_messages={"invalid": _("日期格式不正確。"),
                                                "required": _("請填寫日期。")})


class SelfFoundForm(BaseForm):
    """A registered seeker found work on their own (自行就業)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    placed_on = forms.DateField(label=_("就業日期"), widget=date_widget(),
                                error_messages={"invalid": _("日期格式不正確。"),
                                                "required": _("請填寫日期。")})
    ubn = forms.CharField(label=_("就業單位統一編號（選填）"), max_length=12, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    starts_on = forms.DateField(label=_("到職日期（選填）"), required=False, widget=date_widget(),
                                error_messages={"invalid": _("日期格式不正確。")})


# ------------------------------------------------------------------------------- vacancies


class VacancyFieldsForm(BaseForm):
    title = forms.CharField(label=_("職稱"), max_length=100,
                            error_messages={"required": _("請填寫職稱。")},
                            help_text=_("例如：會計助理、餐廳內場人員。"))
    occupation = forms.ChoiceField(label=_("職業類別"), required=False)
    description = forms.CharField(label=_("工作內容"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    persons_wanted = _integer(_("需求人數"), required=True, min_value=1, max_value=9_999,
                              invalid=_("需求人數應為 1 以上的整數。"))
    wage_kind = forms.ChoiceField(label=_("薪資型態"), choices=WageKind.choices,
                                  initial=WageKind.MONTHLY, widget=forms.RadioSelect)
    wage_min = _integer(_("薪資下限（元）"), required=True, min_value=1,
                        invalid=_("薪資請填寫整數（新臺幣元）。"),
                        help_text=_("不得低於登記日適用的最低工資。"))
    wage_max = _integer(_("薪資上限（元，選填）"), min_value=1,
                        invalid=_("薪資請填寫整數（新臺幣元），或留空。"))
    hours = forms.ChoiceField(label=_("工時"), choices=Hours.choices, initial=Hours.FULL_TIME,
                              widget=forms.RadioSelect)
    shifts = forms.BooleanField(label=_("需輪班"), required=False)
    district = forms.ChoiceField(label=_("工作地區"),
                                 error_messages={"required": _("請選擇行政區。"),
                                                 "invalid_choice": _("請選擇行政區。")})
    address = forms.CharField(label=_("工作地址"), max_length=200, required=False)
    education_min = forms.ChoiceField(label=_("學歷要求"), choices=Education.choices,
                                      initial=Education.NONE)
    experience_min_years = _integer(_("工作經驗要求（年）"), max_value=60,
                                    invalid=_("經驗要求請填寫 0 以上的整數（年）。"))
    licences_required = ListField(label=_("必要證照（選填）"), required=False,
                                  help_text=_("一行一項；未具備者不會被推介。"))
    languages = forms.MultipleChoiceField(label=_("語言要求（選填）"), required=False,
                                          choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple)
    valid_until = forms.DateField(label=_("有效期限"), widget=date_widget(),
                                  help_text=_("到期後不再公開，也不再推介。"),
                                  error_messages={"invalid": _("日期格式不正確。"),
                                                  "required": _("請填寫有效期限。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experience_min_years"].initial = 0
        self.fields["persons_wanted"].initial = 1
        self.fields["district"].choices = district_choices(_("請選擇"))
        self.fields["occupation"].choices = [("", _("請選擇")), *occupation_choices()]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("wage_min"), cleaned.get("wage_max")
        if low and high and high < low:
            self.add_error("wage_max", _("薪資上限不得低於下限。"))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "occupation": data.get("occupation") or None,
            "description": data.get("description", ""),
            "persons_wanted": data["persons_wanted"], "wage_kind": data["wage_kind"],
            "wage_min": data["wage_min"], "wage_max": data.get("wage_max"),
            "hours": data["hours"], "shifts": data.get("shifts", False),
            "district": data["district"], "address": data.get("address", ""),
            "education_min": data.get("education_min") or Education.NONE,
            "experience_min_years": data.get("experience_min_years") or 0,
            "licences_required": data.get("licences_required") or [],
            "languages": data.get("languages") or [],
            "valid_until": data["valid_until"],
        }


class VacancyCounterForm(VacancyFieldsForm):
    """A vacancy typed in at the counter: the employer by 統一編號 and the posting date."""

    ubn = forms.CharField(label=_("事業單位統一編號"), max_length=12,
                          error_messages={"required": _("請填寫統一編號。")},
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    posted_on = forms.DateField(label=_("登記日期"), widget=date_widget(),
                                error_messages={"invalid": _("日期格式不正確。"),
                                                "required": _("請填寫日期。")})

    field_order = ["ubn", "posted_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posted_on"].initial = timezone.localdate()

    def clean_ubn(self):
        return identifiers.compact(self.cleaned_data.get("ubn", ""))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**super().service_kwargs(), "ubn": data["ubn"], "posted_on": data["posted_on"]}


class HireForm(BaseForm):
    """Persons the employer reports hired without a referral."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    persons = _integer(_("僱用人數"), required=True, min_value=1, max_value=9_999,
                       invalid=_("僱用人數應為 1 以上的整數。"))
    hired_on = forms.DateField(label=_("僱用日期"), widget=date_widget(),
                               error_messages={"invalid": _("日期格式不正確。"),
                                               "required": _("請填寫日期。")})


class VersionForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


# ------------------------------------------------------------------------------- referrals


OUTCOME_CHOICES = [(value, label) for value, label in ReferralResult.choices
                   if value != ReferralResult.PENDING]


class ReferralOutcomeForm(BaseForm):
    result = forms.ChoiceField(label=_("推介結果"), choices=OUTCOME_CHOICES,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("請選擇推介結果。"),
                                               "invalid_choice": _("請選擇推介結果。")})
    result_on = forms.DateField(label=_("結果日期"), widget=date_widget(),
                                error_messages={"invalid": _("日期格式不正確。"),
                                                "required": _("請填寫日期。")})
    interview_on = forms.DateField(label=_("面試日期（選填）"), required=False,
                                   widget=date_widget(),
                                   error_messages={"invalid": _("日期格式不正確。")})
    starts_on = forms.DateField(label=_("到職日期（錄取時填寫）"), required=False,
                                widget=date_widget(),
                                error_messages={"invalid": _("日期格式不正確。")})


class ReferByNumberForm(BaseForm):
    """Refer a seeker to a vacancy named by its number (職缺編號)."""

    vacancy = forms.IntegerField(label=_("職缺編號"), min_value=1,
                                 error_messages={"invalid": _("請填寫職缺編號。"),
                                                 "min_value": _("請填寫職缺編號。"),
                                                 "required": _("請填寫職缺編號。")},
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


# ---------------------------------------------------------------------------------- filters


class SeekerFilterForm(BaseForm):
    name = forms.CharField(label=_("姓名"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("狀態"), required=False,
                               choices=[("", _("全部")), *SeekerStatus.choices])
    channel = forms.ChoiceField(label=_("登記管道"), required=False,
                                choices=[("", _("全部")), ("online", _("線上")),
                                         ("counter", _("臨櫃"))])

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class VacancyFilterForm(BaseForm):
    q = forms.CharField(label=_("關鍵字"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("狀態"), required=False,
                               choices=[("", _("全部")), *VacancyStatus.choices,
                                        ("expired", _("已逾有效期限"))])
    district = forms.ChoiceField(label=_("工作地區"), required=False)
    ubn = forms.CharField(label=_("統一編號"), required=False, max_length=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices(_("全部"))

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["district"] = (districts().filter(code=data["district"]).first()
                            if data.get("district") else None)
        return {k: v for k, v in data.items() if v}
