"""The secretariat's view: every comment of the draft in one sortable, filterable table."""
from __future__ import annotations

import html
import sqlite3
from collections import OrderedDict
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reviewer.i18n import _, count, number
from reviewer.store import NotFoundError, listing
from reviewer.store.similar import Cluster, similar_comments
from reviewer.textnorm import natural_key
from reviewer.ui.busy import busy
from reviewer.ui.models import COMMENT_ID_ROLE, SECTION_ID_ROLE
from reviewer.ui.searchable import TypeToFind, make_searchable
from reviewer.ui.session import ReviewSession
from reviewer.ui.shortcuts import shortcut
from reviewer.ui.table_model import COLUMNS, CommentFilterModel, CommentTableModel
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label

EDITABLE = (COLUMNS.index("status"), COLUMNS.index("response"))
FOOTER_GROUPS = 12  # groups named in the footer's counts
LABEL_ROLE = Qt.ItemDataRole.UserRole + 20  # a filter entry's full name, shown when the list is closed
INDENT = "\u2003"  # an em space per level of the outline in the section filter's list
SUMMARIES_KEPT = 4  # filters whose footer counts are kept
_LOADED = "reviewerLoaded"  # an editor's property: it holds what the user is changing, not the model's value


class CellDelegate(QStyledItemDelegate):
    """Cells with a little air above and below: the marks over Vietnamese capitals touch the grid."""

    def sizeHint(self, option, index):
        return super().sizeHint(option, index) + QSize(0, 8)


class StatusDelegate(CellDelegate):
    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for code in STATUSES:
            combo.addItem(status_label(code), code)
        return combo

    def setEditorData(self, editor, index):
        # Qt calls this again when the row is redrawn (a merge, another window's edit): the
        # choice being made stays.
        if not editor.property(_LOADED):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            editor.setProperty(_LOADED, True)

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ResponseDelegate(CellDelegate):
    """The drafting committee's response, often a paragraph: a multi-line editor laid over the cell.

    Enter starts a new line; Ctrl+Enter, Tab or leaving the cell saves; Escape cancels."""

    MIN_WIDTH = 380
    LINES = 7
    _height_before: tuple[int, int] | None = None  # (row, height) of the row being answered

    def createEditor(self, parent, option, index):
        # The comment being answered, whole in its row while it is answered (a province's rows are one line
        # high and cut it short); the row's height is given back after, or tall rows would stay behind.
        view = parent.parentWidget()
        if isinstance(view, QTableView):
            self._height_before = (index.row(), view.rowHeight(index.row()))
            view.resizeRowToContents(index.row())
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setPlaceholderText(_("The drafting committee's response. Ctrl+Enter saves, Esc cancels."))
        editor.setToolTip(_("Enter: new line · Ctrl+Enter or Tab: save · Esc: cancel"))
        return editor

    def setEditorData(self, editor, index):
        if not editor.property(_LOADED):  # what is being typed survives a redraw of the row
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            editor.setProperty(_LOADED, True)

    def setModelData(self, editor, model, index):
        model.setData(index, editor.toPlainText().strip(), Qt.ItemDataRole.EditRole)

    def destroyEditor(self, editor, index):
        super().destroyEditor(editor, index)
        before, self._height_before = self._height_before, None
        view = self.parent()
        if before is not None and isinstance(view, QTableView) and before[0] < view.model().rowCount():
            view.setRowHeight(*before)

    def updateEditorGeometry(self, editor, option, index):
        # A cell is one or two lines high and narrow: the editor takes room enough for a paragraph,
        # inside the visible part of the table. It grows right and down, never left over the row's
        # status beside it; squeezed at the right edge, it takes more lines instead.
        rect = QRect(option.rect)
        bounds = editor.parentWidget().rect()
        left = max(rect.left(), bounds.left())
        width = min(max(rect.width(), self.MIN_WIDTH), bounds.right() - left + 1)
        lines = self.LINES if width >= self.MIN_WIDTH else min(2 * self.LINES,
                                                               self.LINES * self.MIN_WIDTH // max(width, 1))
        height = max(rect.height(), editor.fontMetrics().lineSpacing() * lines + 12)
        rect = QRect(left, rect.top(), width, height)
        if rect.bottom() > bounds.bottom():
            rect.moveBottom(bounds.bottom())
        rect.moveTop(max(rect.top(), bounds.top()))
        editor.setGeometry(rect.intersected(bounds))

    def eventFilter(self, editor, event):
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QPlainTextEdit):
            key, mods = event.key(), event.modifiers()
            hint = None
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & Qt.KeyboardModifier.ControlModifier:
                hint = QAbstractItemDelegate.EndEditHint.SubmitModelCache
            elif key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ControlModifier:
                hint = QAbstractItemDelegate.EndEditHint.EditNextItem
            elif key == Qt.Key.Key_Backtab and not mods & Qt.KeyboardModifier.ControlModifier:
                hint = QAbstractItemDelegate.EndEditHint.EditPreviousItem
            if hint is not None:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, hint)
                return True
        return super().eventFilter(editor, event)


