"""A revised draft in the window: each carried card says where its comment was and whether its proposal was
taken up (a link sets "tiếp thu" as an undoable edit), and View › Compare with previous version shows what
changed in a section word by word; the review queue opens the same comparison."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QUrl  # noqa: E402

from reviewer.ui import diff_ui, messages, revise_ui  # noqa: E402
from tests.cli.test_cli_revise_taken_up import BREAKTHROUGH, edited_sample  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402

GROWTH = "Tăng trưởng kinh tế và các chỉ tiêu chủ yếu"


@pytest.fixture
def revised(qtbot, tmp_path, monkeypatch):
    """The sample opened, two comments with proposals on "1. Tăng trưởng kinh tế", then a version 2 (the first
    paragraph of that section ending with the first proposal's wording) opened as its revised version."""
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    session = window.session
    growth = next(s for s in session.document.sections if s.title == GROWTH)
    first_paragraph = growth.text.split("\n")[0]
    session.add_comment(section_id=growth.id, group="Tổ 2", text="Nêu rõ khâu đột phá",
                        proposal=f"Sửa thành: “{BREAKTHROUGH}”")
    session.add_comment(section_id=growth.id, group="Tổ 3", text="Bổ sung về bão",
                        proposal="Thêm một đoạn về thiệt hại do bão số 3 và kết quả khắc phục.")
    v2 = edited_sample(tmp_path / "v2.docx", first_paragraph[-40:], BREAKTHROUGH)
    monkeypatch.setattr(revise_ui.QFileDialog, "getOpenFileName", lambda *a, **k: (str(v2), ""))
    with qtbot.waitSignal(session.draft_opened, timeout=30000):
        window.actions_by_name["open_revised"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "review_queue", None) is not None, timeout=10000)
    window.review_queue.close()
    window.go_to(growth.id)
    return window, growth.id


def test_a_carried_card_says_where_it_was_and_a_taken_up_proposal_is_one_click_from_tiep_thu(qtbot, revised):
    window, growth = revised
    session, cards = window.session, window.panel.list
    by_text = {c.text: c for c in cards.comments}
    taken, storm = by_text["Nêu rõ khâu đột phá"], by_text["Bổ sung về bão"]
    html = cards.toPlainText()
    # Their section kept its name: the cards do not repeat where they were (the Word table test checks a moved one).
    assert "In the previous version" not in html
    assert html.count("The proposed wording appears in the new version") == 1
    assert cards.carried[taken.id].taken_up is True and cards.carried[storm.id].taken_up is False
    assert session.store.comment(taken.id).status == "moi"  # a hint: nothing set by itself

    with qtbot.waitSignal(session.changed, timeout=5000):
        cards.anchorClicked.emit(QUrl(f"takeup:{taken.id}"))
    assert session.store.comment(taken.id).status == "tiep_thu"
    assert "The proposed wording appears" not in cards.toPlainText()  # taken up: the hint has done its work
    window.actions_by_name["undo"].trigger()
    assert session.store.comment(taken.id).status == "moi"
    assert "The proposed wording appears in the new version" in cards.toPlainText()


def test_compare_with_previous_version_marks_the_inserted_words(qtbot, revised):
    window, growth = revised
    window.actions_by_name["compare_versions"].trigger()
    dialog = window.diff_dialog
    qtbot.waitExposed(dialog)
    assert dialog.sections.currentData() == growth
    words = len(BREAKTHROUGH.replace(",", " ").replace(".", " ").split())
    assert dialog.summary.text() == f"{words} words inserted, 0 words deleted."
    html = dialog.text.toHtml()
    assert "underline" in html and "khâu đột phá" in html and "line-through" not in html
    assert dialog.where.text().startswith("In the previous version: section PHẦN THỨ NHẤT › I.1.")
    dialog.step(+1)  # no other section changed: it stays
    assert dialog.sections.currentData() == growth
    dialog.sections.setCurrentIndex(0)
    assert dialog.summary.text() == "Nothing changed in this section."
    dialog.step(+1)
    assert dialog.sections.currentData() == growth
    dialog.close()


