"""A comment's versions: the two sides of a conflict side by side, to keep one or write a merged text, and
every version the database keeps (the data of ``reviewer comment history``, :meth:`Store.versions`).

Whatever is chosen, the version not kept stays in the comment's history: keeping "the other" is an
ordinary edit (undoable with Ctrl+Z) that archives the version it replaces, and the conflict is then
marked as checked (which, like every resolution, cannot be undone: it only ever grows).
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reviewer.errors import ReviewerError
from reviewer.i18n import _, count, local_time
from reviewer.ui import commands, messages
from reviewer.ui.cards import laptop_label
from reviewer.ui.dialogs import ok_cancel_buttons
from reviewer.ui.session import ReviewSession
from reviewer.ui.shortcuts import shortcut
from reviewer.vocab import kind_label, status_label

# What a version says, and what keeping another version copies onto the comment.
_FIELDS = ("group", "author", "kind", "text", "quote", "proposal", "supporters", "status", "response")


def _content(v: dict) -> tuple:
    return (*(v[k] for k in _FIELDS), v["deleted"])


def rival_version(versions: list[dict]) -> dict | None:
    """The other side of a conflict: at the highest revision where versions disagree, the one that is not
    (and does not lead to) the current version; None when no two versions disagree."""
    current = next(v for v in versions if v["state"] == "current")
    by_revision: dict[int, list[dict]] = {}
    for v in versions:
        by_revision.setdefault(v["revision"], []).append(v)
    for revision in sorted(by_revision, reverse=True):
        same = by_revision[revision]
        if len({_content(v) for v in same}) < 2:
            continue
        others = [v for v in same if v is not current and _content(v) != _content(current)]
        if others:
            # When the current version is a later edit, the fork's version written on its own laptop
            # is the one it grew from: the other laptop's is the rival.
            return max(others, key=lambda v: (v["device"] != current["device"] or v["state"] == "set_aside",
                                              v["updated_at"]))
    return None


def version_html(v: dict, *, kind: bool = True) -> str:
    """A version's content, as on a card."""
    parts = [f"<i>{escape(kind_label(v['kind']))}</i>"] if kind else []
    if v["deleted"]:
        parts.append(f'<span style="color:#c0392b">{escape(_("deleted"))}</span>')
    if v["quote"]:
        parts.append(f'<span style="color:#555">“<i>{escape(v["quote"])}</i>”</span>')
    parts.append(escape(v["text"]).replace("\n", "<br/>"))
    if v["proposal"]:
        parts.append(f"<b>{escape(_('Proposed wording:'))}</b> {escape(v['proposal'])}")
    extra = []
    if v["supporters"]:
        extra.append(count("{n} supporter", "{n} supporters", v["supporters"]))
    if v["status"] != "moi":
        extra.append(status_label(v["status"]) + (f": {v['response']}" if v["response"] else ""))
    if extra:
        parts.append(f'<span style="color:#555">{escape(" · ".join(extra))}</span>')
    return "<br/>".join(parts)


# What two versions may differ in (the laptop and the time always do).
_COMPARED = ("group", "author", "kind", "text", "quote", "proposal", "supporters", "status", "response", "deleted")
_DIFFERS = "color:#b35900; font-weight:bold"


def _field_label(key: str) -> str:
    return {"text": _("the comment"), "quote": _("the quote"), "proposal": _("the proposed wording"),
            "supporters": _("supporters"), "status": _("the answer's status"), "response": _("the answer"),
            "deleted": _("deleted or not")}[key]


