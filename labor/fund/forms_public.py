"""The citizen's online application for the litigation subsidy (訴訟補助線上申請).

The applicant is the logged-in citizen, applying as one worker (several workers or a union
apply at the counter, with the members' declarations and the board resolution). The cited
mediation is one of the citizen's own online mediation cases that did not settle, or the
record number of a mediation held elsewhere. The items are a fixed table — court and lawyer
fees per instance, enforcement fees, living expenses with their months — so that the form
works without JavaScript and on a phone. The form checks what a person can correct on the
page; the rules are the service's (labor.fund.services_applications.application_submit),
whose errors the view maps back onto these fields (``service_field``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers
from labor.core.formatting import roc_date
from labor.core.models import Establishment
from labor.core.validators import validate_ubn
from labor.fund.forms import (
    ATTACHMENT_KINDS,
    INSTANCES,
    AttachmentsMixin,
    amount_field,
    attachment_help,
    check_person_id,
)
from labor.fund.models import CaseType, Court, ItemKind
from labor.portal.forms import PortalFormMixin

NO_DISPUTE = ""
# (requested field, kind, instance): one row of the items table each.
FEE_ROWS = [
    *[(f"court_fee_{n}", ItemKind.COURT_FEE, n) for n in (1, 2, 3)],
    *[(f"lawyer_fee_{n}", ItemKind.LAWYER_FEE, n) for n in (1, 2, 3)],
    ("enforcement_fee", ItemKind.ENFORCEMENT_FEE, None),
    ("living_expenses", ItemKind.LIVING_EXPENSES, None),
]
MONTHS_FIELD = "living_expenses_months"
# Online a worker applies alone: no union board resolution.
PUBLIC_ATTACHMENT_KINDS = [row for row in ATTACHMENT_KINDS if row[0] != "board_resolution"]


def dispute_label(dispute) -> str:
    """「112-DSP-000123　大安精密股份有限公司（112年1月20日調解不成立）」."""
    respondents = "、".join(str(p) for p in getattr(dispute, "respondent_list", []))
    when = roc_date(dispute.outcome_on) if dispute.outcome_on else ""
    text = dispute.case.number
    if respondents:
        text += f"　{respondents}"
    return text + (_("（%(on)s調解不成立）") % {"on": when} if when else _("（調解不成立）"))


class PublicApplicationForm(AttachmentsMixin, PortalFormMixin, forms.Form):
    submission_key = forms.UUIDField(
        label=_("申請書"), widget=forms.HiddenInput,
        error_messages={"required": _("此份申請書已失效，請重新整理頁面後再送出。"),
                        "invalid": _("此份申請書已失效，請重新整理頁面後再送出。")})

    # 申請人（本人）
    name = forms.CharField(label=_("姓名"), max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}),
                           error_messages={"required": _("請填寫姓名。")})
    id_number = forms.CharField(
        label=_("身分證字號或統一證號"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
        error_messages={"required": _("請填寫身分證字號或統一證號。")})
    annual_income = amount_field(_("前一年度所得（新臺幣元）"),
                                 help_text=_("依國稅局所得清單填寫；無所得填 0。"))
    assets = amount_field(_("財產總額（新臺幣元）"),
                          help_text=_("依國稅局財產清單填寫；無財產填 0。"))
    phone = forms.CharField(label=_("電話"), max_length=32,
                            widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                          "inputmode": "tel"}),
                            error_messages={"required": _("請填寫電話。")})
    address = forms.CharField(label=_("送達地址"), max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
                              help_text=_("核定函及通知寄送的地址。"),
                              error_messages={"required": _("請填寫送達地址。")})

    # 調解與訴訟
    dispute = forms.ChoiceField(label=_("調解不成立之案件"), widget=forms.RadioSelect,
                                required=False)
    mediation_reference = forms.CharField(
        label=_("他處調解紀錄字號（選填）"), max_length=100, required=False,
        help_text=_("在其他縣市、鄉鎮市區公所或民間團體調解者，填寫調解紀錄上的字號，並上傳調解紀錄。"))
    respondent_ubn = forms.CharField(
        label=_("雇主統一編號（選填）"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    respondent_name = forms.CharField(
        label=_("雇主名稱"), max_length=200, required=False,
        help_text=_("選擇本局調解案件者可不填，以調解案件之相對人為被告雇主。"))
    court = forms.ChoiceField(label=_("受訴法院"), choices=[("", _("請選擇")), *Court.choices],
                              error_messages={"required": _("請選擇受訴法院。")})
    instance = forms.TypedChoiceField(label=_("目前審級"), choices=INSTANCES, coerce=int,
                                      widget=forms.RadioSelect, initial=1,
                                      error_messages={"required": _("請選擇審級。")})
    case_type = forms.ChoiceField(label=_("訴訟類別"),
                                  choices=[("", _("請選擇")), *CaseType.choices],
                                  error_messages={"required": _("請選擇訴訟類別。")})
    lawsuit_number = forms.CharField(label=_("法院案號（選填）"), max_length=100,
                                     required=False,
                                     help_text=_("已起訴者填寫，例如 112年度勞訴字第123號。"))
    claim_amount = amount_field(_("請求金額（新臺幣元，選填）"), required=False)

    # 申請項目（固定列）
    living_expenses_months = forms.IntegerField(
        label=_("生活費用月數"), required=False, min_value=1, max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
        error_messages={"invalid": _("請以整數填寫月數。"), "min_value": _("月數至少為 1。"),
                        "max_value": _("月數過大，請確認。")})

    statement = forms.CharField(
        label=_("申請說明（選填）"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("簡述訴訟的情形，例如起訴的原因與目前進度。"))

    # 聲明
    no_other_subsidy = forms.BooleanField(
        label=_("本人切結：本案訴訟費用未獲其他政府機關（構）補助；日後獲補助或由對造負擔時，"
                "願依規定繳還。"), required=False)
    declare_true = forms.BooleanField(
        label=_("本人聲明所填所得、財產及其他資料均屬實，並同意本局為審查本申請查證相關資料。"),
        error_messages={"required": _("請勾選聲明所填資料均屬實。")})

    def __init__(self, *args, disputes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disputes = {str(d.pk): d for d in disputes}
        self.fields["dispute"].choices = [
            *[(pk, dispute_label(d)) for pk, d in self.disputes.items()],
            (NO_DISPUTE, _("不在上列（在他處調解，請填寫下方調解紀錄字號）")),
        ]
        if not self.disputes:
            self.fields["dispute"].widget = forms.HiddenInput()
        self.fee_fields = []
        for name, kind, instance in FEE_ROWS:
            label = ItemKind(kind).label
            if instance:
                label = _("%(instance)s%(item)s") % {"instance": dict(INSTANCES)[instance],
                                                     "item": label}
            self.fields[name] = amount_field(
                _("%(item)s申請金額（新臺幣元）") % {"item": label}, required=False, min_value=1)
            self.fee_fields.append((name, kind, instance, label))
            if kind == ItemKind.LAWYER_FEE:
                self.fields[f"{name}_complex"] = forms.BooleanField(
                    label=_("%(item)s屬複雜案件") % {"item": label}, required=False)
        self.add_attachment_fields(PUBLIC_ATTACHMENT_KINDS)
        self.attachments_help = attachment_help()

    # -- the items table

    def item_rows(self):
        """(label, amount field, extra field or None) per row of the items table."""
        rows = []
        for name, kind, _instance, label in self.fee_fields:
            extra = None
            if kind == ItemKind.LAWYER_FEE:
                extra = self[f"{name}_complex"]
            elif kind == ItemKind.LIVING_EXPENSES:
                extra = self[MONTHS_FIELD]
            rows.append((label, self[name], extra))
        return rows

    # -- validation

    def clean_id_number(self):
        return check_person_id(self.cleaned_data.get("id_number"))

    def clean_respondent_ubn(self):
        ubn = identifiers.compact(self.cleaned_data.get("respondent_ubn") or "")
        if not ubn:
            return None
        validate_ubn(ubn)
        return Establishment.objects.filter(ubn=ubn).first() or ubn

    def clean(self):
        data = super().clean()
        asked = [name for name, *_rest in self.fee_fields if data.get(name) is not None]
        if not asked and not any(name in self.errors for name, *_rest in self.fee_fields):
            self.add_error(FEE_ROWS[0][0], _("請至少填寫一項申請金額。"))
        if data.get("living_expenses") is not None and not data.get(MONTHS_FIELD) \
                and MONTHS_FIELD not in self.errors:
            self.add_error(MONTHS_FIELD, _("申請生活費用時，請填寫月數。"))
        if data.get(MONTHS_FIELD) and data.get("living_expenses") is None \
                and "living_expenses" not in self.errors:
            self.add_error("living_expenses", _("已填寫月數，請填寫生活費用申請金額或清除月數。"))
        chosen = data.get("dispute") or NO_DISPUTE
        if chosen != NO_DISPUTE and chosen not in self.disputes:
            self.add_error("dispute", _("請從列出的案件中選擇。"))
        if chosen == NO_DISPUTE and not (data.get("mediation_reference") or "").strip() \
                and "mediation_reference" not in self.errors:
            self.add_error("mediation_reference", _(
                "請選擇您調解不成立的案件，或填寫他處調解紀錄字號。"))
        ubn = data.get("respondent_ubn")
        name = (data.get("respondent_name") or "").strip()
        if isinstance(ubn, str) and not name:
            self.add_error("respondent_name", _(
                "統一編號 %(ubn)s 不在本局事業單位資料中，請填寫雇主名稱。") % {"ubn": ubn})
        if chosen == NO_DISPUTE and not ubn and not name and "respondent_ubn" not in self.errors:
            self.add_error("respondent_name", _("請填寫雇主名稱。"))
        return data

    # -- the service call

    def items(self) -> list[tuple[dict, dict]]:
        """(item for the service, {service field: form field}) per row asked for, in order."""
        data = self.cleaned_data
        rows = []
        for name, kind, instance, _label in self.fee_fields:
            if data.get(name) is None:
                continue
            item = {"kind": kind, "instance": instance, "months": None, "complex": False,
                    "requested": data[name]}
            fields = {"requested": name, "kind": name, "instance": name}
            if kind == ItemKind.LAWYER_FEE:
                item["complex"] = bool(data.get(f"{name}_complex"))
            if kind == ItemKind.LIVING_EXPENSES:
                item["months"] = data.get(MONTHS_FIELD)
                fields["months"] = MONTHS_FIELD
            rows.append((item, fields))
        return rows

    def submission(self) -> dict:
        """Keyword arguments of application_submit but the channel and the accounts."""
        data = self.cleaned_data
        chosen = data.get("dispute") or NO_DISPUTE
        ubn = data.get("respondent_ubn")
        return {
            "applicant_kind": "worker",
            "applicants": [{
                "id_number": data["id_number"], "name": data["name"].strip(),
                "annual_income": data["annual_income"], "assets": data["assets"],
                "phone": data["phone"].strip(), "address": data["address"].strip()}],
            "items": [item for item, _fields in self.items()],
            "court": data["court"],
            "instance": data["instance"],
            "case_type": data["case_type"],
            "no_other_subsidy": bool(data.get("no_other_subsidy")),
            "dispute": self.disputes.get(chosen),
            "mediation_reference": (data.get("mediation_reference") or "").strip(),
            "respondent": ubn if isinstance(ubn, Establishment) else None,
            "respondent_name": (data.get("respondent_name") or "").strip(),
            "lawsuit_number": (data.get("lawsuit_number") or "").strip(),
            "claim_amount": data.get("claim_amount"),
            "statement": (data.get("statement") or "").strip(),
            "attachments": self.attachments(),
            "submission_key": str(data["submission_key"]),
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """application_submit's errors at the fields of this page: ``applicants-0-<field>`` is
        the citizen's own field, ``items-<i>-<field>`` the row of the i-th item sent."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        rows = [fields for _item, fields in self.items()] if hasattr(self, "cleaned_data") \
            else []
        for key, errors in exc.message_dict.items():
            field = self.service_field(key, rows)
            if field == "dispute" and not self.disputes:
                field = "mediation_reference"
            for message in errors:
                self.add_error(field if field in self.fields else None, message)

    @staticmethod
    def service_field(key: str, rows: list[dict]) -> str | None:
        head, _sep, rest = key.partition("-")
        if head == "applicants":
            _index, _sep, name = rest.partition("-")
            return name or None
        if head == "items":
            index, _sep, name = rest.partition("-")
            if index.isdigit() and int(index) < len(rows):
                return rows[int(index)].get(name) or rows[int(index)]["requested"]
            return FEE_ROWS[0][0]
        return {"respondent": "respondent_ubn", "attachments": "att_other",
                "applicant_kind": None, "channel": None, "received_at": None}.get(key, key)
