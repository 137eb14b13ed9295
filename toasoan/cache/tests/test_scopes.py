"""Fragments kept under what they depend on (fragments.cached `scopes`) and the route kept under
the structure generation: a publish elsewhere keeps them, every change they show is on the very
next request (no on-commit callback runs in these tests unless one says so)."""

from __future__ import annotations

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from toasoan.articles.models import Author
from toasoan.articles.services import listing, pages
from toasoan.cache import fragments, queries


def _lists(html: str) -> str:
    return (
        html.split('class="related"', 1)[1].split('id="binh-luan"', 1)[0] if 'class="related"' in html else ""
    )


def _newer(html: str) -> str:
    lists = _lists(html)
    return (
        lists.split('id="cac-bai-moi-dang"', 1)[1].split("</section>", 1)[0]
        if "cac-bai-moi-dang" in lists
        else ""
    )


def _tags(html: str) -> str:
    return html.split('class="article__tags"', 1)[1].split("</div>", 1)[0] if "article__tags" in html else ""


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_publish_in_another_section_keeps_the_lists_tags_and_route(client, sections, publish):
    url = sections["articles"][2].url
    client.get(url)
    warm = _queries(client, url)
    other = sections["others"][0]
    other.title = "Bài kinh tế đã sửa"
    publish(other)
    after = _queries(client, url)
    # Its newer/older lists, tags, authors, route and story-thread box were kept: the first reader
    # after the publish runs what a warm request runs (its comments), nothing more.
    assert [sql for sql in after if sql not in warm] == []
    assert len(after) == len(warm)
    assert not any("editorial_storythread" in sql for sql in after)


def test_publishing_article_x_changes_article_y_newer_list_on_the_next_request(
    client, sections, make_article, publish
):
    url = sections["articles"][2].url
    assert "Tin mới trong chuyên mục" not in _newer(client.get(url).content.decode())
    publish(make_article(sections["news"], "Tin mới trong chuyên mục", published_at="23:00 01/09/2020"))
    assert "Tin mới trong chuyên mục" in _newer(client.get(url).content.decode())


def test_a_neighbour_published_with_a_new_time_moves_between_the_lists(client, sections, publish):
    url = sections["articles"][2].url
    neighbour = sections["articles"][0]  # older than the article shown
    assert "Bài thời sự số 0" not in _newer(client.get(url).content.decode())
    neighbour.published_at = neighbour.published_at.replace(hour=22)
    publish(neighbour)
    assert "Bài thời sự số 0" in _newer(client.get(url).content.decode())


def test_a_neighbour_unpublished_leaves_the_lists_at_once(client, sections):
    url = sections["articles"][2].url
    assert "Bài thời sự số 3" in _lists(client.get(url).content.decode())
    sections["articles"][3].unpublish()
    assert "Bài thời sự số 3" not in _lists(client.get(url).content.decode())


def test_an_article_moved_to_another_section_leaves_one_list_and_joins_the_other(client, sections):
    news_url, economy_url = sections["articles"][2].url, sections["others"][1].url
    client.get(news_url)
    client.get(economy_url)
    moved = sections["articles"][3]
    moved.move(sections["economy"], pos="last-child")
    assert "Bài thời sự số 3" not in _lists(client.get(news_url).content.decode())
    assert "Bài thời sự số 3" in _lists(client.get(economy_url).content.decode())


def test_an_article_tags_and_authors_change_on_the_next_request(client, sections, publish):
    article = sections["articles"][2]
    url = article.url
    html = client.get(url).content.decode()
    assert "Ba Đình" in _tags(html)
    article.tags.set(["Hoàn Kiếm"])
    author = Author.objects.create(name="Nguyễn Văn Bút")
    article.authors.set([author])
    publish(article)
    html = client.get(url).content.decode()
    assert "Hoàn Kiếm" in _tags(html)
    assert "Ba Đình" not in _tags(html)
    assert "Nguyễn Văn Bút" in html
    author.pen_name = "Bút Xanh"
    author.save()  # a snippet saved on its own: the taxonomy scope moves
    assert "Bút Xanh" in client.get(url).content.decode()


def test_a_deleted_article_is_not_found_at_its_kept_route(client, sections):
    article = sections["articles"][2]
    url = article.url
    assert client.get(url).status_code == 200  # its route is kept (structure generation)
    article.delete()
    assert client.get(url).status_code == 404


def test_a_moved_article_is_served_at_its_new_address_only(client, sections):
    article = sections["articles"][2]
    old_url = article.url
    assert client.get(old_url).status_code == 200
    article.move(sections["economy"], pos="last-child")
    article.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code in (301, 404)  # a redirect the move left, never the page
    if response.status_code == 301:
        assert response["Location"] == article.url
    assert client.get(article.url).status_code == 200


def test_a_page_created_where_a_path_found_only_its_section_routes_at_once(
    client, sections, make_article, publish
):
    url = sections["news"].url + "bai-viet-moi-toanh/"
    assert client.get(url).status_code == 404  # found the section, which has no such route
    publish(make_article(sections["news"], "Bài viết mới toanh"))
    assert client.get(url).status_code == 200


def test_scope_tokens_move_again_after_the_commit(sections, publish, django_capture_on_commit_callbacks):
    """A render elsewhere between the row's save and the commit may read the old rows: the second
    bump makes what it kept unreachable."""
    scope = pages.section_scope(sections["articles"][1])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(sections["articles"][1])
        after_save = fragments.scope_tokens((scope,))
    for callback in callbacks:
        callback()
    assert fragments.scope_tokens((scope,)) != after_save


def test_compiled_neighbour_queries_give_what_the_orm_gives(sections, make_article):
    # Two articles of the same minute still list each other (the id breaks the tie).
    twin = make_article(sections["news"], "Bài cùng giờ", published_at="03:00 01/09/2020")
    for article in (*sections["articles"], twin):
        article.refresh_from_db()
        newer, older = listing.neighbours(article)
        rows = listing.neighbour_rows(article)
        assert [row[0] for row in rows[0]] == [page.pk for page in newer]
        assert [row[0] for row in rows[1]] == [page.pk for page in older]
        assert [row[5] for row in rows[1]] == [page.published_at for page in older]  # dates converted


def test_a_query_whose_values_cannot_be_found_runs_through_the_orm(sections):
    """A value the ORM is given changed (here cut short): `queries` cannot find it among the
    compiled parameters, and runs the ORM's own query instead; never a wrong query."""
    from wagtail.models import Page

    def build(title):
        return Page.objects.filter(title__startswith=title[:-1]).order_by("title").values_list("title")

    found = queries.rows("probe-unforeseen", build, (queries.Value("text"),), ("Bài thời sự số 9",))
    assert found == [(f"Bài thời sự số {number}",) for number in range(5)]
    assert connections["default"].__dict__["_toasoan_compiled_queries"]["probe-unforeseen"] is None
