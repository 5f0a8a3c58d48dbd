from django.urls import path

from . import views
from .home import ConventionsBehindView, HomeTrendView
from .map.page import MapView

app_name = "reporting"

urlpatterns = [
    # Beside the lead pipeline it follows, at the address it always had.
    path("partenariat/entonnoir/", views.FunnelView.as_view(), name="funnel"),
    path("tableaux-de-bord/", views.DashboardIndexView.as_view(), name="dashboard-index"),
    path(
        "tableaux-de-bord/national/",
        views.NationalDashboardView.as_view(),
        name="dashboard-national",
    ),
    path(
        "tableaux-de-bord/regions/<str:code>/",
        views.RegionDashboardView.as_view(),
        name="dashboard-region",
    ),
    path(
        "tableaux-de-bord/departements/<str:code>/",
        views.DepartmentDashboardView.as_view(),
        name="dashboard-department",
    ),
    path(
        "tableaux-de-bord/programmes/<slug:code>/",
        views.ProgrammeDashboardView.as_view(),
        name="dashboard-programme",
    ),
    path(
        "tableaux-de-bord/actions/<int:pk>/",
        views.ActionDashboardView.as_view(),
        name="dashboard-action",
    ),
    path(
        "tableaux-de-bord/entreprises/",
        views.CompanyDashboardView.as_view(),
        name="dashboard-companies",
    ),
    path("tableaux-de-bord/mon-perimetre/", HomeTrendView.as_view(), name="home-trend"),
    path("indicateurs/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicateurs/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("tableaux-de-bord/carte/", MapView.as_view(), name="map"),
    path(
        "conventions/objectifs-en-retard/",
        ConventionsBehindView.as_view(),
        name="conventions-behind",
    ),
]
