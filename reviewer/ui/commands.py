"""One undo command per user action; redo() and undo() each call one session method."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from reviewer.i18n import _
from reviewer.ui.session import ReviewSession


def _short(text: str, n: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class AddCommentCommand(QUndoCommand):
    def __init__(self, session: ReviewSession, fields: dict):
        super().__init__(_("Add comment “{text}”").format(text=_short(fields.get("text", ""))))
        self.session = session
        self.fields = fields
        self.comment_id: str | None = None

    def redo(self) -> None:
        if self.comment_id is None:
            self.comment_id = self.session.add_comment(**self.fields).id
        else:  # redo after undo: the same comment comes back, as a newer revision
            self.session.restore_comment(self.comment_id)

    def undo(self) -> None:
        self.session.delete_comment(self.comment_id)


class EditCommentCommand(QUndoCommand):
    def __init__(self, session: ReviewSession, comment_id: str, changes: dict):
        super().__init__(_("Edit comment “{text}”").format(
            text=_short(changes.get("text") or session.store.comment(comment_id).text)))
        self.session = session
        self.comment_id = comment_id
        before = session.store.comment(comment_id)
        self.before = {k: getattr(before, k) for k in changes}
        self.after = dict(changes)

    def redo(self) -> None:
        self.session.edit_comment(self.comment_id, **self.after)

    def undo(self) -> None:
        self.session.edit_comment(self.comment_id, **self.before)


class DeleteCommentCommand(QUndoCommand):
    def __init__(self, session: ReviewSession, comment_id: str):
        super().__init__(_("Delete comment “{text}”").format(text=_short(session.store.comment(comment_id).text)))
        self.session = session
        self.comment_id = comment_id

    def redo(self) -> None:
        self.session.delete_comment(self.comment_id)

    def undo(self) -> None:
        self.session.restore_comment(self.comment_id)
