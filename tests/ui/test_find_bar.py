"""Ctrl+F as it is typed: the first match from the current section, which one of how many, Enter and
Shift+Enter through them round the draft, accents aside."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from reviewer.textnorm import fold  # noqa: E402
from reviewer.ui.find_bar import NOT_FOUND_STYLE  # noqa: E402
from tests.ui.test_consolidation import type_text  # noqa: E402


@pytest.fixture
def window(sample_window):
    return sample_window


def _where(window, needle: str) -> list[tuple[str, int]]:
    """Every match in the draft, counted here without the bar: (section id, occurrence in the section)."""
    out = []
    for s in window.session.document.sections:
        out += [(s.id, k) for k in range(fold(f"{s.heading}\n{s.text}").count(needle))]
    return out


def test_typing_shows_the_first_match_and_how_many_then_enter_and_shift_enter_walk_them(window, qtbot):
    bar = window.find_bar
    window.select_section(window.session.document.sections[0].id)  # from the top
    window.show_find_bar()
    expected = _where(window, "kinh te")
    assert len({sid for sid, _k in expected}) >= 3  # the sample speaks of the economy in several sections
    type_text(bar.edit, "kinh tế")  # with accents: found the same
    qtbot.waitUntil(lambda: bar.result.text() == f"1 of {len(expected)}")
    assert window.current_section_id() == expected[0][0]
    assert fold(window.section_view.textCursor().selectedText()) == "kinh te"
    seen = [window.current_section_id()]
    for n in range(2, len(expected) + 1):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        assert bar.result.text() == f"{n} of {len(expected)}"
        assert fold(window.section_view.textCursor().selectedText()) == "kinh te"
        seen.append(window.current_section_id())
    assert seen == [sid for sid, _k in expected]
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)  # round to the first again
    assert bar.result.text() == f"1 of {len(expected)}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # and back to the last
    assert bar.result.text() == f"{len(expected)} of {len(expected)}"
    assert window.current_section_id() == expected[-1][0]


def test_from_where_the_reader_is_and_a_word_not_in_the_draft_says_so(window, qtbot):
    bar = window.find_bar
    expected = _where(window, "kinh te")
    later = expected[len(expected) // 2][0]
    window.select_section(later)
    window.show_find_bar()
    qtbot.keyClicks(bar.edit, "kinh te")
    index = next(i for i, (sid, _k) in enumerate(expected) if sid == later)
    qtbot.waitUntil(lambda: bar.result.text() == f"{index + 1} of {len(expected)}")
    assert window.current_section_id() == later
    bar.edit.clear()
    qtbot.keyClicks(bar.edit, "xyzzy")
    qtbot.waitUntil(lambda: bar.result.text() == "Not found")
    assert bar.edit.styleSheet() == NOT_FOUND_STYLE and window.current_section_id() == later


@pytest.mark.parametrize(("typed", "other"), [("nhân", "nhan"), ("tăng", "tang")])
def test_accents_typed_are_matched_and_accents_left_out_match_any(window, qtbot, typed, other):
    """As in search: "nhan" finds "nhân" and "nhanh"; "nhân" finds "nhân" only."""
    from reviewer.textnorm import exact_key

    sections = window.session.document.sections
    exact = sum(exact_key(f"{s.heading}\n{s.text}").count(exact_key(typed)) for s in sections)
    loose = len(_where(window, other))
    assert 0 < exact < loose
    bar = window.find_bar
    window.show_find_bar()
    type_text(bar.edit, typed)
    qtbot.waitUntil(lambda: bar.result.text().endswith(f" of {exact}"))
    assert window.section_view.textCursor().selectedText().casefold() == typed
    bar.edit.clear()
    type_text(bar.edit, other)
    qtbot.waitUntil(lambda: bar.result.text().endswith(f" of {loose}"))


def test_either_placement_of_a_tone_finds_the_word(window, qtbot):
    """"thuỷ" (the old placement) and "thủy" (the new) are one word, as in search."""
    bar = window.find_bar
    window.show_find_bar()
    type_text(bar.edit, "thuỷ")
    qtbot.waitUntil(lambda: " of " in bar.result.text())
    old = bar.result.text()
    bar.edit.clear()
    type_text(bar.edit, "thủy")
    qtbot.waitUntil(lambda: bar.result.text() == old)


def test_clearing_the_box_unmarks_the_last_match(window, qtbot):
    bar = window.find_bar
    window.show_find_bar()
    type_text(bar.edit, "kinh tế")
    qtbot.waitUntil(lambda: window.section_view.textCursor().hasSelection())
    bar.edit.selectAll()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not window.section_view.textCursor().hasSelection())
    assert bar.result.text() == ""


def _marked(window) -> list[str]:
    return [fold(s.cursor.selectedText()) for s in window.section_view.extraSelections()]


def test_every_match_in_the_sections_shown_is_marked_and_the_marks_follow_the_reader(window, qtbot):
    expected = _where(window, "kinh te")
    per_section: dict[str, int] = {}
    for sid, _k in expected:
        per_section[sid] = per_section.get(sid, 0) + 1
    several = next(sid for sid, n in per_section.items() if n >= 2)  # the sample says it twice somewhere
    window.select_section(several)
    bar = window.find_bar
    window.show_find_bar()
    type_text(bar.edit, "kinh tế")
    qtbot.waitUntil(lambda: " of " in bar.result.text())
    shown = {p.section.id for p in window.section_view.parts}
    assert len(_marked(window)) == sum(per_section.get(sid, 0) for sid in shown) >= 2
    assert set(_marked(window)) == {"kinh te"}

    other = next(sid for sid in per_section if sid not in shown)  # the reader goes on: the marks follow
    window.select_section(other)
    qtbot.waitUntil(lambda: window.current_section_id() == other)
    shown = {p.section.id for p in window.section_view.parts}
    assert len(_marked(window)) == sum(per_section.get(sid, 0) for sid in shown) >= 1

    without = next(s.id for s in window.session.document.sections if s.id not in per_section
                   and not any(d.id in per_section for d in window._descendants(s.id)))
    window.select_section(without)
    qtbot.waitUntil(lambda: window.current_section_id() == without)
    assert _marked(window) == []

    window.select_section(several)
    qtbot.waitUntil(lambda: bool(_marked(window)))
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)  # closing the bar takes its marks away
    assert _marked(window) == []


def test_escape_gives_the_keyboard_back_to_the_outline_and_the_count_follows_the_reader(window, qtbot):
    expected = _where(window, "kinh te")
    window.select_section(expected[0][0])
    window.tree.setFocus()
    qtbot.waitUntil(lambda: window.tree.hasFocus())
    bar = window.find_bar
    window.show_find_bar()
    type_text(bar.edit, "kinh tế")
    qtbot.waitUntil(lambda: bar.result.text() == f"1 of {len(expected)}")
    without = next(s.id for s in window.session.document.sections if s.id not in {sid for sid, _k in expected}
                   and not any(d.id in {sid for sid, _k in expected} for d in window._descendants(s.id)))
    window.select_section(without)  # the reader goes on: "1 of N" would name a match not in view
    qtbot.waitUntil(lambda: bar.result.text() == f"{len(expected)} matches")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)  # Enter: the next match from where the reader is
    qtbot.waitUntil(lambda: " of " in bar.result.text())
    view = window.section_view
    rect, scroll = view.cursorRect(), view.verticalScrollBar()
    assert 0 <= rect.top() and rect.bottom() <= view.viewport().height()  # whole, not cut at the last line
    assert rect.top() <= view.viewport().height() // 2 or scroll.value() == scroll.maximum()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert window.tree.hasFocus() and bar.isHidden()
