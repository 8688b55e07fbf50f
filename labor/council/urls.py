from django.urls import path

from labor.council import views

app_name = "council"
urlpatterns = [
    path("files/<int:pk>/", views.report_file, name="report_file"),
    path("files/<int:pk>/status/", views.report_file_status, name="report_file_status"),
    path("files/<int:pk>/download/", views.report_file_download,
         name="report_file_download"),
    path("<str:period>/", views.workspace, name="workspace"),
    path("<str:period>/download/<str:fmt>/", views.download, name="download"),
    path("<str:period>/generate/", views.report_generate, name="report_generate"),
]