class VersionPane(QGroupBox):
    """One version: the laptop that wrote it, its group, delegate and time, its text, and a button to keep it."""

    def __init__(self, title: str, version: dict, laptop: str, keep_text: str, parent: QWidget | None = None, *,
                 other: dict | None = None):
        super().__init__(title, parent)
        self.version = version
        # What differs from the other version, in bold orange: two versions that look alike at a glance
        # (a group renamed, one word changed) must not be chosen between blindly.
        self.differs = {k for k in _COMPARED if other is not None and version.get(k) != other.get(k)}
        form = QFormLayout()
        for key, label, value in (("device", _("Laptop"), laptop), ("group", _("Group"), version["group"]),
                                  ("author", _("Delegate"), version["author"] or "—"),
                                  ("kind", _("Kind"), kind_label(version["kind"])),
                                  ("updated_at", _("Time"), local_time(version["updated_at"]))):
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key in self.differs:
                shown.setStyleSheet(_DIFFERS)
            form.addRow(label, shown)
        self.body = QTextBrowser()
        body = version_html(version, kind=False)
        changed = sorted(self.differs & {"text", "quote", "proposal", "supporters", "status", "response", "deleted"},
                         key=_COMPARED.index)
        if changed:
            body = (f'<p style="{_DIFFERS}">≠ {escape(", ".join(_field_label(k) for k in changed))}</p>' + body)
        self.body.setHtml(body)
        # Enter presses it once Tab has gone to it, as any button; the dialog opens on Close (see
        # ConflictDialog), so Enter at once settles nothing.
        self.keep = QPushButton(keep_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.keep)


class MergeDialog(QDialog):
    """Both texts in one editor, to write the text that replaces them."""

    def __init__(self, this: dict, other: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Write a merged text"))
        self.resize(720, 480)
        self.text = QPlainTextEdit(_joined(this["text"], other["text"]))
        self.proposal = QPlainTextEdit(_joined(this["proposal"], other["proposal"]))
        self.proposal.setMaximumHeight(110)
        form = QFormLayout()
        # Where the two versions name another group, delegate or kind, the merged text takes one of them
        # (the one shown now unless chosen): a conflict over the group alone could not be merged before.
        self.choices: dict[str, QComboBox] = {}
        for key, label, shown in (("group", _("Group"), str), ("author", _("Delegate"), lambda a: a or "—"),
                                  ("kind", _("Kind"), kind_label)):
            if this[key] != other[key]:
                box = QComboBox()
                box.addItem(_("{value} (shown now)").format(value=shown(this[key])), this[key])
                box.addItem(_("{value} (the other version)").format(value=shown(other[key])), other[key])
                self.choices[key] = box
                form.addRow(label, box)
        form.addRow(_("Comment"), self.text)
        form.addRow(_("Proposed wording"), self.proposal)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Both versions are below: edit them into one. The two versions stay in the "
                                  "comment's history.")))
        layout.addLayout(form, 1)
        layout.addWidget(ok_cancel_buttons(self, _("Save merged text") + " (Ctrl+Enter)"))
        # As in the comment editor: Tab goes to the next field, Ctrl+Enter saves (fresh eyes typed tabs into it).
        for box in (self.text, self.proposal):
            box.setTabChangesFocus(True)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut(keys, self, self.accept, Qt.ShortcutContext.WindowShortcut)

    def fields(self) -> dict:
        chosen = {key: box.currentData() for key, box in self.choices.items()}
        return {**chosen, "text": self.text.toPlainText().strip(), "proposal": self.proposal.toPlainText().strip()}


def _joined(a: str, b: str) -> str:
    return a if a == b or not b else b if not a else f"{a}\n\n{b}"


