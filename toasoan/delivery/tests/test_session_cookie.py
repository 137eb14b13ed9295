"""Who is anonymous: the app and nginx read the session cookie by one rule (its name in any case,
spaces around it), so neither keeps a page for everyone from a request the other calls a session.

Replays issue #16: `Cookie: SESSIONID=x` made nginx skip its baked file and cache (its map is
case-insensitive) while the app took the reader for anonymous and stored, and baked, the page
that request rendered. test_nginx_hosts.py replays the same cookies through nginx.
"""

from __future__ import annotations

import io

import pytest
from django.http.cookie import parse_cookie

from toasoan.cache.pagecache import has_session
from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.wsgi import CachedApplication

#: Cookie headers that carry a session, for the app as for nginx's `$toasoan_session`.
SESSIONS = [
    "sessionid=x",
    "SESSIONID=x",
    "SessionId=x",
    "theme=dark; SESSIONID=x",
    "theme=dark;sessionid=x",
    " sessionid =x",
    "theme=dark;\tSeSsIoNiD = x",
]
#: Cookie headers that carry none.
NOT_SESSIONS = ["xsessionid=1", "sessionid2=1", "theme=sessionid=1", "sessionid", "theme=dark; x sessionid=1"]


@pytest.mark.parametrize("header", SESSIONS)
def test_session_cookie_in_any_case_is_a_session(header):
    assert has_session(parse_cookie(header), {})


@pytest.mark.parametrize("header", NOT_SESSIONS)
def test_other_cookies_are_no_session(header):
    assert not has_session(parse_cookie(header), {})


@pytest.mark.parametrize("header", ["SESSIONID=x", "theme=dark; SessionId=x"])
def test_upper_case_session_cookie_is_never_answered_from_or_stored_in_the_cache(client, portal, header):
    url = portal["articles"][1].url
    assert client.get(url)[CACHE_HEADER] == "miss"  # an anonymous reader's copy is now kept

    response = client.get(url, HTTP_COOKIE=header)
    assert response[CACHE_HEADER] == "bypass"
    assert response["Cache-Control"] == "private, no-store"

    called = []

    def django_app(environ, start_response):
        called.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": header,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    CachedApplication(django_app)(environ, lambda *args: None)
    assert called == [url]  # the WSGI fast path hands it to Django, as the middleware bypasses it
