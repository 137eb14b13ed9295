"""Legacy Vietnamese encodings: the shared vectors, every letter both ways, detection, damage."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from toasoan.vntext import DamagedText, decode_legacy, normalize
from toasoan.vntext.legacy import (
    ENCODINGS,
    detect,
    encode_legacy,
    find_damage,
    fix_mojibake,
    vietnamese_score,
)
from toasoan.vntext.legacy_tables import TCVN3, VIETNAMESE_LETTERS, VISCII

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
VECTORS_FILE = SHARED / "vntext" / "vectors.json"
#: The five legacy encodings and the Windows-1252 view of their bytes.
LEGACY = ("tcvn3", "vni", "viscii", "cp1258", "utf-8-as-cp1252")
#: TCVN3 (VN3) has these capitals; the toned ones are set in a capital font with lower-case codes.
TCVN3_CAPITALS = frozenset("ĂÂÊÔƠƯĐ")

SENTENCES = [
    "Đảng Cộng sản Việt Nam",
    "Ba Đình phát động đợt thi đua cao điểm kỷ niệm 1010 năm Thăng Long - Hà Nội",
    "Thủ tướng yêu cầu các bộ, ngành khẩn trương hoàn thiện hồ sơ dự án.",
    "Người dân phường Phúc Xá được hướng dẫn cài đặt ứng dụng.",
    "Giá xăng dầu giảm lần thứ ba liên tiếp, ngưỡng 20.000 đồng/lít",
    "Quỹ học bổng tiếp sức đến trường: trao 150 suất cho học sinh nghèo vượt khó",
    "Hoà Bình, Thanh Hoá: thuỷ điện xả lũ",
]


def _legacy_vectors(*, only_bytes: bool = False) -> list[Any]:
    if not VECTORS_FILE.is_file():
        return [pytest.param(None, id="shared-absent")]
    vectors = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["legacy"]
    return [
        pytest.param(vector, id=vector["encoding"].split(" (")[0].replace(" ", "-"))
        for vector in vectors
        if not only_bytes or ("hex" in vector and vector["unicode"] is not None)
    ]


def _vector_input(vector: dict[str, Any]) -> bytes | str:
    return bytes.fromhex(vector["hex"]) if "hex" in vector else vector["text"]


def _as_tcvn3_reads(text: str) -> str:
    """What TCVN3 gives back: toned capitals come back in lower case."""
    return "".join(
        char.lower() if char.isupper() and not char.isascii() and char not in TCVN3_CAPITALS else char
        for char in unicodedata.normalize("NFC", text)
    )


def _expected(text: str, encoding: str) -> str:
    return _as_tcvn3_reads(text) if encoding == "tcvn3" else unicodedata.normalize("NFC", text)


@pytest.fixture
def legacy_vectors(shared_dir: Path) -> None:
    assert shared_dir / "vntext" / "vectors.json" == VECTORS_FILE


# --- the shared vectors ------------------------------------------------------------------------
@pytest.mark.usefixtures("legacy_vectors")
@pytest.mark.parametrize("vector", _legacy_vectors())
@pytest.mark.parametrize("named", [True, False], ids=["named", "detected"])
def test_legacy_vector(vector: dict[str, Any], named: bool) -> None:
    data = _vector_input(vector)
    encoding = vector["encoding"] if named and vector["encoding"] in ENCODINGS else None
    if vector["unicode"] is None:
        with pytest.raises(DamagedText) as caught:
            decode_legacy(data, encoding)
        damaged = caught.value
        assert damaged.span == (0, 3)
        assert damaged.damaged == "L?y"
        assert [damaged.text[start:end] for start, end in damaged.spans] == [
            "L?y",
            "l?i",
            "m\ufffd",
            "b?o",
            "m?t",
        ]
        assert damaged.fragment in damaged.text
        assert "L?y" in str(damaged)
    else:
        assert decode_legacy(data, encoding) == vector["unicode"]


@pytest.mark.usefixtures("legacy_vectors")
@pytest.mark.parametrize("vector", _legacy_vectors(only_bytes=True))
def test_legacy_vector_bytes_and_text_agree(vector: dict[str, Any]) -> None:
    """The same legacy bytes given raw or as their Windows-1252 view decode alike."""
    data = bytes.fromhex(vector["hex"])
    assert decode_legacy(data.decode("cp1252", errors="strict")) == vector["unicode"]


# --- the tables --------------------------------------------------------------------------------
def test_vietnamese_letters_are_all_there() -> None:
    assert len(VIETNAMESE_LETTERS) == 134
    assert len(set(VIETNAMESE_LETTERS)) == 134
    assert {"ạ", "Ặ", "ỵ", "Ỹ", "đ", "Đ", "ơ", "Ư"} <= set(VIETNAMESE_LETTERS)


def test_tables_are_one_to_one() -> None:
    for table in (TCVN3, VISCII):
        letters = [char for char in table.values() if char.isalpha()]
        assert len(letters) == len(set(letters))


def test_viscii_holds_every_letter() -> None:
    assert set(VIETNAMESE_LETTERS) <= set(VISCII.values())


@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_every_letter_round_trips(encoding: str, letter: str) -> None:
    data = encode_legacy(letter, encoding)
    assert decode_legacy(data, encoding) == _expected(letter, encoding)


@pytest.mark.parametrize("encoding", LEGACY)
def test_every_letter_in_one_text_round_trips_undetected(encoding: str) -> None:
    """All 134 letters in syllables, decoded without naming the encoding."""
    text = " ".join(f"{letter}" for letter in VIETNAMESE_LETTERS)
    data = encode_legacy(text, encoding)
    assert decode_legacy(data, encoding) == _expected(text, encoding)


# --- detection ---------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("sentence", SENTENCES, ids=[f"s{n}" for n in range(len(SENTENCES))])
@pytest.mark.parametrize("shape", ["bytes", "cp1252-text"])
def test_detection(encoding: str, sentence: str, shape: str) -> None:
    data: bytes | str = encode_legacy(sentence, encoding)
    if shape == "cp1252-text":
        # What a browser shows: Windows-1252, its five undefined bytes as C1 controls.
        data = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in data)
    assert decode_legacy(data) == _expected(sentence, encoding)


@pytest.mark.parametrize(
    "text",
    [*SENTENCES, "Hà Nội", "Thái Bình", "Đà Nẵng, Cà Mau", "café à la mode", "Sao vậy? Bởi vì"],
)
def test_unicode_text_is_left_alone(text: str) -> None:
    assert decode_legacy(text) == unicodedata.normalize("NFC", text)
    assert decode_legacy(text.encode("utf-8")) == unicodedata.normalize("NFC", text)


def test_ascii_is_unchanged_and_detected_as_utf8() -> None:
    assert decode_legacy("Ha Noi 2020") == "Ha Noi 2020"
    assert decode_legacy(b"Ha Noi 2020") == "Ha Noi 2020"
    assert detect(b"Ha Noi") == "utf-8"


def test_decomposed_windows_1258_becomes_nfc() -> None:
    data = encode_legacy("Hoàng Mai, Hà Nội", "cp1258")
    assert data.endswith(b"N\xf4\xf2i")  # ô, then the combining dot below
    result = decode_legacy(data, "windows-1258")
    assert result == "Hoàng Mai, Hà Nội"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Láº¥y láº¡i mÃ£ báº£o máº­t", "Lấy lại mã bảo mật"),
        ("Hà Nội: Láº¥y láº¡i", "Hà Nội: Lấy lại"),  # half fixed already
        ("gì…”", "gì…”"),  # correct text that a second pass must not touch
        ("LÃƒÂ¡ng", "Láng"),  # read wrongly twice
    ],
    ids=["whole", "mixed", "already-right", "twice"],
)
def test_fix_mojibake(text: str, expected: str) -> None:
    assert fix_mojibake(text) == expected


def test_score_prefers_real_vietnamese() -> None:
    assert vietnamese_score("Hà Nội không vội") > vietnamese_score("Hà Nụi khụng vụi")
    assert vietnamese_score("Hà Nội") > vietnamese_score("Hµ Néi")
    assert vietnamese_score("") == 0


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(LookupError, match="unknown legacy encoding"):
        decode_legacy(b"abc", "koi8-r")


def test_text_that_the_named_encoding_cannot_have_produced() -> None:
    with pytest.raises(ValueError, match="cannot have produced"):
        decode_legacy("Hà Nội", "tcvn3")


@pytest.mark.parametrize(
    "encoding", ["TCVN3", "abc", "VNI-Windows", "VISCII", "windows-1258", "utf-8 read as cp1252"]
)
def test_encoding_aliases(encoding: str) -> None:
    assert decode_legacy(b"Ha Noi", encoding) == "Ha Noi"


def test_tcvn3_and_vni_table_samples() -> None:
    """Spot checks against the published charts."""
    assert decode_legacy(bytes([0xA7, 0xAE, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9]), "tcvn3") == "Đđáàảãạ"
    assert decode_legacy(b"ng\xf6\xf4\xf8i", "vni") == "người"
    assert decode_legacy(b"TR\xd6\xd4\xd8NG", "vni") == "TRƯỜNG"
    assert decode_legacy(b"ca\xeb", "vni") == "cặ"
    assert decode_legacy(b"ky\xf8 \xee", "vni") == "kỳ ỵ"


# --- damage ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "damaged"),
    [
        ("L?y l?i m\ufffd b?o m?t", ["L?y", "l?i", "m\ufffd", "b?o", "m?t"]),
        ("Hà N?i", ["N?i"]),
        ("?ang làm việc", ["?ang"]),
        ("Tr\ufffd\ufffdng", ["Tr\ufffd\ufffdng"]),
        ("Vì sao? Bởi vì", []),
        ("Sao thế?Đúng là", []),
        ("Xem tại index.php?id=3&p=2", []),
        ("Bạn có biết?", []),
        ("https://a.vn/?q=ha", []),
    ],
    ids=["lost", "one-word", "word-start", "fffd", "question", "question-no-space", "url", "final", "link"],
)
def test_find_damage(text: str, damaged: list[str]) -> None:
    assert [text[start:end] for start, end in find_damage(text)] == damaged


def test_damaged_text_carries_its_span() -> None:
    text = "Ông Nguyễn Văn A, Phó Ch? t?ch UBND qu?n, phát biểu"
    with pytest.raises(DamagedText) as caught:
        decode_legacy(text)
    error = caught.value
    start, end = error.span
    # "Ch?" ends in what may be a real question mark; the letters inside words are certain.
    assert text[start:end] == "t?ch"
    assert error.damaged == "t?ch"
    assert "Ch? t?ch" in error.fragment
    assert [text[start:end] for start, end in error.spans] == ["t?ch", "qu?n,"]


def test_decoded_text_then_normalizes() -> None:
    """decode_legacy runs first: TCVN3 ư is byte 0xAD, which normalize drops as a soft hyphen."""
    raw = bytes([0x6E, 0x67, 0xAD, 0xEA, 0x69])  # "người" in TCVN3
    assert normalize(raw.decode("cp1252")) != "người"
    assert normalize(decode_legacy(raw.decode("cp1252"))) == "người"