class ConflictDialog(QDialog):
    """A comment changed on two laptops at once: both versions side by side, and what to keep."""

    def __init__(self, session: ReviewSession, undo_stack, comment_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self.comment_id = comment_id
        self.resize(900, 540)
        versions = session.store.versions(comment_id)
        self.this = next(v for v in versions if v["state"] == "current")
        self.other = rival_version(versions)
        groups, own = session.store.laptop_groups(), session.store.device_id
        # One laptop deleted it while the other changed it: the choice is named for what it does.
        deleted = self.other is not None and self.this["deleted"] != self.other["deleted"]
        self.setWindowTitle(_("Deleted on one laptop, changed on another") if deleted
                            else _("Changed on two laptops at once"))

        def keep_text(v: dict, plain: str) -> str:
            if not deleted:
                return plain
            return _("Keep it deleted") if v["deleted"] else _("Keep the change (the comment comes back)")

        def laptop(v: dict) -> str:
            return laptop_label(v["device"], own_device=own, group=groups.get(v["device"], ""))

        self.this_pane = VersionPane(_("Shown now"), self.this, laptop(self.this),
                                     keep_text(self.this, _("Keep this one")), other=self.other)
        self.this_pane.keep.clicked.connect(self.keep_this)
        panes = QHBoxLayout()
        panes.addWidget(self.this_pane, 1)
        self.other_pane = None
        if self.other is not None:
            self.other_pane = VersionPane(_("The other version"), self.other, laptop(self.other),
                                          keep_text(self.other, _("Keep the other")), other=self.this)
            self.other_pane.keep.clicked.connect(self.keep_other)
            panes.addWidget(self.other_pane, 1)
        self.merge_button = QPushButton(_("Edit a merged text…"))
        self.merge_button.clicked.connect(self.edit_merged)
        self.merge_button.setEnabled(self.other is not None)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        self.close_button.setDefault(True)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        if deleted:
            intro = QLabel(_("One laptop deleted this comment while another changed it. Keep the deletion, or keep "
                             "the change to bring the comment back; the version not kept stays in the comment's "
                             "history."))
        else:
            intro = QLabel(_("Two laptops changed this comment at the same time. Choose the version to keep, or "
                             "write a merged text; the version not kept stays in the comment's history."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(panes, 1)
        layout.addLayout(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter at once settles nothing

    def keyPressEvent(self, event) -> None:
        # Enter presses the button the keys are on, whichever: a button that declines it would pass it to the
        # dialog's default (found by fresh eyes: Enter on "Edit a merged text…" kept this version instead).
        focused = self.focusWidget()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
                and isinstance(focused, QPushButton)):
            focused.click()
            return
        super().keyPressEvent(event)

    def keep_this(self) -> None:
        self._settle({})

    def keep_other(self) -> None:
        changes = {k: self.other[k] for k in _FIELDS}
        section = self.other.get("section")
        if section and section != self.this["section"] and self.session.section(section) is not None:
            changes["section"] = section
        self._settle(changes, delete=self.other["deleted"])

    def edit_merged(self) -> None:
        dialog = MergeDialog(self.this, self.other, self)
        if dialog.exec():
            self._settle(dialog.fields())

    def _settle(self, changes: dict, *, delete: bool = False) -> None:
        """Make the comment what was chosen (an undoable edit; the version it replaces goes to the history),
        then mark the conflict as checked."""
        try:
            if delete:
                commands.delete_comment(self.undo_stack, self.session, self.comment_id)
            else:
                if changes and self.this["deleted"]:
                    self.session.restore_comment(self.comment_id)
                if changes:
                    commands.edit_comment(self.undo_stack, self.session, self.comment_id, changes)
            self.session.resolve_conflict(self.comment_id)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))
            return
        self.accept()


class HistoryDialog(QDialog):
    """Every version of a comment the database keeps, oldest first."""

    def __init__(self, session: ReviewSession, comment_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("History of the comment"))
        self.resize(680, 540)
        self.versions = session.store.versions(comment_id)
        groups, own = session.store.laptop_groups(), session.store.device_id
        states = {"previous": _("earlier version"), "current": _("current version"),
                  "set_aside": _("set aside (another copy of this revision)")}
        blocks = []
        for v in self.versions:
            laptop = laptop_label(v["device"], own_device=own, group=groups.get(v["device"], ""))
            title = _("Revision {revision} ({state}), {time}, on {laptop}").format(
                revision=v["revision"], state=states[v["state"]], time=local_time(v["updated_at"]), laptop=laptop)
            who = " · ".join(p for p in (v["group"], v["author"]) if p)
            weight = "bold" if v["state"] == "current" else "normal"
            blocks.append(f'<p style="margin-bottom:10px"><span style="font-weight:{weight}">{escape(title)}</span>'
                          f'<br/><span style="color:#555">{escape(who)}</span><br/>{version_html(v)}</p>')
        self.view = QTextBrowser()
        self.view.setHtml("<hr/>".join(blocks))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(count("{n} version kept", "{n} versions kept", len(self.versions))))
        layout.addWidget(self.view, 1)
        layout.addWidget(close)


def show_versions(window, comment_id: str, *, compare: bool) -> QDialog:
    """Open, over the window, the conflict of a comment (``compare``, when there is one) or its history."""
    session = window.session
    conflict = compare and session.store.comment(comment_id).conflict
    if conflict and rival_version(session.store.versions(comment_id)) is not None:
        dialog: QDialog = ConflictDialog(session, window.undo_stack, comment_id, window)
    else:
        dialog = HistoryDialog(session, comment_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
