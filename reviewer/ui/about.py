"""Help: what this program is and where it keeps things, and every keyboard shortcut on one sheet."""
from __future__ import annotations

from html import escape
from importlib import metadata

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from reviewer.i18n import _
from reviewer.paths import user_data_dir


def version() -> str:
    try:
        return metadata.version("draft-reviewer")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"


def about_html(window) -> str:
    store_path = getattr(window.session.store, "path", "")
    rows = [(_("Version"), version()), (_("Review database"), str(store_path)),
            (_("Data folder"), str(user_data_dir())), (_("Log file"), str(user_data_dir() / "reviewer.log"))]
    table = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows)
    what = _("Draft Reviewer helps breakout groups review a draft report section by section and brings every "
             "group's comments together.")
    return (f"<h3>{escape(_('Draft Reviewer'))}</h3><p>{escape(what)}</p>"
            f'<table cellpadding="3">{table}</table>'
            f"<p>{escape(_('Send the log file along when you report a problem.'))}</p>")


def shortcut_rows(window) -> list[tuple[str, str]]:
    """Every menu command that has a shortcut, then the keys of the editor and the lists."""
    rows = []
    # Undo and Redo name the step they would take ("Undo add comment “…”"): the list names the command.
    fixed = {"undo": _("&Undo"), "redo": _("&Redo")}
    for name, action in window.actions_by_name.items():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((fixed.get(name, action.text()).replace("&", "").split("\t")[0], keys))
    rows += [(_("Save the comment being written"), "Ctrl+Enter"),
             (_("Next field / previous field"), "Tab / Shift+Tab"),
             (_("Go to a field of the editor"), _("Alt + the underlined letter")),
             (_("Close the find bar"), "Esc"),
             (_("Open the comment of the consolidation's current row"), "Enter"),
             (_("Consolidation: edit the status or response of the current row"), "F2"),
             (_("Consolidation: between the filters and the table"), "F6"),
             (_("Review by section: the outline, the text, the comments, the comment being written"),
              "F6 / Shift+F6"),
             (_("Comments: choose one / edit it / delete it"), _("↑ ↓ / Enter or F2 / Delete")),
             (_("Comments: the first / last one, a screen up / down"), "Home / End, Page Up / Page Down"),
             (_("Comments: the chosen one's links (Enter follows one)"), "Tab / Shift+Tab"),
             (_("Comments: everything the chosen one offers (history, versions, seen…)"),
              _("Shift+F10 or the menu key")),
             (_("Text, with the caret on (F7): select a passage to quote"), _("Shift + arrows")),
             (_("Find the next / previous match in the draft"), "F3 / Shift+F3"),
             (_("Move in the search results while typing"), "↑ / ↓")]
    return rows


def _dialog(window, title: str, html: str) -> QDialog:
    dialog = QDialog(window)
    dialog.setWindowTitle(title)
    text = QTextBrowser()
    text.setOpenExternalLinks(False)
    text.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
    layout = QVBoxLayout(dialog)
    layout.addWidget(text, 1)
    layout.addWidget(buttons)
    dialog.resize(560, 420)
    dialog.browser = text
    text.setFocus()  # Page Down, Down and End scroll it at once; Esc still closes (found by fresh eyes: no key did)
    return dialog


def about_dialog(window) -> QDialog:
    return _dialog(window, _("About Draft Reviewer"), about_html(window))


def shortcuts_dialog(window) -> QDialog:
    rows = "".join(f"<tr><td>{escape(what)}</td><td><b>{escape(keys)}</b></td></tr>"
                   for what, keys in shortcut_rows(window))
    return _dialog(window, _("Keyboard shortcuts"), f'<table cellpadding="4">{rows}</table>')


__all__ = ["about_dialog", "shortcuts_dialog"]
