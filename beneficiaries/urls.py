from django.urls import path

from . import duplicate_views, views

app_name = "beneficiaries"

urlpatterns = [
    path("", views.BeneficiaryListView.as_view(), name="beneficiary-list"),
    path("nouveau/", views.BeneficiaryCreateView.as_view(), name="beneficiary-create"),
    path("<int:pk>/", views.BeneficiaryDetailView.as_view(), name="beneficiary-detail"),
    path("<int:pk>/modifier/", views.BeneficiaryUpdateView.as_view(), name="beneficiary-update"),
    path("<int:pk>/inscrire/", views.EnrolmentCreateView.as_view(), name="enrolment-create"),
    path("<int:pk>/etapes/<slug:kind>/", views.StepCreateView.as_view(), name="step-create"),
    path("inscriptions/<int:pk>/", views.EnrolmentDetailView.as_view(), name="enrolment-detail"),
    path(
        "inscriptions/<int:pk>/entree/",
        views.EnrolmentEnterView.as_view(),
        name="enrolment-enter",
    ),
    path(
        "inscriptions/<int:pk>/sortie/",
        views.EnrolmentCloseView.as_view(),
        name="enrolment-close",
    ),
    path(
        "inscriptions/<int:pk>/abandon/",
        views.EnrolmentAbandonView.as_view(),
        name="enrolment-abandon",
    ),
    path("suivis/", views.FollowUpListView.as_view(), name="followup-list"),
    path("doublons/", duplicate_views.DuplicateListView.as_view(), name="duplicate-list"),
    path(
        "doublons/<int:pk>/",
        duplicate_views.DuplicateDetailView.as_view(),
        name="duplicate-detail",
    ),
    path(
        "doublons/<int:pk>/differentes/",
        duplicate_views.DuplicateDifferentView.as_view(),
        name="duplicate-different",
    ),
    path("suivis/<int:pk>/", views.FollowUpRecordView.as_view(), name="followup-record"),
]
