from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "labor.fund"
    label = "fund"
    verbose_name = "勞工權益基金"
