from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import HomeView

from .health import TremplinHealthCheckView, checks

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("comptes/", include("accounts.urls")),
    path("organisations/", include("partners.urls")),
    path("programmes/", include("programmes.urls")),
    path("beneficiaires/", include("beneficiaries.urls")),
    path("partenariat/", include("partners.leads.urls")),
    path("conventions/", include("partners.conventions.urls")),
    path("espace-entreprise/", include("partners.company.urls")),
    path("mobilisation/", include("partners.mobilisation.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("reporting.urls")),
    path("", include("config.pages")),
    path("health/", TremplinHealthCheckView.as_view(checks=checks()), name="health"),
    # The admin signs in through Tremplin's own page (lockout, DSFR, same rules).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
]
