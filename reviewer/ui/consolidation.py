"""The secretariat's view: every comment of the draft in one sortable, filterable table."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer.i18n import _, count
from reviewer.textnorm import natural_key
from reviewer.ui.models import COLUMNS, COMMENT_ID_ROLE, SECTION_ID_ROLE, CommentFilterModel, CommentTableModel
from reviewer.ui.session import ReviewSession
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label


class StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for code in STATUSES:
            combo.addItem(status_label(code), code)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ConsolidationView(QWidget):
    jump_requested = Signal(str, str)  # section id, comment id

    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = CommentTableModel(session, self)
        self.proxy = CommentFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(COLUMNS.index("status"), StatusDelegate(self.table))
        self.table.setEditTriggers(QTableView.EditTrigger.SelectedClicked | QTableView.EditTrigger.EditKeyPressed
                                   | QTableView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._jump)
        self.filters: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        for key, title in (("section", _("All sections")), ("group", _("All groups")), ("kind", _("All kinds")),
                           ("status", _("All statuses"))):
            combo = QComboBox()
            combo.addItem(title, "")
            combo.currentIndexChanged.connect(lambda _i, k=key, c=combo: self.proxy.set_filter(k, c.currentData()))
            self.filters[key] = combo
            bar.addWidget(combo, 2 if key == "section" else 1)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        self.model.modelReset.connect(self._refresh)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_a: self._rows_timer.start(0))

    def _refresh(self) -> None:
        rows = self.model.rows
        self._size_columns()
        self._fill("section", [(s.heading or _("Opening"), s.id) for s in
                               (self.session.document.sections if self.session.document else [])])
        self._fill("group", [(g, g) for g in sorted({c.group for c in rows}, key=natural_key)])
        self._fill("kind", [(kind_label(k), k) for k in KINDS])
        self._fill("status", [(status_label(s), s) for s in STATUSES])
        by_group = Counter(c.group for c in rows)
        sections = len({c.section for c in rows})
        groups = ", ".join(f"{g}: {by_group[g]}" for g in sorted(by_group, key=natural_key))
        self.counts.setText(_("{comments} on {sections}. By group: {groups}").format(
            comments=count("{n} comment", "{n} comments", len(rows)),
            sections=count("{n} section", "{n} sections", sections), groups=groups or "—"))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        # Narrow enough that the comment itself, the widest column, keeps most of the room.
        widths = {"section": 170, "group": 60, "author": 110, "kind": 105, "proposal": 170, "supporters": 70,
                  "status": 95, "response": 170}
        for key, width in widths.items():
            column = COLUMNS.index(key)
            header_width = header.sectionSizeHint(column)
            self.table.setColumnWidth(column, max(width, header_width))
        self._rows_timer.start(0)

    def _fit_rows(self) -> None:
        if len(self.model.rows) <= 300:  # measuring every row's wrapped height is slow on thousands
            self.table.resizeRowsToContents()

    def _fill(self, key: str, items: list[tuple[str, str]]) -> None:
        combo = self.filters[key]
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _jump(self, index) -> None:
        if COLUMNS[index.column()] in ("status", "response"):
            return
        self.jump_requested.emit(index.data(SECTION_ID_ROLE), index.data(COMMENT_ID_ROLE))
