from django.urls import path

from . import views

app_name = "company"

urlpatterns = [
    path("", views.CompanyHomeView.as_view(), name="home"),
    path("<int:pk>/besoins/", views.NeedsUpdateView.as_view(), name="needs"),
    path("<int:pk>/contacts/nouveau/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/modifier/", views.ContactUpdateView.as_view(), name="contact-update"),
]
