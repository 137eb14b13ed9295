"""Vietnamese text for the whole project: cleaning, search keys, slugs, dates.

Import from here (``from toasoan.vntext import fold``); nothing in this package needs
Django settings except the template tags.
"""

from .dates import format_date, format_datetime, parse_datetime
from .docnumbers import DocumentNumber, canonical_number, number_key, parse_number
from .legacy import DamagedText, decode_legacy
from .text import fold, normalize, slugify, strip_bidi, without_marks

__all__ = [
    "DamagedText",
    "DocumentNumber",
    "canonical_number",
    "decode_legacy",
    "fold",
    "format_date",
    "format_datetime",
    "normalize",
    "number_key",
    "parse_datetime",
    "parse_number",
    "slugify",
    "strip_bidi",
    "without_marks",
]
