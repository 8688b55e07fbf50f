"""What every line's forms share: no label colon (zh-Hant labels end without one), the date
input browsers render as a date picker, and a service's ValidationError put on the form."""

from django import forms
from django.core.exceptions import ValidationError


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form, exc: ValidationError, aliases=None) -> None:
    """Put a service's ValidationError on ``form``: each key on the visible field of that name
    (or the field ``aliases`` maps it to), anything else — the version of a stale edit, a
    hidden field, a key the form does not have — at the top of the form."""
    aliases = aliases or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            field = aliases.get(key, key)
            if field not in form.fields or field == "version" or form.fields[field].widget \
                    .is_hidden:
                field = None
            form.add_error(field, ValidationError(errors))
    else:
        form.add_error(None, ValidationError(exc.messages))
