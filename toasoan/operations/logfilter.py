"""A logging filter that masks IP addresses and Vietnamese phone numbers in what is written.

Our own code logs ids only (never a name, a phone number or an address); this filter is the
second line, for libraries and exception texts we do not control. It works on the formatted
message and the exception text, so it belongs on handlers (settings: every LOGGING handler).
Names cannot be recognized reliably; keeping them out is the first line's job, and
toasoan/operations/tests/test_logs.py checks it with marker values.
"""

from __future__ import annotations

import logging
import re

IP_MASK = "[địa-chỉ-IP]"
PHONE_MASK = "[số-điện-thoại]"

_IPV4 = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.])")
# Full IPv6 forms and compressed ones with "::" (at least two groups, so "12:30" never matches).
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])"
    r"|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?![\w:])"
    r"|(?<![\w:])::(?:[0-9a-fA-F]{1,4}:){1,6}[0-9a-fA-F]{1,4}(?![\w:])"
)
# 0912345678, 0912 345 678, 0912.345.678, +84 912 345 678, 84912345678: ten digits with a
# leading 0, or the country code in its place.
_PHONE = re.compile(r"(?<![\w+])(?:\+?84[\s.-]?|0)[1-9](?:[\s.-]?\d){8}(?!\d)")


def mask(text: str) -> str:
    text = _IPV4.sub(IP_MASK, text)
    text = _IPV6.sub(IP_MASK, text)
    return _PHONE.sub(PHONE_MASK, text)


class PersonalDataFilter(logging.Filter):
    """Rewrites the record's message (and exception text) with addresses and phone numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class TemplateContextFilter(logging.Filter):
    """For `django.template`: keeps "Exception while resolving variable 'x' in template 'y'" but
    drops its exception, whose text is the repr of the whole context – a search query, a reader's
    name and comment in the form. A logger filter, so no handler or capture ever sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from django.template.base import VariableDoesNotExist

        if record.exc_info and isinstance(record.exc_info[1], VariableDoesNotExist):
            record.exc_info = None
            record.exc_text = None
        return True
