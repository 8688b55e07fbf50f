"""Forms of the public online services: citizen sign-up and log-in, and the online
application for labor-dispute mediation (勞資爭議調解線上申請).

The forms check what a person can correct on the page (required fields, IDs, dates, amounts,
file types and sizes) and say so at the field, in zh-Hant. The rules of the dispute itself
are the service's (labor.disputes.services.dispute_submit); its errors are mapped back onto
these fields by ``ApplicationForm.add_service_errors``.
"""

import datetime as dt
import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from labor.core import identifiers
from labor.core import services as core_services
from labor.core.forms import LoginForm
from labor.core.models import District, Person
from labor.core.permissions import is_workspace_user
from labor.core.validators import validate_person_id, validate_ubn
from labor.disputes.models import ApplicantKind, ItemKind
from labor.portal.accounts import normalise_email

# At most this many files per application (the size of each is settings.ATTACHMENT_MAX_BYTES).
MAX_ATTACHMENTS = 10
# Co-applicants of a group dispute entered on the page (larger groups: a union applies, or
# the list is handed in at the counter).
MAX_CO_APPLICANTS = 50
MAX_AMOUNT = 10**10 - 1  # NT$ 9,999,999,999: a typo guard, not a legal limit


class PortalFormMixin:
    """No colon after labels (zh-Hant labels end without one), and aria-invalid on fields
    with errors so that screen readers and the stylesheet mark them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


# ---------------------------------------------------------------- accounts


class CitizenLoginForm(LoginForm):
    """The workspace's login form (with its lockout, labor.core.login) for citizen accounts:
    the e-mail address is the username. Staff accounts are sent to the workspace's login."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": gettext_lazy("電子郵件或密碼不正確。"),
        "inactive": gettext_lazy("此帳號已停用，請洽本局。"),
        "locked": gettext_lazy(
            "登入失敗次數過多，此帳號已暫停登入。請於 %(until)s 後再試（約 %(minutes)s 分鐘）。"
        ),
        "staff": gettext_lazy("此為民眾線上服務；本局同仁請由業務系統登入。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = gettext_lazy("電子郵件")
        username.widget.input_type = "email"
        username.widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self):
        return normalise_email(self.cleaned_data.get("username"))

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and is_workspace_user(user):
            self.user_cache = None
            raise ValidationError(self.error_messages["staff"], code="staff")
        return cleaned


