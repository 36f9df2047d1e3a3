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
    ``proposal``, ``supporters``, ``status``, ``response``, ``updated_at``, ``deleted``), and, only
    when there are any, ``set_aside``: versions with the same fields that lost a clash (two copies of
    one database wrote the same revision differently; see :mod:`reviewer.exchange.merge`). Readers
    that predate ``set_aside`` ignore it. The JSON is written with sorted keys, so the same comments
    always give the same bytes and checksum.
``signature.json`` (only when the conference has a passphrase)
    ``{"algorithm": "HMAC-SHA256", "value": hex}``: HMAC-SHA256 of the bytes of ``manifest.json``
    with the passphrase (NFC, trimmed, UTF-8) as key. The manifest holds the SHA-256 of the
    comments, so the signature covers them too.

Reading checks the whole file before anything is written (:func:`read_package`): its size before
inflating anything, the zip's entries (no name may leave the package's folder), the format
version, the signature when this laptop has a passphrase, the checksum of the comments (always),
then every field's type and value. Any problem raises :class:`PackageError` with a translated
message and a ``code``; merging is :mod:`reviewer.exchange.merge`.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.exchange.package_checks import (
    COMMENTS,
    HEX64,
    Checker,
    DraftManifest,
    PackageError,
)
from reviewer.files import write_bytes_atomic
from reviewer.i18n import _
from reviewer.store import CommentState, NotFoundError, ValidationError, decisions, utc_now

EXTENSION = ".gopy"
FORMAT = "draft-reviewer-comments"
FORMAT_VERSION = 1
MANIFEST, SIGNATURE = "manifest.json", "signature.json"

# What one package may cost, decided before the work, so that importing any package, real or
# crafted, stays under 400 MB of memory on a 4 GB laptop (see tests/benchmarks/limits_bench.py).
# A real package takes about 750 bytes and 25 JSON values a comment of a few hundred characters:
# 32 MiB is some 40,000 comments, far more than one laptop sends for a draft (a province's merge is
# 200 packages of 2,500 comments, each about 2 MB, read one at a time).
MAX_PACKAGE_BYTES = 32 * 2**20  # the file itself
MAX_UNPACKED_BYTES = 32 * 2**20  # all entries once inflated, as the zip declares them (and checked as read)
# JSON values in one entry, counted before parsing as commas and opening brackets (brackets and
# commas inside strings count too: a margin). Parsed, a value costs up to about 120 bytes however
# few bytes it took ("[[],[],…]" or an object of millions of keys would cost gigabytes).
MAX_VALUES = 1_500_000
MAX_ENTRIES = 16
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


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
    manifest_sha256: str = ""  # of manifest.json's bytes: recognises the same package imported again
    # The secretariat's decisions (reviewer.store.decisions): none in packages older than them.
    clusters: list[dict] = field(default_factory=list)
    settings: list[dict] = field(default_factory=list)


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
    # deferred: importlib.metadata costs tens of milliseconds, and only writing a package needs it
    from importlib import metadata

    try:
        return metadata.version("draft-reviewer")
    except Exception:  # a source checkout without metadata
        return "0"


def passphrase_key(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).strip().encode()


