"""Small dialogs: who uses this laptop, search across the draft and its comments, preferences."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
)

from reviewer.i18n import _, count
from reviewer.textnorm import fold
from reviewer.ui.searchable import make_searchable
from reviewer.ui.session import Identity, ReviewSession
from reviewer.vocab import ROLES, role_label


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK/Cancel buttons with our own (translated) texts, wired to accept/reject."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


# Where the secretariat's own comments are filed (a conference's data, printed in Vietnamese).
SECRETARIAT_GROUP = "Ban thư ký"


class IdentityDialog(QDialog):
    """Asked on first run and from the settings: name, group and role of whoever uses this laptop."""

    def __init__(self, identity: Identity, groups: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Who is using this laptop?"))
        self.name = QLineEdit(identity.name)
        self.name.setPlaceholderText(_("Full name"))
        self.group = QComboBox()
        make_searchable(self.group)  # a new name may still be typed: the combo is editable
        # Group names are the conference's data, printed in Vietnamese and merged across laptops: the
        # presets are "Tổ 1"… in every interface language, or an English window would start "Group 2".
        presets = [f"Tổ {n}" for n in range(1, 9)] + [SECRETARIAT_GROUP]
        self.group.addItems(list(groups) + [g for g in presets if g not in groups])
        # None proposed to a new laptop: Enter on "Tổ 1" would file a whole group's comments under Tổ 1.
        self.group.setEditText(identity.group or "")
        self.group.lineEdit().setPlaceholderText(_("Choose or type your group (Tổ 3)"))
        self._group_before = ""  # the group shown before the secretariat's role was chosen
        self.role = QComboBox()
        self.role.addItem(_("(not given)"), "")
        for code in ROLES:
            self.role.addItem(role_label(code), code)
        self.role.setCurrentIndex(max(0, self.role.findData(identity.role or "")))
        self.role.currentIndexChanged.connect(self._role_changed)
        self.group.currentTextChanged.connect(self._group_changed)
        self._role_changed()
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Group"), self.group)
        form.addRow(_("Role"), self.role)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Comments you record are filed under this group. The group secretary can "
                                  "still write each comment in a delegate's name.")))
        layout.addLayout(form)
        self.needs_group = QLabel(_("Choose a group, or the role of the conference secretariat."))
        self.needs_group.setStyleSheet("color: #9a5b00")
        layout.addWidget(self.needs_group)
        buttons = ok_cancel_buttons(self, _("Save"))
        self.save = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.group.editTextChanged.connect(lambda _text: self._allow_save())
        self._allow_save()

    def _allow_save(self) -> None:
        self.save.setEnabled(bool(self.identity().group))
        self.needs_group.setVisible(not self.save.isEnabled())  # why Save is greyed out

    def _role_changed(self) -> None:
        # The conference secretariat is no breakout group: what it records is filed under its own name, never
        # counted as a group's ("Tổ 2" with the secretariat's role would be both). A group's secretary is
        # "thư ký tổ".
        secretariat = self.role.currentData() == "ban_thu_ky"
        group = self.group.currentText().strip()
        if secretariat and group != SECRETARIAT_GROUP:
            self._group_before = group
            self.group.setEditText(SECRETARIAT_GROUP)
        elif not secretariat and group == SECRETARIAT_GROUP:
            # The group held before; none known: empty, to be chosen (a preset would file under the wrong one).
            self.group.setEditText(self._group_before)
        self.group.setEnabled(not secretariat)

    def _group_changed(self, text: str) -> None:
        if text.strip() == SECRETARIAT_GROUP and self.role.currentData() != "ban_thu_ky":
            self.role.setCurrentIndex(self.role.findData("ban_thu_ky"))

    def identity(self) -> Identity:
        role = self.role.currentData() or None
        group = SECRETARIAT_GROUP if role == "ban_thu_ky" else self._known_group(self.group.currentText())
        return Identity(self.name.text().strip(), group, role)

    def _known_group(self, typed: str) -> str:
        """The group listed that ``typed`` names, accents, case and spacing aside ("to 4" is "Tổ 4"): names are
        what groups are known by on every laptop, and "To 4" saved as typed would be a group of its own."""
        typed = " ".join(typed.split())
        key = fold(typed)
        for n in range(self.group.count()):
            name = self.group.itemText(n)
            if fold(" ".join(name.split())) == key:
                return name
        return typed


HTML_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_SHOWN = 100  # results listed; the best first
MUTED = "#555"


class HtmlDelegate(QStyledItemDelegate):
    """List items drawn from a little HTML (the matched words in bold), selection colours kept."""

    def _document(self, option, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        html = index.data(HTML_ROLE) or ""
        if option.state & QStyle.StateFlag.State_Selected:  # grey on the selection's blue is unreadable
            html = html.replace(f'style="color:{MUTED}"', "")
        doc.setHtml(html)
        doc.setTextWidth(max(100, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()) + 8, int(doc.size().height()) + 4)


def hit_html(parts: list[tuple[str, bool]]) -> str:
    return "".join(f"<b><u>{escape(t)}</u></b>" if matched else escape(t) for t, matched in parts)


class SearchDialog(QDialog):
    """Search as you type across comments and section headings, accents aside. Up and Down move in
    the results while typing; Enter opens the one chosen."""

    chosen = Signal(str, str)  # section id, comment id ("" for a heading)

    def __init__(self, session: ReviewSession, parent=None, *, label=None):
        super().__init__(parent)
        self.session = session
        self.label = label or (lambda section_id: (session.section(section_id).heading
                                                   if session.section(section_id) else section_id))
        self.setWindowTitle(_("Search comments and sections"))
        self.resize(720, 460)
        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Type a few letters; accents are optional (“dang” finds “Đảng”)"))
        self.query.installEventFilter(self)
        self.results = QListWidget()
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self.timer.start())
        self.query.returnPressed.connect(self._choose_current)
        self.results.itemActivated.connect(self._choose)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if self.timer.isActive():
                self.timer.stop()
                self.run_search()
            QApplication.sendEvent(self.results, event)  # the results move; the typing stays where it is
            return True
        return super().eventFilter(watched, event)

    def run_search(self) -> None:
        self.results.clear()
        text = self.query.text().strip()
        if not text:
            self.status.clear()
            return
        hits = self.session.store.search(text, draft_id=self.session.draft_id, limit=SEARCH_SHOWN)
        for hit in hits:
            where = escape(self.label(hit["section"]))
            if hit["comment"]:
                c = self.session.store.comment(hit["comment"])
                who = escape(c.group + (f" · {c.author}" if c.author else ""))
                html = f'<span style="color:{MUTED}">{where}</span><br/><b>{who}</b>: {hit_html(hit["parts"])}'
                plain = f"{self.label(hit['section'])} — {c.group}: {hit['snippet']}"
            else:  # a heading: named by its full path, the words that matched in bold
                html = f'<span style="color:{MUTED}">§ {where}</span><br/>{hit_html(hit["parts"])}'
                plain = f"§ {self.label(hit['section'])}"
            item = QListWidgetItem(plain)
            item.setData(HTML_ROLE, html)
            item.setData(Qt.ItemDataRole.UserRole, (hit["section"], hit["comment"] or ""))
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        # A common word matches thousands: say that these are the first, not all.
        self.status.setText(_("The first {n} results: add a word to narrow them").format(n=len(hits))
                            if len(hits) >= SEARCH_SHOWN else count("{n} result", "{n} results", len(hits)))

    def _choose_current(self) -> None:
        if self.timer.isActive() or not self.results.count():
            self.timer.stop()
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        section_id, comment_id = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.emit(section_id, comment_id)
        self.accept()


class LanguageDialog(QDialog):
    def __init__(self, current: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Language"))
        self.choice = QComboBox()
        self.choice.addItem(_("Follow the system"), "")
        self.choice.addItem("Tiếng Việt", "vi")
        self.choice.addItem("English", "en")
        self.choice.setCurrentIndex(max(0, self.choice.findData(current)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The new language applies to the whole window at once.")))
        layout.addWidget(self.choice)
        layout.addWidget(ok_cancel_buttons(self, _("Save")))

    def language(self) -> str:
        return self.choice.currentData()
