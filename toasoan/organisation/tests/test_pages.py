"""The chart, a unit's page and the directory, as readers get them (no JavaScript)."""

from __future__ import annotations

import re

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

#: Routing (the site's shared parts are cached fragments), then the units, the people, the renditions.
CHART_QUERIES = 4
#: The same without renditions (the directory draws no photo).
DIRECTORY_QUERIES = 3
UNIT_QUERIES = 5


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_chart_is_nested_lists_of_linked_units_with_their_leaders(client, structure, organisation):
    response = client.get(organisation.url)
    assert response.status_code == 200
    html = main(response.content.decode())
    assert "<script" not in html
    # Headings follow the tree: h1 the page, h2 the top units, h3 and h4 below them.
    headings = re.findall(r"<h(\d)[^>]*>(?:<a[^>]*>)?([^<]+)", html)
    assert headings == [
        ("1", "Cơ cấu tổ chức"),
        ("2", "Lãnh đạo UBND huyện"),
        ("2", "Văn phòng HĐND và UBND"),
        ("3", "Bộ phận Một cửa"),
        ("4", "Tổ Lưu trữ"),
        ("2", "Phòng Tư pháp"),
    ]
    assert html.count('<ul class="org-chart__level') == 3  # the top level, below the office, below the desk
    assert f'<a href="{structure["archive"].url}">Tổ Lưu trữ</a>' in html
    # A leader: photo, title, office phone and email, vCard; someone who is no leader is not on it.
    assert "Lê Quang Minh" in html and "Chánh Văn phòng" in html and "Đỗ Thị Thu" not in html
    assert 'src="/media/images/' in html and 'alt=""' in html
    assert '<a href="tel:+842033825100">0203 3825 100</a>' in html
    assert "mailto:canbo0@hoaphong.example.gov.vn" in html
    minh = structure["office"].people.get(name="Lê Quang Minh")
    assert f'href="{structure["office"].url}danh-thiep/{minh.pk}/"' in html
    # The kind is said in words, not by colour alone; the directory is one link away.
    assert '<p class="org-unit__kind">Lãnh đạo</p>' in html
    assert f'href="{organisation.url}danh-ba/"' in html


def test_the_chart_is_in_the_header_menu(client, structure, organisation):
    html = client.get("/").content.decode()
    header = html[
        html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))
    ]
    assert f'href="{organisation.url}">Cơ cấu tổ chức</a>' in header


def test_a_unit_page_shows_its_functions_people_sub_units_and_the_way_to_it(
    client, structure, organisation, django_assert_num_queries
):
    office = structure["office"]
    client.get(office.url)
    with django_assert_num_queries(UNIT_QUERIES):
        html = main(client.get(office.url).content.decode())
    assert "Tham mưu, tổng hợp; kiểm soát thủ tục hành chính." in html
    assert re.findall(r"<h3 class=\"org-person__name\">([^<]+)", html) == ["Lê Quang Minh", "Đỗ Thị Thu"]
    assert f'<a href="{structure["desk"].url}">Bộ phận Một cửa</a>' in html
    assert "Tổ Lưu trữ" not in html  # only the sub-units directly below
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</nav>")]
    assert f'<a href="{organisation.url}">Cơ cấu tổ chức</a>' in crumbs
    assert '<span aria-current="page">Văn phòng HĐND và UBND</span>' in crumbs
    archive = main(client.get(structure["archive"].url).content.decode())
    crumbs = archive[archive.index('class="breadcrumbs"') : archive.index("</nav>")]
    assert re.findall(r"<a href=\"[^\"]+\">([^<]+)</a>", crumbs) == [
        "Trang chủ",
        "Cơ cấu tổ chức",
        "Văn phòng HĐND và UBND",
        "Bộ phận Một cửa",
    ]


def test_a_unit_page_lists_no_hidden_sub_unit(client, structure):
    structure["desk"].unpublish()
    html = main(client.get(structure["office"].url).content.decode())
    assert "Bộ phận Một cửa" not in html


def directory(client, organisation, **params):
    response = client.get(f"{organisation.url}danh-ba/", params)
    assert response.status_code == 200
    return main(response.content.decode())


