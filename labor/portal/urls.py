from django.urls import path

from labor.portal import views, views_employers, views_jobs

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
    # Job seekers register online and follow their referrals; employers post vacancies and
    # see the seekers referred to them (the public job bank is labor.employment.urls_public).
    path("seekers/", views_jobs.seeker_mine, name="seeker_mine"),
    path("seekers/register/", views_jobs.seeker_register, name="seeker_register"),
    path("employers/vacancies/", views_jobs.my_vacancies, name="employer_vacancies"),
    path("employers/vacancies/new/", views_jobs.vacancy_new, name="employer_vacancy_new"),
    path("employers/vacancies/<int:pk>/", views_jobs.vacancy_detail, name="employer_vacancy"),
]
