"""Files only the app's own user may read: the SQLite database, its side files, the backups.

They hold readers' names and phone numbers. Whatever the process's umask, such files are created
0600 and their folders 0700. The umask itself is never changed: it is process-wide, and other
threads of the same process are writing at that moment files nginx (another user) must read
(baked pages, media, static files).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700
#: The group and other permission bits: none of them may remain on a private file.
OTHERS = 0o077


def create_private_file(path: str | os.PathLike[str]) -> bool:
    """Create `path` empty and owner-only unless something is there already; True if it was created.

    An empty file is what SQLite makes of a new database, so SQLite opens it as one, and the
    side files it creates beside it (-wal, -shm, -journal) take the database file's mode.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, OWNER_ONLY_FILE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def make_owner_only(path: str | os.PathLike[str]) -> bool:
    """Take group and other permissions away from an existing file or folder; True if it had some.

    A symbolic link is left alone: chmod would change whatever it points to.
    Raises FileNotFoundError when nothing is there, PermissionError when it belongs to another user.
    """
    found = os.lstat(path)
    if stat.S_ISLNK(found.st_mode):
        return False
    mode = stat.S_IMODE(found.st_mode)
    if not mode & OTHERS:
        return False
    os.chmod(path, mode & ~OTHERS)
    return True


def make_private_folder(path: Path) -> Path:
    """The folder, created 0700 if missing (its parents get the umask's mode, as any folder)."""
    path.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
    return path


def seal(folder: Path) -> None:
    """The folder and every file directly inside it lose their group and other permissions."""
    for path in (folder, *sorted(folder.iterdir())):
        make_owner_only(path)
