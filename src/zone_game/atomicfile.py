"""Writing a file so that it is either wholly the old version or wholly the new one.

The text goes to a temporary file in the same directory (so the rename cannot cross file
systems), is flushed and fsync'd, then renamed over the target, and the directory is
fsync'd so the rename itself survives a crash. Two writers of the same target never mix:
each has its own temporary file, and the last rename wins with a whole file. On any
failure the temporary file is removed, the old file is untouched, and `WriteError` says
what went wrong in words (read-only directory, disk full, …).
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the directory does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a directory",
    errno.EISDIR: "it is a directory, not a file",
    errno.EEXIST: "a file of that name is in the way, not a directory",
}


class WriteError(Exception):
    """A file could not be written; the previous version (if any) is intact."""


def reason(exc: OSError) -> str:
    """An OSError in words a player can act on."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically and durably; raises `WriteError`."""
    import tempfile  # not at start-up: only a save needs it
    directory = path.parent
    temp_name = ""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        temp_name = ""
        _fsync_directory(directory)
    except (OSError, UnicodeEncodeError) as exc:
        kept = "the previous file is unchanged" if path.is_file() else "nothing was written"
        why = reason(exc) if isinstance(exc, OSError) else \
            "the text holds a character that is not valid Unicode (a lone surrogate)"
        raise WriteError(f"cannot write {path}: {why}; {kept}") from None
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (not possible everywhere, e.g. on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
