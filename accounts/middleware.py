"""The language of every page: the signed-in user's choice, else the visitor's language cookie,
else French. The browser's Accept-Language is not used: Tremplin is French first."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

AVAILABLE = {code for code, _ in settings.LANGUAGES}


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.language:
            language = user.language
        if language not in AVAILABLE:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