def test_the_review_queue_compares_the_proposed_section(qtbot, revised, tmp_path):
    window, growth = revised
    session = window.session
    # A comment whose quote is gone from version 2, carried later: it waits in the queue at its section.
    old = revise_ui.revise.previous_versions(session.store, session.draft_id)[0]
    session.store.add_comment(draft_id=old, section_id=growth, group="Tổ 1", text="Số liệu?",
                              quote="một đoạn không còn trong bản mới và cũng chưa từng có")
    revision = revise_ui.revise.link_and_carry(session.store, old, session.draft_id)
    dialog = revise_ui.show_review_queue(window, revision)
    assert dialog.table.rowCount() >= 1
    dialog.table.selectRow(0)
    assert dialog.compare_button.isEnabled()
    dialog.compare_button.click()
    assert dialog.diff.sections.currentData() == dialog.queue[0].section


def test_compare_on_a_draft_that_is_no_revision_says_so(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path / "b.sqlite3")
    open_sample(qtbot, window)
    said = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text: said.append(text))
    assert diff_ui.compare_with_previous(window) is None
    assert said and "not a revised version" in said[0]


def test_a_renamed_heading_is_a_change_like_any_other(qtbot):
    from reviewer.store.revise import SectionPair
    from reviewer.ui.diff_ui import SectionDiffDialog

    def section(sid, number, title, text):
        return {"id": sid, "number": number, "title": title, "level": 2, "parent": None, "text": text}

    body = "Chỉ số chuyển đổi số cấp tỉnh tăng 5 bậc."
    pairs = {"a": SectionPair("old", section("a", "5.", "Văn hóa, xã hội", "Ổn định."), section("a", "5.", "Văn hóa, "
                                                                                               "xã hội", "Ổn định.")),
             "b": SectionPair("old", section("b", "6.", "Chuyển đổi số, khoa học và công nghệ", body),
                              section("b", "6.", "Khoa học, công nghệ và chuyển đổi số", body))}
    dialog = SectionDiffDialog(None, pairs, "a")
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "Nothing changed in this section."
    dialog.step(+1)  # the renamed section is the next change
    assert dialog.sections.currentData() == "b"
    assert not dialog.sections.itemText(0).startswith("● ") and dialog.sections.itemText(1).startswith("● ")
    assert "line-through" in dialog.text.toHtml() and "Khoa học" in dialog.text.toPlainText()


def test_the_queue_opens_again_from_the_view_menu_and_says_when_there_is_none(qtbot, revised, tmp_path,
                                                                            monkeypatch):
    window, _growth = revised
    window.review_queue = None
    window.actions_by_name["review_carried"].trigger()
    dialog = window.review_queue
    assert dialog is not None and dialog.isVisible()
    assert dialog.revision.new_draft == window.session.draft_id
    assert dialog.summary.text().startswith("2 comments carried")
    dialog.close()

    other = make_window(qtbot, tmp_path / "c.sqlite3")
    open_sample(qtbot, other)
    said = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: said.append(text))
    other.actions_by_name["review_carried"].trigger()
    assert said and "not the revised version of another" in said[0]


def test_a_card_says_when_its_place_awaits_confirmation_and_its_quote_is_the_previous_versions():
    from reviewer.store import Comment
    from reviewer.ui.cards import Carried, card_html

    fields = {f: "" for f in Comment.__dataclass_fields__}
    comment = Comment(**(fields | {"id": "c1", "draft": "d2", "section": "s1", "group": "Tổ 2", "kind": "gop_y",
                                   "text": "Đề nghị viết lại.", "quote": "5/14 tỉnh vùng trung du", "quote_start": None,
                                   "quote_end": None, "supporters": 0, "status": "moi", "revision": 1,
                                   "deleted": False, "updated_at": "2026-12-03T00:00:00.000Z",
                                   "created_at": "2026-12-03T00:00:00.000Z"}))
    html = card_html(comment, carried=Carried("PHẦN THỨ NHẤT › I.1. Tăng trưởng", None, moved=False,
                                               to_confirm=True))
    assert "confirm it in View › Carried comments to review" in html
    assert "passage of the previous version" in html
    assert "In the previous version" not in html
    plain = card_html(comment)  # a comment written on this version: nothing of the sort
    assert "previous version" not in plain and "confirm" not in plain
