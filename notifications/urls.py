from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification-list"),
    path("<int:pk>/", views.NotificationOpenView.as_view(), name="notification-open"),
    path("<int:pk>/lue/", views.NotificationReadView.as_view(), name="notification-read"),
    path("tout-lu/", views.NotificationReadAllView.as_view(), name="notification-read-all"),
    path("cloche/", views.BellView.as_view(), name="bell"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("desabonnement/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("courriels-en-echec/", views.FailedMessageListView.as_view(), name="failed-message-list"),
]
