"""Baked pages on a full disk: readers still get every page, no write leaves litter, the sweep and the
purges still delete, nothing stays past its age, and baking comes back by itself.

The disk is simulated: under BAKED_PAGES_DIR, writing data fails with ENOSPC (no free block), and
so do new folders and, when inodes run out too, new files; reading, stat, utime, rename, unlink
and rmdir work, as on a real full ext4 filesystem.
"""
# ruff: noqa: F811  (the fixtures of test_baking.py are imported, then named as arguments)

from __future__ import annotations

import builtins
import errno
import io
import os
import time
from pathlib import Path

import pytest

from toasoan.delivery import baking

from .test_baking import HOST, _stored, _touch, baked, described, nginx_get, page_file  # noqa: F401


def _no_space() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FullFile:
    """A file opened for writing on a full disk: it exists, nothing can be written into it."""

    def __init__(self, handle) -> None:
        self._handle = handle

    def write(self, data):
        raise _no_space()

    writelines = write

    def flush(self):
        raise _no_space()

    def close(self):
        self._handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getattr__(self, name):
        return getattr(self._handle, name)


class FullDisk:
    """Fills BAKED_PAGES_DIR while `full` is true; `attempts` counts the writes refused."""

    def __init__(self, base: Path) -> None:
        self.base = os.path.abspath(base)
        self.full = False
        self.no_inodes = False
        self.attempts = 0
        self._write_fds: set[int] = set()

    def _inside(self, path) -> bool:
        if isinstance(path, int) or not isinstance(path, str | os.PathLike):
            return False
        path = os.path.abspath(os.fsdecode(path))
        return self.full and (path == self.base or path.startswith(self.base + os.sep))

    def _create(self, path) -> None:
        self.attempts += 1
        if self.no_inodes and not os.path.exists(path):
            raise _no_space()

    def patch(self, monkeypatch) -> FullDisk:
        real_open, real_os_open, real_write, real_mkdir = builtins.open, os.open, os.write, os.mkdir

        def fake_open(file, mode="r", *args, **kwargs):
            if self._inside(file) and any(flag in mode for flag in "wax+"):
                self._create(file)
                return _FullFile(real_open(file, mode, *args, **kwargs))
            return real_open(file, mode, *args, **kwargs)

        def fake_os_open(path, flags, *args, **kwargs):
            writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            if self._inside(path) and writing:
                self._create(path)
                descriptor = real_os_open(path, flags, *args, **kwargs)
                self._write_fds.add(descriptor)
                return descriptor
            return real_os_open(path, flags, *args, **kwargs)

        def fake_write(descriptor, data):
            if self.full and descriptor in self._write_fds:
                raise _no_space()
            return real_write(descriptor, data)

        def fake_mkdir(path, *args, **kwargs):
            if self._inside(path) and not os.path.exists(path):
                self.attempts += 1
                raise _no_space()  # a new folder needs an inode and a block
            return real_mkdir(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_open)  # pathlib's open and write_bytes
        monkeypatch.setattr(os, "open", fake_os_open)
        monkeypatch.setattr(os, "write", fake_write)
        monkeypatch.setattr(os, "mkdir", fake_mkdir)
        return self


@pytest.fixture
def disk(baked, monkeypatch):
    baked.mkdir(parents=True, exist_ok=True)
    return FullDisk(baked).patch(monkeypatch)


def _litter(baked: Path) -> list[str]:
    return sorted(p.relative_to(baked).as_posix() for p in baked.rglob("*.tmp"))


def _baked_once_then_purged(baked, nginx_get, url) -> None:
    """The page was baked before and purged since: its folder is there, its file is not."""
    nginx_get(url)
    assert page_file(baked, url).exists()
    baking.purge_paths([url])
    assert page_file(baked, url).parent.is_dir()
    assert not page_file(baked, url).exists()


