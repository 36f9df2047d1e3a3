"""The selected section's text, rendered faithfully and readable when projected."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from reviewer.i18n import _
from reviewer.model import Note, Paragraph, Section, Table

BASE_POINT_SIZE = 13
MIN_ZOOM, MAX_ZOOM = -6, 20


def section_html(section: Section, *, highlight: str = "") -> str:
    """HTML for one section: its heading, paragraphs with bold/italic runs, tables, notes."""
    out = ['<html><body style="font-family: \'Liberation Serif\', \'Times New Roman\', serif;">']
    if section.number or section.title:
        out.append(f"<h2>{escape(section.heading)}</h2>")
    for block in section.blocks:
        out.append(_block_html(block))
    if not section.blocks:
        out.append(f'<p style="color:#777"><i>{escape(_("This section has no text of its own."))}</i></p>')
    out.append("</body></html>")
    return "".join(out)


def _block_html(block) -> str:
    if isinstance(block, Paragraph):
        if not block.text.strip():
            return ""
        runs = []
        for run in block.runs:
            text = escape(run.text).replace("\n", "<br/>")
            if run.note:
                text = f"<sup>{text}</sup>"
            if run.bold:
                text = f"<b>{text}</b>"
            if run.italic:
                text = f"<i>{text}</i>"
            runs.append(text)
        label = f"{escape(block.list_label)} " if block.list_label else ""
        align = {"center": "center", "right": "right", "both": "justify"}.get(block.align, "left")
        return f'<p align="{align}">{label}{"".join(runs)}</p>'
    if isinstance(block, Table):
        rows = []
        for row in block.rows:
            cells = "".join("<td>" + "".join(_block_html(b) for b in cell) + "</td>" for cell in row)
            rows.append(f"<tr>{cells}</tr>")
        return ('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">'
                + "".join(rows) + "</table>")
    if isinstance(block, Note):
        return f'<p style="font-size:small; color:#444">{escape(block.text)}</p>'
    return ""


class SectionView(QTextBrowser):
    """Shows one section; selecting a passage and pressing Ctrl+Shift+Q starts a comment quoting it."""

    quote_requested = Signal(str)
    zoom_changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.zoom = 0
        self.section: Section | None = None
        # The window's Edit menu owns the Ctrl+Shift+Q shortcut; this action serves the context menu.
        self.quote_action = QAction(_("Quote in a new comment") + "\tCtrl+Shift+Q", self)
        self.quote_action.triggered.connect(self._quote_selection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._apply_zoom()

    def show_section(self, section: Section | None) -> None:
        self.section = section
        self.setHtml(section_html(section) if section else "")
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def selected_passage(self) -> str:
        return " ".join(self.textCursor().selectedText().replace("\u2029", "\n").split())

    def _quote_selection(self) -> None:
        passage = self.selected_passage()
        if passage:
            self.quote_requested.emit(passage)

    def _context_menu(self, pos) -> None:
        menu = self.createStandardContextMenu(pos)
        self.quote_action.setEnabled(bool(self.selected_passage()))
        menu.insertAction(menu.actions()[0] if menu.actions() else None, self.quote_action)
        menu.insertSeparator(menu.actions()[1] if len(menu.actions()) > 1 else None)
        menu.exec(self.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def set_zoom(self, zoom: int) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._apply_zoom()
        self.zoom_changed.emit(self.zoom)

    def _apply_zoom(self) -> None:
        font = self.font()
        font.setPointSize(BASE_POINT_SIZE + self.zoom)
        self.document().setDefaultFont(font)

    def find_text(self, text: str, *, backward: bool = False) -> bool:
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        return self.find(text, flags)
