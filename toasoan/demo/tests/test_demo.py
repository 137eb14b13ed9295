"""`load_demo`: the demo portal, its content and its idempotence."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from toasoan.articles.models import ArticlePage
from toasoan.demo import content, images, services
from toasoan.sections.models import HomePage, SectionPage

SLUG = re.compile(r"^[a-z0-9-]+$")
BAD_CHARACTERS = ("\u00d0", "\u00f0", "\ufffd")
# The other tone style puts the mark on the second vowel of a final oa/oe/uy (hoà, khoẻ, thuỷ);
# after q the u is part of the consonant (quý, quỳnh) and both styles agree.
OTHER_TONE_STYLE = re.compile(r"(?<![qQ])(?:[oO][àáảãạ]|[oO][èéẻẽẹ]|[uU][ỳýỷỹỵ])(?!\w)")
PASSWORD_LINE = re.compile(r"Tài khoản biên tập: (\S+) / (\S+)")


def _login_request():
    """authenticate() is always given the request: django-axes counts failures per request."""
    from django.test import RequestFactory

    return RequestFactory().post("/admin/login/")


def run_load_demo(*args: str) -> tuple[str, str]:
    """Run the command; return its output and the password it printed."""
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    output = out.getvalue()
    match = PASSWORD_LINE.search(output)
    assert match, output
    return output, match.group(2)


def all_texts() -> list[str]:
    """Every reader-facing string of the demo content, templates included."""
    texts = [content.HOME_INTRO, *content.WARDS, *content.RESIDENTS]
    for section in content.SECTIONS:
        texts += [section.title, section.description, *section.officials]
    texts += [text for agency in content.AGENCIES for text in (agency.code, agency.name)]
    texts += [text for author in content.AUTHORS for text in (author.name, author.pen_name, author.bio)]
    texts += [text for image in content.IMAGES for text in (image.title, image.label, image.alt)]
    for article in content.ARTICLES:
        texts += [article.title, article.lead, article.facts, article.topic, article.unit, article.byline]
        texts += [article.image_caption, *article.tags, *(article.quote or ()), *(article.photo_note or ())]
    for pool in (content.COMMON, *content.SECTION_POOLS.values()):
        for group in ("context", "detail", "numbers", "voice", "next_steps"):
            texts += [sentence.text for sentence in getattr(pool, group)]
    return texts


# --------------------------------------------------------------------------- the data itself


def test_content_is_clean_vietnamese_in_one_tone_style():
    for text in all_texts():
        assert text == unicodedata.normalize("NFC", text), text
        assert not any(char in text for char in BAD_CHARACTERS), text
        assert not OTHER_TONE_STYLE.search(text), text
    # The style the project uses is really there.
    joined = " ".join(all_texts())
    assert "hóa" in joined and "Thủy" in joined and "khỏe" in joined


def test_content_is_consistent():
    sections = {section.slug: section for section in content.SECTIONS}
    image_keys = {image.key for image in content.IMAGES}
    agency_codes = {agency.code for agency in content.AGENCIES}
    author_keys = {author.key for author in content.AUTHORS}
    assert len(content.ARTICLES) >= 45
    assert len(sections) >= 6
    assert all(section.parent in (None, *sections) for section in sections.values())
    assert any(section.parent for section in sections.values())
    titles = [article.title for article in content.ARTICLES]
    assert len(set(titles)) == len(titles)
    for article in content.ARTICLES:
        assert article.section in sections
        assert article.kind in content.KINDS
        assert article.image is None or article.image in image_keys
        assert not article.image_caption or article.image
        assert article.agency is None or article.agency in agency_codes
        assert set(article.authors) <= author_keys
        assert article.authors or article.byline, article.title
        assert 0 < article.age_hours <= 60 * 24
        assert article.place in content.WARDS
    assert sum(article.agency is not None for article in content.ARTICLES) > len(content.ARTICLES) // 2
    assert sum(article.photo_note is not None for article in content.ARTICLES) >= 1
    assert sum(article.quote is not None for article in content.ARTICLES) >= 5
    assert min(article.age_hours for article in content.ARTICLES) < 24


def test_every_article_body_has_three_to_six_filled_paragraphs():
    sections = {section.slug: section for section in content.SECTIONS}
    base = services.now_minute()
    for article in content.ARTICLES:
        slug = services.vntext.slugify(article.title)
        assert SLUG.match(slug), slug
        body = services.build_body(
            article,
            sections[article.section],
            content.SECTION_POOLS[article.section],
            services.published_at_for(article, base),
            None,
            "Tòa Soạn",
            slug,
        )
        paragraphs = [block["value"] for block in body if block["type"] == "paragraph"]
        assert 3 <= len(paragraphs) <= 6, article.title
        for paragraph in paragraphs:
            assert "{" not in paragraph and "}" not in paragraph, paragraph
            assert paragraph.startswith("<p>") and paragraph.endswith(".</p>"), paragraph
        text = " ".join(paragraphs)
        assert len(set(re.findall(r"[^.;]+\.", text))) == len(re.findall(r"[^.;]+\.", text)), article.title


def test_images_are_drawn_even_without_a_font(monkeypatch):
    spec = content.IMAGES[0]
    with_font = images.render(spec, (179, 38, 30))
    assert with_font.size == images.SIZE
    images.load_font.cache_clear()
    monkeypatch.setattr(images, "FONT_CANDIDATES", (Path("/nonexistent/font.ttf"),))
    try:
        without_font = images.render(spec, (179, 38, 30))
    finally:
        images.load_font.cache_clear()
    assert without_font.size == images.SIZE
    for motif in images.MOTIFS:
        images.render(content.ImageSpec("x", "x", "x", "x", "thoi-su", motif), (10, 120, 200))


# --------------------------------------------------------------------------- the command


def test_corpus_option_goes_through_import_articles(db, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(services, "get_commands", lambda: {"import_articles": "toasoan.importer"})
    monkeypatch.setattr(services, "call_command", lambda *args, **kwargs: calls.append(args))
    corpus = tmp_path / "bai.jsonl.gz"
    corpus.write_bytes(b"")
    output, password = run_load_demo("--corpus", str(corpus), "--editor-username", "toabientap")
    assert calls == [("import_articles", str(corpus), "--format", "jsonl")]
    assert ArticlePage.objects.count() == 0, "no written article when a corpus is given"
    assert SectionPage.objects.count() == len(content.SECTIONS)
    assert f"Tài khoản biên tập: toabientap / {password}" in output
    assert authenticate(_login_request(), username="toabientap", password=password) is not None


def test_corpus_option_without_the_importer_fails_clearly(db, monkeypatch, tmp_path):
    monkeypatch.setattr(services, "get_commands", dict)
    out = io.StringIO()
    with pytest.raises(CommandError, match="import_articles"):
        call_command("load_demo", "--corpus", str(tmp_path / "bai.jsonl"), stdout=out)
    assert PASSWORD_LINE.search(out.getvalue()), "the new password is shown even when the import fails"


def test_site_setup_replaces_the_welcome_page(db):
    root = Page.get_first_root_node()
    for home in HomePage.objects.all():
        welcome = Page(title=services.WELCOME_TITLE, slug="home-welcome")
        root.add_child(instance=welcome)
        Site.objects.filter(root_page=home).update(root_page=welcome)
        home.delete()
    assert not HomePage.objects.exists()

    notes: list[str] = []
    home, created = services.ensure_site(None, notes)
    assert created and not notes
    assert home.title == settings.SITE_NAME and home.slug == services.HOME_SLUG and home.live
    assert home.latest_revision_id is not None
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert not Page.objects.filter(title=services.WELCOME_TITLE).exists()

    pages = Page.objects.count()
    again, created_again = services.ensure_site(None, notes)
    assert again.pk == home.pk and not created_again
    assert Page.objects.count() == pages


# --------------------------------------------------------------------------- the newcomer's day


def test_the_administrator_name_cannot_take_a_role_account(db):
    with pytest.raises(CommandError, match="tài khoản theo vai trò"):
        call_command("load_demo", "--editor-username", "phongvien", stdout=io.StringIO())


def test_make_demo_speaks_vietnamese_and_serves_its_own_address():
    """`make demo`'s console lines were English, and the Site kept the address `localhost:80`
    while the demo served 127.0.0.1:8000 (Replays issue #17 (5))."""
    import shutil
    import subprocess

    result = subprocess.run(  # noqa: S603
        [shutil.which("make") or "/usr/bin/make", "-n", "demo", "DEMO_ADDR=127.0.0.1:8765"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    commands = [line for line in lines if "manage.py" in line]
    steps = [re.search(r"manage\.py (\S+)", line).group(1) for line in commands]
    assert steps[:7] == [
        "migrate", "load_demo", "set_site_address", "load_demo_portals", "backup", "compliance_report",
        "run_worker",
    ], steps  # fmt: skip
    assert commands[2].endswith("manage.py set_site_address 127.0.0.1:8765")
    # The component portals (docs/portals.md) answer on the demo's port too.
    assert commands[3].endswith("manage.py load_demo_portals --port 8765")
    # The report reads the address just set and a backup just taken; written where the demo says.
    assert "--html var/bao-cao-tuan-thu.html --json var/bao-cao-tuan-thu.json" in commands[5]
    said = " ".join(line for line in lines if line.startswith("echo"))
    for english in ("Site:", "Admin:", "Scheduled publishing", "printed above", "runs beside"):
        assert english not in said
    assert "Trang cho người đọc: http://127.0.0.1:8765/" in said
    assert "Trang quản trị:" in said and "http://127.0.0.1:8765/admin/" in said


def _dev_middleware() -> list[str]:
    """The dev settings' MIDDLEWARE, read in a process of its own (importing them here would change
    the dicts the test settings share with them)."""
    import json
    import os
    import subprocess
    import sys

    code = "import json; from django.conf import settings; print(json.dumps(settings.MIDDLEWARE))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toasoan.settings.dev"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_demo_shows_readers_the_vietnamese_404(client, home):
    """With DEBUG on (the demo), a wrong address showed Django's English debug page (#17 (5))."""
    from django.test import override_settings

    with override_settings(DEBUG=True, MIDDLEWARE=_dev_middleware()):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Không tìm thấy trang" in html and '<html lang="vi">' in html
        assert "Using the URLconf" not in html and "Page not found" not in html
        assert "Raised by" not in html
        # An address no URL pattern matches at all (no trailing slash, not a page) too.
        for path in ("/media/khong-co-anh.jpg", "/thoi-su/khong-co.html"):
            response = client.get(path)
            assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode(), path
