from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "labor.employment"
    label = "employment"
    verbose_name = "就業服務"

    def ready(self):
        from labor.core import lines

        # Case management of priority-group job seekers (個案管理) is a case of its own.
        lines.register(lines.Line(code="employment_cases", prefix="EMC", label="就業個案管理",
                                  label_en="Employment case management"))
