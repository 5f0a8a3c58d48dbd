from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
]
