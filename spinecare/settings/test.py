"""Tests: fast hashing, plain static storage, the same database choice as dev."""

from .base import *  # noqa: F403
from .base import STORAGES, env

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/spinecare-test-media")
# Serve static files straight from static/ (no collectstatic before a test run).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
# Fictional numbers (555-01xx), so tests can tap them.
CLINIC = {
    "name": "SpineCare Test Clinic",
    "emergency_number": "911",
    "cancer_team_phone": "555-0100",
    "cancer_team_hours": "Monday to Friday, 8 am to 6 pm",
    "contact_email": "spinecare@example.org",
    "crisis_line": "988",
    "crisis_line_name": "988 Suicide and Crisis Lifeline",
}
# This process's memory, even where REDIS_URL is exported: tests that need Redis
# (marked `redis`) say so and point at it themselves.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
