"""An article shows its view count only once it has views.

Replays issue #17 (7): a new article told every reader "0 lượt xem".
"""

from __future__ import annotations

import re

from django.utils import timezone

from toasoan.analytics.services import counter


def _views_paragraph(html: str) -> str:
    [paragraph] = re.findall(r'<p class="article__views">(.*?)</p>', html, re.S)
    return paragraph


def test_no_count_before_the_first_views_then_the_count(client, make_section, make_article):
    article = make_article(make_section("Thời sự"), "Bài mới đăng")

    paragraph = _views_paragraph(client.get(article.url).content.decode())
    assert "lượt xem" not in paragraph.replace('alt="Đếm lượt xem"', "")
    assert f'src="/luot-xem/{article.pk}.svg"' in paragraph  # the view is still counted

    counter.counter().incr(article.pk, timezone.localdate(), 1234)
    counter.flush()
    paragraph = _views_paragraph(client.get(article.url).content.decode())
    assert '<span class="article__views-count">1.234</span> lượt xem' in paragraph
