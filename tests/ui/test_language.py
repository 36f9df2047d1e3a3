"""The window's language: REVIEWER_LANG for one run, Qt's own dialogs in Vietnamese, and the .doc
question in window terms."""
from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel

from reviewer import i18n
from reviewer.ui import messages
from reviewer.ui.app import starting_language
from reviewer.ui.qt_translator import GettextTranslator, qt_translations
from reviewer.ui.settings import Settings
from tests.ui.helpers import make_window

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def test_reviewer_lang_wins_for_the_run_and_leaves_the_saved_language(monkeypatch):
    settings = Settings()
    settings.set("ui/language", "en")
    monkeypatch.setenv("REVIEWER_LANG", "vi")
    assert starting_language(settings) == "vi"
    assert Settings().get("ui/language") == "en"  # kept for the runs without REVIEWER_LANG
    monkeypatch.delenv("REVIEWER_LANG")
    assert starting_language(settings) == "en"


@pytest.fixture
def translated(qtbot):
    app = QApplication.instance()
    translator = GettextTranslator()
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def _texts(dialog) -> set[str]:
    texts = {dialog.windowTitle()}
    texts |= {w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.text()}
    texts |= {w.title() for w in dialog.findChildren(QGroupBox)}
    return texts


def test_print_dialog_in_vietnamese(qtbot, translated):
    i18n.set_language("vi")
    printer = QPrinter()  # outlives the dialog, which keeps a pointer to it
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    texts = _texts(dialog)
    assert {"In", "&In", "Máy in", "&Tên:", "Vị trí:", "&Tùy chọn >>"} <= texts, texts
    assert not {"Print", "&Print", "Printer", "&Name:", "Location:", "&Options >>"} & texts


def test_qt_own_translations_are_used_where_qt_ships_them(qtbot, translated, monkeypatch):
    # PySide6 ships no qtbase_vi.qm; German shows the same path working for a language it does ship.
    if qt_translations("de") is None:
        pytest.skip("this Qt has no German translations either")
    translator = GettextTranslator(languages=("de",))
    monkeypatch.setattr(i18n, "language", lambda: "de")
    assert translator.translate("QPrintDialog", "Print") == "Drucken"
    assert translator.translate("QPrintDialog", "no such text") is None


def test_old_doc_question_speaks_of_the_button(qtbot, tmp_path, monkeypatch):
    from reviewer.docx import outline
    from reviewer.ui import opening

    for module in (opening, outline):  # LibreOffice installed, as far as the question is concerned
        monkeypatch.setattr(module, "find_soffice", lambda: "/opt/libreoffice/program/soffice")
    asked: list[tuple[str, str, list[str]]] = []

    def ask(parent, title, text, buttons, icon=None):
        asked.append((title, text, [label for label, _role in buttons]))
        return len(buttons) - 1  # Cancel

    monkeypatch.setattr(messages, "ask", ask)
    window = make_window(qtbot, tmp_path / "reviews.sqlite3")
    old = tmp_path / "bao-cao.doc"
    old.write_bytes(OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1024)
    window.open_path(old)
    qtbot.waitUntil(lambda: bool(asked), timeout=15000)

    [(title, text, buttons)] = asked  # and no error box after Cancel
    assert title == "Old Word document" and buttons == ["Convert", "Cancel"]
    assert "--convert" not in text and "command" not in text
    assert "“bao-cao.doc”" in text and "Click “Convert”" in text
