"""`manage.py run_worker`: the portal's periodic work in one loop (toasoan.operations.periodic).

Publishes scheduled articles on the minute and takes expired ones down (replacing Wagtail's hourly
`publish_scheduled` cron job), releases edit locks nobody holds, and runs what the apps registered:
expiring baked pages (delivery), flushing view counts kept in Redis (analytics). Runs in the
foreground until SIGTERM or Ctrl-C; start one next to the web server (several are safe: see
services.scheduling; the sweep and the flush take their own locks).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections
from django.utils import timezone

from toasoan.editorial.services import locking, scheduling
from toasoan.operations import periodic


def sleep_seconds(run: scheduling.PublishRun, interval: float) -> float:
    """How long to sleep after a pass: until the next due time, never longer than `interval`."""
    if run.failed or run.next_due_at is None:
        return interval
    until_due = (run.next_due_at - timezone.now()).total_seconds()
    # A little after the due time: Wagtail publishes a revision only once its time has passed.
    return min(interval, max(0.05, until_due + 0.05))


def _tidy_connections() -> None:
    """Drop connections past CONN_MAX_AGE or broken, as Django does around each request.

    Never inside a transaction (a test's): closing would end it.
    """
    if not any(connection.in_atomic_block for connection in connections.all(initialized_only=True)):
        close_old_connections()


def serve(
    stop: threading.Event,
    interval: float,
    *,
    once: bool = False,
    report: Callable[[scheduling.PublishRun, list[str], float], None] | None = None,
) -> None:
    """The worker's loop: the jobs that are due, then sleep until the next one (publishing: until the
    next go-live time, at most `interval`) or `stop`."""

    def publishing() -> float:
        started = time.monotonic()
        run = scheduling.publish_due()
        released = locking.release_stale_locks()
        if report is not None:
            report(run, released, time.monotonic() - started)
        return sleep_seconds(run, interval)

    periodic.register("publishing", interval, publishing)
    while not stop.is_set():
        _tidy_connections()
        wait = periodic.run_due()
        if once:
            break
        stop.wait(wait)
    _tidy_connections()


class Command(BaseCommand):
    help = (
        "Xuất bản bài hẹn giờ đúng phút và gỡ bài hết hạn, thay cho lệnh publish_scheduled chạy "
        "theo cron; chạy liên tục cho đến khi nhận SIGTERM hoặc Ctrl-C."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=getattr(settings, "EDITORIAL_WORKER_INTERVAL", 30),
            help="Số giây tối đa giữa hai lần kiểm tra (mặc định EDITORIAL_WORKER_INTERVAL, 30).",
        )
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát (dùng cho cron).")

    def handle(self, *args, interval: float, once: bool, verbosity: int = 1, **options) -> None:
        self.verbosity = verbosity
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        if not once:
            self.stdout.write(f"Tòa Soạn worker: kiểm tra lịch đăng, tối đa {interval:g} giây một lần.")
        serve(stop, interval, once=once, report=self._report)

    def _report(self, run: scheduling.PublishRun, released: list[str], seconds: float) -> None:
        stamp = timezone.localtime().strftime("%H:%M:%S %d/%m/%Y")
        for label in run.published:
            self.stdout.write(f"[{stamp}] Đã xuất bản: {label}")
        for label in run.expired:
            self.stdout.write(f"[{stamp}] Đã gỡ bài hết hạn: {label}")
        for label in released:
            self.stdout.write(f"[{stamp}] Đã mở khóa trang không còn ai sửa: {label}")
        for label in run.failed:
            self.stderr.write(f"[{stamp}] Lỗi khi xử lý {label} (xem nhật ký)")
        if self.verbosity >= 2:
            next_due = (
                timezone.localtime(run.next_due_at).strftime("%H:%M:%S %d/%m/%Y") if run.next_due_at else "—"
            )
            self.stdout.write(f"[{stamp}] Lượt kiểm tra {seconds * 1000:.0f} ms; hạn kế tiếp: {next_due}")
