"""Forms of the public job services: a job seeker's online registration (線上求職登記) and an
employer's online vacancy (線上求才登記), the same fields as the counter's
(labor.employment.forms) with the portal's dates (ROC or ISO) and look.

The rules (minimum wage, duplicate registration) are the services'
(labor.employment.services); the views put their errors back on these fields.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy

from labor.employment.forms import SeekerFieldsForm, VacancyFieldsForm
from labor.employment.models import Occupation
from labor.portal.forms import PortalFormMixin, RocOrIsoDateField

DATE_HELP = gettext_lazy("例：1980-05-01 或 69/5/1")


class SeekerRegistrationForm(PortalFormMixin, SeekerFieldsForm):
    """求職登記 by the citizen account itself."""

    birth_date = RocOrIsoDateField(
        label=gettext_lazy("出生日期（選填）"), required=False, help_text=DATE_HELP,
        error_messages={"invalid": gettext_lazy("日期格式不正確，例：1980-05-01 或 69/5/1。")})

    field_order = ["id_kind", "id_number", "name", "birth_date", "phone", "email", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].label = gettext_lazy("身分證字號（或統一證號）")
        self.fields["id_number"].help_text = gettext_lazy(
            "同一人同時只能有一筆求職中的登記。事業單位看不到您的證號與地址。")
        # The public picks major or sub-major groups (大類、中類), as checkboxes grouped under
        # each major group (register.html folds each group); a wish covers everything under
        # it (labor.employment.rules.occupation_part). Staff may name minor groups too.
        rows = list(Occupation.objects.filter(code__regex=r"^[0-9]{1,2}$").order_by("code")
                    .only("code", "name"))
        field = self.fields["desired_occupations"]
        field.choices = [(row.code, row.name if len(row.code) > 1
                          else gettext_lazy("%(name)s（全部）") % {"name": row.name})
                         for row in rows]
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.help_text = gettext_lazy("可複選；點選類別展開。不選表示不限職業。")
        self._majors = {row.code: row.name for row in rows if len(row.code) == 1}

    def occupation_groups(self) -> list[dict]:
        """The occupation checkboxes by major group: {label, widgets, chosen}."""
        groups: dict[str, dict] = {}
        for widget in self["desired_occupations"]:
            major = str(widget.data["value"])[:1]
            group = groups.setdefault(major, {"label": self._majors.get(major, major),
                                              "widgets": [], "chosen": 0})
            group["widgets"].append(widget)
            group["chosen"] += bool(widget.data["selected"])
        return list(groups.values())


class VacancyPostForm(PortalFormMixin, VacancyFieldsForm):
    """求才登記 by an employer account for its establishment; staff verify it before it is
    public."""

    # A resent form (double click, back and send again) posts once: the view remembers the
    # keys this session used (labor.portal.views_jobs).
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    valid_until = RocOrIsoDateField(
        label=gettext_lazy("有效期限"),
        help_text=gettext_lazy("到期後不再公開，也不再推介。例：2023-07-31 或 112/7/31"),
        error_messages={"required": gettext_lazy("請填寫有效期限。"),
                        "invalid": gettext_lazy("日期格式不正確，例：2023-07-31 或 112/7/31。")})

    @staticmethod
    def fresh_initial() -> dict:
        return {"submission_key": uuid.uuid4()}
