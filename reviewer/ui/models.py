"""Qt item models: thin adapters that read through the session's queries."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from reviewer.i18n import _, ngettext
from reviewer.model import full_headings
from reviewer.store import Comment
from reviewer.store.stances import Stance, tally_stances
from reviewer.ui.session import Change, ReviewSession
from reviewer.vocab import STATUSES, kind_label, status_label

SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
CODE_ROLE = Qt.ItemDataRole.UserRole + 4
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 5
CONFLICT_BACKGROUND = "#fbe3df"  # the pale red of the ⚠ cards' border colour


class SectionTreeModel(QAbstractItemModel):
    """The draft's sections as a tree, with a comment count per section.

    Indexes carry the section's position in the draft as their internal id: a plain
    integer, never a Python object that Qt could outlive.
    """

    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._children: dict[int, list[int]] = {}  # -1 is the invisible root
        self._parent: dict[int, int] = {}
        self._counts: dict[str, tuple[int, int, int]] = {}
        self._labels: dict[str, str] = {}
        self._stances: dict[str, Stance] = {}
        # The window reloads this model when a draft opens, before it selects a section.
        session.changed.connect(self._session_changed)

    def _session_changed(self, change: Change) -> None:
        if change.touches_comments or change.identity:  # bold marks the user's own group's sections
            self.refresh_counts()

    def reload(self) -> None:
        self.beginResetModel()
        doc = self.session.document
        self._ids = [s.id for s in doc.sections] if doc else []
        self._pos = {sid: n for n, sid in enumerate(self._ids)}
        self._children = {-1: []}
        self._parent = {}
        for n, s in enumerate(doc.sections if doc else []):
            parent = self._pos.get(s.parent, -1) if s.parent else -1
            parent = parent if parent < n else -1
            self._parent[n] = parent
            self._children.setdefault(parent, []).append(n)
            self._children.setdefault(n, [])
        self._counts = self._count()
        self._labels = full_headings(doc.sections) if doc else {}
        self.endResetModel()

    def _count(self) -> dict[str, tuple[int, int, int]]:
        """Per section: comments, those of the user's group, those changed on two laptops at once."""
        counts: dict[str, list[int]] = {}
        group = self.session.identity.group
        comments = self.session.comments()
        self._stances = tally_stances(((c.section, c.group, c.kind) for c in comments),
                                      len(self.session.store.groups()))
        for c in comments:
            entry = counts.setdefault(c.section, [0, 0, 0])
            entry[0] += 1
            entry[1] += c.group == group
            entry[2] += bool(c.conflict)
        return {k: (v[0], v[1], v[2]) for k, v in counts.items()}

    def refresh_counts(self) -> None:
        self._counts = self._count()
        for n in range(len(self._ids)):
            index = self._index_of_pos(n, 1)
            self.dataChanged.emit(self._index_of_pos(n, 0), index)

    def _index_of_pos(self, n: int, column: int = 0) -> QModelIndex:
        siblings = self._children[self._parent[n]]
        return self.createIndex(siblings.index(n), column, n)

    # -- QAbstractItemModel
    def index(self, row, column, parent=QModelIndex()):
        key = parent.internalId() if parent.isValid() else -1
        kids = self._children.get(key, [])
        if not 0 <= row < len(kids) or not 0 <= column < 2:
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        parent = self._parent.get(index.internalId(), -1)
        if parent == -1:
            return QModelIndex()
        return self._index_of_pos(parent)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else -1, []))

    def columnCount(self, parent=QModelIndex()):
        return 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Section"), _("Comments"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.internalId() < len(self._ids):
            return None
        section_id = self._ids[index.internalId()]
        section = self.session.section(section_id)
        total, mine, conflicts = self._counts.get(section_id, (0, 0, 0))
        if role == SECTION_ID_ROLE:
            return section_id
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                if section_id == "preamble":
                    return _("Opening (before the first heading)")
                if role == Qt.ItemDataRole.ToolTipRole:  # the tree shows the parents; a tooltip stands alone
                    return self._labels.get(section_id) or section_id
                return section.heading if section else section_id
            if role == Qt.ItemDataRole.FontRole and mine:
                font = QFont()
                font.setBold(True)  # the user's own group has covered this section
                return font
        else:
            if role == Qt.ItemDataRole.DisplayRole:
                shown = f"{total} ✓" if mine else (str(total) if total else "")
                return f"{shown} ⚠{conflicts}" if conflicts else shown
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = _("{total} comments, {mine} from your group").format(total=total, mine=mine)
                if conflicts:
                    tip += "\n" + ngettext("⚠ {n} changed on two laptops at once: check it and mark it as checked.",
                                           "⚠ {n} changed on two laptops at once: check them and mark them as "
                                           "checked.", conflicts).format(n=conflicts)
                stance = self._stances.get(section_id)
                if stance is not None and stance.agreed:  # "4/6 groups agreed: Tổ 1, …"
                    tip += "\n" + stance.tally() + ": " + ", ".join(stance.agreed)
                return tip
        return None

    def index_of(self, section_id: str) -> QModelIndex:
        n = self._pos.get(section_id)
        return QModelIndex() if n is None else self._index_of_pos(n)

    def ordered_ids(self) -> list[str]:
        return list(self._ids)


COLUMNS = ("section", "group", "author", "kind", "text", "proposal", "supporters", "status", "response")


def column_titles() -> dict[str, str]:
    return {"section": _("Section"), "group": _("Group"), "author": _("Delegate"), "kind": _("Kind"),
            "text": _("Comment"), "proposal": _("Proposed wording"), "supporters": _("Backing"),
            "status": _("Status"), "response": _("Response")}


