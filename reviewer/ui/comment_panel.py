"""The comments of the current section as readable cards, and an editor that is always ready."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.i18n import _, count
from reviewer.store import Comment
from reviewer.vocab import KINDS, kind_label, status_label


def card_html(c: Comment, *, highlight: str = "") -> str:
    who = escape(c.group) + (f" · {escape(c.author)}" if c.author else "")
    when = c.updated_at[:16].replace("T", " ")
    border = "#c0392b" if c.id == highlight else "#bbb"
    parts = [f'<table width="100%" cellpadding="6" style="border:1px solid {border}; margin-bottom:6px">'
             f'<tr><td><b>{who}</b> — <i>{escape(kind_label(c.kind))}</i>'
             f'<span style="color:#777"> · {escape(when)} UTC</span>']
    if getattr(c, "conflict", False):
        parts.append(f'<br/><span style="color:#c0392b">⚠ {escape(_("Changed on two laptops at once"))}</span> '
                     f'<a href="resolve:{c.id}">{escape(_("Mark as checked"))}</a>')
    if c.quote:
        parts.append(f'<br/><span style="color:#555">“<i>{escape(c.quote)}</i>”</span>')
    parts.append(f"<br/>{escape(c.text).replace(chr(10), '<br/>')}")
    if c.proposal:
        parts.append(f"<br/><b>{escape(_('Proposed wording:'))}</b> {escape(c.proposal)}")
    extra = []
    if c.supporters:
        extra.append(count("{n} supporter", "{n} supporters", c.supporters))
    if c.status != "moi":
        extra.append(status_label(c.status) + (f": {c.response}" if c.response else ""))
    if extra:
        parts.append(f'<br/><span style="color:#555">{escape(" · ".join(extra))}</span>')
    parts.append(f'<br/><a href="edit:{c.id}">{escape(_("Edit"))}</a> &nbsp; '
                 f'<a href="delete:{c.id}">{escape(_("Delete"))}</a></td></tr></table>')
    return "".join(parts)


class CommentList(QTextBrowser):
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    resolve_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.comments: list[Comment] = []

    def show_comments(self, comments: list[Comment], *, highlight: str = "") -> None:
        self.comments = comments
        if not comments:
            self.setHtml(f'<p style="color:#777"><i>{escape(_("No comments on this section yet."))}</i></p>')
            return
        self.setHtml("".join(card_html(c, highlight=highlight) for c in comments))
        if highlight:
            self.scrollToAnchor(highlight)

    def _clicked(self, url: QUrl) -> None:
        action, _sep, comment_id = url.toString().partition(":")
        if action == "edit":
            self.edit_requested.emit(comment_id)
        elif action == "delete":
            self.delete_requested.emit(comment_id)
        elif action == "resolve":
            self.resolve_requested.emit(comment_id)


class CommentEditor(QWidget):
    """Kind, author, text, proposed wording and supporters; Ctrl+Enter saves."""

    save_requested = Signal(dict, str)  # fields, id of the comment being edited ("" for a new one)
    text_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.editing_id = ""
        self.quote = ""
        self.heading = QLabel(_("New comment"))
        self.heading.setStyleSheet("font-weight: bold")
        self.kind = QComboBox()
        for code in KINDS:
            self.kind.addItem(kind_label(code), code)
        self.author = QComboBox()
        self.author.setEditable(True)
        self.author.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.author.lineEdit().setPlaceholderText(_("Delegate's name (empty for the group's common view)"))
        self.quote_label = QLabel()
        self.quote_label.setWordWrap(True)
        self.clear_quote = QToolButton()
        self.clear_quote.setText("✕")
        self.clear_quote.setToolTip(_("Remove the quoted passage"))
        self.clear_quote.clicked.connect(lambda: self.set_quote(""))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(_("The comment…"))
        self.proposal = QPlainTextEdit()
        self.proposal.setPlaceholderText(_("Proposed wording (optional)"))
        self.proposal.setMaximumHeight(70)
        self.supporters = QSpinBox()
        self.supporters.setRange(0, 10_000)
        self.save_button = QPushButton(_("Save (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reset)

        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Delegate"), self.author)
        quote_row = QHBoxLayout()
        quote_row.addWidget(self.quote_label, 1)
        quote_row.addWidget(self.clear_quote)
        self.quote_row = QWidget()
        self.quote_row.setLayout(quote_row)
        form.addRow(_("Quote"), self.quote_row)
        form.addRow(_("Comment"), self.text)
        form.addRow(_("Proposed wording"), self.proposal)
        form.addRow(_("Supporters"), self.supporters)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for combo_shortcut in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(combo_shortcut), self, self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in (self.text, self.proposal):
            widget.textChanged.connect(self.text_changed)
        self.author.editTextChanged.connect(lambda _t: self.text_changed.emit())
        self.set_quote("")

    def set_authors(self, names: list[str]) -> None:
        current = self.author.currentText()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItems(names)
        completer = QCompleter(names, self.author)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.author.setCompleter(completer)
        self.author.setEditText(current)
        self.author.blockSignals(False)

    def set_quote(self, passage: str) -> None:
        self.quote = passage
        self.quote_label.setText(f"“{passage}”" if passage else _("(none — select text in the draft and press "
                                                                      "Ctrl+Shift+Q)"))
        self.clear_quote.setVisible(bool(passage))
        self.text_changed.emit()

    def fields(self) -> dict:
        return {"kind": self.kind.currentData(), "author": self.author.currentText().strip(),
                "text": self.text.toPlainText().strip(), "quote": self.quote,
                "proposal": self.proposal.toPlainText().strip(), "supporters": self.supporters.value()}

    def load(self, fields: dict, comment_id: str = "") -> None:
        self.editing_id = comment_id
        self.heading.setText(_("Edit comment") if comment_id else _("New comment"))
        index = self.kind.findData(fields.get("kind") or "gop_y")
        self.kind.setCurrentIndex(max(0, index))
        self.author.setEditText(fields.get("author", ""))
        self.text.setPlainText(fields.get("text", ""))
        self.proposal.setPlainText(fields.get("proposal", ""))
        self.supporters.setValue(int(fields.get("supporters") or 0))
        self.set_quote(fields.get("quote", ""))
        self.text.setFocus()

    def has_unsaved_text(self) -> bool:
        return bool(self.text.toPlainText().strip() or self.proposal.toPlainText().strip())

    def reset(self, *, author: str | None = None) -> None:
        keep = self.author.currentText() if author is None else author
        self.load({"author": keep})

    def save(self) -> None:
        fields = self.fields()
        if not fields["text"]:
            self.text.setFocus()
            self.heading.setText(_("Write the comment first."))
            QTimer.singleShot(2500, lambda: self.heading.setText(
                _("Edit comment") if self.editing_id else _("New comment")))
            return
        self.save_requested.emit(fields, self.editing_id)


class CommentPanel(QWidget):
    """Filters, the list of cards, and the editor below them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("All kinds"), "")
        for code in KINDS:
            self.kind_filter.addItem(kind_label(code), code)
        self.list = CommentList()
        self.editor = CommentEditor()
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Show:")))
        filters.addWidget(self.group_filter, 1)
        filters.addWidget(self.kind_filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.editor, 2)

    def set_groups(self, groups: list[str]) -> None:
        current = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(_("All groups"), "")
        for g in groups:
            self.group_filter.addItem(g, g)
        index = self.group_filter.findData(current)
        self.group_filter.setCurrentIndex(max(0, index))
        self.group_filter.blockSignals(False)

    def filtered(self, comments: list[Comment]) -> list[Comment]:
        group, kind = self.group_filter.currentData(), self.kind_filter.currentData()
        return [c for c in comments if (not group or c.group == group) and (not kind or c.kind == kind)]
