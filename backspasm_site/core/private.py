"""Files only the site's own user may read: the database (password hashes, sessions), its backups, the
feedback counts. Each is made so where it is created, whatever the process's umask (gunicorn's is 0,
Debian's 022).

Nothing here imports Django.
"""

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def _tighten(path: Path, mode: int) -> None:
    """An existing file or folder of ours set to `mode`."""
    if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


def private_folder(path: Path) -> Path:
    """`path` and any missing parents made 0700; an existing folder of ours is set to 0700 too."""
    path = Path(path)
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """`path` made, empty, with mode 0600 if missing (SQLite then writes into it, and gives its -wal and -shm
    files the same mode); an existing file of ours is set to 0600."""
    path = Path(path)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        _tighten(path, FILE_MODE)
    return path


def private_file_if_there(path) -> None:
    """An existing file of ours set to 0600; a missing one is left missing."""
    with contextlib.suppress(FileNotFoundError):
        _tighten(Path(path), FILE_MODE)
