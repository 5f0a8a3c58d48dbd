"""The pages the DSFR and French law require of a public service, open to everyone: the
accessibility statement, the legal notice, the personal-data notice, cookie management and the
site map. Their prose lives in one template per language (`templates/pages/<lang>/`); their
titles are translatable strings shared with the footer and the breadcrumb."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import generic

from accounts.context_processors import menu_items


class LegalPageView(generic.TemplateView):
    """A page of prose: `title` (its h1, breadcrumb and footer link) and `body`, the template
    name under `templates/pages/<language>/`, French when the language has none."""

    template_name = "pages/page.html"
    title = None
    body = None

    def get_context_data(self, **kwargs):
        language = "en" if get_language() == "en" else "fr"
        return super().get_context_data(
            title=self.title,
            body_template=f"pages/{language}/{self.body}",
            legal=legal_settings(),
            **kwargs,
        )


def legal_settings():
    """What the operator of the service sets (see .env.example): a dict of strings, blank when
    unset (the pages then say it is to be completed)."""
    return {
        "publisher_address": settings.PUBLISHER_ADDRESS,
        "publication_director": settings.PUBLICATION_DIRECTOR,
        "host": settings.HOSTING_PROVIDER,
        "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
        "dpo_contact": settings.DATA_PROTECTION_OFFICER_EMAIL or settings.PRIVACY_CONTACT_EMAIL,
        "accessibility_contact": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_days": settings.CSRF_COOKIE_AGE // 86400,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
    }


class SiteMapView(generic.TemplateView):
    """The site map: the signed-in user's menu (the header's, filtered by their permissions),
    then the public pages every visitor may open."""

    template_name = "pages/site_map.html"

    def get_context_data(self, **kwargs):
        public = [(_("Home"), reverse("home"))]
        if not self.request.user.is_authenticated:
            public += [
                (_("Register your interest"), reverse("leads:interest-form")),
                (_("Sign in"), reverse("accounts:login")),
            ]
        else:
            public.append((_("My account"), reverse("accounts:account")))
        public += [(title, reverse(name)) for name, _route, title, _body in LEGAL_PAGES]
        menu = [
            item for item in menu_items(self.request.user) if item.get("url") != reverse("home")
        ]
        return super().get_context_data(
            title=_("Site map"), menu=menu, public_pages=public, **kwargs
        )


# (URL name, route, title, body template)
LEGAL_PAGES = [
    ("accessibility", "accessibilite/", _("Accessibility"), "accessibility.html"),
    ("legal-notice", "mentions-legales/", _("Legal notice"), "legal_notice.html"),
    ("personal-data", "donnees-personnelles/", _("Personal data"), "personal_data.html"),
    ("cookies", "gestion-des-cookies/", _("Cookie management"), "cookies.html"),
]

urlpatterns = [
    path(route, LegalPageView.as_view(title=title, body=body), name=name)
    for name, route, title, body in LEGAL_PAGES
] + [path("plan-du-site/", SiteMapView.as_view(), name="site-map")]
