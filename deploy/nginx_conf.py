#!/usr/bin/env python3
"""Render deploy/nginx/*.conf.in for production, `make serve` and `make bench`.

    # production site file (TLS + HTTP/2), then include it from /etc/nginx/sites-enabled/
    python3 deploy/nginx_conf.py site --server-name tin.example.gov.vn --tls /etc/ssl/tin \\
        --upstream unix:/run/toasoan/web.sock --var /srv/toasoan/var > /etc/nginx/sites-available/toasoan
    # … the page readers get while the app server is down (nginx reads it from --var)
    manage.py outage_page          # writes TOASOAN_VAR_DIR/unavailable.html
    # … serving baked pages (toasoan.delivery.baking): the headers come from the running site
    manage.py baked_headers > /srv/toasoan/var/baked-headers.json
    python3 deploy/nginx_conf.py site … --baked /srv/toasoan/var/baked \\
        --baked-headers /srv/toasoan/var/baked-headers.json
    # a whole nginx.conf in a folder of its own (local serve, benchmarks)
    python3 deploy/nginx_conf.py local --listen 127.0.0.1:8000 --upstream 127.0.0.1:8001 \\
        --var var --run var/serve/nginx
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_STATIC = MODULES / "ngx_http_brotli_static_module.so"
CACHE_PURGE = MODULES / "ngx_http_cache_purge_module.so"
#: How long nginx keeps a page: purged on every change with the cache-purge module, else 1 s.
PURGED_TTL, MICRO_TTL = "30s", "1s"
#: A host name nginx can match exactly (no wildcard, no regular expression, no "_").
HOST_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")
#: What `manage.py outage_page` writes into the var folder by default.
OUTAGE_FILE = "unavailable.html"
#: The outage page when that file is missing: the same words as the app's 503 page. Written into
#: a double-quoted nginx string, so single quotes only and no "$" (nginx would read a variable).
OUTAGE_TEXT = (
    "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    "<meta name='robots' content='noindex'>"
    "<title>Hệ thống tạm thời gián đoạn</title><link rel='stylesheet' href='/static/css/site.css'></head>"
    "<body class='page-error'><main id='noi-dung' class='site-main'>"
    "<div class='container'><div class='error-page'>"
    "<p class='error-page__code' aria-hidden='true'>503</p>"
    "<h1 class='error-page__title'>Hệ thống tạm thời gián đoạn</h1>"
    "<p>Cổng thông tin đang bảo trì hoặc quá tải. Vui lòng thử lại sau ít phút.</p>"
    "<ul class='error-page__links'><li><a href='/'>Về trang chủ</a></li></ul>"
    "</div></div></main></body></html>"
)


#: `PURGE /_purge/<scheme>/<path>` from this machine drops one copy (the request's Accept-Encoding
#: picks which). A location of its own: the module's same-location form crashes nginx 1.22 workers.
PURGE_LOCATION = """
    location ~ ^/_purge/(https?)(/.*)$ {
        allow 127.0.0.1;
        allow ::1;
        deny all;
        proxy_cache_purge toasoan_pages "$1$host$2$is_args$args$toasoan_gzip";
    }
"""


BAKED_MAP = r"""
# Baked pages: under which folder a request may find its file (an exact match, no regular expression:
# GET or HEAD with no query string, no session cookie and no credentials); nothing is ever baked in
# the default. `${uri}index.html` only names a file for a path ending in "/".
map "$request_method:$args:$toasoan_session:$http_authorization" $toasoan_baked {
    "GET:::"  "/$scheme/$host";
    "HEAD:::" "/$scheme/$host";
    default   "/.toasoan-not-baked";
}
"""

# Baked pages first (toasoan.delivery.baking), the app (and its proxy cache) when there is none.
BAKED_LOCATION = """    # Baked pages first; the app when there is none.
    location / {{
        root {root};
        # Kept descriptors spare four system calls a page (a fifth of nginx's work for it), but are
        # checked against their files only once a second: for that second after a purge the app
        # keeps .purging in the folder, and nginx sends everyone to the app (baking.PurgeWindow).
        open_file_cache max=20000 inactive=60s;
        open_file_cache_valid 1s;
        error_page 418 = @app;
        if (-f $document_root/.purging) {{
            return 418;
        }}
        try_files $toasoan_baked${{uri}}index.html @app;
        error_page 404 = @app;  # a file the app deleted between nginx's check and its open
        gzip_static on;
        gzip_vary off;          # else gzip_static opens the .gz file for every reader, to say Vary
        charset utf-8;
{headers}
        add_header X-Cache-Status BAKED;
    }}
