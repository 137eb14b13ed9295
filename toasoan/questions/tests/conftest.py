"""Fixtures for the questions tests: a published "Hỏi đáp" page with topics, people, a valid form."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from toasoan.comments.forms import sign_timestamp
from toasoan.comments.services import clock as clock_module
from toasoan.questions.models import QuestionIndexPage, QuestionTopic
from toasoan.questions.signal_handlers import HANDLERS_GROUP
from toasoan.vntext.dates import VIETNAM_TZ

ASKER = {
    "name": "Lê Thị Hồng Nhung",
    "email": "hongnhung.rieng@example.vn",
    "phone": "0987 111 222",
    "address": "Số 17 ngõ Bí Mật, thôn Đông Hòa",
}


class Clock:
    def __init__(self, start: datetime):
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.QUESTIONS_PRIVATE_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # Tuesday morning in Hanoi.
    controlled = Clock(datetime(2026, 3, 3, 9, 0, tzinfo=VIETNAM_TZ))
    monkeypatch.setattr(clock_module, "now", controlled.now)
    return controlled


@pytest.fixture
def index(home) -> QuestionIndexPage:
    page = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap", intro="Người dân hỏi, cơ quan trả lời.")
    page.topics = [
        QuestionTopic(name="Hộ tịch"),
        QuestionTopic(name="Đất đai"),
        QuestionTopic(name="Giáo dục"),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def topics(index) -> dict[str, QuestionTopic]:
    return {topic.name: topic for topic in index.topics.all()}


@pytest.fixture
def unit(home):
    from toasoan.organisation.models import OrganisationPage, UnitPage

    organisation = OrganisationPage(
        title="Cơ cấu tổ chức", slug="co-cau-to-chuc", agency_name="UBND huyện Hòa Phong"
    )
    home.add_child(instance=organisation)
    organisation.save_revision().publish()
    unit = UnitPage(title="Phòng Tư pháp", slug="phong-tu-phap")
    organisation.add_child(instance=unit)
    unit.save_revision().publish()
    return UnitPage.objects.get(pk=unit.pk)


def _staff(django_user_model, username: str):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from toasoan.questions.signal_handlers import ensure_handlers_group

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    ensure_handlers_group(apps.get_app_config("questions"))
    return django_user_model.objects.create_user(username, password=f"mat-khau-{username}")


@pytest.fixture
def handler(django_user_model, db):
    """A member of "Trả lời hỏi đáp"."""
    user = _staff(django_user_model, "traloi")
    user.groups.add(Group.objects.get(name=HANDLERS_GROUP))
    return user


@pytest.fixture
def editor(django_user_model, db):
    """A plain Wagtail editor: may edit pages, may not handle questions."""
    user = _staff(django_user_model, "bientap")
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def new_key() -> tuple[str, str]:
    key = CaptchaStore.generate_key()
    CaptchaStore.objects.filter(hashkey=key).update(expiration=clock_module.now() + timedelta(minutes=30))
    return key, CaptchaStore.objects.get(hashkey=key).response


@pytest.fixture
def valid_data(index, topics):
    def make(**overrides) -> dict:
        key, answer = new_key()
        data = {
            **ASKER,
            "topic": str(topics["Hộ tịch"].pk),
            "title": "Đăng ký kết hôn với người nước ngoài",
            "content": "Tôi muốn đăng ký kết hôn với người nước ngoài.\nCần những giấy tờ gì?",
            "consent": "on",
            "captcha_key": key,
            "captcha": answer,
            "timestamp": sign_timestamp(index.pk, clock_module.timestamp() - 10),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def ask_url(index) -> str:
    return index.url + index.reverse_subpage("ask")


@pytest.fixture
def make_question(index, topics):
    from toasoan.comments.services import clock as shared_clock
    from toasoan.questions.models import Question
    from toasoan.questions.services import deadlines

    def make(**fields) -> Question:
        now = shared_clock.now()
        fields.setdefault("name", ASKER["name"])
        fields.setdefault("email", ASKER["email"])
        fields.setdefault("phone", "+84987111222")
        fields.setdefault("address", ASKER["address"])
        fields.setdefault("title", "Hỏi về thủ tục cấp giấy khai sinh")
        fields.setdefault("content", "Con tôi sinh ở tỉnh khác, đăng ký khai sinh ở đâu?")
        fields.setdefault("topic", topics["Hộ tịch"])
        fields.setdefault("created_at", now)
        fields.setdefault("consent_at", now)
        fields.setdefault("due_on", deadlines.due_on(fields["created_at"]))
        question = Question(index=index, **fields)
        question.refresh_search_key()
        question.save()
        return question

    return make
