"""Long lists of groups made searchable: a province has 200 units, not six breakout groups."""
from __future__ import annotations

import time

from PySide6.QtCore import QAbstractItemModel, QEvent, QKeyCombination, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QToolTip

from reviewer.i18n import _
from reviewer.textnorm import fold

NO_MATCH = "noMatch"  # the line edit's property while the text last typed matched no entry (said in its tooltip)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 40  # an entry's name and its accent-free form, for the suggestions


class FoldingCompleter(QCompleter):
    """Suggestions whatever accents are typed: "to 3" and "tổ 3" both find "Tổ 3" (a laptop's Vietnamese
    keyboard is often off). Entries are matched on their name and its accent-free form; choosing one puts
    the name itself in the box."""

    def __init__(self, model: QAbstractItemModel, parent: QObject):
        super().__init__(model, parent)
        self.setCompletionRole(SEARCH_ROLE)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # A slot of this object, not a lambda: the connection ends with the completer, whichever goes first.
        model.rowsInserted.connect(self._fill)
        self._fill(QModelIndex(), 0, model.rowCount() - 1)

    def pathFromIndex(self, index: QModelIndex) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""

    @Slot(QModelIndex, int, int)
    def _fill(self, parent: QModelIndex, first: int, last: int) -> None:
        model = self.model()
        for row in range(first, last + 1):
            index = model.index(row, 0, parent)
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            model.setData(index, f"{text}\n{fold(text)}", SEARCH_ROLE)


def folding_completer(names: list[str], parent: QObject) -> FoldingCompleter:
    """A :class:`FoldingCompleter` over a list of names (delegates)."""
    model = QStandardItemModel(parent)
    for name in names:
        model.appendRow(QStandardItem(name))
    return FoldingCompleter(model, parent)


def make_searchable(combo: QComboBox, *, choose_on_enter: bool = False) -> None:
    """Type any part of a name ("10", "Xã") to find it; choosing a match selects its entry. Nothing typed
    becomes a new entry: the list stays the one the program filled.

    ``choose_on_enter``: for a list whose entries are the only choices (a filter), Enter on a part of a name
    chooses the first entry the suggestions show, accents aside; for a text no entry matches the box says so
    and shows the entry in force again."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setCompleter(FoldingCompleter(combo.model(), combo))
    combo.installEventFilter(WindowKeys(combo))  # (the combo hands a shortcut override straight to its line edit)
    if choose_on_enter:
        _EnterChooses(combo)


class WindowKeys(QObject):
    """A line edit claims Ctrl+E (end of line, Emacs style) before the window's Export shortcut: let it through."""

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and event.keyCombination()
                == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E)):
            return True
        return super().eventFilter(watched, event)


class _EnterChooses(QObject):
    def __init__(self, combo: QComboBox):
        super().__init__(combo)
        self.combo = combo
        edit = combo.lineEdit()
        self.tooltip = edit.toolTip()
        # After the combo's own handler, which chooses an entry spelt exactly as typed.
        edit.returnPressed.connect(self.choose)
        edit.editingFinished.connect(self.restore)
        edit.textEdited.connect(lambda _t: self._mark(""))
        combo.currentIndexChanged.connect(lambda _i: self._mark(""))

    def choose(self) -> None:
        combo, typed = self.combo, self.combo.lineEdit().text().strip()
        if typed == combo.itemText(combo.currentIndex()):  # the entry in force (as put back after no match)
            return
        # Accents aside: "to 3" is typed as often as "Tổ 3" (no Vietnamese keyboard switched on).
        folded = fold(typed)
        texts = [combo.itemText(n) for n in range(combo.count())]
        exact = [n for n, text in enumerate(texts) if fold(text) == folded]
        # The completer lists the entries containing the text in the list's order: its first suggestion.
        found = exact or [n for n, text in enumerate(texts) if folded in fold(text)]
        if not found:
            # The box goes back to the entry the rows are filtered by: never a name that is not what is shown.
            combo.setEditText(combo.itemText(combo.currentIndex()))  # (currentText() is what was typed)
            combo.lineEdit().selectAll()
            self._mark(typed)
            return
        combo.setCurrentIndex(found[0])
        combo.setEditText(texts[found[0]])  # (the same entry as before: the text typed goes all the same)
        self._mark("")

    def restore(self) -> None:
        """Leaving the box with a part of a name typed and not chosen: it shows the entry in force again."""
        shown = self.combo.itemText(self.combo.currentIndex())
        if self.combo.lineEdit().text() != shown:
            self.combo.setEditText(shown)

    def _mark(self, unmatched: str) -> None:
        edit = self.combo.lineEdit()
        if not unmatched and not edit.property(NO_MATCH):
            return
        edit.setProperty(NO_MATCH, bool(unmatched))
        edit.setToolTip(_("Nothing in the list matches “{text}”.").format(text=unmatched) if unmatched
                        else self.tooltip)
        if unmatched:
            QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()), edit.toolTip(), edit)


class TypeToFind(QObject):
    """For a long list that is not editable (the outline's 600 sections): letters typed on the closed box
    find the first entry whose name contains them, accents aside ("kien nghi", "II.3"), once typing
    pauses; what is typed shows in a tooltip. Esc or a longer pause starts afresh."""

    PAUSE_MS = 450  # choosing an entry filters the rows: not at every letter
    FORGET_S = 1.5

    def __init__(self, combo: QComboBox, label_role: int):
        super().__init__(combo)
        self.combo, self.label_role = combo, label_role
        self.typed = ""
        self._last = 0.0
        self._timer = QTimer(self, singleShot=True, interval=self.PAUSE_MS)
        self._timer.timeout.connect(self.choose)
        combo.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if event.key() == Qt.Key.Key_Escape and self.typed:
            self.typed = ""
            self._timer.stop()
            QToolTip.hideText()
            return True
        text = event.text()
        if not text or not text.isprintable() or (text == " " and not self.typed):
            return False  # arrows, Enter, Space (opens the list) keep their meaning
        now = time.monotonic()
        self.typed = (self.typed if now - self._last < self.FORGET_S else "") + text
        self._last = now
        QToolTip.showText(self.combo.mapToGlobal(self.combo.rect().bottomLeft()),
                          _("Find: {text}").format(text=self.typed), self.combo)
        self._timer.start()
        return True

    def choose(self) -> None:
        needle = fold(self.typed.strip())
        if not needle:
            return
        for n in range(self.combo.count()):
            if needle in fold(self.combo.itemData(n, self.label_role) or self.combo.itemText(n)):
                self.combo.setCurrentIndex(n)
                QToolTip.hideText()
                return
        QToolTip.showText(self.combo.mapToGlobal(self.combo.rect().bottomLeft()),
                          _("Nothing in the list matches “{text}”.").format(text=self.typed), self.combo)
