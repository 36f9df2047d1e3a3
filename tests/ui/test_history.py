"""Conflicts and edit history in the window: both versions side by side, keeping one without losing the
other, every version the database keeps, and the marks a card carries ("(edited)", "changed on another
laptop" until seen). The conflicts are real: two databases edit one comment and exchange packages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QUrl  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from reviewer.docx import read_document  # noqa: E402
from reviewer.i18n import local_time  # noqa: E402
from reviewer.paths import sample_draft  # noqa: E402
from reviewer.store import Store, database  # noqa: E402
from reviewer.ui import history  # noqa: E402
from reviewer.ui.history import ConflictDialog, HistoryDialog, MergeDialog  # noqa: E402
from reviewer.ui.session import Change  # noqa: E402
from tests.exchange.helpers import receive, send  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402

ORIGINAL = "Đề nghị bổ sung số liệu về giảm nghèo"
TEXT_A = "Đề nghị bổ sung số liệu giảm nghèo bền vững của từng huyện"
TEXT_B = "Đề nghị bỏ đoạn này, số liệu đã có ở phần phụ lục"


class Laptops:
    """Laptop A (the window's database) and laptop B, on the sample draft, exchanging packages by file."""

    def __init__(self, folder: Path):
        self.folder = folder
        doc = read_document(sample_draft())
        self.a = Store(folder / "a.sqlite3")
        self.b = Store(folder / "b.sqlite3")
        self.draft = self.a.register_draft(doc)["id"]
        self.b.register_draft(doc)
        self.section = doc.sections[3].id
        # Laptop B writes for Tổ 5: its packages say so.
        for text in ("Nhất trí với dự thảo", "Đề nghị làm rõ lộ trình"):
            self.b.add_comment(draft_id=self.draft, section_id=doc.sections[4].id, group="Tổ 5", text=text)
        self.sent = 0

    def a_to_b(self) -> None:
        self.sent += 1
        receive(self.b, send(self.a, self.draft, self.folder / f"a{self.sent}.gopy"))

    def b_to_a(self) -> None:
        self.sent += 1
        receive(self.a, send(self.b, self.draft, self.folder / f"b{self.sent}.gopy"))

    def close(self) -> None:
        self.a.close()
        self.b.close()


@pytest.fixture
def laptops(tmp_path):
    pair = Laptops(tmp_path)
    yield pair
    pair.close()


def conflicted(laptops: Laptops) -> str:
    """A comment of laptop A that both laptops then edited before exchanging again."""
    c = laptops.a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2",
                              author="Nguyễn Văn An", text=ORIGINAL)
    laptops.a_to_b()
    laptops.a.edit_comment(c.id, text=TEXT_A)
    laptops.b.edit_comment(c.id, text=TEXT_B, author="Lê Thị Hoa")
    laptops.b_to_a()
    assert laptops.a.comment(c.id).conflict
    return c.id


def window_on(qtbot, laptops: Laptops):
    """The window on laptop A's database, showing the section of the test comments."""
    window = make_window(qtbot, laptops.a.path)
    open_sample(qtbot, window)
    window.select_section(laptops.section)
    return window


def labels(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel)]


def closed(window) -> None:
    window.close()
    window.session.store.close()


