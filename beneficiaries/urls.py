from django.urls import path

from . import views
from .imports import views as imports

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
    path("imports/", imports.ImportListView.as_view(), name="import-list"),
    path("imports/nouveau/", imports.ImportCreateView.as_view(), name="import-create"),
    path("imports/modele.xlsx", imports.ImportTemplateView.as_view(), name="import-template"),
    path("imports/aide/", imports.ImportHelpView.as_view(), name="import-help"),
    path("imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/colonnes/", imports.ImportMappingView.as_view(), name="import-mapping"),
    path("imports/<int:pk>/importer/", imports.ImportConfirmView.as_view(), name="import-confirm"),
    path("suivis/", views.FollowUpListView.as_view(), name="followup-list"),
    path("suivis/<int:pk>/", views.FollowUpRecordView.as_view(), name="followup-record"),
]
