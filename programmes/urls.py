from django.urls import path

from . import views
from .models import Action, TerritorialContract

app_name = "programmes"

# The fixed words come before "<slug:code>/", which would take them for programme codes
# (the programme form refuses them as codes).
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("nouveau/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("actions/nouvelle/", views.ActionCreateView.as_view(), name="action-create"),
    path("actions/operateurs/", views.OperatorChoicesView.as_view(), name="operator-choices"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/modifier/", views.ActionUpdateView.as_view(), name="action-update"),
    path(
        "actions/<int:pk>/objectifs/nouveau/",
        views.TargetCreateView.as_view(parent_model=Action),
        name="target-create-for-action",
    ),
    path("ctai/", views.ContractListView.as_view(), name="contract-list"),
    path("ctai/nouveau/", views.ContractCreateView.as_view(), name="contract-create"),
    path("ctai/<int:pk>/", views.ContractDetailView.as_view(), name="contract-detail"),
    path("ctai/<int:pk>/modifier/", views.ContractUpdateView.as_view(), name="contract-update"),
    path(
        "ctai/<int:pk>/objectifs/nouveau/",
        views.TargetCreateView.as_view(parent_model=TerritorialContract),
        name="target-create-for-contract",
    ),
    path("objectifs/<int:pk>/modifier/", views.TargetUpdateView.as_view(), name="target-update"),
    path("objectifs/<int:pk>/supprimer/", views.TargetDeleteView.as_view(), name="target-delete"),
    path("agir/", views.AgirRolloutView.as_view(), name="agir-rollout"),
    path("<slug:code>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<slug:code>/modifier/", views.ProgrammeUpdateView.as_view(), name="programme-update"),
]
