"""Every file the app writes (PDFs, packages, exchange files, the recovery file) goes through here.

A file is written to a temporary name beside its final place, flushed to disk and renamed over
it, so nobody ever sees half a file and a failed write leaves the old one untouched. The target
is looked at first: a symbolic link is followed (its final target is written, in that target's
folder, and the link stays); a device, a pipe, a folder or anything else that is not a regular
file is refused and left alone. A new file gets the mode the user's umask gives any saved file;
a replaced file keeps its mode.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from reviewer.errors import ReviewerError
from reviewer.i18n import _

T = TypeVar("T")
TEMP_SUFFIX = ".part"
STALE_SECONDS = 3600.0  # a temporary file of ours this old is a leftover of a killed process


class WriteError(ReviewerError):
    """The file could not be written; whatever was at the target is untouched. ``reason`` is the
    system's own words (or the message itself) for callers that say more about the context."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


def _failed(message: str, path, exc: OSError) -> WriteError:
    reason = exc.strerror or str(exc)
    return WriteError(message.format(path=path, reason=reason), reason)


def umask() -> int:
    """The process's umask, read without changing it (os.umask would, for a moment, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def resolve_target(path: str | Path) -> Path:
    """The regular file (existing or new) that writing to ``path`` should replace.

    Symbolic links are followed to their final target; anything there that is not a regular file
    raises :class:`WriteError`."""
    path = Path(path)
    final = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = os.stat(final)
    except FileNotFoundError:
        return final
    except OSError as exc:
        raise _failed(_("Cannot write “{path}”: {reason}"), path, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(_("“{path}” is a folder; choose a file name.").format(path=path))
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(_("“{path}” is not an ordinary file (it is a device, a pipe or a socket); it was left "
                           "untouched. Choose another file name.").format(path=path))
    return final


def write_atomic(path: str | Path, write: Callable[[IO[bytes]], T], *,
                 before_replace: Callable[[], None] | None = None) -> T:
    """Write ``path`` through ``write(file)``, atomically; returns what ``write`` returned.

    ``before_replace`` runs once the data is on disk, just before the rename (an export uses it to
    report completion; raising there cancels and leaves the target as it was)."""
    target = resolve_target(path)
    folder = target.parent
    remove_stale_temporaries(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _failed(_("Cannot write “{path}”: {reason}"), path, exc) from None
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                result = write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _mode_for(target))
        except OSError as exc:
            raise _failed(_("Cannot write “{path}”: {reason}"), path, exc) from None
        if before_replace is not None:
            before_replace()
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _failed(_("Cannot replace “{path}”: {reason}. If it is open in another program, close it "
                            "and try again."), path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return result


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    write_atomic(path, lambda fh: fh.write(data))


def _mode_for(target: Path) -> int:
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        return 0o666 & ~umask()


def remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files of ours for this target that a killed process left behind."""
    prefix = f".{target.name}."
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX) and len(entry.name) == len(prefix) + 8 \
                + len(TEMP_SUFFIX):
            try:
                if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut only once the folder is on disk too (POSIX)."""
    if sys.platform == "win32":
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
