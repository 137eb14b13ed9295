"""Old NukeViet addresses of the laws, faq and organs modules: every one answers 301 to its page,
at the Site's address; their spellings meet in one key; nothing a reader sends makes a 500."""

from __future__ import annotations

import copy
import io
import json
import os
from urllib.parse import quote, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site

from conftest import site_home
from toasoan.legal.models import LegalDocumentPage, LegalIndexPage
from toasoan.nukeviet.dump import NukeVietDump
from toasoan.nukeviet.models import LegacyRecord, LegacyUrl
from toasoan.nukeviet.services import faq, laws, organs, redirects
from toasoan.nukeviet.services.context import RunContext
from toasoan.organisation.models import UnitPage
from toasoan.questions.models import Question, QuestionIndexPage, QuestionTopic

from .portal_parts import write_dump, write_uploads

ADDRESS = "https://cong.mayxanh.example.vn"
MODULES = (
    "laws",
    "laws_cat",
    "laws_area",
    "laws_subject",
    "laws_signer",
    "laws_home",
    "faq",
    "faq_cat",
    "faq_home",
    "organs",
    "organs_person",
    "organs_home",
)
EXAMPLES = int(os.environ.get("PUBLIC_FUZZ_EXAMPLES", "1000"))


@pytest.fixture(scope="module")
def portal(module_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("portal")
    dump, uploads = write_dump(folder), write_uploads(folder)

    def build():
        home = site_home()
        Site.objects.filter(is_default_site=True).update(hostname="cong.mayxanh.example.vn", port=443)
        ctx = RunContext(dump=NukeVietDump(dump), uploads=uploads, home=home)
        for importer in (laws.import_laws, faq.import_faq, organs.import_organs):
            importer(ctx)
        return {"report": redirects.rebuild("nukeviet")}

    return module_db(build)


@pytest.fixture
def built(db, portal):
    return copy.deepcopy(portal)


def expected(record: LegacyRecord) -> str | None:
    """Where the record's addresses must lead, from the target apps' own URLs."""
    if record.page_id is None or not record.page.live:
        return None
    page = record.page.specific
    url = page.get_full_url()
    if record.object_label == "questions.Question":
        if not Question.objects.get(pk=record.object_pk).is_public:
            return None
        return url + page.reverse_subpage("question", args=[int(record.object_pk)])
    filters = {
        "questions.QuestionTopic": "linh_vuc",
        "legal.DocumentType": "loai",
        "legal.Topic": "linhvuc",
        "legal.Issuer": "coquan",
    }
    if record.object_label in filters and record.object_pk:
        return f"{url}?{filters[record.object_label]}={record.object_pk}"
    return url


def test_every_old_address_of_the_three_modules_answers_301_to_its_page(built):
    client = Client(HTTP_HOST="localhost")  # not the Site's address: the answer must not echo it
    records = LegacyRecord.objects.filter(module__in=MODULES).select_related("page")
    checked = 0
    for record in records:
        target = expected(record)
        assert record.old_urls, record
        for url in record.old_urls:
            response = client.get(url)
            if target is None:
                assert response.status_code == 404, (url, record.reason)
                continue
            assert response.status_code == 301, url
            assert response["Location"] == target, url
            assert target.startswith(ADDRESS + "/")
            followed = client.get(target.removeprefix(ADDRESS))
            assert followed.status_code == 200, target
            checked += 1
    assert checked >= 80  # documents, questions, units, people, their lists and module homes, two forms each


def test_the_addresses_lead_to_the_right_content(built):
    client = Client()
    decision = LegalDocumentPage.objects.get(number="12/2024/QĐ-UBND")
    response = client.get("/vi/laws/detail/Quyet-dinh-12-2024-QD-UBND-1/")
    assert response["Location"] == decision.get_full_url()

    question = Question.objects.get(title="Trích lục khai tử bản sao")
    index = QuestionIndexPage.objects.get()
    for url in (
        "/vi/faq/Ho-tich/question-3/",
        "/vi/faq/ho-tich/page-2/question-3/",
        "/faq/ho-tich/question-3",
    ):
        assert client.get(url)["Location"] == f"{index.get_full_url()}{question.pk}/", url
    topic = QuestionTopic.objects.get(name="Đất đai")
    land_list = client.get("/index.php?language=vi&nv=faq&op=Dat-dai")["Location"]
    assert land_list == f"{index.get_full_url()}?linh_vuc={topic.pk}"
    page = client.get(land_list.removeprefix(ADDRESS))
    assert "Thời hạn cấp sổ đỏ lần đầu" in page.text and "Đăng ký kết hôn ở đâu?" not in page.text

    registry = LegalIndexPage.objects.get()
    decisions = client.get("/vi/laws/Quyet-dinh/")["Location"]
    assert decisions == f"{registry.get_full_url()}?loai=quyet-dinh"
    assert client.get("/vi/laws/")["Location"] == registry.get_full_url()

    unit = UnitPage.objects.get(title="Lãnh đạo UBND huyện")
    assert client.get("/vi/organs/vieworg/Lanh-dao-UBND-huyen-1/")["Location"] == unit.get_full_url()
    person = "/index.php?language=vi&nv=organs&op=person/Lanh-dao-UBND-huyen-1/ha-thi-nguyet-minh-2"
    assert client.get(person)["Location"] == unit.get_full_url()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("/vi/laws/detail/Quyet-dinh-12-1/", "laws/detail/quyet-dinh-12-1"),
        ("/laws/detail/quyet-dinh-12-1", "laws/detail/quyet-dinh-12-1"),
        ("/index.php/vi/laws/detail/quyet-dinh-12-1/", "laws/detail/quyet-dinh-12-1"),
        ("https://old.example.vn/vi/laws/detail/quyet-dinh-12-1.html", "laws/detail/quyet-dinh-12-1"),
        ("/index.php?language=vi&nv=laws&op=detail/Quyet-dinh-12-1", "laws/detail/quyet-dinh-12-1"),
        ("/index.php?op=detail%2Fquyet-dinh-12-1&nv=laws&language=vi", "laws/detail/quyet-dinh-12-1"),
        ("/index.php?nv=laws&amp;op=detail/quyet-dinh-12-1&amp;language=vi", "laws/detail/quyet-dinh-12-1"),
        ("/index.php?nv=laws/detail/quyet-dinh-12-1", "laws/detail/quyet-dinh-12-1"),
        (
            "/index.php?language=vi&nv=laws&op=detail/quyet-dinh-12-1&download=1&id=0",
            "laws/detail/quyet-dinh-12-1",
        ),
        ("/vi/news/thoi-su/ha-noi-mo-rong-5.html", "news/thoi-su/ha-noi-mo-rong-5"),
        ("/VI/News/Thoi-Su/", "news/thoi-su"),
        ("/vi/news/thoi-su/page-3/", "news/thoi-su"),
        ("/vi/faq/ho-tich/page-2/question-3/", "faq/ho-tich/question-3"),
        ("/vi/faq/", "faq"),
        ("/index.php?language=vi&nv=faq", "faq"),
        ("/index.php?language=vi&nv=faq&op=main", "faq"),
        ("/vi/tin-t%E1%BB%A9c/", "tin-tức"),
        ("/vi/tin-tu%CC%9B%CC%81c/", "tin-tức"),  # NFD percent-encoded: the same key as NFC
        ("/", ""),
        ("/vi/", ""),
        ("/index.php", ""),
        ("/index.php?language=vi", ""),
        ("/index.php?language=en&nv=news", None),
        ("/vi/%FF%FE/", None),
        ("/vi/a\x00b", None),
        ("/vi/" + "a" * 3000, None),
        ("http://[::1", None),
        ("", None),
    ],
)
def test_the_spellings_of_one_old_address_meet_in_one_key(raw, key):
    assert redirects.normalise(raw) == key


