"""Forms of the fund's ledger pages: a manual entry of a fixed kind, a reversal, the day the
account list is read on.

The forms check the shape of what was typed (a kind offered, a whole positive amount, a date,
no date after today); labor.fund.services decides the rest (the fund's cash covering a
payment, an entry reversed once) and ``apply_errors`` puts its messages back on the form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core.forms_base import BaseForm, date_widget
from labor.fund.services import MANUAL_KINDS, MAX_AMOUNT

DATE_MESSAGES = {"required": _("請輸入日期。"), "invalid": _("日期格式不正確。")}
AMOUNT_MESSAGES = {"required": _("請輸入金額。"), "invalid": _("金額請輸入整數（元）。"),
                   "min_value": _("金額須大於 0。"), "max_value": _("金額過大，請確認。")}


def _not_future(value):
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("記帳日期不得晚於今日。"))
    return value


class ManualEntryForm(BaseForm):
    kind = forms.ChoiceField(
        label=_("分錄類別"), choices=[("", _("（請選擇）"))] + [
            (key, spec.label) for key, spec in MANUAL_KINDS.items()],
        error_messages={"required": _("請選擇分錄類別。"),
                        "invalid_choice": _("分錄類別不正確。")},
        help_text=_("借貸科目依類別而定；訴訟補助之撥付及繳還由申請案登錄。"))
    posted_on = forms.DateField(label=_("記帳日期"), widget=date_widget(),
                                error_messages=DATE_MESSAGES)
    amount = forms.IntegerField(
        label=_("金額（新臺幣元）"), min_value=1, max_value=MAX_AMOUNT,
        error_messages=AMOUNT_MESSAGES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}))
    description = forms.CharField(
        label=_("摘要"), max_length=200,
        error_messages={"required": _("請輸入摘要。"),
                        "max_length": _("摘要不得超過200字。")},
        help_text=_("例如：112年度市府撥入第1期。"))

    def clean_posted_on(self):
        return _not_future(self.cleaned_data.get("posted_on"))


class ReverseForm(BaseForm):
    posted_on = forms.DateField(label=_("沖正日期"), widget=date_widget(),
                                error_messages=DATE_MESSAGES)
    confirm = forms.BooleanField(
        label=_("確認沖正此分錄（沖正後不得撤銷，每筆分錄僅能沖正一次）"),
        error_messages={"required": _("請勾選確認沖正。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("posted_on", timezone.localdate())

    def clean_posted_on(self):
        return _not_future(self.cleaned_data.get("posted_on"))


class OnDateForm(BaseForm):
    on = forms.DateField(label=_("餘額計算日"), required=False, widget=date_widget(),
                         error_messages=DATE_MESSAGES)
