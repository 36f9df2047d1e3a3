"""The consolidation's table: every comment of a draft, read by the page through the store's listing (a
province's 500,000 comments are never all in memory), filtered and sorted in SQL."""
from __future__ import annotations

import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QIdentityProxyModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from reviewer.i18n import _
from reviewer.model import full_headings
from reviewer.store import Comment, listing
from reviewer.textnorm import natural_key
from reviewer.ui.busy import busy
from reviewer.ui.models import (
    CODE_ROLE,
    COMMENT_ID_ROLE,
    CONFLICT_BACKGROUND,
    CONFLICT_ROLE,
    SECTION_ID_ROLE,
    SORT_ROLE,
)
from reviewer.ui.session import Change, ReviewSession
from reviewer.vocab import STATUSES, kind_label, status_label

PAGE = 200  # rows read at once as the table scrolls
CACHED = 4000  # comments kept in memory: a few screens either way
QUERIES_KEPT = 3  # filters whose rows are kept (see CommentTableModel._queried)

COLUMNS = ("section", "group", "author", "kind", "text", "proposal", "supporters", "status", "response")


def column_titles() -> dict[str, str]:
    return {"section": _("Section"), "group": _("Group"), "author": _("Delegate"), "kind": _("Kind"),
            "text": _("Comment"), "proposal": _("Proposed wording"), "supporters": _("Supporters"),
            "status": _("Status"), "response": _("Response")}


