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

# Made here, with the process's umask, before anything else can: Django's file cache would create it
# owner-only (umask 077), and nginx, another user, could then read nothing beneath it.
VAR_DIR.mkdir(parents=True, exist_ok=True)

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
    "toasoan.legal",
    "toasoan.links",
    "toasoan.organisation",
    "toasoan.questions",
    "toasoan.compliance",
    "toasoan.nukeviet",
    "toasoan.portals",
    "captcha",
    "toasoan.demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
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
    # Every query of a page is short (a list of 20, a sitemap file), but the lists' view-restriction
    # subqueries inflate the planner's estimates past jit_above_cost: PostgreSQL then spends 30–80 ms
    # compiling a 5 ms query (docs/performance.md, "Deep archive pages"). The searches' functions
    # turn JIT off the same way (docs/search.md). An `options` in DATABASE_URL wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
else:
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
# English pages (docs/english.md): translations live in their own tree under /en/; Vietnamese
# URLs keep no prefix and the admin stays Vietnamese (editorial's AdminLanguageMiddleware).
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

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
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "odt", "pdf", "rtf", "txt", "xls", "xlsx", "zip"]
LEGAL_ATTACHMENT_MAX_BYTES = env_int(
    "LEGAL_ATTACHMENT_MAX_BYTES",
    50 * 1024 * 1024,
    help="Largest file attached to a legal document (toasoan.legal), in bytes",
)
DOCUMENTS_ACCEL_PREFIX = env_str(
    "DOCUMENTS_ACCEL_PREFIX",
    "",
    help="nginx's internal location for document files (make serve: /_tai-lieu/); empty = the app sends them",
)
if DOCUMENTS_ACCEL_PREFIX:
    SENDFILE_BACKEND = "toasoan.delivery.sendfile"

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
COMMENTS_CAPTCHA_PER_HOUR = env_int(
    "COMMENTS_CAPTCHA_PER_HOUR", 30, help="Captcha codes one reader may draw per hour; 0 = no limit"
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

# --- questions ---
# Citizens' questions and answers (toasoan.questions, docs/questions.md).
QUESTIONS_ANSWER_WORKING_DAYS = env_int(
    "QUESTIONS_ANSWER_WORKING_DAYS",
    10,
    help="Working days (Monday to Friday) the agency sets itself to answer a question",
)
QUESTIONS_RATE_LIMIT_PER_HOUR = env_int(
    "QUESTIONS_RATE_LIMIT_PER_HOUR", 3, help="Questions per hour from one reader; 0 = no limit"
)
QUESTIONS_CONTACT_RETENTION_DAYS = env_int(
    "QUESTIONS_CONTACT_RETENTION_DAYS",
    90,
    help="Days the asker's e-mail, phone, address and attachment are kept after the answer or refusal",
)
QUESTIONS_ATTACHMENT_MAX_BYTES = env_int(
    "QUESTIONS_ATTACHMENT_MAX_BYTES",
    10 * 1024 * 1024,
    help="Largest file a reader may attach to a question (PDF, DOCX, JPEG, PNG), in bytes",
)
# Never under MEDIA_ROOT: nothing serves this folder; staff download files through the admin.
QUESTIONS_PRIVATE_ROOT = VAR_DIR / "private" / "hoi-dap"

# --- editorial ---
# The editorial desk (toasoan.editorial, docs/editorial.md): publishing on the minute, dates in
# the admin, review workflow notifications.
# Its middleware (the admin's language, the publishing safety net) is placed in the full
# MIDDLEWARE list of the hardening block below.
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

# DeliveryMiddleware is placed in the full MIDDLEWARE list of the hardening block below.
PAGE_CACHE_ENABLED = env_bool(
    "PAGE_CACHE", False, help="Keep anonymous pages in the page cache (on by default in production)"
)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, help="Seconds a page stays cached unpurged")
PAGE_CACHE_LOCAL_MS = env_int(
    "PAGE_CACHE_LOCAL_MS", 500, help="Milliseconds a worker reuses a page without asking the shared cache"
)
BAKED_PAGES_DIR = env_str(
    "BAKED_PAGES_DIR",
    "",
    help="Folder of baked pages nginx serves as files (production: var/baked; empty = off)",
)
PAGE_CACHE_LOCAL_ENTRIES = 500  # pages each worker keeps in memory (level 1)
PAGE_CACHE_KEY_PREFIX = "pc2"  # pc2: entries carry the time they were stored
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

# --- hardening: accounts and headers ---
# Who may enter the admin and what a browser may do with our pages (toasoan.accounts,
# docs/security.md): login lockout, two-factor, editor sessions, Content Security Policy and the
# other security headers. Production adds HTTPS-only cookies and HSTS (production.py).
from datetime import timedelta  # noqa: E402

from django.utils.csp import CSP  # noqa: E402

INSTALLED_APPS = [
    "toasoan.accounts",  # before wagtail.admin: its templates and login come first
    *INSTALLED_APPS,
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]
# Axes first: it refuses a locked (username, IP) before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE = [
    # Before any cached page is answered: a due article must not wait behind a cache hit when
    # the publishing worker is down (docs/editorial.md).
    "toasoan.editorial.middleware.ScheduledPublishingMiddleware",
    # Stores and replays whole responses, headers included (docs/caching.md).
    "toasoan.delivery.middleware.DeliveryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Django's CSP: SECURE_CSP everywhere, with a fresh nonce per request when a page uses one.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside the CSP middleware: picks the admin's policy for /admin/ before the header is built,
    # and adds Permissions-Policy.
    "toasoan.accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends editor sessions idle for 30 minutes or older than 12 hours, before anything uses the user.
    "toasoan.accounts.middleware.EditorSessionMiddleware",
    # django-otp: request.user.is_verified() once a device was verified in this session.
    "django_otp.middleware.OTPMiddleware",
    # Admin access without a verified device goes to the two-factor setup or code page.
    "toasoan.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A portal merged into another (manage.py merge_portals): its host answers 301s only.
    "toasoan.portals.middleware.RetiredPortalMiddleware",
    "toasoan.editorial.middleware.AdminLanguageMiddleware",  # after LocaleMiddleware
    # Last, as django-axes asks: turns a lockout during authentication into the 429 page.
    "axes.middleware.AxesMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"] = [
    *TEMPLATES[0]["OPTIONS"]["context_processors"],
    "django.template.context_processors.csp",  # {{ csp_nonce }} for the rare inline <style>
]

