"""A person's vCard: the fields, the escaping, the folding, the download's headers."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from toasoan.organisation.services import vcard

CARD = vcard.Card(
    name="Lê Quang Minh",
    agency="UBND huyện Hòa Phong",
    unit="Văn phòng HĐND và UBND",
    position="Chánh Văn phòng",
    phone="+842033825100",
    email="minh@hoaphong.example.gov.vn",
    url="http://testserver/co-cau-to-chuc/van-phong/",
)


#: The unit's page, the person, the organisation (its name is the card's ORG).
VCARD_QUERIES = 3


def lines(text: str) -> list[str]:
    """The logical lines: continuation lines (CRLF + space) joined back."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_a_card_has_the_name_parts_organisation_title_phone_and_email():
    assert lines(vcard.render(CARD)) == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:Lê Quang Minh",
        "N:Lê;Minh;Quang;;",  # family name first in Vietnamese, the given name last
        "ORG:UBND huyện Hòa Phong;Văn phòng HĐND và UBND",
        "TITLE:Chánh Văn phòng",
        "TEL;TYPE=work;VALUE=uri:tel:+842033825100",
        "EMAIL;TYPE=work:minh@hoaphong.example.gov.vn",
        "URL:http://testserver/co-cau-to-chuc/van-phong/",
        "END:VCARD",
    ]


def test_commas_semicolons_backslashes_and_line_breaks_are_escaped():
    assert vcard.escape("Phòng A, B; C\\D\r\nE\nF") == "Phòng A\\, B\\; C\\\\D\\nE\\nF"
    card = vcard.Card(
        name="Trần Thị Lan", agency="UBND huyện; Hòa Phong", unit="Tổ 1, 2", duties="Tài chính;\nNgân sách"
    )
    found = lines(vcard.render(card))
    assert "ORG:UBND huyện\\; Hòa Phong;Tổ 1\\, 2" in found  # the component separator stays bare
    assert "NOTE:Tài chính\\;\\nNgân sách" in found


def test_long_lines_are_folded_at_75_octets_never_inside_a_character():
    duties = "Phụ trách lĩnh vực tài chính, ngân sách, đầu tư công và chuyển đổi số của huyện. " * 4
    text = vcard.render(
        vcard.Card(name="Nguyễn Thị Minh Khai", agency="UBND huyện Hòa Phong", unit="", duties=duties)
    )
    physical = text.split("\r\n")[:-1]
    assert any(line.startswith(" ") for line in physical)  # folded
    for line in physical:
        assert len(line.encode("utf-8")) <= 75
    # Every piece is valid UTF-8 by itself: no character was cut in two.
    for line in physical:
        line.encode("utf-8").decode("utf-8", errors="strict")
    assert f"NOTE:{vcard.escape(duties)}" in lines(text)
    assert vcard.fold("A" * 74 + "ệ")[:76] == "A" * 74 + "\r\n"  # "ệ" is 3 octets: it goes on the next line


def test_a_card_without_phone_or_email_leaves_them_out_and_keeps_an_unknown_number_as_text():
    text = vcard.render(vcard.Card(name="Đỗ Thị Thu", agency="UBND", unit="Văn phòng", phone="1900 1234"))
    assert "TEL;TYPE=work;VALUE=text:1900 1234" in lines(text)
    assert not any(line.startswith("EMAIL") for line in lines(text))


def test_the_download_is_named_in_ascii_and_in_utf8():
    header = vcard.filenames("Đặng Văn Bình")
    assert header.startswith('attachment; filename="dang-van-binh.vcf"; ')
    assert header.isascii()
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Đặng Văn Bình.vcf"
    assert vcard.filenames('"; x') == "attachment; filename=\"x.vcf\"; filename*=UTF-8''%22%3B%20x.vcf"


@pytest.mark.django_db
def test_a_person_s_vcard_is_served_as_text_vcard_in_utf8(client, structure, organisation):
    office = structure["office"]
    minh = office.people.get(name="Lê Quang Minh")
    response = client.get(f"{office.url}danh-thiep/{minh.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        "attachment; filename=\"le-quang-minh.vcf\"; filename*=UTF-8''"
    )
    found = lines(response.content.decode("utf-8"))
    assert "ORG:UBND huyện Hòa Phong;Văn phòng HĐND và UBND" in found
    assert "TEL;TYPE=work;VALUE=uri:tel:+842033825100" in found
    assert f"URL:http://testserver{office.url}" in found  # from the configured site
    # Someone of another unit, or no one: not found.
    other = structure["justice"].people.get()
    assert client.get(f"{office.url}danh-thiep/{other.pk}/").status_code == 404
    assert client.get(f"{office.url}danh-thiep/999999/").status_code == 404


@pytest.mark.django_db
def test_a_vcard_costs_the_same_queries_whatever_the_unit_holds(
    client, structure, organisation, make_unit, django_assert_num_queries
):
    office = structure["office"]
    url = f"{office.url}danh-thiep/{office.people.get(name='Lê Quang Minh').pk}/"
    client.get(url)  # the routing and the Site, kept per process
    with django_assert_num_queries(VCARD_QUERIES):
        assert client.get(url).status_code == 200
    for number in range(4):
        make_unit(office, f"Tổ công tác số {number + 1}", people=[(f"Cán bộ {number}", "Chuyên viên", False)])
    client.get(url)
    with django_assert_num_queries(VCARD_QUERIES):
        assert client.get(url).status_code == 200