class CommentTableModel(QAbstractTableModel):
    """The draft's comments for the secretariat, filtered and sorted in SQL; status and response are
    editable in place.

    A province's draft has 500,000 comments: the model holds the ``seq`` of the rows shown (4 MB) and
    reads the comments themselves by the page, keeping the last few thousand. It reads nothing until it
    is first asked for rows (the window shows its table only when the tab is opened)."""

    reloaded = Signal()  # another draft: the filters' lists and the columns follow

    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.filters: dict[str, str | frozenset[str]] = {}
        # Rows answered under the filters stay in view until they change: setting "tiếp thu" under the filter
        # "mới" must not whisk the row away between its status and its response (Tab would then edit the next
        # comment).
        self.kept: set[str] = set()
        self.sort_key: tuple[str, bool] = ("section", False)  # column, descending
        self.groups: list[str] = []  # the groups with comments on the draft
        self._groups_read = False  # (kept across changes of filter and sort: they do not change the groups)
        # The rows of the last filters chosen, until the next change to a comment: going back to "All groups"
        # is not another 0.7 s query at 500,000 (4 MB each).
        self._queried: OrderedDict[tuple, array] = OrderedDict()
        self._seqs = array("q")
        self._cache: OrderedDict[int, Comment] = OrderedDict()
        self._loaded = False
        self._position: dict[str, int] = {}
        self._labels: dict[str, str] = {}
        # The window reloads this model when a draft opens.
        session.changed.connect(self._session_changed)

    @property
    def rows(self) -> Sequence[Comment]:
        """The rows shown, read by the page as they are indexed or iterated."""
        return _Rows(self)

    def list_filter(self) -> listing.ListFilter:
        f = self.filters
        return listing.ListFilter(group=f.get("group") or "", kind=f.get("kind") or "", status=f.get("status") or "",
                                  sections=_as_set(f.get("section")), conflict=bool(f.get("conflict")),
                                  kept=frozenset(self.kept))

    def _query(self) -> array:
        column, descending = self.sort_key
        flt = self.list_filter()
        key = (self.session.draft_id, flt, column, descending)
        if key in self._queried:  # a copy: rows are inserted and removed in place
            self._queried.move_to_end(key)
            return array("q", self._queried[key])
        seqs = listing.ordered_seqs(self.session.store, self.session.draft_id, flt, column=column,
                                    descending=descending)
        if not flt.kept:
            self._queried[key] = array("q", seqs)
            while len(self._queried) > QUERIES_KEPT:
                self._queried.popitem(last=False)
        return seqs

    def _ensure(self) -> None:
        if self._loaded or not self.session.draft:
            return
        try:
            self._seqs = self._query()
            if not self._groups_read:
                self.groups = listing.comment_groups(self.session.store, self.session.draft_id)
                self._groups_read = True
        except sqlite3.ProgrammingError:  # the store has closed (a timer firing as the window goes)
            return
        self._cache.clear()
        self._loaded = True

    def _session_changed(self, change: Change) -> None:
        if change.touches_comments:  # (a group may have lost its last comment: read again with the next rows)
            self._queried.clear()
            self._groups_read = False
        if change.everything:
            self.refresh()
        elif change.comments:
            self.refresh(change.comments)

    def refresh(self, ids: frozenset[str] | None = None) -> None:
        """Bring the rows up to date in place (those of ``ids``, or all): changed rows are redrawn, gone
        ones removed, new ones added where they belong.

        Never a reset: it would destroy an editor committing its data (Qt warns, and the editor is used
        after it is gone) and lose the secretariat's current row, a merge from the exchange folder arriving
        while a response is being typed included."""
        if not self.session.draft or not self._loaded:
            return  # nothing read yet: the first read will be fresh
        if ids is None:
            self._sync(self._query())
            self.groups, self._groups_read = listing.comment_groups(self.session.store, self.session.draft_id), True
            return
        flt = self.list_filter()
        for comment_id in sorted(ids):
            self._refresh_one(comment_id, flt)

    def _refresh_one(self, comment_id: str, flt: listing.ListFilter) -> None:
        seq = listing.seq_of(self.session.store, comment_id)
        if seq is None:
            return
        c = self.session.store.comment(comment_id)
        row = self._row_of_seq(seq)
        wanted = not c.deleted and c.draft == self.session.draft_id and flt.matches(c)
        old = self._cache.get(seq)
        if row is not None and (not wanted or (old is not None and old.section != c.section)):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._seqs[row]
            self._cache.pop(seq, None)
            self.endRemoveRows()
            row = None
        if row is not None:
            self._cache[seq] = c
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        elif wanted:
            at = self._insertion_row(c, seq)
            self.beginInsertRows(QModelIndex(), at, at)
            self._seqs.insert(at, seq)
            self._cache[seq] = c
            self.endInsertRows()
            if c.group not in self.groups:
                self.groups = sorted([*self.groups, c.group], key=natural_key)

    def _insertion_row(self, c: Comment, seq: int) -> int:
        """Where a new row goes: its place in document order; at the end under another column's sort (the
        rows around the secretariat's do not move)."""
        column, descending = self.sort_key
        if column != "section":
            return len(self._seqs)
        key = self._order_key(c, seq)
        lo, hi = 0, len(self._seqs)
        while lo < hi:
            mid = (lo + hi) // 2
            other = self.comment_at(mid)
            before = other is not None and (self._order_key(other, self._seqs[mid]) > key if descending
                                            else self._order_key(other, self._seqs[mid]) < key)
            lo, hi = (mid + 1, hi) if before else (lo, mid)
        return lo

    def _order_key(self, c: Comment, seq: int) -> tuple:
        position = self._position.get(c.section)
        return (position is None, position or 0, c.created_at, seq)

    def _row_of_seq(self, seq: int) -> int | None:
        try:
            return self._seqs.index(seq)
        except ValueError:
            return None

    def _sync(self, fresh: array) -> None:
        """Go over to the rows ``fresh`` by removals and insertions (and a change of layout when rows that
        stay changed places), keeping editors and the current row."""
        self._cache.clear()
        if fresh != self._seqs:
            wanted = set(fresh)
            gone = [n for n, seq in enumerate(self._seqs) if seq not in wanted]
            del wanted
            for first, last in reversed(_runs(gone)):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._seqs[first:last + 1]
                self.endRemoveRows()
            staying = set(self._seqs)
            order = array("q", (seq for seq in fresh if seq in staying))
            if order != self._seqs:
                self.layoutAboutToBeChanged.emit()
                persistent = self.persistentIndexList()
                moved = [self.index(order.index(self._seqs[i.row()]), i.column()) for i in persistent]
                self._seqs = order
                self.changePersistentIndexList(persistent, moved)
                self.layoutChanged.emit()
            n = 0
            while n < len(fresh):
                if fresh[n] in staying:
                    n += 1
                    continue
                end = n
                while end < len(fresh) and fresh[end] not in staying:
                    end += 1
                self.beginInsertRows(QModelIndex(), n, end - 1)
                self._seqs[n:n] = fresh[n:end]
                self.endInsertRows()
                n = end
        if self._seqs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seqs) - 1, len(COLUMNS) - 1))

    def reload(self) -> None:
        """All rows anew, for another draft (read when first asked for)."""
        self.beginResetModel()
        self._seqs, self._loaded, self.groups, self._groups_read = array("q"), False, [], False
        self._queried.clear()
        self._cache.clear()
        self.kept.clear()
        doc = self.session.document
        self._position = {s.id: n for n, s in enumerate(doc.sections)} if doc else {}
        self._labels = full_headings(doc.sections) if doc else {}
        self.endResetModel()
        self.reloaded.emit()

    def set_filter(self, key: str, value: str | frozenset[str]) -> None:
        """``value`` is the code to show, or a set of them (a section and those within it); empty for all."""
        self._reset(lambda: self.filters.__setitem__(key, value))

    def clear_filters(self) -> None:
        """Every comment again, in one reading (not one per filter set back)."""
        self._reset(self.filters.clear)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = (COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        if key != self.sort_key:
            self._reset(lambda: setattr(self, "sort_key", key))

    def _reset(self, change) -> None:
        loaded = self._loaded
        with busy():  # a second on a province's draft
            self.beginResetModel()
            change()
            self.kept.clear()
            self._loaded = False
            self._seqs = array("q")
            if loaded:
                self._ensure()
            self.endResetModel()

    def comment_at(self, row: int) -> Comment | None:
        """The row's comment, read with its page."""
        seq = self._seqs[row]
        c = self._cache.get(seq)
        if c is not None:
            return c
        start = row - row % PAGE
        try:
            self._cache.update(listing.comments_by_seq(self.session.store, self._seqs[start:start + PAGE]))
        except sqlite3.ProgrammingError:  # the store has closed under a last repaint
            return None
        while len(self._cache) > CACHED:
            self._cache.popitem(last=False)
        return self._cache.get(seq)

    def row_of(self, comment_id: str) -> int | None:
        """The row showing this comment, None when the filters hide it."""
        self._ensure()
        seq = listing.seq_of(self.session.store, comment_id)
        return None if seq is None else self._row_of_seq(seq)

    def section_label(self, section_id: str) -> str:
        """A section named out of context, with its parents' numbers: "II.1.a) Trồng trọt"."""
        if section_id == "preamble":
            return _("Opening (before the first heading)")
        return self._labels.get(section_id) or _("(not in this version)")

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid():
            return 0
        self._ensure()
        return len(self._seqs)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[COLUMNS[section]]
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and COLUMNS[section] == "supporters"):
            return _("How many other delegates supported the comment. Agreeing with the draft is a kind of "
                     "comment (“{kind}”), not this.").format(kind=kind_label("nhat_tri"))
        return None

    def flags(self, index):
        base = super().flags(index)
        if COLUMNS[index.column()] in ("status", "response"):
            c = self.comment_at(index.row()) if index.isValid() and index.row() < len(self._seqs) else None
            if c is None or not c.deleted:  # a deleted comment is answered once it is kept again
                base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._seqs):
            return None
        c = self.comment_at(index.row())
        if c is None:
            return None
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
        if key == "text" and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The passage a comment is about comes first, as on its card and in the PDF.
            text = f"“{c.quote}”\n{c.text}" if c.quote else c.text
            if c.deleted:
                if role == Qt.ItemDataRole.DisplayRole:
                    return _("⚠ Deleted: {text}").format(text=text)
                return _("⚠ Deleted on one laptop while another changed it: double-click or Enter to compare the "
                         "two versions and keep one (keeping the change brings the comment back).") + "\n\n" + text
            if c.conflict:
                if role == Qt.ItemDataRole.DisplayRole:
                    return f"⚠ {text}"
                return _("⚠ Changed on two laptops at once: double-click or Enter to compare the two versions and "
                         "keep one.") + "\n\n" + text
            return text
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
        c = self.comment_at(index.row())
        if c is None or getattr(c, key) == value:
            return False
        self.edit_requested(c.id, {key: value})
        return True

    def edit_requested(self, comment_id: str, changes: dict) -> None:
        """Overridden by the window to go through the undo stack."""
        self.session.edit_comment(comment_id, **changes)


