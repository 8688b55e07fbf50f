"""Forms of the fund's staff pages: the counter entry of a litigation-subsidy application
(applicants and items as rows that work without JavaScript), the actions on an application
(completeness, committee, per-item decisions, approval, payments, the lawsuit's outcome,
recovery) and the queue's filter.

Forms check the shape of what was typed (required fields, valid IDs and 統一編號, whole
amounts, dates) so that a message lands beside its field; the services
(labor.fund.services_applications, labor.fund.services_recovery) decide the rest and
``labor.core.forms_base.apply_errors`` puts their ValidationErrors back on the form. The
portal's form (forms_public.py) shares the row forms and the attachment kinds.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers
from labor.core import services as core_services
from labor.core.forms_base import BaseForm, date_widget
from labor.core.models import Channel, Establishment
from labor.core.validators import validate_ubn
from labor.fund.documents import item_label
from labor.fund.models import (
    ApplicantKind,
    CaseType,
    Court,
    Item,
    ItemKind,
    Outcome,
    RecoveryBasis,
    RecoveryClaim,
    Status,
)

MAX_AMOUNT = 10**10 - 1  # NT$ 9,999,999,999: a typo guard, not a legal limit
MAX_FILES = 10
INSTANCES = [(1, _("第一審")), (2, _("第二審")), (3, _("第三審"))]
# Kinds of the attachments an application carries (core.Attachment.kind).
ATTACHMENT_KINDS = [
    ("mediation_record", _("調解紀錄（調解不成立）")),
    ("income_list", _("所得清單")),
    ("asset_list", _("財產清單")),
    ("board_resolution", _("工會理事會決議")),
    ("complaint", _("起訴狀或法院文書")),
    ("other", _("其他文件")),
]
ATTACHMENT_LABELS = dict(ATTACHMENT_KINDS)
# Items whose amount is per instance of the lawsuit (the others are not).
PER_INSTANCE = (ItemKind.COURT_FEE, ItemKind.LAWYER_FEE)

DATE_MESSAGES = {"required": _("請輸入日期。"), "invalid": _("日期格式不正確。")}
AMOUNT_MESSAGES = {
    "required": _("請輸入金額（新臺幣元）。"),
    "invalid": _("請以整數填寫金額（新臺幣元，不含小數與符號）。"),
    "min_value": _("金額不得為負數。"),
    "max_value": _("金額過大，請確認。"),
}


def amount_field(label, *, required=True, min_value=0, **kwargs) -> forms.IntegerField:
    messages = dict(AMOUNT_MESSAGES)
    if min_value and min_value > 0:
        messages["min_value"] = _("金額須大於 0。")
    return forms.IntegerField(
        label=label, required=required, min_value=min_value, max_value=MAX_AMOUNT,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": min_value, "step": 1}),
        **kwargs)


def date_field(label, *, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_widget(),
                           error_messages=DATE_MESSAGES, **kwargs)


def attachment_help() -> str:
    return _("每類最多 %(count)s 個檔案；接受 %(types)s，每個檔案上限 %(size)s MB。") % {
        "count": MAX_FILES, "types": "、".join(sorted(settings.ATTACHMENT_ALLOWED_TYPES)),
        "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen), each file
    checked as the kernel's attachment_add would (type, content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        items = [item for item in items if item]
        if len(items) > MAX_FILES:
            raise ValidationError(_("每類最多上傳 %(count)s 個檔案。") % {"count": MAX_FILES})
        single = super().clean
        files = [single(item, initial) for item in items]
        errors = []
        for upload in files:
            try:
                core_services.attachment_check(upload=upload)
            except ValidationError as exc:
                errors += [_("「%(name)s」：%(message)s") % {"name": upload.name, "message": m}
                           for m in exc.messages]
        if errors:
            raise ValidationError(errors)
        return files


class AttachmentsMixin:
    """One file input per attachment kind (``att_<kind>``); ``attachments()`` is the
    (kind, upload) list the service takes."""

    def add_attachment_fields(self, kinds=ATTACHMENT_KINDS):
        for kind, label in kinds:
            self.fields[f"att_{kind}"] = MultipleFileField(label=label)
        self.attachment_names = [f"att_{kind}" for kind, _label in kinds]

    def attachment_help(self) -> str:
        return attachment_help()

    def attachment_fields(self):
        return [self[name] for name in self.attachment_names]

    def attachments(self) -> list[tuple[str, object]]:
        rows = []
        for name in self.attachment_names:
            rows += [(name[len("att_"):], upload) for upload in self.cleaned_data.get(name) or []]
        return rows


def check_person_id(value: str) -> str:
    """A national ID (身分證字號) or a resident's UI number (統一證號), compacted."""
    number = identifiers.compact(value or "")
    if not number:
        raise ValidationError(_("請填寫身分證字號或統一證號。"), code="required")
    if not (identifiers.is_valid_national_id(number) or identifiers.is_valid_ui_number(number)):
        raise ValidationError(_("身分證字號或統一證號格式或檢查碼不正確。"), code="invalid")
    return number


