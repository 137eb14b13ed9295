"""Links and blocked words hold a comment as likely spam; the reader sees the usual message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from toasoan.accounts.testing import login_verified
from toasoan.comments.models import BlockedTerm, Comment, CommentStatus
from toasoan.comments.services import spam


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("không có liên kết", 0),
        ("xem https://a.vn và http://b.com/x", 2),
        ("www.a.vn, b.com, c.xyz/duong-dan", 3),
        ("số 3.5 và v.v. không phải liên kết", 0),
    ],
)
def test_count_links(text, count):
    assert spam.count_links(text) == count


def test_two_links_pass_three_are_held(client, article, valid_data, write_url, clock):
    client.post(write_url, valid_data(content="Tham khảo https://a.gov.vn và https://b.gov.vn"))
    assert Comment.objects.get().status == CommentStatus.PENDING
    clock.advance(20)
    response = client.post(write_url, valid_data(content="https://x.com https://y.com https://z.com"))
    assert response.status_code == 303  # the reader is told what everyone is told
    held = Comment.objects.latest("pk")
    assert held.status == CommentStatus.SPAM
    assert "3 liên kết" in held.held_reason


@pytest.mark.parametrize(
    "written",
    ["Trang cờ bạc trực tuyến", "trang CO BAC truc tuyen", "Cờ  Bạc!", "co-bac", "CỜ BẠC"],
)
def test_blocklist_matches_with_and_without_diacritics(db, written):
    BlockedTerm.objects.create(term="cờ bạc")
    assert spam.matching_terms(written) == ["co bac"]


def test_blocklist_matches_whole_words_only(db):
    BlockedTerm.objects.create(term="bac")
    assert spam.matching_terms("Bắc Ninh") == ["bac"]  # same letters without marks: held for a person
    assert spam.matching_terms("bacteria") == []


def test_blocked_word_holds_the_comment(client, article, valid_data, write_url):
    BlockedTerm.objects.create(term="Lừa đảo")
    client.post(write_url, valid_data(title="Chuyện lua dao"))
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.SPAM
    assert "lua dao" in comment.held_reason


def test_blocklist_edits_apply_at_once(db):
    assert spam.matching_terms("quảng cáo") == []
    term = BlockedTerm.objects.create(term="quảng cáo")
    assert spam.matching_terms("QUANG CAO") == ["quang cao"]
    term.delete()
    assert spam.matching_terms("QUANG CAO") == []


def test_blocked_term_is_unique_once_folded(db):
    BlockedTerm.objects.create(term="cờ bạc")
    duplicate = BlockedTerm(term="CO BAC")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(ValidationError):
        BlockedTerm(term="!!!").full_clean()


def test_moderators_edit_the_blocklist_in_the_admin(client, moderator, editor):
    login_verified(client, moderator)
    response = client.post("/admin/binh-luan/tu-khoa-chan/new/", {"term": "Cá độ"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BlockedTerm.objects.get().folded == "ca do"
    assert client.get("/admin/binh-luan/tu-khoa-chan/").status_code == 200
    login_verified(client, editor)
    response = client.get("/admin/binh-luan/tu-khoa-chan/")
    assert response.status_code == 302 and "Cá độ" not in response.content.decode()
