"""Start the window: language, settings, the review database, the draft to show."""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from pathlib import Path

from reviewer import i18n
from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.paths import sample_draft, user_data_dir
from reviewer.store import Store, needs_upgrade

log = logging.getLogger("reviewer")


def _setup_logging() -> Path:
    path = user_data_dir() / "reviewer.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return path


def run(path: str | None = None, *, db: str | None = None, exit_when_ready: bool = False) -> int:
    """Show the window; returns the exit code."""
    started = time.perf_counter()
    # deferred: `reviewer open` imports this module to call has_display() first; Qt loads only past that
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reviewer.ui import focus_style
    from reviewer.ui.main_window import MainWindow
    from reviewer.ui.messages import show_error
    from reviewer.ui.qt_translator import GettextTranslator
    from reviewer.ui.session import ReviewSession
    from reviewer.ui.settings import Settings

    log_path = _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Draft Reviewer")
    app.setOrganizationName("DraftReviewer")
    focus_style.install(app)
    settings = Settings()
    i18n.set_language(starting_language(settings))
    translator = GettextTranslator(app)
    app.installTranslator(translator)

    def excepthook(kind, value, tb) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        show_error(None, _("Something unexpected went wrong. Your saved comments are safe. Details are in "
                           "{path}.").format(path=log_path))

    sys.excepthook = excepthook
    try:
        store = _open_store(app, db) if needs_upgrade(db) else Store(db)
    except ReviewerError as exc:
        show_error(None, str(exc))
        return 2
    session = ReviewSession(store)
    window = MainWindow(session, settings)
    identity = window.load_identity()
    if identity.group:
        session.set_identity(identity)
    geometry = settings.get("ui/geometry")
    if geometry is not None and window.restoreGeometry(geometry):
        window.show()
    else:
        first_show(window, app.primaryScreen().availableGeometry())

    target, seed = _what_to_open(path, settings, has_drafts=bool(store.drafts()))

    def opened() -> None:
        if seed and session.draft:
            session.seed_sample(session.draft_id)
        if exit_when_ready:
            app.processEvents()
            sections = len(session.document.sections) if session.document else 0
            print(f"ready {1000 * (time.perf_counter() - started):.0f} ms, {sections} sections, "
                  f"{len(session.comments())} comments", flush=True)
            QTimer.singleShot(0, app.quit)
            return
        window.offer_recovery()
        if not session.identity.group:
            window.ask_identity()
            window.tree.setFocus()  # where a first day starts: not the empty comment box

    if target is not None:
        QTimer.singleShot(0, lambda: window.open_path(target, then=opened))
    elif not session.identity.group:
        QTimer.singleShot(0, window.ask_identity)
    code = app.exec()
    store.close()
    return code


def first_show(window, available) -> None:
    """The first start: a comfortable size on a big screen; the whole screen on a laptop's (a
    1366x768 screen has no room for a window frame around 1360x820)."""
    if available.width() < FIRST_SIZE[0] + 40 or available.height() < FIRST_SIZE[1] + 60:
        window.showMaximized()
    else:
        window.resize(*FIRST_SIZE)
        window.show()


FIRST_SIZE = (1360, 820)


def starting_language(settings) -> str | None:
    """REVIEWER_LANG for this run, else the language saved in Settings › Language, else the desktop's."""
    return i18n.requested_language() or settings.get("ui/language") or _system_language()


def _system_language() -> str | None:
    """The language of the desktop, where the environment does not say (Windows, macOS)."""
    if os.environ.get("REVIEWER_LANG") or os.environ.get("LANG") or os.environ.get("LC_ALL"):
        return None
    from PySide6.QtCore import QLocale  # deferred: as in run()

    return "vi" if QLocale.system().name().lower().startswith("vi") else None


def _open_store(app, db) -> Store:
    """An older database is updated as it opens: on a province's, about a minute. The update runs on a
    thread while a notice says so and is drawn (one pass of events before a blocking update left it black)."""
    # deferred: as in run(), Qt loads only once the window is wanted
    from PySide6.QtWidgets import QLabel

    notice = QLabel(_("Updating the database for this version of Draft Reviewer…\nThis happens once, and "
                           "takes up to a minute on a very large database."))
    notice.setWindowTitle("Draft Reviewer")
    notice.setMargin(24)
    notice.show()
    opened: list = []

    def update() -> None:
        try:
            opened.append(Store(db))  # the connection may be used from any thread (check_same_thread off)
        except BaseException as exc:  # handed to the caller below
            opened.append(exc)

    worker = threading.Thread(target=update, name="database-update", daemon=True)
    worker.start()
    while worker.is_alive():
        app.processEvents()
        worker.join(0.05)
    notice.close()
    if isinstance(opened[0], BaseException):
        raise opened[0]
    return opened[0]


def _what_to_open(path: str | None, settings, *, has_drafts: bool = False) -> tuple[Path | None, bool]:
    """The file given, else the last draft, else the bundled sample: with its sample comments on a new
    database only, never among a conference's real drafts (merged from packages, added on the command line)."""
    if path:
        return Path(path), False
    recent = [p for p in settings.get("recent/drafts") if Path(p).is_file()]
    if recent:
        return Path(recent[0]), False
    return sample_draft(), not has_drafts


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
