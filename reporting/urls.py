from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    # Beside the lead pipeline it follows, at the address it always had.
    path("partenariat/entonnoir/", views.FunnelView.as_view(), name="funnel"),
]
