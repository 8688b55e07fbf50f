"""Who is calling the API: integration tokens (Authorization: Bearer) or a staff session.

Tokens are core.ApiToken rows holding only the SHA-256 digest of the clear text, which is shown
once when labor.core.services.api_token_issue creates it. Authentication says who the caller
is (401 when nobody); ``require_permission`` then says whether they may (403).
"""

import datetime as dt
import hashlib

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from labor.core.models import ApiToken

# last_used_at is for spotting tokens nobody uses any more; minute precision is plenty and
# spares the database a write on every request.
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_touch(*, token: ApiToken, now: dt.datetime | None = None) -> bool:
    """Stamp the token as used, at most once per TOKEN_TOUCH_INTERVAL. True when stamped.

    The condition is repeated in the UPDATE so that concurrent requests stamp it once.
    """
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOKEN_TOUCH_INTERVAL)
    stamped = ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    if stamped:
        token.last_used_at = now
    return bool(stamped)


def invalid_token_error() -> AuthenticationError:
    return AuthenticationError(message=_("API 金鑰無效、已撤銷，或其使用者已停用。"))


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token's user, or a 401."""

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token:
            raise invalid_token_error()
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token))
            .first()
        )
        # A bad token is refused outright rather than falling through to the session: a
        # caller that sent a token meant to be judged by it.
        if row is None or row.revoked_at is not None or not row.user.is_active:
            raise invalid_token_error()
        api_token_touch(token=row)
        request.api_token = row
        return row.user


class StaffSessionAuth(SessionAuth):
    """A logged-in user's session, for reading only (so that no CSRF token is ever needed).

    Lets the workspace's own pages and the docs page call the API; what the user may see is
    still decided by ``require_permission``.
    """

    def authenticate(self, request: HttpRequest, key):
        if request.method not in SAFE_METHODS:
            return None
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


def require_permission(request: HttpRequest, perm: str, message: str) -> None:
    """Refuse (403, ``message``) a caller whose user lacks ``perm``."""
    user = request.auth
    if not user.has_perm(perm):
        raise AuthorizationError(message=message)
