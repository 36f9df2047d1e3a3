"""The sample draft's seeded comments stay on the laptop that seeded them: no package carries them."""
from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.docx import read_document
from reviewer.exchange import build_package, sync_once
from reviewer.exchange import folder as folder_module
from reviewer.exchange import package as exchange
from reviewer.paths import migrations_dir, sample_draft
from reviewer.store import Store
from reviewer.store.database import connect
from reviewer.store.records import COMMENT_COLUMNS, HISTORY_COLUMNS
from reviewer.store.samples import SAMPLE_COMMENTS, seed_sample_comments
from tests.exchange.helpers import laptop, make_doc


@pytest.fixture
def sample_laptop(tmp_path):
    store = Store(tmp_path / "a.sqlite3")
    draft = store.register_draft(read_document(sample_draft()), file_name=sample_draft().name)["id"]
    assert seed_sample_comments(store, draft) == len(SAMPLE_COMMENTS)
    yield store, draft
    store.close()


def package_texts(path: Path) -> list[str]:
    return sorted(c.current.text for c in exchange.read_package(path.read_bytes()).comments)


def test_seeded_comments_never_reach_the_exchange_folder(tmp_path, sample_laptop):
    store, draft = sample_laptop
    folder = tmp_path / "usb"
    folder.mkdir()
    result = sync_once(store, folder)
    assert result.written == [] and list(folder.iterdir()) == []  # only seeded comments: nothing to send
    built = build_package(store, draft)
    assert built.comments == 0 and built.tombstones == 0 and built.manifest["device"]["group"] == ""
    # Editing a seeded comment does not make it the user's: it still stays here.
    seeded = store.comments(draft)[0]
    store.edit_comment(seeded.id, status="tiep_thu", response="Đã tiếp thu")
    assert sync_once(store, folder).written == []
    # A comment the user adds to the sample draft travels, alone, under the user's group.
    section = store.comments(draft)[1].section
    mine = store.add_comment(draft_id=draft, section_id=section, group="Tổ 4", text="Ý kiến của tôi")
    written = sync_once(store, folder).written
    assert len(written) == 1 and written[0].startswith("To-4_")
    assert package_texts(folder / written[0]) == ["Ý kiến của tôi"]
    other, _ = laptop(tmp_path, "b")
    merged = sync_once(other, folder).merged
    assert [c.id for c in other.comments(merged[0][1].draft)] == [mine.id]
    other.close()
    # Nor does a package sent by hand carry them.
    out = tmp_path / "gui-tay.gopy"
    exchange.export_package(store, draft, out)
    assert package_texts(out) == ["Ý kiến của tôi"]


def test_an_own_file_of_an_older_version_with_seeded_comments_is_removed(tmp_path, sample_laptop):
    store, draft = sample_laptop
    folder = tmp_path / "usb"
    folder.mkdir()
    # An older version published the seeded comments under the former name.
    older = folder / f"{store.device_id}-{draft}.gopy"
    store.db.execute("UPDATE comments SET seeded = 0")  # as that version saw them
    exchange.export_package(store, draft, older)
    store.db.execute("UPDATE comments SET seeded = 1")
    assert len(package_texts(older)) == len(SAMPLE_COMMENTS)
    assert sync_once(store, folder).written == [] and list(folder.iterdir()) == []


def test_a_database_seeded_before_the_mark_existed_is_marked_when_opened(tmp_path, sample_laptop):
    store, draft = sample_laptop
    other_draft = store.register_draft(make_doc())["id"]
    # A real comment that happens to read like a sample one, on a real draft, is not the sample's.
    real = store.add_comment(draft_id=other_draft, section_id="s3", group="Tổ 3", text=SAMPLE_COMMENTS[-1][4])
    edited = store.comments(draft)[0]
    store.edit_comment(edited.id, text="Sửa lại nội dung mẫu")  # known by its first text
    # The same rows in a database of the schema before 0006, as an older version left it.
    path = tmp_path / "older.sqlite3"
    older = connect(path, upto=5)
    older.conn.execute("ATTACH DATABASE ? AS src", [str(store.path)])
    for table, columns in (("drafts", "id, fingerprint, title, file_name, created_at"),
                           ("sections", "draft_id, id, position, number, title, level, parent, text"),
                           ("comments", COMMENT_COLUMNS), ("comment_history", HISTORY_COLUMNS)):
        older.conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM src.{table}")
    older.conn.execute("DETACH DATABASE src")
    older.conn.close()
    reopened = Store(path)
    try:
        assert build_package(reopened, draft).comments == 0
        assert [s.id for s in reopened.exchange.comment_states(other_draft)] == [real.id]
    finally:
        reopened.close()


def test_the_migration_knows_every_sample_text():
    sql = (migrations_dir() / "0006_seeded.sql").read_text(encoding="utf-8")
    assert all(f"'{c[4]}'" in sql for c in SAMPLE_COMMENTS)
    assert f"'{sample_draft().name}'" in sql


def test_received_comments_are_passed_on_but_never_the_seeded_ones(tmp_path, sample_laptop):
    """The mark is this laptop's own: comments received from others are never taken for seeded ones."""
    store, draft = sample_laptop
    other = Store(tmp_path / "b.sqlite3")
    other_draft = other.register_draft(read_document(sample_draft()), file_name=sample_draft().name)["id"]
    section = other.sections(other_draft)[5]["id"]
    theirs = other.add_comment(draft_id=other_draft, section_id=section, group="Tổ 6", text="Ý kiến Tổ 6")
    folder = tmp_path / "usb"
    folder.mkdir()
    sync_once(other, folder)
    sync_once(store, folder)
    # Passed on: this laptop's file carries the comment it received, and still none it seeded.
    own = [p for p in folder.iterdir() if folder_module._own_draft(p.name, store.device_id, folder_module.host_name())]
    assert [c.id for c in exchange.read_package(own[0].read_bytes()).comments] == [theirs.id]
    other.close()