class CommentTable(QTableView):
    """Tab and Shift+Tab go from one editable cell to the next: status, response, the next row's status.
    Enter opens the current row's comment, as a double-click does; F2 edits the row's status, wherever the current
    cell is."""

    open_requested = Signal(QModelIndex)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet("CommentTable:focus { border: 2px solid #2a6fdb; }")  # the keys' frame, as the outline's
        # Said over the empty table: why no row is shown, and what brings rows back.
        self.empty_note = QLabel(self.viewport())
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.empty_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_note.hide()

    def set_empty_note(self, text: str) -> None:
        self.empty_note.setText(text)
        self.empty_note.setVisible(bool(text))
        self._place_empty_note()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._place_empty_note()

    def _place_empty_note(self) -> None:
        self.empty_note.setGeometry(self.viewport().rect().adjusted(24, 24, -24, -24))

    def keyPressEvent(self, event):
        current = self.currentIndex()
        if (current.isValid() and current.column() == EDITABLE[-1] and event.text().isprintable() and event.text()
                and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
                and self.state() != QAbstractItemView.State.EditingState):
            # A letter typed on the committee's answer would be added to it unseen ("…dự thảo.tiep"): the
            # answer is edited on purpose (F2, Tab from the status, a double-click), never by a stray key.
            place = self.viewport().mapToGlobal(self.visualRect(current).bottomLeft())
            QToolTip.showText(place, _("Press F2, then Tab, to edit the answer."), self)
            event.accept()
            return
        if (event.key() == Qt.Key.Key_F2 and current.isValid() and current.column() != EDITABLE[0]
                and self.state() != QAbstractItemView.State.EditingState):
            # Whichever cell is current (a row is marked whole, its current cell unseen): the status first,
            # then Tab to the answer. F2 on the answer left there by the row above opened the wrong editor.
            status = current.siblingAtColumn(EDITABLE[0])
            self.setCurrentIndex(status)
            self.edit(status)
            event.accept()
            return
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid()
                and self.state() != QAbstractItemView.State.EditingState):
            self.open_requested.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def moveCursor(self, action, modifiers):
        current, model = self.currentIndex(), self.model()
        moves = (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious)
        if action not in moves or not current.isValid() or model is None:
            return super().moveCursor(action, modifiers)
        row, column = current.row(), current.column()
        if action == QAbstractItemView.CursorAction.MoveNext:
            later = [c for c in EDITABLE if c > column]
            if later:
                return model.index(row, later[0])
            return model.index(row + 1, EDITABLE[0])  # invalid after the last row: the editor just closes
        earlier = [c for c in EDITABLE if c < column]
        if earlier:
            return model.index(row, earlier[-1])
        return model.index(row - 1, EDITABLE[-1])


