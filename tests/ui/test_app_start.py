"""What the window opens at start: the file given, the last draft, else the bundled sample, whose sample
comments go into a new database only."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from reviewer.paths import sample_draft  # noqa: E402
from reviewer.ui.app import _what_to_open  # noqa: E402


class Settings(dict):
    def get(self, key):
        return super().get(key, [])


def test_the_sample_comments_never_go_among_a_conferences_drafts(tmp_path):
    assert _what_to_open(None, Settings()) == (sample_draft(), True)  # a new database: a guided first look
    # Drafts merged from packages or added on the command line: the sample opens, its comments stay out.
    assert _what_to_open(None, Settings(), has_drafts=True) == (sample_draft(), False)
    last = tmp_path / "du-thao-lan-2.docx"
    last.write_bytes(b"PK")
    assert _what_to_open(None, Settings({"recent/drafts": [str(tmp_path / "gone.docx"), str(last)]})) == (last, False)
    assert _what_to_open(str(last), Settings(), has_drafts=False) == (last, False)


def test_an_older_database_is_updated_on_a_thread_behind_a_notice(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QLabel

    from reviewer.errors import ReviewerError
    from reviewer.store import database, needs_upgrade
    from reviewer.ui import app

    path = tmp_path / "r.sqlite3"
    database.connect(path, upto=15).conn.close()
    assert needs_upgrade(path)
    shown = []
    monkeypatch.setattr(QLabel, "show", lambda self: shown.append(self.text()))
    store = app._open_store(QApplication.instance(), path)
    try:
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == database.latest_version()
        assert store.drafts() == []  # and usable here, though opened on the update's thread
    finally:
        store.close()
    assert shown and shown[0].startswith("Updating the database")
    (tmp_path / "notes.sqlite3").write_text("not a database", encoding="utf-8")
    with pytest.raises(ReviewerError):
        app._open_store(QApplication.instance(), tmp_path / "notes.sqlite3")  # the thread's error, here
