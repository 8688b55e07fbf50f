from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "labor.stats"
    label = "stats"
    verbose_name = "統計"
