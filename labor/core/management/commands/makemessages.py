"""makemessages that also collects strings marked ``_l(...)`` (gettext_lazy) and ``N_(...)``
(gettext_noop), the names the import kinds and the API use; plain makemessages drops them."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l", "--keyword=N_"]
