"""File › Open revised version… in a real window: comments carried, then the review queue."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from reviewer.store import revise  # noqa: E402
from reviewer.ui import revise_ui  # noqa: E402
from tests.cli.test_cli_revise import KINH_TE, QUOC_PHONG, VAN_HOA, draft  # noqa: E402
from tests.ui.helpers import make_window  # noqa: E402


def test_open_revised_version_carries_comments_and_the_queue_settles_them(qtbot, tmp_path, monkeypatch):
    v1 = draft(tmp_path / "v1.docx", [("I. Kinh tế", KINH_TE), ("II. Văn hóa", VAN_HOA),
                                      ("III. Quốc phòng", QUOC_PHONG)])
    v2 = draft(tmp_path / "v2.docx", [("I. Kinh tế", KINH_TE.replace("quy mô nền kinh tế tăng gấp 1,6 lần", "")),
                                      ("II. Quốc phòng", QUOC_PHONG)])
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    session = window.session
    with qtbot.waitSignal(session.draft_opened, timeout=15000):
        window.open_path(v1)
    old = session.draft_id
    ids = {s.title: s.id for s in session.document.sections}
    session.add_comment(section_id=ids["Kinh tế"], group="Tổ 2", text="Nêu nguyên nhân",
                        quote="quy mô nền kinh tế tăng gấp 1,6 lần")
    session.add_comment(section_id=ids["Văn hóa"], group="Tổ 2", text="Bổ sung thiết chế")
    session.add_comment(section_id=ids["Quốc phòng"], group="Tổ 2", text="Nhất trí")

    monkeypatch.setattr(revise_ui.QFileDialog, "getOpenFileName", lambda *a, **k: (str(v2), ""))
    with qtbot.waitSignal(session.draft_opened, timeout=30000):
        window.actions_by_name["open_revised"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "review_queue", None) is not None, timeout=10000)
    assert session.draft_id != old and revise.previous_versions(session.store, session.draft_id) == [old]
    assert len(session.comments()) == 3 and len(session.store.unplaced_comments(session.draft_id)) == 1
    dialog = window.review_queue
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["To confirm", "Unplaced"]
    assert dialog.table.item(0, 1).text() == "I. Kinh tế" and dialog.table.item(1, 2).text() == "—"
    assert "1 comment carried" in dialog.summary.text()

    new_ids = {s.title: s.id for s in session.document.sections}
    dialog.table.selectRow(1)  # the unplaced one, put under "Quốc phòng"
    assert not dialog.accept_button.isEnabled()
    dialog.sections.setCurrentIndex(dialog.sections.findData(new_ids["Quốc phòng"]))
    with qtbot.waitSignal(session.changed, timeout=5000):
        dialog.move_button.click()
    assert {c.text for c in session.comments(section_id=new_ids["Quốc phòng"])} == {"Nhất trí", "Bổ sung thiết chế"}
    dialog.table.selectRow(0)
    with qtbot.waitSignal(session.changed, timeout=5000):
        dialog.accept_button.click()
    assert dialog.table.rowCount() == 0
    states = revise.revision(session.store, old, session.draft_id)
    assert (states.count("carried"), states.count("review"), states.count("unplaced")) == (3, 0, 0)

    # Each decision is an ordinary step of the undo: Ctrl+Z puts the last two back, the queue follows.
    window.actions_by_name["undo"].trigger()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "To confirm"
    window.undo_stack.undo()
    assert dialog.table.rowCount() == 2 and len(session.store.unplaced_comments(session.draft_id)) == 1
    window.undo_stack.redo()
    assert {c.text for c in session.comments(section_id=new_ids["Quốc phòng"])} == {"Nhất trí", "Bổ sung thiết chế"}
