"""File › Export consolidated PDF…: options with a live count, a background export with Cancel,
then open or print the result; and the conference's print settings."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
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
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
)

from reviewer.errors import ReviewerError
from reviewer.i18n import _, count
from reviewer.textnorm import natural_key
from reviewer.ui.dialogs import ok_cancel_buttons
from reviewer.ui.session import ReviewSession
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label


def _checklist(items: list[tuple[str, str]]) -> QListWidget:
    widget = QListWidget()
    for label, code in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setCheckState(item.checkState().Checked)
        widget.addItem(item)
    widget.setMaximumHeight(110)
    return widget


def _checked(widget: QListWidget) -> set[str] | None:
    """The checked codes, or None when all are checked (no filter)."""
    codes = {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
             if widget.item(i).checkState() == widget.item(i).checkState().Checked}
    return None if len(codes) == widget.count() else codes


class ExportDialog(QDialog):
    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Export consolidated PDF"))
        self.by_section = QRadioButton(_("By section (A4 portrait)"))
        self.as_table = QRadioButton(_("Table form “bảng tổng hợp ý kiến” (A4 landscape)"))
        self.by_section.setChecked(True)
        comments = session.comments()
        groups = sorted({c.group for c in comments}, key=natural_key)
        self.groups = _checklist([(g, g) for g in groups])
        self.kinds = _checklist([(kind_label(k), k) for k in KINDS])
        self.statuses = _checklist([(status_label(s), s) for s in STATUSES])
        self.hide_names = QCheckBox(_("Hide delegates' names (show the group only)"))
        self.excerpt = QCheckBox(_("Print a short excerpt of each section"))
        self.include_deleted = QCheckBox(_("Include deleted comments"))
        self.count = QLabel()
        layout_box = QGroupBox(_("Layout"))
        box = QVBoxLayout(layout_box)
        box.addWidget(self.by_section)
        box.addWidget(self.as_table)
        filters = QFormLayout()
        filters.addRow(_("Groups"), self.groups)
        filters.addRow(_("Kinds"), self.kinds)
        filters.addRow(_("Statuses"), self.statuses)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(_("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        main.addWidget(layout_box)
        main.addLayout(filters)
        for widget in (self.hide_names, self.excerpt, self.include_deleted, self.count):
            main.addWidget(widget)
        main.addWidget(buttons)
        for widget in (self.groups, self.kinds, self.statuses):
            widget.itemChanged.connect(lambda _i: self._update_count())
        self.include_deleted.toggled.connect(lambda _on: self._update_count())
        self._update_count()

    def options(self):
        from reviewer.pdf import ExportOptions

        return ExportOptions(layout="table" if self.as_table.isChecked() else "sections",
                             groups=_checked(self.groups), kinds=_checked(self.kinds),
                             statuses=_checked(self.statuses), hide_names=self.hide_names.isChecked(),
                             excerpt=self.excerpt.isChecked(), include_deleted=self.include_deleted.isChecked())

    def _update_count(self) -> None:
        options = self.options()
        comments = self.session.store.comments(self.session.draft_id, include_deleted=options.include_deleted)
        chosen = [c for c in comments if (options.groups is None or c.group in options.groups)
                  and (options.kinds is None or c.kind in options.kinds)
                  and (options.statuses is None or c.status in options.statuses)]
        sections = len({c.section for c in chosen})
        self.count.setText(_("{comments} on {sections} will be printed.").format(
            comments=count("{n} comment", "{n} comments", len(chosen)),
            sections=count("{n} section", "{n} sections", sections)))
        self.export_button.setEnabled(bool(chosen))


class _Relay(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _ExportTask(QRunnable):
    def __init__(self, db_path: Path, draft_id: str, out: Path, options, cancel: threading.Event, relay: _Relay):
        super().__init__()
        self.args = (db_path, draft_id, out, options)
        self.cancel = cancel
        self.relay = relay

    def run(self) -> None:
        from reviewer.pdf import export_pdf, load_conference
        from reviewer.store import Store

        db_path, draft_id, out, options = self.args
        try:
            # Its own connection: the window's stays with the main thread.
            with Store(db_path) as store:
                def progress(done: int, total: int) -> bool:
                    self.relay.progressed.emit(done, total)
                    return not self.cancel.is_set()

                result = export_pdf(store, draft_id, out, conference=load_conference(store), options=options,
                                    progress=progress)
        except BaseException as exc:  # shown by the main thread
            self.relay.failed.emit(exc)
        else:
            self.relay.finished.emit(result)


def export_pdf_interactively(window) -> None:
    from reviewer.ui.main_window import ask, show_error

    session: ReviewSession = window.session
    if not session.draft:
        return
    dialog = ExportDialog(session, window)
    if not dialog.exec():
        return
    options = dialog.options()
    suggested = Path(session.path.parent if session.path else Path.home()) / _("consolidated-comments.pdf")
    path, _filter = QFileDialog.getSaveFileName(window, _("Save the PDF as"), str(suggested), _("PDF (*.pdf)"))
    if not path:
        return
    out = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
    cancel = threading.Event()
    relay = _Relay(window)
    bar = QProgressDialog(_("Writing the PDF…"), _("Cancel"), 0, 100, window)
    bar.setWindowTitle(_("Export consolidated PDF"))
    bar.setMinimumDuration(300)
    bar.canceled.connect(cancel.set)
    relay.progressed.connect(lambda done, total: bar.setValue(int(100 * done / max(total, 1))))

    def finished(result) -> None:
        bar.reset()
        message = _("The PDF is ready:\n{path}").format(path=out)
        if result.missing_characters:
            message += "\n\n" + _("Warning: the font cannot draw {chars}; they print as empty boxes.").format(
                chars=" ".join(result.missing_characters))
        choice = ask(window, _("Export consolidated PDF"), message,
                     [(_("Open"), QMessageBox.ButtonRole.AcceptRole), (_("Print…"), QMessageBox.ButtonRole.ActionRole),
                      (_("Close"), QMessageBox.ButtonRole.RejectRole)], QMessageBox.Icon.Information)
        if choice == 0:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        elif choice == 1:
            print_pdf(window, out)

    def failed(exc) -> None:
        bar.reset()
        from reviewer.pdf import ExportCancelled

        if isinstance(exc, ExportCancelled):
            window.statusBar().showMessage(_("Export cancelled; no file was written."), 5000)
        elif isinstance(exc, ReviewerError):
            show_error(window, str(exc))
        else:
            show_error(window, _("The PDF could not be written because of an unexpected error. Details are in the "
                                 "log file."))

    relay.finished.connect(finished)
    relay.failed.connect(failed)
    QThreadPool.globalInstance().start(_ExportTask(session.store.path, session.draft_id, out, options, cancel, relay))


def print_pdf(window, path: Path) -> None:
    """Print the generated PDF itself: choose a printer in Qt's dialog, then hand the file to the system."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from reviewer.ui.main_window import show_error

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
        show_error(window, _("The PDF could not be sent to the printer ({reason}). Open it and print it from "
                             "your PDF viewer.").format(reason=exc))


