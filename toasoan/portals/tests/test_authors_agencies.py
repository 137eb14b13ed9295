"""Each portal's staff keep their portal's authors and agencies (issue #22): another portal's are a
404 to them, every portal's are theirs to see and choose but not to change, and an article's
choosers offer its own portal's and every portal's rows only."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from conftest import new_article, portals_built_once, site_home
from toasoan.articles.models import Agency, ArticlePage, Author
from toasoan.editorial.models import NewsroomGroup
from toasoan.editorial.services import newsroom
from toasoan.portals.services.provision import create_portal
from toasoan.sections.models import SectionPage

pytestmark = pytest.mark.django_db

HOA_AN = "xa-hoa-an.localhost"
VAN_HOA = "so-van-hoa.localhost"
KEYS = ("every", "main", HOA_AN, VAN_HOA)


def build_province() -> dict:
    site_home()
    newsroom.setup_newsroom()
    sites = {
        "every": None,
        "main": Site.objects.get(is_default_site=True),
        HOA_AN: create_portal(name="UBND xã Hòa An", host=HOA_AN).site,
        VAN_HOA: create_portal(name="Sở Văn hóa", host=VAN_HOA, kind="so").site,
    }
    authors = {
        "every": Author.objects.create(name="Trần Văn Tỉnh", pen_name="Văn Tỉnh", site=None),
        "main": Author.objects.create(name="Lê Thị Chính", site=sites["main"]),
        HOA_AN: Author.objects.create(name="Nguyễn Thị Hòa", pen_name="Thu Hòa", site=sites[HOA_AN]),
        VAN_HOA: Author.objects.create(name="Phạm Văn Hóa", site=sites[VAN_HOA]),
    }
    agencies = {
        "every": Agency.objects.create(code="TTXVN", name="Thông tấn xã Việt Nam", site=None),
        "main": Agency.objects.create(code="CTT", name="Cổng thông tin tỉnh", site=sites["main"]),
        HOA_AN: Agency.objects.create(code="XHA", name="UBND xã Hòa An", site=sites[HOA_AN]),
        VAN_HOA: Agency.objects.create(code="SVH", name="Sở Văn hóa", site=sites[VAN_HOA]),
    }
    return {"sites": sites, "author": authors, "agency": agencies}


built_province, province = portals_built_once(build_province)


@pytest.fixture
def chief(province, django_user_model, client, otp_login):
    """The managing editor of xã Hòa An, logged in."""
    home = province["sites"][HOA_AN].root_page
    row = NewsroomGroup.objects.select_related("group").get(role=newsroom.MANAGING_EDITOR, section=home)
    user = django_user_model.objects.create_user("tk-hoa-an", password="mat-khau-tk")
    user.groups.add(row.group)
    otp_login(client, user)
    return user


@pytest.fixture
def administrator(client, django_user_model, otp_login):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau")
    otp_login(client, user)
    return user


def url(model: str, name: str, *args) -> str:
    return reverse(f"wagtailsnippets_articles_{model}:{name}", args=args)


def chooser(model: str, name: str = "choose", *args) -> str:
    return reverse(f"wagtailsnippetchoosers_articles_{model}:{name}", args=args)


def form(model: str, label: str, site: Site | None) -> dict[str, str]:
    if model == "author":
        fields = {"name": label, "pen_name": "", "bio": ""}
    else:
        fields = {"code": label[:8], "name": label}
    return {**fields, "site": str(site.pk) if site is not None else ""}


def shown(html: str, rows: dict) -> set[str]:
    return {key for key, row in rows.items() if str(row) in html}


MODELS = pytest.mark.parametrize("model", ["author", "agency"])


@MODELS
def test_a_portals_staff_list_their_portals_rows_and_every_portals(client, province, chief, model):
    rows = province[model]
    assert shown(client.get(url(model, "list")).content.decode(), rows) == {"every", HOA_AN}


@MODELS
def test_another_portals_row_is_not_found_by_a_portals_staff(client, province, chief, model):
    rows, own = province[model], province["sites"][HOA_AN]
    for key in ("main", VAN_HOA):
        row = rows[key]
        for view in ("edit", "delete", "inspect", "usage", "history"):
            assert client.get(url(model, view, row.pk)).status_code == 404, (key, view)
        assert client.post(url(model, "edit", row.pk), form(model, "Bị sửa", own)).status_code == 404
        assert client.post(url(model, "delete", row.pk)).status_code == 404
        # Wagtail's copy view asks the policy itself, and answers a refusal by leaving for the dashboard.
        response = client.get(url(model, "copy", row.pk))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert {str(row) for row in type(rows["main"]).objects.all()} == {str(row) for row in rows.values()}


@MODELS
def test_every_portals_rows_are_seen_but_not_changed_by_a_portals_staff(client, province, chief, model):
    row, own = province[model]["every"], province["sites"][HOA_AN]
    inspected = client.get(url(model, "inspect", row.pk))
    assert inspected.status_code == 200 and row.name in inspected.content.decode()
    listing = client.get(url(model, "list")).content.decode()
    assert url(model, "inspect", row.pk) in listing
    assert url(model, "edit", row.pk) not in listing and url(model, "delete", row.pk) not in listing
    for view in ("edit", "delete"):
        response = client.get(url(model, view, row.pk))
        assert (response.status_code, response["Location"]) == (302, "/admin/"), view
    assert client.post(url(model, "edit", row.pk), form(model, "Bị sửa", own)).status_code == 302
    assert client.post(url(model, "delete", row.pk)).status_code == 302
    kept = type(row).objects.get(pk=row.pk)
    assert (kept.name, kept.site_id) == (row.name, None)


@MODELS
def test_a_portals_staff_change_and_delete_their_portals_rows(client, province, chief, model):
    row, own = province[model][HOA_AN], province["sites"][HOA_AN]
    assert client.get(url(model, "edit", row.pk)).status_code == 200
    assert client.post(url(model, "edit", row.pk), form(model, "Hòa An mới", own)).status_code == 302
    assert type(row).objects.get(pk=row.pk).name == "Hòa An mới"
    assert client.post(url(model, "delete", row.pk)).status_code == 302
    assert not type(row).objects.filter(pk=row.pk).exists()


@MODELS
def test_a_portals_staff_add_rows_to_their_portal_only(client, province, chief, model):
    sites = province["sites"]
    html = client.get(url(model, "add")).content.decode()
    [select] = re.findall(r'<select name="site".*?</select>', html, re.S)
    assert re.findall(r'<option value="(\d*)"', select) == [str(sites[HOA_AN].pk)]  # no "every portal"
    model_class = type(province[model]["every"])
    before = model_class.objects.count()
    for key in ("every", "main", VAN_HOA):
        response = client.post(url(model, "add"), form(model, "Mục lạ", sites[key]))
        assert response.status_code == 200, key  # the form again, with the field's error
    assert model_class.objects.count() == before
    assert client.post(url(model, "add"), form(model, "Trường Hòa An", sites[HOA_AN])).status_code == 302
    assert model_class.objects.get(name="Trường Hòa An").site_id == sites[HOA_AN].pk


def test_bulk_delete_leaves_rows_a_portals_staff_may_not_delete(client, province, chief):
    rows = province["author"]
    bulk = reverse("wagtail_bulk_action", args=("articles", "author", "delete"))
    ids = "&".join(f"id={row.pk}" for row in rows.values())
    client.post(f"{bulk}?{ids}&next=/admin/")
    left = set(Author.objects.values_list("pk", flat=True))
    assert left == {rows[key].pk for key in ("every", "main", VAN_HOA)}


@MODELS
def test_an_administrator_keeps_every_row_and_makes_rows_of_every_portal(
    client, province, administrator, model
):
    rows = province[model]
    assert shown(client.get(url(model, "list")).content.decode(), rows) == set(KEYS)
    for key in KEYS:
        assert client.get(url(model, "edit", rows[key].pk)).status_code == 200, key
    assert client.post(url(model, "add"), form(model, "Bộ Thông tin", None)).status_code == 302
    assert type(rows["every"]).objects.get(name="Bộ Thông tin").site_id is None


# --------------------------------------------------------------------------- an article's choosers


@pytest.fixture
def article(province):
    home = province["sites"][HOA_AN].root_page
    section = SectionPage.objects.child_of(home).first()
    return new_article(section, "Xã Hòa An khánh thành nhà văn hóa")


def edit_html(client, article) -> str:
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def chooser_urls(html: str) -> dict[str, str]:
    """The choosers' addresses in the article's form: the authors' own widget, Wagtail's for the agency."""
    [authors] = re.findall(r'data-toasoan-authors data-chooser-url="([^"]+)"', html)
    agency = re.findall(r"/admin/snippets/choose/articles/agency/[^\"\\]*", html)[0]
    return {"author": html_lib.unescape(authors), "agency": html_lib.unescape(agency)}


def offered(client, address: str, rows: dict) -> set[str]:
    # Django's test client drops a query string the address has when given data of its own.
    response = client.get(f"{address}{'&' if '?' in address else '?'}multiple=1")
    assert response.status_code == 200
    return shown(json.loads(response.content)["html"], rows)


@pytest.mark.parametrize("who", ["chief", "administrator"])
def test_an_articles_choosers_offer_its_portals_rows_and_every_portals(
    client, province, article, who, request
):
    request.getfixturevalue(who)
    addresses = chooser_urls(edit_html(client, article))
    for model in ("author", "agency"):
        assert f"cong={province['sites'][HOA_AN].pk}" in addresses[model], model
        assert offered(client, addresses[model], province[model]) == {"every", HOA_AN}, model
    # Searching keeps to the portal too.
    hoa_an = province["sites"][HOA_AN].pk
    found = client.get(chooser("author", "choose_results"), {"q": "van", "cong": hoa_an})
    assert shown(found.content.decode(), province["author"]) == {"every"}


def test_a_portals_staff_cannot_open_the_chooser_on_another_portal(client, province, chief):
    other = province["sites"][VAN_HOA].pk
    for model in ("author", "agency"):
        assert offered(client, f"{chooser(model)}?cong={other}", province[model]) == {"every", HOA_AN}
        assert offered(client, chooser(model), province[model]) == {"every", HOA_AN}
        assert client.get(chooser(model, "chosen", province[model][VAN_HOA].pk)).status_code == 404
        assert client.get(chooser(model, "chosen", province[model]["every"].pk)).status_code == 200


def test_an_article_refuses_another_portals_author_and_agency(client, province, article, administrator):
    edit = f"/admin/pages/{article.pk}/edit/"

    def post(author: Author, agency: Agency):
        data = querydict_from_html(client.get(edit).content.decode(), form_id="page-edit-form")
        data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])}))
        data.setlist("authors", [str(author.pk)])
        data["agency"] = str(agency.pk)
        data["action-publish"] = "action-publish"
        return client.post(edit, data)

    assert post(province["author"][VAN_HOA], province["agency"]["every"]).status_code == 200
    assert post(province["author"]["every"], province["agency"][VAN_HOA]).status_code == 200
    refused = ArticlePage.objects.get(pk=article.pk)
    assert (list(refused.authors.all()), refused.agency_id) == ([], None)
    assert post(province["author"][HOA_AN], province["agency"]["every"]).status_code == 302
    saved = ArticlePage.objects.get(pk=article.pk)
    assert ([a.pk for a in saved.authors.all()], saved.agency_id) == (
        [province["author"][HOA_AN].pk],
        province["agency"]["every"].pk,
    )

    # Live on its portal: the lead's prefix and the byline as before.
    response = client.get(saved.get_url_parts()[2], HTTP_HOST=HOA_AN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "TTXVN - " in html and "Thu Hòa" in html
