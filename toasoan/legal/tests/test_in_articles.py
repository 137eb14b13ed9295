"""Documents in articles: the body's "Văn bản liên quan" block and document links in its text."""

from __future__ import annotations

import itertools
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .conftest import make_file, pdf_bytes


def _body(pages=(), files=(), paragraph: str = "<p>Xem văn bản dưới đây.</p>") -> str:
    return json.dumps(
        [
            {"type": "paragraph", "value": paragraph},
            {
                "type": "documents",
                "value": {
                    "heading": "",
                    "pages": [page.pk for page in pages],
                    "files": [{"document": doc.pk, "label": f"Phụ lục {doc.pk}"} for doc in files],
                },
            },
        ]
    )


def _article(make_section, make_article, title: str, **body):
    section = make_section(f"Chuyên mục {title}")
    return make_article(section, title, body=_body(**body))


def test_the_article_lists_its_documents_with_type_and_size(
    client, registry, make_document, make_section, make_article
):
    pdf = make_file("quyet-dinh.pdf", pdf_bytes("Quyet dinh"), title="Toàn văn")
    decision = make_document(
        "Quy chế tiếp công dân", number="25/QĐ-UBND", document_type="quyet-dinh", files=[pdf]
    )
    annex = make_file("phu-luc.pdf", pdf_bytes("Phu luc") * 3)
    article = _article(make_section, make_article, "Huyện ban hành quy chế", pages=[decision], files=[annex])
    html = client.get(article.url).content.decode()
    section = html[html.index('class="related-documents"') :]
    assert "Văn bản liên quan" in section
    assert f'href="{decision.url}"' in section and "Quyết định 25/QĐ-UBND" in section
    assert f'href="{pdf.url}"' in section and "Toàn văn</a> (PDF," in section
    assert f"Phụ lục {annex.pk}</a> (PDF, " in section and f'href="{annex.url}"' in section
    assert re.search(r"\(PDF, [\d,.]+\xa0(bytes|byte|KB)\)", section)


def test_documents_render_in_the_same_number_of_queries_for_one_or_five(
    client, registry, make_document, make_section, make_article
):
    made = itertools.count()

    def article_with(count: int):
        k = next(made)
        pages = [
            make_document(files=[make_file(f"vb-{k}-{n}.pdf", pdf_bytes("Van ban"))]) for n in range(count)
        ]
        files = [make_file(f"tep-{k}-{n}.pdf", pdf_bytes("Tep")) for n in range(count)]
        return _article(make_section, make_article, f"Bài {k}", pages=pages, files=files)

    def render(article) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(article.url).content.decode()
        return len(captured), html

    warm, one_document, five_documents = article_with(1), article_with(1), article_with(5)
    render(warm)  # what any first request reads once (the site's root paths…)
    one, html_one = render(one_document)
    five, html_five = render(five_documents)
    assert html_one.count("related-documents__item") == 2 and html_five.count("related-documents__item") == 10
    assert one == five, f"1 document: {one} queries, 5 documents: {five}"


def test_a_draft_or_restricted_document_is_not_shown_in_the_article(
    client, registry, make_document, make_section, make_article
):
    shown = make_document("Văn bản công khai", number="1/KH-UBND")
    draft = make_document("Dự thảo chưa đăng", number="2/KH-UBND", live=False)
    secret = make_document("Văn bản mật", number="3/KH-UBND")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    article = _article(make_section, make_article, "Bài có văn bản", pages=[shown, draft, secret])
    html = client.get(article.url).content.decode()
    assert "1/KH-UBND" in html
    assert "Dự thảo chưa đăng" not in html and "2/KH-UBND" not in html
    assert "Văn bản mật" not in html and "3/KH-UBND" not in html


def test_a_private_collection_file_in_an_article_links_only_through_the_serve_view(
    client, registry, make_section, make_article
):
    private = Collection.get_first_root_node().add_child(name="Hồ sơ nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    document = make_file("noi-bo.pdf", pdf_bytes("Noi bo"), collection=private)
    paragraph = f'<p>Tải <a linktype="document" id="{document.pk}">tệp nội bộ</a>.</p>'
    article = _article(make_section, make_article, "Bài có tệp nội bộ", files=[document], paragraph=paragraph)
    html = client.get(article.url).content.decode()
    serve = f"/documents/{document.pk}/noi-bo.pdf"
    assert html.count(f'href="{serve}"') == 2  # the block and the link in the text
    assert "/media/" not in html
    response = client.get(serve)
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))
