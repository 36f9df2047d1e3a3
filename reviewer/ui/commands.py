"""One undo command per user action; redo() and undo() each call one session method.

The action itself is carried out before the command is pushed (``done=True``), so a
refusal from the store reaches the caller as an ordinary exception and the undo stack
only ever records what really happened; the first redo() that Qt calls on push is
then skipped.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from reviewer.i18n import _
from reviewer.ui.session import ReviewSession


def _short(text: str, n: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class _Command(QUndoCommand):
    def __init__(self, text: str, session: ReviewSession, comment_id: str):
        super().__init__(text)
        self.session = session
        self.comment_id = comment_id
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.do()

    def do(self) -> None:
        raise NotImplementedError


class AddCommentCommand(_Command):
    """Pushed after ``session.add_comment``; undo deletes it, redo restores it."""

    def __init__(self, session: ReviewSession, comment_id: str):
        text = session.store.comment(comment_id).text
        super().__init__(_("Add comment “{text}”").format(text=_short(text)), session, comment_id)

    def do(self) -> None:
        self.session.restore_comment(self.comment_id)

    def undo(self) -> None:
        self.session.delete_comment(self.comment_id)


class EditCommentCommand(_Command):
    """Pushed after ``session.edit_comment``, with the fields as they were before."""

    def __init__(self, session: ReviewSession, comment_id: str, before: dict, after: dict):
        super().__init__(_("Edit comment “{text}”").format(
            text=_short(after.get("text") or session.store.comment(comment_id).text)), session, comment_id)
        self.before = before
        self.after = after

    def do(self) -> None:
        self.session.edit_comment(self.comment_id, **self.after)

    def undo(self) -> None:
        self.session.edit_comment(self.comment_id, **self.before)


class DeleteCommentCommand(_Command):
    """Pushed after ``session.delete_comment``; undo restores the comment."""

    def __init__(self, session: ReviewSession, comment_id: str):
        text = session.store.comment(comment_id).text
        super().__init__(_("Delete comment “{text}”").format(text=_short(text)), session, comment_id)

    def do(self) -> None:
        self.session.delete_comment(self.comment_id)

    def undo(self) -> None:
        self.session.restore_comment(self.comment_id)


def add_comment(stack, session: ReviewSession, fields: dict) -> str:
    comment = session.add_comment(**fields)
    stack.push(AddCommentCommand(session, comment.id))
    return comment.id


def edit_comment(stack, session: ReviewSession, comment_id: str, changes: dict) -> None:
    old = session.store.comment(comment_id)
    before = {k: getattr(old, k) for k in changes}
    if before == changes:
        return
    session.edit_comment(comment_id, **changes)
    stack.push(EditCommentCommand(session, comment_id, before, changes))


def delete_comment(stack, session: ReviewSession, comment_id: str) -> None:
    session.delete_comment(comment_id)
    stack.push(DeleteCommentCommand(session, comment_id))


class PlaceCarriedCommand(_Command):
    """Pushed after a decision on a carried comment (accept, place, leave unplaced); undo puts it back."""

    def __init__(self, session: ReviewSession, comment_id: str, before: tuple[str | None, str], do) -> None:
        super().__init__(_("Place carried comment “{text}”").format(
            text=_short(session.store.comment(comment_id).text)), session, comment_id)
        self.before = before
        self._do = do

    def do(self) -> None:
        self._do(self.comment_id)

    def undo(self) -> None:
        self.session.restore_carried(self.comment_id, *self.before)


class ImportCommentsCommand(QUndoCommand):
    """Pushed after comments were imported (from Word): undo deletes them all, redo brings them back."""

    def __init__(self, session: ReviewSession, comment_ids: list[str], name: str):
        super().__init__(_("Import comments from “{name}”").format(name=name))
        self.session = session
        self.ids = list(comment_ids)
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.session.restore_comments(self.ids)

    def undo(self) -> None:
        self.session.delete_comments(self.ids)
