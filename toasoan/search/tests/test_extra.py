"""Other kinds of results (toasoan.search.extra): listed above the articles on the first page,
from whatever apps register, escaped, and never in the JSON listing."""

from __future__ import annotations

import pytest

from toasoan.search import extra

pytestmark = pytest.mark.django_db


@pytest.fixture
def finder():
    calls = []

    def find(query, request):
        calls.append(query)
        if "phong" not in query:
            return []
        return [extra.ExtraResult(kind="Đơn vị", title="Phòng <Thử>", url="/phong-thu/", detail="Phòng ban")]

    saved = dict(extra._finders)
    extra._finders.clear()
    extra.register("test", find, heading="Đơn vị và cán bộ", anchor="tim-kiem-co-cau")
    yield calls
    extra._finders.clear()
    extra._finders.update(saved)


def test_results_of_registered_kinds_head_the_first_page(client, finder):
    html = client.get("/tim-kiem/", {"q": "phong thu"}).content.decode()
    assert '<h2 id="tim-kiem-co-cau" class="search-extra__title">Đơn vị và cán bộ</h2>' in html
    assert '<a href="/phong-thu/">Phòng &lt;Thử&gt;</a>' in html
    assert finder == ["phong thu"]
    assert (
        'class="search-extra"'
        not in client.get("/tim-kiem/", {"q": "phong thu", "trang": "2"}).content.decode()
    )
    assert 'class="search-extra"' not in client.get("/tim-kiem/", {"q": "ha noi"}).content.decode()
    assert 'class="search-extra"' not in client.get("/tim-kiem/").content.decode()
    assert "Phòng" not in client.get("/tim-kiem.json", {"q": "phong thu"}).content.decode()
