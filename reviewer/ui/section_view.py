"""The selected section's text, rendered faithfully and readable when projected."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from reviewer.i18n import _
from reviewer.model import Note, Paragraph, Section, Table
from reviewer.textnorm import find_passage, passage_pattern

BASE_POINT_SIZE = 13
MIN_ZOOM, MAX_ZOOM = -6, 20
QUOTE_BACKGROUND = QColor("#fff0a0")
FOUND_BACKGROUND = QColor("#ffa94d")  # Ctrl+F's other matches: orange, underlined, apart from quotes' yellow
FOUND_LINE = QColor("#b35900")
CONTEXT_CHARS = 80  # read before a selection, to tell apart passages that occur more than once


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage chosen in a section: its words and where they lie in the section's text."""

    text: str
    start: int | None
    end: int | None
    section_id: str = ""


@dataclass(slots=True)
class Shown:
    """A section as shown: where its heading and its text begin in the view's document, and where it ends."""

    section: Section
    start: int
    body: int
    end: int = 0


_CELL_MARKS = "|/"  # between a table's cells, and between paragraphs of one cell, in a section's text (model.Table)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_%"


def section_html(section: Section, sub_sections=()) -> str:
    """HTML for one section: its heading, paragraphs with bold/italic runs, tables, notes; then, when
    given, its sub-sections (each heading named ``sec:ID`` so that the view can tell them apart)."""
    out = ['<html><body style="font-family: \'Liberation Serif\', \'Times New Roman\', serif;">']
    out.append(_section_body(section, "h2"))
    if not section.blocks and not sub_sections:
        out.append(f'<p style="color:#777"><i>{escape(_("This section has no text of its own."))}</i></p>')
    for sub in sub_sections:
        out.append(_section_body(sub, "h3"))
    out.append("</body></html>")
    return "".join(out)