class _Rows(Sequence):
    """A model's rows as a read-only sequence of comments."""

    def __init__(self, model: CommentTableModel):
        self._model = model

    def __len__(self) -> int:
        return self._model.rowCount()

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if n < 0:
            n += len(self)
        if not 0 <= n < len(self):
            raise IndexError(n)
        return self._model.comment_at(n)


class CommentFilterModel(QIdentityProxyModel):
    """The consolidation table as the view sees it. Filtering (by section, group, kind and status, empty =
    all, and to the comments in conflict: "conflict" set) and sorting are done by the table model, in SQL."""

    @property
    def filters(self) -> dict:
        return self.sourceModel().filters

    @property
    def kept(self) -> set[str]:
        return self.sourceModel().kept

    def set_filter(self, key: str, value: str | frozenset[str]) -> None:
        """``value`` is the code to show, or a set of them (a section and those within it)."""
        self.sourceModel().set_filter(key, value)

    def clear_filters(self) -> None:
        self.sourceModel().clear_filters()

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        source = self.mapToSource(index)
        if source.isValid():
            self.kept.add(source.data(COMMENT_ID_ROLE))
        return super().setData(index, value, role)


def _as_set(value) -> frozenset[str]:
    if not value:
        return frozenset()
    return value if isinstance(value, frozenset) else frozenset({value})


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for n in rows:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
