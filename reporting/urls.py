from django.urls import path

from . import views
from .home import ConventionsBehindView
from .map.page import MapView

app_name = "reporting"

urlpatterns = [
    # Beside the lead pipeline it follows, at the address it always had.
    path("partenariat/entonnoir/", views.FunnelView.as_view(), name="funnel"),
    path("tableaux-de-bord/carte/", MapView.as_view(), name="map"),
    path(
        "conventions/objectifs-en-retard/",
        ConventionsBehindView.as_view(),
        name="conventions-behind",
    ),
]