# --- rows of the entry forms ----------------------------------------------------------------


class ApplicantRowForm(BaseForm):
    """One worker applying (or, for a union, a member the suit is for), with the income and
    assets declared."""

    name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    id_number = forms.CharField(
        label=_("身分證字號或統一證號"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}))
    annual_income = amount_field(_("前一年度所得（元）"), required=False)
    assets = amount_field(_("財產總額（元）"), required=False)
    phone = forms.CharField(label=_("電話"), max_length=32, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    address = forms.CharField(label=_("送達地址"), max_length=200, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any((str(data.get(k) or "")).strip()
                       for k in ("name", "id_number", "annual_income", "assets", "phone",
                                 "address"))

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("請填寫姓名。"))
        if "id_number" not in self.errors:
            try:
                data["id_number"] = check_person_id(data.get("id_number"))
            except ValidationError as exc:
                self.add_error("id_number", exc)
        for name, message in (("annual_income", _("請填寫前一年度所得（無所得填 0）。")),
                              ("assets", _("請填寫財產總額（無財產填 0）。"))):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, message)
        return data

    def applicant(self) -> dict:
        data = self.cleaned_data
        return {"id_number": data["id_number"], "name": data["name"].strip(),
                "annual_income": data["annual_income"], "assets": data["assets"],
                "phone": (data.get("phone") or "").strip(),
                "address": (data.get("address") or "").strip()}


