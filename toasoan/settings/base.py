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
    "toasoan.editorial",
    "toasoan.search",
    "toasoan.comments",
    "toasoan.delivery",
    "toasoan.analytics",
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

# --- editorial ---
# The editorial desk (toasoan.editorial, docs/editorial.md): publishing on the minute, dates in
# the admin, review workflow notifications.
MIDDLEWARE = [
    *MIDDLEWARE,
    "toasoan.editorial.middleware.AdminLanguageMiddleware",  # after LocaleMiddleware
]
EDITORIAL_WORKER_INTERVAL = env_int(
    "EDITORIAL_WORKER_INTERVAL", 30, help="Seconds between the publishing worker's looks for new schedules"
)
EDITORIAL_SAFETY_NET_SECONDS = env_int(
    "EDITORIAL_SAFETY_NET_SECONDS",
    60,
    help="Seconds between a web process's own looks for due schedules when the worker is down; 0 = off",
)
EDITORIAL_LOCK_ON_EDIT = env_bool("EDITORIAL_LOCK_ON_EDIT", True, help="Lock a page while someone edits it")
EDITORIAL_EDIT_LOCK_RELEASE_SECONDS = 60
# Day-first dates and the 24-hour clock in the admin's date pickers; Hanoi time for every user.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
# The pickers write day-first dates in English too: read them back day first (9 May is never meant).
FORMAT_MODULE_PATH = [*FORMAT_MODULE_PATH, "toasoan.editorial.formats"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "toasoan@localhost", help="Sender of workflow notifications and other e-mails"
)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Django 6.1's MAILERS: SMTP when EMAIL_HOST is set, else e-mails are printed on the console.
_EMAIL_HOST = env_str(
    "EMAIL_HOST", help="SMTP server for notifications; empty = print e-mails on the console"
)
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend"
        if _EMAIL_HOST
        else "django.core.mail.backends.console.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 587, help="SMTP port"),
            "username": env_str("EMAIL_HOST_USER", help="SMTP user name"),
            "password": env_str("EMAIL_HOST_PASSWORD", help="SMTP password"),
            "use_tls": env_bool("EMAIL_USE_TLS", True, help="STARTTLS to the SMTP server"),
            "timeout": 10,
        }
        if _EMAIL_HOST
        else {},
    }
}
# Review e-mails go to the section's editors and the managing editors, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# --- delivery & analytics ---
# Page cache, cache headers and purges (toasoan.delivery, docs/caching.md); view counts and
# most-read lists (toasoan.analytics); PostgreSQL pooling and Redis sessions (docs/scaling.md).
from toasoan.delivery.frontend import frontend_cache_settings, with_pool  # noqa: E402

# The publishing safety net runs before any cached page is answered: a due article must not
# wait behind a cache hit when the worker is down.
MIDDLEWARE = [
    "toasoan.editorial.middleware.ScheduledPublishingMiddleware",
    "toasoan.delivery.middleware.DeliveryMiddleware",
    *MIDDLEWARE,
]
PAGE_CACHE_ENABLED = env_bool(
    "PAGE_CACHE", False, help="Keep anonymous pages in the page cache (on by default in production)"
)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, help="Seconds a page stays cached unpurged")
PAGE_CACHE_LOCAL_MS = env_int(
    "PAGE_CACHE_LOCAL_MS", 500, help="Milliseconds a worker reuses a page without asking the shared cache"
)
PAGE_CACHE_LOCAL_ENTRIES = 500  # pages each worker keeps in memory (level 1)
PAGE_CACHE_KEY_PREFIX = "pc1"
PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/", "/documents/", "/binh-luan/", "/luot-xem/", "/tim-kiem", "/static/", "/media/",
)  # fmt: skip
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 300, help="s-maxage: seconds a CDN or proxy may keep a public page")
BROWSER_MAX_AGE = env_int("BROWSER_MAX_AGE", 5, help="max-age: seconds a browser may reuse a public page")
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pages",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
DB_POOL = env_bool("DB_POOL", False, help="psycopg pool for PostgreSQL (on by default in production)")
DB_POOL_SIZE = env_int("DB_POOL_SIZE", 8, help="Most PostgreSQL connections one worker process keeps")
if DB_POOL:
    DATABASES["default"] = with_pool(DATABASES["default"], DB_POOL_SIZE)
WAGTAILFRONTENDCACHE = frontend_cache_settings(
    nginx_url=env_str("FRONTEND_CACHE_NGINX_URL", help="Our nginx with the cache-purge module (PURGE)"),
    http_url=env_str("FRONTEND_CACHE_HTTP_URL", help="PURGE endpoint of Varnish or nginx with cache-purge"),
    cloudflare_zone_id=env_str("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", help="Cloudflare zone to purge"),
    cloudflare_token=env_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN", help="Cloudflare API token allowed to purge"),
    cloudfront_distribution_id=env_str(
        "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", help="CloudFront distribution to purge (needs boto3)"
    ),
    hostnames=env_list("FRONTEND_CACHE_HOSTNAMES", help="Host names the purges apply to; empty = all"),
)
FRONTEND_CACHE_LIST_PAGES = env_int(
    "FRONTEND_CACHE_LIST_PAGES", 3, help="Pages of a section list purged from a CDN (?trang=2…)"
)
VIEW_FLUSH_SECONDS = env_int(
    "VIEW_FLUSH_SECONDS", 10, help="Seconds between flushes of buffered view counts; 0 = command only"
)
VIEW_DEDUPE_SECONDS = 30 * 60  # one view per reader and article in this window
VIEW_COUNTER = "redis" if REDIS_URL else "local"  # where views wait for the flush
VIEW_KEY_PREFIX = "views1"