"""


def baked_headers(path: str) -> tuple[str, str]:
    """(add_header lines, the digest the app checks) from `manage.py baked_headers` output."""
    described = json.loads(Path(path).read_text(encoding="utf-8"))
    lines = []
    for name, value in described["headers"]:
        if not re.fullmatch(r"[A-Za-z0-9-]+", name) or re.search(r'["\\$\r\n]', value):
            raise SystemExit(f"nginx_conf: header {name!r} cannot be written into nginx's configuration")
        pretty = "-".join(part.capitalize() for part in name.split("-"))
        lines.append(f'        add_header {pretty} "{value}";')
    if not re.fullmatch(r"[0-9a-f]+", described["digest"]):
        raise SystemExit("nginx_conf: the digest in the headers file is not hexadecimal")
    return "\n".join(lines), described["digest"]


def has_purge() -> bool:
    return CACHE_PURGE.exists()


def _listen_port(listen: str, tls: bool) -> int:
    """The port a `listen` value names ("443", "127.0.0.1:8000", "[::]:80"), or the scheme's."""
    tail = listen.rsplit("]", 1)[-1].rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else (443 if tls else 80)


def _listen_host(listen: str) -> str:
    """The address a `listen` value binds, when it is one a reader could name (not "*" or 0.0.0.0)."""
    head, _, port = listen.rpartition(":")
    if not port.isdigit() or not head or head.startswith("[") or head == "*":
        return ""
    try:
        if ipaddress.ip_address(head).is_unspecified:
            return ""
    except ValueError:
        pass  # a host name
    return head


def served_names(args) -> list[str]:
    """The host names this server answers, the site's own first; refused when nginx would read
    them as anything but exact names."""
    given = [name.lower().rstrip(".") for name in re.split(r"[\s,]+", args.server_name or "") if name]
    names = given or [_listen_host(args.listen).lower() or "localhost"]
    for name in names:
        if not HOST_NAME.match(name):
            raise SystemExit(
                f"nginx_conf: --server-name {name!r} is not a host name: give the site's own names "
                "(tin.example.gov.vn), no wildcard or '_' (any other Host is refused)"
            )
    return list(dict.fromkeys(names))


def portal_names(args, names: list[str]) -> list[str]:
    """The component portals' host names (--portal, docs/portals.md): each is served by a server of
    its own, which hands the app that name; refused like --server-name's when not an exact name."""
    portals = []
    for given in args.portal or []:
        for name in (part.lower().rstrip(".") for part in re.split(r"[\s,]+", given) if part):
            if not HOST_NAME.match(name):
                raise SystemExit(
                    f"nginx_conf: --portal {name!r} is not a host name: give the portal's own name "
                    "(xa-hoa-an.example.gov.vn), no wildcard or '_'"
                )
            if name not in names and name not in portals:
                portals.append(name)
    return portals


def upstream_host(name: str, listen: str, tls: bool) -> str:
    """The Host the app gets: the site's name, with the port when it is not the scheme's."""
    port = _listen_port(listen, tls)
    return name if port == (443 if tls else 80) else f"{name}:{port}"


