#!/usr/bin/env bash
# Run Tòa Soạn's WSGI application (toasoan.delivery.wsgi:application: the page cache answers
# before Django) under granian, the server we measured faster here (docs/performance.md), or gunicorn.
#
#   APP_SERVER   granian (default) | gunicorn
#   WEB_BIND     127.0.0.1:8001 (default) or unix:/run/toasoan/web.sock
#   WEB_WORKERS  worker processes (default: the number of cores)
#   WEB_THREADS  threads per worker (default 2)
# Django's own variables (DJANGO_SETTINGS_MODULE, SECRET_KEY, DATABASE_URL, …) come from the caller.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv="${VENV:-.venv}"
bind="${WEB_BIND:-127.0.0.1:8001}"
workers="${WEB_WORKERS:-$(nproc)}"
threads="${WEB_THREADS:-2}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-toasoan.settings.production}"

case "${APP_SERVER:-granian}" in
granian)
    if [[ "$bind" == unix:* ]]; then
        where=(--uds "${bind#unix:}")
    else
        where=(--host "${bind%:*}" --port "${bind##*:}")
    fi
    exec "$venv/bin/granian" --interface wsgi "${where[@]}" --workers "$workers" \
        --blocking-threads "$threads" --backlog 2048 --no-ws --respawn-failed-workers \
        --workers-kill-timeout 30 --log-level warning toasoan.delivery.wsgi:application
    ;;
gunicorn)
    WEB_BIND="$bind" WEB_WORKERS="$workers" WEB_THREADS="$threads" \
        exec "$venv/bin/gunicorn" --config deploy/gunicorn.conf.py toasoan.delivery.wsgi:application
    ;;
*)
    echo "APP_SERVER must be granian or gunicorn, not ${APP_SERVER}" >&2
    exit 2
    ;;
esac
