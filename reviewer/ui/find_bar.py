"""Ctrl+F: find text in the draft, accents aside unless typed, section after section, as it is typed."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from reviewer.i18n import _, count
from reviewer.textnorm import exact_key, fold
from reviewer.ui.searchable import WindowKeys
from reviewer.ui.shortcuts import shortcut

TYPING_PAUSE_MS = 150  # a 400-section draft is folded and searched in a few milliseconds; typing is not
NOT_FOUND_STYLE = "QLineEdit { background: #fbe3df; }"


class FindBar(QWidget):
    """Ctrl+F: find text in the draft, accents aside ("dang" finds "Đảng") unless they are typed ("nhân"
    does not find "nhanh", as in search), section after section.

    The first match from the current section on is shown as the text is typed, with which match it is
    of how many in the whole draft; Enter (or F3) goes to the next, Shift+Enter (Shift+F3) back."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("Find in the draft (accents optional)"))
        self.edit.returnPressed.connect(self.find_next)
        previous_button = QPushButton(_("Previous"))
        previous_button.clicked.connect(self.find_previous)
        next_button = QPushButton(_("Next"))
        next_button.clicked.connect(self.find_next)
        close = QPushButton("✕")
        close.setFlat(True)
        close.clicked.connect(self.close_bar)
        self.result = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.result)
        layout.addWidget(previous_button)
        layout.addWidget(next_button)
        layout.addWidget(close)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._find_as_typed)
        self.edit.textEdited.connect(lambda _text: self._typing.start())
        self._document = None
        self._haystacks: dict[bool, list[str]] = {}  # each section's heading and text, folded (False) or exact
        self._needle = ""
        self._exact = False  # the needle was typed with accents: matched with them
        self._matches: list[tuple[int, int]] = []  # (section's position, where in its folded text)
        self._at = -1  # which of them is shown
        self._came_from = None  # the widget that had the keyboard before Ctrl+F
        for keys, slot, scope in (
                (QKeySequence(Qt.Key.Key_Escape), self.close_bar, Qt.ShortcutContext.WidgetWithChildrenShortcut),
                (QKeySequence("Shift+Return"), self.find_previous, Qt.ShortcutContext.WidgetWithChildrenShortcut),
                (QKeySequence("Shift+Enter"), self.find_previous, Qt.ShortcutContext.WidgetWithChildrenShortcut),
                (QKeySequence(QKeySequence.StandardKey.FindNext), self.find_next, Qt.ShortcutContext.WindowShortcut),
                (QKeySequence(QKeySequence.StandardKey.FindPrevious), self.find_previous,
                 Qt.ShortcutContext.WindowShortcut)):
            shortcut(keys, self, slot, scope)
        self.edit.installEventFilter(WindowKeys(self))

    def open(self) -> None:
        """Ctrl+F: the bar shown, what was typed last selected to be typed over."""
        came_from = QApplication.focusWidget()
        if came_from is not None and not self.isAncestorOf(came_from):
            self._came_from = came_from
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        """Esc: the bar and its marks go, and the keyboard goes back where it was (the outline, say)."""
        self.hide()
        self.window.section_view.setExtraSelections([])
        back, self._came_from = self._came_from, None
        try:
            if back is not None and back.isVisible():
                back.setFocus()
                return
        except RuntimeError:  # gone meanwhile
            pass
        self.window.section_view.setFocus()

    def mark_shown(self) -> None:
        """Mark the matches in the sections shown, as a browser marks every match on its page."""
        view = self.window.section_view
        if self.isHidden() or not self._matches or self._document is not self.window.session.document:
            view.setExtraSelections([])
            return
        shown = {p.section.id for p in view.parts}
        sections = self._document.sections
        if self._at >= 0 and sections[self._matches[self._at][0]].id not in shown:
            # The reader went elsewhere: "3 of 312" would name a match not in view.
            self.result.setText(count("{n} match", "{n} matches", len(self._matches)))
        words = set()
        for n, at in self._matches:
            if sections[n].id in shown:
                original = f"{sections[n].heading}\n{sections[n].text}"
                words.add(" ".join(original[at: at + len(self._needle)].split()))
        view.mark_found(words)

    # ------------------------------------------------------------------ finding

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _find_as_typed(self) -> None:
        if self._search():
            self._show(self._first_from_current(+1))

    def _step(self, direction: int) -> None:
        self._typing.stop()
        if not self._search():
            return
        here = self._section_position()
        if self._at < 0 or self._matches[self._at][0] != here:  # the reader went elsewhere meanwhile
            self._show(self._first_from_current(direction))
        else:
            self._show((self._at + direction) % len(self._matches))

    def _search(self) -> bool:
        """The matches of what is typed (anew when it or the draft changed); False when there are none."""
        doc = self.window.session.document
        typed = self.edit.text().strip()
        needle = fold(typed)
        exact = exact_key(typed) != needle
        if exact:
            needle = exact_key(typed)
        if doc is not self._document:
            self._document, self._needle, self._haystacks = doc, "", {}
        if (needle, exact) != (self._needle, self._exact):
            self._needle, self._exact, self._at = needle, exact, -1
            self._matches = [(n, at) for n, haystack in enumerate(self._haystack(exact)) if needle
                             for at in _occurrences(haystack, needle)]
        found = bool(self._matches)
        self.edit.setStyleSheet(NOT_FOUND_STYLE if needle and not found else "")
        if not found:
            self.window.section_view.setExtraSelections([])
        if not needle:
            self.result.setText("")
            # Nothing to find any more: the last match does not stay marked in the text.
            view = self.window.section_view
            cursor = view.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                view.setTextCursor(cursor)
        elif not found:
            self.result.setText(_("Not found"))
        return found

    def _haystack(self, exact: bool) -> list[str]:
        if exact not in self._haystacks:
            key = exact_key if exact else fold
            sections = self._document.sections if self._document is not None else []
            self._haystacks[exact] = [key(f"{s.heading}\n{s.text}") for s in sections]
        return self._haystacks[exact]

    def _section_position(self) -> int:
        current = self.window.current_section_id()
        return next((n for n, s in enumerate(self._document.sections) if s.id == current), 0)

    def _first_from_current(self, direction: int) -> int:
        """The first match in or after the current section (before it, going back), round the draft."""
        here = self._section_position()
        if direction > 0:
            return next((i for i, (n, _at) in enumerate(self._matches) if n >= here), 0)
        return next((i for i in range(len(self._matches) - 1, -1, -1) if self._matches[i][0] <= here),
                    len(self._matches) - 1)

    def _show(self, index: int) -> None:
        self._at = index
        n, at = self._matches[index]
        section = self._document.sections[n]
        if section.id != self.window.current_section_id():
            self.window.select_section(section.id)
        # The same words as drawn: the k-th time they occur in the section, counted from its start.
        original = f"{section.heading}\n{section.text}"
        words = original[at: at + len(self._needle)]
        before = sum(1 for i, (m, start) in enumerate(self._matches) if m == n and start < at
                     and original[start: start + len(self._needle)].casefold() == words.casefold())
        view = self.window.section_view
        view.moveCursor(QTextCursor.MoveOperation.Start)
        for _time in range(before + 1):
            if not view.find_text(" ".join(words.split())):
                break
        # A third of the way down, with what follows it in view (found, it sat on the last line, cut in half);
        # again once a section just shown is laid out whole.
        _a_third_down(view)
        QTimer.singleShot(0, view, lambda: _a_third_down(view))
        self.mark_shown()
        self.result.setText(_("{n} of {total}").format(n=index + 1, total=len(self._matches)))


def _a_third_down(view) -> None:
    scroll = view.verticalScrollBar()
    scroll.setValue(scroll.value() + view.cursorRect().top() - view.viewport().height() // 3)


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + len(needle))
    return found
