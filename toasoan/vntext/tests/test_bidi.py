"""strip_bidi: directional controls out of readers' text, everything else kept."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toasoan.vntext import normalize, strip_bidi

CONTROLS = [
    "\u202a",  # LRE
    "\u202b",  # RLE
    "\u202c",  # PDF
    "\u202d",  # LRO
    "\u202e",  # RLO
    "\u2066",  # LRI
    "\u2067",  # RLI
    "\u2068",  # FSI
    "\u2069",  # PDI
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\u061c",  # ALM
]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_each_directional_control_is_removed(control):
    assert strip_bidi(f"Nguyễn{control} Văn An{control}") == "Nguyễn Văn An"


def test_the_override_that_flipped_the_timestamp_is_gone():
    # A name ending in an unclosed right-to-left override, as a reader sent it.
    assert strip_bidi("Trần Thị Bích\u202e") == "Trần Thị Bích"
    assert strip_bidi("\u2067gnp.exe\u2069 Lê") == "gnp.exe Lê"


def test_right_to_left_letters_and_vietnamese_are_kept():
    text = "Xin chào שלום مرحبا Đống Đa 16:20"
    assert strip_bidi(text) is text  # nothing to remove: the same string, no copy


PIECES = [*CONTROLS, *"aăâđêôơưÀ \n", "\u0301", "مرحبا", "שלום"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_no_control_survives_and_the_rest_keeps_its_order(text):
    stripped = strip_bidi(text)
    assert not set(CONTROLS) & set(stripped)
    assert stripped == "".join(char for char in text if char not in CONTROLS)
    # Stripped before normalize(), as the comment form does: a control between a letter and its
    # tone mark no longer keeps them apart, so the result is NFC.
    cleaned = normalize(stripped)
    assert cleaned == unicodedata.normalize("NFC", cleaned)
