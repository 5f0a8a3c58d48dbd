"""Tremplin settings, read from the environment (see `.env.example`).

Development defaults are safe and need nothing: SQLite and an embedded Celery broker under
`var/`. `DJANGO_ENV=production` refuses to start without the variables that make it safe.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production"


def refuse(variable, requirement):
    """Production stops at start-up, naming the variable, rather than at the first request."""
    raise ImproperlyConfigured(f"{variable}: {requirement} (DJANGO_ENV=production).")


if PRODUCTION:
    # Set but blank counts as missing: a copied .env.example leaves `SECRET_KEY=`.
    SECRET_KEY = env.str("SECRET_KEY", default="").strip()
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY == DEVELOPMENT_SECRET_KEY
        or SECRET_KEY.startswith("django-insecure-")
    ):
        refuse("SECRET_KEY", "set a random secret of at least 50 characters")
    ALLOWED_HOSTS = [host.strip() for host in env.list("ALLOWED_HOSTS", default=[]) if host.strip()]
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        refuse("ALLOWED_HOSTS", "name the host or hosts served")
    for required in ("DATABASE_URL", "REDIS_URL"):
        if not env.str(required, default="").strip():
            refuse(required, "required")
    if env.bool("DEBUG", default=False):
        refuse("DEBUG", "must be false or unset")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
    DEBUG = env.bool("DEBUG", default=True)

INSTALLED_APPS = [
    # Django's admin, its technical apps grouped last (config.admin).
    "config.apps.TremplinAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "config.apps.TechnicalDsfrConfig",
    "widget_tweaks",
    # After django-dsfr, whose widget and error templates must win.
    "django.forms",
    "crispy_forms",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "config.apps.TechnicalAxesConfig",
    "csp",
    "config.apps.TechnicalBeatConfig",
    "config.apps.TechnicalResultsConfig",
    "health_check",
    "django_ratelimit",
    "phonenumber_field",
    "django_countries",
    # Tremplin
    "accounts",
    "territories",
    "programmes",
    "partners",
    "beneficiaries",
    "reporting",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
            # `{% load tremplin %}`: display helpers shared by every app's templates;
            # `{% load pagination %}`: the window of page links every list shows;
            # `{% load lists %}`: sortable headers and active-filter tags of every list.
            "libraries": {
                "tremplin": "config.templatetags",
                "pagination": "config.pagination",
                "lists": "config.lists",
            },
        },
    },
]
# Widgets and error lists render with django-dsfr's templates (fr-error-text…).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# Rows per page of every list.
PAGE_SIZE = 25
# A filter left empty does not filter: its empty choice reads "All", not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tremplin.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if PRODUCTION:
        refuse("DATABASE_URL", "must point to PostgreSQL, not SQLite")
    # The web process, the worker and beat write side by side: WAL and immediate transactions
    # avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
else:
    # No JIT compilation: page queries take milliseconds, and compiling one whose estimated
    # cost passes jit_above_cost added 100 to 400 ms to it (measured at national volume).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    _redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": _redis_cache, "ratelimit": _redis_cache}
    # Django's own Redis cache increments atomically; django-ratelimit only knows django-redis.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    CACHES = {
        # Shared by the processes of the embedded default.
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        },
        # Rate limits need atomic increments: in memory, right for the single web process of
        # the embedded default (production has Redis).
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "ratelimit"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The beneficiaries' covering sort index (INCLUDE columns) is PostgreSQL's; SQLite keeps the
    # key columns, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
# Behind a reverse proxy, the visitor's address is in a header the proxy sets (for example
# HTTP_X_REAL_IP); without it every visitor shares the proxy's address, its sign-in lockout
# and its rate limit.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
RATELIMIT_IP_META_KEY = CLIENT_IP_HEADER or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (CLIENT_IP_HEADER or "REMOTE_ADDR",)

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.NationalStaffBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Invitation and password-reset links expire after three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
# One account from one address: locking by address alone would shut out a whole préfecture
# behind its proxy, locking by account alone would let anyone lock a colleague out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
# English dates read day first too (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

# Numbers typed without a country code are French; stored as E.164, shown as +33 6 12 34 56 78.
PHONENUMBER_DEFAULT_REGION = "FR"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
if not PRODUCTION:
    # Served from the apps' folders by WhiteNoise's finders; the folder only has to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    WHITENOISE_USE_FINDERS = True
# Signed conventions and other documents that only their readers may download.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
PDF_MAX_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The manifest storage rewrites url() in dsfr.min.css, which breaks its SRI hash.
DSFR_USE_INTEGRITY_CHECKSUMS = False
DSFR_MARK_OPTIONAL_FIELDS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = ["dsfr_crispy"]
CRISPY_TEMPLATE_PACK = "dsfr_crispy"
CRISPY_FAIL_SILENTLY = not DEBUG

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
#: Seconds to wait for the mail server: one that accepts the connection and never answers would
#: otherwise hold the sending task (and its message's row lock) until the task's time limit; the
#: message is then retried like any other SMTP failure (notifications.sending).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Tremplin <ne-pas-repondre@tremplin.test>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people exercise their data-protection rights (shown on the public form and e-mails).
PRIVACY_CONTACT_EMAIL = env.str(
    "PRIVACY_CONTACT_EMAIL", default="donnees-personnelles@tremplin.test"
)
# The legal notice and the personal-data page (config.pages): who answers for the service.
PUBLICATION_DIRECTOR = env.str(
    "PUBLICATION_DIRECTOR",
    default="le délégué interministériel à l'accueil et à l'intégration des réfugiés",
)
PUBLISHER_ADDRESS = env.str("PUBLISHER_ADDRESS", default="")
# Name, address and telephone of the hosting provider; blank: the pages say it is to be set.
HOSTING_PROVIDER = env.str("HOSTING_PROVIDER", default="")
DATA_PROTECTION_OFFICER_EMAIL = env.str("DATA_PROTECTION_OFFICER_EMAIL", default="")
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="accessibilite@tremplin.test"
)
# Absolute links in e-mails sent by the worker, which has no request to build them from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    # Embedded broker: one folder shared by the web process, the worker and beat.
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),
        "polling_interval": 0.2,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Reminders (docs/reminders.md): days a missed sweep is caught up; objective margin in points.
REMINDERS_CATCH_UP_DAYS = env.int("REMINDERS_CATCH_UP_DAYS", default=7)
REMINDERS_OBJECTIVE_MARGIN = env.int("REMINDERS_OBJECTIVE_MARGIN", default=20)

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
