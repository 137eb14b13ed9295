"""Số ký hiệu: parsed parts of real-world spellings, and a number found however it is typed."""

from __future__ import annotations

import unicodedata

import pytest

from toasoan.vntext import docnumbers, number_key, parse_number

NFD = unicodedata.normalize("NFD", "Số: 12/2024/NĐ-CP")

# text as found in documents, portals and search boxes → (number, year, type code, issuers, canonical)
FORMATS = [
    ("172/KH-UBND", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("12/2024/NĐ-CP", ("12", 2024, "NĐ", ("CP",), "12/2024/NĐ-CP")),
    ("Số: 05/2023/TT-BTTTT", ("05", 2023, "TT", ("BTTTT",), "05/2023/TT-BTTTT")),
    ("45/NQ-HĐND", ("45", None, "NQ", ("HĐND",), "45/NQ-HĐND")),
    ("1234/QĐ-UBND", ("1234", None, "QĐ", ("UBND",), "1234/QĐ-UBND")),
    ("01/CT-TTg", ("01", None, "CT", ("TTg",), "01/CT-TTg")),
    ("số 15/2020/QH14", ("15", 2020, None, ("QH14",), "15/2020/QH14")),
    ("Luật số 15/2020/QH14", ("15", 2020, None, ("QH14",), "15/2020/QH14")),
    ("123/UBND-VP", ("123", None, None, ("UBND", "VP"), "123/UBND-VP")),
    ("56/TB-VPCP", ("56", None, "TB", ("VPCP",), "56/TB-VPCP")),
    ("10/BC-UBND", ("10", None, "BC", ("UBND",), "10/BC-UBND")),
    ("03/2024/TT-BGDĐT", ("03", 2024, "TT", ("BGDĐT",), "03/2024/TT-BGDĐT")),
    ("Số 42/2022/NĐ-CP", ("42", 2022, "NĐ", ("CP",), "42/2022/NĐ-CP")),
    ("No. 22/2023/TT-BTTTT", ("22", 2023, "TT", ("BTTTT",), "22/2023/TT-BTTTT")),
    (NFD, ("12", 2024, "NĐ", ("CP",), "12/2024/NĐ-CP")),
    ("12/2024/N\u00d0-CP", ("12", 2024, "NĐ", ("CP",), "12/2024/NĐ-CP")),
    ("172/KH\u2013UBND", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("172/KH\u2014UBND", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("  172 / KH - UBND ", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("172/KH-UBND\u00a0", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("172/kh-ubnd", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("01/ct-ttg", ("01", None, "CT", ("TTg",), "01/CT-TTg")),
    ("45/nq-hđnd", ("45", None, "NQ", ("HĐND",), "45/NQ-HĐND")),
    ("SỐ: 1234/QĐ-UBND", ("1234", None, "QĐ", ("UBND",), "1234/QĐ-UBND")),
    ("Số:05/2023/TT-BTTTT ngày 15/3/2023", ("05", 2023, "TT", ("BTTTT",), "05/2023/TT-BTTTT")),
    ("25/TTr-UBND", ("25", None, "TTr", ("UBND",), "25/TTr-UBND")),
    ("25/ttr-ubnd", ("25", None, "TTr", ("UBND",), "25/TTr-UBND")),
    ("08/HD-UBND", ("08", None, "HD", ("UBND",), "08/HD-UBND")),
    ("15/CTr-UBND", ("15", None, "CTr", ("UBND",), "15/CTr-UBND")),
    ("02/2015/TTLT-BTP-BNV", ("02", 2015, "TTLT", ("BTP", "BNV"), "02/2015/TTLT-BTP-BNV")),
    ("01/VBHN-BTC", ("01", None, "VBHN", ("BTC",), "01/VBHN-BTC")),
    ("07/2022/UBTVQH15", ("07", 2022, None, ("UBTVQH15",), "07/2022/UBTVQH15")),
    ("30/2020/NĐ-CP", ("30", 2020, "NĐ", ("CP",), "30/2020/NĐ-CP")),
    ("123/UBND-TNMT", ("123", None, None, ("UBND", "TNMT"), "123/UBND-TNMT")),
    ("456/SGDĐT-VP", ("456", None, None, ("SGDĐT", "VP"), "456/SGDĐT-VP")),
    ("89/GM-UBND", ("89", None, "GM", ("UBND",), "89/GM-UBND")),
    ("12/CĐ-TTg", ("12", None, "CĐ", ("TTg",), "12/CĐ-TTg")),
    ("3/ĐA-UBND", ("3", None, "ĐA", ("UBND",), "3/ĐA-UBND")),
    ("17a/QĐ-UBND", ("17A", None, "QĐ", ("UBND",), "17A/QĐ-UBND")),
    ("172-KH-UBND", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("172 kh ubnd", ("172", None, "KH", ("UBND",), "172/KH-UBND")),
    ("172kh", ("172", None, "KH", (), "172/KH")),
    ("172/kh", ("172", None, "KH", (), "172/KH")),
    ("12/2024/nđ-cp", ("12", 2024, "NĐ", ("CP",), "12/2024/NĐ-CP")),
    ("Nghị định số 12/2024/NĐ-CP", ("12", 2024, "NĐ", ("CP",), "12/2024/NĐ-CP")),
    ("Quyết định số 1234/QĐ-UBND của UBND huyện", ("1234", None, "QĐ", ("UBND",), "1234/QĐ-UBND")),
    ("99/BB-HĐND", ("99", None, "BB", ("HĐND",), "99/BB-HĐND")),
    ("5/PA-UBND", ("5", None, "PA", ("UBND",), "5/PA-UBND")),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS, ids=[text for text, _ in FORMATS])
def test_real_world_numbers_parse_into_their_parts(text, expected):
    parsed = parse_number(text)
    assert parsed is not None, text
    number, year, type_code, issuers, canonical = expected
    assert (parsed.number, parsed.year, parsed.type_code, parsed.issuers) == (
        number,
        year,
        type_code,
        issuers,
    )
    assert parsed.canonical == canonical
    assert unicodedata.is_normalized("NFC", parsed.canonical)


def test_there_are_at_least_forty_formats():
    assert len(FORMATS) >= 40


@pytest.mark.parametrize("text", ["", "   ", "UBND", "Kế hoạch", "số", "/KH-UBND", "172", "172/"])
def test_what_is_not_a_number_does_not_parse(text):
    assert parse_number(text) is None


TYPED = ["172/KH-UBND", "172 kh ubnd", "172-KH-UBND", "172/kh", "172kh", "172 K", "172", "Số 172/KH-UBND"]


@pytest.mark.parametrize("query", TYPED)
def test_a_number_is_found_however_it_is_typed(query):
    assert docnumbers.matches(query, number_key("172/KH-UBND"))


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("17", "172/KH-UBND"),  # a number is whole
        ("172/QĐ", "172/KH-UBND"),
        ("173 kh", "172/KH-UBND"),
        ("172/KH-UBND-VP", "172/KH-UBND"),
        ("kh ubnd", "172/KH-UBND"),  # no number: a text query, not a number query
        ("12/2023/NĐ-CP", "12/2024/NĐ-CP"),
    ],
)
def test_other_numbers_are_not_found(query, number):
    assert not docnumbers.matches(query, number_key(number))


@pytest.mark.parametrize(
    "query", ["12/2024/NĐ-CP", "12/2024/nd-cp", "12 2024", "12/NĐ-CP", "12 nđ cp", "12/ND"]
)
def test_a_number_with_a_year_is_found_with_or_without_it(query):
    assert docnumbers.matches(query, number_key("12/2024/NĐ-CP"))


def test_the_key_is_folded_tokens_with_and_without_the_year():
    assert number_key("12/2024/NÐ-CP") == "|12 2024 nd cp|12 nd cp|"
    assert number_key("Số: 172/kh-ubnd") == "|172 kh ubnd|"
    assert number_key("") == ""


def test_the_law_code_splits_letters_from_digits_in_the_key():
    assert docnumbers.matches("15/2020/QH14", number_key("Luật số 15/2020/QH14"))
    assert docnumbers.matches("15 qh14", number_key("15/2020/QH14"))
    assert not docnumbers.matches("15 qh15", number_key("15/2020/QH14"))
