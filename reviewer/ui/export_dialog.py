"""File › Export consolidated PDF…: options with a live count, a background export with Cancel,
then open or print the result; and the conference's print settings."""
from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import sys
import threading
import weakref
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from reviewer.errors import ReviewerError
from reviewer.export_options import for_draft
from reviewer.i18n import _, count, speaking
from reviewer.pdf import ExportCancelled, ExportOptions, ExportResult, export_pdf, load_conference, parse_date
from reviewer.pdf.blocks import date_line
from reviewer.store import listing
from reviewer.ui import messages, places
from reviewer.ui.dialogs import ok_cancel_buttons
from reviewer.ui.section_chooser import SectionChooser, chosen_summary
from reviewer.ui.session import ReviewSession
from reviewer.ui.workers import Job, run_in_background
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label

log = logging.getLogger(__name__)


def _checklist(items: list[tuple[str, str]], only: str = "") -> QListWidget:
    """Items checked (only the one coded ``only``, when it is among them)."""
    only = only if any(code == only for _label, code in items) else ""
    widget = QListWidget()
    for label, code in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setCheckState(Qt.CheckState.Checked if not only or code == only else Qt.CheckState.Unchecked)
        widget.addItem(item)
    # Every choice visible without scrolling (a hidden last kind, "nhất trí", was missed), up to 8 rows.
    rows = min(len(items), 8)
    widget.setFixedHeight(rows * max(widget.sizeHintForRow(0), 18) + 2 * widget.frameWidth() + 4)
    return widget


# Comments of real length (about 230 characters) per printed page, measured on 4,390 of them: 714 pages by
# section, 1,474 in the table form; 113,296 comments printed 18,924 pages by section.
_PER_PAGE = {"sections": 6.0, "table": 3.0}
PAGES_WORTH_SAYING = 50


def estimated_pages(comments: int, layout: str) -> int:
    """About how many pages a print of this many comments takes, to two significant figures."""
    pages = comments / _PER_PAGE[layout]
    if pages < 100:
        return round(pages)
    digits = len(str(int(pages))) - 2
    return int(round(pages, -digits))


def _check_every(widget: QListWidget, state: Qt.CheckState) -> None:
    for i in range(widget.count()):
        widget.item(i).setCheckState(state)


def _checked(widget: QListWidget) -> set[str] | None:
    """The checked codes, or None when all are checked (no filter)."""
    codes = {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
             if widget.item(i).checkState() == widget.item(i).checkState().Checked}
    return None if len(codes) == widget.count() else codes


