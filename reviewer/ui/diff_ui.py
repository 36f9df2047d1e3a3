"""View › Compare with previous version: what changed in a section of a revised draft, word by word —
inserted words green and underlined, deleted ones red and struck through (reviewer.store.word_diff)."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from reviewer.i18n import _, count
from reviewer.store import revise
from reviewer.store.word_diff import DELETED, INSERTED, counts, word_diff
from reviewer.ui import messages

INSERTED_STYLE = "color:#116329; background-color:#dafbe1; text-decoration:underline"
DELETED_STYLE = "color:#a40e26; background-color:#ffebe9; text-decoration:line-through"


def diff_html(old: str, new: str) -> str:
    """The new text with the words inserted since the old one and those deleted from it marked."""
    out = []
    for piece in word_diff(old, new):
        text = escape(piece.text).replace("\n", "<br/>")
        if piece.kind == INSERTED:
            out.append(f'<span style="{INSERTED_STYLE}">{text}</span>')
        elif piece.kind == DELETED:
            out.append(f'<span style="{DELETED_STYLE}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _whole(section: dict) -> str:
    """A section's heading and text: a heading renamed is a change too."""
    heading = f"{section['number']} {section['title']}".strip()
    return f"{heading}\n{section['text']}" if heading else section["text"]


def compare_with_previous(window, section_id: str | None = None) -> SectionDiffDialog | None:
    """Show what changed in a section (the one shown, by default) since the draft's previous version."""
    session = window.session
    pairs = revise.previous_sections(session.store, session.draft_id) if session.draft else {}
    if not pairs:
        messages.show_error(window, _("This draft is not a revised version of another: there is nothing to compare "
                                      "it with. Open the revised version with File › Open revised version…"))
        return None
    old_draft = next(iter(pairs.values())).old_draft
    old_paths = revise.section_paths(session.store.sections(old_draft))
    dialog = SectionDiffDialog(window, pairs, section_id or window.current_section_id(), old_paths=old_paths)
    window.diff_dialog = dialog  # kept: not modal, the window goes on working beside it
    dialog.show()
    return dialog


class SectionDiffDialog(QDialog):
    """One section of a revised draft against its earlier version; any other section can be chosen."""

    def __init__(self, parent, pairs: dict[str, revise.SectionPair], section_id: str, *,
                 old_paths: dict[str, str] | None = None):
        super().__init__(parent)
        self.pairs = pairs
        self.old_paths = old_paths or {}
        self.setWindowTitle(_("Changes since the previous version"))
        self.resize(760, 560)
        new_paths = revise.section_paths([p.new for p in pairs.values()])
        self.sections = QComboBox()
        self.sections.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sections.setMinimumContentsLength(40)
        for sid, pair in pairs.items():
            changed = pair.old is None or _whole(pair.old) != _whole(pair.new)
            self.sections.addItem(("● " if changed else "") + new_paths[sid], sid)
        label = QLabel(_("&Section:"))
        label.setBuddy(self.sections)
        self.previous_button = QPushButton(_("&Previous change"))
        self.next_button = QPushButton(_("&Next change"))
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)  # Enter in the list of sections must not jump to another change
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(+1))
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.sections, 1)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        legend = QLabel(f'<span style="{INSERTED_STYLE}">{escape(_("inserted words"))}</span> &nbsp; '
                        f'<span style="{DELETED_STYLE}">{escape(_("deleted words"))}</span>')
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.where)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(legend)
        layout.addWidget(buttons)
        # The outline's keys move between sections here too.
        QShortcut(QKeySequence("Alt+Up"), self, lambda: self._move(-1))
        QShortcut(QKeySequence("Alt+Down"), self, lambda: self._move(+1))
        self.sections.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_section(section_id)
        self.text.setFocus()

    def show_section(self, section_id: str) -> None:
        at = self.sections.findData(section_id)
        if at < 0:
            at = 0
        if at == self.sections.currentIndex():
            self.refresh()
        else:
            self.sections.setCurrentIndex(at)

    def current(self) -> revise.SectionPair | None:
        return self.pairs.get(self.sections.currentData())

    def refresh(self) -> None:
        pair = self.current()
        if pair is None:
            return
        old_text = _whole(pair.old) if pair.old else ""
        new_text = _whole(pair.new)
        if pair.old is None:
            self.where.setText(_("A new section: it has no counterpart in the previous version."))
        else:
            old_path = self.old_paths.get(pair.old["id"]) or revise.section_paths([pair.old])[pair.old["id"]]
            self.where.setText(_("In the previous version: section {section}").format(section=old_path))
        pieces = word_diff(old_text, new_text)
        inserted, deleted = counts(pieces)
        if not inserted and not deleted and pair.old is not None:
            self.summary.setText(_("Nothing changed in this section."))
        else:
            self.summary.setText(_("{inserted}, {deleted}.").format(
                inserted=count("{n} word inserted", "{n} words inserted", inserted),
                deleted=count("{n} word deleted", "{n} words deleted", deleted)))
        self.text.setHtml(diff_html(old_text, new_text) or
                          f'<p style="color:#777"><i>{escape(_("This section has no text of its own."))}</i></p>')

    def _move(self, delta: int) -> None:
        self.sections.setCurrentIndex(max(0, min(self.sections.count() - 1, self.sections.currentIndex() + delta)))

    def step(self, delta: int) -> None:
        """To the previous or next section whose text changed."""
        n = self.sections.currentIndex() + delta
        while 0 <= n < self.sections.count():
            if self.sections.itemText(n).startswith("● "):
                self.sections.setCurrentIndex(n)
                return
            n += delta
