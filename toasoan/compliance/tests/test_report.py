"""The whole report: the command's summary, exit code and files, its query budget (the admin view is
in test_report_admin.py, on a portal without the demo's pages this module builds once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toasoan.compliance.services import checklist, report

from .conftest import write_backup

pytestmark = pytest.mark.django_db

#: The items a portal can pass without the apps built elsewhere (organisation, questions, English).
PASSABLE = "\n".join(
    f'[[muc]]\nid = "{id_}"\ntitle = "{title}"\nsource = "Nguồn {id_}"\nkind = "{kind}"\nparams = {params}\n'
    for id_, title, kind, params in [
        ("lien-he", "Thông tin liên hệ", "content_role", '{ role = "lien_he" }'),
        ("van-ban", "Văn bản", "page", '{ model = "legal.LegalIndexPage", min_children = 1 }'),
        ("rss", "Tin RSS", "rss", '{ path = "/rss/" }'),
        ("https-hsts", "HTTPS", "https_hsts", "{}"),
    ]
)


@pytest.fixture
def passable_checklist(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "checklist.toml"
    notice = 'notice = "Đây là đọc kỹ thuật, không phải tư vấn pháp lý."\n'
    path.write_text(notice + PASSABLE, encoding="utf-8")
    monkeypatch.setattr(checklist, "CHECKLIST", path)
    return path


def test_a_portal_missing_its_english_pages_fails_the_command_with_a_clear_line(
    portal_home, article, backups, tmp_path, capsys, django_assert_max_num_queries
):
    write_backup(backups, "20990101T000000000000Z")
    json_path, html_path = tmp_path / "bao-cao.json", tmp_path / "bao-cao.html"
    with django_assert_max_num_queries(80), pytest.raises(CommandError) as raised:
        call_command("compliance_report", json=json_path, html=html_path)
    assert raised.value.returncode == 1
    out = capsys.readouterr().out
    assert "[không đạt] Thông tin bằng tiếng Anh: Chưa có trang tiếng Anh" in out
    assert "[đạt] Tuyên bố về khả năng tiếp cận:" in out
    assert "Căn cứ: Luật Người khuyết tật 51/2010/QH12, Điều 43; Thông tư 26/2020/TT-BTTTT\n" in out
    assert "[không áp dụng] Kết nối an toàn (HTTPS, HSTS): Địa chỉ http://localhost" in out
    assert "không phải ý kiến tư vấn pháp lý" in out
    assert "Thông tin bằng tiếng Anh" in str(raised.value)

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["dia_chi"] == "http://localhost" and data["ket_qua_chung"] == "không đạt"
    assert data["ngay_lap"].endswith("+07:00")
    assert "không phải ý kiến tư vấn pháp lý" in data["luu_y"]
    items = {item["ma"]: item for item in data["cac_muc"]}
    assert len(items) == len(checklist.load().items)
    assert all(item["can_cu"] for item in items.values())
    failing = {code for code, item in items.items() if item["ket_qua"] == "khong_dat"}
    # Only what the apps built in parallel provide is missing from this portal.
    assert failing == {"co-cau-to-chuc", "hoi-dap", "tieng-anh"}
    html = html_path.read_text(encoding="utf-8")
    assert "<h1>Báo cáo tuân thủ</h1>" in html and "không phải ý kiến tư vấn pháp lý" in html
    assert 'data-item="tieng-anh"' in html and "Nghị định 42/2022/NĐ-CP" in html


def test_the_command_exits_zero_and_writes_both_files_when_every_item_passes(
    portal_home, article, passable_checklist, tmp_path, capsys
):
    json_path = tmp_path / "ra" / "bao-cao.json"
    html_path = tmp_path / "ra" / "bao-cao.html"
    call_command("compliance_report", json=json_path, html=html_path)
    out = capsys.readouterr().out
    assert "Kết quả chung: đạt (đạt: 3, không đạt: 0, không áp dụng: 1)." in out
    assert json.loads(json_path.read_text(encoding="utf-8"))["ket_qua_chung"] == "đạt"
    assert "Nguồn van-ban" in html_path.read_text(encoding="utf-8")


def test_a_broken_check_is_one_failed_line_not_a_crash(portal_home, passable_checklist, monkeypatch):
    def broken(portal, params):
        raise RuntimeError("hỏng")

    monkeypatch.setitem(report.KINDS, "rss", broken)
    made = report.run()
    assert [item.requirement.id for item in made.failures] == ["rss"]
    assert made.failures[0].result.detail == "Lỗi khi kiểm tra mục này (xem nhật ký của máy chủ)."