class SignupForm(PortalFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("電子郵件"), max_length=150,
        help_text=gettext_lazy("作為登入帳號，本局也以此寄送通知。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=gettext_lazy("姓名"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    national_id = forms.CharField(
        label=gettext_lazy("身分證字號（選填）"), max_length=20, required=False,
        help_text=gettext_lazy("填寫後，申請書會先帶入；也可以申請時再填。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("密碼"), strip=False,
        help_text=gettext_lazy(
            "至少 8 個字元，不可全為數字，不可與電子郵件或姓名相似，也不可是常見密碼。"
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("再輸入一次密碼"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_national_id(self):
        value = identifiers.compact(self.cleaned_data.get("national_id", ""))
        if value:
            try:
                validate_person_id(Person.IdKind.NATIONAL_ID, value)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["id_number"]) from None
        return value

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("兩次輸入的密碼不一致。"))
        return cleaned


# ---------------------------------------------------------------- application


class RocOrIsoDateField(forms.DateField):
    """A date typed as 2023-06-30 (what a date picker sends) or in ROC form: 112/6/30,
    112-06-30, 112.6.30 or 1120630."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%Y/%m/%d"]
    _ROC = re.compile(r"(\d{2,3})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?")
    _ROC_COMPACT = re.compile(r"(\d{3})(\d{2})(\d{2})")

    def to_python(self, value):
        text = identifiers.compact(value) if isinstance(value, str) else value
        if isinstance(text, str):
            match = self._ROC.fullmatch(text) or self._ROC_COMPACT.fullmatch(text)
            if match:
                year, month, day = (int(part) for part in match.groups())
                try:
                    return dt.date(year + 1911, month, day)
                except ValueError:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not items and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        single = super().clean
        return [single(item, initial) for item in items]


def _district_choices():
    rows = District.objects.filter(city=settings.LABOR_CITY).order_by("sort_order", "code")
    english = (get_language() or "").startswith("en")
    return [("", _("（不確定可不填）"))] + [
        (row.code, row.name_en if english and row.name_en else row.name) for row in rows
    ]


def _id_kind_field(label=None):
    return forms.ChoiceField(
        label=label or gettext_lazy("證件類別"), choices=Person.IdKind.choices,
        initial=Person.IdKind.NATIONAL_ID, required=False,
    )


def _id_number_field(label=None, required=False):
    return forms.CharField(
        label=label or gettext_lazy("證號"), max_length=20, required=required,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )


def _check_person_id(form, kind_field: str, number_field: str):
    """Validate a personal ID pair; the error goes to the number's field. Returns the
    compacted number, or "" when it is missing or invalid."""
    number = identifiers.compact(form.cleaned_data.get(number_field, ""))
    if not number:
        form.add_error(number_field, _("請填寫證號。"))
        return ""
    kind = form.cleaned_data.get(kind_field) or Person.IdKind.NATIONAL_ID
    try:
        validate_person_id(kind, number)
    except ValidationError as exc:
        for message in exc.message_dict.get("id_number", exc.messages):
            form.add_error(number_field, message)
        return ""
    form.cleaned_data[number_field] = number
    return number


def _check_ubn(form, field: str):
    ubn = identifiers.compact(form.cleaned_data.get(field, ""))
    if not ubn:
        form.add_error(field, _("請填寫統一編號。"))
        return ""
    try:
        validate_ubn(ubn)
    except ValidationError as exc:
        form.add_error(field, exc)
        return ""
    form.cleaned_data[field] = ubn
    return ubn


def _require(form, *names):
    for name in names:
        if not (form.cleaned_data.get(name) or "").strip() and name not in form.errors:
            form.add_error(name, form.fields[name].error_messages["required"])


class CoApplicantForm(PortalFormMixin, forms.Form):
    """One more worker of a group dispute (多人共同申請)."""

    name = forms.CharField(label=gettext_lazy("姓名"), max_length=100, required=False)
    id_kind = _id_kind_field()
    id_number = _id_number_field()
    phone = forms.CharField(label=gettext_lazy("電話"), max_length=32, required=False)

    def has_content(self) -> bool:
        return any((self.cleaned_data.get(k) or "").strip() for k in ("name", "id_number",
                                                                     "phone"))

    def clean(self):
        cleaned = super().clean()
        if not self.has_content():
            return cleaned
        _require(self, "name")
        _check_person_id(self, "id_kind", "id_number")
        return cleaned

    def party(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": "person", "id_kind": data["id_kind"] or Person.IdKind.NATIONAL_ID,
            "id_number": data["id_number"], "name": data["name"].strip(),
            "phone": data["phone"].strip(),
        }


class BaseCoApplicantFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            number = form.cleaned_data.get("id_number") if form.cleaned_data else ""
            if number and number in seen:
                form.add_error("id_number", _("此證號已填寫過。"))
            seen.add(number)

    def filled(self) -> list[CoApplicantForm]:
        return [f for f in self.forms if f.cleaned_data and f.has_content()]


CoApplicantFormSet = forms.formset_factory(
    CoApplicantForm, formset=BaseCoApplicantFormSet, extra=1, max_num=MAX_CO_APPLICANTS,
    validate_max=True, absolute_max=MAX_CO_APPLICANTS + 10,
)

RESPONDENT_ESTABLISHMENT = "establishment"
RESPONDENT_PERSON = "person"


class ApplicationForm(PortalFormMixin, forms.Form):
    """勞資爭議調解申請書, online. Which fields are required depends on who applies and
    against whom; ``clean`` says so field by field."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    # 申請人
    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("申請人身分"), choices=ApplicantKind.choices,
        initial=ApplicantKind.WORKER, widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("姓名"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    applicant_id_kind = _id_kind_field()
    applicant_id_number = _id_number_field(
        gettext_lazy("證號"),
    )
    applicant_union_name = forms.CharField(
        label=gettext_lazy("工會名稱"), max_length=200, required=False
    )
    applicant_ubn = forms.CharField(
        label=gettext_lazy("統一編號"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    applicant_establishment_name = forms.CharField(
        label=gettext_lazy("事業單位名稱"), max_length=200, required=False
    )
    applicant_district = forms.ChoiceField(
        label=gettext_lazy("事業單位所在行政區"), required=False,
        help_text=gettext_lazy("本局尚無此事業單位資料時需要。"),
    )
    applicant_contact_name = forms.CharField(
        label=gettext_lazy("聯絡人"), max_length=100, required=False,
        help_text=gettext_lazy("工會或事業單位申請時，承辦本案的聯絡人姓名。"),
    )
    applicant_phone = forms.CharField(
        label=gettext_lazy("電話"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    applicant_email = forms.EmailField(
        label=gettext_lazy("電子郵件（選填）"), max_length=254, required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    applicant_address = forms.CharField(
        label=gettext_lazy("送達地址"), max_length=200,
        help_text=gettext_lazy("開會通知與調解紀錄寄送的地址。"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    # 相對人
    respondent_kind = forms.ChoiceField(
        label=gettext_lazy("相對人是"),
        choices=[(RESPONDENT_ESTABLISHMENT, gettext_lazy("事業單位（公司、商號）")),
                 (RESPONDENT_PERSON, gettext_lazy("個人"))],
        initial=RESPONDENT_ESTABLISHMENT, widget=forms.RadioSelect,
    )
    respondent_ubn = forms.CharField(
        label=gettext_lazy("統一編號"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    respondent_name = forms.CharField(
        label=gettext_lazy("名稱或姓名"), max_length=200,
    )
    respondent_district = forms.ChoiceField(
        label=gettext_lazy("所在行政區"), required=False,
        help_text=gettext_lazy("本局尚無此事業單位資料時需要。"),
    )
    respondent_id_kind = _id_kind_field()
    respondent_id_number = _id_number_field()
    respondent_contact_name = forms.CharField(
        label=gettext_lazy("聯絡人或負責人（選填）"), max_length=100, required=False
    )
    respondent_phone = forms.CharField(label=gettext_lazy("電話（選填）"), max_length=32,
                                       required=False)
    respondent_address = forms.CharField(label=gettext_lazy("地址（選填）"), max_length=200,
                                         required=False)

    # 勞雇關係
    employment_start = RocOrIsoDateField(
        label=gettext_lazy("到職日（選填）"), required=False,
        help_text=gettext_lazy("例：2021-03-01 或 110/3/1"),
    )
    monthly_wage = forms.IntegerField(
        label=gettext_lazy("每月工資（新臺幣元，選填）"), required=False, min_value=0,
        max_value=MAX_AMOUNT,
        error_messages={"min_value": gettext_lazy("金額不得為負數。"),
                        "max_value": gettext_lazy("金額過大，請確認。"),
                        "invalid": gettext_lazy("請填寫整數金額（不含逗號以外的符號）。")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )
    job_title = forms.CharField(label=gettext_lazy("職務（選填）"), max_length=100,
                                required=False)

    # 爭議項目（每項一列：勾選與請求金額）
    items = forms.MultipleChoiceField(
        label=gettext_lazy("爭議項目"), choices=ItemKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("勾選所有要調解的項目；知道金額的請填寫，不確定可不填。"),
        error_messages={"required": gettext_lazy("請至少勾選一項爭議項目。")},
    )

    # 陳述與附件
    statement = forms.CharField(
        label=gettext_lazy("爭議內容陳述"), max_length=5000,
        help_text=gettext_lazy("請說明發生了什麼事、何時發生，以及您希望如何解決。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(label=gettext_lazy("附件"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = _district_choices()
        self.fields["applicant_district"].choices = districts
        self.fields["respondent_district"].choices = districts
        allowed = "、".join(sorted(settings.ATTACHMENT_ALLOWED_TYPES))
        self.fields["attachments"].help_text = _(
            "可上傳 %(count)s 個檔案，每個檔案不超過 %(size)s；接受的類型：%(types)s。"
            "例如薪資單、勞動契約、出勤紀錄、解僱通知。"
        ) % {"count": MAX_ATTACHMENTS, "size": human_size(settings.ATTACHMENT_MAX_BYTES),
             "types": allowed}
        self.amount_fields = []
        for kind, label in ItemKind.choices:
            name = f"amount_{kind}"
            self.fields[name] = forms.IntegerField(
                label=_("%(item)s請求金額（新臺幣元）") % {"item": label}, required=False,
                min_value=0, max_value=MAX_AMOUNT,
                error_messages={"min_value": _("金額不得為負數。"),
                                "max_value": _("金額過大，請確認。"),
                                "invalid": _("請填寫整數金額。")},
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
            )
            self.amount_fields.append((kind, name))
        self.fields["item_note_other"] = forms.CharField(
            label=_("其他爭議項目說明（勾選「其他」時填寫）"), max_length=200, required=False
        )

    def item_rows(self):
        """(checkbox, amount field) per dispute item kind, for the template's table."""
        return list(zip(self["items"].subwidgets, (self[name] for _k, name in self.amount_fields),
                        strict=True))

    # -- validation

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("最多上傳 %(count)s 個檔案，您選了 %(chosen)s 個。")
                % {"count": MAX_ATTACHMENTS, "chosen": len(files)}
            )
        errors = []
        for upload in files:
            # The kernel's own check (type by extension and by content, size), so that the
            # page says exactly what the service would refuse, file by file.
            try:
                core_services.attachment_check(upload=upload)
            except ValidationError as exc:
                name = PurePath(upload.name or "").name
                errors += [_("「%(name)s」：%(message)s") % {"name": name, "message": message}
                           for message in exc.messages]
        if errors:
            raise ValidationError(errors)
        return files

    def clean_employment_start(self):
        start = self.cleaned_data.get("employment_start")
        if start and start > timezone.localdate():
            raise ValidationError(_("到職日不得晚於今天。"), code="future")
        if start and start.year < 1900:
            raise ValidationError(_("到職日不正確，請確認年份。"), code="too_old")
        return start

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_kind")
        if kind in (ApplicantKind.WORKER, ApplicantKind.WORKERS):
            _require(self, "applicant_name")
            _check_person_id(self, "applicant_id_kind", "applicant_id_number")
        elif kind == ApplicantKind.UNION:
            _require(self, "applicant_union_name", "applicant_contact_name")
        elif kind == ApplicantKind.EMPLOYER:
            _require(self, "applicant_establishment_name", "applicant_contact_name")
            _check_ubn(self, "applicant_ubn")

        respondent = cleaned.get("respondent_kind")
        if respondent == RESPONDENT_ESTABLISHMENT:
            _check_ubn(self, "respondent_ubn")
        elif respondent == RESPONDENT_PERSON:
            _check_person_id(self, "respondent_id_kind", "respondent_id_number")
        self._check_respondent_is_not_applicant()
        self._clean_items()
        return cleaned

    def _check_respondent_is_not_applicant(self):
        data = self.cleaned_data
        kind = data.get("applicant_kind")
        respondent = data.get("respondent_kind")
        message = _("相對人不得與申請人相同。")
        if (respondent == RESPONDENT_ESTABLISHMENT and kind == ApplicantKind.EMPLOYER
                and data.get("respondent_ubn")
                and data.get("respondent_ubn") == data.get("applicant_ubn")):
            self.add_error("respondent_ubn", message)
        if (respondent == RESPONDENT_PERSON and data.get("respondent_id_number")
                and kind in (ApplicantKind.WORKER, ApplicantKind.WORKERS)
                and data.get("respondent_id_number") == data.get("applicant_id_number")):
            self.add_error("respondent_id_number", message)

    def _clean_items(self):
        data = self.cleaned_data
        chosen = set(data.get("items") or ())
        for kind, amount in self.amount_fields:
            if kind not in chosen and data.get(amount) is not None and amount not in self.errors:
                self.add_error(amount, _("已填寫金額，請勾選此項目或清除金額。"))
        if ItemKind.OTHER in chosen and not (data.get("item_note_other") or "").strip():
            self.add_error("item_note_other", _("勾選「其他」時，請說明爭議項目。"))

    # -- the service call

    def applicant_party(self) -> dict:
        data = self.cleaned_data
        kind = data["applicant_kind"]
        contact = {
            "phone": data["applicant_phone"].strip(),
            "email": data.get("applicant_email") or "",
            "address": data["applicant_address"].strip(),
            "contact_name": (data.get("applicant_contact_name") or "").strip(),
        }
        if kind == ApplicantKind.UNION:
            return {"kind": "union", "union_name": data["applicant_union_name"].strip(),
                    **contact}
        if kind == ApplicantKind.EMPLOYER:
            return {"kind": "establishment", "ubn": data["applicant_ubn"],
                    "name": data["applicant_establishment_name"].strip(),
                    "district_code": data.get("applicant_district") or "", **contact}
        return {"kind": "person", "id_kind": data["applicant_id_kind"]
                or Person.IdKind.NATIONAL_ID, "id_number": data["applicant_id_number"],
                "name": data["applicant_name"].strip(), **contact}

    def respondent_party(self) -> dict:
        data = self.cleaned_data
        common = {
            "name": data["respondent_name"].strip(),
            "contact_name": (data.get("respondent_contact_name") or "").strip(),
            "phone": (data.get("respondent_phone") or "").strip(),
            "address": (data.get("respondent_address") or "").strip(),
        }
        if data["respondent_kind"] == RESPONDENT_PERSON:
            return {"kind": "person", "id_kind": data["respondent_id_kind"]
                    or Person.IdKind.NATIONAL_ID, "id_number": data["respondent_id_number"],
                    **common}
        return {"kind": "establishment", "ubn": data["respondent_ubn"],
                "district_code": data.get("respondent_district") or "", **common}

    def item_rows_data(self) -> list[dict]:
        data = self.cleaned_data
        chosen = set(data["items"])
        rows = []
        for kind, amount in self.amount_fields:
            if kind in chosen:
                note = (data.get("item_note_other") or "").strip() if kind == ItemKind.OTHER else ""
                rows.append({"kind": kind, "amount_claimed": data.get(amount), "note": note})
        return rows

    def submission(self, co_applicants: list[dict]) -> dict:
        """Keyword arguments for labor.disputes.services.dispute_submit."""
        data = self.cleaned_data
        applicants = [self.applicant_party()]
        if data["applicant_kind"] == ApplicantKind.WORKERS:
            applicants += co_applicants
        return {
            "applicant_kind": data["applicant_kind"],
            "applicants": applicants,
            "respondents": [self.respondent_party()],
            "items": self.item_rows_data(),
            "statement": data["statement"].strip(),
            "employment_start": data.get("employment_start"),
            "monthly_wage": data.get("monthly_wage"),
            "job_title": (data.get("job_title") or "").strip(),
            "attachments": data.get("attachments") or [],
            "submission_key": str(data["submission_key"]),
        }


def human_size(size: int) -> str:
    """10485760 → "10 MB" (binary units, as file managers show them)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} B"


def check_co_applicants(form: ApplicationForm, formset) -> list[dict]:
    """Cross-checks between the application and its co-applicants; returns the co-applicants'
    parties. Errors are added to the forms (so that the page is shown again)."""
    data = getattr(form, "cleaned_data", {})
    kind = data.get("applicant_kind")
    filled = formset.filled()
    if kind != ApplicantKind.WORKERS:
        if filled:
            form.add_error(
                "applicant_kind",
                _("您填寫了共同申請人，請選擇「勞工（多人共同申請）」，或清除共同申請人。"),
            )
        return []
    if not filled:
        message = _("多人共同申請時，請至少填寫一位共同申請人。")
        if formset.forms:
            formset.forms[0].add_error("name", message)
        else:
            form.add_error("applicant_kind", message)
        return []
    main_id = data.get("applicant_id_number")
    respondent_id = (data.get("respondent_id_number")
                     if data.get("respondent_kind") == RESPONDENT_PERSON else "")
    for co in filled:
        number = co.cleaned_data.get("id_number")
        if number and number == main_id:
            co.add_error("id_number", _("此證號與申請人相同。"))
        elif number and number == respondent_id:
            co.add_error("id_number", _("相對人不得與申請人相同。"))
    return [co.party() for co in filled if co.is_valid()]


def error_summary(form, formset=None) -> list[dict]:
    """Every error of the page, each with the id of the input it belongs to (for the list of
    links above the form): [{"anchor": "id_applicant_phone", "label": "電話", "message": ...}]."""

    def anchor(bound):
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"{bound.auto_id}_0"
        return bound.auto_id

    rows = [{"anchor": "", "label": "", "message": m} for m in form.non_field_errors()]
    sources = [(form, "")]
    if formset is not None:
        rows += [{"anchor": "", "label": "", "message": m} for m in formset.non_form_errors()]
        sources += [(f, _("共同申請人 %(n)s：") % {"n": i})
                    for i, f in enumerate(formset.forms, start=1)]
    for each, prefix in sources:
        rows += [{"anchor": "", "label": prefix, "message": m}
                 for m in (each.non_field_errors() if each is not form else [])]
        for name in each.fields:
            bound = each[name]
            for message in bound.errors:
                rows.append({"anchor": anchor(bound), "label": f"{prefix}{bound.label}",
                             "message": message})
    return rows
