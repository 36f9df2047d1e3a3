"""Comment packages: one file that carries a draft's comments from one laptop to the others.

A package is a zip file with the extension ``.gopy`` ("góp ý"), holding:

``manifest.json``
    ``format`` ("draft-reviewer-comments"), ``format_version`` (1), ``app`` (name and version of
    the program that wrote it), ``exported_at`` (UTC, the sender's clock), ``device`` (``id`` and
    ``group`` of the sending laptop), ``scope`` (``group``: the one group exported, or null for
    everything the laptop holds), ``draft`` (``id``, ``fingerprint``, ``title``, ``file_name`` and
    ``sections``: id, number, title, level, parent and text of each, in document order) and
    ``comments`` (``count``, ``tombstones`` and ``sha256``: the SHA-256 of ``comments.json``).
``comments.json``
    ``{"comments": [...]}``, sorted by id: each comment's current version with the fields of
    ``reviewer comment list --json`` (``id``, ``section``, ``group``, ``author``, ``kind``, ``text``,
    ``quote``, ``quote_start``, ``quote_end``, ``proposal``, ``supporters``, ``status``,
    ``response``, ``created_at``, ``updated_at``, ``device``, ``revision``, ``deleted``; a deleted
    comment is a tombstone that still carries its last text), plus ``resolved`` (the revision up to
    which a conflict was marked as looked at) and ``history``: its previous versions (``revision``,
    ``device``, ``section`` (null when unknown), ``group``, ``author``, ``kind``, ``text``, ``quote``,
    ``proposal``, ``supporters``, ``status``, ``response``, ``updated_at``, ``deleted``). The JSON is
    written with sorted keys, so the same comments always give the same bytes and checksum.
``signature.json`` (only when the conference has a passphrase)
    ``{"algorithm": "HMAC-SHA256", "value": hex}``: HMAC-SHA256 of the bytes of ``manifest.json``
    with the passphrase (NFC, trimmed, UTF-8) as key. The manifest holds the SHA-256 of the
    comments, so the signature covers them too.

Reading checks the whole file before anything is written (:func:`read_package`): its size before
inflating anything, the zip's entries (no name may leave the package's folder), the format
version, the signature when this laptop has a passphrase, the checksum of the comments (always),
then every field's type and value. Any problem raises :class:`PackageError` with a translated
message and a ``code``; merging is :mod:`reviewer.merge`.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.merge import CommentState, Version
from reviewer.textnorm import clean

EXTENSION = ".gopy"
FORMAT = "draft-reviewer-comments"
FORMAT_VERSION = 1
MANIFEST, COMMENTS, SIGNATURE = "manifest.json", "comments.json", "signature.json"

MAX_PACKAGE_BYTES = 64 * 2**20  # the file itself
MAX_UNPACKED_BYTES = 512 * 2**20  # all entries once inflated, as the zip declares them
MAX_ENTRIES = 16
MAX_COMMENTS = 200_000
MAX_VERSIONS = 1_000  # previous versions of one comment
MAX_SECTIONS = 50_000
MAX_ID = 200  # comment, device and section ids
MAX_STAMP = 64  # timestamps
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(ReviewerError):
    """A file that cannot be imported as a comment package; nothing of it was imported.

    ``code``: empty, incomplete, not_package, damaged, too_large, unsafe, newer_format, invalid,
    checksum, unsigned, signature, no_sections."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code

    @property
    def transient(self) -> bool:
        """The file may still be being written or copied: try again later."""
        return self.code in ("empty", "incomplete")


@dataclass(slots=True)
class DraftManifest:
    fingerprint: str
    title: str
    file_name: str
    sections: list[dict]
    id: str = ""


@dataclass(slots=True)
class Package:
    """A package read and checked in full."""

    format_version: int
    app_version: str
    exported_at: str
    device_id: str
    device_group: str
    scope_group: str | None
    draft: DraftManifest
    comments: list[CommentState]
    payload_sha256: str
    signed: bool
    file_name: str = ""


