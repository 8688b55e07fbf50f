from django.urls import path

from labor.disputes import views

app_name = "disputes"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.counter_entry, name="new"),
    path("lawyers/", views.lawyers, name="lawyers"),
    path("lawyers/<str:kind>/", views.lawyers_action, name="lawyers_action"),
    path("<str:number>/", views.case_page, name="case"),
    path("<str:number>/record.<str:ext>", views.mediation_record, name="record"),
    path("<str:number>/meetings/<int:meeting_id>/notice/<int:party_id>.<str:ext>",
         views.meeting_notice, name="meeting_notice"),
    path("<str:number>/<str:action>/", views.case_action, name="action"),
]
