from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "labor.council"
    label = "council"
    verbose_name = "議會工作報告"
