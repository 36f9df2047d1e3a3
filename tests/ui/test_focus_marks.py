"""The focus is seen wherever the keys move it (found by fresh eyes: Tab reached the tab bar and the
consolidation's filters with no visible sign): the control that has it is framed in the window's blue."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QStyleFactory, QTabBar  # noqa: E402

from reviewer.ui import focus_style  # noqa: E402


@pytest.fixture
def styled(qapp):
    before = qapp.style().name()
    focus_style.install(qapp)
    yield
    qapp.setStyle(QStyleFactory.create(before))


def _blue_pixels(widget) -> int:
    image = widget.grab().toImage()
    blue = focus_style.FOCUS_COLOR
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            count += abs(c.red() - blue.red()) + abs(c.green() - blue.green()) + abs(c.blue() - blue.blue()) < 40
    return count


def test_tab_marks_the_tab_bar_each_filter_and_the_check_box(styled, sample_window, qtbot):
    window = sample_window
    window.activateWindow()
    qtbot.waitActive(window)
    window.tabs.setCurrentIndex(1)
    view = window.tabs.widget(1)
    view.table.setFocus()
    marked = {}
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if isinstance(widget, QTabBar | QComboBox | QCheckBox):
            marked[type(widget).__name__ + str(len(marked))] = _blue_pixels(widget)
            widget.clearFocus()
            unmarked = _blue_pixels(widget)
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            assert unmarked < 20, type(widget).__name__  # the mark is the focus's, not the control's look
    kinds = {name.rstrip("0123456789") for name in marked}
    assert {"QTabBar", "SectionFilter", "QComboBox", "QCheckBox"} <= kinds
    assert all(n >= 40 for n in marked.values()), marked  # a frame of two pixels, not a tint
