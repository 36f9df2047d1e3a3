"""The package reader, fuzzed: random bytes and well-formed but hostile packages never raise anything
but PackageError, and a package that is refused writes nothing."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.exchange import PackageError, import_packages, read_package
from tests.exchange.helpers import laptop, snapshot

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                      st.floats(allow_nan=False), st.text(max_size=40))
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=6)),
                    max_leaves=30)
FIELDS = ("id", "section", "group", "author", "kind", "text", "quote", "quote_start", "quote_end", "proposal",
          "supporters", "status", "response", "created_at", "updated_at", "device", "revision", "deleted",
          "resolved", "history", "set_aside")


def zipped(manifest, comments: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        zf.writestr("comments.json", comments)
    return buf.getvalue()


def manifest_for(comments: bytes, count) -> dict:
    return {"format": "draft-reviewer-comments", "format_version": 1, "app": {"name": "x", "version": "0"},
            "exported_at": "2026-12-01T08:00:00.000Z", "device": {"id": "d" * 32, "group": "Tổ 1"},
            "scope": {"group": None},
            "draft": {"id": "d", "fingerprint": "a" * 64, "title": "Dự thảo", "file_name": "x.docx",
                      "sections": [{"id": "s1", "number": "I.", "title": "Kinh tế", "level": 1, "parent": None,
                                    "text": "Văn bản."}]},
            "comments": {"count": count, "tombstones": 0, "sha256": hashlib.sha256(comments).hexdigest()}}


def read(data: bytes) -> None:
    try:
        read_package(data)
    except PackageError as exc:
        assert str(exc) and "\n" not in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    read(data)
    read(b"PK\x03\x04" + data)


VALID = {"id": "c1", "section": "s1", "group": "Tổ 1", "author": "An", "kind": "gop_y", "text": "Ý kiến.",
         "quote": "", "quote_start": None, "quote_end": None, "proposal": "", "supporters": 0, "status": "moi",
         "response": "", "created_at": "2026-12-01T08:00:00.000Z", "updated_at": "2026-12-01T08:00:00.000Z",
         "device": "d" * 32, "revision": 1, "deleted": False, "resolved": 0, "history": []}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.fixed_dictionaries({}, optional={k: JSON for k in FIELDS}),
                          # a real comment with a field or two made hostile reaches the deeper checks
                          st.fixed_dictionaries({}, optional={k: JSON for k in FIELDS}).map(
                              lambda bad: {**VALID, **dict(list(bad.items())[:2])})), max_size=4), JSON)
def test_hostile_comments_in_a_well_formed_package(comments, count):
    payload = json.dumps({"comments": comments}, ensure_ascii=False).encode()
    read(zipped(manifest_for(payload, len(comments)), payload))
    read(zipped(manifest_for(payload, count), payload))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({}, optional={k: JSON for k in FIELDS}), min_size=1, max_size=3))
def test_a_refused_package_writes_nothing(tmp_path_factory, comments):
    folder = tmp_path_factory.mktemp("fuzz")
    store, _draft = laptop(folder, "a")
    before = snapshot(store)
    payload = json.dumps({"comments": comments}, ensure_ascii=False).encode()
    path = folder / "x.gopy"
    path.write_bytes(zipped(manifest_for(payload, len(comments)), payload))
    ((_p, outcome),) = import_packages(store, [path])
    if not hasattr(outcome, "new"):  # refused: nothing of it was written
        assert snapshot(store) == before
    store.close()
