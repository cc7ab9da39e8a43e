"""Local development: debug on, a throwaway key, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Example numbers for trying the site (555-01xx is reserved for fiction); a real
# deployment sets its own, and production refuses to start without them.
CLINIC = {
    **CLINIC,  # noqa: F405
    "cancer_team_phone": env("CANCER_TEAM_PHONE", default="555-0100"),
    "cancer_team_hours": env(
        "CANCER_TEAM_HOURS", default="Monday to Friday, 8 am to 6 pm"
    ),
    "contact_email": env("CONTACT_EMAIL", default="spinecare@example.org"),
}
