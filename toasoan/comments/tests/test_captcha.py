"""The "Mã xác nhận": five digits, single use, expiring, refreshable, spoken in Vietnamese."""

from __future__ import annotations

import json
import re
import shutil
import threading
from datetime import timedelta
from io import BytesIO

import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings
from PIL import Image

from toasoan.comments.checks import captcha_test_mode_check
from toasoan.comments.models import Comment
from toasoan.comments.services import captcha

from .conftest import captcha_answer, key_in


def test_codes_are_five_digits(db):
    for _ in range(50):
        challenge, response = captcha.numeric_challenge()
        assert re.fullmatch(r"\d{5}", challenge) and challenge == response
    key = captcha.new_key()
    assert re.fullmatch(r"\d{5}", CaptchaStore.objects.get(hashkey=key).challenge)


def test_image_is_served_by_the_library(client, article):
    key = captcha.new_key()
    response = client.get(captcha.image_url(key))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(BytesIO(response.content)).size == (160, 56)
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(captcha.image_url("0" * 40)).status_code == 410


def test_answer_accepts_fullwidth_digits_and_spaces(db):
    key = captcha.new_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    fullwidth = " ".join(chr(0xFF10 + int(d)) for d in answer)
    captcha.verify(key, fullwidth)


def test_replay_is_refused(client, article, valid_data, write_url):
    data = valid_data()
    assert client.post(write_url, data).status_code == 303
    data["title"] = "Gửi lại đúng mã cũ"
    response = client.post(write_url, data)
    assert response.status_code == 400
    assert "Mã xác nhận không đúng" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_wrong_answer_uses_the_code_up(db):
    key = captcha.new_key()
    right = CaptchaStore.objects.get(hashkey=key).response
    wrong = "00000" if right != "00000" else "11111"
    with pytest.raises(captcha.CaptchaError):
        captcha.verify(key, wrong)
    with pytest.raises(captcha.CaptchaError) as caught:
        captcha.verify(key, right)
    assert caught.value.code == "invalid"


#: Run in a child process on a file copy of the SQLite test database: the in-memory test
#: database's shared cache answers a second writer "table is locked" at once, where the
#: portal's file database (WAL, IMMEDIATE, 20 s timeout) makes it wait, as production does.
RACE_SCRIPT = """
import json, sys
import django
django.setup()
from toasoan.comments.tests.test_captcha import _race_in_threads
print(json.dumps(_race_in_threads(sys.argv[1], sys.argv[2])))
"""


