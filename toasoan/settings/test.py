"""pytest: fast hashing, isolated media, same engines switch as everywhere (DATABASE_URL)."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="toasoan-test-media-"))
# Each process that loads these settings (xdist workers, subprocesses of tests) gets its own
# folder, gone when it exits.
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = "http://testserver"
if not DATABASE_URL:
    # A file per test process (pytest-django adds the xdist worker's suffix) with production's options:
    # the live server's threads and the test each open their own connection, as in production. An
    # in-memory database would make Django hand one connection to every thread.
    DATABASES["default"]["NAME"] = VAR_DIR / "test.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
# The live server's request threads end a request with their connection closed: a kept one would
# outlive the test on a browser's keep-alive socket, and PostgreSQL refuses to drop a database in use.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Serve static files from the apps' folders; tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# pytest-xdist workers must not share a Redis database: tests clear the cache between them.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _db = int(_worker[2:]) + 1
    for _cache in CACHES.values():
        if isinstance(_cache.get("LOCATION"), str) and _cache["LOCATION"].startswith("redis"):
            _parts = urlsplit(_cache["LOCATION"])
            _cache["LOCATION"] = f"{_parts.scheme}://{_parts.netloc}/{_db}"

# The publishing safety net would look for due schedules once a minute in each process: an
# extra query at a random point of another app's query-count test. Its own tests turn it on.
EDITORIAL_SAFETY_NET_SECONDS = 0