def sign(manifest_bytes: bytes, passphrase: str) -> str:
    return hmac.new(passphrase_key(passphrase), manifest_bytes, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- writing


def comment_json(state: CommentState) -> dict:
    v = state.current
    out = {"id": state.id, "section": v.section, "group": v.group, "author": v.author, "kind": v.kind,
            "text": v.text, "quote": v.quote, "quote_start": state.quote_start, "quote_end": state.quote_end,
            "proposal": v.proposal, "supporters": v.supporters, "status": v.status, "response": v.response,
            "created_at": state.created_at, "updated_at": v.updated_at, "device": v.device, "revision": v.revision,
            "deleted": v.deleted, "resolved": state.resolved,
            "history": [h.to_json() for h in sorted(state.history, key=lambda h: (h.revision, h.device))]}
    if state.set_aside:  # only then: a package without a clash stays byte for byte what it was
        out["set_aside"] = [h.to_json() for h in sorted(state.set_aside, key=lambda h: (h.revision, h.device,
                                                                                          h.digest()))]
    return out


def payload_bytes(states: list[CommentState], clusters: list[dict] = (), settings: list[dict] = ()) -> bytes:
    data: dict = {"comments": [comment_json(s) for s in sorted(states, key=lambda s: s.id)]}
    # Only when there are any: a package without decisions stays byte for byte what it was.
    if clusters:
        data["clusters"] = list(clusters)
    if settings:
        data["settings"] = list(settings)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def build_package(store, draft_id: str, *, group: str | None = None, device_group: str | None = None,
                  passphrase: str | None = None, exported_at: str | None = None) -> Built:
    """A package of everything this laptop holds for one draft, or of one group's comments only."""
    draft = store.draft(draft_id)
    if group is not None and group not in store.groups():
        raise NotFoundError(_("No group named “{name}” in this database.").format(name=group))
    if device_group is None:
        device_group = group if group is not None else store.exchange.device_group(draft_id)
    return pack(draft, store.sections(draft_id), store.exchange.comment_states(draft_id, group=group),
                device_id=store.device_id, device_group=device_group, scope_group=group,
                passphrase=store.exchange.passphrase() if passphrase is None else passphrase, exported_at=exported_at,
                clusters=decisions.cluster_records(store, draft_id), settings=decisions.setting_records(store))


def pack(draft: dict, sections: list[dict], states: list[CommentState], *, device_id: str, device_group: str = "",
         scope_group: str | None = None, passphrase: str = "", exported_at: str | None = None,
         clusters: list[dict] = (), settings: list[dict] = ()) -> Built:
    """The package's bytes. ``draft`` has the keys of ``Store.draft()`` (id, fingerprint, title,
    file_name), ``sections`` those of ``Store.sections()``; ``clusters`` and ``settings`` the secretariat's
    decisions (reviewer.store.decisions)."""
    payload = payload_bytes(states, clusters, settings)
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


def export_package(store, draft_id: str, path: str | Path, *, group: str | None = None) -> ExportResult:
    """Save a package (for File › Send comments… and ``reviewer package export``)."""
    built = build_package(store, draft_id, group=group)
    write_bytes_atomic(path, built.data)
    return ExportResult(str(path), built.comments, built.tombstones, built.payload_sha256, built.signed)


# --------------------------------------------------------------------------- reading


def read_package_file(path: str | Path, *, passphrase: str = "") -> Package:
    """Read and check a package file (its size is checked before it is read)."""
    path = Path(path)
    return read_package(read_file(path), passphrase=passphrase, name=path.name)


def read_file(path: Path) -> bytes:
    """A package file's bytes, its size checked before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise too_large(size)
        with open(path, "rb") as f:
            return f.read(MAX_PACKAGE_BYTES + 1)
    except FileNotFoundError:
        raise PackageError("missing", _("File not found: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise PackageError("not_package", _("“{path}” is a folder, not a file of comments.").format(
            path=path)) from None
    except OSError as exc:
        raise PackageError("unreadable", _("Cannot read “{path}”: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


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


def entry(zf: zipfile.ZipFile, name: str, *, required: bool = True) -> bytes | None:
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
    values = data.count(b",") + data.count(b"{") + data.count(b"[")
    if values > MAX_VALUES:
        raise PackageError("too_large", _(
            "The package's “{name}” holds too many entries ({n}; at most {max} are accepted).").format(
                name=name, n=values, max=MAX_VALUES))
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
    zf = open_zip(data)
    return _manifest(zf, entry(zf, MANIFEST))


# The draft's outline takes most of a manifest (its sections' text) and is the same in every
# package of a draft: the outline checked once is remembered by the SHA-256 of its JSON text, so the
# other packages' manifests are parsed without it. Where the outline lies in the bytes is found as
# ``pack`` writes it; what is found is used only when the rest, parsed with a random marker in its
# place, has that marker as its top-level "draft": the full text then parses to the same manifest.
_DRAFT_AT, _DRAFT_END = b'\n "draft": ', b',\n "comments": '
_MARKER = f"draft-{os.urandom(16).hex()}"
_CHECKED_DRAFTS: dict[bytes, tuple[DraftManifest, int]] = {}  # SHA-256 -> (the outline checked, its values)
_CHECKED_KEEP = 4


def _draft_span(raw: bytes) -> tuple[int, int] | None:
    start = raw.find(_DRAFT_AT)
    end = raw.find(_DRAFT_END, start) if start >= 0 else -1
    return (start + len(_DRAFT_AT), end) if end >= 0 else None


def _manifest_known_draft(raw: bytes) -> tuple[dict, DraftManifest] | None:
    """(the manifest, its outline already checked) without parsing the outline again, or None."""
    span = _draft_span(raw)
    hit = _CHECKED_DRAFTS.get(hashlib.sha256(raw[span[0]:span[1]]).digest()) if span else None
    if hit is None:
        return None
    rest = raw[:span[0]] + json.dumps(_MARKER).encode() + raw[span[1]:]
    if rest.count(b",") + rest.count(b"{") + rest.count(b"[") + hit[1] > MAX_VALUES:
        return None  # refused by the full parse, with its message
    try:
        manifest = json.loads(rest.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict) or manifest.get("draft") != _MARKER:
        return None
    return manifest, hit[0]


def _remember_draft(raw: bytes, manifest: dict, draft: DraftManifest) -> None:
    span = _draft_span(raw)
    if span is None:
        return
    text = raw[span[0]:span[1]]
    try:
        if json.loads(text.decode("utf-8")) != manifest["draft"]:
            return
    except (ValueError, RecursionError):
        return
    while len(_CHECKED_DRAFTS) >= _CHECKED_KEEP:
        del _CHECKED_DRAFTS[next(iter(_CHECKED_DRAFTS))]
    _CHECKED_DRAFTS[hashlib.sha256(text).digest()] = (draft, text.count(b",") + text.count(b"{") + text.count(b"["))


def _manifest(zf: zipfile.ZipFile, raw: bytes, *, known: dict | None = None) -> tuple[dict, bytes, dict | None]:
    manifest = known if known is not None else _json(raw, MANIFEST)
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
    return manifest, raw, signature_entry(zf)


def signature_entry(zf: zipfile.ZipFile) -> dict | None:
    signature_raw = entry(zf, SIGNATURE, required=False)
    if signature_raw is None:
        return None
    signature = _json(signature_raw, SIGNATURE)
    return signature if isinstance(signature, dict) else {}


def check_signature(signature: dict | None, manifest_raw: bytes, passphrase: str) -> None:
    if not passphrase:
        return
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


def checked_payload(zf: zipfile.ZipFile, digest: str) -> bytes:
    payload = entry(zf, COMMENTS)
    if hashlib.sha256(payload).hexdigest() != digest:
        raise PackageError("checksum", _(
            "The package's comments do not match their checksum: the file was changed or damaged after it was "
            "made. Ask for a new copy."))
    return payload


def read_package(data: bytes, *, passphrase: str = "", name: str = "") -> Package:
    """Check a whole package (see the module's docstring) and return it; PackageError otherwise."""
    zf = open_zip(data)
    return read_opened(zf, entry(zf, MANIFEST), passphrase, name)


def read_opened(zf: zipfile.ZipFile, manifest_raw: bytes, passphrase: str, name: str) -> Package:
    seen = _manifest_known_draft(manifest_raw)
    manifest, manifest_raw, signature = _manifest(zf, manifest_raw, known=seen[0] if seen else None)
    check_signature(signature, manifest_raw, passphrase)
    check = Checker()
    summary = check.get(manifest, "comments", dict, "comments")
    digest = check.get(summary, "sha256", str, "comments.sha256")
    if not HEX64.match(digest):
        check.wrong("comments.sha256", _("a SHA-256 checksum"))
    payload = checked_payload(zf, digest)
    if seen is not None:
        draft = seen[1]
    else:
        draft = check.draft(check.get(manifest, "draft", dict, "draft"))
        _remember_draft(manifest_raw, manifest, draft)
    device = check.get(manifest, "device", dict, "device")
    device_id = check.ident(check.get(device, "id", str, "device.id"), "device.id")
    device_group = check.name(check.get(device, "group", str, "device.group"), "device.group")
    scope = check.get(manifest, "scope", dict, "scope")
    scope_group = check.get(scope, "group", (str, type(None)), "scope.group")
    exported_at = check.stamp(check.get(manifest, "exported_at", str, "exported_at"), "exported_at")
    app = manifest.get("app")
    app_version_ = str(app.get("version", "")) if isinstance(app, dict) else ""
    count = check.get(summary, "count", int, "comments.count")
    data = _json(payload, COMMENTS)
    comments = check.comments(data)
    try:  # readers from before them ignore these keys; this one checks them like the rest
        clusters = decisions.check_clusters(data.get("clusters", []))
        settings = decisions.check_settings(data.get("settings", []))
    except ValidationError as exc:
        raise PackageError("invalid", _("The package is damaged: {reason}").format(reason=exc)) from None
    if count != len(comments):
        raise PackageError("invalid", _("The package says it holds {expected} comments but holds {found}.").format(
            expected=count, found=len(comments)))
    return Package(format_version=manifest["format_version"], app_version=app_version_[:40], exported_at=exported_at,
                   device_id=device_id, device_group=device_group, scope_group=scope_group, draft=draft,
                   comments=comments, payload_sha256=digest, signed=signature is not None, file_name=name,
                   manifest_sha256=hashlib.sha256(manifest_raw).hexdigest(), clusters=clusters, settings=settings)
