"""A section's comments as readable cards: who, what kind, when, the quote, the text, what happened to
it since it was written, and links to act on each."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QKeyEvent, QKeySequence, QTextCursor, QTextTable
from PySide6.QtWidgets import QMainWindow, QMenu, QTextBrowser

from reviewer.errors import ReviewerError
from reviewer.i18n import _, count, local_time
from reviewer.store import Comment, revise
from reviewer.store.marks import CardMarks
from reviewer.vocab import kind_label, status_label

log = logging.getLogger(__name__)


def laptop_label(device: str, *, own_device: str, group: str = "") -> str:
    """A laptop as people can tell it apart: this one, or the group it writes for and its id's start."""
    if device == own_device:
        return _("this laptop")
    if group:
        return _("the laptop of {group} ({device})").format(group=group, device=device[:6])
    return _("laptop {device}").format(device=device[:6])


@dataclass(frozen=True, slots=True)
class Carried:
    """What a card of a revised draft says about its comment's earlier version."""

    old_section: str  # the full path of its section there
    taken_up: bool | None  # its proposed wording now stands in its section (None: nothing proposed)
    moved: bool = True  # its section is named otherwise now (else the card does not repeat where it was)
    to_confirm: bool = False  # placed here on weak evidence: the secretariat is to confirm it


def carried_info(store, comments: list[Comment]) -> dict[str, Carried]:
    """For the comments carried from an earlier version: where each was, and whether its proposal was taken up."""
    if store is None or not comments:
        return {}
    draft = comments[0].draft
    if not revise.previous_versions(store, draft):
        return {}
    ids = [c.id for c in comments]
    paths = revise.old_section_paths(store, draft)
    moved = revise.old_section_paths(store, draft, moved_only=True)
    pending = {q.id for q in revise.review_queue(store, draft) if q.state == "review"}
    taken = revise.proposals_taken_up(store, draft, ids)
    return {i: Carried(paths[i], taken.get(i), i in moved, i in pending) for i in ids if i in paths}


def _earlier_html(carried: Carried) -> str:
    out = ""
    if carried.to_confirm:
        note = _("Placed here on weak evidence: confirm it in View › Carried comments to review…")
        out += f'<br/><span style="color:#9a5b00">⚑ {escape(note)}</span>'
    if carried.moved:
        where = _("In the previous version: section {section}").format(section=carried.old_section)
        out += f'<br/><span style="color:#555">↺ {escape(where)}</span>'
    return out


def _taken_up_html(c: Comment) -> str:
    # A hint for the secretariat: the status changes only when someone follows the link (an undoable edit).
    hint = _("The proposed wording appears in the new version")
    return (f'<br/><span style="color:#1a7f37">✓ {escape(hint)}</span> '
            f'<a href="takeup:{escape(c.id)}">{escape(_("Mark as taken up"))}</a>')


def card_html(c: Comment, *, highlight: str = "", marks: CardMarks | None = None, own_device: str = "",
              carried: Carried | None = None) -> str:
    who = escape(c.group) + (f" · {escape(c.author)}" if c.author else "")
    when = local_time(c.created_at)  # when it was said; "(edited)" says it changed since
    border = _CHOSEN if c.id == highlight else _FRAME  # the card chosen: the selection's blue, not an alarm red
    edited = f" {escape(_('(edited)'))}" if marks and marks.edited else ""
    parts = [f'<table width="100%" cellpadding="6" style="border:1px solid {border}; margin-bottom:6px">'
             f'<tr><td><a name="{escape(c.id)}"></a><b>{who}</b> — <i>{escape(kind_label(c.kind))}</i>'
             f'<span style="color:#777"> · {escape(when)}{edited}</span>']
    if marks and marks.unseen:
        change = marks.unseen
        laptop = laptop_label(change.device, own_device=own_device, group=change.laptop_group)
        text = _("Changed on {laptop} at {time}").format(laptop=laptop, time=local_time(change.updated_at))
        parts.append(f'<br/><span style="color:#9a5b00">✎ {escape(text)}</span> '
                     f'<a href="seen:{c.id}">{escape(_("Seen"))}</a>')
    if getattr(c, "conflict", False):
        parts.append(f'<br/><span style="color:#c0392b">⚠ {escape(_("Changed on two laptops at once"))}</span> '
                     f'<a href="compare:{c.id}">{escape(_("Compare versions…"))}</a> &nbsp; '
                     f'<a href="resolve:{c.id}">{escape(_("Mark as checked"))}</a>')
    if carried is not None:
        parts.append(_earlier_html(carried))
    if c.quote:
        # A quote a revision no longer holds is the previous version's words, not this one's.
        gone = carried is not None and c.quote_start is None
        note = f' <span style="color:#9a5b00">({escape(_("passage of the previous version"))})</span>' if gone else ""
        parts.append(f'<br/><span style="color:#555">“<i>{escape(c.quote)}</i>”</span>{note}')
    parts.append(f"<br/>{escape(c.text).replace(chr(10), '<br/>')}")
    if c.proposal:
        parts.append(f"<br/><b>{escape(_('Proposed wording:'))}</b> {escape(c.proposal)}")
        if carried is not None and carried.taken_up and c.status != "tiep_thu":
            parts.append(_taken_up_html(c))
    if c.supporters:
        parts.append(f'<br/><span style="color:#555">{escape(count("{n} supporter", "{n} supporters", c.supporters))}'
                     '</span>')
    if c.status != "moi" or c.response:
        # The drafting committee's answer: what the group waits for, on a line of its own, not in grey.
        answer = _("Drafting committee ({status})").format(status=status_label(c.status))
        response = escape(c.response).replace(chr(10), "<br/>")
        parts.append(f'<br/><span style="color:#1b5e20">↳ <b>{escape(answer)}</b>{": " + response if response else ""}'
                     '</span>')
    links = [f'<a href="edit:{c.id}">{escape(_("Edit"))}</a>', f'<a href="delete:{c.id}">{escape(_("Delete"))}</a>']
    if marks and marks.versions > 1:
        links.append(f'<a href="history:{c.id}">{escape(_("History"))}</a>')
    parts.append(f'<br/>{" &nbsp; ".join(links)}</td></tr></table>')
    return "".join(parts)


