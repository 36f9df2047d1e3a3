"""Laptops, packages and comparisons shared by the exchange tests."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from reviewer.exchange import apply_package, export_package, read_package_file
from reviewer.model import Document, Paragraph, Section
from reviewer.store import Store

SECTIONS = [("s1", "I.", "Kinh tế", None, "Tăng trưởng kinh tế ước đạt 7,2%; hạ tầng giao thông được đầu tư."),
            ("s1a", "1.", "Nông nghiệp", "s1", "Sản lượng lương thực đạt 190 nghìn tấn."),
            ("s2", "II.", "Xây dựng Đảng", None, "Ban Thường vụ chỉ đạo quán triệt các nghị quyết."),
            ("s3", "III.", "Nhiệm vụ năm 2025", None, "Tiếp tục đẩy mạnh chuyển đổi số.")]
TITLE = "Dự thảo Báo cáo chính trị"


def make_doc(sections=SECTIONS, title: str = TITLE) -> Document:
    out = []
    for sid, number, heading, parent, text in sections:
        out.append(Section(sid, number, heading, 2 if parent else 1, parent, [Paragraph(text=text)]))
    return Document(title, out, source_name="du-thao.docx")


def laptop(folder: Path, name: str, doc: Document | None = None) -> tuple[Store, str]:
    store = Store(folder / f"{name}.sqlite3")
    draft = store.register_draft(doc or make_doc())
    return store, draft["id"]


def send(store: Store, draft_id: str, path: Path, **kw) -> Path:
    export_package(store, draft_id, path, **kw)
    return path


def receive(store: Store, path: Path):
    return apply_package(store, read_package_file(path, passphrase=store.exchange.passphrase()))


def snapshot(store: Store) -> dict:
    """Every row of every table (the search index included), to compare databases."""
    conn = store.db.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE '%search_%' AND name NOT LIKE 'sqlite_%'")]
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}


def comments_state(store: Store, draft_id: str) -> list[dict]:
    """What must be the same everywhere: each comment (tombstones included), its flag and history."""
    out = []
    for c in store.comments(draft_id, include_deleted=True):
        data = c.to_json()
        data.pop("draft")
        data["history"] = [(h["revision"], h["device"], h["text"], h["deleted"]) for h in store.history(c.id)]
        out.append(data)
    return sorted(out, key=lambda d: d["id"])


def rewrite_package(path: Path, out: Path, *, manifest=None, comments=None, extra: dict | None = None,
                    keep_digest: bool = False) -> Path:
    """A copy of a package with its manifest or comments changed (digest recomputed unless told not to)."""
    with zipfile.ZipFile(path) as zf:
        m = json.loads(zf.read("manifest.json"))
        c = zf.read("comments.json")
    if comments is not None:
        data = json.loads(c)
        comments(data)
        c = json.dumps(data, ensure_ascii=False).encode()
        if not keep_digest:
            m["comments"]["sha256"] = hashlib.sha256(c).hexdigest()
    if manifest is not None:
        manifest(m)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(m, ensure_ascii=False))
        zf.writestr("comments.json", c)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out
