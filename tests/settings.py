"""Test overrides, kept small: everything else is the real env-driven settings."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from scheduler.settings import *  # noqa: F403
from scheduler.settings import STORAGES

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Pages render without a collectstatic run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Hashing demo and factory passwords fast; the real hasher is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# WhiteNoise serves from the app folders (finders) in tests; no collected tree.
STATIC_ROOT = None


# Feeds answer from the database at once; tests/events/calendar/test_views.py checks the
# delay itself.
CALENDAR_FEED_FRESHNESS_SECONDS = 0

# Client.login() in tests has no request, which django-axes refuses; see tests/axes_backend.py.
AUTHENTICATION_BACKENDS = [
    "tests.axes_backend.AxesBackendAllowingClientLogin",
    "django.contrib.auth.backends.ModelBackend",
]
