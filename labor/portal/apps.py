from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "labor.portal"
    label = "portal"
    verbose_name = "線上服務"
