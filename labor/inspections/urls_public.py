from django.urls import path

from labor.inspections import views_public

app_name = "penalised"
urlpatterns = [
    path("", views_public.penalised_list, name="list"),
    path("open-data.csv", views_public.penalised_open_data, name="open_data"),
]
