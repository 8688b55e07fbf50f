from django.urls import path

from labor.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