def test_a_key_longer_than_the_column_is_stored_as_its_hash():
    key = "news/" + "a" * 400
    stored = redirects.storage_key(key)
    assert stored.startswith("#") and len(stored) == 65 and redirects.storage_key("news/a") == "news/a"


def test_a_lookup_is_one_indexed_query(built, django_assert_num_queries):
    Site.get_site_root_paths()  # cached for every request after the first
    site = Site.objects.get(is_default_site=True)  # the request's, found before the lookup
    decision = LegalDocumentPage.objects.get(number="12/2024/QĐ-UBND")
    with django_assert_num_queries(1):
        found = redirects.find(
            "/index.php?language=vi&nv=laws&op=detail/quyet-dinh-12-2024-qd-ubnd-1", site=site
        )
    assert found == decision.get_full_url()


def test_the_old_home_leads_to_the_home_page(built):
    for url in ("/vi/", "/index.php", "/index.php?language=vi&nv=", "/index.php/vi/"):
        response = Client().get(url)
        assert (response.status_code, response["Location"]) == (301, ADDRESS + "/"), url


def test_an_old_file_address_leads_to_the_file_it_became(built):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from toasoan.legal.samples import minimal_pdf

    document = get_document_model()(title="Kế hoạch", file=ContentFile(minimal_pdf(["KH"]), name="kh.pdf"))
    document.save()
    LegacyRecord.objects.create(
        module="file",
        key="laws/2024_04/kh-45-ubnd.pdf",
        object_label="wagtaildocs.Document",
        object_pk=str(document.pk),
        old_urls=["/uploads/laws/2024_04/kh-45-ubnd.pdf"],
    )
    redirects.rebuild("nukeviet")
    response = Client().get("/uploads/laws/2024_04/kh-45-ubnd.pdf")
    assert (response.status_code, response["Location"]) == (301, ADDRESS + document.url)


