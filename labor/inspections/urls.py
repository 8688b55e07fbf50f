from django.urls import path

from labor.inspections import views, views_plans, views_sites

app_name = "inspections"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    # Sites
    path("sites/", views_sites.site_list, name="sites"),
    path("sites/new/", views_sites.site_new, name="site_new"),
    path("sites/<int:pk>/", views_sites.site_page, name="site"),
    path("sites/<int:pk>/edit/", views_sites.site_edit, name="site_edit"),
    path("sites/<int:pk>/<str:action>/", views_sites.site_action, name="site_action"),
    # Plans, projects, risk-based selection
    path("plans/", views_plans.plans, name="plans"),
    path("projects/<int:pk>/", views_plans.project_page, name="project"),
    path("risk/", views_plans.risk, name="risk"),
    path("risk.csv", views_plans.risk_csv, name="risk_csv"),
    path("risk/add/", views_plans.risk_add, name="risk_add"),
    # Registries
    path("registries/health-staffing/", views_plans.health_staffing, name="health_staffing"),
    path("registries/confined-spaces/", views_plans.confined_spaces, name="confined_spaces"),
    # One inspection (case numbers look like 112-INS-000001)
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/penalties/<int:penalty_id>/letter.<str:ext>", views.penalty_letter,
         name="penalty_letter"),
    path("<str:number>/<str:action>/", views.action, name="action"),
]
