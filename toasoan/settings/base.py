"""Settings shared by every environment; values come from the environment via `env`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(
    env_str(
        "TOASOAN_VAR_DIR", str(BASE_DIR / "var"), help="Folder for the SQLite file, media and other state"
    )
)

SECRET_KEY = env_str("SECRET_KEY", help="Django's secret key; required in production")
DEBUG = env_bool("DEBUG", False, help="Django debug mode; never on in production")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost"], help="Comma-separated host names served"
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", help="Comma-separated origins (https://…) trusted for POST"
)

INSTALLED_APPS = [
    "toasoan.vntext",
    "toasoan.sections",
    "toasoan.articles",
    "toasoan.importer",
    "toasoan.discovery",
    "toasoan.comments",
    "captcha",
    "toasoan.demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "toasoan.urls"
WSGI_APPLICATION = "toasoan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toasoan.sections.context_processors.site_navigation",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://…) switches engines.
DATABASE_URL = env_str(
    "DATABASE_URL", help="postgres://user:pass@host:5432/name; empty = SQLite in TOASOAN_VAR_DIR"
)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, help="Seconds a PostgreSQL connection is reused"),
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "toasoan.sqlite3",
            # WAL + IMMEDIATE: readers never block on the one writer, writers queue instead of failing.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", help="redis://host:6379/0; empty = per-process memory cache")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["toasoan.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static"), help="Where collectstatic writes"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media"), help="Uploaded images and documents"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SITE_NAME = env_str(
    "SITE_NAME", "Cổng thông tin điện tử Tòa Soạn", help="The portal's name, shown in the header and feeds"
)
SITE_DESCRIPTION = env_str(
    "SITE_DESCRIPTION",
    "Tin tức, sự kiện và thông tin chỉ đạo điều hành",
    help="One line about the portal, for feeds and meta",
)
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env_str(
    "BASE_URL", "http://127.0.0.1:8000", help="Public base URL, used in feeds, sitemaps and e-mails"
)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "webp", "avif": "avif"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING", help="Root log level")},
}

# --- comments ---
# Readers' comments (toasoan.comments, docs/comments.md): captcha, spam layers, personal data.
CAPTCHA_CHALLENGE_FUNCT = "toasoan.comments.services.captcha.numeric_challenge"
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 30  # minutes a code stays valid
CAPTCHA_FONT_SIZE = 32
CAPTCHA_IMAGE_SIZE = (160, 56)  # fixed, so the form does not jump when a new code loads
CAPTCHA_2X_IMAGE = False  # django-simple-captcha's 2x image ignores a fixed size
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_FOREGROUND_COLOR = "#0b2e5c"
# Our own name for it: django-simple-captcha's CAPTCHA_TEST_MODE is read once at import and
# warns; a system check (comments.E001) refuses this one whenever DEBUG is off.
COMMENTS_CAPTCHA_TEST_MODE = env_bool(
    "CAPTCHA_TEST_MODE",
    False,
    help="Comment captcha accepts PASSED; automated tests only, never with DEBUG off",
)
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT",
    0,
    help="Reverse proxies in front of the app; the reader's IP is read from X-Forwarded-For",
)
COMMENTS_RATE_LIMIT_SECONDS = env_int(
    "COMMENTS_RATE_LIMIT_SECONDS", 15, help="Seconds between two comments from one reader; 0 = no limit"
)
COMMENTS_RATE_LIMIT_PER_HOUR = env_int(
    "COMMENTS_RATE_LIMIT_PER_HOUR", 5, help="Comments per hour from one reader; 0 = no limit"
)
COMMENTS_PHONE_RETENTION_DAYS = env_int(
    "COMMENTS_PHONE_RETENTION_DAYS",
    90,
    help="Days a reader's phone number is kept after the moderation decision",
)
COMMENTS_IP_RETENTION_DAYS = env_int(
    "COMMENTS_IP_RETENTION_DAYS", 30, help="Days the hash of a reader's IP and the user agent are kept"
)
COMMENTS_PRIVACY_CONTACT = env_str(
    "COMMENTS_PRIVACY_CONTACT", help="Where readers send requests about their personal data (e-mail, address)"
)
COMMENTS_FORM_MIN_SECONDS = 3  # a form sent sooner after it was shown is refused
COMMENTS_FORM_MAX_SECONDS = 2 * 3600  # … and so is one sent later than this
COMMENTS_MAX_LINKS = 2  # more links than this: held as likely spam
COMMENTS_ESPEAK_NG = "espeak-ng"  # program for the spoken code; no audio when it is missing
