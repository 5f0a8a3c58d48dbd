from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation-list"),
    path("nouvelle/", views.OrganisationCreateView.as_view(), name="organisation-create"),
    path("choix/", views.OrganisationChoicesView.as_view(), name="organisation-choices"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("<int:pk>/modifier/", views.OrganisationUpdateView.as_view(), name="organisation-update"),
    path("<int:pk>/contacts/nouveau/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/modifier/", views.ContactUpdateView.as_view(), name="contact-update"),
]
