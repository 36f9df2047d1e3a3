"""A key of one part of the window."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut


def shortcut(keys: QKeySequence | str, parent, slot, context: Qt.ShortcutContext) -> QShortcut:
    """A shortcut with this context. PySide6's ``QShortcut(keys, parent, slot, context=...)`` leaves every
    such shortcut window-wide (WindowShortcut): the find bar's Esc closed the bar from the comment being
    edited, and its Shift+Enter jumped to the previous match instead of starting a new line there."""
    made = QShortcut(QKeySequence(keys), parent)
    made.setContext(context)
    made.activated.connect(slot)
    return made
