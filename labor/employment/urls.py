from django.urls import path

from labor.employment import views

app_name = "employment"
urlpatterns = [
    path("", views.home, name="home"),
    # Job seekers (求職登記)
    path("seekers/", views.seeker_list, name="seekers"),
    path("seekers/new/", views.seeker_new, name="seeker_new"),
    path("seekers/<int:pk>/", views.seeker_page, name="seeker"),
    path("seekers/<int:pk>/edit/", views.seeker_edit, name="seeker_edit"),
    path("seekers/<int:pk>/matches/", views.match_seeker, name="match_seeker"),
    path("seekers/<int:pk>/<str:action>/", views.seeker_action, name="seeker_action"),
    # Vacancies (求才登記)
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("vacancies/new/", views.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/", views.vacancy_page, name="vacancy"),
    path("vacancies/<int:pk>/matches/", views.match_vacancy, name="match_vacancy"),
    path("vacancies/<int:pk>/<str:action>/", views.vacancy_action, name="vacancy_action"),
    # Referrals (推介) and their outcomes
    path("refer/", views.refer, name="refer"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<int:pk>/", views.referral_page, name="referral"),
]
