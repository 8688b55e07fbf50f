"""Forms of the inspection pages: recording an inspection (usable on a phone), the actions on
an inspection (findings, improvement notices, re-inspections, referrals, penalties), sites,
the registries, the risk-based selection and the public list's search.

Forms check the shape of what was typed (required fields, a valid 統一編號 that is on the
registry, numbers, dates) so that a message lands beside its field; the services decide the
rest, and ``labor.core.forms_base.apply_errors`` puts their ValidationErrors back on the form.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core import identifiers
from labor.core import selectors as core_selectors
from labor.core.forms_base import BaseForm, date_widget
from labor.core.models import District, Establishment, Industry
from labor.core.validators import validate_ubn
from labor.inspections import rules
from labor.inspections.models import (
    Article,
    ConfinedSpace,
    ConstructionSite,
    Domain,
    Finding,
    Grade,
    GuidanceProvider,
    InspectionProject,
    Kind,
    Method,
    Penalty,
    StopWorkOrder,
)

DATE_MESSAGES = {"required": _("請輸入日期。"), "invalid": _("日期格式不正確。")}
COUNT_MESSAGES = {"required": _("請輸入人數。"), "invalid": _("請輸入整數。"),
                  "min_value": _("不得為負數。")}
VERSION_MESSAGES = {"required": _("缺少案件版本，請重新載入後再操作。"),
                    "invalid": _("缺少案件版本，請重新載入後再操作。"),
                    "min_value": _("缺少案件版本，請重新載入後再操作。")}

# Articles of each domain, for the penalty form's choice (services refuse the others too).
DOMAIN_ARTICLES = {
    Domain.LABOR_CONDITIONS: [rules.ART_79_1, rules.ART_79_2, rules.ART_79_3, rules.ART_78],
    Domain.OSH: [rules.OSH_43, rules.OSH_45],
}


def _number_widget(**attrs):
    return forms.NumberInput(attrs={"inputmode": "numeric", **attrs})


class UbnField(forms.CharField):
    """A 統一編號 that must be valid and on the establishment registry; cleans to the
    Establishment (None when not required and left empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "spellcheck": "false",
            "pattern": "[0-9]*"}))
        kwargs.setdefault("error_messages", {"required": _("請輸入統一編號。")})
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        ubn = identifiers.compact(value or "")
        if not ubn:
            return None
        validate_ubn(ubn)
        establishment = Establishment.objects.filter(ubn=ubn).first()
        if establishment is None:
            raise ValidationError(
                _("統一編號 %(ubn)s 不在事業單位名冊中，請先建檔。"), code="unknown_ubn",
                params={"ubn": ubn})
        return establishment


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.contractor.name}）"


class ConfinedSpaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        text = f"{obj.establishment.name}：{obj.get_space_kind_display()}"
        return f"{text}（{obj.description}）" if obj.description else text


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} {obj.name}"


# --- recording an inspection ----------------------------------------------------------------


