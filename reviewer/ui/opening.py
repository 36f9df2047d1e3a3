"""Opening a draft in the window: read off the main thread, then shown through the session; a clear
message when it fails, and LibreOffice offered for an old .doc."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from reviewer.docx import find_soffice, open_draft
from reviewer.errors import DocumentError, ReviewerError
from reviewer.i18n import _
from reviewer.ui import messages, places
from reviewer.ui.workers import run_in_background

log = logging.getLogger(__name__)
DRAFT_SUFFIXES = (".docx", ".docm", ".doc")


def choose_file(window) -> None:
    """File › Open draft…"""
    session = window.session
    start = str(places.open_folder(window.settings, session.path))
    path, _filter = QFileDialog.getOpenFileName(
        window, _("Open a draft"), start, _("Word documents (*.docx *.docm *.doc);;All files (*)"))
    if path:
        places.remember_folder(window.settings, Path(path), "open/folder")
        window.open_path(Path(path))


def open_path(window, path: Path, *, convert: bool = False, then=None) -> None:
    """Read ``path`` in the background and show it; ``then()`` once it is shown."""

    def done(document) -> None:
        try:
            window.session.open_document(document, path)
        except ReviewerError as exc:
            messages.show_error(window, str(exc))
            return
        window.settings.add_recent(str(path))
        fill_recent(window)
        if then:
            then()

    def failed(exc: BaseException, tb: str) -> None:
        if isinstance(exc, DocumentError) and exc.code == "legacy-doc" and not convert and find_soffice():
            # The core's message tells the command line's user to add --convert; here there is a button.
            question = _("“{name}” is an old Word 97–2003 document (.doc). Click “Convert” to convert it with "
                         "LibreOffice and open it, or save it as .docx in Word.").format(name=path.name)
            if messages.ask(window, _("Old Word document"), question, [
                    (_("Convert"), QMessageBox.ButtonRole.AcceptRole),
                    (_("Cancel"), QMessageBox.ButtonRole.RejectRole)]) == 0:
                open_path(window, path, convert=True, then=then)
            return
        if isinstance(exc, ReviewerError):
            messages.show_error(window, str(exc))
        else:
            log.error("opening %s failed:\n%s", path, tb)
            messages.show_error(window, _("“{name}” could not be opened because of an unexpected error. Details "
                                          "are in the log file.").format(name=path.name))

    run_in_background(window, lambda _job: open_draft(path, convert=convert),
                      label=_("Reading “{name}”…").format(name=path.name), on_done=done, on_error=failed)


def fill_recent(window) -> None:
    """File › Open recent, from the settings: each draft by its title (and file name), the path in
    its tooltip; Alt+1…9 in the menu."""
    recent = window.settings.get("recent/drafts")
    window.recent_menu.clear()
    try:
        titles = {d["file_name"]: d["title"] for d in window.session.store.drafts()}
    except ReviewerError:
        titles = {}
    for n, path in enumerate(recent, 1):
        name = Path(path).name
        title = titles.get(name, "")
        if len(title) > 70:
            title = title[:69].rstrip() + "…"
        label = f"{title} — {name}" if title else name
        prefix = f"&{n} " if n < 10 else ""
        action = window.recent_menu.addAction(prefix + label.replace("&", "&&"))
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(lambda _c=False, p=path: window.open_path(Path(p)))
    window.recent_menu.setToolTipsVisible(True)
    window.recent_menu.setEnabled(bool(recent))
