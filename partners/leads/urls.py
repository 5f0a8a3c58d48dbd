from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("", views.InterestFormView.as_view(), name="interest-form"),
    path("merci/", views.InterestThanksView.as_view(), name="interest-thanks"),
    path("pistes/", views.LeadListView.as_view(), name="lead-list"),
    path("pistes/<int:pk>/", views.LeadDetailView.as_view(), name="lead-detail"),
    path("pistes/<int:pk>/suivi/", views.LeadUpdateView.as_view(), name="lead-update"),
]
