"""Replay the host, port and cookie poisoning of issue #16 against a running `make serve`.

    python bench/poison.py [BASE_URL]        # default http://127.0.0.1:8000; starts nothing itself

Every attack is sent to each URL (the home page, an article, feeds, sitemaps, robots.txt, the
search JSON, a story thread): a Host with a foreign port, a foreign host, an absolute-URI request
line, an upper- or mixed-case session cookie, forwarded headers. Then each URL is fetched twice as a
plain reader (the second answer from nginx's baked file or cache), and every answer that names
something an attack sent is counted as poisoned. Exit status 1 when any is, 2 when the site cannot
be reached or a reader gets no page.

Run it on a freshly started `make serve`: a page some reader had already made nginx keep (baked
or cached) is not what the attacks render, and would hide them. The script finds its URLs with a
query string of its own (`?poison=1`), which neither nginx nor the app keeps under the page's key.
"""

from __future__ import annotations

import argparse
import http.client
import re
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

FOREIGN_PORT, OTHER_PORT = "6666", "7777"
FOREIGN_HOST = "evil.example"
TIMEOUT = 10
#: Discovery's own query string: the pages attacked are not kept before the attacks.
PROBE = "poison=1"


@dataclass(frozen=True)
class Base:
    scheme: str
    host: str
    port: int

    @property
    def netloc(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self.host if self.port == default else f"{self.host}:{self.port}"

    @property
    def alias(self) -> str:
        """Another name for this machine, which readers could type but the site is not called."""
        return "127.0.0.1" if self.host == "localhost" else "localhost"


@dataclass(frozen=True)
class Attack:
    name: str
    target: str  # "" = the path itself; else an absolute URI for the request line
    headers: dict


def request(base: Base, target: str, headers: dict) -> tuple[int, dict, bytes] | None:
    """One request with exactly this request line and these headers; None when the server closed
    the connection without answering (nginx's 444) or refused it."""
    kind = http.client.HTTPSConnection if base.scheme == "https" else http.client.HTTPConnection
    connection = kind(base.host, base.port, timeout=TIMEOUT)
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    except (http.client.RemoteDisconnected, ConnectionResetError, http.client.BadStatusLine):
        return None
    finally:
        connection.close()


def attacks(base: Base, path: str) -> list[Attack]:
    foreign = f"{base.host}:{FOREIGN_PORT}"
    return [
        Attack("Host with a foreign port", "", {"Host": foreign}),
        Attack("foreign Host", "", {"Host": FOREIGN_HOST}),
        Attack("foreign Host with a port", "", {"Host": f"{FOREIGN_HOST}:{OTHER_PORT}"}),
        Attack("another name of this machine", "", {"Host": f"{base.alias}:{OTHER_PORT}"}),
        Attack(
            "absolute URI, other name and port",
            f"http://{base.alias}:{OTHER_PORT}{path}",
            {"Host": f"{base.alias}:{OTHER_PORT}"},
        ),
        Attack(
            "absolute URI, own name, other port",
            f"http://{base.host}:{OTHER_PORT}{path}",
            {"Host": f"{base.host}:{OTHER_PORT}"},
        ),
        Attack("absolute URI, Host disagrees", f"http://{base.netloc}{path}", {"Host": foreign}),
        Attack("SESSIONID cookie", "", {"Host": foreign, "Cookie": "SESSIONID=x"}),
        Attack("SessionId cookie", "", {"Host": foreign, "Cookie": "theme=dark; SessionId=x"}),
        Attack("spaced sessionid cookie", "", {"Host": foreign, "Cookie": " sessionid =x"}),
        Attack(
            "forwarded headers",
            "",
            {
                "Host": foreign,
                "X-Forwarded-Host": FOREIGN_HOST,
                "X-Forwarded-Proto": "https" if base.scheme == "http" else "http",
                "X-Forwarded-Port": OTHER_PORT,
            },
        ),
    ]


def marks(base: Base) -> list[str]:
    """What a poisoned answer names: something only an attack sent."""
    found = [f":{FOREIGN_PORT}", f":{OTHER_PORT}", FOREIGN_HOST, f"//{base.alias}"]
    found.append(f"{'https' if base.scheme == 'http' else 'http'}://{base.netloc}")
    return found


def discover(base: Base, given: list[str]) -> list[str]:
    """The URLs to attack: the fixed set, then the newest article (from the feed), the sitemap's
    file of pages and a section (from it) and a story thread (from their index)."""
    paths = ["/", "/rss/", "/sitemap.xml", "/sitemap-news.xml", "/robots.txt", "/opensearch.xml",
             "/tim-kiem.json?q=tin", "/dong-su-kien/"]  # fmt: skip
    feed = request(base, f"/rss/?{PROBE}", {"Host": base.netloc})
    if feed is None or feed[0] != 200:
        answer = "closed the connection" if feed is None else f"answered {feed[0]}"
        raise ConnectionError(f"{base.scheme}://{base.netloc}/rss/ {answer}")
    items = re.findall(r"<item>.*?<link>([^<]+)</link>", feed[2].decode("utf-8", "replace"), re.S)
    paths += [path for item in items[:1] for path in (urlsplit(item).path, urlsplit(item).path + "tai-ve/")]
    sitemap = request(base, f"/sitemap.xml?{PROBE}", {"Host": base.netloc})
    files = re.findall(r"<loc>([^<]+)</loc>", sitemap[2].decode("utf-8", "replace")) if sitemap else []
    # The sitemap is an index of files (discovery/sitemaps.py); the sections are in the pages' file.
    structure = [urlsplit(url).path for url in files if "/sitemap-trang-" in url][:1]
    paths += structure
    pages = request(base, f"{structure[0]}?{PROBE}", {"Host": base.netloc}) if structure else None
    locations = re.findall(r"<loc>([^<]+)</loc>", pages[2].decode("utf-8", "replace")) if pages else []
    sections = [urlsplit(url).path for url in locations if urlsplit(url).path.count("/") == 2]
    paths += [path for section in sections[:1] for path in (section, section + "rss/")]
    index = request(base, f"/dong-su-kien/?{PROBE}", {"Host": base.netloc})
    if index is not None and index[0] == 200:
        threads = re.findall(r'href="(/dong-su-kien/[^"/]+/)"', index[2].decode("utf-8", "replace"))
        paths += threads[:1]
    return list(dict.fromkeys([*paths, *given]))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--path", action="append", default=[], help="another path to attack and read")
    args = parser.parse_args(argv)
    parts = urlsplit(args.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        parser.error("BASE_URL must look like http://127.0.0.1:8000")
    base = Base(parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    try:
        paths = discover(base, args.path)
    except OSError as error:
        print(f"poison: no answer from {args.base_url} ({error}): is `make serve` running?", file=sys.stderr)
        return 2

    refused = sent = 0
    for path in paths:
        for attack in attacks(base, path):
            sent += 1
            if request(base, attack.target or path, attack.headers) is None:
                refused += 1
    print(f"poison: {sent} attacks on {len(paths)} URLs at {args.base_url}; {refused} refused by the server")

    poisoned = read = failed = 0
    signs = marks(base)
    for path in paths:
        for attempt in ("first", "again"):
            answer = request(base, path, {"Host": base.netloc})
            read += 1
            if answer is None or answer[0] >= 500:
                print(f"  {path} ({attempt}): {'no answer' if answer is None else answer[0]}")
                failed += 1
                continue
            status, headers, body = answer
            found = [sign for sign in signs if sign in body.decode("utf-8", "replace")]
            found += [f"{name}: {headers[name]}" for name in ("location", "link") if name in headers
                      and any(sign in headers[name] for sign in signs)]  # fmt: skip
            cache = headers.get("x-cache-status", "-")
            state = f"POISONED ({', '.join(found)})" if found else "clean"
            print(f"  {status} {cache:8} {path} ({attempt}): {state}")
            poisoned += bool(found)
    print(f"poison: {poisoned} of {read} reader answers poisoned (goal: 0)")
    if failed and not poisoned:
        print(f"poison: {failed} reader requests got no page: the site is not healthy", file=sys.stderr)
        return 2
    return 1 if poisoned else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
