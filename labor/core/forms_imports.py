"""Forms of the import page: upload a file for a preview, then confirm it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labor.core.imports.kinds import all_kinds
from labor.core.imports.services import max_bytes, upload_read


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("資料類別"))
    file = forms.FileField(label=_("檔案"))

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.name, kind.label) for kind in all_kinds() if kind.can_import(user)
        ]
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["file"].help_text = _(
            "CSV（UTF-8，可含 BOM）或 Excel（.xlsx），上限 %(mb)s MB；第 1 列為欄名。"
        ) % {"mb": f"{max_bytes() / 1024 / 1024:g}"}

    def clean(self):
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if kind and upload:
            try:
                fmt, data, table = upload_read(upload=upload, kind=kind)
            except ValidationError as exc:
                self.add_error(None, exc)
            else:
                cleaned.update(format=fmt, content=data, table=table)
        return cleaned


class ImportConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("略過有錯誤的列，只匯入正確的列"), required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
