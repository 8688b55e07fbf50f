from django.urls import path

from labor.core import views_imports

urlpatterns = [
    path("", views_imports.imports, name="imports"),
    path("<int:pk>/", views_imports.import_batch, name="import_batch"),
    path("<int:pk>/status/", views_imports.import_batch_status, name="import_batch_status"),
    path("<int:pk>/confirm/", views_imports.import_confirm, name="import_confirm"),
    path("<int:pk>/errors.csv", views_imports.import_batch_errors, name="import_batch_errors"),
    path("export/<str:kind>.<str:fmt>", views_imports.records_export_download,
         name="records_export"),
]
