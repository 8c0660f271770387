"""Settings for the Open je Ogen scheduler, driven by the environment.

With no environment at all this runs the *embedded default*: SQLite, a Celery
broker on the filesystem and e-mail written to files, everything under
``var/``. Setting ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switches to the
real stack (PostgreSQL and Redis). ``.env.example`` lists every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# An empty value (as an env file may give) means unset, not the working directory.
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")


def env_str(name: str, default: str = "") -> str:
    """A string from the environment; ``NAME_FILE`` (a path) wins, for secrets."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# Signs sessions, CSRF tokens and the links in e-mails: never a value anyone else
# knows. SECRET_KEY or SECRET_KEY_FILE; else the random key `make run` writes once
# to var/secret-key (mode 600), so the embedded default starts on a fresh machine
# without a key that was ever published. Only DEBUG runs without any.
SECRET_KEY = env_str("SECRET_KEY") or (
    (VAR_DIR / "secret-key").read_text().strip() if (VAR_DIR / "secret-key").is_file() else ""
)
# Keys that were once written in this repository; a deployment must not use them.
PUBLISHED_SECRET_KEYS = {
    "change-me-in-production",
    "embedded-default-insecure-key-do-not-use-in-production",
}
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "debug-only-insecure-key"
elif not SECRET_KEY or SECRET_KEY in PUBLISHED_SECRET_KEYS:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set or is a published example: set SECRET_KEY or SECRET_KEY_FILE "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
        "`make run` makes var/secret-key for the embedded default."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Absolute base for links in e-mails and calendar feeds (no trailing slash).
# A deployment sets SITE_URL. Without it (development), the address follows HOST
# and PORT, which `make run` hands to web, worker and beat alike, so that every
# link (pages, feeds, e-mails) points at the server that is actually running:
# `PORT=8010 make run` links to :8010. A bind-all or loopback HOST is "localhost".
_DEV_HOST = os.environ.get("HOST", "").strip()
# Compared with, never bound to (bandit's B104 reads any "0.0.0.0" as a bind).
if _DEV_HOST in {"", "127.0.0.1", "0.0.0.0", "::", "::1", "[::]", "[::1]"}:  # nosec B104
    _DEV_HOST = "localhost"
_DEV_PORT = env_int("PORT", 8000)
SITE_URL = (env_str("SITE_URL") or f"http://{_DEV_HOST}:{_DEV_PORT}").rstrip("/")
# The domain in every calendar UID (stop-12@DOMAIN). Never change it once feeds
# are out: calendars would show every event twice. Defaults to SITE_URL's host.
CALENDAR_UID_DOMAIN = env_str("CALENDAR_UID_DOMAIN", urlsplit(SITE_URL).hostname or "localhost")
# Bytes of built calendar feeds each web process keeps in memory.
CALENDAR_FEED_CACHE_BYTES = env_int("CALENDAR_FEED_CACHE_BYTES", 64 * 1024 * 1024)
# Seconds a feed's ETag is trusted without asking the database again (0: always ask).
CALENDAR_FEED_FRESHNESS_SECONDS = env_int("CALENDAR_FEED_FRESHNESS_SECONDS", 10)
# ORGANIZER (CN "CoMensha") of every calendar event: a functional address people
# may write to about an event, never a person's. Empty: DEFAULT_FROM_EMAIL's address.
CALENDAR_ORGANIZER_EMAIL = env_str("CALENDAR_ORGANIZER_EMAIL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "scheduler",
    "accounts",
    "venues",
    "events",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scheduler.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "scheduler.wsgi.application"

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # Web, worker and beat share this file: wait for a lock instead of
            # failing at once, and let readers go on while one process writes.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "admin:login"

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute force on the sign-in (README "Security"): after AXES_FAILURE_LIMIT wrong
# passwords for one username from one address, that pair is refused, even with the
# right password, for AXES_COOLOFF_MINUTES. Per pair, not per username: else anyone
# could lock an organiser out from anywhere; not per address alone: colleagues at
# one office share an address. The attempts are rows in the database (shared by
# every web process), listed in the back office.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Only the failed attempts that count towards a lockout are kept (and dropped after
# the cool-off); no log of every successful sign-in with its address and browser.
AXES_DISABLE_ACCESS_LOG = True
# The same client address as the registration form's limit and the API throttles.
AXES_CLIENT_IP_CALLABLE = "accounts.client.sign_in_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_COOLOFF_MESSAGE = _("Too many failed sign-ins. Try again later.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# Ours first (makemessages writes there); then Dutch for third-party apps that ship
# none (django-axes's back office pages), kept apart so makemessages never drops it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "thirdparty"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve straight from the apps when collectstatic has not run (embedded default, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

# --- Cache (the registration rate limit and the API throttles count here) -----
# Embedded default: per-process memory. With several web processes set
# CACHE_URL to Redis, so that every process counts the same attempts.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "openjeogen",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- E-mail -----------------------------------------------------------------
# Embedded default: one .eml file per message in var/mail/ (notifications/mailfiles.py).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "notifications.mailfiles.EmlFileBackend")
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH") or VAR_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Open je Ogen <noreply@openjeogen.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
# Embedded default: kombu's filesystem transport, so worker and beat run as
# real separate processes without any server. Results (only the health ping
# keeps one) go to files as well.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if CELERY_BROKER_URL:
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        # Longer than any task may run; reminders are rows, never ETA tasks.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
        # Exchange tables; kombu's default is ./control in the working directory.
        "control_folder": str(_control_dir),
    }
    CELERY_RESULT_BACKEND = env_str(
        "CELERY_RESULT_BACKEND", f"file://{VAR_DIR / 'celery' / 'results'}"
    )
    # The filesystem transport and result backend expect their folders to exist.
    for _folder in (_queue_dir, _processed_dir, _control_dir, VAR_DIR / "celery" / "results"):
        _folder.mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")

