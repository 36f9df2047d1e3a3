"""Every menu's entries have letters of their own, in both languages: two entries sharing the underlined
letter make Alt+T, G go to the first and leave the other out of reach (found by fresh eyes: "Dự thảo mở
&gần đây" and "&Gửi ý kiến…" in Tệp)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMenu  # noqa: E402

from reviewer import i18n  # noqa: E402


def _mnemonic(text: str) -> str:
    i = 0
    while (i := text.find("&", i)) >= 0 and i + 1 < len(text):
        if text[i + 1] != "&":
            return text[i + 1].casefold()
        i += 2
    return ""


def _clashes(menu: QMenu, where: str) -> list[str]:
    seen: dict[str, str] = {}
    out = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = _mnemonic(action.text())
        if key:
            if key in seen:
                out.append(f"{where}: “{seen[key]}” and “{action.text()}” share {key!r}")
            seen[key] = action.text()
        if action.menu() is not None:
            out += _clashes(action.menu(), f"{where} › {action.text()}")
    return out


@pytest.fixture(params=["vi", "en"])
def language(request):
    """Each test in both languages of the interface."""
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(None)


def test_no_two_entries_of_a_menu_share_a_letter(sample_window, language):
    window = sample_window
    window.build_ui()  # as choosing the language does
    assert not _clashes(window.menuBar(), "menu bar")  # the bar's own letters, then each menu's


def _window_letters(window) -> list[tuple[str, str]]:
    """(letter, text) of the menu bar's menus and of every field label and button shown in the window."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    out = [(_mnemonic(a.text()), a.text()) for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            if key := _mnemonic(widget.text()):
                out.append((key, widget.text()))
    return out


def test_the_window_s_own_letters_do_not_clash_with_its_menus(sample_window, qtbot, language):
    """Alt + a letter reaches one thing in the window: a menu of the bar, or a field or button shown."""
    window = sample_window
    window.build_ui()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(150)  # widgets of a rebuilt window are shown by queued events
        letters = _window_letters(window)
        if not index:  # the reading tab's comment editor: its fields' letters were seen
            assert len(letters) > len(window.menuBar().actions()) + 2
        seen: dict[str, str] = {}
        for key, text in letters:
            assert seen.setdefault(key, text) == text, (index, f"“{seen[key]}” and “{text}” share {key!r}")


def test_the_export_dialog_s_choices_have_letters_of_their_own(sample_window, language):
    """The layout and the three options are reached with Alt + a letter too (found by fresh eyes: only the buttons
    had one, and the layout was changed with Shift+Tab and arrows), none taken twice."""
    from PySide6.QtWidgets import QAbstractButton

    from reviewer.ui import export_dialog

    dialog = export_dialog.ExportDialog(sample_window.session, sample_window)
    keys = {}
    for button in dialog.findChildren(QAbstractButton):
        if key := _mnemonic(button.text()):
            assert keys.setdefault(key, button.text()) == button.text(), (keys[key], button.text())
    for choice in (dialog.by_section, dialog.as_table, dialog.hide_names, dialog.excerpt, dialog.include_deleted):
        assert _mnemonic(choice.text()), choice.text()
    dialog.close()
