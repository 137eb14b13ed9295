"""`WAGTAILFRONTENDCACHE` and the PostgreSQL pool, from values settings read through `env.py`.

One backend per cache in front of the site; the purge service (services/purge.py) sends every
purge to all of them through Wagtail's `purge_urls_from_cache`:

- `FRONTEND_CACHE_NGINX_URL`: our nginx (deploy/nginx) with Debian's cache-purge module, e.g.
  http://127.0.0.1:80: `NginxPurgeBackend` purges both copies nginx keeps of a page (plain and
  gzip), and again a moment later (a render that began before the commit may have been stored
  after the first purge). Without the module nginx keeps pages 1 second and needs no purge.
- `FRONTEND_CACHE_HTTP_URL`: a cache that takes `PURGE <path>` with the site's Host: Varnish.
- `FRONTEND_CACHE_CLOUDFLARE_ZONE_ID` + `FRONTEND_CACHE_CLOUDFLARE_TOKEN` (an API token allowed
  to purge that zone).
- `FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID`: credentials as boto3 finds them (AWS_* variables
  or the instance role); boto3 is then needed (`pip install boto3`, not in our lock).
- `FRONTEND_CACHE_HOSTNAMES`: limit the backends to these host names (default: every host).
"""

from __future__ import annotations

import logging
import threading
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.core.exceptions import ImproperlyConfigured
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

logger = logging.getLogger(__name__)

NGINX_BACKEND = "toasoan.delivery.frontend.NginxPurgeBackend"
PURGE_PREFIX = "/_purge/"  # deploy/nginx_conf.py's purge location
HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
CLOUDFLARE_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudflareBackend"
CLOUDFRONT_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudfrontBackend"


class NginxPurgeBackend(HTTPBackend):
    """PURGE for deploy/nginx: one request per copy (the key ends with the gzip flag). The second
    pass `REPEAT_AFTER` seconds later, and the retry of a URL that failed, are run_worker's
    (`services.purge`): URLs that failed in this thread are kept for it (`take_failed()`)."""

    ENCODINGS = ("", "gzip")

    def __init__(self, params):
        self.repeat_after = float(params.pop("REPEAT_AFTER", 2.0))
        super().__init__(params)

    def purge_batch(self, urls) -> None:
        for url in urls:
            self.purge(url)

    def purge(self, url) -> None:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        path = f"{PURGE_PREFIX}{parts.scheme}{parts.path}"
        target = urlunsplit([self.cache_scheme, self.cache_netloc, path, parts.query, ""])
        for encoding in self.ENCODINGS:
            headers = {"Host": host, "User-Agent": "toasoan-purge"}
            if encoding:
                headers["Accept-Encoding"] = encoding
            try:
                urlopen(PurgeRequest(url=target, headers=headers), timeout=5)  # noqa: S310 - our LOCATION
            except HTTPError as error:
                if error.code != 404:  # 404: that copy was not cached
                    logger.error("nginx purge of %s failed: %s %s", url, error.code, error.reason)
                    _failed(url)
            except URLError as error:
                logger.error("nginx purge of %s failed: %s", url, error.reason)
                _failed(url)


_failures = threading.local()


def _failed(url: str) -> None:
    failed = getattr(_failures, "urls", None)
    if failed is None:
        failed = _failures.urls = []
    if url not in failed:
        failed.append(url)


def take_failed() -> list[str]:
    """The URLs nginx could not purge in this thread since the last call."""
    failed, _failures.urls = getattr(_failures, "urls", None) or [], []
    return failed


def frontend_cache_settings(
    *,
    nginx_url: str = "",
    http_url: str = "",
    cloudflare_zone_id: str = "",
    cloudflare_token: str = "",
    cloudfront_distribution_id: str = "",
    hostnames: list[str] | None = None,
) -> dict:
    backends: dict[str, dict] = {}
    if nginx_url:
        backends["nginx"] = {"BACKEND": NGINX_BACKEND, "LOCATION": nginx_url}
    if http_url:
        backends["proxy"] = {"BACKEND": HTTP_BACKEND, "LOCATION": http_url}
    if cloudflare_zone_id or cloudflare_token:
        if not (cloudflare_zone_id and cloudflare_token):
            raise ImproperlyConfigured(
                "Cloudflare purging needs both FRONTEND_CACHE_CLOUDFLARE_ZONE_ID and "
                "FRONTEND_CACHE_CLOUDFLARE_TOKEN."
            )
        backends["cloudflare"] = {
            "BACKEND": CLOUDFLARE_BACKEND,
            "ZONEID": cloudflare_zone_id,
            "BEARER_TOKEN": cloudflare_token,
        }
    if cloudfront_distribution_id:
        backends["cloudfront"] = {
            "BACKEND": CLOUDFRONT_BACKEND,
            "DISTRIBUTION_ID": cloudfront_distribution_id,
        }
    if hostnames:
        for backend in backends.values():
            backend["HOSTNAMES"] = list(hostnames)
    return backends


def with_pool(database: dict, size: int) -> dict:
    """A PostgreSQL database setting with psycopg's pool (Django ≥ 5.1); other engines unchanged.

    The pool replaces persistent connections (Django refuses both): CONN_MAX_AGE becomes 0.
    """
    if "postgresql" not in database.get("ENGINE", ""):
        return database
    pooled = {**database, "CONN_MAX_AGE": 0, "OPTIONS": dict(database.get("OPTIONS") or {})}
    pooled["OPTIONS"]["pool"] = {"min_size": 1, "max_size": size, "timeout": 10}
    return pooled
