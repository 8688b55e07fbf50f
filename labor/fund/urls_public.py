"""The citizen's pages of the litigation subsidy (/online/fund/)."""

from django.urls import path

from labor.fund import views_public

app_name = "fund_online"
urlpatterns = [
    path("apply/", views_public.apply, name="apply"),
    path("mine/", views_public.mine, name="mine"),
    path("submitted/<str:number>/", views_public.submitted, name="submitted"),
]
