"""View counts, kept beside the articles (ArticlePage stays thin): a running total and one row a day.

Written only by the flush (services.counter), in batches with `F()` updates; never on a request.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleViewStats(models.Model):
    article = models.OneToOneField(
        "articles.ArticlePage",
        verbose_name=_("Bài viết"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="view_stats",
    )
    total = models.PositiveBigIntegerField(_("Tổng lượt xem"), default=0)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Lượt xem của bài")
        verbose_name_plural = _("Lượt xem của bài")
        indexes = [models.Index(fields=["-total"], name="views_total_desc")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.total}"


class DailyArticleViews(models.Model):
    """Views of one article on one day (Vietnam time); the day and week lists sum these."""

    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("Bài viết"),
        on_delete=models.CASCADE,
        related_name="daily_views",
    )
    day = models.DateField(_("Ngày"))
    count = models.PositiveIntegerField(_("Lượt xem"), default=0)

    class Meta:
        verbose_name = _("Lượt xem trong ngày")
        verbose_name_plural = _("Lượt xem trong ngày")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="daily_views_article_day")]
        indexes = [models.Index(fields=["day", "article"], name="daily_views_day")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.count}"
