"""Fixtures for the articles' tests: an editor in the admin (the clock is the root conftest's)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")


@pytest.fixture
def editor_client(client, editor):
    from toasoan.accounts.testing import login_verified

    login_verified(client, editor)
    return client