def test_a_conflict_shows_both_versions_and_keeping_the_other_loses_nothing(qtbot, laptops, monkeypatch):
    cid = conflicted(laptops)
    laptops.close()
    window = window_on(qtbot, laptops)
    cards = window.panel.list
    assert "Changed on two laptops at once" in cards.toPlainText()
    assert "Compare versions…" in cards.toPlainText()

    cards._clicked(QUrl(f"compare:{cid}"))
    dialog = window.findChild(ConflictDialog)
    assert dialog is not None and dialog.isVisible()
    shown, other = dialog.this["text"], dialog.other["text"]
    assert {shown, other} == {TEXT_A, TEXT_B}
    assert shown in dialog.this_pane.body.toPlainText() and other not in dialog.this_pane.body.toPlainText()
    assert other in dialog.other_pane.body.toPlainText() and shown not in dialog.other_pane.body.toPlainText()
    # Each side says which laptop, group, delegate and time wrote it.
    store = window.session.store
    b_side = dialog.this_pane if shown == TEXT_B else dialog.other_pane
    a_side = dialog.other_pane if b_side is dialog.this_pane else dialog.this_pane
    b_labels = labels(b_side)
    assert f"the laptop of Tổ 5 ({laptops.b.device_id[:6]})" in b_labels
    assert "Lê Thị Hoa" in b_labels and "Tổ 2" in b_labels
    assert local_time(b_side.version["updated_at"]) in b_labels
    assert "this laptop" in labels(a_side) and "Nguyễn Văn An" in labels(a_side)
    assert not dialog.grab().isNull()
    # What differs is marked on both sides (the comment, the delegate); Enter closes, it settles nothing.
    assert {"text", "author"} <= dialog.this_pane.differs == dialog.other_pane.differs
    assert "≠ the comment" in dialog.this_pane.body.toPlainText()
    # It opens on Close; Enter on the button Tab went to presses that button (found by fresh eyes: Enter on
    # "Edit a merged text…" kept the version shown instead).
    qtbot.waitUntil(dialog.close_button.hasFocus)
    opened = []
    monkeypatch.setattr(MergeDialog, "exec", lambda self: opened.append(self) or 0)
    dialog.merge_button.setFocus()
    qtbot.keyClick(dialog.merge_button, Qt.Key.Key_Return)
    assert len(opened) == 1 and dialog.isVisible() and store.comment(cid).conflict

    dialog.other_pane.keep.click()
    assert not dialog.isVisible()
    now = store.comment(cid)
    assert now.text == other and not now.conflict
    texts = [v["text"] for v in store.versions(cid)]
    assert shown in texts and ORIGINAL in texts and texts[-1] == other
    assert other in cards.toPlainText() and "Changed on two laptops at once" not in cards.toPlainText()
    # Keeping the other was an edit: Ctrl+Z puts back the one shown before, and the conflict stays settled.
    window.undo_stack.undo()
    assert store.comment(cid).text == shown and not store.comment(cid).conflict
    closed(window)


def test_keeping_this_one_or_a_merged_text_settles_the_conflict(qtbot, laptops, monkeypatch):
    cid = conflicted(laptops)
    laptops.close()
    window = window_on(qtbot, laptops)
    store = window.session.store
    shown = store.comment(cid).text
    dialog = history.show_versions(window, cid, compare=True)
    assert isinstance(dialog, ConflictDialog)

    def merge(self):
        assert TEXT_A in self.text.toPlainText() and TEXT_B in self.text.toPlainText()
        self.text.setPlainText("Bản hợp nhất của hai tổ")
        return 1

    monkeypatch.setattr(MergeDialog, "exec", merge)
    dialog.merge_button.click()
    assert store.comment(cid).text == "Bản hợp nhất của hai tổ" and not store.comment(cid).conflict
    assert {TEXT_A, TEXT_B, ORIGINAL} <= {v["text"] for v in store.versions(cid)}

    # A new conflict; "Keep this one" changes nothing but the flag.
    window.close()
    store.close()
    a, b = Store(laptops.a.path), Store(laptops.b.path)
    laptops.a, laptops.b = a, b
    laptops.a_to_b()
    a.edit_comment(cid, text="A lần hai")
    b.edit_comment(cid, text="B lần hai")
    laptops.b_to_a()
    laptops.close()
    window = window_on(qtbot, laptops)
    store = window.session.store
    before = store.comment(cid)
    assert before.conflict
    dialog = history.show_versions(window, cid, compare=True)
    assert {dialog.this["text"], dialog.other["text"]} == {"A lần hai", "B lần hai"}
    dialog.this_pane.keep.click()
    after = store.comment(cid)
    assert not after.conflict and (after.text, after.revision) == (before.text, before.revision)
    closed(window)
    assert shown  # the first dialog showed the winner of the first conflict


