from django.urls import path

from labor.employment import views_public

app_name = "jobs"
urlpatterns = [
    path("", views_public.search, name="search"),
    path("<int:pk>/", views_public.vacancy, name="vacancy"),
]
