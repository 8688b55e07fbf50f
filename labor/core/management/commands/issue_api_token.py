"""manage.py issue_api_token USERNAME NAME: issue an integration token and print it once.

Only the token goes to standard output (so that a script can capture it); everything said to
the person running the command goes to standard error.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labor.core import services
from labor.core.api import VIEW_ESTABLISHMENT
from labor.core.models import ApiToken


class Command(BaseCommand):
    help = "為整合系統發出 API 金鑰，金鑰只顯示這一次（資料庫只存雜湊值）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="金鑰所屬的使用者帳號；API 依此帳號的權限回應。")
        parser.add_argument("name", help="金鑰名稱，說明用途，例如「勞保局介接」。")

    def handle(self, *args, username, name, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(_("查無使用者「%(username)s」。") % {"username": username}) from None
        if not user.is_active:
            raise CommandError(
                _("使用者「%(username)s」已停用，不能發出金鑰。") % {"username": username}
            )
        name = name.strip()
        max_length = ApiToken._meta.get_field("name").max_length
        if not name or len(name) > max_length:
            raise CommandError(
                _("金鑰名稱須為 1 至 %(max)s 個字。") % {"max": max_length}
            )
        try:
            token, raw = services.api_token_issue(user=user, name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        self.stdout.write(raw)
        self.stderr.write(
            _("已為「%(username)s」發出金鑰「%(name)s」（開頭 %(prefix)s）。"
              "金鑰只顯示這一次，請妥善保存；呼叫 API 時以 Authorization: Bearer <金鑰> 標頭傳送。")
            % {"username": username, "name": name, "prefix": token.prefix}
        )
        if not user.has_perm(VIEW_ESTABLISHMENT):
            self.stderr.write(
                _("注意：此使用者沒有 %(perm)s 權限，查詢事業單位時會得到 403。")
                % {"perm": VIEW_ESTABLISHMENT}
            )
