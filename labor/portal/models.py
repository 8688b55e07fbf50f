"""Tables of the public online services.

EmployerAccount: a portal account that files notifications for an establishment (事業單位帳號).

Decision (issue 5): without the company certificate (工商憑證) or another signature the bureau
cannot prove that the person who signs up acts for the company whose 統一編號 they type. The
統一編號 is checked (valid, in the registry, not closed) but it proves nothing about the
person. So an employer account sees **only the notifications it filed itself**
(labor.notifications.selectors.employer_notifications), never another account's filings for
the same company and never those typed in at the counter: anyone who knows a company's
統一編號 could otherwise read where and when its risky work takes place. Several accounts may
name one establishment (a site manager each); each sees its own filings.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labor.core.models import Establishment


class EmployerAccount(models.Model):
    """The establishment a public account files for, and who to call about it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_account",
    )
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("事業單位"), on_delete=models.PROTECT,
        related_name="employer_accounts",
    )
    contact_name = models.CharField(_("聯絡人"), max_length=100)
    phone = models.CharField(_("聯絡電話"), max_length=32)
    created_at = models.DateTimeField(_("註冊時間"), default=timezone.now)

    class Meta:
        verbose_name = _("事業單位帳號")
        verbose_name_plural = _("事業單位帳號")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.establishment} {self.contact_name}"