# --- REST API -----------------------------------------------------------------
# README "API" describes the endpoints, tokens, throttling and the error format.
# Throttle counts live in the cache (see "Cache" above): set CACHE_URL to Redis
# when several web processes serve the API, or each process counts on its own.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # Token first: its "WWW-Authenticate: Token" makes a missing login a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "events.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["events.api.permissions.ReadOnlyUnlessOrganiser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.PageNumberPagination",
    "EXCEPTION_HANDLER": "events.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # Anonymous registrations per client address.
        "registration": env_str("API_REGISTRATION_RATE", "30/hour"),
        # Look-ups of a registration by its secret token (GET and DELETE) per address.
        "registration_token": env_str("API_TOKEN_LOOKUP_RATE", "120/hour"),
    },
    # Proxies in front of the web process whose X-Forwarded-For is trusted when
    # telling clients apart; 0 uses the connecting address, which cannot be forged.
    # One setting tells the form's rate limit and the API's throttles the same.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Wrong organiser API keys per client address; past it every key from that address
# is refused (429) until the window is over (README "Security").
API_TOKEN_FAILURE_RATE = env_str("API_TOKEN_FAILURE_RATE", "20/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "Open je Ogen scheduler API",
    "DESCRIPTION": (
        "Tour stops, venues, expert meetings and registrations of CoMensha's "
        "'Open je Ogen' exhibition and expert meetings.\n\n"
        "**Reading** is open to anyone: public rows only; drafts and private series "
        "are 404 unless you organise them. **Writing** needs an organiser's session "
        "(with the X-CSRFToken header) or `Authorization: Token <key>` "
        "(`manage.py api_token <username>`). Anyone may register for a meeting.\n\n"
        "**Errors** are always `{detail, code, errors}`; `errors` holds messages per "
        "field. Texts follow `Accept-Language` (nl, en). Anonymous registrations and "
        "look-ups by registration token are throttled (429 with Retry-After)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StopStatusEnum": "events.models.StopStatus",
        "MeetingStatusEnum": "events.models.MeetingStatus",
        "RegistrationStatusEnum": "events.models.RegistrationStatus",
        "SeriesKindEnum": "events.models.SeriesKind",
        "VenueKindEnum": "venues.models.VenueKind",
        "ProvinceEnum": "venues.models.Province",
        "SectorEnum": "events.models.Sector",
        "LanguageEnum": "events.models.MeetingLanguage",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.api.schema.add_error_responses",
    ],
}