class ConferenceDialog(QDialog):
    """Settings › Conference…: what the printed header says."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Conference print settings"))
        values = store.conference()
        self.issuer = QPlainTextEdit(values.get("issuer_lines", "ĐẢNG BỘ TỈNH BẮC KẠN\nTỈNH ỦY"))
        self.issuer.setMaximumHeight(60)
        self.fields = {key: QLineEdit(values.get(key, "")) for key in ("number_line", "place", "date", "title",
                                                                        "subtitle", "secretariat")}
        self.fields["date"].setPlaceholderText(_("empty: the day of printing"))
        self.marker = QCheckBox(_("Print the “DỰ THẢO” marker"))
        self.marker.setChecked(values.get("draft_marker") == "1")
        form = QFormLayout()
        form.addRow(_("Issuing body (one line each)"), self.issuer)
        labels = {"number_line": _("Number line"), "place": _("Place"), "date": _("Date"), "title": _("Title"),
                  "subtitle": _("Line under the title"), "secretariat": _("Prepared by")}
        for key, widget in self.fields.items():
            form.addRow(labels[key], widget)
        form.addRow("", self.marker)
        buttons = ok_cancel_buttons(self, _("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)

    def changes(self) -> dict[str, str | None]:
        from reviewer.pdf import parse_date

        out: dict[str, str | None] = {"issuer_lines": self.issuer.toPlainText().strip() or None}
        for key, widget in self.fields.items():
            out[key] = widget.text().strip() or None
        if out["date"]:
            out["date"] = parse_date(out["date"]).isoformat()
        out["draft_marker"] = "1" if self.marker.isChecked() else "0"
        return out
