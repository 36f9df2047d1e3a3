"""Qt's own strings (stock dialogs, context menus) translated from our one gettext catalogue, then from
Qt's own translations (``qtbase_<lang>.qm``) where the installed Qt ships them."""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator

from reviewer import i18n


def qt_translations(code: str) -> QTranslator | None:
    """Qt's own translation of its stock dialogs (the print dialog among them) into ``code``, if installed.
    PySide6 6.11 ships none for Vietnamese; our catalogue carries the strings the window shows."""
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{code}", folder) else None


class GettextTranslator(QTranslator):
    def __init__(self, parent=None, *, languages: tuple[str, ...] = i18n.SUPPORTED):
        super().__init__(parent)
        # Every language up front: the window can switch while it runs, and loading one from inside
        # translate() deadlocks on the application's translator lock.
        self._qt = {code: qt_translations(code) for code in languages if code != "en"}

    def translate(self, context, source_text, disambiguation=None, n=-1):
        code = i18n.language()
        if code == "en" or not source_text:
            return None
        found = i18n.catalogue(code).get(source_text)
        if found is not None:
            return found
        qt = self._qt.get(code)
        return (qt.translate(context, source_text, disambiguation, n) or None) if qt else None  # None: Qt's English

    def isEmpty(self) -> bool:
        return False
