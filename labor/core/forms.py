"""Forms of the workspace shell: login (with lockout) and the global search box."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labor.core import search
from labor.core.login import login_attempt_record, login_lockout_state


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a
    # trusted proxy rewrites it, and the proxy set-up is a deployment decision.
    return request.META.get("REMOTE_ADDR") if request is not None else None


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username that has failed too often (labor.core.login)."""

    error_messages = {
        "invalid_login": gettext_lazy(
            "帳號或密碼不正確（英文字母大小寫視為不同）。"
        ),
        "inactive": gettext_lazy("此帳號已停用，請洽系統管理者。"),
        "locked": gettext_lazy(
            "登入失敗次數過多，此帳號已暫停登入。請於 %(until)s 後再試"
            "（約 %(minutes)s 分鐘）。如忘記密碼，請洽系統管理者。"
        ),
        "remaining": gettext_lazy("再失敗 %(remaining)s 次，帳號將暫停登入 %(window)s 分鐘。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = gettext_lazy("帳號")
        self.fields["password"].label = gettext_lazy("密碼")
        self.fields["username"].widget.attrs.update(autocapitalize="none", spellcheck="false")

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or password is None:
            return self.cleaned_data  # the field errors say what is missing
        state = login_lockout_state(username=username)
        if state.locked:
            raise self._locked_error(state.locked_until)
        try:
            super().clean()
        except forms.ValidationError:
            login_attempt_record(
                username=username, succeeded=False, ip_address=client_ip(self.request)
            )
            state = login_lockout_state(username=username)
            if state.locked:
                raise self._locked_error(state.locked_until) from None
            remaining = self.error_messages["remaining"] % {
                "remaining": state.remaining,
                "window": settings.LOGIN_LOCKOUT_MINUTES,
            }
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        self.error_messages["invalid_login"], code="invalid_login"
                    ),
                    forms.ValidationError(remaining, code="remaining"),
                ]
            ) from None
        login_attempt_record(username=username, succeeded=True, ip_address=client_ip(self.request))
        return self.cleaned_data

    def _locked_error(self, until):
        minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
        return forms.ValidationError(
            self.error_messages["locked"],
            code="locked",
            params={"until": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes},
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("查詢"),
        # No max_length here: the shape check in clean_q gives the clearer message.
        required=False,
        widget=forms.SearchInput(
            attrs={"autocomplete": "off", "spellcheck": "false",
                   "maxlength": search.MAX_QUERY_LENGTH}
        ),
        help_text=gettext_lazy("統一編號、身分證字號、案號（如 112-GEN-000001）或名稱"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_q(self):
        query = self.cleaned_data.get("q", "")
        if message := search.shape_error(query):
            raise forms.ValidationError(message, code="bad_query")
        return query

    def search(self, *, user) -> search.SearchOutcome:
        return search.global_search(user=user, query=self.cleaned_data["q"])


def lockout_hint() -> str:
    return _("連續登入失敗 %(max)s 次，帳號將暫停登入 %(minutes)s 分鐘。") % {
        "max": settings.LOGIN_MAX_FAILURES,
        "minutes": settings.LOGIN_LOCKOUT_MINUTES,
    }
