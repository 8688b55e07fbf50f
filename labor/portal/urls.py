from django.urls import path

from labor.portal import views, views_employers

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
    # Employers: account, online notification of notifiable work and of reduced hours.
    path("employers/", views_employers.employers_home, name="employers"),
    path("employers/signup/", views_employers.employer_signup, name="employer_signup"),
    path("employers/login/", views_employers.EmployerLoginView.as_view(),
         name="employer_login"),
    path("employers/notifications/", views_employers.my_notifications,
         name="employer_notifications"),
    path("employers/notifications/new/", views_employers.notify, name="employer_notify"),
    path("employers/notifications/<int:pk>/", views_employers.notification_detail,
         name="employer_notification"),
    path("employers/notifications/<int:pk>/filed/", views_employers.notification_filed,
         name="employer_notification_filed"),
    path("employers/reduced-hours/new/", views_employers.reduced_hours,
         name="employer_reduced_hours"),
]
