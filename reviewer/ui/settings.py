"""Window and user preferences in QSettings; each option declared once with its default."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from reviewer.paths import user_data_dir

DEFAULTS = {
    "identity/name": "",
    "identity/group": "",
    "identity/role": "",
    "ui/language": "",  # "" = follow the system
    "ui/zoom": 0,
    "ui/geometry": None,
    "ui/state": None,
    "ui/splitter": None,
    "ui/panel_splitter": None,
    "ui/with_subsections": False,  # show a section's sub-sections after it
    "ui/caret": False,  # a caret in the section's text (F7)
    "recent/drafts": [],
    "exchange/folder": "",
    "export/folder": "",  # where the last PDF was saved
    "open/folder": "",  # where the last draft was opened from (not the program's own samples)
    "exchange/packages": "",  # where comment packages were last received from
    "exchange/sent": "",  # where the last comment package was sent (saved) to
    "reading/": "",  # reading/<draft id>: the section last read in that draft
}
MAX_RECENT = 8


class Settings:
    def __init__(self):
        # Tests and portable installs keep settings beside the data (REVIEWER_HOME).
        if os.environ.get("REVIEWER_HOME"):
            path = user_data_dir() / "settings.ini"
            self.qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self.qs = QSettings("DraftReviewer", "Draft Reviewer")

    @staticmethod
    def _default(key: str):
        return DEFAULTS[key] if key in DEFAULTS else DEFAULTS[key.rsplit("/", 1)[0] + "/"]

    def get(self, key: str):
        default = self._default(key)
        value = self.qs.value(key, default)
        if isinstance(default, bool):  # an ini file gives back "true" / "false"
            return value in (True, 1, "true", "1")
        if isinstance(default, int) and not isinstance(value, int):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        if isinstance(default, list):
            if value is None:
                return []
            return [value] if isinstance(value, str) else list(value)
        return value

    def set(self, key: str, value) -> None:
        self._default(key)  # a key nobody declared is a mistake
        self.qs.setValue(key, value)

    def sync(self) -> None:
        self.qs.sync()

    def add_recent(self, path: str) -> list[str]:
        recent = [p for p in self.get("recent/drafts") if p != path]
        recent.insert(0, path)
        self.set("recent/drafts", recent[:MAX_RECENT])
        return recent[:MAX_RECENT]
