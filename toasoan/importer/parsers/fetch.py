"""``--from-urls``: fetch article pages over HTTP, politely, and read them as ``html_page`` does.

* one request at a time, at most ``rate`` per second to any one host;
* a timeout on connecting and on reading; connection errors, timeouts, 429 and 5xx are
  retried ``retries`` times with exponential backoff (``Retry-After`` is honoured, capped);
* redirects are followed (at most ``MAX_REDIRECTS``); the page is keyed by its canonical
  address, else by the address it was finally served from;
* the charset comes from the ``Content-Type`` header, else from the page (``html_page``);
* pages larger than ``MAX_BYTES`` and answers that are not HTML are refused with a reason.

Nothing is fetched but the listed pages: no images, no scripts.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from ..records import ArticleRecord, NotArticle, Origin, RecordError
from .html_page import looks_like_html, record_from_html

MAX_REDIRECTS = 10
MAX_BYTES = 10 * 1024 * 1024
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "ToaSoan-importer/1.0 (+https://github.com/toasoan; migration of an existing portal)"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


class FetchError(Exception):
    """A page that could not be had; the message is for the person importing."""


@dataclass
class FetchSettings:
    timeout: float = 15.0
    retries: int = 3
    backoff: float = 1.0
    #: Requests per second to one host (0 = no limit).
    rate: float = 1.0
    user_agent: str = USER_AGENT


@dataclass
class Page:
    requested: str
    url: str
    content: bytes
    charset: str | None
    status: int
    redirects: list[str] = field(default_factory=list)
    attempts: int = 1


class Fetcher:
    """Fetches pages with timeouts, retries with backoff and a per-host rate limit."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.session = session or requests.Session()
        self.session.max_redirects = MAX_REDIRECTS
        self.session.headers["User-Agent"] = self.settings.user_agent
        self.session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
        self.sleep = sleep
        self.clock = clock
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self.session.close()

    def _wait_turn(self, url: str) -> None:
        if self.settings.rate <= 0:
            return
        host = urlsplit(url).netloc
        interval = 1.0 / self.settings.rate
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def get(self, url: str) -> Page:
        """The page at *url*; raises FetchError once the retries are spent."""
        attempts = self.settings.retries + 1
        last_problem = ""
        for attempt in range(attempts):
            if attempt:
                self.sleep(self._delay(attempt, last_problem))
            self._wait_turn(url)
            try:
                response = self.session.get(
                    url, timeout=self.settings.timeout, stream=True, allow_redirects=True
                )
            except requests.TooManyRedirects as exc:
                raise FetchError(f"quá {MAX_REDIRECTS} lần chuyển hướng") from exc
            except requests.Timeout:
                last_problem = f"hết thời gian chờ ({self.settings.timeout:g} giây)"
                continue
            except requests.ConnectionError as exc:
                last_problem = f"không kết nối được: {_short(exc)}"
                continue
            except requests.RequestException as exc:
                raise FetchError(f"yêu cầu không hợp lệ: {_short(exc)}") from exc
            with response:
                if response.status_code in RETRY_STATUSES:
                    last_problem = f"máy chủ trả lời {response.status_code}"
                    self._retry_after = _retry_after(response)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"máy chủ trả lời {response.status_code}")
                content_type = response.headers.get("Content-Type", "")
                media_type = content_type.split(";")[0].strip().lower()
                try:
                    content = _read_capped(response)
                except requests.Timeout:
                    last_problem = f"hết thời gian chờ khi đọc ({self.settings.timeout:g} giây)"
                    continue
                except requests.ConnectionError as exc:
                    last_problem = f"mất kết nối khi đọc: {_short(exc)}"
                    continue
                if media_type not in _HTML_TYPES and not looks_like_html(content[:2048]):
                    raise FetchError(f"không phải trang HTML ({media_type})")
                match = _CHARSET.search(content_type)
                return Page(
                    requested=url,
                    url=response.url,
                    content=content,
                    charset=match.group(1) if match else None,
                    status=response.status_code,
                    redirects=[step.url for step in response.history],
                    attempts=attempt + 1,
                )
        raise FetchError(f"{last_problem} (đã thử {attempts} lần)")

    _retry_after: float | None = None

    def _delay(self, attempt: int, problem: str) -> float:
        delay = self.settings.backoff * 2 ** (attempt - 1)
        if self._retry_after is not None:
            delay = max(delay, min(self._retry_after, MAX_RETRY_AFTER))
            self._retry_after = None
        return delay


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def _read_capped(response: requests.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=65536):
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"trang lớn quá {MAX_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "…"


def read_url_list(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, URL) of every address in *path*; blank lines and ``#`` comments are skipped."""
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            url = line.strip()
            if url and not url.startswith("#"):
                yield number, url


def read_urls(
    path: Path, settings: FetchSettings | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[ArticleRecord | NotArticle | RecordError]:
    """Fetch and read every page listed in *path*, one record (or reason) per address."""
    name = str(path)
    if not path.is_file():
        yield RecordError(Origin(name), "không tìm thấy tệp danh sách địa chỉ")
        return
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        for number, url in read_url_list(path):
            origin = Origin(name, number)
            if urlsplit(url).scheme not in ("http", "https"):
                yield RecordError(origin, f"không phải địa chỉ http(s): {url}")
                continue
            try:
                page = fetcher.get(url)
            except FetchError as exc:
                yield RecordError(origin, f"{url}: {exc}")
                continue
            yield record_from_html(page.content, origin=origin, url=page.url, header_charset=page.charset)
    finally:
        if own:
            fetcher.close()
