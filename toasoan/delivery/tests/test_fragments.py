"""Fragments kept between renders (navigation, breadcrumbs, newer/older lists, tags, the Site,
view restrictions) are never stale: every change shows on the very next render."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from toasoan.articles.models import ArticleTag, Tag
from toasoan.cache import fragments
from toasoan.delivery.services import purge as purges


@pytest.fixture(autouse=True)
def page_cache_off(page_cache_on, settings):
    """Every request renders: what is checked is the fragments, not the page cache."""
    settings.PAGE_CACHE_ENABLED = False


def _part(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0] if start in html else ""


def _lists(html: str) -> str:
    return _part(html, 'class="related"', 'id="binh-luan"')


def _nav(html: str) -> str:
    return _part(html, 'class="site-nav"', "</nav>")


def _crumbs(html: str) -> str:
    return _part(html, 'class="breadcrumbs"', "</nav>")


def _tags(html: str) -> str:
    return _part(html, 'class="article__tags"', "</div>")


def _body(html: str) -> str:
    return _part(html, 'class="article__body"', "</div>")


def _edit_body(portal, make_article, publish):
    article = portal["articles"][4]
    article.body = [("paragraph", "<p>Nội dung đã sửa.</p>")]
    publish(article)


def _new_article(portal, make_article, publish):
    publish(make_article(portal["news"], "Tin mới nhất", published_at="23:00 01/09/2020"))


def _retitle(portal, make_article, publish):
    article = portal["articles"][3]
    article.title = "Tiêu đề đã sửa"
    publish(article)


def _unpublish(portal, make_article, publish):
    portal["articles"][3].unpublish()


def _make_private(portal, make_article, publish):
    PageViewRestriction.objects.create(page=portal["articles"][3], restriction_type=PageViewRestriction.LOGIN)


def _delete(portal, make_article, publish):
    portal["articles"][3].delete()


def _rename_section(portal, make_article, publish):
    portal["news"].title = "Thời sự 24h"
    publish(portal["news"])


def _hide_section(portal, make_article, publish):
    portal["economy"].show_in_menus = False
    publish(portal["economy"])


def _rename_tag(portal, make_article, publish):
    tag = Tag.objects.get(name="Ba Đình")
    tag.name = "Quận Ba Đình"
    tag.save()


def _untag_in_place(portal, make_article, publish):
    # Tag rows deleted on their own (a script, a cleanup), not through their article: whose they
    # were is not known in memory, so every article's tags are read again.
    ArticleTag.objects.filter(content_object=portal["articles"][4]).delete()


EVENTS = [
    # (change, part of the newest article's page, shown before, shown after)
    (_new_article, _lists, None, "Tin mới nhất"),
    (_retitle, _lists, "Bài thời sự số 3", "Tiêu đề đã sửa"),
    (_unpublish, _lists, "Bài thời sự số 3", None),
    (_make_private, _lists, "Bài thời sự số 3", None),
    (_delete, _lists, "Bài thời sự số 3", None),
    (_rename_section, _nav, "Thời sự", "Thời sự 24h"),
    (_rename_section, _crumbs, "Thời sự", "Thời sự 24h"),
    (_hide_section, _nav, "Kinh tế", None),
    (_rename_tag, _tags, "Ba Đình", "Quận Ba Đình"),
    (_untag_in_place, _tags, "Ba Đình", None),
    (_edit_body, _body, "Nội dung bài Bài thời sự số 4", "Nội dung đã sửa"),
]


@pytest.mark.parametrize(
    ("change", "part", "before", "after"),
    EVENTS,
    ids=[
        "new-article",
        "retitled-neighbour",
        "unpublished-neighbour",
        "private-neighbour",
        "deleted-neighbour",
        "renamed-section-nav",
        "renamed-section-breadcrumbs",
        "section-out-of-menu",
        "renamed-tag",
        "tag-rows-deleted-in-place",
        "edited-body",
    ],
)
def test_a_change_shows_on_the_next_render(
    client, portal, make_article, publish, change, part, before, after
):
    url = portal["articles"][4].url
    client.get(url)  # fragments computed and kept
    shown = part(client.get(url).content.decode())
    if before:
        assert before in shown
    if after:
        assert after not in shown
    # No on-commit callback runs here: the bump in the row's own signal is enough, at once.
    change(portal, make_article, publish)
    shown = part(client.get(url).content.decode())
    if after:
        assert after in shown
    if before and not after:
        assert before not in shown


def test_fragments_are_reused_until_the_content_changes(client, portal, django_assert_max_num_queries):
    url = portal["articles"][4].url
    client.get(url)
    generation = fragments.generation()
    with django_assert_max_num_queries(6):  # the page, its routing, comments, threads, views
        assert client.get(url).status_code == 200
    assert fragments.generation() == generation


def test_a_new_slug_routes_at_once(client, portal, publish):
    article = portal["articles"][3]
    old_url = article.url
    assert client.get(old_url).status_code == 200  # its route is kept
    article.slug = "duong-dan-moi"
    publish(article)
    assert client.get(old_url).status_code == 404
    assert client.get(portal["news"].url + "duong-dan-moi/").status_code == 200


def test_a_page_made_private_is_refused_at_once(client, portal):
    url = portal["articles"][4].url
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(page=portal["news"], restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url).status_code == 302  # to the login page, as Wagtail answers


def test_a_draft_changes_nothing_readers_see(client, portal):
    article = portal["articles"][3]
    url = portal["articles"][4].url
    client.get(url)
    generation = fragments.generation()
    article.title = "Bản nháp chưa đăng"
    article.save_revision()
    assert fragments.generation() == generation
    assert "Bản nháp chưa đăng" not in client.get(url).content.decode()


def test_purges_after_commit_bump_the_generation_comments_do_not(portal):
    article = portal["articles"][3]
    generation = fragments.generation()
    purges.execute(purges.article_page_purge(article))  # a comment: only the article page
    assert fragments.generation() == generation
    purges.execute(purges.page_purge(article))
    assert fragments.generation() != generation


def test_a_store_that_keeps_nothing_never_serves_a_kept_fragment(settings):
    """Without a generation to read (a dummy or broken `pages` cache) every fragment is computed."""
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    computed = []
    for _ in range(2):
        fragments.cached("probe", (1,), lambda: computed.append(1) or len(computed))
    assert computed == [1, 1]


def test_an_article_publish_keeps_the_structure_a_section_publish_moves_it(
    portal, publish, django_capture_on_commit_callbacks
):
    """Navigation, the Site, breadcrumbs, bodies and list items (fragments.STRUCTURE_FRAGMENTS)
    survive an article's publish: the first reader after it does not recompute them."""
    content, structure = fragments.generation(), fragments.structure_generation()
    article = portal["articles"][1]
    article.title = "Bài sửa tiêu đề"
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    assert fragments.generation() != content
    assert fragments.structure_generation() == structure
    with django_capture_on_commit_callbacks(execute=True):
        publish(portal["economy"])
    assert fragments.structure_generation() != structure