def test_the_history_lists_every_version_the_database_keeps(qtbot, laptops):
    cid = conflicted(laptops)
    laptops.close()
    window = window_on(qtbot, laptops)
    cards = window.panel.list
    assert "History" in cards.toPlainText()
    cards._clicked(QUrl(f"history:{cid}"))
    dialog = window.findChild(HistoryDialog)
    assert dialog is not None
    shown = dialog.view.toPlainText()
    versions = window.session.store.versions(cid)
    assert [v["text"] for v in dialog.versions] == [v["text"] for v in versions] and len(versions) == 3
    for text in (ORIGINAL, TEXT_A, TEXT_B):
        assert text in shown
    assert "current version" in shown and "earlier version" in shown
    assert "3 versions kept" in labels(dialog)
    closed(window)


def test_cards_mark_edits_and_changes_from_another_laptop_until_seen(qtbot, laptops):
    a = laptops.a
    mine = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Ý kiến chưa sửa")
    edited_here = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Bản đầu")
    a.edit_comment(edited_here.id, text="Bản sửa tại máy này")
    undeleted = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2",
                              text="Xoá rồi khôi phục")
    a.delete_comment(undeleted.id)
    a.restore_comment(undeleted.id)
    remote = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Bản của Tổ 2")
    laptops.a_to_b()
    laptops.b.edit_comment(remote.id, text="Tổ 5 sửa lại ý kiến này")
    laptops.b_to_a()
    laptops.close()

    window = window_on(qtbot, laptops)
    cards = window.panel.list
    store = window.session.store
    marks = cards.marks
    assert not marks[mine.id].edited and marks[mine.id].versions == 1 and marks[mine.id].unseen is None
    assert marks[edited_here.id].edited and marks[edited_here.id].unseen is None
    assert not marks[undeleted.id].edited  # undoing a deletion is no edit (its revision is 3 all the same)
    assert marks[remote.id].edited and cards.unseen() == [remote.id]
    change = marks[remote.id].unseen
    when = local_time(store.comment(remote.id).updated_at)
    assert change.device == laptops.b.device_id and change.updated_at == store.comment(remote.id).updated_at
    text = cards.toPlainText()
    assert f"Changed on the laptop of Tổ 5 ({laptops.b.device_id[:6]}) at {when}" in text
    assert text.count("(edited)") == 2 and text.count("History") == 3  # the undeleted one has versions too

    # Clicking the card (not a link) counts as seeing it; the mark is kept in the database.
    changes: list[Change] = []
    window.session.changed.connect(changes.append)
    found = cards.document().find("Tổ 5 sửa lại ý kiến này")
    pos = cards.cursorRect(found).center()
    qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert cards.unseen() == [] and "Changed on the laptop" not in cards.toPlainText()
    assert changes == [Change(seen=frozenset({remote.id}))]
    assert "(edited)" in cards.toPlainText()
    closed(window)

    # A later change from the other laptop is flagged again; the "Seen" link settles it.
    b = Store(laptops.b.path)
    laptops.a, laptops.b = Store(laptops.a.path), b
    b.edit_comment(remote.id, text="Tổ 5 sửa lần nữa")
    laptops.b_to_a()
    laptops.close()
    window = window_on(qtbot, laptops)
    cards = window.panel.list
    assert cards.unseen() == [remote.id]
    cards._clicked(QUrl(f"seen:{remote.id}"))
    assert cards.unseen() == []
    closed(window)
    with Store(laptops.a.path) as again:
        assert again.card_marks([remote.id])[remote.id].unseen is None


