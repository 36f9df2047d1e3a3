"""Qt item models: thin adapters that read through the session's queries."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from reviewer.i18n import _, ngettext, number
from reviewer.model import full_headings
from reviewer.store import listing
from reviewer.store.stances import Stance
from reviewer.ui.session import Change, ReviewSession

SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
CODE_ROLE = Qt.ItemDataRole.UserRole + 4
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 5
CONFLICT_BACKGROUND = "#fbe3df"  # the pale red of the ⚠ cards' border colour
ROWS_CHANGED_ONE_BY_ONE = 20  # more sections recounted at once are redrawn as one change of layout


class SectionTreeModel(QAbstractItemModel):
    """The draft's sections as a tree, with a comment count per section.

    Indexes carry the section's position in the draft as their internal id: a plain
    integer, never a Python object that Qt could outlive. Counts come from SQL aggregates (a
    province's draft has 500,000 comments); a section's stance is read when its tooltip is asked for.
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
        self._stances: dict[str, Stance | None] = {}
        self._groups = 0
        # The window reloads this model when a draft opens, before it selects a section.
        session.changed.connect(self._session_changed)

    def _session_changed(self, change: Change) -> None:
        if change.everything or change.identity:  # bold marks the user's own group's sections
            self.refresh_counts()
        elif change.comments:
            self.refresh_counts(change.comments)

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

    def _count(self, sections: set[str] | None = None) -> dict[str, tuple[int, int, int]]:
        """Per section: comments, those of the user's group, those changed on two laptops at once."""
        if not self.session.draft:
            return {}
        if sections is None:
            self._stances = {}
            self._groups = len(self.session.store.groups())
        return listing.section_counts(self.session.store, self.session.draft_id, group=self.session.identity.group,
                                      sections=sections)

    def _stance(self, section_id: str) -> Stance | None:
        if section_id not in self._stances:
            self._stances[section_id] = listing.section_stance(self.session.store, self.session.draft_id, section_id,
                                                               self._groups)
        return self._stances[section_id]

    def refresh_counts(self, comment_ids: frozenset[str] | None = None) -> None:
        """All counts anew, or those of the sections the comments ``comment_ids`` are or were on."""
        if comment_ids is None:
            old, self._counts = self._counts, self._count()
            touched = [n for n, sid in enumerate(self._ids) if old.get(sid) != self._counts.get(sid)]
        else:
            sections = listing.sections_of(self.session.store, comment_ids) if self.session.draft else set()
            fresh = self._count(sections)
            for sid in sections:
                self._stances.pop(sid, None)
                if sid in fresh:
                    self._counts[sid] = fresh[sid]
                else:
                    self._counts.pop(sid, None)
            touched = sorted(self._pos[sid] for sid in sections if sid in self._pos)
        if len(touched) > ROWS_CHANGED_ONE_BY_ONE:
            # Each dataChanged makes the tree fit its count column to every row's text again (a ResizeToContents
            # header): row by row, choosing one's group took 20 s on a province's 600 sections. One change of
            # layout is one pass; nothing moves, so the current row, the selection and what is expanded stay.
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
            return
        for n in touched:
            self.dataChanged.emit(self._index_of_pos(n, 0), self._index_of_pos(n, 1))

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
                shown = f"{number(total)} ✓" if mine else (number(total) if total else "")
                return f"{shown} ⚠{conflicts}" if conflicts else shown
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = _("{total} comments, {mine} from your group").format(total=number(total), mine=number(mine))
                if conflicts:
                    tip += "\n" + ngettext("⚠ {n} changed on two laptops at once: check it and mark it as checked.",
                                           "⚠ {n} changed on two laptops at once: check them and mark them as "
                                           "checked.", conflicts).format(n=conflicts)
                stance = self._stance(section_id) if total else None
                if stance is not None and stance.agreed:  # "4/6 groups agreed: Tổ 1, …"
                    tip += "\n" + stance.tally() + ": " + ", ".join(stance.agreed)
                return tip
        return None

    def index_of(self, section_id: str) -> QModelIndex:
        n = self._pos.get(section_id)
        return QModelIndex() if n is None else self._index_of_pos(n)

    def ordered_ids(self) -> list[str]:
        return list(self._ids)