@dataclass(slots=True)
class ExportResult:
    path: str
    comments: int  # not deleted
    tombstones: int
    payload_sha256: str
    signed: bool
    written: bool = True


@dataclass(slots=True)
class Built:
    data: bytes
    payload_sha256: str
    comments: int
    tombstones: int
    signed: bool
    manifest: dict = field(default_factory=dict)


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("draft-reviewer")
    except Exception:  # a source checkout without metadata
        return "0"


def passphrase_key(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).strip().encode()


def sign(manifest_bytes: bytes, passphrase: str) -> str:
    return hmac.new(passphrase_key(passphrase), manifest_bytes, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- writing


def comment_json(state: CommentState) -> dict:
    v = state.current
    return {"id": state.id, "section": v.section, "group": v.group, "author": v.author, "kind": v.kind,
            "text": v.text, "quote": v.quote, "quote_start": state.quote_start, "quote_end": state.quote_end,
            "proposal": v.proposal, "supporters": v.supporters, "status": v.status, "response": v.response,
            "created_at": state.created_at, "updated_at": v.updated_at, "device": v.device, "revision": v.revision,
            "deleted": v.deleted, "resolved": state.resolved,
            "history": [h.to_json() for h in sorted(state.history, key=lambda h: (h.revision, h.device))]}


def payload_bytes(states: list[CommentState]) -> bytes:
    data = {"comments": [comment_json(s) for s in sorted(states, key=lambda s: s.id)]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def build_package(store, draft_id: str, *, group: str | None = None, device_group: str | None = None,
                  passphrase: str | None = None, exported_at: str | None = None) -> Built:
    """A package of everything this laptop holds for one draft, or of one group's comments only."""
    from reviewer.store import NotFoundError

    draft = store.draft(draft_id)
    if group is not None and group not in store.groups():
        raise NotFoundError(_("No group named “{name}” in this database.").format(name=group))
    if device_group is None:
        device_group = group if group is not None else store.device_group(draft_id)
    return pack(draft, store.sections(draft_id), store.comment_states(draft_id, group=group),
                device_id=store.device_id, device_group=device_group, scope_group=group,
                passphrase=store.exchange_passphrase() if passphrase is None else passphrase, exported_at=exported_at)


def pack(draft: dict, sections: list[dict], states: list[CommentState], *, device_id: str, device_group: str = "",
         scope_group: str | None = None, passphrase: str = "", exported_at: str | None = None) -> Built:
    """The package's bytes. ``draft`` has the keys of ``Store.draft()`` (id, fingerprint, title,
    file_name), ``sections`` those of ``Store.sections()``."""
    from reviewer.store import utc_now

    payload = payload_bytes(states)
    digest = hashlib.sha256(payload).hexdigest()
    tombstones = sum(1 for s in states if s.current.deleted)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "app": {"name": "Draft Reviewer", "version": app_version()},
        "exported_at": exported_at or utc_now(),
        "device": {"id": device_id, "group": device_group},
        "scope": {"group": scope_group},
        "draft": {"id": draft["id"], "fingerprint": draft["fingerprint"], "title": draft["title"],
                  "file_name": draft["file_name"], "sections": sections},
        "comments": {"count": len(states), "tombstones": tombstones, "sha256": digest},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        _add(zf, MANIFEST, manifest_bytes)
        _add(zf, COMMENTS, payload)
        if passphrase:
            _add(zf, SIGNATURE, json.dumps({"algorithm": "HMAC-SHA256",
                                            "value": sign(manifest_bytes, passphrase)}).encode())
    return Built(buffer.getvalue(), digest, len(states) - tombstones, tombstones, bool(passphrase), manifest)


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=6)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, then rename: nobody ever sees half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def export_package(store, draft_id: str, path: str | Path, *, group: str | None = None) -> ExportResult:
    """Save a package (for File › Send comments… and ``reviewer package export``)."""
    built = build_package(store, draft_id, group=group)
    try:
        write_atomic(path, built.data)
    except OSError as exc:
        raise ReviewerError(_("Cannot write “{path}”: {reason}").format(path=path, reason=exc.strerror or exc)) \
            from None
    return ExportResult(str(path), built.comments, built.tombstones, built.payload_sha256, built.signed)


# --------------------------------------------------------------------------- reading


def read_package_file(path: str | Path, *, passphrase: str = "") -> Package:
    """Read and check a package file (its size is checked before it is read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise too_large(size)
        with open(path, "rb") as f:
            data = f.read(MAX_PACKAGE_BYTES + 1)
    except FileNotFoundError:
        raise PackageError("missing", _("File not found: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise PackageError("not_package", _("“{path}” is a folder, not a file of comments.").format(
            path=path)) from None
    except OSError as exc:
        raise PackageError("unreadable", _("Cannot read “{path}”: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    return read_package(data, passphrase=passphrase, name=path.name)


def too_large(size: int) -> PackageError:
    return PackageError("too_large", _("The package is too large ({size} MB; at most {max} MB are accepted).").format(
        size=round(size / 2**20, 1), max=MAX_PACKAGE_BYTES // 2**20))


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The package's zip, its entries checked (names, sizes) before anything is inflated."""
    if not data:
        raise PackageError("empty", _("The file is empty (it may still be being copied)."))
    if len(data) > MAX_PACKAGE_BYTES:
        raise too_large(len(data))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        if data.startswith(b"PK\x03\x04"):
            raise PackageError("incomplete", _(
                "The package is incomplete: it may still be being copied, or the copy was interrupted. "
                "Copy it again.")) from None
        raise PackageError("not_package", _("The file is not a comment package ({ext} file made by Draft "
                                            "Reviewer).").format(ext=EXTENSION)) from None
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError("invalid", _("The package holds {n} files; a comment package holds at most {max}.").format(
            n=len(infos), max=MAX_ENTRIES))
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if (name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in parts
                or any(ord(c) < 32 for c in name)):
            raise PackageError("unsafe", _(
                "The package contains a file name that leads outside its folder (“{name}”); it is refused "
                "for safety.").format(name=name))
    if len({i.filename for i in infos}) != len(infos):
        raise PackageError("invalid", _("The package holds two files with the same name; it is refused for "
                                        "safety."))
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise PackageError("too_large", _(
            "The package would take {size} MB once unpacked; at most {max} MB are accepted.").format(
                size=round(declared / 2**20), max=MAX_UNPACKED_BYTES // 2**20))
    return zf


def _entry(zf: zipfile.ZipFile, name: str, *, required: bool = True) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        if not required:
            return None
        raise PackageError("invalid", _("The package has no “{name}”: it is not a complete comment package.").format(
            name=name)) from None
    try:
        with zf.open(info) as f:
            data = f.read(MAX_UNPACKED_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise PackageError("damaged", _("The package is damaged ({reason}). Ask for a new copy.").format(
            reason=exc)) from None
    if len(data) > info.file_size:
        raise PackageError("damaged", _("The package is damaged ({reason}). Ask for a new copy.").format(
            reason=name))
    return data


def _json(data: bytes, name: str):
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackageError("damaged", _("The package's “{name}” is not UTF-8 text.").format(name=name)) from None
    except json.JSONDecodeError as exc:
        raise PackageError("damaged", _("The package's “{name}” is not valid JSON (line {line}).").format(
            name=name, line=exc.lineno)) from None
    except RecursionError:
        raise PackageError("damaged", _("The package's “{name}” is nested too deeply.").format(name=name)) from None
    except ValueError as exc:  # a number with thousands of digits
        raise PackageError("damaged", _("The package is damaged ({reason}). Ask for a new copy.").format(
            reason=exc)) from None


def read_manifest(data: bytes) -> tuple[dict, bytes, dict | None]:
    """(manifest, its bytes, the signature entry or None), the format version checked."""
    return _manifest(open_zip(data))


def _manifest(zf: zipfile.ZipFile) -> tuple[dict, bytes, dict | None]:
    raw = _entry(zf, MANIFEST)
    manifest = _json(raw, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError("not_package", _("The file is not a comment package ({ext} file made by Draft "
                                            "Reviewer).").format(ext=EXTENSION))
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise PackageError("invalid", _("The package is damaged: “{field}” should be {expected}.").format(
            field="format_version", expected=_("a whole number")))
    if version > FORMAT_VERSION:
        raise PackageError("newer_format", _(
            "The package was made by a newer version of Draft Reviewer (package format {found}; this version "
            "reads up to {known}). Update Draft Reviewer to read it.").format(found=version, known=FORMAT_VERSION))
    signature_raw = _entry(zf, SIGNATURE, required=False)
    if signature_raw is None:
        return manifest, raw, None
    signature = _json(signature_raw, SIGNATURE)
    return manifest, raw, signature if isinstance(signature, dict) else {}


def read_package(data: bytes, *, passphrase: str = "", name: str = "") -> Package:
    """Check a whole package (see the module's docstring) and return it; PackageError otherwise."""
    zf = open_zip(data)
    manifest, manifest_raw, signature = _manifest(zf)
    if passphrase:
        if signature is None:
            raise PackageError("unsigned", _(
                "The package is not signed, but this conference uses a passphrase. Ask the sender to set the "
                "same passphrase and send the comments again."))
        value = signature.get("value")
        if (signature.get("algorithm") != "HMAC-SHA256" or not isinstance(value, str)
                or not hmac.compare_digest(value.lower(), sign(manifest_raw, passphrase))):
            raise PackageError("signature", _(
                "The package's signature does not match this conference's passphrase: it was signed with another "
                "passphrase, or changed after it was made."))
    check = _Checker()
    summary = check.get(manifest, "comments", dict, "comments")
    digest = check.get(summary, "sha256", str, "comments.sha256")
    if not _HEX64.match(digest):
        check.wrong("comments.sha256", _("a SHA-256 checksum"))
    payload = _entry(zf, COMMENTS)
    if hashlib.sha256(payload).hexdigest() != digest:
        raise PackageError("checksum", _(
            "The package's comments do not match their checksum: the file was changed or damaged after it was "
            "made. Ask for a new copy."))
    draft = check.draft(check.get(manifest, "draft", dict, "draft"))
    device = check.get(manifest, "device", dict, "device")
    device_id = check.ident(check.get(device, "id", str, "device.id"), "device.id")
    device_group = check.name(check.get(device, "group", str, "device.group"), "device.group")
    scope = check.get(manifest, "scope", dict, "scope")
    scope_group = check.get(scope, "group", (str, type(None)), "scope.group")
    exported_at = check.stamp(check.get(manifest, "exported_at", str, "exported_at"), "exported_at")
    app = manifest.get("app")
    app_version_ = str(app.get("version", "")) if isinstance(app, dict) else ""
    count = check.get(summary, "count", int, "comments.count")
    comments = check.comments(_json(payload, COMMENTS))
    if count != len(comments):
        raise PackageError("invalid", _("The package says it holds {expected} comments but holds {found}.").format(
            expected=count, found=len(comments)))
    return Package(format_version=manifest["format_version"], app_version=app_version_[:40], exported_at=exported_at,
                   device_id=device_id, device_group=device_group, scope_group=scope_group, draft=draft,
                   comments=comments, payload_sha256=digest, signed=signature is not None, file_name=name)


_CONTROL = re.compile(r"[\x00-\x1f]")
_NONE = type(None)
# (key, exact types): JSON gives exactly these Python types (true/false are bool, never int).
_VERSION_FIELDS = (("revision", (int,)), ("device", (str,)), ("group", (str,)), ("author", (str,)), ("kind", (str,)),
                   ("text", (str,)), ("quote", (str,)), ("proposal", (str,)), ("status", (str,)),
                   ("response", (str,)), ("supporters", (int,)), ("updated_at", (str,)), ("deleted", (bool,)),
                   ("section", (str,)))
_HISTORY_FIELDS = _VERSION_FIELDS[:-1] + (("section", (str, _NONE)),)
_COMMENT_FIELDS = (("id", (str,)), ("quote_start", (int, _NONE)), ("quote_end", (int, _NONE)), ("resolved", (int,)),
                   ("history", (list,)), ("created_at", (str,)))
_SECTION_FIELDS = (("id", (str,)), ("number", (str,)), ("title", (str,)), ("level", (int,)), ("parent", (str, _NONE)),
                   ("text", (str,)))
# Every combination of types each spec accepts, to check a whole object at once.
_ALLOWED = {spec: frozenset(itertools.product(*(kinds for _k, kinds in spec)))
            for spec in (_VERSION_FIELDS, _HISTORY_FIELDS, _COMMENT_FIELDS, _SECTION_FIELDS)}


def _normalised(fields: dict) -> bool:
    """The fields are exactly what ``store.validate_comment`` would make of them (as a store wrote them)."""
    from reviewer.store import MAX_NAME, MAX_SUPPORTERS, MAX_TEXT
    from reviewer.vocab import KINDS, STATUSES

    texts = (fields["text"], fields["quote"], fields["proposal"], fields["response"])
    for value in texts:
        if len(value) > MAX_TEXT or (value and (value[0].isspace() or value[-1].isspace())):
            return False
    # A line break never composes with its neighbours: the whole is NFC exactly when every part is.
    if not unicodedata.is_normalized("NFC", "\n".join(texts)):
        return False
    author = fields["author"]
    return (bool(fields["text"]) and len(author) <= MAX_NAME and author == clean(author)
            and fields["kind"] in KINDS and fields["status"] in STATUSES
            and 0 <= fields["supporters"] <= MAX_SUPPORTERS)


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}


def _type_name(expected) -> str:
    names = {"text": _("text"), "a whole number": _("a whole number"), "true or false": _("true or false"),
             "a list": _("a list"), "an object": _("an object")}
    kinds = expected if isinstance(expected, tuple) else (expected,)
    words = [names[_TYPE_NAMES[k]] for k in kinds if k is not type(None)]
    if type(None) in kinds:
        return _("{kind} or null").format(kind=words[0])
    return words[0]


class _Checker:
    """Field-by-field checks with a message naming the field."""

    def get(self, obj: dict, key: str, expected, where: str):
        if key not in obj:
            raise PackageError("invalid", _("The package is damaged: “{field}” is missing.").format(field=where))
        value = obj[key]
        kinds = expected if isinstance(expected, tuple) else (expected,)
        # JSON true/false are Python bools, which are also ints: keep them apart.
        ok = any((type(value) is k) if k in (int, bool) else isinstance(value, k) for k in kinds)
        if not ok:
            self.wrong(where, _type_name(expected))
        return value

    def fields(self, obj, spec: tuple, where: str) -> list:
        """The values of ``spec``'s keys (``(key, tuple of exact types)``), all checked: one pass when
        all is well, field by field (for the message) when not."""
        if type(obj) is not dict:
            self.wrong(where, _type_name(dict))
        try:
            values = [obj[k] for k, _t in spec]
        except KeyError:
            values = None
        if values is None or tuple(map(type, values)) not in _ALLOWED[spec]:
            for key, kinds in spec:
                self.get(obj, key, kinds if len(kinds) > 1 else kinds[0], f"{where}.{key}")
        return values

    def wrong(self, where: str, expected: str):
        raise PackageError("invalid", _("The package is damaged: “{field}” should be {expected}.").format(
            field=where, expected=expected))

    def ident(self, value: str, where: str) -> str:
        if not 0 < len(value) <= MAX_ID or _CONTROL.search(value):
            self.wrong(where, _("an id of 1 to {n} characters").format(n=MAX_ID))
        return value

    def stamp(self, value: str, where: str) -> str:
        if len(value) > MAX_STAMP:
            self.wrong(where, _("a date and time"))
        return value

    def name(self, value: str, where: str) -> str:
        from reviewer.store import MAX_NAME, ValidationError, validate_name

        if len(value) <= MAX_NAME and value == clean(value):  # as it is stored: the common case
            return value
        try:
            return validate_name(value, _("group"))
        except ValidationError as exc:
            raise PackageError("invalid", _("The package is damaged: “{field}”: {reason}").format(
                field=where, reason=exc)) from None

    def draft(self, d: dict) -> DraftManifest:
        fingerprint = self.get(d, "fingerprint", str, "draft.fingerprint")
        if not _HEX64.match(fingerprint):
            self.wrong("draft.fingerprint", _("a SHA-256 checksum"))
        title = self.get(d, "title", str, "draft.title")
        if len(title) > 10_000:
            self.wrong("draft.title", _("text of at most {n} characters").format(n=10_000))
        file_name = self.get(d, "file_name", str, "draft.file_name")[:500]
        raw = self.get(d, "sections", list, "draft.sections")
        if not raw:
            raise PackageError("no_sections", _(
                "The package's draft has no sections, so its comments cannot be placed anywhere."))
        if len(raw) > MAX_SECTIONS:
            raise PackageError("too_large", _("The package's draft has {n} sections; at most {max} are accepted.")
                               .format(n=len(raw), max=MAX_SECTIONS))
        sections, seen = [], set()
        for i, s in enumerate(raw):
            where = f"draft.sections[{i}]"
            sid, number, heading, level, parent, text = self.fields(s, _SECTION_FIELDS, where)
            self.ident(sid, where + ".id")
            if sid in seen:
                raise PackageError("invalid", _("The package is damaged: the section “{id}” appears twice.").format(
                    id=sid))
            if parent is not None and parent not in seen:
                raise PackageError("invalid", _(
                    "The package is damaged: the section “{id}” has an unknown parent “{parent}”.").format(
                        id=sid, parent=parent))
            if not 0 <= level <= 100:
                self.wrong(where + ".level", _("a whole number from 0 to 100"))
            seen.add(sid)
            sections.append({"id": sid, "number": number, "title": heading, "level": level, "parent": parent,
                             "text": text})
        return DraftManifest(fingerprint=fingerprint, title=title, file_name=file_name, sections=sections,
                             id=str(d.get("id", ""))[:64])

    def comments(self, data) -> list[CommentState]:
        if not isinstance(data, dict):
            self.wrong(COMMENTS, _type_name(dict))
        raw = self.get(data, "comments", list, "comments")
        if len(raw) > MAX_COMMENTS:
            raise PackageError("too_large", _("The package holds {n} comments; at most {max} are accepted.").format(
                n=len(raw), max=MAX_COMMENTS))
        out, seen, groups = [], set(), set()
        for i, c in enumerate(raw):
            state = self.comment(c, f"comments[{i}]")
            if state.id in seen:
                raise PackageError("invalid", _("The package is damaged: the comment “{id}” appears twice.").format(
                    id=state.id))
            seen.add(state.id)
            groups.add(state.current.group)
            out.append(state)
        from reviewer.store import MAX_GROUPS

        if len(groups) > MAX_GROUPS:
            raise PackageError("invalid", _("The package holds comments of {n} groups; a conference has at most "
                                            "{max}.").format(n=len(groups), max=MAX_GROUPS))
        return out

    def version(self, c: dict, where: str, *, section_required: bool, comment_id: str) -> Version:
        from reviewer.store import ValidationError, validate_comment

        (revision, device, group, author, kind, text, quote, proposal, status, response, supporters, updated_at,
         deleted, section) = self.fields(c, _VERSION_FIELDS if section_required else _HISTORY_FIELDS, where)
        if not 1 <= revision <= 2**31:
            self.wrong(where + ".revision", _("a whole number of at least 1"))
        self.ident(device, where + ".device")
        if section is not None:
            self.ident(section, where + ".section")
        self.stamp(updated_at, where + ".updated_at")
        fields = {"text": text, "quote": quote, "proposal": proposal, "response": response, "author": author,
                  "kind": kind, "status": status, "supporters": supporters}
        if not _normalised(fields):
            try:
                fields = validate_comment(fields)
            except ValidationError as exc:
                raise PackageError("invalid", _("The package is damaged: comment “{id}”: {reason}").format(
                    id=comment_id, reason=exc)) from None
        group = self.name(group, where + ".group")
        if not group:
            raise PackageError("invalid", _("The package is damaged: “{field}” is missing.").format(
                field=where + ".group"))
        return Version(revision=revision, device=device, group=group, author=fields["author"], kind=fields["kind"],
                       text=fields["text"], quote=fields["quote"], proposal=fields["proposal"],
                       supporters=fields["supporters"], status=fields["status"], response=fields["response"],
                       updated_at=updated_at, deleted=deleted, section=section)

    def comment(self, c, where: str) -> CommentState:
        comment_id, quote_start, quote_end, resolved, raw_history, created_at = self.fields(c, _COMMENT_FIELDS, where)
        self.ident(comment_id, where + ".id")
        current = self.version(c, where, section_required=True, comment_id=comment_id)
        spans = [quote_start, quote_end]
        for key, value in (("quote_start", quote_start), ("quote_end", quote_end)):
            if value is not None and not 0 <= value <= 10**9:
                self.wrong(f"{where}.{key}", _("a whole number of at least 0"))
        if not 0 <= resolved <= 2**31:
            self.wrong(where + ".resolved", _("a whole number of at least 0"))
        if len(raw_history) > MAX_VERSIONS:
            raise PackageError("too_large", _("The comment “{id}” has {n} previous versions; at most {max} are "
                                              "accepted.").format(id=comment_id, n=len(raw_history), max=MAX_VERSIONS))
        history = [self.version(h, f"{where}.history[{j}]", section_required=False, comment_id=comment_id)
                   for j, h in enumerate(raw_history)]
        keys = {v.key for v in history}
        top = current.rank()
        if len(keys) != len(history) or current.key in keys or any(v.rank() >= top for v in history):
            raise PackageError("invalid", _(
                "The package is damaged: the versions of comment “{id}” are not consistent (a previous version is "
                "not older than the current one).").format(id=comment_id))
        self.stamp(created_at, where + ".created_at")
        return CommentState(id=comment_id, created_at=created_at, current=current, quote_start=spans[0],
                            quote_end=spans[1], history=history, resolved=resolved)


def import_packages(store, paths: list[str | Path]) -> list[tuple[str, object]]:
    """Import several package files, each checked in full and merged in its own transaction.

    Returns ``(path, MergeSummary or PackageError/ReviewerError)`` per file, in order: a bad file
    is reported and skipped, the good ones are still imported."""
    from reviewer.database import DatabaseError
    from reviewer.merge import apply_package

    passphrase = store.exchange_passphrase()
    results: list[tuple[str, object]] = []
    for path in paths:
        try:
            package = read_package_file(path, passphrase=passphrase)
            results.append((str(path), apply_package(store, package)))
        except DatabaseError:
            raise
        except ReviewerError as exc:  # PackageError, or refused by the store (too many groups): nothing written
            results.append((str(path), exc))
    return results
