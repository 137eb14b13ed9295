"""gunicorn settings (APP_SERVER=gunicorn deploy/app-server.sh); granian is the default server."""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_WORKERS") or os.cpu_count() or 1)
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
backlog = 2048
keepalive = 5
timeout = 30
graceful_timeout = 30
# A worker is replaced after this many requests: memory stays flat whatever leaks in a library.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = None
errorlog = "-"
loglevel = "warning"
