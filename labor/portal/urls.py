from django.urls import path

from labor.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.CitizenLoginView.as_view(), name="login"),
    path("logout/", views.CitizenLogoutView.as_view(), name="logout"),
    path("disputes/", views.my_cases, name="my_cases"),
    path("disputes/apply/", views.apply, name="apply"),
    path("disputes/<str:number>/", views.case_status, name="case"),
    path("disputes/<str:number>/submitted/", views.submitted, name="submitted"),
    path("disputes/<str:number>/record.pdf", views.mediation_record, name="record"),
]