class CommentTableModel(QAbstractTableModel):
    """Every comment of the draft, for the secretariat; status and response are editable in place."""

    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.rows: list[Comment] = []
        self._position: dict[str, int] = {}
        self._labels: dict[str, str] = {}
        # The window reloads this model when a draft opens.
        session.changed.connect(self._session_changed)

    def _session_changed(self, change: Change) -> None:
        if change.everything:
            self.refresh()
        elif change.comments:
            self.refresh(change.comments)

    def refresh(self, ids: frozenset[str] | None = None) -> None:
        """Bring the rows up to date in place (those of ``ids``, or all): changed rows are redrawn,
        gone ones removed, new ones added at the end (the view sorts them).

        Never a reset: it would destroy an editor committing its data (Qt warns, and the editor is
        used after it is gone) and lose the secretariat's current row, a merge from the exchange
        folder arriving while a response is being typed included."""
        if not self.session.draft:
            return
        if ids is None:
            fresh = self.session.comments()
            wanted = {c.id: c for c in fresh}
            gone = [n for n, c in enumerate(self.rows) if c.id not in wanted]
        else:
            found = {i: self.session.store.comment(i) for i in ids}
            wanted = {i: c for i, c in found.items() if not c.deleted and c.draft == self.session.draft_id}
            fresh = list(wanted.values())
            gone = [n for n, c in enumerate(self.rows) if c.id in ids and c.id not in wanted]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self.rows[first:last + 1]
            self.endRemoveRows()
        where = {c.id: n for n, c in enumerate(self.rows)}
        for comment_id, c in wanted.items():
            row = where.get(comment_id)
            if row is not None and self.rows[row] != c:
                self.rows[row] = c
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        new = [c for c in fresh if c.id not in where]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()

    def reload(self) -> None:
        """All rows anew, for another draft."""
        self.beginResetModel()
        self.rows = self.session.comments()
        doc = self.session.document
        self._position = {s.id: n for n, s in enumerate(doc.sections)} if doc else {}
        self._labels = full_headings(doc.sections) if doc else {}
        self.endResetModel()

    def section_label(self, section_id: str) -> str:
        """A section named out of context, with its parents' numbers: "II.1.a) Trồng trọt"."""
        if section_id == "preamble":
            return _("Opening (before the first heading)")
        return self._labels.get(section_id) or _("(not in this version)")

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[COLUMNS[section]]
        return None

    def flags(self, index):
        base = super().flags(index)
        if COLUMNS[index.column()] in ("status", "response"):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        key = COLUMNS[index.column()]
        if role == COMMENT_ID_ROLE:
            return c.id
        if role == SECTION_ID_ROLE:
            return c.section
        if role == CODE_ROLE:
            return getattr(c, key) if key in ("kind", "status", "group", "section") else None
        if role == SORT_ROLE:
            if key == "section":
                return self._position.get(c.section, 1 << 30)
            if key == "supporters":
                return c.supporters
            return str(self.data(index) or "").casefold()
        if role == CONFLICT_ROLE:
            return c.conflict
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(CONFLICT_BACKGROUND) if c.conflict else None
        if c.conflict and key == "text":
            if role == Qt.ItemDataRole.DisplayRole:
                return f"⚠ {c.text}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("⚠ Changed on two laptops at once: double-click to open the comment, check it and "
                         "mark it as checked.") + "\n\n" + c.text
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if key == "section":
                return self.section_label(c.section)
            if key == "kind":
                return kind_label(c.kind)
            if key == "status":
                return c.status if role == Qt.ItemDataRole.EditRole else status_label(c.status)
            value = getattr(c, key)
            return value if key != "supporters" else (value or "")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        key = COLUMNS[index.column()]
        if role != Qt.ItemDataRole.EditRole or key not in ("status", "response"):
            return False
        if key == "status" and value not in STATUSES:
            return False
        c = self.rows[index.row()]
        if getattr(c, key) == value:
            return False
        self.edit_requested(c.id, {key: value})
        return True

    def edit_requested(self, comment_id: str, changes: dict) -> None:
        """Overridden by the window to go through the undo stack."""
        self.session.edit_comment(comment_id, **changes)


class CommentFilterModel(QSortFilterProxyModel):
    """Filters the consolidation table by section, group, kind and status (empty = all), and to the
    comments in conflict ("conflict" set)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters: dict[str, str | frozenset[str]] = {}
        # Rows answered here stay in view until the filters change: setting "tiếp thu" under the filter
        # "mới" must not whisk the row away between its status and its response (Tab would then edit
        # the next comment).
        self.kept: set[str] = set()
        self.setSortRole(SORT_ROLE)

    def set_filter(self, key: str, value: str | frozenset[str]) -> None:
        """``value`` is the code to show, or a set of them (a section and those within it)."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.filters[key] = value
            self.kept.clear()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.filters[key] = value
            self.kept.clear()
            self.invalidateFilter()

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        source = self.mapToSource(index)
        if source.isValid():
            self.kept.add(self.sourceModel().rows[source.row()].id)
        return super().setData(index, value, role)

    def filterAcceptsRow(self, row, parent):
        model = self.sourceModel()
        if self.kept and row < len(model.rows) and model.rows[row].id in self.kept:
            return True
        for key, value in self.filters.items():
            if not value:
                continue
            if key == "conflict":
                if not model.data(model.index(row, 0, parent), CONFLICT_ROLE):
                    return False
                continue
            code = model.data(model.index(row, COLUMNS.index(key), parent), CODE_ROLE)
            if code not in value if isinstance(value, frozenset) else code != value:
                return False
        return True


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for n in rows:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