def outage_values(args, var: Path) -> dict[str, str]:
    page = Path(args.outage_page).resolve() if args.outage_page else var / OUTAGE_FILE
    if not args.outage_page and not page.exists():
        print(
            f"nginx_conf: no {page} (manage.py outage_page writes it): nginx's outage page is the short one",
            file=sys.stderr,
        )
    return {"OUTAGE_PAGE": str(page), "OUTAGE_TEXT": OUTAGE_TEXT}


def render(template: str, values: dict[str, str]) -> str:
    text = (HERE / "nginx" / template).read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def site(args) -> str:
    var = Path(args.var).resolve()
    if args.tls:
        listen = (
            f"    listen {args.listen or '443'} ssl http2;\n"
            f"    ssl_certificate {args.tls}/fullchain.pem;\n"
            f"    ssl_certificate_key {args.tls}/privkey.pem;\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;\n"
            "    ssl_session_cache shared:toasoan_tls:10m;"
        )
    else:
        listen = f"    listen {args.listen or '80'};"
    names = served_names(args)
    scheme = "https" if args.tls else "http"
    address = upstream_host(names[0], args.listen or ("443" if args.tls else "80"), bool(args.tls))
    # Any Host not named here: no answer at all (444), no certificate either (TLS).
    default_server = (
        "server {\n"
        f"    listen {args.listen or ('443' if args.tls else '80')}"
        f"{' ssl http2' if args.tls else ''} default_server;\n"
        + ("    ssl_reject_handshake on;\n" if args.tls else "")
        + "    server_name _;\n    return 444;\n}\n"
    )
    alias_server = ""
    if len(names) > 1:
        alias_server = (
            f"server {{\n{listen}\n    server_name {' '.join(names[1:])};\n"
            f"    return 301 {scheme}://{address}$request_uri;\n}}\n"
        )
    upstream = args.upstream
    baked = {"BAKED_MAP": "", "BAKED_LOCATION": "", "APP_LOCATION": "/", "BAKE_REQUEST": '""'}
    if args.baked:
        if not args.baked_headers:
            raise SystemExit("nginx_conf: --baked needs --baked-headers (manage.py baked_headers > FILE)")
        headers, digest = baked_headers(args.baked_headers)
        baked = {
            "BAKED_MAP": BAKED_MAP,
            "BAKED_LOCATION": BAKED_LOCATION.format(root=Path(args.baked).resolve(), headers=headers),
            "APP_LOCATION": "@app",
            "BAKE_REQUEST": f'"{digest} $scheme/$host"',
        }
    text = render(
        "site.conf.in",
        {
            "CACHE_DIR": str(Path(args.cache_dir).resolve() if args.cache_dir else var / "nginx-cache"),
            "UPSTREAM": upstream,
            "LISTEN": listen,
            "SERVER_NAME": names[0],
            "DEFAULT_SERVER": default_server,
            "ALIAS_SERVER": alias_server,
            "UPSTREAM_HOST": address,
            **outage_values(args, var),
            "STATIC_ROOT": str(Path(args.static_root).resolve() if args.static_root else var / "static"),
            "MEDIA_ROOT": str(Path(args.media_root).resolve() if args.media_root else var / "media"),
            "BROTLI_STATIC": "        brotli_static on;" if BROTLI_STATIC.exists() else "",
            "PAGE_TTL": PURGED_TTL if has_purge() else MICRO_TTL,
            "PURGE": PURGE_LOCATION if has_purge() else "",
            **baked,
        },
    )
    return text + portal_servers(text, args, listen, names[0], address)


def portal_servers(text: str, args, listen: str, name: str, address: str) -> str:
    """One server per component portal, the site's own server with the portal's name and Host:
    pages, the proxy cache, baked files and purges are all keyed by `$host`, so each portal's
    copies stay its own (docs/portals.md)."""
    portals = portal_names(args, served_names(args))
    if not portals:
        return ""
    opening = f"server {{\n{listen}\n    server_name {name};\n"
    block = text[text.index(opening) :]
    servers = []
    for portal in portals:
        portal_address = upstream_host(portal, args.listen or ("443" if args.tls else "80"), bool(args.tls))
        servers.append(
            block.replace(f"    server_name {name};\n", f"    server_name {portal};\n", 1).replace(
                f'proxy_set_header Host "{address}";', f'proxy_set_header Host "{portal_address}";', 1
            )
        )
    return "\n# A component portal: the site's server under the portal's own name.\n" + "\n".join(servers)


