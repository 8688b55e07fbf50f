from django.urls import include, path

app_name = "core"

# Each included module adds its names to the "core" namespace.
urlpatterns = [
    path("imports/", include("labor.core.urls_imports")),
    path("", include("labor.core.urls_workspace")),
]