def test_a_fixed_target_is_answered_at_the_sites_address(built):
    site = Site.objects.get(is_default_site=True)
    LegacyUrl.objects.create(site=site, key="laws/tep-cu", source="tay", target="/documents/1/qd.pdf")
    assert redirects.find("/vi/laws/tep-cu/") == ADDRESS + "/documents/1/qd.pdf"


def test_a_page_moved_after_the_import_is_found_where_it_is_now(built):
    unit = UnitPage.objects.get(title="Bộ phận Một cửa")
    unit.slug = "mot-cua"
    unit.save_revision().publish()
    unit = UnitPage.objects.get(pk=unit.pk)
    response = Client().get("/vi/organs/vieworg/Bo-phan-Mot-cua-3/")
    assert response.status_code == 301 and response["Location"] == unit.get_full_url()
    assert unit.get_full_url().endswith("/mot-cua/")


def test_unknown_old_addresses_get_the_sites_own_404(built):
    client = Client()
    for url in (
        "/vi/laws/detail/khong-co-9999/",
        "/index.php?language=vi&nv=laws&op=detail/x-1",
        "/khong/co/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.text or "không tìm thấy" in response.text


def test_the_report_lists_every_address_that_could_not_be_mapped(built):
    report = built["report"]
    unmapped = {(item.module, item.key): item.reason for item in report.unmapped}
    assert unmapped[("laws", "6")] == "không nhập: thiếu số ký hiệu (trường code trống)"
    assert unmapped[("laws", "5")].startswith("trang chưa xuất bản")
    assert unmapped[("faq", "7")].startswith("không nhập: chưa có câu trả lời")
    assert unmapped[("organs_person", "5")] == "không nhập: không còn hoạt động (active=0): không nhập"
    assert unmapped[("organs", "5")].startswith("trang chưa xuất bản")
    assert unmapped[("faq", "6")].startswith("câu hỏi chưa công bố")
    assert report.mapped == LegacyUrl.objects.filter(source="nukeviet").count() > 40

    out = io.StringIO()
    call_command("nukeviet_redirects", "--report", stdout=out)
    text = out.getvalue()
    assert text.startswith(f"Bản sao “nukeviet”: {report.mapped} địa chỉ cũ chuyển được")
    assert "/vi/laws/detail/Thong-bao-lich-tiep-dan-thang-6-6/\tlaws #6: không nhập" in text

    out = io.StringIO()
    call_command("nukeviet_redirects", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["mapped"] == report.mapped and data["unmapped_count"] == len(report.unmapped)
    assert {(item["module"], item["key"]) for item in data["unmapped"]} == set(unmapped)


def test_a_rebuild_is_idempotent_and_another_source_cannot_take_an_address(built):
    before = set(LegacyUrl.objects.values_list("key", "page_id", "suffix"))
    again = redirects.rebuild("nukeviet")
    assert set(LegacyUrl.objects.values_list("key", "page_id", "suffix")) == before
    assert again.mapped == built["report"].mapped

    other = Page.objects.get(pk=LegalIndexPage.objects.get().pk)
    LegacyRecord.objects.create(
        source="cong-cu",
        module="laws",
        key="1",
        page=other,
        old_urls=["/vi/laws/detail/Quyet-dinh-12-2024-QD-UBND-1/"],
    )
    clash = redirects.rebuild("cong-cu")
    assert clash.mapped == 0
    assert [item.reason for item in clash.unmapped] == ["trùng địa chỉ với bản sao “nukeviet”"]


path_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
query = st.dictionaries(
    st.sampled_from(["language", "nv", "op", "NV", "page", ""]),
    st.one_of(
        path_text, st.sampled_from(["vi", "laws", "faq", "detail/x-1", "main", "%00", "\x00", "a" * 3000])
    ),
    max_size=4,
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def test_no_old_address_makes_a_server_error(built):
    client = Client(raise_request_exception=False)
    seen = []

    @FUZZ
    @given(
        prefix=st.sampled_from(["/vi/", "/index.php/", "/index.php", "/", "/vi/laws/detail/", "/faq/"]),
        tail=path_text,
        params=query,
    )
    def request(prefix, tail, params):
        path = prefix + quote(tail, safe="/")
        if params:
            path += "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code == 301 and urlsplit(response["Location"]).netloc:
            assert urlsplit(response["Location"]).netloc == "cong.mayxanh.example.vn"
        seen.append(path)

    request()
    assert len(seen) >= EXAMPLES
