from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labor.core.services import api_token_revoke


class Command(BaseCommand):
    help = "撤銷 API 金鑰：給金鑰的前 8 個字元。"

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="金鑰的前 8 個字元。")

    def handle(self, *args, prefix, **options):
        if len(prefix) < 8:
            raise CommandError(_("請給金鑰的前 8 個字元。"))
        revoked = api_token_revoke(prefix=prefix)
        if not revoked:
            raise CommandError(_("查無以「%(prefix)s」開頭且仍有效的金鑰。") % {"prefix": prefix})
        for token in revoked:
            self.stdout.write(
                _("已撤銷金鑰「%(name)s」（%(user)s）。") % {"name": token.name, "user": token.user}
            )
