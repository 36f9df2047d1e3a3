"""Control characters (NUL, bell, escape sequences, C1 controls, bidi overrides) never get into the
database, whichever way text comes in, and never reach the terminal, whatever the database holds."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reviewer.exchange import export_package
from reviewer.store import Store
from reviewer.textnorm import has_controls
from tests.exchange.helpers import laptop, rewrite_package

REPO = Path(__file__).resolve().parents[2]
NASTY = "\x00\x07\x1b]0;hacked\x07\x1b[2J\x9b31m\u202e\u2066"
ARG = NASTY.replace("\x00", "")  # what a command line can carry
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def reviewer(*args, db: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reviewer.cli", *map(str, args), "--db", str(db)], cwd=REPO,
                          capture_output=True, input=stdin)


def clean_output(result: subprocess.CompletedProcess) -> str:
    out = (result.stdout + result.stderr).decode("utf-8")
    assert not UNSAFE.search(out), repr(out)
    return out


def every_text(store: Store) -> list[str]:
    conn = store.db.conn
    texts = []
    for table in ("comments", "comment_history", "groups", "delegates", "drafts", "sections", "conference"):
        for row in conn.execute(f"SELECT * FROM {table}"):
            texts += [v for v in row if isinstance(v, str)]
    return texts


@pytest.fixture
def draft(tmp_path):
    store, draft_id = laptop(tmp_path, "a")
    store.close()
    return tmp_path / "a.sqlite3", draft_id


def test_comment_add_and_edit_store_no_control_characters(draft):
    db, draft_id = draft
    added = reviewer("comment", "add", "--draft", draft_id, "--section", "s1", "--group", f"Tổ 1{ARG}",
                     "--author", f"Lan{ARG}", "--text", f"Đề nghị{ARG}\tbổ sung\nsố liệu.", db=db)
    assert added.returncode == 0, added.stderr
    comment_id = added.stdout.decode().strip().splitlines()[-1]
    edited = reviewer("comment", "edit", comment_id, "--proposal-file", "-", db=db,
                      stdin=f"Sửa thành{NASTY} “tăng”".encode())
    assert edited.returncode == 0, edited.stderr
    with Store(db) as store:
        c = store.comment(comment_id)
        assert (c.group, c.author) == ("Tổ 1]0;hacked[2J31m", "Lan]0;hacked[2J31m")
        assert c.text == "Đề nghị]0;hacked[2J31m\tbổ sung\nsố liệu."
        assert c.proposal == "Sửa thành]0;hacked[2J31m “tăng”"
        assert not [t for t in every_text(store) if has_controls(t)]


def test_a_csv_and_a_json_lines_file_are_cleaned_on_the_way_in(draft, tmp_path):
    db, draft_id = draft
    csv = f'Mục;Tổ;Đại biểu;Nội dung\nI.;"Tổ 2{NASTY}";"An{NASTY}";"Ý kiến{NASTY} một"\n'.encode()
    jsonl = json.dumps({"section": "II.", "group": "Tổ 3", "text": f"Ý kiến{NASTY} hai"}, ensure_ascii=False)
    (tmp_path / "y.csv").write_bytes(csv)
    (tmp_path / "y.jsonl").write_text(jsonl + "\n", encoding="utf-8")
    for name in ("y.csv", "y.jsonl"):
        result = reviewer("comment", "import", "--draft", draft_id, tmp_path / name, db=db)
        assert result.returncode == 0, result.stderr
    with Store(db) as store:
        texts = sorted(c.text for c in store.comments(draft_id))
        assert texts == ["Ý kiến]0;hacked[2J31m hai", "Ý kiến]0;hacked[2J31m một"]
        assert "Tổ 2]0;hacked[2J31m" in store.groups() and not [t for t in every_text(store) if has_controls(t)]


def test_a_crafted_package_is_cleaned_and_its_import_prints_nothing_raw(tmp_path):
    a, draft_id = laptop(tmp_path, "sender")
    a.add_comment(draft_id=draft_id, section_id="s1", group="Tổ 1", text="ý kiến")
    export_package(a, draft_id, tmp_path / "a.gopy")
    a.close()

    def poison_comments(data):
        c = data["comments"][0]
        c["text"] = f"Ý kiến{NASTY}"
        c["group"] = f"Tổ 1{NASTY}"
        c["author"] = f"Lan{NASTY}"

    def poison_manifest(m):
        m["draft"]["title"] = f"Dự thảo{NASTY}"
        m["draft"]["fingerprint"] = "f" * 64  # another draft: registered from this manifest
        m["draft"]["sections"][0]["title"] = f"Kinh tế{NASTY}"
        m["device"]["group"] = f"Tổ 1{NASTY}"

    crafted = rewrite_package(tmp_path / "a.gopy", tmp_path / f"gói{ARG[:3]}.gopy", comments=poison_comments,
                              manifest=poison_manifest)
    db = tmp_path / "receiver.sqlite3"
    result = reviewer("package", "import", crafted, db=db)
    out = clean_output(result)
    assert result.returncode == 0, out
    with Store(db) as store:
        assert not [t for t in every_text(store) if has_controls(t)]
        (draft,) = store.drafts()
        assert draft["title"] == "Dự thảo]0;hacked[2J31m"
    listed = reviewer("draft", "list", db=db)
    assert "Dự thảo]0;hacked[2J31m" in clean_output(listed)


def test_what_an_older_database_holds_is_printed_without_control_characters(draft):
    db, draft_id = draft
    with Store(db) as store:
        c = store.add_comment(draft_id=draft_id, section_id="s1", group="Tổ 1", text="ý kiến")
        # As a version before the store cleaned its input could have written it.
        with store.db.conn:
            store.db.conn.execute("UPDATE comments SET text = ?, author = ? WHERE id = ?",
                                  [f"cũ{NASTY}", f"Hà{NASTY}", c.id])
            store.db.conn.execute("UPDATE drafts SET title = ?", [f"Dự thảo{NASTY}"])
    for args in (("comment", "list", "--draft", draft_id), ("comment", "list", "--draft", draft_id, "--json"),
                 ("draft", "list"), ("search", "cũ"), ("comment", "list", "--draft", f"x{ARG}")):
        clean_output(reviewer(*args, db=db))


def test_a_package_is_still_readable_by_zip_after_cleaning(tmp_path):
    # The cleaned comment travels on: the receiver's own package of it is a valid package.
    a, draft_id = laptop(tmp_path, "a")
    c = a.add_comment(draft_id=draft_id, section_id="s1", group="Tổ 1", text=f"Ý kiến{NASTY}")
    export_package(a, draft_id, tmp_path / "out.gopy")
    with zipfile.ZipFile(tmp_path / "out.gopy") as zf:
        payload = zf.read("comments.json").decode()
    assert "\\u001b" not in payload and "\u202e" not in payload and a.comment(c.id).text.startswith("Ý kiến]0;")