# --- Security (real deployments run behind TLS) -------------------------------
# Every switch below defaults on when SITE_URL is https (a real deployment) and off
# otherwise (make run, tests); each can be set alone. README "Security".
SERVED_OVER_HTTPS = SITE_URL.startswith("https://")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SERVED_OVER_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SERVED_OVER_HTTPS)
# Load balancers and the compose healthcheck ask over plain HTTP and do not follow
# a redirect: /healthz answers them as it is.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A year: what the browsers' preload list asks for. Start lower on a first deployment.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SERVED_OVER_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SERVED_OVER_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SERVED_OVER_HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): scripts, styles, images
# and fonts from this site only, and no inline code or style attribute anywhere, so
# an injected <script> or onclick does nothing. Pages put behaviour in static files
# (scheduler/static/js/site.js); the API docs use drf-spectacular's split view,
# whose script is a file too. The one exception is the e-mail preview in the
# back office: its own narrower policy (notifications/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI and the admin draw a few icons as data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Product settings ---------------------------------------------------------
# Days after a meeting at which its registrations lose their personal data.
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 180)
# Registration attempts (form posts) one client may make per window, against bots.
# Generous: colleagues of one hospital or town hall share an address.
REGISTRATION_RATE_LIMIT = env_int("REGISTRATION_RATE_LIMIT", 20)
REGISTRATION_RATE_WINDOW = env_int("REGISTRATION_RATE_WINDOW", 600)
# Registration attempts one client may make for one meeting per day (form and API),
# so that one address cannot take every seat; organisers add more people by hand.
REGISTRATION_PER_MEETING_LIMIT = env_int("REGISTRATION_PER_MEETING_LIMIT", 5)
# E-mails of one kind (confirmation, cancellation...) one address gets per hour at
# most; more are recorded as not sent, so the site cannot flood someone's inbox.
NOTIFICATIONS_PER_ADDRESS_PER_HOUR = env_int("NOTIFICATIONS_PER_ADDRESS_PER_HOUR", 3)
# Proxies in front of the site that append to X-Forwarded-For (0: use the
# connecting address). Only count proxies you run: the header is forgeable.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Notifications (the outbox; see notifications/delivery.py) -----------------
# Rows the dispatcher hands to the worker per transaction, and per send task
# (one claim, one read and one mail connection for them; each row is marked sent alone).
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 500)
NOTIFICATIONS_SEND_BATCH = env_int("NOTIFICATIONS_SEND_BATCH", 20)
# Attempts before a message is marked failed; temporary errors wait
# RETRY_BACKOFF * 2^(attempt-1) seconds, at most RETRY_BACKOFF_MAX, in between.
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 5)
NOTIFICATIONS_RETRY_BACKOFF = env_int("NOTIFICATIONS_RETRY_BACKOFF", 60)
NOTIFICATIONS_RETRY_BACKOFF_MAX = env_int("NOTIFICATIONS_RETRY_BACKOFF_MAX", 3600)
# A row claimed longer ago than this is taken to belong to a dead worker and
# is sent again: the one window in which a message can go out twice.
NOTIFICATIONS_SENDING_TIMEOUT = env_int("NOTIFICATIONS_SENDING_TIMEOUT", 300)
# A pending row handed to the broker longer ago than this is handed over again
# (its task was lost with a killed worker or a flushed broker).
NOTIFICATIONS_REDISPATCH_AFTER = env_int("NOTIFICATIONS_REDISPATCH_AFTER", 600)
# Hand out a message as soon as the change that queued it commits (seconds), not
# only at the next beat dispatch (every minute, which stays as the safety net).
NOTIFICATIONS_DISPATCH_ON_COMMIT = env_bool("NOTIFICATIONS_DISPATCH_ON_COMMIT", True)
# Sent and cancelled rows are removed from the delivery log after this many days.
NOTIFICATIONS_KEEP_DAYS = env_int("NOTIFICATIONS_KEEP_DAYS", 90)
if NOTIFICATIONS_SENDING_TIMEOUT <= 2 * EMAIL_TIMEOUT:
    # Else a slow but living send would be taken for dead and sent twice.
    raise ImproperlyConfigured("NOTIFICATIONS_SENDING_TIMEOUT must exceed twice EMAIL_TIMEOUT")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tokens in addresses (manage page, private feeds, stop-reminders link) never
    # reach a log line: every handler masks them (scheduler/logfilters.py).
    "filters": {"secret_paths": {"()": "scheduler.logfilters.SecretPathFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        },
        # The development server's request log, as Django writes it, but masked.
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["secret_paths"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}
