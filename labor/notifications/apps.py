from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "labor.notifications"
    label = "notifications"
    verbose_name = "事業單位通報"
