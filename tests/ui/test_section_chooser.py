"""Choosing the sections a PDF prints, from the outline: a section with those within it, then one of them
left out; found by typing without accents; Space ticks."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from reviewer.docx import read_document  # noqa: E402
from reviewer.model import full_headings  # noqa: E402
from reviewer.paths import sample_draft  # noqa: E402
from reviewer.textnorm import fold  # noqa: E402
from reviewer.ui.section_chooser import ID_ROLE, SectionChooser, chosen_summary  # noqa: E402


def _within(section) -> set[str]:
    out, todo = set(), list(section.children)
    while todo:
        s = todo.pop()
        out.add(s.id)
        todo += s.children
    return out


def test_a_section_with_those_within_it_then_one_left_out(sample_window, qtbot):
    doc = sample_window.session.document
    parent = next(s for s in doc.sections if len(s.children) >= 2 and any(c.children for c in s.children))
    left_out = next(c for c in parent.children if c.children)
    chooser = SectionChooser(doc.sections, set(), sample_window)
    qtbot.addWidget(chooser)
    items = {i.data(0, ID_ROLE): i for i in chooser._items()}
    assert chooser.chosen() == set() and not chooser.buttons.buttons()[0].isEnabled()

    items[parent.id].setCheckState(0, Qt.CheckState.Checked)
    assert chooser.chosen() == {parent.id} | _within(parent)
    assert chooser.summary.text() == f"{full_headings(doc.sections)[parent.id]}, with the sections within them"
    items[left_out.id].setCheckState(0, Qt.CheckState.Unchecked)  # "I. without I.3": I.'s own text stays
    assert chooser.chosen() == {parent.id} | _within(parent) - {left_out.id} - _within(left_out)
    assert chooser.buttons.buttons()[0].isEnabled()

    chooser._check_all(Qt.CheckState.Checked)
    assert chooser.chosen() is None and chooser.summary.text() == "All sections"


def test_typing_without_accents_finds_a_section_and_space_ticks_it(qtbot):
    doc = read_document(sample_draft())  # no window behind it to take the keyboard back
    target = next(s for s in doc.sections if s.parent and fold(s.title) != s.title.casefold() and not s.children)
    chooser = SectionChooser(doc.sections, set())
    qtbot.addWidget(chooser)
    chooser.show()
    chooser.activateWindow()
    qtbot.waitActive(chooser)
    typed = fold(target.title)[:14]
    qtbot.keyClicks(chooser.filter, typed)
    shown = [i.data(0, ID_ROLE) for i in chooser._items() if not i.isHidden()]
    assert target.id in shown and target.parent in shown  # where it sits, too
    assert len(shown) < len(doc.sections)
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Down)  # into the outline, at the first heading shown
    first = next(i for i in chooser._items() if not i.isHidden())
    assert chooser.tree.currentItem() is first and chooser.filter.text() == typed
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    current = chooser.tree.currentItem().data(0, ID_ROLE)
    assert typed in fold(doc.section(current).heading)
    qtbot.keyClick(chooser.tree, Qt.Key.Key_Space)
    assert chooser.chosen() == {current}
    assert chosen_summary(doc.sections, chooser.chosen()) == full_headings(doc.sections)[current]
    assert " › " in chosen_summary(doc.sections, chooser.chosen())  # named by its full number, out of context



def test_a_section_is_found_by_its_full_number_and_typing_in_the_outline_goes_on_the_search(qtbot):
    """"II.2" finds the "2." under "II." (found by fresh eyes: the box found titles only), not "III.2."."""
    doc = read_document(sample_draft())
    paths = full_headings(doc.sections)
    target = next(s for s in doc.sections if s.number == "2." and doc.section(s.parent).number == "II.")
    not_it = next(s for s in doc.sections if s.number == "2." and doc.section(s.parent).number == "III.")
    chooser = SectionChooser(doc.sections, set())
    qtbot.addWidget(chooser)
    chooser.show()
    chooser.activateWindow()
    qtbot.waitActive(chooser)
    qtbot.keyClicks(chooser.filter, "II.2")
    shown = {i.data(0, ID_ROLE) for i in chooser._items() if not i.isHidden()}
    assert target.id in shown and not_it.id not in shown
    found = {s.id for s in doc.sections if "› II.2." in paths[s.id]}  # Phần thứ nhất's and Phần thứ hai's
    assert shown == found.union(*(_ancestors(doc, doc.section(sid)) for sid in found)), [paths[s] for s in shown]
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    assert chooser.tree.currentItem().data(0, ID_ROLE) == target.id
    qtbot.keyClick(chooser.tree, Qt.Key.Key_Space)  # Space still ticks in the outline
    assert chooser.chosen() == {target.id} | _within(target)
    qtbot.keyClicks(chooser.tree, "c")  # a letter starts a new search, in the box
    assert chooser.filter.text() == "c"
    qtbot.waitUntil(chooser.filter.hasFocus)


def _ancestors(doc, section) -> set[str]:
    out, parent = set(), section.parent
    while parent:
        out.add(parent)
        parent = doc.section(parent).parent
    return out
