"""Every login attempt is logged, pseudonymously: no password, username or IP in any log line."""

from __future__ import annotations

import logging

import pytest

from toasoan.accounts.services.audit import pseudonym

from .conftest import PASSWORD, log_in

IP = "203.0.113.77"


@pytest.mark.parametrize(
    ("password", "event"),
    [(PASSWORD, "login_succeeded"), ("sai-mat-khau-roi", "login_failed")],
    ids=["success", "failure"],
)
def test_each_attempt_is_logged_without_secrets(client, editor, caplog, password, event):
    with caplog.at_level(logging.DEBUG):
        log_in(client, "bientap", password, IP)
    ours = [r.getMessage() for r in caplog.records if r.name == "toasoan.accounts"]
    assert f"event={event} account={pseudonym('bientap')}" in ours
    every_line = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (password, "bientap", IP, "bientap@example.vn"):
        assert secret not in every_line


def test_lockout_is_logged_without_secrets(client, editor, caplog):
    with caplog.at_level(logging.DEBUG):
        for _ in range(5):
            log_in(client, "bientap", "sai-mat-khau-roi", IP)
    lines = [r.getMessage() for r in caplog.records]
    assert f"event=login_locked account={pseudonym('bientap')}" in lines
    assert not [line for line in lines if "bientap" in line or IP in line or "sai-mat-khau" in line]


def test_pseudonym_is_stable_and_not_the_name():
    assert pseudonym("BienTap") == pseudonym("bientap") != pseudonym("phongvien")
    assert len(pseudonym("bientap")) == 12 and "bientap" not in pseudonym("bientap")
    assert pseudonym(None) == "-"


def test_login_logger_is_on_at_info():
    """The root level is WARNING in production; login lines are INFO and must still be written."""
    assert logging.getLogger("toasoan.accounts").getEffectiveLevel() == logging.INFO
