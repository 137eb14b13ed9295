"""Purges left for `run_worker`: one that failed (a cache or CDN down), and nginx's second pass."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingPurge(models.Model):
    due_at = models.DateTimeField(_("Chạy lúc"), db_index=True)
    #: The whole purge again (page cache, baked files, frontend caches), as `services.purge.Purge`.
    everything = models.BooleanField(default=False)
    paths = models.JSONField(default=dict, blank=True)  # root URL -> [paths]
    lists = models.JSONField(default=dict, blank=True)
    content = models.BooleanField(default=True)
    #: Or only these URLs from these frontend cache backends (aliases of WAGTAILFRONTENDCACHE).
    urls = models.JSONField(default=list, blank=True)
    backends = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Lệnh xóa bộ đệm chờ chạy")
        verbose_name_plural = _("Lệnh xóa bộ đệm chờ chạy")

    def __str__(self) -> str:
        what = "Xóa toàn bộ bộ đệm" if self.everything else "Xóa bộ đệm các trang đã đổi"
        return f"{what} lúc {self.due_at:%H:%M:%S %d/%m/%Y}"