class InspectionForm(BaseForm):
    """One inspection or guidance visit, as typed in the field. A re-inspection is opened from
    the inspection it follows, not here."""

    kind = forms.ChoiceField(
        label=_("檢查類別"), widget=forms.RadioSelect,
        choices=[(k.value, k.label) for k in Kind if k != Kind.RE_INSPECTION],
        initial=Kind.LABOR_CONDITIONS, error_messages={"required": _("請選擇檢查類別。"),
                                                       "invalid_choice": _("檢查類別不正確。")})
    domain = forms.ChoiceField(
        label=_("檢查領域"), widget=forms.RadioSelect, required=False,
        choices=[("", _("依輔導提供者")), *Domain.choices], initial="",
        error_messages={"invalid_choice": _("檢查領域不正確。")},
        help_text=_("僅輔導訪視須選擇；勞動條件及職安衛檢查依類別而定。"))
    guidance_provider = forms.ChoiceField(
        label=_("輔導提供者"), required=False,
        choices=[("", _("（非輔導訪視）")), *GuidanceProvider.choices],
        error_messages={"invalid_choice": _("輔導提供者不正確。")})
    method = forms.ChoiceField(label=_("檢查方式"), widget=forms.RadioSelect,
                               choices=Method.choices, initial=Method.ON_SITE,
                               error_messages={"required": _("請選擇檢查方式。"),
                                               "invalid_choice": _("檢查方式不正確。")})
    ubn = UbnField(label=_("受檢事業單位統一編號"), required=False,
                   help_text=_("8 位數字；檢查營造工地時可改選下方工地。"))
    site = SiteChoiceField(label=_("營造工地"), required=False, queryset=ConstructionSite
                           .objects.none(), empty_label=_("（不是營造工地）"),
                           error_messages={"invalid_choice": _("查無此營造工地。")})
    project = ProjectChoiceField(label=_("專案"), required=False,
                                 queryset=InspectionProject.objects.none(),
                                 empty_label=_("（非專案檢查）"),
                                 error_messages={"invalid_choice": _("查無此專案。")})
    confined_space = ConfinedSpaceChoiceField(
        label=_("局限空間作業場所"), required=False, queryset=ConfinedSpace.objects.none(),
        empty_label=_("（無）"), error_messages={"invalid_choice": _("查無此局限空間作業場所。")},
        help_text=_("檢查列管之局限空間作業時選擇。"))
    inspected_on = forms.DateField(label=_("檢查日期"), widget=date_widget(),
                                   error_messages=DATE_MESSAGES)

    # Recent enough to offer in the lists (a long-finished site or an old project is still
    # accepted when sent, e.g. from its own page's link).
    RECENT_DAYS = 3 * 365

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        sites = ConstructionSite.objects.select_related("contractor").order_by("name")
        projects = InspectionProject.objects.order_by("-year", "name")
        if not self.is_bound:
            wanted_site = _pk(self.initial.get("site"))
            wanted_project = _pk(self.initial.get("project"))
            sites = sites.filter(Q(ends_on__gte=today - dt.timedelta(days=self.RECENT_DAYS))
                                 | Q(pk=wanted_site))
            projects = projects.filter(Q(year__gte=today.year - 1) | Q(pk=wanted_project))
            self.initial.setdefault("inspected_on", today)
        self.fields["site"].queryset = sites
        self.fields["project"].queryset = projects
        self.fields["confined_space"].queryset = (ConfinedSpace.objects
                                                  .select_related("establishment")
                                                  .order_by("establishment__name", "id"))

    def clean(self):
        data = super().clean()
        establishment, site = data.get("ubn"), data.get("site")
        if not establishment and not site and "ubn" not in self.errors \
                and "site" not in self.errors:
            self.add_error("ubn", _("請輸入受檢事業單位統一編號，或選擇營造工地。"))
        space = data.get("confined_space")
        if space is not None and (establishment or site):
            ours = (establishment is not None and space.establishment_id == establishment.pk) \
                or (site is not None and (space.site_id == site.pk
                                          or space.establishment_id == site.contractor_id))
            if not ours:
                self.add_error("confined_space", _("此局限空間作業場所不屬於受檢事業單位或工地。"))
        if data.get("kind") != Kind.GUIDANCE:
            data["domain"] = ""
        return data


# --- actions on an inspection ---------------------------------------------------------------


