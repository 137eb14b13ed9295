"""No name, phone number or IP address in any log line.

Representative requests carry marker values (a reader's name, phone number and address) while
every logger records at DEBUG; then every captured record – message, arguments, exception text,
extra attributes – is searched for the markers, in every spelling a log could use.
"""

from __future__ import annotations

import logging
import unicodedata

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client

from toasoan.accounts.testing import login_verified
from toasoan.comments.models import Comment
from toasoan.comments.services import moderation
from toasoan.operations.logfilter import IP_MASK, PHONE_MASK, PersonalDataFilter, mask

from .conftest import MARK_IP, MARK_NAME, MARK_PHONE, comment_data

MARKERS = {
    MARK_NAME,
    unicodedata.normalize("NFD", MARK_NAME),
    "Đánhdấu",
    unicodedata.normalize("NFD", "Đánhdấu"),
    "danhdau",  # the name folded (search keys)
    MARK_PHONE,
    "+84912345678",
    "912345678",
    "0912 345 678",
    MARK_IP,
}


@pytest.fixture
def every_log(caplog):
    """Every logger at DEBUG, enabled, and captured, also those that do not propagate."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    closed = [logger for logger in loggers if not logger.propagate]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    for logger in closed:
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for logger in closed:
        logger.removeHandler(caplog.handler)
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled


def _record_text(record: logging.LogRecord) -> str:
    # Django attaches the request object to django.request records; no handler of ours formats it
    # (test_no_handler_formats_the_request_object), so its repr (full URL with query) is no line.
    attributes = {key: value for key, value in record.__dict__.items() if key != "request"}
    parts = [record.getMessage(), repr(record.args), repr(attributes)]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


def _refuse_comment_insert(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and "comments_comment" in sql:
        raise OperationalError("disk I/O error (test)")
    return execute(sql, params, many, context)


@pytest.mark.django_db
def test_no_personal_data_in_any_log_record(every_log, settings, article, django_user_model):
    settings.COMMENTS_RATE_LIMIT_SECONDS = 15
    settings.TRUSTED_PROXY_COUNT = 0
    settings.VIEW_FLUSH_SECONDS = 0  # the beacon below flushes nothing itself
    reader = Client(REMOTE_ADDR=MARK_IP, HTTP_USER_AGENT=f"Mozilla/5.0 ({MARK_NAME}; {MARK_PHONE})")
    write = f"/binh-luan/viet/{article.pk}/"
    marked = {
        "name": MARK_NAME,
        "phone": MARK_PHONE,
        "phone_consent": "on",
        "title": f"Ý kiến của {MARK_NAME}",
        "content": f"Tôi là {MARK_NAME}, số {MARK_PHONE}, máy {MARK_IP}.",
    }
    statuses = []
    # Refused by the form (errors shown), then the database failing while storing (503).
    statuses.append(reader.post(write, comment_data(article.pk, **marked, captcha="00000")).status_code)
    with transaction.atomic(), connection.execute_wrapper(_refuse_comment_insert):
        statuses.append(reader.post(write, comment_data(article.pk, **marked)).status_code)
    # Stored (pending), then at once again: the rate limit (429).
    statuses.append(reader.post(write, comment_data(article.pk, **marked)).status_code)
    statuses.append(reader.post(write, comment_data(article.pk, **marked)).status_code)
    # Behind a proxy: the address arrives in X-Forwarded-For (the same reader: rate-limited).
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=MARK_IP)
    statuses.append(
        proxied.post(
            write, comment_data(article.pk, **marked), headers={"X-Requested-With": "XMLHttpRequest"}
        ).status_code
    )
    statuses.append(reader.get(f"/binh-luan/form/{article.pk}/").status_code)
    statuses.append(reader.get("/binh-luan/ma-xac-nhan/moi/").status_code)
    statuses.append(reader.get("/tim-kiem/", {"q": f"{MARK_NAME} {MARK_PHONE} {MARK_IP}"}).status_code)
    statuses.append(reader.get("/tim-kiem.json", {"q": MARK_NAME, "tu": MARK_PHONE}).status_code)
    statuses.append(
        reader.get(f"/luot-xem/{article.pk}.svg", HTTP_REFERER=f"http://testserver{article.url}").status_code
    )
    statuses.append(reader.get(article.url).status_code)
    assert statuses == [400, 503, 303, 429, 429, 200, 200, 200, 400, 200, 200]

    # A moderator approves the stored comments; the reader asks for their data to be erased.
    moderator = django_user_model.objects.create_superuser("kiemduyet", password="mat-khau-kiem-duyet-dai")
    for comment in Comment.objects.all():
        moderation.ApproveCommentAction(comment, moderator).execute()
    staff = Client()
    login_verified(staff, moderator)  # moderators enter the admin with a second factor
    assert staff.get("/admin/binh-luan/").status_code == 200
    assert reader.get(article.url).status_code == 200
    from toasoan.comments.services import personal_data

    personal_data.export_for_phone(MARK_PHONE, user=moderator)
    personal_data.erase_for_phone(MARK_PHONE, user=moderator)

    records = every_log.records
    assert len(records) >= 10, "the capture caught nothing: is logging at DEBUG?"
    assert any("comment" in record.getMessage() and "stored" in record.getMessage() for record in records)
    assert any(record.levelno == logging.DEBUG for record in records)
    leaks = [
        (record.name, marker, record.getMessage()[:200])
        for record in records
        for marker in MARKERS
        if marker.casefold() in _record_text(record).casefold()
    ]
    assert leaks == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reader 203.0.113.77 posted", f"reader {IP_MASK} posted"),
        ("from 2001:db8::7 and fe80::1:2", f"from {IP_MASK} and {IP_MASK}"),
        ("mapped ::ffff:203.0.113.77", f"mapped ::ffff:{IP_MASK}"),
        ("call 0912345678 or 0912 345 678", f"call {PHONE_MASK} or {PHONE_MASK}"),
        ("+84 912 345 678 / 84912345678", f"{PHONE_MASK} / {PHONE_MASK}"),
        ("comment 1234 stored at 12:30 on 2025-09-16, version 1.2.3", None),
    ],
    ids=["ipv4", "ipv6", "ipv4-mapped", "phone", "phone-84", "ids-times-versions"],
)
def test_the_log_filter_masks_addresses_and_phone_numbers(text, expected):
    assert mask(text) == (text if expected is None else expected)


def test_every_configured_handler_masks_what_a_library_logs(settings):
    record = logging.LogRecord(
        "captcha", logging.ERROR, __file__, 1, "lookup from %s (%s)", (MARK_IP, MARK_PHONE), None
    )
    try:
        raise ValueError(f"bad value {MARK_PHONE}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(found, PersonalDataFilter) for found in handler.filters)
    ]
    assert handlers, "the console handler of settings.LOGGING is not on the root logger"
    for handler in handlers:
        line = handler.format(record) if handler.filter(record) else ""
        assert line and MARK_IP not in line and MARK_PHONE not in line
        assert IP_MASK in line and PHONE_MASK in line


def test_no_handler_formats_the_request_object(settings):
    """The request attached to django.request records holds the query string and REMOTE_ADDR:
    no formatter prints it, and Django's mail_admins (which would) has no one to write to."""
    for formatter in settings.LOGGING.get("formatters", {}).values():
        assert "request" not in formatter.get("format", "")
    assert not settings.ADMINS
    for handler in logging.getLogger().handlers:
        if handler.formatter is not None:
            assert "request" not in (handler.formatter._fmt or "")