# Login lockout (django-axes): 5 failures for one username from one IP lock that pair for 15
# minutes, so an attacker elsewhere can't lock a real editor out. Failures during a lockout don't
# extend it: the lock lasts 15 minutes from the fifth failure.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "toasoan.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "toasoan.comments.services.client.client_ip"  # honours TRUSTED_PROXY_COUNT
# No names or IPs in log lines: Axes' own messages carry our pseudonym instead, and it keeps no
# access log of successful logins (toasoan.accounts logs every attempt, pseudonymously).
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "toasoan.accounts.services.audit.axes_client_str"
AXES_DISABLE_ACCESS_LOG = True

# Two-factor (django-otp): the issuer shown in authenticator apps; recovery codes per account.
OTP_TOTP_ISSUER = SITE_NAME
ACCOUNTS_RECOVERY_CODES = 10
# The admin's login form: Vietnamese labels, one message for any failed login (accounts/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "toasoan.accounts.forms.LoginForm"

# Editor sessions: 30 minutes idle, 12 hours at most (toasoan.accounts.middleware); the cookie
# never outlives the absolute limit.
ACCOUNTS_SESSION_IDLE_SECONDS = 30 * 60
ACCOUNTS_SESSION_MAX_SECONDS = 12 * 3600
SESSION_COOKIE_AGE = ACCOUNTS_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Nothing reads the CSRF cookie from JavaScript: Wagtail's admin takes the token from the page
# (wagtailConfig.CSRF_TOKEN) and our scripts from the form's hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# No editor's e-mail hash goes to a third party for an avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content Security Policy (Django 6). Public pages: only our own scripts, styles, fonts and
# images; an inline <style> or <script> needs the request's nonce ({{ csp_nonce }}), which is
# fresh for every request. Embedded players (YouTube and the like) come as https: iframes.
# A page's preview (framed by the admin's editor) gets this policy with frame-ancestors 'self'
# and X-Frame-Options SAMEORIGIN (toasoan.accounts.middleware.allow_admin_framing).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "frame-src": ["https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin (8.0) writes inline <script> for date pickers and inline panels and inline
# style attributes, and has no nonce support: its enforced policy must allow 'unsafe-inline' for
# scripts and styles (everything else stays strict; page previews frame the admin itself). The
# fully strict policy is sent report-only, so a browser's console lists what still needs it.
ACCOUNTS_ADMIN_PATH_PREFIX = "/admin/"
ACCOUNTS_ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF, "https:"],
    "frame-ancestors": [CSP.SELF],
}
ACCOUNTS_ADMIN_CSP_REPORT_ONLY = {
    **ACCOUNTS_ADMIN_CSP,
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
}
# Browser features no page of ours uses, refused for us and for every embedded frame.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "toasoan.views.csrf_failure"  # Vietnamese, and the reason stays out of the page
# Login attempts are logged at INFO whatever the root level (pseudonymous: services/audit.py).
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "toasoan.accounts": {"level": "INFO"}}

# --- hardening: operations ---
# Database outages answered 503, backups, no personal data in logs (toasoan.operations,
# docs/operations.md, docs/security.md).
INSTALLED_APPS = ["toasoan.operations", *INSTALLED_APPS]
if "postgresql" in DATABASES["default"]["ENGINE"] and "django.contrib.postgres" not in INSTALLED_APPS:
    # Wagtail's database search backend uses PostgreSQL's search fields there; without the app,
    # Django's system checks (postgres.E005) stop `manage.py migrate` (found by bench/comments_load.py).
    INSTALLED_APPS.append("django.contrib.postgres")
# First: it sees every response, including the 500 another middleware made of an outage.
MIDDLEWARE = ["toasoan.operations.middleware.DatabaseUnavailableMiddleware", *MIDDLEWARE]
DB_UNAVAILABLE_RETRY_AFTER = env_int(
    "DB_UNAVAILABLE_RETRY_AFTER", 30, help="Retry-After seconds of the 503 while the database is down"
)
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups"), help="Where manage.py backup writes"))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14, help="Backups kept by manage.py backup; older ones are removed")
PG_DUMP = env_str("PG_DUMP", "pg_dump", help="pg_dump program (PostgreSQL backups)")
PG_RESTORE = env_str("PG_RESTORE", "pg_restore", help="pg_restore program (PostgreSQL restores)")
# Defence in depth: whatever a library logs, addresses and phone numbers are masked on the way out.
LOGGING["filters"] = {
    **LOGGING.get("filters", {}),
    "personal_data": {"()": "toasoan.operations.logfilter.PersonalDataFilter"},
    "template_context": {"()": "toasoan.operations.logfilter.TemplateContextFilter"},
}
# At DEBUG, Django's template engine logs each missing variable with the whole context attached.
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "django.template": {"filters": ["template_context"]}}
for _handler in LOGGING["handlers"].values():
    _handler["filters"] = [*_handler.get("filters", []), "personal_data"]
