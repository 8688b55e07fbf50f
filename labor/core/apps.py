from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "labor.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from labor.core import checks  # noqa: F401  (registers system checks)
