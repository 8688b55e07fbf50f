from django.urls import path

from labor.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("search/", views.search_page, name="search"),
    path("establishments/<str:ubn>/", views.establishment, name="establishment"),
    # Persons by their row id: a personal ID never appears in a URL, a log line or a referrer.
    path("persons/<int:pk>/", views.person, name="person"),
    path("cases/<str:number>/", views.case, name="case"),
]
