"""The demo's drafts for public comment: one open around the demo's "now", one closed with its
feedback report, reachable from the registry, and made once."""

from __future__ import annotations

import unicodedata

from toasoan.comments.models import Comment, CommentStatus
from toasoan.demo import drafts, legal
from toasoan.legal.models import LegalDraftPage, LegalIndexPage

from .test_demo import BAD_CHARACTERS, OTHER_TONE_STYLE


def test_the_demo_draft_texts_are_clean_vietnamese():
    texts = [drafts.OPEN_TITLE, drafts.OPEN_INTRO, drafts.CLOSED_TITLE, drafts.CLOSED_INTRO, drafts.FEEDBACK]
    texts += [text for spec in drafts.OPEN_COMMENTS for text in spec[:4] if text]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text
        assert not any(char in text for char in BAD_CHARACTERS), text
        assert not OTHER_TONE_STYLE.search(text), text


def test_one_draft_is_open_today_and_one_closed_with_its_report(client, home, clock):
    clock.set("08:00 06/12/2026")
    legal.ensure_registry(home, None)
    drafts.ensure_drafts(home, None)
    drafts.ensure_drafts(home, None)  # a second run makes nothing
    index = LegalIndexPage.objects.get()
    open_draft = LegalDraftPage.objects.get(slug=drafts.OPEN_SLUG)
    closed = LegalDraftPage.objects.get(slug=drafts.CLOSED_SLUG)
    assert LegalDraftPage.objects.count() == 2
    assert open_draft.comments_open(clock.now) and not closed.comments_open(clock.now)
    statuses = list(Comment.objects.filter(page=open_draft).values_list("status", flat=True))
    assert statuses.count(CommentStatus.APPROVED) == 3 and statuses.count(CommentStatus.PENDING) == 1
    registry_html = client.get(index.url).content.decode()
    assert open_draft.url in registry_html and f"{index.url}du-thao/" in registry_html
    closed_html = client.get(closed.url).content.decode()
    assert "Đã có báo cáo tiếp thu" in closed_html and "Tiếp thu: giữ lại 1,5 m vỉa hè" in closed_html
    open_html = client.get(open_draft.url).content.decode()
    assert "Đang lấy ý kiến" in open_html and "Giờ họp chợ sớm" in open_html
    assert "Điểm bán cho người cao tuổi" not in open_html  # still waiting for a moderator

    clock.set("08:00 06/03/2027")  # months later: the demo's open draft is open again
    drafts.ensure_drafts(home, None)
    assert LegalDraftPage.objects.get(slug=drafts.OPEN_SLUG).comments_open(clock.now)