def test_a_database_from_before_keeps_what_it_had_as_seen(laptops):
    c = laptops.a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Bản đầu")
    laptops.a_to_b()
    laptops.b.edit_comment(c.id, text="Tổ 5 sửa")
    laptops.b_to_a()
    assert laptops.a.card_marks([c.id])[c.id].unseen is not None
    # As the previous schema left it: no table of what was seen.
    conn = laptops.a.db.conn
    conn.execute("DROP TABLE comment_seen")
    conn.execute("PRAGMA user_version = 6")  # before db/0007_seen_changes.sql: the later ones run again too
    for number, script in database.migrations():
        for table in re.findall(r"CREATE TABLE (\w+)", script.read_text(encoding="utf-8")) if number > 7 else ():
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    laptops.a.close()
    with Store(laptops.a.path) as upgraded:
        assert upgraded.card_marks([c.id])[c.id].unseen is None


def test_the_committees_answer_is_no_edit_of_the_comment_but_news_from_another_laptop(laptops):
    """Setting a status and a response answers a comment: its card is not "(edited)"; the answer set on
    another laptop is flagged until seen, like any change that arrives."""
    a, b = laptops.a, laptops.b
    here = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Ý kiến được trả lời")
    a.edit_comment(here.id, status="tiep_thu", response="Xin tiếp thu.")
    a.edit_comment(here.id, status="moi", response="")  # undone: the history keeps the answer that was
    there = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Trả lời ở máy khác")
    edited = a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2", text="Bản đầu")
    a.edit_comment(edited.id, text="Bản sửa", status="tiep_thu")
    laptops.a_to_b()
    b.edit_comment(there.id, status="giai_trinh", response="Xin giải trình.")
    laptops.b_to_a()
    marks = a.card_marks([here.id, there.id, edited.id])
    assert not marks[here.id].edited and marks[here.id].versions == 3 and marks[here.id].unseen is None
    assert not marks[there.id].edited and marks[there.id].unseen is not None
    assert marks[edited.id].edited


def test_the_merged_text_takes_the_group_and_delegate_of_either_version(qtbot, laptops):
    """Found by fresh eyes: the merge editor had only the texts, so a conflict that was also over the group
    or the delegate could not be merged with the other version's."""
    c = laptops.a.add_comment(draft_id=laptops.draft, section_id=laptops.section, group="Tổ 2",
                              author="Nguyễn Văn An", text=ORIGINAL)
    laptops.a_to_b()
    laptops.a.edit_comment(c.id, text=TEXT_A)
    laptops.b.edit_comment(c.id, text=TEXT_B, author="Lê Thị Hoa", group="Tổ 5")
    laptops.b_to_a()
    laptops.close()
    window = window_on(qtbot, laptops)
    store = window.session.store
    dialog = history.show_versions(window, c.id, compare=True)
    merge = MergeDialog(dialog.this, dialog.other, dialog)
    assert set(merge.choices) == {"group", "author"}  # the kind is the same: nothing to choose
    assert [merge.choices["group"].itemData(i) for i in range(2)] == [dialog.this["group"], dialog.other["group"]]
    assert "(shown now)" in merge.choices["author"].itemText(0)
    theirs = next(v for v in (dialog.this, dialog.other) if v["group"] == "Tổ 5")
    for key, box in merge.choices.items():
        box.setCurrentIndex(box.findData(theirs[key]))
    merge.text.setPlainText("Bản hợp nhất của hai tổ")
    dialog._settle(merge.fields())
    now = store.comment(c.id)
    assert (now.text, now.group, now.author, now.conflict) == ("Bản hợp nhất của hai tổ", "Tổ 5", "Lê Thị Hoa", False)
    closed(window)


def test_the_merge_editor_moves_on_with_tab_and_saves_with_ctrl_enter(qtbot):
    """Found by fresh eyes: Tab typed tab characters into the merged text, and Ctrl+Enter did nothing."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDialog

    version = {"group": "Tổ 2", "author": "", "kind": "gop_y", "text": TEXT_A, "proposal": ""}
    dialog = MergeDialog(version, {**version, "text": TEXT_B}, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.text.setFocus()
    qtbot.waitUntil(dialog.text.hasFocus)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.proposal and "\t" not in dialog.text.toPlainText()
    qtbot.keyClick(dialog.proposal, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