class ItemRowForm(BaseForm):
    """One item asked for: a fee of an instance, enforcement fees, or living expenses for a
    number of months."""

    kind = forms.ChoiceField(label=_("補助項目"), choices=[("", "—"), *ItemKind.choices],
                             required=False,
                             error_messages={"invalid_choice": _("補助項目不正確。")})
    instance = forms.TypedChoiceField(
        label=_("審級"), choices=[("", "—"), *INSTANCES], coerce=int, empty_value=None,
        required=False, error_messages={"invalid_choice": _("審級須為第一至第三審。")})
    months = forms.IntegerField(
        label=_("月數"), required=False, min_value=1, max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
        error_messages={"invalid": _("請以整數填寫月數。"), "min_value": _("月數至少為 1。"),
                        "max_value": _("月數過大，請確認。")})
    complex = forms.BooleanField(label=_("複雜案件"), required=False)
    requested = amount_field(_("申請金額（元）"), required=False, min_value=1)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("kind") or data.get("requested") is not None
                    or data.get("months") is not None or data.get("instance"))

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        kind = data.get("kind")
        if not kind and "kind" not in self.errors:
            self.add_error("kind", _("請選擇補助項目。"))
        if data.get("requested") is None and "requested" not in self.errors:
            self.add_error("requested", _("請填寫申請金額。"))
        if kind in PER_INSTANCE and not data.get("instance") and "instance" not in self.errors:
            self.add_error("instance", _("裁判費及律師費請選擇審級。"))
        if kind == ItemKind.LIVING_EXPENSES and not data.get("months") \
                and "months" not in self.errors:
            self.add_error("months", _("生活費用請填寫月數。"))
        return data

    def item(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {"kind": kind,
                "instance": data.get("instance") if kind in PER_INSTANCE else None,
                "months": data.get("months") if kind == ItemKind.LIVING_EXPENSES else None,
                "complex": bool(data.get("complex")) if kind == ItemKind.LAWYER_FEE else False,
                "requested": data["requested"]}


class RowFormSet(forms.BaseFormSet):
    """Rows whose blank ones are ignored; at least one filled row is needed."""

    required_message = _("請至少填寫一列。")

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def filled(self):
        return [f for f in self.forms
                if f.is_valid() and getattr(f, "cleaned_data", None) and not f.is_blank()]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.filled():
            raise ValidationError(self.required_message, code="required")

    def add_non_form_error(self, messages) -> None:
        self._non_form_errors = self.error_class(
            [*self.non_form_errors(), *messages], error_class="nonform",
            renderer=self.renderer)


class ApplicantFormSetBase(RowFormSet):
    required_message = _("請至少填寫一位申請人（工會申請時，填寫訴訟之勞工）。")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.filled():
            number = form.cleaned_data.get("id_number")
            if number in seen:
                form.add_error("id_number", _("此證號已填寫過。"))
            seen.add(number)


class ItemFormSetBase(RowFormSet):
    required_message = _("請至少填寫一項補助項目。")


MAX_APPLICANT_ROWS = 100
MAX_ITEM_ROWS = 12
ApplicantFormSet = forms.formset_factory(ApplicantRowForm, formset=ApplicantFormSetBase, extra=1,
                                         max_num=MAX_APPLICANT_ROWS,
                                         absolute_max=MAX_APPLICANT_ROWS)
ItemFormSet = forms.formset_factory(ItemRowForm, formset=ItemFormSetBase, extra=3,
                                    max_num=MAX_ITEM_ROWS, absolute_max=MAX_ITEM_ROWS)


# --- counter entry --------------------------------------------------------------------------


class DisputeNumberField(forms.CharField):
    """A case number of our own mediations (112-DSP-000001); cleans to the Dispute or None."""

    def clean(self, value):
        from labor.disputes.models import Dispute

        value = "".join((super().clean(value) or "").split()).upper()
        if not value:
            return None
        dispute = (Dispute.objects.select_related("case")
                   .filter(case__number=value).first())
        if dispute is None:
            raise ValidationError(_("查無勞資爭議案號 %(number)s。"), code="unknown",
                                  params={"number": value})
        return dispute


class EntryForm(AttachmentsMixin, BaseForm):
    """訴訟補助申請書 as received at the counter or by mail. Applicants and items are row
    formsets beside it (``ApplicantFormSet``, ``ItemFormSet``)."""

    channel = forms.ChoiceField(
        label=_("受理管道"), widget=forms.RadioSelect, initial=Channel.COUNTER,
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.MAIL, Channel.MAIL.label)],
        error_messages={"required": _("請選擇受理管道。")})
    received_on = date_field(_("收件日期"), help_text=_("郵寄申請請填本局收文日期。"))
    applicant_kind = forms.ChoiceField(
        label=_("申請人身分"), choices=ApplicantKind.choices, widget=forms.RadioSelect,
        initial=ApplicantKind.WORKER, error_messages={"required": _("請選擇申請人身分。")})
    union_name = forms.CharField(label=_("工會名稱"), max_length=200, required=False,
                                 help_text=_("工會申請時填寫。"))
    union_resolution_on = date_field(_("理事會決議日期"), required=False,
                                     help_text=_("工會申請時填寫，並附理事會決議。"))
    dispute = DisputeNumberField(
        label=_("勞資爭議調解案號"), max_length=32, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("本局調解不成立之案號，例如 112-DSP-000123。"))
    mediation_reference = forms.CharField(
        label=_("他處調解紀錄字號"), max_length=100, required=False,
        help_text=_("於其他縣市或民間團體調解者，填寫調解紀錄之字號。"))
    respondent_ubn = forms.CharField(
        label=_("被告雇主統一編號"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    respondent_name = forms.CharField(
        label=_("被告雇主名稱"), max_length=200, required=False,
        help_text=_("統一編號不明或不在事業單位名冊時，填寫名稱；引用本局調解案件者可不填。"))
    court = forms.ChoiceField(label=_("受訴法院"), choices=[("", _("請選擇")), *Court.choices],
                              error_messages={"required": _("請選擇受訴法院。")})
    instance = forms.TypedChoiceField(label=_("審級"), choices=INSTANCES, coerce=int,
                                      widget=forms.RadioSelect, initial=1,
                                      error_messages={"required": _("請選擇審級。")})
    case_type = forms.ChoiceField(label=_("訴訟類別"),
                                  choices=[("", _("請選擇")), *CaseType.choices],
                                  error_messages={"required": _("請選擇訴訟類別。")})
    lawsuit_number = forms.CharField(label=_("法院案號"), max_length=100, required=False,
                                     help_text=_("已起訴者填寫，例如 112年度勞訴字第123號。"))
    claim_amount = amount_field(_("訴訟標的金額（元）"), required=False)
    statement = forms.CharField(label=_("申請說明"), max_length=5000, required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    no_other_subsidy = forms.BooleanField(
        label=_("申請人切結：本案訴訟費用未獲其他政府機關（構）補助"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attachment_fields()
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            self.initial.setdefault("submission_key", f"fund-counter-{uuid.uuid4().hex}")

    def clean_received_on(self):
        day = self.cleaned_data.get("received_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("收件日期不得晚於今天。"), code="future")
        return day

    def clean_respondent_ubn(self):
        ubn = identifiers.compact(self.cleaned_data.get("respondent_ubn") or "")
        if not ubn:
            return None
        validate_ubn(ubn)
        establishment = Establishment.objects.filter(ubn=ubn).first()
        if establishment is None:
            raise ValidationError(
                _("統一編號 %(ubn)s 不在事業單位名冊中；請清除統一編號並填寫雇主名稱。"),
                code="unknown_ubn", params={"ubn": ubn})
        return establishment

    def clean(self):
        data = super().clean()
        # A mediation of ours names the employer; otherwise the employer must be given.
        if not data.get("respondent_ubn") and not (data.get("respondent_name") or "").strip() \
                and not data.get("dispute") and "respondent_ubn" not in self.errors \
                and "dispute" not in self.errors:
            self.add_error("respondent_name", _("請填寫被告雇主之統一編號或名稱。"))
        return data

    def received_at(self) -> dt.datetime | None:
        """None for today (the service stamps the time); midnight Taipei of the date typed."""
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)),
                                   timezone.get_default_timezone())

    def submission(self) -> dict:
        """Keyword arguments of application_submit except the rows, channel and actor."""
        data = self.cleaned_data
        union = data["applicant_kind"] == ApplicantKind.UNION
        return {
            "applicant_kind": data["applicant_kind"],
            "court": data["court"],
            "instance": data["instance"],
            "case_type": data["case_type"],
            "no_other_subsidy": bool(data.get("no_other_subsidy")),
            "dispute": data.get("dispute"),
            "mediation_reference": (data.get("mediation_reference") or "").strip(),
            "respondent": data.get("respondent_ubn"),
            "respondent_name": (data.get("respondent_name") or "").strip(),
            "lawsuit_number": (data.get("lawsuit_number") or "").strip(),
            "claim_amount": data.get("claim_amount"),
            "statement": (data.get("statement") or "").strip(),
            "union_name": (data.get("union_name") or "").strip() if union else "",
            "union_resolution_on": data.get("union_resolution_on") if union else None,
            "attachments": self.attachments(),
            "submission_key": data["submission_key"],
            "received_at": self.received_at(),
        }


# --- actions on an application --------------------------------------------------------------


class ApplicationActionForm(BaseForm):
    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


def _today_initial(form, *names):
    if not form.is_bound:
        for name in names:
            form.initial.setdefault(name, timezone.localdate())


class ReturnForm(ApplicationActionForm):
    missing = forms.CharField(label=_("應補正事項"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("請填寫應補正事項。")})


class CompleteForm(ApplicationActionForm):
    on = date_field(_("資料齊全日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "on")


class CommitteeForm(ApplicationActionForm):
    meeting_on = date_field(_("審查會議日期"))
    resolution = forms.CharField(label=_("審查會議決議"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": _("請填寫審查會議決議。")})


class ProposeForm(ApplicationActionForm):
    """The officer's decision per item: the amount approved (at most the request and the cap
    on the received date) and, when lower than asked, the reason. Fields are named as the
    service keys its errors: ``item-<pk>-approved``, ``item-<pk>-reason``."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item-{item.pk}-approved"] = amount_field(
                _("%(item)s 核定金額（元）") % {"item": item_label(item)})
            self.fields[f"item-{item.pk}-reason"] = forms.CharField(
                label=_("%(item)s 未核定或減列理由") % {"item": item_label(item)}, max_length=300,
                required=False, help_text=_("核定金額低於申請金額時必填。"))
            if not self.is_bound:
                cap = getattr(item, "cap", None)
                proposal = item.approved if item.approved is not None else (
                    min(item.requested, cap) if cap is not None else item.requested)
                self.initial.setdefault(f"item-{item.pk}-approved", proposal)
                self.initial.setdefault(f"item-{item.pk}-reason", item.refusal_reason)

    def rows(self):
        return [(item, self[f"item-{item.pk}-approved"], self[f"item-{item.pk}-reason"])
                for item in self.items]

    def clean(self):
        data = super().clean()
        for item in self.items:
            approved = data.get(f"item-{item.pk}-approved")
            reason = (data.get(f"item-{item.pk}-reason") or "").strip()
            data[f"item-{item.pk}-reason"] = reason
            if approved is not None and approved < item.requested and not reason:
                self.add_error(f"item-{item.pk}-reason",
                               _("核定金額低於申請金額，請填寫理由。"))
        return data

    def decisions(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {item.pk: (data[f"item-{item.pk}-approved"], data[f"item-{item.pk}-reason"])
                for item in self.items}


class ApproveForm(ApplicationActionForm):
    on = date_field(_("核定日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "on")


class RefuseForm(ApplicationActionForm):
    reason = forms.CharField(label=_("不予補助理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("請填寫不予補助理由。")})
    on = date_field(_("決定日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "on")


class SendBackForm(ApplicationActionForm):
    reason = forms.CharField(label=_("退回理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("請填寫退回理由。")})


class CloseForm(ApplicationActionForm):
    """Closing takes no input: the button is the confirmation."""


class _ItemChoice(ApplicationActionForm):
    item = forms.ModelChoiceField(queryset=Item.objects.none(), widget=forms.HiddenInput,
                                  error_messages={"required": _("請選擇補助項目。"),
                                                  "invalid_choice": _("查無此補助項目。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields["item"].queryset = Item.objects.filter(application=self.application)


class DisburseForm(_ItemChoice):
    paid_on = date_field(_("撥付日期"))
    amount = amount_field(_("撥付金額（元）"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "paid_on")


class OutcomeForm(ApplicationActionForm):
    outcome = forms.ChoiceField(label=_("訴訟結果"),
                                choices=[("", _("請選擇")), *Outcome.choices],
                                error_messages={"required": _("請選擇訴訟結果。"),
                                                "invalid_choice": _("訴訟結果不正確。")})
    on = date_field(_("判決、和解或撤回日期"))
    note = forms.CharField(label=_("說明"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


BASIS_OF_OUTCOME = {
    Outcome.WON: RecoveryBasis.JUDGMENT, Outcome.PARTLY_WON: RecoveryBasis.JUDGMENT,
    Outcome.LOST: RecoveryBasis.JUDGMENT, Outcome.SETTLED: RecoveryBasis.SETTLEMENT,
    Outcome.WITHDRAWN: RecoveryBasis.WITHDRAWAL,
}


class AssessForm(ApplicationActionForm):
    """What must be paid back per item paid, prefilled with the rules' proposal (the officer
    may lower it; never above what was paid). Fields ``item-<pk>-amount``."""

    basis = forms.ChoiceField(label=_("催繳依據"), choices=RecoveryBasis.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": _("請選擇催繳依據。")})
    on = date_field(_("認定日期"))
    note = forms.CharField(label=_("說明"), max_length=300, required=False)

    def __init__(self, *args, items=(), proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        proposal = proposal or {}
        for item in self.items:
            self.fields[f"item-{item.pk}-amount"] = amount_field(
                _("%(item)s 應繳還金額（元）") % {"item": item_label(item)},
                help_text=_("已撥付 %(paid)s 元；不需繳還填 0。") % {
                    "paid": f"{getattr(item, 'paid', 0):,}"})
            if not self.is_bound:
                self.initial.setdefault(f"item-{item.pk}-amount", proposal.get(item.pk, 0))
        if not self.is_bound:
            _today_initial(self, "on")
            if self.application is not None and self.application.outcome:
                self.initial.setdefault("basis",
                                        BASIS_OF_OUTCOME.get(self.application.outcome))
        self.order_fields(["basis", "on", *[f"item-{i.pk}-amount" for i in self.items],
                           "note"])

    def claims(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item-{item.pk}-amount"] for item in self.items}


class NoticeForm(ApplicationActionForm):
    issued_on = date_field(_("發文日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "issued_on")


class _ClaimChoice(ApplicationActionForm):
    claim = forms.ModelChoiceField(queryset=RecoveryClaim.objects.none(),
                                   widget=forms.HiddenInput,
                                   error_messages={"required": _("請選擇應繳還款。"),
                                                   "invalid_choice": _("查無此應繳還款。")})
    on = date_field(_("日期"))
    amount = amount_field(_("金額（元）"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields["claim"].queryset = RecoveryClaim.objects.filter(
                application=self.application)
        _today_initial(self, "on")


class RepayForm(_ClaimChoice):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("繳還日期")
        self.fields["amount"].label = _("繳還金額（元）")


class ReclassifyForm(_ClaimChoice):
    reason = forms.CharField(label=_("轉列理由"), max_length=300,
                             error_messages={"required": _("請填寫轉列理由。")},
                             help_text=_("例如：經強制執行無結果，轉列呆帳。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("轉列日期")
        self.fields["amount"].label = _("轉列金額（元）")


# --- the queue ------------------------------------------------------------------------------


class AsOfForm(BaseForm):
    """The recovery book's day (GET): the book as it stood at the end of that day, e.g. the
    period end a council report counts."""

    on = date_field(_("截至日期"), required=False)


class QueueFilterForm(BaseForm):
    """The queue's filter (GET): an invalid value shows the open applications."""

    OPEN = ""
    ALL = "all"
    status = forms.ChoiceField(
        label=_("狀態"), required=False,
        choices=[(OPEN, _("未結案")), *Status.choices, (ALL, _("全部"))])

    def value(self) -> str:
        if self.is_valid():
            return self.cleaned_data.get("status") or self.OPEN
        return self.OPEN
