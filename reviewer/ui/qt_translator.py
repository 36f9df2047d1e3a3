"""Qt's own strings (stock dialogs, context menus) translated from our one gettext catalogue."""
from __future__ import annotations

from PySide6.QtCore import QTranslator

from reviewer import i18n


class GettextTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        if i18n.language() == "en" or not source_text:
            return None
        found = i18n.catalogue(i18n.language()).get(source_text)
        return found  # None lets Qt keep its English text

    def isEmpty(self) -> bool:
        return False
