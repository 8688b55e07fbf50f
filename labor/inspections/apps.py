from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "labor.inspections"
    label = "inspections"
    verbose_name = "勞動檢查"
