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


def test_a_publish_in_its_section_reads_only_the_article_its_lists_and_its_comments(
    client, sections, publish, django_assert_num_queries
):
    """What a neighbour's publish really changed is the newer/older lists: read again in one query.
    Its tags and authors are kept under the article's own scope (the neighbour's publish rewrote
    the neighbour's own tag rows: they move the neighbour's scope, not every article's): its row,
    the lists, its comments, 3 queries (6 before: the lists in two, tags and authors again)."""
    article = sections["articles"][2]
    client.get(article.url)
    neighbour = sections["articles"][4]
    neighbour.title = "Bài thời sự số 4 đã sửa"
    publish(neighbour)
    with CaptureQueriesContext(connection) as captured, django_assert_num_queries(3):
        html = client.get(article.url).content.decode()
    assert "Bài thời sự số 4 đã sửa" in _newer(html)
    assert "Ba Đình" in _tags(html)  # kept, not read again
    assert not any("articles_tag" in query["sql"] or "articles_author" in query["sql"] for query in captured)


def test_tags_kept_through_a_neighbours_publish_still_follow_the_article_own_edit(client, sections, publish):
    article = sections["articles"][2]
    client.get(article.url)
    publish(sections["articles"][4])  # a neighbour: the article's tags stay kept
    article.tags.set(["Tây Hồ"])
    publish(article)
    html = client.get(article.url).content.decode()
    assert "Tây Hồ" in _tags(html)
    assert "Ba Đình" not in _tags(html)


def test_a_retitled_neighbour_shows_in_both_lists_of_the_articles_around_it(client, sections, publish):
    """The one-query lists tell newer from older by (time, id): a neighbour renamed shows in the
    older list of the article after it and the newer list of the one before it, once each."""
    before, middle, after = sections["articles"][1:4]
    for page in (before, after):
        client.get(page.url)
    middle.title = "Bài giữa đã đổi tên"
    publish(middle)
    assert "Bài giữa đã đổi tên" in _newer(client.get(before.url).content.decode())
    later = _lists(client.get(after.url).content.decode())
    assert "Bài giữa đã đổi tên" in later and "Bài giữa đã đổi tên" not in _newer(later)
    assert later.count("Bài giữa đã đổi tên") == 1


def test_a_union_of_compiled_parts_gives_the_rows_of_each(sections):
    """A build that returns several querysets: one query, the rows of all of them."""
    from wagtail.models import Page

    def build(first, second):
        return (
            Page.objects.filter(title=first).values_list("title"),
            Page.objects.filter(title=second).values_list("title"),
        )

    values = (queries.Value("text"), queries.Value("text"))
    with CaptureQueriesContext(connection) as captured:
        found = queries.rows("probe-union", build, values, ("Bài thời sự số 1", "Bài kinh tế số 0"))
    assert sorted(found) == [("Bài kinh tế số 0",), ("Bài thời sự số 1",)]
    assert len(captured) == 1


def test_a_page_served_is_built_as_the_orm_builds_it(sections):
    """The page's own row, compiled once (sections.routing.specific_for_serving): the same fields
    and the same joined relations as the ORM's `first()`, also on the second call (compiled)."""
    from wagtail.models import Page

    from toasoan.articles.models import ArticlePage
    from toasoan.sections import registry, routing

    related = (*ArticlePage.route_select_related, *registry.related("articles.articlepage"))
    for article in (*sections["articles"], *sections["others"]):
        page = Page.objects.get(pk=article.pk)
        for _ in range(2):
            served = routing.specific_for_serving(page)
            expected = ArticlePage.objects.select_related(*related).filter(pk=article.pk).first()
            assert type(served) is ArticlePage
            fields = {key: value for key, value in served.__dict__.items() if key != "_state"}
            assert fields == {key: value for key, value in expected.__dict__.items() if key != "_state"}
            assert set(served._state.fields_cache) == set(expected._state.fields_cache)
    gone = Page.objects.get(pk=sections["articles"][0].pk)
    sections["articles"][0].delete()
    assert routing.specific_for_serving(gone) is None


def test_a_token_moved_during_a_request_is_read_again_in_it(rf, sections):
    """Tokens are read once per request, also by callers without the request (the memo of the
    request being served); a bump in the same process empties it.

    The signals are sent without Django's `close_old_connections`, as the test client sends
    them: it would close the test's connection inside its transaction, and the next test of the
    worker would find it closed (on PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        signals.request_started.send(sender=None)
        try:
            first = fragments.scope_tokens(("children:probe",))
            assert fragments.scope_tokens(("children:probe",)) == first
            fragments.bump_scopes("children:probe")
            assert fragments.scope_tokens(("children:probe",)) != first
        finally:
            signals.request_finished.send(sender=None)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    after = fragments.scope_tokens(("children:probe",))
    fragments.bump_scopes("children:probe")
    assert fragments.scope_tokens(("children:probe",)) != after  # outside a request: read every time


def test_refresh_runs_on_a_kept_value_only_until_the_generation_moves(db):
    computed, refreshed = [], []

    def compute() -> list[str]:
        computed.append(1)
        return ["kept"]

    def read() -> list[str]:
        return fragments.cached("refresh_probe", (1,), compute, refresh=refreshed.append)

    assert read() == ["kept"] and (len(computed), len(refreshed)) == (1, 0)  # computed: fresh already
    assert read() == ["kept"] and (len(computed), len(refreshed)) == (1, 1)  # read back: refreshed
    fragments.bump()
    read()
    assert (len(computed), len(refreshed)) == (2, 1)  # a new generation: computed, not refreshed


def test_an_annotated_list_compiled_once_is_built_as_the_orm_builds_it(sections):
    """A list's rows (the search results' listing query): the annotations (section title, comment
    count) come from their columns as the ORM sets them, on the second call too; a query that
    prefetches (images) runs through the ORM every time."""
    ids = [article.pk for article in sections["articles"][:3]]
    values = (queries.Value("int"),) * len(ids)

    def fields(instance) -> dict:
        return {key: value for key, value in instance.__dict__.items() if key != "_state"}

    def build(*wanted):
        return listing.articles(images=False).filter(pk__in=wanted)

    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            made = queries.instances("probe-annotated", build, values, ids)
        expected = list(build(*ids))
        assert [fields(instance) for instance in made] == [fields(instance) for instance in expected]
        assert {instance.section_title for instance in made} == {"Thời sự"}
        assert len(captured) == 1
    assert connections["default"].__dict__["_toasoan_compiled_queries"]["probe-annotated"] is not None

    def with_images(*wanted):
        return listing.articles().filter(pk__in=wanted)

    made = queries.instances("probe-prefetch", with_images, values, ids)
    assert [instance.pk for instance in made] == [instance.pk for instance in with_images(*ids)]
    assert connections["default"].__dict__["_toasoan_compiled_queries"]["probe-prefetch"] is None
