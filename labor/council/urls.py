from django.urls import path

from labor.council import views

app_name = "council"
urlpatterns = [
    path("<str:period>/", views.workspace, name="workspace"),
    path("<str:period>/download/<str:fmt>/", views.download, name="download"),
]
