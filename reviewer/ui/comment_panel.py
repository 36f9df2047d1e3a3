"""The comments of the current section as readable cards, and an editor that is always ready."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.i18n import _
from reviewer.store import Comment
from reviewer.ui.cards import CommentList
from reviewer.vocab import KINDS, kind_label


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
