from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "labor.fund"
    label = "fund"
    verbose_name = "勞工權益基金"

    def ready(self):
        from labor.core import lines

        lines.register(lines.Line(code="fund", prefix="LRF", label="勞工權益基金訴訟補助",
                                  label_en="Labor rights fund litigation subsidies"))
