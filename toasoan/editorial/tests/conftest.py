"""Fixtures for the editorial desk: a newsroom with two sections and its staff.

The clock the tests control is the root conftest's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test's flush recreates the content types under new ids; the manager's cache
    would still hand out the old ones. (The caches, the view buffer and the periodic jobs are reset
    for every test by the root conftest's `_empty_caches`.)"""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_safety_net(settings):
    """Off, as in the test settings, unless a test turns it on; a new one for every test."""
    from toasoan.editorial.services.scheduling import reset_safety_net

    settings.EDITORIAL_SAFETY_NET_SECONDS = 0
    reset_safety_net()
    yield
    reset_safety_net()


@dataclass
class Newsroom:
    home: object
    thoi_su: object
    the_thao: object
    reporter: object  # Phóng viên – Thời sự
    editor: object  # Biên tập viên – Thời sự
    sports_reporter: object  # Phóng viên – Thể thao
    sports_editor: object  # Biên tập viên – Thể thao
    managing_editor: object  # Thư ký tòa soạn
    moderator: object  # Kiểm duyệt bình luận
    admin: object  # superuser

    def user(self, name: str):
        return getattr(self, name)


@pytest.fixture
def newsroom(home, make_section, django_user_model) -> Newsroom:
    from toasoan.editorial.services import newsroom as setup

    setup.setup_newsroom()  # done by the data migration, unless a transactional test's flush undid it
    thoi_su = make_section("Thời sự")
    the_thao = make_section("Thể thao")

    def staff(username: str, role: str, section=None):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@toasoan.test",
            password="mat-khau-thu-nghiem",
            first_name=username,
        )
        user.groups.add(setup.group_for(role, section))
        return user

    admin = django_user_model.objects.create_superuser(
        username="quantri", email="quantri@toasoan.test", password="mat-khau-thu-nghiem"
    )
    return Newsroom(
        home=home,
        thoi_su=thoi_su,
        the_thao=the_thao,
        reporter=staff("phongvien", setup.REPORTER, thoi_su),
        editor=staff("bientap", setup.EDITOR, thoi_su),
        sports_reporter=staff("phongvien_tt", setup.REPORTER, the_thao),
        sports_editor=staff("bientap_tt", setup.EDITOR, the_thao),
        managing_editor=staff("thuky", setup.MANAGING_EDITOR),
        moderator=staff("kiemduyet", setup.MODERATOR),
        admin=admin,
    )