def test_a_publish_renders_only_the_list_items_it_changed(
    client, portal, publish, django_capture_on_commit_callbacks
):
    from django.test.signals import template_rendered

    rendered: list[str] = []

    def on_render(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(on_render)
    try:
        client.get("/")
        rendered.clear()
        client.get("/")
        assert rendered.count("components/article_item.html") == 0  # every item kept
        article = portal["articles"][1]
        article.title = "Tiêu đề mới của bài"
        with django_capture_on_commit_callbacks(execute=True):
            publish(article)
        rendered.clear()
        html = client.get("/").content.decode()
    finally:
        template_rendered.disconnect(on_render)
    assert "Tiêu đề mới của bài" in html
    # The edited article, once in each list that shows it (newest, its section's block).
    assert rendered.count("components/article_item.html") == 2


def test_a_list_item_shows_a_new_comment_count_at_once(client, portal):
    """Comment counts change without a content purge: they are part of the item's key."""
    from toasoan.comments.models import Comment, CommentStatus

    article = portal["articles"][3]
    client.get(portal["news"].url)
    assert "1 bình luận" not in client.get(portal["news"].url).content.decode()
    Comment.objects.create(
        page=article, name="Bạn đọc", title="Ý kiến", content="Bài hay.", status=CommentStatus.APPROVED
    )
    assert "1 bình luận" in client.get(portal["news"].url).content.decode()