@pytest.mark.parametrize("failing", ["write", "rename"])
def test_a_failed_write_leaves_no_temporary_file_and_the_reader_gets_the_page(
    baked, portal, nginx_get, disk, monkeypatch, failing
):
    """Replays `make serve` on a full disk: 35 `.tmp` files were left by writes that failed."""
    url = portal["articles"][0].url
    _baked_once_then_purged(baked, nginx_get, url)
    if failing == "write":
        disk.full = True
    else:
        real_replace = os.replace

        def refuse(source, destination, *args, **kwargs):
            if str(destination).startswith(str(baked)):
                raise _no_space()
            return real_replace(source, destination, *args, **kwargs)

        monkeypatch.setattr(os, "replace", refuse)
    response = nginx_get(url)
    assert response.status_code == 200
    assert portal["articles"][0].title in response.content.decode()
    assert _litter(baked) == []
    assert not page_file(baked, url).exists()
    assert not page_file(baked, url, baking.GZIP_FILE).exists()


def test_a_copy_that_cannot_be_replaced_is_taken_away(baked, portal, described, rf, disk):
    """A newer render that cannot be written must not leave the older copy for nginx to serve."""
    url = portal["articles"][0].url
    meta, page, stamp, entry = _stored(url, described, rf)
    assert baking.bake(meta, page, stamp, entry) is True
    disk.full = True
    newer = (entry[0], entry[1], b"<html>moi</html>" * 100, None, entry[4], time.time())
    assert baking.bake(meta, page, stamp, newer) is False
    assert not page_file(baked, url).exists()  # nginx falls through to the app, which has the page
    assert not page_file(baked, url, baking.GZIP_FILE).exists()
    assert _litter(baked) == []


def test_baking_stops_on_a_full_disk_and_comes_back_by_itself(baked, portal, nginx_get, disk, monkeypatch):
    first, second = portal["articles"][0].url, portal["articles"][1].url
    for url in (first, second):
        _baked_once_then_purged(baked, nginx_get, url)
    disk.full = True
    assert nginx_get(first).status_code == 200
    tried = disk.attempts
    assert tried > 0
    assert nginx_get(second).status_code == 200
    assert disk.attempts == tried  # no more writes doomed to fail: nginx's readers go to the app
    disk.full = False  # space is back (the sweep, an operator) …
    nginx_get(second)
    assert not page_file(baked, second).exists()  # … baking waits out its pause …
    real_clock = baking._clock
    monkeypatch.setattr(baking, "_clock", lambda: real_clock() + baking.sweep_interval() + 1)
    response = nginx_get(second)
    assert page_file(baked, second).read_bytes() == response.content  # … then bakes again unaided


@pytest.mark.parametrize("room", ["no-inode-left", "no-block-left"])
def test_the_sweep_job_expires_pages_on_a_full_disk(baked, settings, disk, room):
    """Replays the sweep that failed on "No space left on device" and a page 687 s old still served."""
    from toasoan.operations import periodic

    settings.PAGE_CACHE_SECONDS = 600
    now = time.time()
    site = baked / "http" / HOST
    _touch(site / "cu" / baking.PAGE_FILE, 687, now)
    _touch(site / "cu" / baking.GZIP_FILE, 687, now)
    _touch(site / "moi" / baking.PAGE_FILE, 30, now)
    _touch(site / "hong" / ".index.html.0123456789ab.tmp", 300, now)  # a write that died
    if room == "no-block-left":
        _touch(baked / ".sweep.lock", 3600, now)  # an earlier sweep's stamp (baking.SWEEP_STAMP)
    disk.full = True
    disk.no_inodes = room == "no-inode-left"
    job = {job.name: job for job in periodic.jobs()}["baked-pages"]  # as run_worker runs it
    job.function()
    assert not (site / "cu" / baking.PAGE_FILE).exists()
    assert not (site / "cu" / baking.GZIP_FILE).exists()
    assert _litter(baked) == []
    assert (site / "moi" / baking.PAGE_FILE).exists()


@pytest.mark.parametrize("purge", ["paths", "everything"])
def test_a_purge_deletes_pages_on_a_full_disk(baked, portal, nginx_get, disk, purge):
    """The purge window's marker needs an inode: without one the purge must still delete the page."""
    url = portal["articles"][0].url
    nginx_get(url)
    assert page_file(baked, url).exists()
    (baked / baking.PURGE_MARKER).unlink(missing_ok=True)  # the portal's publishes' window has closed
    disk.full = disk.no_inodes = True
    if purge == "paths":
        baking.purge_paths([url])
    else:
        baking.purge_all()
    assert not page_file(baked, url).exists()
