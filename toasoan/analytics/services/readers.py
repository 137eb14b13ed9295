"""Who is reading, as little as counting needs: is it a person, and which reader (hashed).

A reader is their `tsr` cookie (a random id the beacon sets, used for nothing else), or, when
they send none, a keyed hash of their IP and user agent. Neither is stored anywhere but in the
de-duplication key, which expires after `VIEW_DEDUPE_SECONDS`.
"""

from __future__ import annotations

import ipaddress
import re
import secrets

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

READER_COOKIE = "tsr"
READER_COOKIE_AGE = 365 * 24 * 3600
_READER_ID = re.compile(r"^[0-9a-f]{32}$")

#: User agents that are programs, not readers: crawlers, previews, monitors, HTTP libraries.
BOT_AGENTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|archiver|facebookexternalhit|facebookcatalog|embedly|"
    r"preview|validator|lighthouse|pagespeed|pingdom|uptime|monitor|statuscake|headless|phantomjs|"
    r"curl/|wget/|python-|python/|httpx|aiohttp|okhttp|go-http-client|java/|libwww|apache-httpclient|"
    r"node-fetch|axios/|postman|insomnia|wrk|apachebench|siege|k6/|coccocbot|zalo.*(bot|crawler)",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or BOT_AGENTS.search(user_agent) is not None


def is_prefetch(request: HttpRequest) -> bool:
    """A browser fetching ahead of a click, not a reader looking at the page."""
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def is_cross_site(request: HttpRequest) -> bool:
    """Beacons come from our own pages; another site's requests are not views."""
    return request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none")


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the outermost of `TRUSTED_PROXY_COUNT` proxies saw."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return remote


def _digest(value: str) -> str:
    return salted_hmac("toasoan.analytics.reader", value, algorithm="sha256").hexdigest()[:32]


def reader_cookie(request: HttpRequest) -> str | None:
    value = request.COOKIES.get(READER_COOKIE, "")
    return value if _READER_ID.match(value) else None


def anonymous_reader(request: HttpRequest) -> str:
    return "a" + _digest(f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')}")


def cookie_reader(reader_id: str) -> str:
    return "c" + _digest(reader_id)


def new_reader_id() -> str:
    return secrets.token_hex(16)