def test_the_directory_lists_every_unit_and_person_with_their_contacts(
    client, structure, organisation, django_assert_num_queries
):
    directory(client, organisation)
    with django_assert_num_queries(DIRECTORY_QUERIES):
        html = directory(client, organisation)
    assert re.findall(r"<h2 id=\"danh-ba-\d+\"><a[^>]*>([^<]+)", html) == [
        "Lãnh đạo UBND huyện",
        "Văn phòng HĐND và UBND",
        "Bộ phận Một cửa",
        "Tổ Lưu trữ",
        "Phòng Tư pháp",
    ]
    assert re.findall(r"<th scope=\"row\">([^<]+)", html) == [
        "Nguyễn Văn Hải",
        "Trần Thị Lan",
        "Lê Quang Minh",
        "Đỗ Thị Thu",
        "Võ Thị Hồng",
        "Đặng Văn Bình",
        "Phạm Đức Thắng",
    ]
    assert "5 đơn vị, 7 cán bộ" in html
    assert '<a href="tel:+842033825200">0203 3825 200</a>' in html  # the office's own line
    assert "Văn phòng HĐND và UBND · Bộ phận Một cửa" in html  # where "Tổ Lưu trữ" sits


def test_the_directory_filters_by_unit_with_its_sub_units(client, structure, organisation):
    html = directory(client, organisation, **{"don-vi": str(structure["desk"].pk)})
    assert re.findall(r"<th scope=\"row\">([^<]+)", html) == ["Võ Thị Hồng", "Đặng Văn Bình"]
    assert f'<option value="{structure["desk"].pk}" selected>— Bộ phận Một cửa</option>' in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen van hai", ["Nguyễn Văn Hải"]),
        ("NGUYỄN", ["Nguyễn Văn Hải"]),
        ("dang", ["Đặng Văn Bình"]),  # đ typed as d
        ("thi", ["Trần Thị Lan", "Đỗ Thị Thu", "Võ Thị Hồng"]),
        ("chanh van phong", ["Lê Quang Minh"]),  # by position
        ("tu phap", ["Phạm Đức Thắng"]),  # a unit's name finds its people
    ],
)
def test_the_directory_finds_people_and_units_typed_without_diacritics(
    client, structure, organisation, query, found
):
    html = directory(client, organisation, q=query)
    assert re.findall(r"<th scope=\"row\">([^<]+)", html) == found


def test_the_directory_answers_anything_a_reader_types_without_an_error(client, structure, organisation):
    html = directory(client, organisation, **{"don-vi": "khong-co", "q": "x" * 5000})
    assert "Không tìm thấy đơn vị đã chọn; danh bạ hiện mọi đơn vị." in html
    assert "Không tìm thấy đơn vị hay cán bộ nào khớp với điều kiện tìm." in html
    html = directory(client, organisation, **{"don-vi": "9" * 40, "q": "\x00 ' OR 1=1 --"})
    assert "Không tìm thấy đơn vị đã chọn" in html


def test_the_directory_never_shows_a_hidden_unit_or_its_people(client, structure, organisation):
    structure["office"].unpublish()
    PageViewRestriction.objects.create(
        page=structure["justice"], restriction_type="password", password="mat-khau"
    )
    html = directory(client, organisation)
    for hidden in (
        "Văn phòng HĐND và UBND",
        "Lê Quang Minh",
        "Võ Thị Hồng",
        "Đặng Văn Bình",
        "Phạm Đức Thắng",
    ):
        assert hidden not in html
    assert re.findall(r"<th scope=\"row\">([^<]+)", html) == ["Nguyễn Văn Hải", "Trần Thị Lan"]
    # Asked by its id, a hidden unit is unknown.
    html = directory(client, organisation, **{"don-vi": str(structure["desk"].pk)})
    assert "Không tìm thấy đơn vị đã chọn" in html and "Võ Thị Hồng" not in html


def test_a_preview_shows_the_draft_s_people(rf, structure):
    from toasoan.organisation.models import Person, UnitPage
    from toasoan.organisation.services import pages

    office = UnitPage.objects.get(pk=structure["office"].pk)
    office.people = [Person(name="Cao Thị Yến", position="Chuyên viên mới")]
    request = rf.get("/")
    request.is_preview = True
    context = pages.unit_context(office, request)
    assert [person.name for person in context["people"]] == ["Cao Thị Yến"]
    # A unit not yet in the tree has no way down nor sub-units, and no error.
    draft = UnitPage(title="Phòng Nội vụ", people=[Person(name="Tôn Thất Hiếu", position="Trưởng phòng")])
    context = pages.unit_context(draft, request)
    assert context["crumbs"] == [] and context["sub_units"] == [] and context["people"][0].vcard_url == ""
