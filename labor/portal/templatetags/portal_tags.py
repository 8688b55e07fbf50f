"""Template helpers of the public pages."""

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def bureau_name() -> str:
    """The bureau's official name (臺北市政府勞動局 for Taipei), as its documents print it."""
    try:
        from labor.core.documents import issuing_office

        return issuing_office()
    except (ImportError, ImproperlyConfigured):
        return _("勞動局")
