"""`<db_id:…>`: an id in a URL, as long as a database id can be.

Django's `int` converter takes any number of digits; an id past 64 bits then reaches the
database, and SQLite raises OverflowError (a 500 for readers; in a view beacon's buffered
count, a flush that fails again and again). Found by the public URL fuzz
(toasoan/operations/tests/test_fuzz_public.py). Eighteen digits stay below 2**63 - 1.
"""

from __future__ import annotations

from django.urls import register_converter


class DatabaseIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


# Once, at the first import of this module by a URLconf (Django refuses a second registration).
register_converter(DatabaseIdConverter, "db_id")
