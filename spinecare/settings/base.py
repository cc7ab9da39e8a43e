"""Settings that are always true; dev, test and prod change only what differs."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# No default: each of dev.py, test.py and prod.py says where its key comes from.
SECRET_KEY = env("SECRET_KEY", default=None)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "spinecare.accounts.apps.StaffAdminConfig",  # Django admin, with staff sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "spinecare.accounts",
    "spinecare.pages",
    "spinecare.review",
    "spinecare.feedback",
]

MIDDLEWARE = [
    # First, so static files and every other response carry its headers too.
    "spinecare.pages.middleware.permissions_policy",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzips what the page cache does not serve; its hits arrive already compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Before sessions and auth: a cached public page costs one cache read.
    "spinecare.pages.cache.PageCacheMiddleware",
    "spinecare.pages.middleware.content_security_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "spinecare.accounts.middleware.end_sessions_past_their_age",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spinecare.urls"
WSGI_APPLICATION = "spinecare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spinecare.pages.clinic.context",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so two saves at the same
    # instant run one after the other (the second is then refused as stale) rather
    # than one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )
# Seconds a worker keeps its database connection (0: a new one for each request);
# checked before reuse, so a restarted database is reconnected without a restart.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds rendered public pages and the content version they are keyed on
# (spinecare/pages/cache.py). Redis when REDIS_URL is set, shared by every app
# server; otherwise this process's memory, which is enough for one `make run`.
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "spinecare.pages.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering slows a page by a second, not a minute.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Three encodings of every page of a site of a few thousand pages.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "spinecare.accounts.validators.NotTheSiteNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The clinic that runs the site: its name, the emergency number (911 for patients in
# the United States), its cancer team's urgent line and hours, and a contact address.
# Pages never hold a number: they show these, as tap-to-call links.
CLINIC = {
    "name": env("CLINIC_NAME", default="SpineCare"),
    "emergency_number": env("EMERGENCY_NUMBER", default="911"),
    "cancer_team_phone": env("CANCER_TEAM_PHONE", default=""),
    "cancer_team_hours": env("CANCER_TEAM_HOURS", default=""),
    "contact_email": env("CONTACT_EMAIL", default=""),
    # For thoughts of suicide: the United States' national line by default.
    "crisis_line": env("CRISIS_LINE", default="988"),
    "crisis_line_name": env(
        "CRISIS_LINE_NAME", default="988 Suicide and Crisis Lifeline"
    ),
}

# The sign-off: a page is reviewed again at least this often (a reviewer may choose
# sooner); reminders link to admin at SITE_URL and come from DEFAULT_FROM_EMAIL.
REVIEW_INTERVAL_MONTHS = env.int("REVIEW_INTERVAL_MONTHS", default=36)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="spinecare@localhost")
# EMAIL_URL like smtp+tls://user:password@smtp.example.org:587 (django-environ).
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))

CONTENT_DIR = env.path("CONTENT_DIR", default=BASE_DIR / "content")

# Staff preview what patients will see: one sanitizing renderer for both.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "spinecare.pages.rendering.markdownify"
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
# Raster images only, checked by content in pages.forms.RasterImageForm; no SVG.
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_SVG_JAVASCRIPT_PROTECTION = True

# Staff sessions last a working day and renew as they work, so a long edit is not
# lost to an expired login.
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_SAVE_EVERY_REQUEST = True
# However busy, a sign-in ends this many seconds after it began (spinecare.accounts).
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=60 * 60 * 12)

# Staff sign-in (spinecare.accounts). django-axes: 10 wrong passwords in a row for
# one account from one address lock that account, from that address only, for the
# cool-off; other accounts from the same address (a clinic's shared one) still sign
# in. Staff who may delete "access attempts" in admin unlock an account early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "spinecare.accounts.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "spinecare.addresses.client_ip"
# How many proxies in front of gunicorn append to X-Forwarded-For (0: none, the
# connection's own address counts). Set it only if each of them really does.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Two-factor sign-in (django-otp, TOTP): any staff member can switch it on in admin;
# when required, no one signs in to admin without a code (on in prod.py).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = CLINIC["name"]

# Limits that keep a bad file or picture from tying up a worker. The largest page is
# 12 KB; at 256 KB the slowest page Python-Markdown can be given renders in seconds.
CONTENT_MAX_FILE_BYTES = env.int("CONTENT_MAX_FILE_BYTES", default=256 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
