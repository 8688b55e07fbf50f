"""The fund's ledger pages, mounted at /fund/ledger/ (labor/urls.py)."""

from django.urls import path

from labor.fund import views_ledger as views

app_name = "fund_ledger"
urlpatterns = [
    path("", views.journal, name="journal"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/reverse/", views.reverse, name="reverse"),
    path("accounts/", views.accounts, name="accounts"),
    path("statements/<str:period>/", views.statement, name="statement"),
]
