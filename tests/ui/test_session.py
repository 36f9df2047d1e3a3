"""The gateway: each write the window makes is one session method, announced once with what changed."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QWidget  # noqa: E402

from reviewer.docx import read_document  # noqa: E402
from reviewer.exchange import SyncResult, export_package  # noqa: E402
from reviewer.paths import sample_draft  # noqa: E402
from reviewer.store import MergeSummary, NotFoundError, Store, ValidationError  # noqa: E402
from reviewer.ui import exchange_ui, export_dialog  # noqa: E402
from reviewer.ui.session import Change, Identity, ReviewSession  # noqa: E402
from reviewer.ui.workers import run_in_background  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402


@pytest.fixture
def session(tmp_path):
    session = ReviewSession(Store(tmp_path / "r.sqlite3"))
    yield session
    session.store.close()


def announced(session: ReviewSession) -> list[Change]:
    changes: list[Change] = []
    session.changed.connect(changes.append)
    return changes


def test_every_write_is_announced_once_with_what_it_changed(session):
    changes = announced(session)
    opened: list[bool] = []
    session.draft_opened.connect(lambda: opened.append(True))
    session.open_document(read_document(sample_draft()), sample_draft())
    assert changes == [Change(draft=True)] and opened == [True]

    section = session.document.sections[3].id
    comment = session.add_comment(section_id=section, group="Tổ 1", text="Ý kiến")
    session.edit_comment(comment.id, text="Ý kiến đã sửa")
    session.delete_comment(comment.id)
    session.restore_comment(comment.id)
    session.resolve_conflict(comment.id)
    assert changes[1:] == [Change(comments=frozenset({comment.id}))] * 5
    assert all(c.touches_comments and not c.everything for c in changes[1:])

    del changes[:]
    session.set_identity(Identity("Lê Văn Tám", "Tổ 9"))
    session.set_conference(place="Bắc Kạn")
    session.set_passphrase("mật khẩu")
    assert changes == [Change(identity=True), Change(conference=True), Change(conference=True)]
    assert "Tổ 9" in session.store.groups()
    assert session.store.conference()["place"] == "Bắc Kạn"
    assert session.store.exchange.passphrase() == "mật khẩu"


def test_a_refused_write_announces_nothing(session):
    session.open_document(read_document(sample_draft()), sample_draft())
    changes = announced(session)
    with pytest.raises(ValidationError):
        session.set_conference(no_such_setting="x")
    with pytest.raises(NotFoundError):
        session.resolve_conflict("no-such-comment")
    assert changes == []


def test_the_samples_packages_and_background_merges_reload_everything(session, tmp_path):
    session.open_document(read_document(sample_draft()), sample_draft())
    changes = announced(session)
    assert session.seed_sample(session.draft_id) >= 5
    assert session.seed_sample(session.draft_id) == 0  # never twice, and nothing to announce
    assert changes == [Change(everything=True)]

    other = Store(tmp_path / "other.sqlite3")
    draft = other.register_draft(read_document(sample_draft()))
    other.add_comment(draft_id=draft["id"], section_id=other.sections(draft["id"])[2]["id"], group="Tổ 4",
                      text="Từ máy khác")
    export_package(other, draft["id"], tmp_path / "to-4.gopy")
    other.close()
    del changes[:]
    (_path, summary), = session.receive_packages([tmp_path / "to-4.gopy"])
    assert summary.new == 1
    assert changes == [Change(everything=True)] and changes[0].touches_comments

    del changes[:]
    session.merged_in_background(SyncResult(folder=str(tmp_path)))
    assert changes == []  # a pass that brought nothing
    session.merged_in_background(SyncResult(folder=str(tmp_path), merged=[("x.gopy", MergeSummary(changed=True))]))
    assert changes == [Change(everything=True)]


def test_a_worker_gets_its_own_store_on_the_same_file(qtbot, session):
    session.open_document(read_document(sample_draft()), sample_draft())
    seen: dict = {}

    def work(job):
        seen["thread"] = threading.get_ident()
        seen["store"] = job.store
        return len(job.store.comments(session.draft_id))

    session.seed_sample(session.draft_id)
    results: list = []
    parent = QWidget()  # the runner's relay belongs to it, on the main thread
    qtbot.addWidget(parent)
    run_in_background(parent, work, label=None, store_path=session.store.path, on_done=results.append,
                      on_error=lambda exc, tb: results.append(exc))
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == [len(session.comments())]
    assert seen["store"] is not session.store and seen["thread"] != threading.get_ident()
    assert seen["store"].path == session.store.path


def test_cancel_reaches_the_worker_through_its_progress_report(qtbot):
    cancel = threading.Event()
    started = threading.Event()
    outcome: list = []

    def work(job):
        started.set()
        while job.report(1, 10):
            cancel.wait(0.01)
        return "stopped"

    parent = QWidget()
    qtbot.addWidget(parent)
    run_in_background(parent, work, label="…", progress=True, cancel=cancel, on_done=outcome.append,
                      on_error=lambda exc, tb: outcome.append(exc))
    assert started.wait(10)
    cancel.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    assert outcome == ["stopped"]


def test_the_settings_dialogs_and_conflicts_write_through_the_session(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    changes = announced(window.session)
    monkeypatch.setattr(exchange_ui.ExchangeDialog, "exec", lambda self: (self.passphrase.setText("bí mật"), 1)[1])
    exchange_ui.edit_exchange(window)
    monkeypatch.setattr(export_dialog.ConferenceDialog, "exec", lambda self: (self.fields["place"].setText("Chợ Mới"),
                                                                              1)[1])
    window.edit_conference()
    assert changes == [Change(conference=True), Change(conference=True)]
    assert window.session.store.exchange.passphrase() == "bí mật"
    assert window.session.store.conference()["place"] == "Chợ Mới"

    section = window.session.document.sections[3].id
    comment = window.session.add_comment(section_id=section, group="Tổ 2", text="Ý kiến")
    del changes[:]
    window.resolve_conflict(comment.id)
    assert changes == [Change(comments=frozenset({comment.id}))]
    window.close()
    window.session.store.close()
