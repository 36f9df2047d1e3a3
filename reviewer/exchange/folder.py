"""One pass over the shared exchange folder (a USB stick, a network share, a synchronised folder).

Each laptop writes its own package there, one file per device and draft, named so that a secretary
can tell whose it is: ``<group>_<host name>_<device>_<draft id>.gopy``, e.g.
``To-2_LAPTOP-7F3K_f02e0a58_1809050dbf41.gopy`` (the group and host name without accents or
anything a file system refuses; ``<device>``: the first 8 characters of the device id, which keep
the name unique). It is written to a temporary hidden name and renamed, so a synchronising tool
never sees half a file, and rewritten only when its comments changed. When the laptop's group
changes, the file gets the new name: the new file is written first, then the old one removed, so
the folder never lacks it. Files of the former naming, ``<device id>-<draft id>.gopy``, are read
like any other; this laptop's own is replaced by the new name when it next writes. Every other
``.gopy`` file in the folder is read and merged. A laptop never writes, renames or deletes another
device's file (it removes only its own files of a former name and its own leftover temporary
files); a copy of its database on another laptop (same device id, another host name) counts as
another device here.

Real folders misbehave, and a pass copes:

* a file still being copied (empty, or a zip without its end): skipped silently and retried on the
  next pass; it is reported as refused only once it has stayed the same, and broken, for
  ``GRACE_SECONDS`` (or, on a single pass without history such as ``reviewer sync``, when it is
  that old already);
* a bad file is reported once, not on every pass, until it changes;
* a folder that disappeared (USB stick pulled out): ``status == "missing"``, nothing else happens,
  and the next pass resumes when it is back;
* duplicate or renamed copies of a device's file, and very old files: merging is idempotent and
  order-free, so they are simply merged (an old copy changes nothing); the device table keeps the
  newest package of each device.

The window keeps one :class:`SyncState` and calls :func:`sync_once` on a timer and when the folder
changes; nothing here uses Qt.
"""
from __future__ import annotations

import hashlib
import os
import re
import socket
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.exchange import package as exchange
from reviewer.exchange.importing import merge_package
from reviewer.exchange.package import EXTENSION, MAX_PACKAGE_BYTES, PackageError
from reviewer.files import TEMP_SUFFIX, WriteError, write_bytes_atomic
from reviewer.i18n import _, count, ngettext
from reviewer.store import DatabaseError, MergeSummary, revise

GRACE_SECONDS = 120.0  # how long a broken file may stay unchanged before it is reported
TEMP_AGE_SECONDS = 3600.0  # own temporary files older than this are leftovers of a crash


# This laptop's files: the current naming (group optional), and the former one (full device id).
_NAME = re.compile(r"(?:(?P<group>[A-Za-z0-9-]+)_)?(?P<host>[A-Za-z0-9-]+)_(?P<device>[0-9a-f]{8})"
                   r"_(?P<draft>[0-9a-f]{12,})" + re.escape(EXTENSION))
_FORMER_NAME = re.compile(r"(?P<device>[0-9a-f]{32})-(?P<draft>[0-9a-f]{12,})" + re.escape(EXTENSION))


def name_part(text: str, limit: int = 40) -> str:
    """``text`` as a piece of a file name any file system takes, without accents: "Tổ 2" -> "To-2"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:limit].strip("-")


def host_name() -> str:
    """This computer's name as it appears in its exchange files."""
    return name_part(socket.gethostname().split(".")[0], 30) or "laptop"


def own_file_name(device_id: str, draft_id: str, *, group: str = "", host: str | None = None) -> str:
    """The name of this laptop's file for a draft (see the module's docstring)."""
    host = (name_part(host, 30) or "laptop") if host is not None else host_name()
    return "_".join(p for p in (name_part(group), host, device_id[:8], draft_id) if p) + EXTENSION


def _own_draft(name: str, device_id: str, host: str) -> str | None:
    """The draft id of a file this laptop wrote under any of its names (None: someone else's file)."""
    m = _NAME.fullmatch(name)
    if m and m["device"] == device_id[:8] and m["host"] == host:
        return m["draft"]
    m = _FORMER_NAME.fullmatch(name)
    if m and m["device"] == device_id:
        return m["draft"]
    return None


@dataclass
class SyncState:
    """What one pass leaves for the next (the window keeps it; a fresh one is fine too)."""

    handled: dict[str, tuple] = field(default_factory=dict)  # file name -> signature merged or reported
    pending: dict[str, tuple] = field(default_factory=dict)  # file name -> (signature, first seen, monotonic)
    own: dict[str, tuple] = field(default_factory=dict)  # draft id -> (change stamp, key, own file's stat)
    passes: int = 0


