"""Local development and `make demo`: debug on, a throwaway secret, SQLite by default."""

from .base import *
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# A dev-only key; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# The demo's component portals answer at `*.localhost` (docs/portals.md).
ALLOWED_HOSTS = [*ALLOWED_HOSTS, ".localhost"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if not REDIS_URL:
    # `make demo` runs the publishing worker in a second process: its purges and the content
    # generation that keys cached fragments (toasoan.cache.fragments) must reach the web
    # server's process, as in production (files on one machine, Redis on many).
    CACHES["pages"] = {
        "BACKEND": "toasoan.cache.filecache.FileCache",
        "LOCATION": str(VAR_DIR / "cache" / "dev-pages"),
    }

# A missing page answers with the readers' Vietnamese 404, as in production, not Django's debug
# page (the admin keeps the debug page).
MIDDLEWARE = [*MIDDLEWARE, "toasoan.demo.middleware.ReaderErrorPagesMiddleware"]