def _race_in_threads(key: str, answer: str) -> list[bool]:
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def attempt():
        barrier.wait()
        try:
            captcha.verify(key, answer)
            results.append(True)
        except captcha.CaptchaError:
            results.append(False)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _race_on_a_sqlite_file(key: str, answer: str, folder) -> list[bool]:
    import os
    import sqlite3
    import subprocess
    import sys

    from django.conf import settings

    target = sqlite3.connect(folder / "test.sqlite3")
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    env = {**os.environ, "TOASOAN_VAR_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "toasoan.settings.test"}
    env.pop("DATABASE_URL", None)
    child = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", RACE_SCRIPT, key, answer],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_requests_cannot_both_use_one_code(tmp_path):
    key = captcha.new_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    if connection.vendor == "sqlite":
        results = _race_on_a_sqlite_file(key, answer, tmp_path)
    else:
        results = _race_in_threads(key, answer)
    assert sorted(results) == [False, False, False, True]


def test_refresh_without_javascript_keeps_the_form(client, article, valid_data, write_url):
    data = valid_data(name="Lê Văn Cường", content="Ý kiến dài\nnhiều dòng", captcha="")
    response = client.post(write_url, {**data, "lay_ma_moi": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã lấy mã xác nhận mới" in html
    assert 'value="Lê Văn Cường"' in html and "Ý kiến dài\nnhiều dòng</textarea>" in html
    assert key_in(html) != data["captcha_key"]
    assert "errorlist" not in html  # a refresh is not a failed submission
    assert CaptchaStore.objects.filter(hashkey=data["captcha_key"]).exists()  # nothing was checked
    assert not Comment.objects.exists()
    # …and the new code works with the kept timestamp.
    new_key = key_in(html)
    timestamp = re.search(r'name="timestamp" value="([^"]+)"', html).group(1)
    response = client.post(
        write_url,
        {**data, "captcha_key": new_key, "captcha": captcha_answer(new_key), "timestamp": timestamp},
    )
    assert response.status_code == 303


def test_refresh_with_javascript_returns_a_new_code(client, db):
    response = client.get("/binh-luan/ma-xac-nhan/moi/", headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert CaptchaStore.objects.filter(hashkey=data["key"]).exists()
    assert data["image_url"] == f"/binh-luan/ma-xac-nhan/anh/{data['key']}/"
    assert response["Cache-Control"] == "private, no-store"


@override_settings(COMMENTS_CAPTCHA_TEST_MODE=True)
def test_test_mode_accepts_passed(client, article, valid_data, write_url):
    assert client.post(write_url, valid_data(captcha="PASSED")).status_code == 303
    assert client.post(write_url, valid_data(captcha="passed", captcha_key="")).status_code in (303, 429)


def test_without_test_mode_passed_is_wrong(client, article, valid_data, write_url):
    assert client.post(write_url, valid_data(captcha="PASSED")).status_code == 400


def test_system_check_refuses_test_mode_without_debug(db):
    with override_settings(COMMENTS_CAPTCHA_TEST_MODE=True, DEBUG=False):
        errors = captcha_test_mode_check()
        assert [error.id for error in errors] == ["comments.E001"]
        with pytest.raises(SystemCheckError, match=r"comments\.E001"):
            call_command("check")
    with override_settings(COMMENTS_CAPTCHA_TEST_MODE=True, DEBUG=True):
        assert captcha_test_mode_check() == []
    with override_settings(COMMENTS_CAPTCHA_TEST_MODE=False, DEBUG=False):
        assert captcha_test_mode_check() == []


def test_test_mode_comes_from_the_environment(tmp_path):
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='toasoan.settings.test'; django.setup(); "
        "from django.conf import settings; print(settings.COMMENTS_CAPTCHA_TEST_MODE)"
    )
    for value, expected in (("true", "True"), ("", "False")):
        env = {
            "PATH": "/usr/bin:/bin",
            "CAPTCHA_TEST_MODE": value,
            "TOASOAN_VAR_DIR": str(tmp_path),
        }
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        assert result.stdout.strip() == expected, result.stderr


def test_spoken_text_reads_digits_in_vietnamese():
    text = captcha.spoken_text("40719")
    assert "bốn, không, bảy, một, chín" in text and text.count("bốn, không, bảy, một, chín") == 2


@pytest.fixture
def espeak():
    if not shutil.which("espeak-ng"):
        print("SKIP reason: espeak-ng is not installed (apt-get install espeak-ng); CI installs it")
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")


def test_audio_reads_the_code(client, article, espeak):
    html = client.get(f"/binh-luan/form/{article.pk}/").content.decode()
    key = key_in(html)
    audio = re.search(r'<audio controls preload="none" src="([^"]+)"', html).group(1)
    assert audio == f"/binh-luan/ma-xac-nhan/nghe/{key}/"
    response = client.get(audio)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    assert len(response.content) > 20_000
    assert response["Cache-Control"] == "private, no-store"
    assert client.get("/binh-luan/ma-xac-nhan/nghe/khong-co/").status_code == 404


def test_audio_is_hidden_and_404_without_espeak(client, article, monkeypatch):
    monkeypatch.setattr(captcha, "espeak_path", lambda: None)
    html = client.get(f"/binh-luan/form/{article.pk}/").content.decode()
    assert "<audio" not in html and "/ma-xac-nhan/nghe/" not in html
    assert client.get(f"/binh-luan/ma-xac-nhan/nghe/{key_in(html)}/").status_code == 404


def test_audio_runs_espeak_with_an_argument_list_and_a_timeout(db, monkeypatch):
    calls = []

    def fake_run(args, **kwargs):
        calls.append((args, kwargs))
        out = args[args.index("-w") + 1]
        with open(out, "wb") as handle:
            handle.write(b"RIFF....WAVE")
        return None

    monkeypatch.setattr(captcha, "espeak_path", lambda: "/usr/bin/espeak-ng")
    monkeypatch.setattr(captcha.subprocess, "run", fake_run)
    key = captcha.new_key()
    assert captcha.speak(key) == b"RIFF....WAVE"
    args, kwargs = calls[0]
    assert isinstance(args, list) and args[:3] == ["/usr/bin/espeak-ng", "-v", "vi"]
    assert kwargs["timeout"] and not kwargs.get("shell")


def test_audio_failure_is_a_503(client, db, monkeypatch):
    import subprocess

    def broken(*args, **kwargs):
        raise subprocess.TimeoutExpired("espeak-ng", 10)

    monkeypatch.setattr(captcha, "espeak_path", lambda: "/usr/bin/espeak-ng")
    monkeypatch.setattr(captcha.subprocess, "run", broken)
    key = captcha.new_key()
    assert client.get(f"/binh-luan/ma-xac-nhan/nghe/{key}/").status_code == 503


@pytest.mark.parametrize("key", ["%00", "a" * 39 + "%00", "A" * 40, "../" * 3, "0" * 41])
def test_malformed_keys_never_reach_the_database(client, db, key):
    assert client.get(f"/binh-luan/ma-xac-nhan/anh/{key}/").status_code == 404
    assert client.get(f"/binh-luan/ma-xac-nhan/nghe/{key}/").status_code == 404


def test_malformed_key_in_the_form_is_just_wrong(db):
    with pytest.raises(captcha.CaptchaError) as caught:
        captcha.verify("\x00' OR 1=1 --", "12345")
    assert caught.value.code == "invalid"


# ---------------------------------------------------------------------------------------------
# How many codes exist: drawn only when a reader opens the form, a share per reader, expired
# ones removed as new ones are drawn.


def test_reading_articles_draws_no_code(client, article):
    for index in range(20):
        response = client.get(article.url, REMOTE_ADDR=f"198.51.100.{index + 1}")
        assert response.status_code == 200 and 'id="binh-luan"' in response.content.decode()
    assert CaptchaStore.objects.count() == 0
    # Crawlers that follow links are asked not to follow this one to the full-page form.
    assert re.search(r'<a [^>]*href="/binh-luan/viet/\d+/" rel="nofollow"', response.content.decode())
    client.get(f"/binh-luan/form/{article.pk}/", headers={"X-Requested-With": "XMLHttpRequest"})
    assert CaptchaStore.objects.count() == 1  # asking to write does


@override_settings(COMMENTS_CAPTCHA_PER_HOUR=3)
def test_a_reader_draws_only_a_share_of_codes_an_hour(client, article, clock, write_url):
    reader = {"REMOTE_ADDR": "203.0.113.50"}
    fragment = {"X-Requested-With": "XMLHttpRequest"}
    assert client.get(f"/binh-luan/form/{article.pk}/", headers=fragment, **reader).status_code == 200
    clock.advance(60)
    assert client.get(write_url, **reader).status_code == 200
    clock.advance(60)
    refresh = client.get("/binh-luan/ma-xac-nhan/moi/", headers=fragment, **reader)
    assert refresh.status_code == 200 and CaptchaStore.objects.count() == 3

    # The fourth, whichever way it is asked for: 429, the wait, Vietnamese, no new row.
    for response in (
        client.get(f"/binh-luan/form/{article.pk}/", headers=fragment, **reader),
        client.get(write_url, **reader),
    ):
        html = response.content.decode()
        assert response.status_code == 429 and response["Retry-After"] == str(3600 - 120)
        assert "Bạn đã lấy quá nhiều mã xác nhận trong một giờ" in html and "khoảng 58 phút" in html
        assert 'name="captcha_key"' not in html and "Lấy lại mã bảo mật" in html
    refused = client.get("/binh-luan/ma-xac-nhan/moi/", headers=fragment, **reader)
    assert refused.status_code == 429 and "quá nhiều mã xác nhận" in refused.json()["error"]
    assert CaptchaStore.objects.count() == 3

    # "Lấy lại mã bảo mật" without JavaScript: the words typed come back with the wait.
    data = {"name": "Phạm Thị Hoa", "title": "Giữ lại", "content": "Nội dung\nhai dòng", "lay_ma_moi": "1"}
    response = client.post(write_url, data, **reader)
    html = response.content.decode()
    assert response.status_code == 429 and "quá nhiều mã xác nhận" in html
    assert 'value="Phạm Thị Hoa"' in html and "Nội dung\nhai dòng</textarea>" in html

    # Another reader is not affected; this one draws again once the first code is an hour old.
    assert client.get(write_url, REMOTE_ADDR="203.0.113.51").status_code == 200
    clock.advance(3600 - 120)
    assert client.get(write_url, **reader).status_code == 200


@override_settings(COMMENTS_CAPTCHA_PER_HOUR=1)
def test_a_form_with_errors_keeps_its_status_when_no_code_is_left(client, article, valid_data, write_url):
    client.get(write_url, REMOTE_ADDR="203.0.113.60")  # the reader's one code of the hour
    response = client.post(write_url, valid_data(name=""), REMOTE_ADDR="203.0.113.60")
    html = response.content.decode()
    assert response.status_code == 400 and "Vui lòng nhập họ tên." in html
    assert "quá nhiều mã xác nhận" in html and 'name="captcha_key"' not in html


def test_expired_codes_go_when_a_new_one_is_drawn(client, article, clock, write_url):
    old = captcha.new_key()
    live = captcha.new_key()
    CaptchaStore.objects.filter(hashkey=old).update(expiration=clock.now())
    CaptchaStore.objects.filter(hashkey=live).update(expiration=clock.now() + timedelta(minutes=5))
    new = key_in(client.get(write_url).content.decode())
    assert set(CaptchaStore.objects.values_list("hashkey", flat=True)) == {live, new}


def test_a_code_that_could_not_be_stored_does_not_count(db, clock, monkeypatch, settings):
    from django.db import OperationalError

    settings.COMMENTS_CAPTCHA_PER_HOUR = 1

    def locked():
        raise OperationalError("database is locked")

    monkeypatch.setattr(captcha, "new_key", locked)
    with pytest.raises(OperationalError):
        captcha.issue("h")
    monkeypatch.undo()
    assert CaptchaStore.objects.filter(hashkey=captcha.issue("h")).exists()
    with pytest.raises(captcha.TooManyCodes):
        captcha.issue("h")
