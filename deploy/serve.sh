#!/usr/bin/env bash
# `make serve`: the production stack on this machine, on http://127.0.0.1:8000 —
# production settings on SQLite (var/), the app server on 127.0.0.1:8001 and Debian's nginx in
# front (baked pages, proxy cache, static files). Without nginx, the app server listens on :8000 itself.
# A secret key is generated into var/secret_key on first run (var/ is never committed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv="${VENV:-.venv}"
addr="${SERVE_ADDR:-127.0.0.1:8000}"
app_addr="${SERVE_APP_ADDR:-127.0.0.1:8001}"
var="${TOASOAN_VAR_DIR:-var}"
mkdir -p "$var"
var="$(cd "$var" && pwd)"  # absolute: nginx and the file cache resolve paths from elsewhere
# nginx (another user) walks var/ to the baked pages, static and media files, whoever made it first;
# what it never reads (the database, the secret, backups, the page cache's files) stays owner-only.
chmod 755 "$var"
for folder in baked static media; do
    if [[ -d "$var/$folder" ]]; then chmod 755 "$var/$folder"; fi
done
if [[ ! -s "$var/secret_key" ]]; then
    (umask 077 && "$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$var/secret_key")
    echo "serve: wrote a new local secret to $var/secret_key"
fi
export DJANGO_SETTINGS_MODULE=toasoan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(cat "$var/secret_key")}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export BASE_URL="${BASE_URL:-http://$addr}"
export HTTPS="${HTTPS:-false}"
export TOASOAN_VAR_DIR="$var"
unset DEBUG

"$venv/bin/python" manage.py migrate --noinput >/dev/null
"$venv/bin/python" manage.py collectstatic --noinput >/dev/null
"$venv/bin/python" manage.py outage_page >/dev/null  # $var/unavailable.html: nginx's page while the app is down
"$venv/bin/python" manage.py set_site_address "$addr" >/dev/null  # purges name pages by this address
echo "serve: database $(if [[ -n "${DATABASE_URL:-}" ]]; then echo PostgreSQL; else echo "SQLite ($var/toasoan.sqlite3)"; fi)," \
    "cache $(if [[ -n "${REDIS_URL:-}" ]]; then echo Redis; else echo "files ($var/cache/pages)"; fi)." \
    "No content yet? make demo loads the demo articles."

# Scheduled articles go live on the minute: the publishing worker runs beside the web server.
"$venv/bin/python" manage.py run_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT

if ! command -v nginx >/dev/null; then
    echo "serve: nginx is not installed (apt-get install nginx-light); the app server alone on http://$addr/"
    WEB_BIND="$addr" bash deploy/app-server.sh
    exit $?
fi

export TRUSTED_PROXY_COUNT="${TRUSTED_PROXY_COUNT:-1}"  # nginx adds the reader's address to X-Forwarded-For
# Behind nginx the workers keep no page of their own (nginx does): a purge then reaches every reader.
export PAGE_CACHE_LOCAL_MS="${PAGE_CACHE_LOCAL_MS:-0}"
# Document files leave through nginx once the app has checked their collection's privacy.
export DOCUMENTS_ACCEL_PREFIX="${DOCUMENTS_ACCEL_PREFIX:-/_tai-lieu/}"
if python3 deploy/nginx_conf.py has-purge; then
    export FRONTEND_CACHE_NGINX_URL="${FRONTEND_CACHE_NGINX_URL:-http://$addr}"
else
    echo "serve: no cache-purge module (apt-get install libnginx-mod-http-cache-purge): nginx keeps pages 1 s"
fi
run="$var/serve/nginx"
# Baked pages (docs/caching.md): nginx adds to them the headers the app sends, read from the home page.
baked=()
mkdir -p "$run"
if "$venv/bin/python" manage.py baked_headers --host "$addr" >"$run/baked-headers.json.new" 2>"$run/baked-headers.err"; then
    mv "$run/baked-headers.json.new" "$run/baked-headers.json"
    baked=(--baked "${BAKED_PAGES_DIR:-$var/baked}" --baked-headers "$run/baked-headers.json")
else
    echo "serve: no baked pages ($(tail -n 1 "$run/baked-headers.err")); nginx keeps pages in its proxy cache"
fi
conf="$(python3 deploy/nginx_conf.py local --listen "$addr" --upstream "$app_addr" --var "$var" --run "$run" "${baked[@]}")"
WEB_BIND="$app_addr" bash deploy/app-server.sh &
app=$!
trap 'kill "$app" "$worker" 2>/dev/null; wait "$app" 2>/dev/null' EXIT INT TERM
echo "serve: http://$addr/ (nginx) -> $app_addr (${APP_SERVER:-granian}); Ctrl-C stops both."
nginx -c "$conf" -p "$run" -e "$run/nginx-error.log"