@dataclass
class SyncResult:
    folder: str
    # "ok"; "missing" (folder not there: nothing done); "unreadable" (cannot list it); "not_writable"
    # (own package not written; the others' files were read)
    status: str = "ok"
    message: str = ""  # one line for the status bar
    written: list[str] = field(default_factory=list)  # own files written in this pass
    merged: list[tuple[str, MergeSummary]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # still being copied: read on a later pass
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, message), each reported once
    received: dict = field(default_factory=dict)  # Store.exchange.received(): per device and per group

    @property
    def changed(self) -> bool:
        return any(s.changed for _name, s in self.merged)

    def to_json(self) -> dict:
        return {"folder": self.folder, "status": self.status, "message": self.message, "written": self.written,
                "merged": [{"file": n, **s.to_json()} for n, s in self.merged], "pending": self.pending,
                "refused": [{"file": n, "message": m} for n, m in self.refused], "received": self.received}


def _signature(st: os.stat_result, key: str) -> tuple:
    return st.st_size, st.st_mtime_ns, key


def _key_id(passphrase: str) -> str:
    return hashlib.sha256(b"key:" + exchange.passphrase_key(passphrase)).hexdigest()[:16] if passphrase else ""


def _folder_there(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


def sync_once(store, folder: str | Path, *, state: SyncState | None = None, drafts: list[str] | None = None,
              device_group: str | None = None, grace: float = GRACE_SECONDS) -> SyncResult:
    """Merge the other laptops' packages found in ``folder``, then write this laptop's own (one per
    draft that has comments, only when they changed).

    ``drafts``: the drafts to send (default: all); ``device_group``: the group this laptop says it
    belongs to, in its packages and in its files' names (default: the group of most of the comments
    it wrote); ``grace``: how long a broken
    file may stay unchanged before it is reported. Never raises for the folder's sake: see
    ``SyncResult.status``; database errors do propagate."""
    folder = Path(folder)
    state = state if state is not None else SyncState()
    result = SyncResult(folder=str(folder))
    try:
        if not _folder_there(folder):
            return _missing(result, store)
        passphrase = store.exchange.passphrase()
        key = _key_id(passphrase)
        # Read first, then write: what arrived goes on to the next laptop in the same pass.
        try:
            with store.exchange.merging():
                _read_others(store, folder, state, result, passphrase, key, grace)
            if any(s.changed for _n, s in result.merged):
                revise.carry_arrivals(store)  # comments for an older version follow to its revisions, and go on
        except OSError as exc:
            if not _folder_there(folder):
                return _missing(result, store)
            result.status = "unreadable"
            result.message = _("Cannot read the exchange folder “{path}”: {reason}").format(
                path=folder, reason=exc.strerror or exc)
        try:
            _write_own(store, folder, state, result, passphrase, key, drafts, device_group)
        except (OSError, WriteError) as exc:
            if not _folder_there(folder):
                return _missing(result, store)
            if result.status != "ok":
                return _done(result, store)
            reason = exc.reason if isinstance(exc, WriteError) else exc.strerror or exc
            result.status = "not_writable"
            result.message = _("Cannot write this laptop's comments to the exchange folder “{path}”: {reason}").format(
                path=folder, reason=reason)
    finally:
        state.passes += 1
    return _done(result, store)


def _done(result: SyncResult, store) -> SyncResult:
    if result.status == "ok":
        changed = sum(s.new + s.updated + s.deleted for _n, s in result.merged)
        if changed:
            result.message = count("Exchange folder: {n} new or changed comment received.",
                                   "Exchange folder: {n} new or changed comments received.", changed)
        else:
            result.message = _("Exchange folder up to date.")
    result.received = store.exchange.received()
    return result


def _missing(result: SyncResult, store) -> SyncResult:
    result.status = "missing"
    result.message = _("The exchange folder “{path}” is not available (was the USB stick removed?). Comments are "
                       "kept on this laptop and exchanged when the folder is back.").format(path=result.folder)
    changed = sum(s.new + s.updated + s.deleted for _n, s in result.merged)
    if result.merged:  # it went away during the pass: what was merged before that is here to stay
        result.message += " " + ngettext(
            "Before it went away, {n} file was merged ({changed} new or changed comments).",
            "Before it went away, {n} files were merged ({changed} new or changed comments).",
            len(result.merged)).format(n=len(result.merged), changed=changed)
    result.received = store.exchange.received()
    return result


def _stat(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _write_own(store, folder: Path, state: SyncState, result: SyncResult, passphrase: str, key: str,
               drafts: list[str] | None, device_group: str | None) -> None:
    if drafts is None:
        drafts = [d["id"] for d in store.drafts()]
    host = host_name()
    for draft_id in drafts:
        stamp = store.exchange.stamp(draft_id)
        if stamp.startswith("[0,"):  # no comment to send (not even a tombstone; seeded ones never go)
            if state.own.pop(draft_id, None) is not None or state.passes == 0:
                # A file of an older version may carry the sample's seeded comments: it goes too.
                _remove_own_files(folder, store.device_id, host, draft_id, keep=None)
            continue
        group = device_group if device_group is not None else store.exchange.device_group(draft_id)
        path = folder / own_file_name(store.device_id, draft_id, group=group, host=host)
        known = state.own.get(draft_id)
        if known is not None and known[:3] == (stamp, key, path.name) and known[3] == _stat(path):
            continue
        built = exchange.build_package(store, draft_id, passphrase=passphrase, device_group=group)
        if not _same_package(path, built.payload_sha256, passphrase):
            write_bytes_atomic(path, built.data)
            result.written.append(path.name)
        # Only now that the file under its current name is there: the same device's files under an
        # earlier name (another group, or the former naming) would be a second file of this laptop.
        _remove_own_files(folder, store.device_id, host, draft_id, keep=path)
        state.own[draft_id] = (stamp, key, path.name, _stat(path))
    _clean_own_temporary_files(store, folder, host)


def _remove_own_files(folder: Path, device_id: str, host: str, draft_id: str, *, keep: Path | None) -> None:
    for entry in os.scandir(folder):
        if entry.name == (keep.name if keep else None) or _own_draft(entry.name, device_id, host) != draft_id:
            continue
        try:
            # A file system that ignores case (a FAT USB stick) may show the new file under the old name.
            if keep is not None and (entry.name.casefold() == keep.name.casefold()
                                     or os.path.samefile(entry.path, keep)):
                continue
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:  # tried again at the next write
            pass


def _same_package(path: Path, payload_sha256: str, passphrase: str) -> bool:
    """The file there already holds these comments, signed with this passphrase (or unsigned)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_PACKAGE_BYTES + 1)
        manifest, raw, signature = exchange.read_manifest(data)
    except (OSError, PackageError):
        return False
    summary = manifest.get("comments")
    if not isinstance(summary, dict) or summary.get("sha256") != payload_sha256:
        return False
    if not passphrase:
        return signature is None
    return signature is not None and signature.get("value") == exchange.sign(raw, passphrase)


def _clean_own_temporary_files(store, folder: Path, host: str) -> None:
    now = time.time()
    for entry in os.scandir(folder):
        name = entry.name
        # ".<own file name>.<8 random characters>.part" (see reviewer.files.write_atomic)
        target = name[1:-len(TEMP_SUFFIX)].rpartition(".")[0]
        if name.startswith(".") and name.endswith(TEMP_SUFFIX) and _own_draft(target, store.device_id, host):
            try:
                if now - entry.stat().st_mtime > TEMP_AGE_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _read_others(store, folder: Path, state: SyncState, result: SyncResult, passphrase: str, key: str,
                 grace: float) -> None:
    host = host_name()
    entries = sorted((e for e in os.scandir(folder) if e.name.lower().endswith(EXTENSION)
                      and not e.name.startswith(".") and _own_draft(e.name, store.device_id, host) is None),
                     key=lambda e: e.name)
    seen = set()
    for entry in entries:
        name = entry.name
        seen.add(name)
        try:
            if not entry.is_file():
                continue
            st = entry.stat()
        except OSError:  # gone since the listing
            continue
        signature = _signature(st, key)
        if state.handled.get(name) == signature:
            continue
        try:
            if st.st_size > MAX_PACKAGE_BYTES:
                raise exchange.too_large(st.st_size)  # before reading it
            with open(entry.path, "rb") as f:
                data = f.read(MAX_PACKAGE_BYTES + 1)
            summary = merge_package(store, data, passphrase=passphrase, name=name)
        except FileNotFoundError:
            continue
        except PermissionError as exc:
            _refuse(state, result, name, signature, _("Cannot read “{path}”: {reason}").format(
                path=name, reason=exc.strerror or exc))
            continue
        except OSError:  # a network hiccup or a file being replaced: try again next time
            result.pending.append(name)
            continue
        except PackageError as exc:
            if exc.transient and not _stale(state, name, signature, st, grace):
                result.pending.append(name)
            else:
                _refuse(state, result, name, signature, str(exc))
            continue
        except DatabaseError:
            raise
        except ReviewerError as exc:  # refused by the store (too many groups): nothing written
            _refuse(state, result, name, signature, str(exc))
            continue
        state.handled[name] = signature
        state.pending.pop(name, None)
        result.merged.append((name, summary))
    for name in set(state.handled) - seen:  # files that went away: forget them
        del state.handled[name]
    for name in set(state.pending) - seen:
        del state.pending[name]


def _stale(state: SyncState, name: str, signature: tuple, st: os.stat_result, grace: float) -> bool:
    """A broken file that is no longer changing: report it (once) instead of waiting for it."""
    now = time.monotonic()
    previous = state.pending.get(name)
    if previous is None or previous[0] != signature:
        state.pending[name] = (signature, now)
        # Seen for the first time: without earlier passes to compare with, judge by its age.
        return state.passes == 0 and time.time() - st.st_mtime >= grace
    return now - previous[1] >= grace


def _refuse(state: SyncState, result: SyncResult, name: str, signature: tuple, message: str) -> None:
    state.handled[name] = signature
    state.pending.pop(name, None)
    result.refused.append((name, message))
