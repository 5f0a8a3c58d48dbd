from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("mon-compte/", views.AccountView.as_view(), name="account"),
    path("mon-compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password-change"),
    path("langue/", views.set_language_view, name="set-language"),
    path("utilisateurs/", views.UserListView.as_view(), name="user-list"),
    path("utilisateurs/inviter/", views.InvitationCreateView.as_view(), name="user-invite"),
    path("utilisateurs/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path(
        "utilisateurs/<int:pk>/reinviter/",
        views.InvitationResendView.as_view(),
        name="user-reinvite",
    ),
    path(
        "utilisateurs/<int:pk>/desactiver/",
        views.UserActivationView.as_view(activate=False),
        name="user-deactivate",
    ),
    path(
        "utilisateurs/<int:pk>/reactiver/",
        views.UserActivationView.as_view(activate=True),
        name="user-reactivate",
    ),
    path(
        "utilisateurs/<int:pk>/roles/nouveau/",
        views.MembershipCreateView.as_view(),
        name="membership-create",
    ),
    path(
        "utilisateurs/<int:user_pk>/roles/<int:pk>/supprimer/",
        views.MembershipDeleteView.as_view(),
        name="membership-delete",
    ),
]
