"""Who is posting, as little as we need: a daily-salted hash of the IP and a short user agent.

The IP is read from REMOTE_ADDR, or, behind `TRUSTED_PROXY_COUNT` reverse proxies, from the
X-Forwarded-For entry the outermost trusted proxy saw. It is hashed at once with
HMAC-SHA256, keyed on SECRET_KEY and a salt that changes every day (Vietnam time), and never
stored or logged: the same reader gets the same hash within a day (enough for rate limits
and for moderators to see a flood come from one sender) and an unlinkable one the next day.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from toasoan import vntext
from toasoan.vntext.dates import VIETNAM_TZ

from . import clock

USER_AGENT_LENGTH = 120


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def hash_ip(ip: str, at: datetime | None = None) -> str:
    """HMAC-SHA256 of the IP; the key is SECRET_KEY with the day (Asia/Ho_Chi_Minh) as salt."""
    day = (at or clock.now()).astimezone(VIETNAM_TZ).date().isoformat()
    return salted_hmac(f"toasoan.comments.ip:{day}", ip, algorithm="sha256").hexdigest()


def request_ip_hash(request: HttpRequest) -> str:
    return hash_ip(client_ip(request))


def short_user_agent(request: HttpRequest) -> str:
    agent = vntext.normalize(request.META.get("HTTP_USER_AGENT", "") or "")
    return " ".join(agent.split())[:USER_AGENT_LENGTH]
