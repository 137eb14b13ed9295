"""Without an English home (docs/english.md), nothing is served under /en/ and no page names a
translation. Apart from test_english_pages.py, whose tests share a portal that has one."""

from __future__ import annotations

from .test_english_pages import _html


def test_without_an_english_home_nothing_is_served_under_en(client, home, make_section, make_article):
    news = make_section("Thời sự", slug="thoi-su")
    make_article(news, "Khánh thành cầu đi bộ", slug="khanh-thanh-cau-di-bo")
    assert client.get("/en/").status_code == 404
    assert client.get("/en/thoi-su/khanh-thanh-cau-di-bo/").status_code == 404
    html = _html(client, "/thoi-su/khanh-thanh-cau-di-bo/")
    assert "language-switch" not in html and "hreflang" not in html
