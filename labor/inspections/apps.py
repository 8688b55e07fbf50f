from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "labor.inspections"
    label = "inspections"
    verbose_name = "勞動檢查"

    def ready(self):
        from labor.core import lines

        lines.register(lines.Line(code="inspections", prefix="INS", label="勞動檢查",
                                  label_en="Labor inspections"))