class ExportDialog(QDialog):
    """``shown``: the consolidation's filter when it is exported from there, chosen here to start with (its
    group, kind, status and sections): what the secretariat sees is what it prints, unless it says otherwise."""

    def __init__(self, session: ReviewSession, parent=None, *, shown: listing.ListFilter | None = None):
        super().__init__(parent)
        self.session = session
        shown = shown or listing.ListFilter()
        self.setWindowTitle(_("Export consolidated PDF"))
        self.by_section = QRadioButton(_("By sec&tion (A4 portrait)"))
        self.as_table = QRadioButton(_("Table &form “bảng tổng hợp ý kiến” (A4 landscape)"))
        self.by_section.setChecked(True)
        groups = listing.comment_groups(session.store, session.draft_id)  # not every comment: 500,000 at a province
        self.groups = _checklist([(g, g) for g in groups], shown.group)
        self.kinds = _checklist([(kind_label(k), k) for k in KINDS], shown.kind)
        self.statuses = _checklist([(status_label(s), s) for s in STATUSES], shown.status)
        # The consolidation's section filter to start with; any sections can be chosen.
        self.sections: set[str] | None = set(shown.sections) or None
        self.sections_label = QLabel()
        self.sections_label.setWordWrap(True)
        self.choose_sections = QPushButton(_("Choose &sections…"))
        self.choose_sections.clicked.connect(self._choose_sections)
        self.hide_names = QCheckBox(_("&Hide delegates' names (show the group only)"))
        self.excerpt = QCheckBox(_("&Print a short excerpt of each section"))
        self.include_deleted = QCheckBox(_("Include &deleted comments"))
        # The document goes to the drafting committee: Vietnamese whatever language the window speaks.
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.count = QLabel()
        # The header as it will print (the first PDF most secretariats print had the wrong province in it).
        self.header_preview = QLabel()
        self.header_preview.setTextFormat(Qt.TextFormat.RichText)
        self.header_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Placeholders ("ĐẢNG BỘ TỈNH …", "T/M …") print as they are: say so before the committee gets them.
        self.header_warning = QLabel()
        self.header_warning.setWordWrap(True)
        self.header_warning.setStyleSheet("color: #9a5b00")
        self.edit_header = QPushButton(_("&Edit header…"))
        self.edit_header.clicked.connect(self._edit_header)
        header_box = QGroupBox(_("Header"))
        header_row = QHBoxLayout(header_box)
        header_text = QVBoxLayout()
        header_text.addWidget(self.header_preview)
        header_text.addWidget(self.header_warning)
        header_row.addLayout(header_text, 1)
        header_row.addWidget(self.edit_header, 0, Qt.AlignmentFlag.AlignTop)
        layout_box = QGroupBox(_("Layout"))
        box = QVBoxLayout(layout_box)
        box.addWidget(self.by_section)
        box.addWidget(self.as_table)
        filters = QFormLayout()
        sections_row = QHBoxLayout()
        sections_row.addWidget(self.sections_label, 1)
        sections_row.addWidget(self.choose_sections, 0, Qt.AlignmentFlag.AlignTop)
        filters.addRow(_("Sections"), sections_row)
        # Side by side: one above the other, a province's units and the kinds overlapped on a 768-pixel screen.
        lists = QHBoxLayout()
        for title, widget in ((_("Groups"), self.groups), (_("Kinds"), self.kinds), (_("Statuses"), self.statuses)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(widget)
            if widget is self.groups and widget.count() > 2:
                row = QHBoxLayout()
                for text, state in ((_("&All"), Qt.CheckState.Checked), (_("&None"), Qt.CheckState.Unchecked)):
                    button = QPushButton(text)
                    button.clicked.connect(lambda _c=False, s=state: self._check_every_group(s))
                    row.addWidget(button)
                row.addStretch(1)
                column.addLayout(row)
            column.addStretch(1)
            lists.addLayout(column, 2 if widget is self.groups else 1)
        filters.addRow(lists)
        filters.addRow(_("Language of the document"), self.language)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(_("E&xport…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        main.addWidget(layout_box)
        main.addLayout(filters)
        main.addWidget(header_box)
        for widget in (self.hide_names, self.excerpt, self.include_deleted, self.count):
            main.addWidget(widget)
        main.addWidget(buttons)
        for widget in (self.groups, self.kinds, self.statuses):
            widget.itemChanged.connect(lambda _i: self._update_count())
        self.include_deleted.toggled.connect(lambda _on: self._update_count())
        self.as_table.toggled.connect(lambda _on: self._update_count())  # the pages it takes
        self.language.currentIndexChanged.connect(lambda _i: self._update_header())
        self._show_sections()
        self._update_count()
        self._update_header()

    def resizeEvent(self, event) -> None:
        # Its wrapped labels make the rows' height depend on the width, which Qt does not hold a window to: the
        # dialog opened 14 pixels short of it, and the language's row covered the groups' last entries (found by
        # fresh eyes). At any width, never less than the rows need.
        super().resizeEvent(event)
        need = self.layout().totalHeightForWidth(self.width())
        if need > 0 and self.minimumHeight() != need:
            self.setMinimumHeight(need)

    def _check_every_group(self, state: Qt.CheckState) -> None:
        # One count of what will print, not one per group: a province's 70 units froze the dialog for seconds.
        self.groups.blockSignals(True)
        try:
            _check_every(self.groups, state)
        finally:
            self.groups.blockSignals(False)
        self._update_count()

    def _choose_sections(self) -> None:
        dialog = SectionChooser(self.session.document.sections, self.sections, self)
        if dialog.exec():
            self.sections = dialog.chosen()
            self._show_sections()
            self._update_count()

    def _show_sections(self) -> None:
        self.sections_label.setText(chosen_summary(self.session.document.sections, self.sections))

    def use_options(self, options: ExportOptions) -> None:
        """Show the choices of an earlier export (the other layout of the same print is one key away)."""
        (self.as_table if options.layout == "table" else self.by_section).setChecked(True)
        for widget, codes in ((self.groups, options.groups), (self.kinds, options.kinds),
                              (self.statuses, options.statuses)):
            widget.blockSignals(True)
            for i in range(widget.count()):
                item = widget.item(i)
                ticked = codes is None or item.data(Qt.ItemDataRole.UserRole) in codes
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            widget.blockSignals(False)
        self.sections = set(options.sections) if options.sections is not None else None
        for box, on in ((self.hide_names, options.hide_names), (self.excerpt, options.excerpt),
                        (self.include_deleted, options.include_deleted)):
            box.setChecked(on)
        self.language.setCurrentIndex(max(0, self.language.findData(options.language)))
        self._show_sections()
        self._update_count()

    def options(self) -> ExportOptions:
        return ExportOptions(layout="table" if self.as_table.isChecked() else "sections",
                             groups=_checked(self.groups), kinds=_checked(self.kinds),
                             sections=self.sections,
                             statuses=_checked(self.statuses), hide_names=self.hide_names.isChecked(),
                             excerpt=self.excerpt.isChecked(), include_deleted=self.include_deleted.isChecked(),
                             language=self.language.currentData())

    def _update_count(self) -> None:
        options = self.options()
        chosen, sections = listing.export_count(
            self.session.store, self.session.draft_id, groups=options.groups, kinds=options.kinds,
            statuses=options.statuses, sections=options.sections, include_deleted=options.include_deleted)
        text = _("{comments} on {sections} will be printed.").format(
            comments=count("{n} comment", "{n} comments", chosen),
            sections=count("{n} section", "{n} sections", sections))
        pages = estimated_pages(chosen, options.layout)
        if pages >= PAGES_WORTH_SAYING:  # 113,000 comments are some 19,000 pages: better known before printing
            text += " " + count("About {n} page.", "About {n} pages.", pages)
        self.count.setText(text)
        self.export_button.setEnabled(bool(chosen))

    def _conference(self):
        store, draft_id = self.session.store, self.session.draft_id
        preamble = next((s["text"] for s in store.sections(draft_id) if s["id"] == "preamble"), "")
        return for_draft(load_conference(store), preamble)

    def header_lines(self) -> list[str]:
        """The issuer lines and the place and date line the PDF will print, in the document's language."""
        conf = self._conference()
        with speaking(self.language.currentData()):
            return [*conf.issuer_lines, date_line(conf.place, conf.date)]

    def _update_header(self) -> None:
        *issuer, date = [html.escape(line) for line in self.header_lines()]
        if issuer:
            issuer[-1] = f"<b>{issuer[-1]}</b>"  # as printed: the issuing body's last line bold, the date italic
        self.header_preview.setText("<br>".join([*issuer, f"<i>{date}</i>"]))
        conf = self._conference()
        unfilled = [line for line in (*conf.issuer_lines, conf.place, *conf.signer_lines) if "…" in line]
        self.header_warning.setText(_("Still to fill in: {lines}. They print as they are; Edit header… fills "
                                      "them in.").format(lines="; ".join(f"“{line}”" for line in unfilled))
                                    if unfilled else "")
        self.header_warning.setVisible(bool(unfilled))

    def _edit_header(self) -> None:
        edit_conference_of(self.session, self)
        self._update_header()


# Per window: (draft id, the consolidation's filter it started from, the options chosen) of its last PDF export.
_LAST_EXPORT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def export_pdf_interactively(window) -> None:
    session: ReviewSession = window.session
    if not session.draft:
        return
    shown = window.consolidation.shown_filter() if window.tabs.currentIndex() == 1 else None
    dialog = ExportDialog(session, window, shown=shown)
    # The choices of the last export of this draft from the same view, as they were (found by fresh eyes: to print
    # the other layout, the groups and sections had to be chosen again).
    last = _LAST_EXPORT.get(window)
    if last is not None and last[:2] == (session.draft_id, shown):
        dialog.use_options(last[2])
    path = ""
    while not path:  # the file not chosen: back to the dialog, its choices as they were
        if not dialog.exec():
            return
        options = dialog.options()
        one_group = next(iter(options.groups)) if options.groups is not None and len(options.groups) == 1 else ""
        suggested = places.suggested_path(places.save_folder(window.settings), _("Consolidated comments"),
                                          session.document.title, ".pdf", who=one_group)
        path, _filter = QFileDialog.getSaveFileName(window, _("Save the PDF as"), str(suggested), _("PDF (*.pdf)"))
    _LAST_EXPORT[window] = (session.draft_id, shown, options)
    out = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
    places.remember_folder(window.settings, out)
    draft_id = session.draft_id

    def write(job: Job) -> ExportResult:
        return export_pdf(job.store, draft_id, out, conference=load_conference(job.store), options=options,
                          progress=job.report)

    def finished(result: ExportResult) -> None:
        message = _("The PDF is ready:\n{path}").format(path=out)
        if result.missing_characters:
            message += "\n\n" + _("Warning: the font cannot draw {chars}; they print as empty boxes.").format(
                chars=" ".join(result.missing_characters))
        choice = messages.ask(window, _("Export consolidated PDF"), message,
                              [(_("Open"), QMessageBox.ButtonRole.AcceptRole),
                               (_("Print…"), QMessageBox.ButtonRole.ActionRole),
                               (_("Close"), QMessageBox.ButtonRole.RejectRole)], QMessageBox.Icon.Information)
        if choice == 0 and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(out))):
            messages.show_error(window, _("No program to show PDF files was found on this computer. The PDF is "
                                          "saved at:\n{path}").format(path=out))
        elif choice == 1:
            print_pdf(window, out)

    def failed(exc: BaseException, tb: str) -> None:
        if isinstance(exc, ExportCancelled):
            window.statusBar().showMessage(_("Export cancelled; no file was written."), 5000)
        elif isinstance(exc, ReviewerError):
            messages.show_error(window, str(exc))
        else:
            log.error("exporting %s failed:\n%s", out, tb)
            messages.show_error(window, _("The PDF could not be written because of an unexpected error. Details are "
                                          "in the log file."))

    run_in_background(window, write, label=_("Writing the PDF…"), title=_("Export consolidated PDF"), progress=True,
                      cancel=threading.Event(), store_path=session.store.path, on_done=finished, on_error=failed)


def print_pdf(window, path: Path) -> None:
    """Print the generated PDF itself: choose a printer in Qt's dialog, then hand the file to the system."""
    printer = QPrinter()
    dialog = QPrintDialog(printer, window)
    if not dialog.exec():
        return
    try:
        if sys.platform == "win32":
            os.startfile(str(path), "print")  # noqa: S606 — the system's PDF viewer prints it
            return
        lp = shutil.which("lp") or shutil.which("lpr")
        if lp is None:
            raise OSError(_("no printing system (lp) was found"))
        name = printer.printerName()
        command = [lp, "-d", name, str(path)] if lp.endswith("lp") and name else [lp, str(path)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        messages.show_error(window, _("The PDF could not be sent to the printer ({reason}). Open it and print it from "
                                      "your PDF viewer.").format(reason=exc))


def edit_conference(window) -> None:
    """Settings › Conference print settings…"""
    edit_conference_of(window.session, window)


def edit_conference_of(session: ReviewSession, parent) -> bool:
    """The Conference dialog over ``parent``; True if settings were saved."""
    dialog = ConferenceDialog(session.store.conference(), parent)
    if not dialog.exec():
        return False
    try:
        session.set_conference(**dialog.changes())
    except ReviewerError as exc:
        messages.show_error(parent, str(exc))
        return False
    return True


class ConferenceDialog(QDialog):
    """Settings › Conference…: what the printed header says."""

    def __init__(self, values: dict[str, str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Conference print settings"))
        # Empty: the draft's own header block names the issuer (else "ĐẢNG BỘ TỈNH …"), never another province.
        self.issuer = QPlainTextEdit(values.get("issuer_lines", ""))
        self.issuer.setPlaceholderText(_("empty: as in the draft’s own header, else “ĐẢNG BỘ TỈNH …”"))
        self.issuer.setMaximumHeight(60)
        self.fields = {key: QLineEdit(values.get(key, "")) for key in ("number_line", "place", "date", "title",
                                                                        "subtitle", "secretariat")}
        self.fields["date"].setPlaceholderText(_("empty: the day of printing"))
        self.fields["place"].setPlaceholderText(_("empty: as in the draft’s own header"))
        self.marker = QCheckBox(_("Print the “DỰ THẢO” marker"))
        self.marker.setChecked(values.get("draft_marker") == "1")
        # The closing block's right-hand lines ("T/M BAN THƯ KÝ", "THƯ KÝ"): the signature is written under them.
        self.signer = QPlainTextEdit(values.get("signer_lines", ""))
        self.signer.setPlaceholderText(_("empty: “T/M …” and “THƯ KÝ”"))
        self.signer.setMaximumHeight(60)
        form = QFormLayout()
        form.addRow(_("Issuing body (one line each)"), self.issuer)
        labels = {"number_line": _("Number line"), "place": _("Place"), "date": _("Date"), "title": _("Title"),
                  "subtitle": _("Line under the title"), "secretariat": _("Prepared by (the PDF’s author)")}
        for key, widget in self.fields.items():
            form.addRow(labels[key], widget)
        form.addRow(_("Signer (one line each)"), self.signer)
        form.addRow("", self.marker)
        buttons = ok_cancel_buttons(self, _("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)

    def changes(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {"issuer_lines": self.issuer.toPlainText().strip() or None}
        for key, widget in self.fields.items():
            out[key] = widget.text().strip() or None
        if out["date"]:
            out["date"] = parse_date(out["date"]).isoformat()
        out["signer_lines"] = self.signer.toPlainText().strip() or None
        out["draft_marker"] = "1" if self.marker.isChecked() else "0"
        return out