def _section_body(section: Section, tag: str) -> str:
    out = []
    if section.number or section.title:
        out.append(f'<{tag}><a name="sec:{escape(section.id)}">{escape(section.heading)}</a></{tag}>')
    out.extend(_block_html(block) for block in section.blocks)
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
    """Shows one section with its quoted passages highlighted; selecting a passage and pressing
    Ctrl+Shift+Q starts a comment quoting it, clicking a highlight shows its comment."""

    quote_requested = Signal(object)  # a Passage
    quote_clicked = Signal(str)  # id of the comment whose quote was clicked
    zoom_changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.zoom = 0
        self.section: Section | None = None
        self.parts: list[Shown] = []  # the section, then the sub-sections shown with it
        self._quotes: dict[str, tuple[int, int]] = {}  # comment id -> its passage in the document
        # The window's Edit menu owns the Ctrl+Shift+Q shortcut; this action serves the context menu.
        self.quote_action = QAction(_("Quote in a new comment") + "\tCtrl+Shift+Q", self)
        self.quote_action.triggered.connect(self._quote_selection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.anchorClicked.connect(self._anchor_clicked)
        self._apply_zoom()

    def set_caret(self, on: bool) -> None:
        """A caret in the text (F7, as in web browsers): the arrows move it and Shift+arrows select a
        passage to quote without the mouse. Without it the arrows scroll, as while reading."""
        flags = Qt.TextInteractionFlag.TextBrowserInteraction
        if on:
            flags |= Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.setTextInteractionFlags(flags)
        self.setCursorWidth(2 if on else 1)  # Qt's one-pixel caret is easily lost in a table (fresh eyes)

    def place(self) -> tuple[str, int, float]:
        """Where the reader is: the section shown, the caret, and how far down the text is scrolled."""
        bar = self.verticalScrollBar()
        return (self.section.id if self.section else "", self.textCursor().position(),
                bar.value() / bar.maximum() if bar.maximum() else 0.0)

    def restore_place(self, place: tuple[str, int, float]) -> None:
        """Back to ``place`` when its section is the one shown: at once, and again once this view is laid
        out (a view made anew, as on a change of language, has no height yet)."""
        section_id, caret, fraction = place
        if self.section is None or self.section.id != section_id:
            return
        cursor = self.textCursor()
        cursor.setPosition(min(caret, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

        def scroll() -> None:
            bar = self.verticalScrollBar()
            bar.setValue(round(fraction * bar.maximum()))
        scroll()
        QTimer.singleShot(0, self, scroll)

    def has_caret(self) -> bool:
        return bool(self.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard)

    def show_section(self, section: Section | None, quotes=(), sub_sections=()) -> None:
        """Show ``section`` (and ``sub_sections`` after it); ``quotes`` are comments'
        ``(id, section id, start, end)``, positions in their section's text."""
        # The same section shown again (a comment saved, its quote marked): the reader stays where they were.
        again = section is not None and self.section is not None and section.id == self.section.id and [
            p.section.id for p in self.parts[1:]] == [s.id for s in sub_sections]
        place = self.place()
        self.section = section
        self.setExtraSelections([])  # marks of Ctrl+F's matches belong to the text they were found in
        self.setHtml(section_html(section, sub_sections) if section else "")
        self.parts = self._find_parts([section, *sub_sections]) if section else []
        self.highlight_quotes(quotes)
        if again:
            self.restore_place(place)
        else:
            self.moveCursor(QTextCursor.MoveOperation.Start)

    def _find_parts(self, sections: list[Section]) -> list[Shown]:
        by_id = {s.id: s for s in sections}
        parts = [] if sections[0].number or sections[0].title else [Shown(sections[0], 0, 0)]
        block = self.document().firstBlock()
        while block.isValid():
            it = block.begin()
            if not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    if name.startswith("sec:") and name[4:] in by_id:
                        parts.append(Shown(by_id[name[4:]], block.position(), block.next().position()))
            block = block.next()
        end = self.document().characterCount()
        for part, following in zip(parts, parts[1:] + [None], strict=True):
            part.end = following.start if following else end
        return parts

    def part_at(self, position: int) -> Shown | None:
        return next((p for p in reversed(self.parts) if p.start <= position), self.parts[0] if self.parts else None)

    def highlight_quotes(self, quotes) -> None:
        """Mark each quoted passage, found in the shown text as the same occurrence it is in the
        section's text (a passage may occur more than once)."""
        self._quotes = {}
        raw = self.document().toRawText()
        parts = {p.section.id: p for p in self.parts}
        for comment_id, section_id, start, end in quotes:
            part = parts.get(section_id)
            text = part.section.text if part else ""
            if part is None or start is None or end is None or not 0 <= start < end <= len(text):
                continue
            pattern = passage_pattern(text[start:end])
            nth = sum(1 for m in pattern.finditer(text) if m.start() < start)
            shown = [m.span() for m in pattern.finditer(raw, part.body, part.end)]
            if nth < len(shown):
                self._quotes[comment_id] = shown[nth]
        cursor = QTextCursor(self.document())
        for comment_id, (start, end) in self._quotes.items():
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            mark = QTextCharFormat()
            mark.setBackground(QUOTE_BACKGROUND)
            mark.setAnchor(True)
            mark.setAnchorHref(f"comment:{comment_id}")
            mark.setToolTip(_("Quoted in a comment: click to see it"))
            cursor.mergeCharFormat(mark)

    def show_quote(self, comment_id: str) -> bool:
        """Select the passage a comment quotes, scrolled into view."""
        span = self._quotes.get(comment_id)
        if not span:
            return False
        cursor = self.textCursor()
        cursor.setPosition(span[1])
        cursor.setPosition(span[0], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def _anchor_clicked(self, url: QUrl) -> None:
        action, _sep, comment_id = url.toString().partition(":")
        if action == "comment":
            self.quote_clicked.emit(comment_id)

    def snap_to_words(self) -> None:
        """Widen the selection to whole words, as a quote never ends in the middle of one."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return
        doc = self.document()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        def joined(pos: int) -> bool:  # the characters either side of pos are one word ("7,5", "1.245,4")
            before, after = doc.characterAt(pos - 1), doc.characterAt(pos)
            if _is_word(before) and _is_word(after):
                return True
            if before in ".," and after.isdigit():
                return pos > 1 and doc.characterAt(pos - 2).isdigit()
            return after in ".," and before.isdigit() and doc.characterAt(pos + 1).isdigit()

        while start > 0 and joined(start):
            start -= 1
        while end < doc.characterCount() - 1 and joined(end):
            end += 1
        while start < end and doc.characterAt(start).isspace():
            start += 1
        while end > start and doc.characterAt(end - 1).isspace():
            end -= 1
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def selected_passage(self) -> Passage | None:
        """The selection, snapped to whole words, and where it lies in the section's text."""
        self.snap_to_words()
        cursor = self.textCursor()
        if cursor.hasComplexSelection():
            # Across a table's cells Qt's selected text runs them together ("1.162,01.215,0"); the selection
            # as a document has a cell a line, joined here as the section's text joins a row's cells.
            cells = (" ".join(line.split()) for line in cursor.selection().toPlainText().split("\n"))
            words = " | ".join(cell for cell in cells if cell)
        else:
            words = " ".join(cursor.selectedText().replace("\u2029", "\n").split())
        part = self.part_at(cursor.selectionStart())
        if not words or part is None:
            return None
        text, section_id = part.section.text, part.section.id
        raw = self.document().toRawText()
        start = cursor.selectionStart()
        before = raw[max(part.body, start - CONTEXT_CHARS): start]
        near = (start - part.body) / max(1, part.end - part.body)
        span = find_passage(text, words, before=before, near=near)
        if span is None:
            return Passage(words, None, None, section_id)  # a heading, or a passage across a table's cells
        start, end = span
        # A selection to the end of a table's cell takes the separator the section's text puts after it
        # ("1.245,4 |", found by fresh eyes): a quote begins and ends with words.
        while start < end and (text[start].isspace() or text[start] in _CELL_MARKS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _CELL_MARKS):
            end -= 1
        if start == end:
            return None
        return Passage(" ".join(text[start:end].split()), start, end, section_id)

    def _quote_selection(self) -> None:
        passage = self.selected_passage()
        if passage:
            self.quote_requested.emit(passage)

    def _context_menu(self, pos) -> None:
        menu = self.createStandardContextMenu(pos)
        self.quote_action.setEnabled(self.textCursor().hasSelection())
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

    def mark_found(self, words) -> None:
        """Mark every occurrence of these words (case aside) in what is shown, as Ctrl+F's matches;
        the one gone to is the selection."""
        found: dict[tuple[int, int], QTextCursor] = {}
        doc = self.document()
        for text in {w for w in words if w}:
            cursor = doc.find(text)
            while not cursor.isNull():
                found.setdefault((cursor.selectionStart(), cursor.selectionEnd()), cursor)
                cursor = doc.find(text, cursor)
        mark = QTextCharFormat()
        mark.setBackground(FOUND_BACKGROUND)
        mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        mark.setUnderlineColor(FOUND_LINE)
        selections = []
        for cursor in found.values():
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, mark
            selections.append(selection)
        self.setExtraSelections(selections)

    def find_text(self, text: str, *, backward: bool = False) -> bool:
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        return self.find(text, flags)