def local(args) -> None:
    run = Path(args.run).resolve()
    for folder in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi", "cache"):
        (run / folder).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # root's nginx runs its workers as nobody: let them write here
            import pwd

            nobody = pwd.getpwnam("nobody")
            for path in [run / folder, *(run / folder).parents][: folder.count("/") + 1]:
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
    args.cache_dir = str(run / "cache")
    (run / "site.conf").write_text(site(args), encoding="utf-8")
    wanted = [*sorted(MODULES.glob("ngx_http_brotli_*_module.so")), *([CACHE_PURGE] if has_purge() else [])]
    modules = [f"load_module {path};" for path in wanted]
    extra = ""
    if args.static_dir:  # the benchmark's static copy of a page: nginx's own limit
        host, port = args.static_listen.rsplit(":", 1)
        extra = (
            f"    server {{\n        listen {host}:{port};\n        root {Path(args.static_dir).resolve()};\n"
            "        location / { try_files $uri $uri/index.html =404; }\n    }\n"
        )
    conf = render(
        "nginx.conf.in",
        {
            "LOAD_MODULES": "\n".join(modules),
            "WORKERS": str(args.workers or os.cpu_count() or 1),
            "RUN_DIR": str(run),
            "ACCESS_LOG": str(run / "access.log") if args.access_log else "off",
            "EXTRA_SERVERS": extra,
            "SITE": str(run / "site.conf"),
        },
    )
    (run / "nginx.conf").write_text(conf, encoding="utf-8")
    print(run / "nginx.conf")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("site", "local"):
        p = sub.add_parser(name)
        p.add_argument("--listen", default="")
        p.add_argument("--upstream", default="127.0.0.1:8001")
        p.add_argument(
            "--server-name",
            default="",
            help="the site's host name, then any other name readers use (sent there); default: "
            "--listen's host, else localhost. Any other Host is refused.",
        )
        p.add_argument(
            "--outage-page",
            default="",
            help=f"HTML nginx answers while the app is down (default: --var/{OUTAGE_FILE}, "
            "written by manage.py outage_page)",
        )
        p.add_argument(
            "--portal",
            action="append",
            help="a component portal's host name (repeat for each): served like the site, with its "
            "own Host (docs/portals.md); with --tls the certificate must name it too",
        )
        p.add_argument("--var", default="var")
        p.add_argument("--static-root", default="")
        p.add_argument("--media-root", default="")
        p.add_argument("--cache-dir", default="")
        p.add_argument("--tls", default="", help="folder with fullchain.pem and privkey.pem")
        p.add_argument("--baked", default="", help="serve baked pages from this folder (BAKED_PAGES_DIR)")
        p.add_argument("--baked-headers", default="", help="`manage.py baked_headers` output (JSON)")
    sub.add_parser("has-purge", help="exit 0 when Debian's cache-purge module is installed")
    loc = sub.choices["local"]
    loc.add_argument("--run", required=True, help="folder for the rendered files, pid, logs and cache")
    loc.add_argument("--workers", type=int, default=0)
    loc.add_argument("--access-log", action="store_true")
    loc.add_argument("--static-dir", default="", help="also serve this folder as-is (benchmark (a))")
    loc.add_argument("--static-listen", default="127.0.0.1:8090")
    args = parser.parse_args(argv)
    if args.command == "site":
        sys.stdout.write(site(args))
    elif args.command == "has-purge":
        return 0 if has_purge() else 1
    else:
        local(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
