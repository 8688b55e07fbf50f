"""Staff pages of the employment programmes, mounted at /employment/programmes/ by
labor/urls.py: case management, job fairs and recruitment events, unemployment recognition,
recruitment exams (labor.employment.views_programmes)."""

from django.urls import path

from labor.employment import views_programmes as views

app_name = "employment_programmes"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/follow-ups/", views.follow_ups, name="follow_ups"),
    path("cases/<str:number>/", views.case, name="case"),
    path("cases/<str:number>/<slug:action>/", views.case_action, name="case_action"),
    path("events/", views.events, name="events"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/employers/", views.event_employer, name="event_employer"),
    path("events/<int:pk>/employers/<int:employer_pk>/jobs/", views.event_job,
         name="event_job"),
    path("events/<int:pk>/applicants/", views.event_applicant, name="event_applicant"),
    path("unemployment/", views.claims, name="claims"),
    path("unemployment/new/", views.claim_new, name="claim_new"),
    path("unemployment/<int:pk>/", views.claim, name="claim"),
    path("unemployment/<int:pk>/<slug:action>/", views.claim_action, name="claim_action"),
    path("exams/", views.exams, name="exams"),
    path("exams/<int:pk>/", views.exam, name="exam"),
    path("exams/<int:pk>/applicants/", views.exam_applicant, name="exam_applicant"),
    path("exams/<int:pk>/applicants/<int:applicant_pk>/result/", views.exam_result,
         name="exam_result"),
]
