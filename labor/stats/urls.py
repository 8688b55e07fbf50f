from django.urls import path

from labor.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/export.<str:fmt>", views.export, name="export"),
    path("<str:code>/chart/<str:kind>.<str:fmt>", views.chart, name="chart"),
]

# Report runs (labor/stats/views_runs.py). Put first: "runs/" would otherwise be taken for an
# indicator code by the "<str:code>/" pattern above.
from labor.stats import views_runs  # noqa: E402

urlpatterns = [
    path("runs/", views_runs.run_list, name="runs"),
    path("runs/<int:pk>/", views_runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/approve/", views_runs.run_approve, name="run_approve"),
    path("runs/<int:pk>/publish/", views_runs.run_publish, name="run_publish"),
    path("runs/<int:a>/diff/<int:b>/", views_runs.run_diff, name="run_diff"),
    *urlpatterns,
]
