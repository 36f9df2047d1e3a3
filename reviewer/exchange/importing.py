"""Importing package files: each checked in full and merged all or nothing, one after another in
shared transactions (see ``store.exchange.merging``), a package already merged recognised without
reading its comments again (see ``merge_package``)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.exchange.merge import apply_package
from reviewer.exchange.package import (
    MANIFEST,
    check_signature,
    checked_payload,
    entry,
    open_zip,
    read_file,
    read_opened,
    signature_entry,
)
from reviewer.i18n import _, number
from reviewer.store import DatabaseError, MergeSummary, revise


def merge_package(store, data: bytes, *, passphrase: str = "", name: str = "") -> MergeSummary:
    """Check one package's bytes in full and merge it (PackageError when it is refused, nothing written).

    A package whose manifest is the one last merged from its laptop (the same files imported again,
    a scheduled sync over a folder that did not change) holds exactly the comments merged then, so
    merging it again cannot change anything: once its signature and the checksum of its comments
    are checked (the same checks, in the same order, as a full read), only what the import reports
    is computed, from this database."""
    zf = open_zip(data)
    manifest = entry(zf, MANIFEST)
    known = store.exchange.known_package(hashlib.sha256(manifest).hexdigest())
    if known is not None:
        check_signature(signature_entry(zf), manifest, passphrase)
        # The very bytes checked in full when they were merged: no need to check them again, and their
        # comments' ids were kept then.
        payload = checked_payload(zf, known.payload)
        ids = known.comment_ids if known.comment_ids is not None else [
            c["id"] for c in json.loads(payload)["comments"]]
        summary = store.exchange.known_summary(known, ids)
        if summary is not None:
            return summary
    return apply_package(store, read_opened(zf, manifest, passphrase, name))


def summary_line(summary: MergeSummary) -> str:
    """What one merge did, as the window and the command line say it: the counts that are not zero, in one
    order ("12 new, 488 unchanged"), a line a secretariat can read at a glance for each of many units.
    "Deleted elsewhere": deletions that arrived (a bare "deleted" read as if this laptop's comments had
    been deleted)."""
    parts = [(summary.new, _("{n} new")), (summary.updated, _("{n} updated")),
             (summary.unchanged, _("{n} unchanged")), (summary.deleted, _("{n} deleted elsewhere")),
             (summary.conflicts, _("{n} in conflict")), (summary.unplaced, _("{n} unplaced"))]
    said = [template.format(n=number(n)) for n, template in parts if n]
    return ", ".join(said) if said else _("no comments")


def _bare(exc: Exception) -> Exception:
    """The error alone: its traceback (and the one it was raised from) holds the package read, and a
    province's merge may refuse hundreds."""
    exc.__traceback__ = exc.__context__ = exc.__cause__ = None
    return exc


def import_packages(store, paths: list[str | Path], *, progress=None) -> list[tuple[str, object]]:
    """Import several package files, each checked in full and merged all or nothing.

    Returns ``(path, MergeSummary or PackageError/ReviewerError)`` per file, in order: a bad file
    is reported and skipped, the good ones are still imported. ``progress(done, total)`` is called
    after each file; when it returns False the import stops there (fewer results than paths). One
    file is read at a time: memory stays that of the largest file."""
    passphrase = store.exchange.passphrase()
    results: list[tuple[str, object]] = []
    with store.exchange.merging():
        for n, path in enumerate(paths, 1):
            try:
                file = Path(path)
                results.append((str(path), merge_package(store, read_file(file), passphrase=passphrase,
                                                         name=file.name)))
            except DatabaseError:
                raise
            except ReviewerError as exc:  # PackageError, or refused by the store (too many groups): nothing written
                results.append((str(path), _bare(exc)))
            if progress is not None and progress(n, len(paths)) is False:
                break  # cancelled: the files merged so far stay merged, each whole
    if any(getattr(result, "changed", False) for _path, result in results):
        revise.carry_arrivals(store)  # comments for an older version follow to its revisions
    return results
