from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "labor.disputes"
    label = "disputes"
    verbose_name = "勞資爭議"

    def ready(self):
        from labor.core import lines

        lines.register(lines.Line(code="disputes", prefix="DSP", label="勞資爭議調解",
                                  label_en="Labor dispute mediation"))
        lines.register(lines.Line(code="migrant_disputes", prefix="MDC", label="移工勞資爭議協調",
                                  label_en="Migrant-worker dispute coordination"))
