"""Fixtures for the comments tests: an article, people, a controllable clock, a valid form."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from toasoan.comments.forms import sign_timestamp
from toasoan.comments.services import clock as clock_module
from toasoan.comments.signal_handlers import MODERATORS_GROUP
from toasoan.vntext.dates import VIETNAM_TZ


class Clock:
    """Replaces services.clock.now(); `advance()` moves it on."""

    def __init__(self, start: datetime):
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float = 0, **delta) -> datetime:
        self.current += timedelta(seconds=seconds, **delta)
        return self.current


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def without_redis(settings):
    """The one-machine install: no Redis, so the rate limits live in the database (CI's PostgreSQL
    leg runs with REDIS_URL)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "no-redis"},
    }


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # A fixed morning in Hanoi: an hour's advance never crosses the IP hash's daily salt change.
    controlled = Clock(datetime(2025, 9, 16, 9, 0, tzinfo=VIETNAM_TZ))
    monkeypatch.setattr(clock_module, "now", controlled.now)
    return controlled


@pytest.fixture
def article(make_section, make_article):
    section = make_section("Tin tức")
    return make_article(section, "Ba Đình phát động đợt thi đua", published_at="16:20 16/09/2020")


@pytest.fixture
def other_article(article, make_article):
    return make_article(article.get_parent().specific, "Bài khác", published_at="08:00 18/09/2020")


@pytest.fixture
def moderator(django_user_model, db):
    # A transactional test's flush may have taken the migrations' rows (Wagtail's access_admin
    # permission, the group's permissions) before this test: make sure they are there.
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from toasoan.comments.signal_handlers import ensure_moderators_group

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    ensure_moderators_group(apps.get_app_config("comments"))
    user = django_user_model.objects.create_user("kiemduyet", password="mat-khau-kiem-duyet")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@pytest.fixture
def editor(django_user_model, db):
    """A plain Wagtail editor: may edit pages, may not moderate comments."""
    user = django_user_model.objects.create_user("bientap", password="mat-khau-bien-tap")
    user.groups.add(Group.objects.get(name="Biên tập viên"))  # Wagtail's "Editors" (editorial 0003)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def captcha_answer(key: str) -> str:
    return CaptchaStore.objects.get(hashkey=key).response


def key_in(html: str) -> str:
    match = re.search(r'name="captcha_key" value="([0-9a-f]+)"', html)
    assert match, "no captcha key in the form"
    return match.group(1)


def csrf_in(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


@pytest.fixture
def valid_data(article):
    """A complete, valid submission for `article` (a real code, rendered 10 s ago)."""

    def make(**overrides) -> dict:
        key = CaptchaStore.generate_key()
        # Valid for 30 minutes from now by the (possibly controlled) clock.
        CaptchaStore.objects.filter(hashkey=key).update(expiration=clock_module.now() + timedelta(minutes=30))
        data = {
            "name": "Nguyễn Văn An",
            "phone": "",
            "title": "Góp ý về đợt thi đua",
            "content": "Tôi đồng ý với chủ trương.\nMong quận công khai kết quả.",
            "captcha_key": key,
            "captcha": captcha_answer(key),
            "timestamp": sign_timestamp(article.pk, clock_module.timestamp() - 10),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def write_url(article) -> str:
    return f"/binh-luan/viet/{article.pk}/"
