"""Ctrl+F: find text in the draft, accents aside, section after section."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from reviewer.i18n import _
from reviewer.textnorm import fold


class FindBar(QWidget):
    """Ctrl+F: find text in the draft, accents aside, section after section."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("Find in the draft (accents optional)"))
        self.edit.returnPressed.connect(self.find_next)
        next_button = QPushButton(_("Next"))
        next_button.clicked.connect(self.find_next)
        close = QPushButton("✕")
        close.setFlat(True)
        close.clicked.connect(self.close_bar)
        self.result = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(next_button)
        layout.addWidget(self.result)
        layout.addWidget(close)
        self._last: tuple[str, int] | None = None
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # A line edit claims Ctrl+E (end of line, Emacs style) before the window's Export shortcut.
        if (event.type() == QEvent.Type.ShortcutOverride and event.keyCombination()
                == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E)):
            return True
        return super().eventFilter(watched, event)

    def close_bar(self) -> None:
        self.hide()
        self.window.section_view.setFocus()

    def find_next(self) -> None:
        needle = fold(self.edit.text().strip())
        doc = self.window.session.document
        if not needle or doc is None:
            return
        sections = doc.sections
        current = self.window.current_section_id()
        start = next((n for n, s in enumerate(sections) if s.id == current), 0)
        begin = self._last[1] + 1 if self._last and self._last[0] == current else 0
        for step in range(len(sections) + 1):
            s = sections[(start + step) % len(sections)]
            haystack = fold(f"{s.heading}\n{s.text}")
            at = haystack.find(needle, begin if step == 0 else 0)
            if at >= 0:
                original = f"{s.heading}\n{s.text}"[at: at + len(needle)]
                if s.id != current:
                    self.window.select_section(s.id)
                self.window.section_view.find_text(" ".join(original.split()))
                self._last = (s.id, at)
                self.result.setText("")
                return
        self.result.setText(_("Not found"))
        self._last = None
