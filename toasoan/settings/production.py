"""Production: refuses to start without its secrets; HTTPS-ready security settings."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True, help="Django's secret key; required in production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True, help="Comma-separated host names served")
if len(SECRET_KEY) < 40 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 40 characters in production.")

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

HTTPS = env_bool("HTTPS", True, help="Served over HTTPS: secure cookies, HSTS, redirect to https")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if HTTPS else 0, help="HSTS max-age in seconds")
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# --- delivery & analytics (docs/caching.md, docs/scaling.md) ---
from toasoan.delivery.frontend import with_pool  # noqa: E402

PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True, help="Keep anonymous pages in the page cache")
if not REDIS_URL:
    # One machine without Redis: workers share the page cache through files (atomic renames).
    CACHES["pages"] = {
        "BACKEND": "toasoan.cache.filecache.FileCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
    }
# nginx serves pages baked here as files when its site file was rendered with --baked (baking.py).
BAKED_PAGES_DIR = env_str(
    "BAKED_PAGES_DIR", str(VAR_DIR / "baked"), help="Folder of baked pages nginx serves as files; empty = off"
)
DB_POOL = env_bool("DB_POOL", True, help="psycopg connection pool for PostgreSQL")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A new connection parses the whole schema on its first statement (docs/performance.md);
    # the backend drops every kept connection of the process as soon as the file changes.
    DATABASES["default"].update(
        {
            "ENGINE": "toasoan.operations.sqlite",
            "CONN_MAX_AGE": env_int("SQLITE_CONN_MAX_AGE", 600, help="Seconds a SQLite connection is reused"),
        }
    )
if DB_POOL:
    DATABASES["default"] = with_pool(DATABASES["default"], DB_POOL_SIZE)

# --- hardening: accounts and headers (docs/security.md) ---
# Every cookie we set is HTTPS-only, out of JavaScript's reach and not sent on cross-site posts.
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
# Browsers upgrade any http: subresource a page still names (imported articles from the old site).
if HTTPS:
    SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}
    ACCOUNTS_ADMIN_CSP = {**ACCOUNTS_ADMIN_CSP, "upgrade-insecure-requests": True}
