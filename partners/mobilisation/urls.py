from django.urls import path

from . import views

app_name = "mobilisation"

urlpatterns = [
    path("", views.MobilisationActionListView.as_view(), name="action-list"),
    path("nouvelle/", views.MobilisationActionCreateView.as_view(), name="action-create"),
    path(
        "organisations/choix/",
        views.InvolvedOrganisationChoicesView.as_view(),
        name="organisation-choices",
    ),
    path("<int:pk>/", views.MobilisationActionDetailView.as_view(), name="action-detail"),
    path(
        "<int:pk>/modifier/",
        views.MobilisationActionUpdateView.as_view(),
        name="action-update",
    ),
    path("calendrier/", views.MobilisationCalendarView.as_view(), name="calendar"),
    path(
        "calendrier/<int:year>/<int:month>/",
        views.MobilisationCalendarView.as_view(),
        name="calendar",
    ),
    path(
        "organisations/<int:pk>/interactions/",
        views.InteractionListView.as_view(),
        name="interaction-list",
    ),
    path(
        "organisations/<int:pk>/interactions/nouvelle/",
        views.InteractionCreateView.as_view(),
        name="interaction-create",
    ),
    path(
        "interactions/<int:pk>/modifier/",
        views.InteractionUpdateView.as_view(),
        name="interaction-update",
    ),
]
