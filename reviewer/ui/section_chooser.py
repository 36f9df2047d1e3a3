"""Choosing the sections a PDF prints: the outline with a box to tick by each heading, a section with
those within it, found by typing part of its number or title."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
)

from reviewer.i18n import _
from reviewer.model import Section, full_headings
from reviewer.textnorm import fold
from reviewer.ui.dialogs import ok_cancel_buttons

ID_ROLE = Qt.ItemDataRole.UserRole
NAMED = 3  # sections named in a summary; more are counted


def chosen_summary(sections: list[Section], chosen: set[str] | None) -> str:
    """"All sections", or the outermost sections chosen, named by their full number ("PHẦN THỨ NHẤT ›
    I.3.1.a) Trồng trọt; II. Văn hóa, with the sections within them")."""
    if chosen is None:
        return _("All sections")
    if not chosen:
        return _("No section")
    roots = [s for s in sections if s.id in chosen and s.parent not in chosen]
    paths = full_headings(sections)
    names = [paths[s.id] or _("Opening (before the first heading)") for s in roots[:NAMED]]
    text = "; ".join(names)
    if len(roots) > NAMED:
        text += " " + _("and {n} more").format(n=len(roots) - NAMED)
    if any(s.parent in chosen for s in sections if s.id in chosen):
        text += ", " + _("with the sections within them")
    return text


class SectionChooser(QDialog):
    """The outline, each heading with a box: ticking or unticking a section does the same to those within
    it, which can then be unticked one by one ("I. without I.3": the text of I. itself stays). Space ticks
    the current one; typing in the box above shows the headings that match (accents optional)."""

    def __init__(self, sections: list[Section], chosen: set[str] | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Sections to print"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type part of a number or title to find a section (accents optional)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._show_matching)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self._folded: dict[str, str] = {}
        self._paths: dict[str, str] = {}  # the heading with its full number ("ii.2. tinh hinh ..."), folded
        paths = full_headings(sections)
        items: dict[str, QTreeWidgetItem] = {}
        for s in sections:
            heading = s.heading or _("Opening (before the first heading)")
            item = QTreeWidgetItem([heading])
            item.setData(0, ID_ROLE, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            (items[s.parent] if s.parent in items else self.tree.invisibleRootItem()).addChild(item)
            items[s.id] = item
            self._folded[s.id] = fold(heading)
            self._paths[s.id] = fold(paths[s.id])
        for s in sections:
            if chosen is None or s.id in chosen:
                items[s.id].setCheckState(0, Qt.CheckState.Checked)
        self.tree.expandToDepth(0)
        all_button = QPushButton(_("&All"))
        all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        none_button = QPushButton(_("&None"))
        none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._sections = sections
        self._spreading = False
        self.tree.itemChanged.connect(self._changed)
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch(1)
        self.buttons = ok_cancel_buttons(self, _("Choose"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.filter.returnPressed.connect(self._to_first_match)
        self.filter.installEventFilter(self)  # Down goes on into the outline
        self.tree.installEventFilter(self)  # and typing there goes back to the box
        self.setTabOrder(self.filter, self.tree)
        self.resize(640, 520)
        self._show_summary()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.tree and event.type() == QEvent.Type.KeyPress and event.text().isprintable()
                and event.text().strip() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier):
            # A letter typed in the outline starts a new search (Space still ticks, the arrows still move): added to
            # the last one, "II.2" and "cham lo tet" made "II.2cham lo tet", which finds nothing.
            self.filter.setFocus()
            self.filter.setText(event.text())
            return True
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            first = next((i for i in self._items() if not i.isHidden()), None)
            if self.tree.currentItem() is None or self.tree.currentItem().isHidden():
                self.tree.setCurrentItem(first)
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)

    def chosen(self) -> set[str] | None:
        """The sections ticked, or None when every one is (no choice: the whole draft)."""
        ticked, every = set(), True
        for item in self._items():
            if item.checkState(0) == Qt.CheckState.Checked:
                ticked.add(item.data(0, ID_ROLE))
            else:
                every = False
        return None if every else ticked

    def _items(self):
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            yield it.value()
            it += 1

    def _changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._spreading:
            return
        self._spreading = True
        try:
            state, todo = item.checkState(0), [item.child(i) for i in range(item.childCount())]
            while todo:
                child = todo.pop()
                child.setCheckState(0, state)
                todo += [child.child(i) for i in range(child.childCount())]
        finally:
            self._spreading = False
        self._show_summary()

    def _check_all(self, state: Qt.CheckState) -> None:
        self._spreading = True
        try:
            for item in self._items():
                item.setCheckState(0, state)
        finally:
            self._spreading = False
        self._show_summary()

    def _show_summary(self) -> None:
        chosen = self.chosen()
        self.summary.setText(chosen_summary(self._sections, chosen))
        self.buttons.buttons()[0].setEnabled(chosen is None or bool(chosen))

    def _show_matching(self, text: str) -> None:
        """Only the headings that match, with the sections above them (where they sit)."""
        wanted = fold(text.strip())
        shown: set[str] = set()
        for item in self._items():
            if not wanted or self._matches(item.data(0, ID_ROLE), wanted):
                node = item
                while node is not None and node.data(0, ID_ROLE) not in shown:
                    shown.add(node.data(0, ID_ROLE))
                    node = node.parent()
        for item in self._items():
            item.setHidden(item.data(0, ID_ROLE) not in shown)
        if wanted:
            self.tree.expandAll()

    def _matches(self, section_id: str, wanted: str) -> bool:
        """Part of the heading as shown, or the start of its full number ("II.2" is "2." under "II.", not
        "III.2.")."""
        path = self._paths[section_id]
        return wanted in self._folded[section_id] or path.startswith(wanted) or f"› {wanted}" in path

    def _to_first_match(self) -> None:
        wanted = fold(self.filter.text().strip())
        for item in self._items():
            if not item.isHidden() and wanted and self._matches(item.data(0, ID_ROLE), wanted):
                self.tree.setCurrentItem(item)
                self.tree.setFocus()
                return