CARDS_SHOWN = 200  # a province's section has thousands of comments: the first ones, more on request
_CHOSEN = "#2a6fdb"  # the selection's blue
_FRAME = "#bbb"


class CommentList(QTextBrowser):
    """The cards, and a current card the keyboard acts on: ↑ / ↓, Home / End and the page keys choose
    it (framed thick while the list has the keyboard), Enter or F2 edits it, Delete deletes it, Shift+F10
    or the menu key offers everything its links do, Tab goes from its links on."""

    edit_requested = Signal(str)
    delete_requested = Signal(str)
    current_changed = Signal(str)  # the user chose another card (keys, a click, a link reached by Tab)
    resolve_requested = Signal(str)
    versions_requested = Signal(str, bool)  # comment id; True: compare the two versions of a conflict
    take_up_requested = Signal(str)  # comment id: its proposal found in the new version, status "tiếp thu" asked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.comments: list[Comment] = []
        self.session = None  # a ReviewSession, for the cards' marks; without one the cards show none
        self.marks: dict[str, CardMarks] = {}
        self.carried: dict[str, Carried] = {}
        self._highlight = ""
        self._current = ""  # the card the keys act on
        self._remembered: dict[str, str] = {}  # section -> the card last chosen there
        self._seen_here: set[str] = set()  # seen, but the database would not keep it (read-only)
        self.limit = CARDS_SHOWN
        self.document().setUndoRedoEnabled(False)  # the current card's frame is redrawn in place
        self.setAccessibleName(_("Comments of this section"))

    def set_session(self, session) -> None:
        """Read what each card should say about its past from this session (marking seen goes through it)."""
        self.session = session

    def show_comments(self, comments: list[Comment], *, highlight: str = "") -> None:
        if comments is not self.comments:
            self.limit = CARDS_SHOWN
        before = [c.id for c in self.comments[:self.limit]]
        self.comments = comments
        self._highlight = highlight
        if highlight:
            self.limit = max([self.limit] + [n + 1 for n, c in enumerate(comments) if c.id == highlight])
        more = len(comments) - self.limit
        comments = comments[:self.limit]
        if not comments:
            self.marks, self.carried = {}, {}
            self.setHtml(f'<p style="color:#777"><i>{escape(_("No comments on this section yet."))}</i></p>')
            return
        store = self.session.store if self.session is not None else None
        self.marks = store.card_marks([c.id for c in comments]) if store is not None else {}
        for comment_id in self._seen_here & set(self.marks):
            self.marks[comment_id] = CardMarks(self.marks[comment_id].edited, self.marks[comment_id].versions, None)
        own = store.device_id if store is not None else ""
        self.carried = carried_info(store, comments)
        self.setHtml("".join(card_html(c, highlight=highlight, marks=self.marks.get(c.id), own_device=own,
                                       carried=self.carried.get(c.id)) for c in comments)
                     + (f'<p><a href="more:">{escape(count("Show {n} more comment", "Show {n} more comments", more))}'
                        '</a></p>' if more > 0 else ""))
        if highlight:
            self.scrollToAnchor(highlight)
            # The anchor sits inside the card: show the card's frame above it too, not cut at the top.
            bar = self.verticalScrollBar()
            if bar.value() > 0:
                bar.setValue(max(0, bar.value() - 2 * self.fontMetrics().lineSpacing()))
        shown = {c.id for c in comments}
        if highlight in shown:
            self._current = highlight
        elif self._current not in shown:
            remembered = self._remembered.get(comments[0].section, "")
            self._current = _successor(before, self._current, shown) or (remembered if remembered in shown else "")
            if not self._current and self.hasFocus():
                self._current = comments[0].id  # the keys act on a card as soon as there is one
        self._frame_current()
        if highlight in shown:
            self._into_view(highlight)

    # ------------------------------------------------------------------ the current card

    def current(self) -> str:
        """The id of the card the keys act on ("" when no card is shown)."""
        return self._current

    def _choose(self, comment_id: str, *, notify: bool = True) -> None:
        """This card is the current one: framed, remembered for its section, the window told (``notify``)."""
        changed = comment_id != self._current
        self._current = comment_id
        self._frame_current()
        if comment_id and self.comments:
            self._remembered[self.comments[0].section] = comment_id
        if changed and notify:
            self.current_changed.emit(comment_id)

    def set_current(self, comment_id: str, *, notify: bool = True, reveal_top: bool = True) -> None:
        """Make this card the current one, framed and scrolled into view; Tab goes on from its links."""
        self._choose(comment_id, notify=notify)
        table = self._table(comment_id)
        if table is None:
            return
        # No link chosen (Tab starts from this card), and the cursor where the card is: anything that shows
        # the cursor (a context menu) shows this card, not the top of the list.
        cursor = QTextCursor(self.document())
        cursor.setPosition(table.firstPosition())
        self.setTextCursor(cursor)
        self._into_view(comment_id, top=reveal_top)

    def _into_view(self, comment_id: str, *, top: bool = True) -> None:
        """Scroll so the card shows: its top when ``top`` (a card chosen by the keys), else only when
        none of it is in view (the list coming back to the keyboard)."""
        table = self._table(comment_id)
        if table is None:
            return
        rect = self.document().documentLayout().frameBoundingRect(table)
        bar, margin, height = self.verticalScrollBar(), self.fontMetrics().lineSpacing() // 2, self.viewport().height()
        if not top and rect.bottom() > bar.value() and rect.top() < bar.value() + height:
            return
        if table is self._tables()[0]:
            bar.setValue(0)
        elif rect.top() < bar.value() or rect.height() > height:
            bar.setValue(int(rect.top()) - margin)
        elif rect.bottom() > bar.value() + height:
            bar.setValue(int(rect.bottom()) + margin - height)

    def _tables(self) -> list[QTextTable]:
        return [f for f in self.document().rootFrame().childFrames() if isinstance(f, QTextTable)]

    def _table(self, comment_id: str) -> QTextTable | None:
        at = next((n for n, c in enumerate(self.comments[:self.limit]) if c.id == comment_id), None)
        tables = self._tables()
        return tables[at] if at is not None and at < len(tables) else None

    def _frame_current(self) -> None:
        """The current card in blue (the card chosen elsewhere too: a quote clicked, a search hit, the
        comment being edited), its frame thick while the list has the keyboard: one card looks chosen."""
        focused = self.hasFocus()
        for comment, table in zip(self.comments[:self.limit], self._tables(), strict=False):  # none: no table
            chosen = comment.id == self._current
            fmt = table.format()
            fmt.setBorder(3 if chosen and focused else 1)
            fmt.setBorderBrush(QColor(_CHOSEN if chosen else _FRAME))
            if fmt != table.format():
                table.setFormat(fmt)

    def _step(self, step: int) -> None:
        ids = [c.id for c in self.comments[:self.limit]]
        if not ids:
            return
        here = ids.index(self._current) if self._current in ids else (-1 if step > 0 else len(ids))
        if here + step >= len(ids) and len(self.comments) > self.limit:
            self._show_more()  # Down past the last card shown: the next ones, as "Show more" would
            ids = [c.id for c in self.comments[:self.limit]]
        self.set_current(ids[max(0, min(len(ids) - 1, here + step))])

    def _show_more(self) -> None:
        position = self.verticalScrollBar().value()
        self.limit += CARDS_SHOWN
        self.show_comments(self.comments, highlight=self._highlight)
        self.verticalScrollBar().setValue(position)

    def _page_from_current(self, *, down: bool) -> str:
        """The card a page below (above) the current one: the furthest whose top is less than a screen
        away, at least the next one; the last (first) one at the end."""
        layout = self.document().documentLayout()
        tops = [layout.frameBoundingRect(t).top() for t in self._tables()[:min(self.limit, len(self.comments))]]
        ids = [c.id for c in self.comments[:len(tops)]]
        here, page = (ids.index(self._current) if self._current in ids else 0), self.viewport().height()
        if down:
            within = [n for n in range(here + 1, len(ids)) if tops[n] < tops[here] + page]
            return ids[within[-1] if within else min(here + 1, len(ids) - 1)]
        within = [n for n in range(here) if tops[n] > tops[here] - page]
        return ids[within[0] if within else max(here - 1, 0)]

    def _link_chosen(self) -> bool:
        """A link reached by Tab: Enter follows it, as in any browser."""
        return bool(self.chosen_link())

    def chosen_link(self) -> str:
        """The link a selection covers (Shift+Tab selects it backwards: read inside it, not before it)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return ""
        probe = QTextCursor(self.document())
        probe.setPosition(cursor.selectionStart() + 1)
        return probe.charFormat().anchorHref()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        ends = (Qt.Key.Key_Home, Qt.Key.Key_End)
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.comments:
            self._step(-1 if key == Qt.Key.Key_Up else 1)
        elif key in ends and self.comments and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                                        Qt.KeyboardModifier.ControlModifier):
            shown = self.comments[:self.limit]
            self.set_current(shown[0].id if key == Qt.Key.Key_Home else shown[-1].id)
        elif plain and key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and self.comments:
            self.set_current(self._page_from_current(down=key == Qt.Key.Key_PageDown))
        elif plain and self._current and (key == Qt.Key.Key_F2 or (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._link_chosen())):
            self._clicked(QUrl(f"edit:{self._current}"))
        elif plain and self._current and key == Qt.Key.Key_Delete:
            self._clicked(QUrl(f"delete:{self._current}"))
        elif key == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            # The menu key comes as a context menu event of its own; Shift+F10 only on some systems.
            self.contextMenuEvent(QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(), QPoint()))
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if not self._current and self.comments:
            self._current = self.comments[0].id
        if event.reason() in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.PopupFocusReason,
                              Qt.FocusReason.ActiveWindowFocusReason):
            self._frame_current()  # a click chooses the card under it; a menu or a window left: as it was
        elif self._current:
            self.set_current(self._current, reveal_top=False)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self._hint(), 8000)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._frame_current()
        window = self.window()
        if isinstance(window, QMainWindow) and window.statusBar().currentMessage() == self._hint():
            window.statusBar().clearMessage()

    @staticmethod
    def _hint() -> str:
        return _("Comments: ↑ / ↓ choose one, Enter or F2 edits it, Delete deletes it, Shift+F10 offers the rest.")

    def focusNextPrevChild(self, next_: bool) -> bool:
        if self.hasFocus() and self._current and not self._link_chosen():
            # Qt's Tab starts from the top (the end) without a link chosen: from the current card instead.
            # The neighbour's link next to it is chosen first, so that Qt itself goes on to the card's and
            # draws it as it draws every link reached by Tab.
            ids = [c.id for c in self.comments[:self.limit]]
            at = ids.index(self._current) if self._current in ids else 0
            neighbours = ids[:at][::-1] if next_ else ids[at + 1:]
            span = next((s for n in neighbours if (s := self._link_span(n, first=not next_)) is not None), None)
            cursor = QTextCursor(self.document())
            if span is not None:
                cursor.setPosition(span[0])
                cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)
        moved = super().focusNextPrevChild(next_)
        # Tab went to a link: its card becomes the current one (Enter on it acts on that card).
        comment_id = self.chosen_link().partition(":")[2]
        if comment_id and comment_id in {c.id for c in self.comments[:self.limit]}:
            self._choose(comment_id)
            self._into_view(comment_id, top=False)
        return moved

    def card_links(self, comment_id: str) -> list[tuple[str, str]]:
        """(link, label) of what a card offers (Edit, Delete, History…, Seen, …), as it shows them."""
        return [(href, label) for href, label, _span in self._links(comment_id)]

    def _link_span(self, comment_id: str, *, first: bool) -> tuple[int, int] | None:
        links = self._links(comment_id)
        return (links[0] if first else links[-1])[2] if links else None

    def _links(self, comment_id: str) -> list[tuple[str, str, tuple[int, int]]]:
        table = self._table(comment_id)
        links: list[tuple[str, str, tuple[int, int]]] = []
        if table is None:
            return links
        cells = table.cellAt(0, 0)
        block = self.document().findBlock(cells.firstPosition())
        while block.isValid() and block.position() <= cells.lastPosition():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                href = fragment.charFormat().anchorHref()
                if ":" in href and href.partition(":")[2]:
                    links.append((href, fragment.text(), (fragment.position(),
                                                          fragment.position() + fragment.length())))
                it += 1
            block = block.next()
        return links

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        by_keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        # The keyboard's menu is the current card's; the mouse's, the card under it, then copying text.
        comment_id = self._current if by_keyboard else getattr(self.card_at(event.pos()), "id", "")
        menu = QMenu(self) if by_keyboard else self.createStandardContextMenu(event.pos())
        links = self.card_links(comment_id) if comment_id else []
        if links:
            first = menu.actions()[0] if menu.actions() else None
            keys = {"edit": "F2", "delete": "Del"}  # shown beside them, as menus do
            for href, label in links:
                action = QAction(label, menu)
                if href.partition(":")[0] in keys:
                    action.setShortcut(QKeySequence(keys[href.partition(":")[0]]))
                action.triggered.connect(lambda _checked=False, href=href: self._clicked(QUrl(href)))
                menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
        if not menu.actions():
            return
        where = event.globalPos()
        if by_keyboard and comment_id:
            table = self._table(comment_id)
            rect = self.document().documentLayout().frameBoundingRect(table)
            top = max(0, int(rect.top()) - self.verticalScrollBar().value())
            where = self.viewport().mapToGlobal(QPoint(24, min(top + 24, self.viewport().height() - 8)))
        self.popup(menu, where)

    def popup(self, menu: QMenu, where: QPoint) -> None:
        menu.exec(where)

    def unseen(self) -> list[str]:
        """Ids of the cards shown with a change from another laptop not yet looked at."""
        return [c.id for c in self.comments if (m := self.marks.get(c.id)) is not None and m.unseen]

    def mark_seen(self, comment_id: str) -> None:
        """The user looked at this card: its "changed on another laptop" line goes."""
        marks = self.marks.get(comment_id)
        if marks is None or marks.unseen is None or self.session is None:
            return
        try:
            self.session.mark_seen(comment_id)
        except ReviewerError as exc:  # a read-only database: seen for as long as the window is open
            log.warning("could not keep that a change was seen: %s", exc)
            self._seen_here.add(comment_id)
        position = self.verticalScrollBar().value()
        self.show_comments(self.comments, highlight=self._highlight)
        self.verticalScrollBar().setValue(position)

    def card_at(self, pos) -> Comment | None:
        """The comment whose card is under ``pos`` (viewport coordinates)."""
        table = self.cursorForPosition(pos).currentTable()
        if table is None:
            return None
        tables = [f for f in self.document().rootFrame().childFrames() if isinstance(f, QTextTable)]
        starts = [t.firstPosition() for t in tables]
        n = starts.index(table.firstPosition()) if table.firstPosition() in starts else -1
        return self.comments[n] if 0 <= n < len(self.comments) else None

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and not self.anchorAt(pos):
            comment = self.card_at(pos)
            if comment is not None:
                self._choose(comment.id)
                self.mark_seen(comment.id)

    def _clicked(self, url: QUrl) -> None:
        action, _sep, comment_id = url.toString().partition(":")
        if action in ("edit", "seen", "history", "compare"):
            self.mark_seen(comment_id)  # whoever acts on the card has seen it
        if action == "edit":
            self.edit_requested.emit(comment_id)
        elif action == "delete":
            self.delete_requested.emit(comment_id)
        elif action == "resolve":
            self.resolve_requested.emit(comment_id)
        elif action in ("history", "compare"):
            self.versions_requested.emit(comment_id, action == "compare")
        elif action == "takeup":
            self.take_up_requested.emit(comment_id)
        elif action == "more":
            self._show_more()


def _successor(before: list[str], gone: str, shown: set[str]) -> str:
    """The card to choose when the current one is no longer shown (deleted, filtered out): the next one
    that still is, else the one before it."""
    if gone not in before:
        return ""
    at = before.index(gone)
    following = [i for i in before[at + 1:] if i in shown]
    preceding = [i for i in before[:at] if i in shown]
    return following[0] if following else (preceding[-1] if preceding else "")
