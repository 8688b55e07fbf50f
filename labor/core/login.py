"""Login lockout: refuse a username after repeated failures within a time window.

Our own small service rather than django-axes: the table we need (core.LoginAttempt) is
already part of the kernel, the rule is one query, no middleware or extra authentication
backend has to wrap the whole site, and the login form can say in zh-Hant exactly when the
account opens again and how many tries are left, which axes' lockout response does not.

The rule: when ``settings.LOGIN_MAX_FAILURES`` failures for one username have happened within
the last ``settings.LOGIN_LOCKOUT_MINUTES`` minutes (and after the last successful login), the
username is refused, even with the right password, until the earliest of those failures is
older than the window. Refused attempts are not counted as failures, so the lock ends when
the window has passed since the failures themselves, as the login page promises.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from labor.core.models import LoginAttempt


def normalise_username(username: str) -> str:
    # Case-folded so that "Officer" and "officer" share one counter: otherwise changing the
    # case of a letter would buy another round of guesses on databases that ignore case.
    return (username or "").strip().casefold()[:150]


@dataclass(frozen=True)
class LockoutState:
    locked_until: dt.datetime | None
    failures: int  # failures counted in the current window
    remaining: int  # tries left before the lock

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_lockout_state(*, username: str, now: dt.datetime | None = None) -> LockoutState:
    """How the username stands: locked (and until when) or how many tries are left."""
    now = now or timezone.now()
    name = normalise_username(username)
    maximum = settings.LOGIN_MAX_FAILURES
    since = now - _window()
    last_success = (
        LoginAttempt.objects.filter(username=name, succeeded=True, at__gt=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = LoginAttempt.objects.filter(username=name, succeeded=False, at__gt=since)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    times = list(failures.order_by("-at").values_list("at", flat=True)[:maximum])
    if maximum > 0 and len(times) >= maximum:
        # The lock lasts until the oldest of the last `maximum` failures leaves the window.
        return LockoutState(locked_until=times[-1] + _window(), failures=len(times), remaining=0)
    return LockoutState(locked_until=None, failures=len(times), remaining=maximum - len(times))


@transaction.atomic
def login_attempt_record(
    *, username: str, succeeded: bool, ip_address: str | None = None,
    at: dt.datetime | None = None,
) -> LoginAttempt:
    """Record one login attempt (for the lockout rule and for audit)."""
    return LoginAttempt.objects.create(
        username=normalise_username(username),
        succeeded=succeeded,
        ip_address=ip_address or None,
        at=at or timezone.now(),
    )
