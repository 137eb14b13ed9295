"""The move of comments from articles to pages keeps every comment on its article."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from toasoan.comments.models import Comment

BEFORE = [("comments", "0002_rate_limit_bucket")]
AFTER = [("comments", "0003_comment_page")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_comments_stay_on_their_article(make_section, make_article):
    article = make_article(make_section("Tin tức"), "Bài có bình luận", published_at="08:00 01/09/2025")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_state = executor.loader.project_state(BEFORE).apps
    OldComment = old_state.get_model("comments", "Comment")
    OldComment.objects.create(
        article_id=article.pk, name="Bạn đọc", title="Trước", content="Ý kiến cũ.", status="approved"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    comment = Comment.objects.get()
    assert comment.page_id == article.pk and comment.title == "Trước"
    assert comment.page.specific == article
    assert list(article.reader_comments.values_list("title", flat=True)) == ["Trước"]