class VersionedForm(BaseForm):
    """An action that changes the inspection carries the version it read (409 when stale)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 error_messages=VERSION_MESSAGES)

    def __init__(self, *args, inspection=None, **kwargs):
        self.inspection = inspection
        super().__init__(*args, **kwargs)
        if inspection is not None and not self.is_bound:
            self.initial.setdefault("version", inspection.version)


class FindingForm(VersionedForm):
    article = forms.CharField(
        label=_("違反法條"), max_length=200,
        widget=forms.TextInput(attrs={"list": "article-suggestions", "autocomplete": "off"}),
        error_messages={"required": _("請輸入違反法條。"),
                        "max_length": _("違反法條不得超過200字。")},
        help_text=_("例如：勞動基準法第24條、職業安全衛生設施規則第225條。"))
    description = forms.CharField(
        label=_("違規事實"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("請輸入違規事實。"),
                        "max_length": _("違規事實不得超過4000字。")})


class NoticeForm(VersionedForm):
    due_on = forms.DateField(label=_("改善期限"), widget=date_widget(),
                             error_messages=DATE_MESSAGES)


class ReinspectForm(BaseForm):
    inspected_on = forms.DateField(label=_("複查日期"), widget=date_widget(),
                                   error_messages=DATE_MESSAGES)

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("inspected_on", timezone.localdate())


class RateForm(VersionedForm):
    """Rate one finding carried into this re-inspection: resolved or still open."""

    finding = forms.ModelChoiceField(
        queryset=Finding.objects.none(), widget=forms.HiddenInput,
        error_messages={"required": _("請選擇違規事項。"),
                        "invalid_choice": _("此違規事項不是本次複查帶入之事項。")})
    resolved = forms.TypedChoiceField(
        label=_("評定"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("已改善")), ("no", _("未改善"))],
        error_messages={"required": _("請選擇已改善或未改善。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.inspection is not None:
            self.fields["finding"].queryset = Finding.objects.filter(
                inspection=self.inspection, carried_from__isnull=False)


class ReferralForm(BaseForm):
    uninsured_workers = forms.IntegerField(label=_("未投保人數"), min_value=1,
                                           widget=_number_widget(min=1),
                                           error_messages={
                                               "required": _("請輸入未投保人數。"),
                                               "invalid": _("請輸入整數。"),
                                               "min_value": _("未投保人數應為 1 以上的整數。")})
    referred_on = forms.DateField(label=_("移送日期"), widget=date_widget(),
                                  error_messages=DATE_MESSAGES)

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("referred_on", timezone.localdate())


GOOD_FAITH = [("yes", _("是")), ("no", _("否")), ("", _("未審酌"))]


class PenaltyForm(VersionedForm):
    """A proposed fine: the article (its band shown beside), the provision breached, the
    amount and the factors behind it."""

    article = forms.ChoiceField(label=_("處罰條文"), choices=Article.choices,
                                error_messages={"required": _("請選擇處罰條文。"),
                                                "invalid_choice": _("處罰條文不正確。")})
    breached = forms.CharField(label=_("違反條文"), max_length=200,
                               help_text=_("公布於違法事業單位名單，例如：勞動基準法第24條第1項。"),
                               error_messages={"required": _("請輸入違反條文。"),
                                               "max_length": _("違反條文不得超過200字。")})
    amount = forms.IntegerField(label=_("罰鍰金額（新臺幣元）"), min_value=0,
                                widget=_number_widget(min=0, step=1000),
                                error_messages={"required": _("請輸入罰鍰金額（新臺幣元）。"),
                                                "invalid": _("罰鍰金額請以元為單位，不含小數。"),
                                                "min_value": _("罰鍰金額不得為負數。")})
    severity = forms.CharField(label=_("違規情節"), max_length=200,
                               error_messages={"required": _("請填寫違規情節。")})
    workers_affected = forms.IntegerField(label=_("違反人數"), min_value=0,
                                          widget=_number_widget(min=0),
                                          error_messages=COUNT_MESSAGES)
    repeat_count = forms.IntegerField(label=_("過往違規次數"), min_value=0,
                                      widget=_number_widget(min=0),
                                      error_messages={**COUNT_MESSAGES,
                                                      "required": _("請輸入過往違規次數。")},
                                      help_text=_("已依本事業單位過去經核定之罰鍰筆數預填。"))
    good_faith = forms.ChoiceField(label=_("善意配合改善"), choices=GOOD_FAITH, required=False,
                                   widget=forms.RadioSelect, initial="")

    def __init__(self, *args, repeat_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if self.inspection is not None:
            allowed = DOMAIN_ARTICLES.get(self.inspection.domain, Article.values)
            self.fields["article"].choices = [("", _("請選擇")),
                                              *[(a, Article(a).label) for a in allowed]]
        if not self.is_bound:
            self.initial.setdefault("repeat_count", repeat_count)

    def factors(self) -> dict:
        data = self.cleaned_data
        return {"severity": data["severity"], "workers_affected": data["workers_affected"],
                "repeat_count": data["repeat_count"],
                "good_faith": {"yes": True, "no": False}.get(data.get("good_faith"))}


class _PenaltyChoice(BaseForm):
    penalty = forms.ModelChoiceField(
        queryset=Penalty.objects.none(), widget=forms.HiddenInput,
        error_messages={"required": _("請選擇罰鍰。"), "invalid_choice": _("查無此罰鍰。")})

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["penalty"].queryset = Penalty.objects.filter(inspection=inspection)


class ApproveForm(_PenaltyChoice):
    decided_on = forms.DateField(label=_("處分日期"), widget=date_widget(), required=False,
                                 error_messages=DATE_MESSAGES, help_text=_("未填寫則為今天。"))


class PaidForm(_PenaltyChoice):
    paid_on = forms.DateField(label=_("繳納日期"), widget=date_widget(),
                              error_messages=DATE_MESSAGES)


# --- construction sites ---------------------------------------------------------------------


class SiteForm(BaseForm):
    name = forms.CharField(label=_("工程名稱"), max_length=200,
                           error_messages={"required": _("請輸入工程名稱。")})
    contractor = UbnField(label=_("承攬事業單位統一編號"))
    public = forms.BooleanField(label=_("公共工程"), required=False)
    address = forms.CharField(label=_("工地地址"), max_length=200, required=False)
    district = forms.ModelChoiceField(label=_("行政區"), queryset=District.objects.none(),
                                      empty_label=_("請選擇"),
                                      error_messages={"required": _("請選擇行政區。"),
                                                      "invalid_choice": _("行政區不正確。")})
    grade = forms.ChoiceField(label=_("風險等級"), choices=Grade.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": _("請選擇風險等級。")},
                              help_text=_("高風險每月、次風險每2個月、一般每4個月至少檢查1次。"))
    starts_on = forms.DateField(label=_("開工日期"), widget=date_widget(),
                                error_messages=DATE_MESSAGES)
    ends_on = forms.DateField(label=_("預定完工日期"), widget=date_widget(),
                              error_messages=DATE_MESSAGES)
    cctv_installed_on = forms.DateField(label=_("視訊監控設置日期"), widget=date_widget(),
                                        required=False, error_messages=DATE_MESSAGES,
                                        help_text=_("設置勞動安全視訊監控系統者填寫，可辦理視訊遠端監督檢查。"))

    def __init__(self, *args, site=None, **kwargs):
        if site is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": site.name, "contractor": site.contractor.ubn, "public": site.public,
                "address": site.address, "district": site.district_id, "grade": site.grade,
                "starts_on": site.starts_on, "ends_on": site.ends_on,
                "cctv_installed_on": site.cctv_installed_on,
            }
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = core_selectors.city_districts()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("預定完工日期不得早於開工日期。"))
        return data


class StopWorkForm(BaseForm):
    issued_on = forms.DateField(label=_("停工日期"), widget=date_widget(),
                                error_messages=DATE_MESSAGES)


class LiftForm(BaseForm):
    order = forms.ModelChoiceField(queryset=StopWorkOrder.objects.none(),
                                   widget=forms.HiddenInput,
                                   error_messages={"required": _("請選擇停工令。"),
                                                   "invalid_choice": _("查無此停工令。")})
    lifted_on = forms.DateField(label=_("復工日期"), widget=date_widget(),
                                error_messages=DATE_MESSAGES)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if site is not None:
            self.fields["order"].queryset = StopWorkOrder.objects.filter(site=site)


class AlcoholForm(BaseForm):
    tested_on = forms.DateField(label=_("檢測日期"), widget=date_widget(),
                                error_messages=DATE_MESSAGES)
    mg_per_l = forms.CharField(label=_("酒測值（mg/L）"), max_length=10,
                               widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                             "autocomplete": "off"}),
                               error_messages={"required": _("請輸入酒測值。")})
    at_height = forms.BooleanField(label=_("從事高架作業"), required=False)

    def clean_mg_per_l(self):
        text = self.cleaned_data["mg_per_l"].strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 \
                or value != value.quantize(Decimal("0.001")) or value > Decimal("99.999"):
            raise ValidationError(_("酒測值須為0以上、至多小數三位之數值。"), code="invalid")
        return value


# --- registries -----------------------------------------------------------------------------


class HealthStaffingForm(BaseForm):
    establishment = UbnField(label=_("事業單位統一編號"))
    reported_on = forms.DateField(label=_("資料日期"), widget=date_widget(),
                                  error_messages=DATE_MESSAGES)
    special_hazard_workers = forms.IntegerField(label=_("特別危害健康作業人數"), min_value=0,
                                                initial=0, widget=_number_widget(min=0),
                                                error_messages=COUNT_MESSAGES)
    nurses = forms.IntegerField(label=_("護理人員數"), min_value=0, initial=0,
                                widget=_number_widget(min=0), error_messages=COUNT_MESSAGES)
    physicians = forms.IntegerField(label=_("醫師數（含特約）"), min_value=0, initial=0,
                                    widget=_number_widget(min=0), error_messages=COUNT_MESSAGES)


class ConfinedSpaceForm(BaseForm):
    establishment = UbnField(label=_("事業單位統一編號"))
    space_kind = forms.ChoiceField(label=_("場所類別"),
                                   choices=[("", _("請選擇")), *ConfinedSpace.SpaceKind.choices],
                                   error_messages={"required": _("請選擇場所類別。")})
    description = forms.CharField(label=_("說明"), max_length=200, required=False)
    site = SiteChoiceField(label=_("營造工地"), required=False,
                           queryset=ConstructionSite.objects.none(), empty_label=_("（無）"),
                           error_messages={"invalid_choice": _("查無此營造工地。")})
    registered_on = forms.DateField(label=_("列管日期"), widget=date_widget(),
                                    error_messages=DATE_MESSAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = (ConstructionSite.objects.select_related("contractor")
                                        .order_by("name"))


# --- risk-based selection -------------------------------------------------------------------


def _band_choices():
    return [("", _("全部規模")),
            *[(band.key, band.label) for band in core_selectors.HEADCOUNT_BANDS],
            (core_selectors.UNKNOWN_BAND, _("人數不明"))]


class RiskFilterForm(BaseForm):
    """The ranking's filters (GET): invalid values are ignored rather than refused."""

    band = forms.ChoiceField(label=_("規模"), required=False, choices=())
    industry = forms.ChoiceField(label=_("行業"), required=False, choices=())
    district = forms.ChoiceField(label=_("行政區"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = _band_choices()
        self.fields["industry"].choices = [
            ("", _("全部行業")),
            *[(i.code, f"{i.code} {i.name}") for i in Industry.objects.order_by("code")]]
        self.fields["district"].choices = [
            ("", _("全部行政區")),
            *[(d.code, d.name) for d in core_selectors.city_districts()]]

    def values(self) -> dict:
        if self.is_valid():
            return {k: self.cleaned_data.get(k) or "" for k in ("band", "industry", "district")}
        return {"band": "", "industry": "", "district": ""}


class RiskAddForm(RiskFilterForm):
    """Add the top of the (filtered) ranking to a project's target list."""

    project = ProjectChoiceField(label=_("加入專案"), queryset=InspectionProject.objects.none(),
                                 empty_label=_("請選擇"),
                                 error_messages={"required": _("請選擇專案。"),
                                                 "invalid_choice": _("查無此專案。")})
    top = forms.IntegerField(label=_("排名前幾家"), min_value=1, max_value=1000, initial=50,
                             widget=_number_widget(min=1, max=1000),
                             error_messages={"required": _("請輸入家數。"),
                                             "invalid": _("請輸入整數。"),
                                             "min_value": _("家數至少為 1。"),
                                             "max_value": _("一次最多加入 1,000 家。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("band", "industry", "district"):
            self.fields[name].widget = forms.HiddenInput()
        self.fields["project"].queryset = (InspectionProject.objects
                                           .filter(year__gte=timezone.localdate().year - 1)
                                           .order_by("-year", "name"))


# --- the public list ------------------------------------------------------------------------


class PenalisedSearchForm(BaseForm):
    q = forms.CharField(label=_("事業單位名稱或統一編號"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))

    def query(self) -> str:
        if self.is_valid():
            return (self.cleaned_data.get("q") or "").strip()
        return ""

