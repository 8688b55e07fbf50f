"""The public job bank's own counters (台北人力銀行, table 4).

Page views are counted by the platform itself: one row per day and kind of page, incremented
atomically (``PageViewDay.hit``). The table's other figures need no counter of their own:
new employers are employer accounts created (labor.portal.models.EmployerAccount.created_at),
new resumes are online job-seeker registrations (JobSeeker channel "online", registered_on),
new vacancies are online postings (Vacancy channel "online", posted_on).
"""

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    SEARCH = "search", _("職缺搜尋")
    VACANCY = "vacancy", _("職缺頁")


class PageViewDay(models.Model):
    """Views of the job bank's pages of one kind on one day (Taipei date)."""

    day = models.DateField(_("日期"))
    kind = models.CharField(_("頁面"), max_length=16, choices=PageKind.choices)
    count = models.PositiveBigIntegerField(_("瀏覽次數"), default=0)

    class Meta:
        verbose_name = _("人力銀行瀏覽次數")
        verbose_name_plural = _("人力銀行瀏覽次數")
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="page_view_day_once"),
        ]

    @classmethod
    def hit(cls, kind: str, day: dt.date, n: int = 1) -> None:
        """Add ``n`` views: one UPDATE ... SET count = count + n (no read-modify-write), the row
        created by the day's first view; two first views at once both count."""
        if cls.objects.filter(day=day, kind=kind).update(count=F("count") + n):
            return
        try:
            with transaction.atomic():
                cls.objects.create(day=day, kind=kind, count=n)
                return
        except IntegrityError:
            pass
        cls.objects.filter(day=day, kind=kind).update(count=F("count") + n)
