from django.urls import path

from . import views

app_name = "conventions"

urlpatterns = [
    path("", views.ConventionListView.as_view(), name="convention-list"),
    path("nouvelle/", views.ConventionCreateView.as_view(), name="convention-create"),
    path("choix/", views.ConventionChoicesView.as_view(), name="convention-choices"),
    path("<int:pk>/", views.ConventionDetailView.as_view(), name="convention-detail"),
    path("<int:pk>/modifier/", views.ConventionUpdateView.as_view(), name="convention-update"),
    path("<int:pk>/document/", views.ConventionDocumentView.as_view(), name="document"),
    path(
        "<int:convention_pk>/avenants/nouveau/",
        views.AmendmentCreateView.as_view(),
        name="amendment-create",
    ),
    path(
        "avenants/<int:pk>/document/",
        views.AmendmentDocumentView.as_view(),
        name="amendment-document",
    ),
    path(
        "<int:convention_pk>/objectifs/nouveau/",
        views.ObjectiveCreateView.as_view(),
        name="objective-create",
    ),
    path(
        "<int:convention_pk>/objectifs/<int:pk>/modifier/",
        views.ObjectiveUpdateView.as_view(),
        name="objective-update",
    ),
    path(
        "<int:convention_pk>/objectifs/<int:pk>/supprimer/",
        views.ObjectiveDeleteView.as_view(),
        name="objective-delete",
    ),
]
