from django.urls import path

from labor.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/export.<str:fmt>", views.export, name="export"),
    path("<str:code>/chart/<str:kind>.<str:fmt>", views.chart, name="chart"),
]
