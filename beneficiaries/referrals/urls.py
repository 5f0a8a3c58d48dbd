"""Included by `beneficiaries.urls`: the names are in its namespace (`beneficiaries:referral-…`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/orienter/", views.ReferralCreateView.as_view(), name="referral-create"),
    path(
        "orientations/actions/",
        views.ReferralActionChoicesView.as_view(),
        name="referral-action-choices",
    ),
    path(
        "orientations/recues/",
        views.ReferralListView.as_view(),
        {"box": "recues"},
        name="referral-list",
    ),
    path(
        "orientations/envoyees/",
        views.ReferralListView.as_view(),
        {"box": "envoyees"},
        name="referral-sent-list",
    ),
    path("orientations/<int:pk>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path(
        "orientations/<int:pk>/accepter/",
        views.ReferralAcceptView.as_view(),
        name="referral-accept",
    ),
    path(
        "orientations/<int:pk>/refuser/",
        views.ReferralDeclineView.as_view(),
        name="referral-decline",
    ),
    path(
        "orientations/<int:pk>/retirer/",
        views.ReferralWithdrawView.as_view(),
        name="referral-withdraw",
    ),
]
