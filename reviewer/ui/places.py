"""Where the window proposes to save a file, and under which name: the folder last saved to (else
the user's Documents), a name that says which draft and when, never an existing file's name."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from reviewer.paths import sample_draft
from reviewer.textnorm import fold

NAME_WORDS = 10  # of the draft's title, enough to tell two drafts apart in a folder listing


def slug(text: str, *, words: int = NAME_WORDS) -> str:
    """Accent-free, file-system safe words joined by hyphens: "Báo cáo kết quả" -> "Bao-cao-ket-qua"."""
    # fold() also lowers the case; keep the capitals the title had, letter by letter
    kept = "".join(f.upper() if ch.isupper() and f else f for ch, f in ((ch, fold(ch)) for ch in text))
    return "-".join(re.findall(r"[A-Za-z0-9]+", kept)[:words])


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # (a file dialog given a folder that does not exist opens the program's working folder instead)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def save_folder(settings, key: str = "export/folder") -> Path:
    last = settings.get(key)
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def open_folder(settings, shown: Path | None) -> Path:
    """Where a dialog to open a draft starts: the shown draft's folder, never the program's own samples."""
    if shown is not None and shown.parent.is_dir() and shown.parent.resolve() != sample_draft().parent.resolve():
        return shown.parent
    return save_folder(settings, "open/folder")


def remember_folder(settings, path: Path, key: str = "export/folder") -> None:
    settings.set(key, str(path.parent))


def suggested_path(folder: Path, what: str, title: str, suffix: str, *, today: datetime.date | None = None,
                   who: str = "") -> Path:
    """``folder/what_who_Draft-title_2026-12-02.pdf`` (``who``: the one group a print is of), with " (2)",
    " (3)"… when such a file exists."""
    day = (today or datetime.date.today()).isoformat()
    stem = "_".join(p for p in (slug(what, words=6), slug(who, words=8), slug(title), day) if p)
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem} ({n}){suffix}"
        n += 1
    return path


def ask_word_file(window, what: str, caption: str, file_filter: str) -> Path | None:
    """Where to write a Word file: a dialog starting at a name saying what, which draft and which day, in
    the folder last written to; .docx added when not typed. None when the user cancels."""
    session = window.session
    title = session.document.title if session.document else session.draft.get("title", "")
    suggested = suggested_path(save_folder(window.settings), what, title, ".docx")
    path, _filter = QFileDialog.getSaveFileName(window, caption, str(suggested), file_filter)
    if not path:
        return None
    out = Path(path) if path.lower().endswith(".docx") else Path(path + ".docx")
    remember_folder(window.settings, out)
    return out
