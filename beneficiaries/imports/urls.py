"""Pages of the imports, in the `beneficiaries` namespace (included by beneficiaries/urls.py
under imports/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ImportListView.as_view(), name="import-list"),
    path("nouveau/", views.ImportCreateView.as_view(), name="import-create"),
    path("modele.xlsx", views.ImportTemplateView.as_view(), name="import-template"),
    path("aide/", views.ImportHelpView.as_view(), name="import-help"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
    path("<int:pk>/colonnes/", views.ImportMappingView.as_view(), name="import-mapping"),
    path("<int:pk>/importer/", views.ImportConfirmView.as_view(), name="import-confirm"),
]
