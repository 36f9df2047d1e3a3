"""The comments of the current section as readable cards, and an editor that is always ready."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.i18n import _
from reviewer.store import Comment
from reviewer.ui import messages
from reviewer.ui.cards import CommentList
from reviewer.ui.searchable import folding_completer, make_searchable
from reviewer.ui.shortcuts import shortcut
from reviewer.vocab import KINDS, kind_label

QUOTE_LINES = 3  # of a quote shown in the editor


class _NoAltLetters(QObject):
    """An Alt+letter that is no shortcut types nothing: a secretary trying a shortcut must not change a
    delegate's words without noticing (on X11 such a key press carries its letter as text). Ctrl+Alt
    stays text: it is AltGr on Windows keyboards."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            mods = event.modifiers()
            if (mods & Qt.KeyboardModifier.AltModifier and not mods & Qt.KeyboardModifier.ControlModifier
                    and event.text().isprintable() and event.text().strip()):
                QApplication.beep()
                return True
        return False


class _EscCancelsEdit(QObject):
    """Esc in a field leaves an edit as Cancel does (asking first when something changed); a new comment
    being written is not thrown away by a stray Esc. (A shortcut would take Esc from the find bar too.)"""

    def __init__(self, editor: CommentEditor):
        super().__init__(editor)
        self.editor = editor

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
                and not event.modifiers() and self.editor.editing_id):
            self.editor.cancel()
            return True
        return False