class SectionFilter(QComboBox):
    """The section filter: the outline indented in the list, the full name ("II.1.a) …") once chosen."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        # Styles that place the list over the combo (Fusion, macOS) ignore maxVisibleItems and let a long
        # outline grow taller than the screen; a plain drop-down list honours it.
        self.setStyleSheet("QComboBox { combobox-popup: 0; }")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.finder = TypeToFind(self, LABEL_ROLE)

    def current_label(self) -> str:
        return self.currentData(LABEL_ROLE) or self.currentText()

    def paintEvent(self, event):
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.current_label()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ConsolidationView(QWidget):
    jump_requested = Signal(str, str)  # section id, comment id

    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = CommentTableModel(session, self)
        self.proxy = CommentFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = CommentTable()  # its model is set when first shown: nothing is read before
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        # A row is one comment: it is chosen whole (the current cell, for Tab and editing, stays marked).
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setItemDelegateForColumn(COLUMNS.index("status"), StatusDelegate(self.table))
        self.table.setItemDelegateForColumn(COLUMNS.index("response"), ResponseDelegate(self.table))
        self.table.setEditTriggers(QTableView.EditTrigger.SelectedClicked | QTableView.EditTrigger.EditKeyPressed
                                   | QTableView.EditTrigger.AnyKeyPressed | QTableView.EditTrigger.DoubleClicked)
        header = self.table.horizontalHeader()
        self.table.doubleClicked.connect(self._jump)
        self.table.open_requested.connect(self._open)
        self.filters: dict[str, QComboBox] = {}
        self._subtrees: dict[str, frozenset[str]] = {}
        bar = QHBoxLayout()
        for key, title in (("section", _("All sections")), ("group", _("All groups")), ("kind", _("All kinds")),
                           ("status", _("All statuses"))):
            combo = SectionFilter() if key == "section" else QComboBox()
            combo.addItem(title, "")
            if key == "group":  # a province has 200 units: type part of a name to find it, or see 20 at a time
                make_searchable(combo, choose_on_enter=True)
                combo.setMaxVisibleItems(20)
                combo.setStyleSheet("QComboBox { combobox-popup: 0; }")  # as SectionFilter: the style honours it
            combo.currentIndexChanged.connect(lambda _i, k=key: self._filter_changed(k))
            self.filters[key] = combo
            bar.addWidget(combo, 3 if key == "section" else 1)
        self.only_conflicts = QCheckBox(_("Only conflicts ⚠"))
        self.only_conflicts.setToolTip(_("Only the comments changed on two laptops at once"))
        self.only_conflicts.toggled.connect(lambda on: self.proxy.set_filter("conflict", "1" if on else ""))
        bar.addWidget(self.only_conflicts)
        self.show_all = QPushButton(_("Show all"))
        self.show_all.setToolTip(_("Set every filter back to all comments"))
        self.show_all.clicked.connect(self.clear_filters)
        bar.addWidget(self.show_all)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        self.similar = QLabel()  # the chosen section's clusters of similar comments, with Confirm / Split
        self.similar.setWordWrap(True)
        self.similar.setTextFormat(Qt.TextFormat.RichText)
        self.similar.linkActivated.connect(self._similar_link)
        self.similar.hide()
        self._clusters: list[Cluster] = []
        layout.addWidget(self.similar)
        self.model.reloaded.connect(self._refresh)
        # The footer's counts, per section, for the filters they were counted under: a change recounts the
        # sections of the comments it names.
        # A few filters' counts are kept (going back to "All groups" is half a second of counting at 500,000),
        # each with the comments changed since it was counted.
        self._summaries: OrderedDict[tuple, tuple[dict[str, listing.Summary], set[str]]] = OrderedDict()
        session.changed.connect(self._session_changed)
        # Rows come, go and change in place (see CommentTableModel.refresh): the filters' lists, the
        # counts and the rows' heights follow, once per burst of changes.
        # The table's Tab goes from cell to cell: F6 goes between the filters and the table.
        shortcut(QKeySequence(Qt.Key.Key_F6), self, self.toggle_focus, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self._update)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.dataChanged,
                       self.proxy.layoutChanged, self.proxy.modelReset):
            signal.connect(lambda *_a: self._later.start(0))
        self._rows_fitted = 0  # rows whose height was fitted to their text
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_a: self._rows_timer.start(0))

    def showEvent(self, event):
        if self.table.model() is None:  # first shown: the rows are read now, not when the draft opened
            with busy(drop_input=False):  # over a second at 500,000
                self._attach()
                # The header's own default (descending) would sort the rows once more before the order asked for.
                self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
                self.table.setSortingEnabled(True)
                self._refresh()
        super().showEvent(event)

    def _attach(self) -> None:
        self.table.setModel(self.proxy)
        # Only now does the header have its columns: modes set before would not apply to them.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch)

    # ------------------------------------------------------------------ filters and counts

    def _session_changed(self, change) -> None:
        if change.everything or change.draft:
            self._summaries.clear()
        for _parts, changed in self._summaries.values():
            changed |= change.comments

    def _filter_changed(self, key: str) -> None:
        value = self.filters[key].currentData() or ""
        with busy():  # the rows and their counts: a second or so on a province's draft
            if key == "section" and value:
                self.proxy.set_filter(key, self._subtrees.get(value, frozenset({value})))
            else:
                self.proxy.set_filter(key, value)
            self._later.stop()
            self._update()

    def clear_filters(self) -> None:
        """Show all: every filter back to "all" at once (five one by one read the rows five times)."""
        for widget in (*self.filters.values(), self.only_conflicts):
            widget.blockSignals(True)
        try:
            for combo in self.filters.values():
                combo.setCurrentIndex(0)
            self.only_conflicts.setChecked(False)
        finally:
            for widget in (*self.filters.values(), self.only_conflicts):
                widget.blockSignals(False)
        self.proxy.clear_filters()
        self._later.stop()
        self._update()

    def _refresh(self) -> None:
        """A draft was opened (or read anew): the filters' lists and the columns."""
        if self.table.model() is None:
            return
        self._size_columns()
        self._fill_sections()
        self._fill("kind", [(kind_label(k), k) for k in KINDS])
        self._fill("status", [(status_label(s), s) for s in STATUSES])
        self._update()

    def _update(self) -> None:
        if self.table.model() is None or not self.session.draft:
            return
        try:
            self.model.rowCount()  # read, if not yet: the groups come with the rows
            self._fill("group", [(g, g) for g in self.model.groups])
            self._show_counts()
        except sqlite3.ProgrammingError:  # this runs from a timer, which may fire after the store has closed
            return
        self._rows_timer.start(0)

    def _fill_sections(self) -> None:
        doc = self.session.document
        sections = doc.sections if doc else []
        depth: dict[str, int] = {}
        subtrees: dict[str, set[str]] = {}
        chain: dict[str, list[str]] = {}
        for s in sections:
            above = chain.get(s.parent, []) if s.parent else []
            chain[s.id] = [*above, s.id]
            depth[s.id] = len(above)
            for ancestor in chain[s.id]:
                subtrees.setdefault(ancestor, set()).add(s.id)
        self._subtrees = {k: frozenset(v) for k, v in subtrees.items()}
        items = []
        for s in sections:
            short = s.heading or _("Opening (before the first heading)")
            items.append((INDENT * depth[s.id] + short, s.id, self.model.section_label(s.id)))
        self._fill("section", items)

    def _show_counts(self) -> None:
        """The footer, from SQL aggregates over the rows the filters show (never the rows themselves)."""
        if not self.session.draft:
            return
        store, draft_id = self.session.store, self.session.draft_id
        flt = self.model.list_filter()
        key = (draft_id, replace(flt, kept=frozenset()))  # a row kept in view is among the changed ones
        if key not in self._summaries:
            self._summaries[key] = (listing.section_summaries(store, draft_id, flt), set())
            while len(self._summaries) > SUMMARIES_KEPT:
                self._summaries.popitem(last=False)
        self._summaries.move_to_end(key)
        parts, changed = self._summaries[key]
        if changed:
            sections = listing.sections_of(store, changed)
            for sid in sections:
                parts.pop(sid, None)
            parts.update(listing.section_summaries(store, draft_id, flt, sections))
            changed.clear()
        shown = listing.combine(parts.values())
        total = listing.live_count(store, draft_id)
        sections = count("{n} section", "{n} sections", len(shown.sections))
        if shown.shown == total:
            head = _("{comments} on {sections}").format(
                comments=count("{n} comment", "{n} comments", total), sections=sections)
        else:
            head = _("{shown} of {comments} shown, on {sections}").format(
                shown=number(shown.shown), comments=count("{n} comment", "{n} comments", total), sections=sections)
        # English "answered" and "in conflict" do not change with the count; nor does Vietnamese.
        # Answered: given a status; a response typed under "mới" is a draft of one, not an answer.
        parts = [head, _("{n} answered").format(n=number(shown.answered))]
        if shown.conflicts:  # one deleted in the merge is not among the comments counted: "Only conflicts" lists it
            template = (_("⚠ {n} in conflict") if not shown.deleted_conflicts else
                        _("⚠ {n} in conflict, {deleted} of them deleted") if flt.conflict else
                        _("⚠ {n} in conflict, {deleted} of them deleted: “Only conflicts ⚠” lists them"))
            parts.append(template.format(n=number(shown.conflicts), deleted=number(shown.deleted_conflicts)))
        names = sorted(shown.by_group, key=natural_key)
        every = ", ".join(f"{g}: {number(shown.by_group[g])}" for g in names)
        # A province's 200 units would fill the window: the first ones, and all of them on hovering.
        groups = ", ".join(f"{g}: {number(shown.by_group[g])}" for g in names[:FOOTER_GROUPS])
        if len(names) > FOOTER_GROUPS:
            groups += " " + count("… and {n} more group", "… and {n} more groups", len(names) - FOOTER_GROUPS)
        self.counts.setToolTip(every if len(names) > FOOTER_GROUPS else "")
        if shown.shown:
            note = ""
        elif total and self.only_conflicts.isChecked():
            note = _("No comment matches these filters. Show all, set the lists above back to “All …” or clear "
                     "“Only conflicts ⚠” to see more (F6 goes to them).")
        elif total:
            note = _("No comment matches these filters. Show all, or set the lists above back to “All …”, to "
                     "see more (F6 goes to them).")
        else:
            note = _("No comments on this draft yet. They come from the Review by section tab and from the "
                     "groups' packages (File › Receive comments).")
        self.table.set_empty_note(note)
        self.show_all.setEnabled(any(self.model.filters.values()))
        self.counts.setText(" · ".join(parts) + ". " + _("By group:") + " " + (groups or "—")
                            + "".join("\n" + line for line in self._section_notes(shown.sections)))
        self._show_similar(shown.sections)

    def _section_notes(self, sections: set[str]) -> list[str]:
        """With one section shown: where the groups stand ("4/6 groups agreed: …"), out of the groups with
        comments on the draft."""
        if len(sections) != 1:
            return []
        (section_id,) = sections
        stance = listing.section_stance(self.session.store, self.session.draft_id, section_id,
                                        len(self.model.groups), self.model.list_filter())
        return [stance.tally() + ": " + ", ".join(stance.agreed)] if stance is not None and stance.agreed else []

    def _show_similar(self, sections: set[str]) -> None:
        """With one section shown, and the view on screen: its similar comments ("Tổ 1, Tổ 3 made the same
        point: “…”"), each cluster with Confirm / Split. Only then: clustering a whole draft at each change
        of a filter would make the table lag (a province's draft has 500,000 comments)."""
        self._clusters = []
        if len(sections) == 1 and self.isVisible() and self.session.draft:
            (section_id,) = sections
            self._clusters = similar_comments(self.session.store, self.session.draft_id, section_id=section_id)
        lines = []
        for n, cluster in enumerate(self._clusters):
            try:
                first = " ".join(self.session.store.comment(cluster.comments[0]).text.split())
            except NotFoundError:
                first = ""
            said = html.escape(_("{groups} made the same point: “{text}”").format(
                groups=", ".join(cluster.groups), text=first if len(first) <= 80 else first[:79] + "…"), quote=False)
            confirm = (html.escape(_("confirmed")) if cluster.confirmed
                       else f'<a href="confirm:{n}">{html.escape(_("Confirm"))}</a>')
            lines.append(f'{said} — {confirm} · <a href="split:{n}">{html.escape(_("Split"))}</a>')
        self.similar.setText("<br>".join(lines))
        self.similar.setVisible(bool(lines))

    def _similar_link(self, link: str) -> None:
        action, n = link.split(":")
        cluster = self._clusters[int(n)]
        if action == "confirm":
            self.session.confirm_similar(cluster.comments)
        else:
            self.session.split_similar(cluster.comments, cluster_id=cluster.id if cluster.confirmed else None)
        self._show_counts()  # the comments themselves did not change: the table sends no signal

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        # Narrow enough that the comment itself, the widest column, keeps most of the room.
        widths = {"section": 190, "group": 60, "author": 110, "kind": 105, "proposal": 170, "supporters": 70,
                  "status": 95, "response": 190}
        for key, width in widths.items():
            column = COLUMNS.index(key)
            header_width = header.sectionSizeHint(column)
            self.table.setColumnWidth(column, max(width, header_width))
        self._rows_timer.start(0)

    def _fit_rows(self) -> None:
        rows = self.proxy.rowCount()
        if rows <= 300:  # measuring every row's wrapped height is slow on thousands
            self.table.resizeRowsToContents()
            self._rows_fitted = rows
        elif self._rows_fitted:
            # Heights belong to row positions, not comments: fitted to a filter's few rows, they would
            # stay on whatever rows come there next. The default height for those again.
            height = self.table.verticalHeader().defaultSectionSize()
            for row in range(self._rows_fitted):
                self.table.setRowHeight(row, height)
            self._rows_fitted = 0

    def _fill(self, key: str, items: list[tuple]) -> None:
        """The filter's entries after its "All …": (text, value) or (text, value, full name)."""
        combo = self.filters[key]
        wanted = [(item[0], item[1], item[2] if len(item) > 2 else None) for item in items]
        have = [(combo.itemText(n), combo.itemData(n), combo.itemData(n, LABEL_ROLE)) for n in range(1, combo.count())]
        if wanted == have:
            return
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for label, value, full in wanted:
            combo.addItem(label, value)
            if full:
                combo.setItemData(combo.count() - 1, full, LABEL_ROLE)
                combo.setItemData(combo.count() - 1, full, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)
        if combo.currentData() != current:  # the group chosen has no comment any more
            self._filter_changed(key)

    # ------------------------------------------------------------------ rows

    def current_comment_id(self) -> str:
        index = self.table.currentIndex()
        return index.data(COMMENT_ID_ROLE) if index.isValid() else ""

    def select_comment(self, comment_id: str, column: str = "status") -> bool:
        """Make this comment's row current (in ``column``); False when the filters hide it."""
        if self.table.model() is None:
            self._attach()
        row = self.model.row_of(comment_id)
        if row is None:
            return False
        index = self.proxy.index(row, COLUMNS.index(column))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def toggle_focus(self) -> None:
        """From the table to the section filter, from anywhere else back to the table."""
        if self.table.hasFocus():
            self.filters["section"].setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not self.table.currentIndex().isValid() and self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(0, 0))

    def shown_filter(self) -> listing.ListFilter:
        """What the table is filtered by (rows merely kept in view aside)."""
        return replace(self.model.list_filter(), kept=frozenset())

    def _jump(self, index: QModelIndex) -> None:
        if index.column() in EDITABLE:  # a double-click there edits the cell
            return
        self._open(index)

    def _open(self, index: QModelIndex) -> None:
        self.jump_requested.emit(index.data(SECTION_ID_ROLE), index.data(COMMENT_ID_ROLE))
