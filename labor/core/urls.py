from django.urls import path

from labor.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]
