from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    # Beside the lead pipeline it follows, at the address it always had.
    path("partenariat/entonnoir/", views.FunnelView.as_view(), name="funnel"),
    path("indicateurs/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicateurs/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
]
