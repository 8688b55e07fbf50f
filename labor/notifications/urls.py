from django.urls import path

from labor.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.home, name="home"),
    path("work/", views.notification_list, name="list"),
    path("work/new/", views.notification_new, name="new"),
    path("work/<int:pk>/", views.notification_detail, name="detail"),
    path("work/<int:pk>/supervise/", views.notification_supervise, name="supervise"),
    path("unreported/", views.unreported, name="unreported"),
    path("film/", views.film, name="film"),
    path("film/<int:pk>/", views.film_detail, name="film_detail"),
    path("film/<int:pk>/supervise/", views.film_supervise, name="film_supervise"),
    path("reduced-hours/", views.reduced_hours, name="reduced_hours"),
    path("warnings/", views.warnings_page, name="warnings"),
    path("warnings/<int:pk>/", views.warning_list, name="warning_list"),
    path("warnings/<int:pk>/letters.<str:ext>", views.warning_letters, name="warning_letters"),
    path("warnings/<int:pk>/mark-sent/", views.warning_letters_mark_sent,
         name="warning_letters_mark_sent"),
    path("warnings/entries/<int:pk>/letter.<str:ext>", views.warning_letter,
         name="warning_letter"),
    path("warnings/entries/<int:pk>/<str:action>/", views.warning_entry_action,
         name="warning_entry_action"),
]
