# Stub (the lead wires the URL modules first; the owner replaces this file).
from django.urls import path
from django.views.generic import TemplateView

app_name = "fund"
urlpatterns = [
    path("", TemplateView.as_view(template_name="fund/stub.html"), name="home"),
]
