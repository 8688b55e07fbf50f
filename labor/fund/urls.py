"""The fund's staff pages for litigation subsidies (/fund/); the ledger is urls_ledger.py
(/fund/ledger/), the citizens' application urls_public.py (/online/fund/)."""

from django.urls import path

from labor.fund import views

app_name = "fund"

# Actions on an application, each its own URL name (fund:return, fund:approve, ...).
_ACTION_PATHS = [
    path(f"applications/<str:number>/{action}/", views.action, {"action": action}, name=action)
    for action in views.ACTIONS
]

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/new/", views.new, name="new"),
    path("recovery/", views.recovery_book, name="recovery"),
    path("notices/<int:pk>.<str:fmt>", views.notice_document, name="notice_document"),
    # One application (case numbers look like 112-LRF-000001)
    path("applications/<str:number>/", views.application_page, name="application"),
    path("applications/<str:number>/letter.<str:fmt>", views.letter, name="letter"),
    *_ACTION_PATHS,
]
