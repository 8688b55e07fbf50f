"""Forms of the employers' online services: the employer account's sign-up, the online
notification of notifiable work (危險性作業線上通報) and of a reduced-hours agreement.

As the citizen forms: what a person can correct on the page is checked here and said at the
field, in zh-Hant; the rules are the services' (labor.portal.accounts.employer_signup,
labor.notifications.services), whose errors are put back on the fields by the views.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from labor.core import identifiers
from labor.core.models import District
from labor.core.validators import validate_ubn
from labor.notifications.models import WorkKind
from labor.portal.forms import PortalFormMixin, RocOrIsoDateField, SignupForm

DATE_HELP = gettext_lazy("例：2023-07-03 或 112/7/3")


class EmployerSignupForm(SignupForm):
    """The citizens' sign-up (e-mail, password rules) with the establishment's 統一編號 and a
    contact phone instead of a national ID."""

    email = forms.EmailField(
        label=gettext_lazy("電子郵件"), max_length=150,
        help_text=gettext_lazy("作為登入帳號，本局也以此聯繫通報事宜。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    ubn = forms.CharField(
        label=gettext_lazy("事業單位統一編號"), max_length=12,
        help_text=gettext_lazy("8 位數字；須為本局事業單位資料已有者。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=gettext_lazy("聯絡人姓名"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("聯絡電話"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    national_id = None

    field_order = ["ubn", "name", "phone", "email", "password1", "password2"]

    def clean_ubn(self):
        value = identifiers.compact(self.cleaned_data.get("ubn", ""))
        validate_ubn(value)
        return value


def district_choices():
    rows = District.objects.filter(city=settings.LABOR_CITY).order_by("sort_order", "code")
    english = (get_language() or "").startswith("en")
    return [("", _("請選擇"))] + [
        (row.code, row.name_en if english and row.name_en else row.name) for row in rows
    ]


class WorkNotificationForm(PortalFormMixin, forms.Form):
    """危險性作業通報: notifiable work, its site, its dates and its contractor."""

    # Idempotency: the same form sent twice (a double click, a resend) files once.
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=gettext_lazy("作業類別"), choices=WorkKind.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("請選擇作業類別。")},
    )
    site_address = forms.CharField(
        label=gettext_lazy("作業地點"), max_length=200,
        help_text=gettext_lazy("工地或建築物的地址，例如：臺北市大安區復興南路一段 100 號。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    district = forms.ChoiceField(
        label=gettext_lazy("作業地點行政區"),
        error_messages={"required": gettext_lazy("請選擇行政區。"),
                        "invalid_choice": gettext_lazy("請選擇行政區。")},
    )
    starts_on = RocOrIsoDateField(label=gettext_lazy("作業開始日"), help_text=DATE_HELP)
    ends_on = RocOrIsoDateField(label=gettext_lazy("作業結束日"), help_text=DATE_HELP)
    contractor = forms.CharField(
        label=gettext_lazy("承攬人（選填）"), max_length=200, required=False,
        help_text=gettext_lazy("交由承攬人施作時，填寫承攬人名稱；自行施作免填。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()

    def clean_district(self):
        code = self.cleaned_data.get("district")
        district = District.objects.filter(city=settings.LABOR_CITY, code=code).first()
        if district is None:
            raise ValidationError(_("請選擇行政區。"))
        return district

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("結束日不得早於開始日。"))
        return cleaned

    @staticmethod
    def fresh_initial() -> dict:
        return {"submission_key": uuid.uuid4()}


class ReducedHoursForm(PortalFormMixin, forms.Form):
    """減班休息（減少工時）協議通報 of the account's establishment. A double submission is
    recognised by its content (labor.notifications.services.reduced_hours_file_online)."""

    workers_affected = forms.IntegerField(
        label=gettext_lazy("實施人數"), min_value=1, max_value=1_000_000,
        help_text=gettext_lazy("經協商同意減少工時的勞工人數。"),
        error_messages={"min_value": gettext_lazy("實施人數應為 1 以上的整數。"),
                        "max_value": gettext_lazy("人數過大，請確認。"),
                        "invalid": gettext_lazy("實施人數應為 1 以上的整數。")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
    )
    starts_on = RocOrIsoDateField(label=gettext_lazy("實施開始日"), help_text=DATE_HELP)
    ends_on = RocOrIsoDateField(label=gettext_lazy("實施結束日"), help_text=DATE_HELP)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("結束日不得早於開始日。"))
        return cleaned