class CommentEditor(QWidget):
    """Kind, author, text, proposed wording and supporters; Ctrl+Enter saves.

    The comment being written is bound to one section, named in the heading: it is filed there
    whichever section the reader has moved on to, and its quote lies in that section."""

    save_requested = Signal(dict, str)  # fields, id of the comment being edited ("" for a new one)
    text_changed = Signal()
    go_to_requested = Signal(str)  # the section the comment is bound to
    move_here_requested = Signal()
    discarded = Signal()
    loaded = Signal()  # a comment (or a blank one) put in the fields

    def __init__(self, parent=None):
        super().__init__(parent)
        self.editing_id = ""
        self.loaded_revision: int | None = None
        self.quote = ""
        self.quote_start: int | None = None
        self.quote_end: int | None = None
        self.section_id = ""
        self.section_label = ""
        self.last_author = ""
        self._loaded: dict = {}
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold")
        self.heading.setWordWrap(True)
        self.elsewhere = QLabel()
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet("color: #8a4b00")
        self.go_back = QPushButton(_("&Go to its section"))
        self.go_back.clicked.connect(lambda: self.go_to_requested.emit(self.section_id))
        self.move_here = QPushButton(_("File it here &instead"))
        self.move_here.clicked.connect(self.move_here_requested)
        self.kind = QComboBox()
        for code in KINDS:
            self.kind.addItem(kind_label(code), code)
        self.author = QComboBox()
        self.author.setEditable(True)
        self.author.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.author.lineEdit().setPlaceholderText(_("Delegate's name (empty for the group's common view)"))
        self.quote_label = QLabel()
        self.quote_label.setWordWrap(True)
        # A form does not grow a wrapped label's height with its text: room for three lines, a long
        # quote shortened in the middle (whole in the tooltip and in the card once saved).
        self.quote_label.setMinimumHeight(self.quote_label.fontMetrics().lineSpacing() * QUOTE_LINES + 4)
        self.clear_quote = QToolButton()
        self.clear_quote.setText("✕")
        self.clear_quote.setToolTip(_("Remove the quoted passage"))
        self.clear_quote.clicked.connect(lambda: self.set_quote(""))
        # Out of the Tab chain: a secretary tabbing from the delegate to the text must not land on it
        # and remove the quote with the next space.
        self.clear_quote.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(_("The comment…"))
        self.proposal = QPlainTextEdit()
        self.proposal.setPlaceholderText(_("Proposed wording (optional)"))
        self.proposal.setMaximumHeight(70)
        self.text.setMinimumHeight(60)
        self._no_alt_letters = _NoAltLetters(self)
        for box in (self.text, self.proposal):
            box.setTabChangesFocus(True)  # a comment has no use for tab characters; Tab goes to the next field
            box.installEventFilter(self._no_alt_letters)
        self.author.lineEdit().installEventFilter(self._no_alt_letters)
        self.supporters = QSpinBox()
        self.supporters.setRange(0, 10_000)
        self.save_button = QPushButton(_("Save (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_("Ca&ncel"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in ((_("&Kind"), self.kind), (_("&Delegate"), self.author)):
            form.addRow(self._buddy(label, field), field)
        quote_row = QHBoxLayout()
        quote_row.setContentsMargins(0, 0, 0, 0)
        quote_row.addWidget(self.quote_label, 1)
        quote_row.addWidget(self.clear_quote)
        self.quote_row = QWidget()
        self.quote_row.setLayout(quote_row)
        form.addRow(_("Quote"), self.quote_row)
        for label, field in ((_("C&omment"), self.text), (_("&Proposed wording"), self.proposal),
                             (_("S&upporters"), self.supporters)):  # (no letter of a menu's)
            form.addRow(self._buddy(label, field), field)
        elsewhere_row = QHBoxLayout()
        elsewhere_row.setContentsMargins(0, 0, 0, 0)
        elsewhere_row.addWidget(self.go_back)
        elsewhere_row.addWidget(self.move_here)
        elsewhere_row.addStretch(1)
        self.elsewhere_box = QWidget()
        box_layout = QVBoxLayout(self.elsewhere_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.elsewhere)
        box_layout.addLayout(elsewhere_row)
        self.elsewhere_box.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # (the heading sits above the scrolled fields: see CommentPanel)
        layout.addWidget(self.elsewhere_box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for combo_shortcut in ("Ctrl+Return", "Ctrl+Enter"):  # from anywhere in the reading tab
            shortcut(combo_shortcut, self, self.save, Qt.ShortcutContext.WindowShortcut)
        self._esc = _EscCancelsEdit(self)
        for field in (self.kind, self.author.lineEdit(), self.text, self.proposal, self.supporters,
                      self.save_button, self.cancel_button):
            field.installEventFilter(self._esc)
        for box in (self.text, self.proposal):  # where the typing goes, plainly (no frame said so before)
            box.setStyleSheet("QPlainTextEdit:focus { border: 2px solid #2a6fdb; }")
        for widget in (self.text, self.proposal):
            widget.textChanged.connect(self.text_changed)
        self.author.editTextChanged.connect(lambda _t: self.text_changed.emit())
        self.set_quote("")
        self._show_heading()

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)  # Alt+letter of the label goes to the field
        return label

    # ------------------------------------------------------------------ where it is filed

    def bind(self, section_id: str, label: str) -> None:
        self.section_id, self.section_label = section_id, label
        self._show_heading()

    def show_elsewhere(self, shown: set[str]) -> None:
        """Say so when the section this comment is filed under is not among those shown."""
        away = bool(self.section_id) and self.section_id not in shown
        self.elsewhere_box.setVisible(away)
        if away:
            self.elsewhere.setText(_("You are reading another section: this comment will still be filed "
                                     "under {section}.").format(section=self.section_label))

    def _show_heading(self, note: str = "") -> None:
        title = _("Edit comment") if self.editing_id else _("New comment")
        if self.section_label:
            title = _("{title} — section {section}").format(title=title, section=self.section_label)
        self.heading.setText(note or title)

    # ------------------------------------------------------------------ contents

    def set_authors(self, names: list[str]) -> None:
        current = self.author.currentText()
        if self.last_author in names:  # the delegate who spoke last is one key (Down) away
            names = [self.last_author] + [n for n in names if n != self.last_author]
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItems(names)
        self.author.setCompleter(folding_completer(names, self.author))
        self.author.setEditText(current)
        self.author.blockSignals(False)

    def set_quote(self, passage: str, start: int | None = None, end: int | None = None) -> None:
        self.quote, self.quote_start, self.quote_end = passage, (start if passage else None), (end if passage else None)
        self._show_quote()
        self.quote_label.setToolTip(passage)
        self.clear_quote.setVisible(bool(passage))
        self.text_changed.emit()

    def _show_quote(self) -> None:
        """The quote in at most three lines of the label, shortened in the middle."""
        if not self.quote:
            self.quote_label.setText(_("(none — select text in the draft, or F7 and Shift+arrows, then Ctrl+Shift+Q)"))
            return
        metrics = self.quote_label.fontMetrics()
        room = max(self.quote_label.width(), 200) * QUOTE_LINES - metrics.averageCharWidth() * 12
        self.quote_label.setText(metrics.elidedText(f"“{self.quote}”", Qt.TextElideMode.ElideMiddle, room))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show_quote()

    def fields(self) -> dict:
        return {"kind": self.kind.currentData(), "author": self.author.currentText().strip(),
                "text": self.text.toPlainText().strip(), "quote": self.quote,
                "quote_start": self.quote_start, "quote_end": self.quote_end,
                "proposal": self.proposal.toPlainText().strip(), "supporters": self.supporters.value()}

    def load(self, fields: dict, comment_id: str = "", *, section_id: str | None = None, label: str = "") -> None:
        self.editing_id = comment_id
        self.loaded_revision: int | None = None  # of the comment being edited, when it was loaded
        if section_id is not None:
            self.section_id, self.section_label = section_id, label
        index = self.kind.findData(fields.get("kind") or "gop_y")
        self.kind.setCurrentIndex(max(0, index))
        self.author.setEditText(fields.get("author", ""))
        self.text.setPlainText(fields.get("text", ""))
        self.proposal.setPlainText(fields.get("proposal", ""))
        self.supporters.setValue(int(fields.get("supporters") or 0))
        self.set_quote(fields.get("quote", ""), fields.get("quote_start"), fields.get("quote_end"))
        self._loaded = self.fields()
        self._show_heading()
        if self.text.isVisible():  # an editor reset behind the consolidation leaves the keys where they are
            self.text.setFocus()
        self.loaded.emit()

    def mark_unsaved(self) -> None:
        """What the editor holds now differs from anything saved (a comment restored after a crash)."""
        self._loaded = {}

    def has_content(self) -> bool:
        """Something a user would not want to lose or to see filed elsewhere: text, wording or a quote."""
        f = self.fields()
        return bool(f["text"] or f["proposal"] or f["quote"])

    def is_dirty(self) -> bool:
        """Changed since it was loaded (a new comment: something typed or quoted)."""
        now = self.fields()
        if not self.editing_id:
            return any(now[k] != self._loaded.get(k) for k in ("text", "proposal", "quote"))
        return now != self._loaded

    def has_unsaved_text(self) -> bool:
        return bool(self.text.toPlainText().strip() or self.proposal.toPlainText().strip())

    def reset(self, *, author: str | None = None) -> None:
        keep = self.author.currentText() if author is None else author
        self.load({"author": keep})

    def cancel(self) -> None:
        """Cancel asks before it throws away what was typed: there is no undo for it."""
        if self.is_dirty() and messages.ask(
                self, _("Discard comment"), _("Discard the comment you are writing?"),
                [(_("Discard"), QMessageBox.ButtonRole.DestructiveRole),
                 (_("Keep writing"), QMessageBox.ButtonRole.RejectRole)], QMessageBox.Icon.Question) != 0:
            self.text.setFocus()
            return
        self.reset(author="")
        self.discarded.emit()

    def save(self) -> None:
        fields = self.fields()
        if not fields["text"]:
            self.text.setFocus()
            self._show_heading(_("Write the comment first."))
            QTimer.singleShot(2500, self._show_heading)
            return
        self.save_requested.emit(fields, self.editing_id)


class CommentPanel(QWidget):
    """Filters, the list of cards, and the editor below them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group_filter = QComboBox()
        make_searchable(self.group_filter)
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
        # The list and the editor share the column through a splitter the user can see and move
        # (remembered); the editor scrolls rather than squeezing the list on a 768-pixel screen.
        editor_area = self.editor_area = QScrollArea()
        editor_area.setWidget(self.editor)
        editor_area.setWidgetResizable(True)
        editor_area.setFrameShape(QFrame.Shape.NoFrame)
        editor_area.setMinimumHeight(120)
        # A Tab stop of its own showed nothing (fresh eyes): Tab goes from the cards straight to its fields.
        editor_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Each comment opens at the top of the form (its kind and delegate), wherever Tab had scrolled it.
        self.editor.loaded.connect(lambda: editor_area.verticalScrollBar().setValue(0))
        # A field reached by Tab or Alt+letter is scrolled into view: nobody types blind.
        QApplication.instance().focusChanged.connect(self._follow_focus)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(9)
        self.splitter.setStyleSheet("QSplitter::handle { background: qlineargradient(x1:0, y1:0, x2:0, y2:1, "
                                    "stop:0 transparent, stop:0.4 transparent, stop:0.45 #999, stop:0.55 #999, "
                                    "stop:0.6 transparent, stop:1 transparent); }")
        # The editor's heading ("New comment — section …", "Edit comment — …") stays in view above its
        # scrolled fields: on a 768-pixel screen a field reached by Tab would scroll it away, and with it
        # which section the comment goes to and whether it is a new one.
        editor_box = QWidget()
        box = QVBoxLayout(editor_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.editor.heading)
        box.addWidget(editor_area, 1)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(editor_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.list.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

    def _follow_focus(self, _old, now) -> None:
        try:
            inside = now is not None and self.editor.isAncestorOf(now)
        except RuntimeError:  # this panel was replaced (a change of language)
            return
        if inside:
            self.editor_area.ensureWidgetVisible(now, 10, 10)

    def balance(self) -> None:
        """At least half of the column for the list, the rest for the editor."""
        total = max(self.splitter.height(), 400)
        self.splitter.setSizes([total // 2 + total // 10, total - total // 2 - total // 10])

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
