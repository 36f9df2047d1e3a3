"""Moving comments between laptops from the window: send and receive packages, the exchange folder."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from reviewer.errors import ReviewerError
from reviewer.exchange import SyncResult, SyncState, export_package, summary_line, sync_once
from reviewer.i18n import _, count, local_time
from reviewer.store import MergeSummary
from reviewer.textnorm import natural_key
from reviewer.ui import messages, places
from reviewer.ui.dialogs import ok_cancel_buttons
from reviewer.ui.session import Change
from reviewer.ui.workers import Job, run_in_background

log = logging.getLogger(__name__)
PACKAGE_FILTER = "*.gopy"
SYNC_EVERY_MS = 30_000  # a periodic look, besides watching the folder: network shares miss events
AFTER_CHANGE_MS = 2_000


SENT_FOLDER = "exchange/sent"  # settings key of the folder packages were last sent to


def send_comments(window) -> None:
    session = window.session
    if not session.draft:
        return
    group = session.identity.group
    choice = 0
    if group:
        choice = messages.ask(window, _("Send comments"), _("Which comments should the package carry?"),
                              [(_("&Everything on this laptop"), QMessageBox.ButtonRole.AcceptRole),
                               (_("&Only {group}'s comments").format(group=group), QMessageBox.ButtonRole.ActionRole),
                               (_("Cancel"), QMessageBox.ButtonRole.RejectRole)])
        if choice == 2:
            return
    # "To-2_Bao-cao-ket-qua…_2026-12-02.gopy" in the folder last saved to: which group, which draft, which day.
    # The folder sent to last, not the one received from: outgoing and incoming packages are not mixed.
    start = places.suggested_path(places.save_folder(window.settings, SENT_FOLDER), group or _("Comments"),
                                  session.document.title, ".gopy")
    path, _filter = QFileDialog.getSaveFileName(window, _("Save the comment package as"), str(start),
                                                _("Comment packages ({pattern})").format(pattern=PACKAGE_FILTER))
    if not path:
        return
    if not path.lower().endswith(".gopy"):
        path += ".gopy"
    places.remember_folder(window.settings, Path(path), SENT_FOLDER)
    draft_id, only = session.draft_id, group if choice == 1 else None

    def done(result) -> None:  # said in a message, not only in the status bar, where it went unseen
        messages.inform(window, _("Send comments"), _("Package saved: {path} ({comments}).").format(
            path=path, comments=count("{n} comment", "{n} comments", result.comments)))

    def failed(exc: BaseException, trace: str) -> None:
        if not isinstance(exc, ReviewerError):
            log.error("sending %s failed:\n%s", path, trace)
        messages.show_error(window, str(exc) if isinstance(exc, ReviewerError) else
                            _("The package could not be written: {reason}").format(reason=exc))

    # On a worker: the 113,000 comments of a province's secretariat take seconds to write (only reads the store).
    run_in_background(window, lambda job: export_package(job.store, draft_id, path, group=only),
                      label=_("Writing the comment package…"), title=_("Send comments"),
                      store_path=session.store.path, on_done=done, on_error=failed)


def receive_comments(window, paths: list[str] | None = None) -> None:
    """Merge the packages chosen, on a worker with a progress bar (a province's 200 files take minutes);
    Cancel stops between two files, and those merged stay merged, each whole."""
    if paths is None:
        paths, _filter = QFileDialog.getOpenFileNames(
            window, _("Receive comment packages"), str(places.save_folder(window.settings, "exchange/packages")),
            _("Comment packages ({pattern})").format(pattern=PACKAGE_FILTER))
    if not paths:
        return
    session = window.session
    paths = [str(p) for p in paths]
    places.remember_folder(window.settings, Path(paths[0]), "exchange/packages")  # the next receive starts there
    cancelled = []

    def cancel() -> None:  # the file being merged is finished first: a second or two at a province's size
        cancelled.append(True)
        window.statusBar().showMessage(_("Stopping after the file being merged…"), 10000)

    def done(results) -> None:
        session.received()
        window.statusBar().clearMessage()
        _show_received(window, results, len(paths), too_late=bool(cancelled) and len(results) == len(paths))

    def failed(exc: BaseException, _trace: str) -> None:
        session.received()  # a database error part-way still leaves the earlier packages merged
        messages.show_error(window, str(exc) if isinstance(exc, ReviewerError) else
                            _("Receiving the comments failed: {reason}").format(reason=exc))

    run_in_background(window, session.receive_job(paths), progress=True, cancel=cancel,
                      label=count("Merging {n} package…", "Merging {n} packages…", len(paths)),
                      title=_("Receive comments"), store_path=session.store.path, on_done=done, on_error=failed)


RECEIVED_LISTED = 12  # files named one by one in the summary; more would not fit on a laptop's screen


def _show_received(window, results: list[tuple[str, object]], asked: int, *, too_late: bool = False) -> None:
    lines, refused, merged = [], [], 0
    total = MergeSummary()
    for path, outcome in results:
        name = Path(path).name
        if isinstance(outcome, ReviewerError):
            refused.append(_("{name}: refused — {reason}").format(name=name, reason=outcome))
            lines.append(refused[-1])
            continue
        note = ""
        if outcome.draft_registered:
            note = " " + _("(the draft was registered from the package)")
        elif outcome.other_version:
            note = " " + _("(another version of the draft)")
        # The unit first: a laptop's file is often named by a device id ("01a7a50f….gopy").
        who = f"{outcome.group} ({name})" if outcome.group else name
        lines.append(f"{who}: {summary_line(outcome)}{note}")
        merged += 1
        total.add(outcome)
    if asked > RECEIVED_LISTED:  # a province's 200 files, all or stopped part-way: how many, and each one refused
        lines = [count("{n} file merged.", "{n} files merged.", merged), *refused[:RECEIVED_LISTED]]
        if len(refused) > RECEIVED_LISTED:
            lines.append(_("… and {n} more refused.").format(n=len(refused) - RECEIVED_LISTED))
    if len(results) > 1 and merged:
        # A comment whose versions came in several packages is one conflict, not one per file.
        lines.append(_("Total: {counts}").format(counts=summary_line(total)))
    if len(results) < asked:  # first: what was and was not done
        lines.insert(0, _("Stopped after {done} of {asked} files; the others were not read. Receive them again to "
                          "merge them.").format(done=len(results), asked=asked))
    elif too_late:
        lines.insert(0, _("Cancel came after the last file: every file was merged."))
    messages.inform(window, _("Receive comments"), "\n".join(lines))


def edit_exchange(window) -> None:
    """Settings › Exchange folder…"""
    session = window.session
    dialog = ExchangeDialog(window.settings.get("exchange/folder"), session.store.exchange.passphrase(), window)
    if not dialog.exec():
        return
    try:
        session.set_passphrase(dialog.passphrase.text())
    except ReviewerError as exc:
        messages.show_error(window, str(exc))
        return
    folder = dialog.folder.text().strip()
    window.settings.set("exchange/folder", folder)
    window.exchange.set_folder(folder)


def show_received(window) -> None:
    session = window.session
    ReceivedDialog(session.store.exchange.received(session.draft_id or None), window).exec()


class ExchangeFolder(QObject):
    """Keeps a shared folder in step: after local changes, when files change there, and every 30 s."""

    received_changed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.folder = ""
        self.state = SyncState()
        self.running = False
        self.again = False
        self.last: SyncResult | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _p: self.schedule(500))
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.schedule(0))
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(self.run_pass)
        window.session.changed.connect(self._session_changed)

    def _session_changed(self, change: Change) -> None:
        if change.comments:  # this window's own writes; what a pass brought in needs no pass back
            self.schedule(AFTER_CHANGE_MS)

    def set_folder(self, folder: str) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.folder = folder
        if folder:
            if Path(folder).is_dir():
                self.watcher.addPath(folder)
            self.timer.start(SYNC_EVERY_MS)
            self.schedule(0)
        else:
            self.timer.stop()

    def schedule(self, delay_ms: int) -> None:
        if self.folder:
            self.soon.start(delay_ms)

    def run_pass(self) -> None:
        session = self.window.session
        if not self.folder or not session.draft:
            return
        if self.running:
            self.again = True
            return
        self.running = True
        folder, state, group = self.folder, self.state, session.identity.group or None

        def sync(job: Job) -> SyncResult:
            return sync_once(job.store, folder, state=state, device_group=group)

        run_in_background(self.window, sync, label=None, store_path=session.store.path,
                          on_done=self._done, on_error=self._failed)

    def _finish(self) -> None:
        self.running = False
        if self.folder and Path(self.folder).is_dir() and self.folder not in self.watcher.directories():
            self.watcher.addPath(self.folder)  # the USB stick is back
        if self.again:
            self.again = False
            self.schedule(0)

    def _done(self, result: SyncResult) -> None:
        self.last = result
        self._finish()
        if result.message:
            self.window.statusBar().showMessage(result.message, 10000)
        self.window.session.merged_in_background(result)
        self.received_changed.emit()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        # Reported in the status bar and retried on the next pass.
        log.warning("exchange folder pass failed: %s", exc)
        self._finish()
        self.window.statusBar().showMessage(_("Exchange folder: {reason}").format(reason=exc), 10000)


class ExchangeDialog(QDialog):
    """Settings › Exchange folder…: the shared folder and the conference passphrase."""

    def __init__(self, folder: str, passphrase: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Exchange folder"))
        self.folder = QLineEdit(folder)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        self.passphrase = QLineEdit(passphrase)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)  # hidden from whoever looks at the screen
        self.show_passphrase = QCheckBox(_("Show the passphrase"))
        self.show_passphrase.toggled.connect(lambda shown: self.passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        form = QFormLayout()
        form.addRow(_("Shared folder"), self.folder)
        form.addRow("", browse)
        form.addRow(_("Conference passphrase"), self.passphrase)
        form.addRow("", self.show_passphrase)
        buttons = ok_cancel_buttons(self, _("Save"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Every laptop pointing to the same folder (a USB stick, a network share, a "
                                  "synchronised folder) receives the others' comments automatically. Leave it "
                                  "empty to exchange by sending and receiving files only.")))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Exchange folder"), self.folder.text() or str(Path.home()))
        if path:
            self.folder.setText(path)


class ReceivedDialog(QDialog):
    """View › Received comments: per group and per device, when comments last arrived and how many."""

    def __init__(self, received: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Received comments"))
        self.resize(900, 560)  # a province's units, a screenful at a time on a 768-pixel screen
        # Natural order, as everywhere: "Chi bộ số 24" before "Chi bộ số 129".
        devices = sorted(received.get("devices", []), key=lambda d: (natural_key(d.get("group", "")),
                                                                     str(d.get("device", ""))))
        table = QTableWidget(len(devices), 5)
        # "Written there": a laptop that only brought edits of this laptop's comments counts 0 here.
        table.setHorizontalHeaderLabels([_("Groups"), _("Device"), _("Comments written there"), _("Sent at"),
                                         _("Received at")])
        for row, d in enumerate(devices):
            # Every group whose comments the laptop brought (a secretary may type for two groups);
            # counts leave out what this laptop wrote itself and got back.
            groups = ", ".join(f"{g['group']} ({g['comments']})" for g in d.get("groups", []))
            values = [groups or d.get("group", ""), str(d.get("device", ""))[:8], str(d.get("comments", "")),
                      local_time(str(d.get("exported_at") or "")), local_time(str(d.get("received_at") or ""))]
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        if not devices:
            layout.addWidget(QLabel(_("Nothing has been received from other laptops yet.")))
        layout.addWidget(table)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
