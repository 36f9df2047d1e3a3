"""Importing package files: each checked in full and merged all or nothing, one after another in
shared transactions (see ``store.exchange.merging``), a package already merged recognised without
reading its comments again (see ``merge_package``)."""
from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.exchange.merge import apply_package
from reviewer.exchange.package import (
    MANIFEST,
    Package,
    check_signature,
    checked_payload,
    entry,
    open_zip,
    read_file,
    read_opened,
    signature_entry,
)
from reviewer.store import DatabaseError, MergeSummary, prepared_index_texts, revise


def merge_package(store, data: bytes, *, passphrase: str = "", name: str = "") -> MergeSummary:
    """Check one package's bytes in full and merge it (PackageError when it is refused, nothing written).

    A package whose manifest is the one last merged from its laptop (the same files imported again,
    a scheduled sync over a folder that did not change) holds exactly the comments merged then, so
    merging it again cannot change anything: once its signature and the checksum of its comments
    are checked (the same checks, in the same order, as a full read), only what the import reports
    is computed, from this database."""
    zf = open_zip(data)
    manifest = entry(zf, MANIFEST)
    summary = _known_summary(store, zf, manifest, passphrase)
    if summary is not None:
        return summary
    return apply_package(store, read_opened(zf, manifest, passphrase, name))


def _known_summary(store, zf, manifest: bytes, passphrase: str) -> MergeSummary | None:
    known = store.exchange.known_package(hashlib.sha256(manifest).hexdigest())
    if known is None:
        return None
    check_signature(signature_entry(zf), manifest, passphrase)
    # The very bytes checked in full when they were merged: no need to check them again.
    payload = json.loads(checked_payload(zf, known.payload))
    return store.exchange.known_summary(known, [c["id"] for c in payload["comments"]])


def _merge_read(store, package: Package) -> MergeSummary:
    """Merge a package already read in full (by the reader thread), recognised as ``merge_package`` does."""
    known = store.exchange.known_package(package.manifest_sha256)
    if known is not None:
        summary = store.exchange.known_summary(known, [c.id for c in package.comments])
        if summary is not None:
            return summary
    return apply_package(store, package)


def _read_in_full(path: str | Path, passphrase: str) -> Package:
    """A package file read and checked in full, with its search-index text prepared: no database
    is touched, so this runs beside the merge of the file before it."""
    file = Path(path)
    zf = open_zip(read_file(file))
    package = read_opened(zf, entry(zf, MANIFEST), passphrase, file.name)
    package.index_texts = prepared_index_texts(package.comments)
    return package


def _bare(exc: Exception) -> Exception:
    """The error alone: its traceback (and the one it was raised from) holds the package read, and a
    province's merge may refuse hundreds."""
    exc.__traceback__ = exc.__context__ = exc.__cause__ = None
    return exc


def import_packages(store, paths: list[str | Path], *, progress=None) -> list[tuple[str, object]]:
    """Import several package files, each checked in full and merged all or nothing.

    Returns ``(path, MergeSummary or PackageError/ReviewerError)`` per file, in order: a bad file
    is reported and skipped, the good ones are still imported. ``progress(done, total)`` is called
    after each file.

    Once a file has needed a full merge, the next one is read and checked in full on a second
    thread while this one is merged: SQLite writes without holding Python's lock, so reading
    and merging overlap on a second core. At most two files are in memory at once."""
    passphrase = store.exchange.passphrase()
    results: list[tuple[str, object]] = []
    with store.exchange.merging(), ThreadPoolExecutor(1, thread_name_prefix="package-reader") as reader:
        ahead: Future | None = None  # the file after this one, being read in full
        for n, path in enumerate(paths, 1):
            current, ahead = ahead, None
            try:
                if current is not None:
                    package = current.result()
                    ahead = _read_next(reader, paths, n, passphrase)
                    summary = _merge_read(store, package)
                else:
                    file = Path(path)
                    zf = open_zip(read_file(file))
                    manifest = entry(zf, MANIFEST)
                    summary = _known_summary(store, zf, manifest, passphrase)
                    if summary is None:
                        package = read_opened(zf, manifest, passphrase, file.name)
                        ahead = _read_next(reader, paths, n, passphrase)
                        summary = apply_package(store, package)
                results.append((str(path), summary))
            except DatabaseError:
                raise
            except ReviewerError as exc:  # PackageError, or refused by the store (too many groups): nothing written
                results.append((str(path), _bare(exc)))
            if progress is not None:
                progress(n, len(paths))
    if any(getattr(result, "changed", False) for _path, result in results):
        revise.carry_arrivals(store)  # comments for an older version follow to its revisions
    return results


def _read_next(reader: ThreadPoolExecutor, paths: list, done: int, passphrase: str) -> Future | None:
    return reader.submit(_read_in_full, paths[done], passphrase) if done < len(paths) else None
