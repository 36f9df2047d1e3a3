"""Message boxes whose buttons carry our own (translated) texts.

Callers call them through the module (``messages.ask(...)``), so a test that patches
``messages.ask`` answers every question the window asks, errors and notices included.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from reviewer.i18n import _


def ask(parent, title: str, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole]],
        icon=QMessageBox.Icon.Question) -> int:
    """Ask, with these buttons (label, role); returns the index clicked (the last one when the box is closed)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[0])
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else len(made) - 1


def show_error(parent, message: str) -> None:
    ask(parent, _("Draft Reviewer"), message, [(_("OK"), QMessageBox.ButtonRole.AcceptRole)],
        QMessageBox.Icon.Warning)


def inform(parent, title: str, message: str) -> None:
    ask(parent, title, message, [(_("OK"), QMessageBox.ButtonRole.AcceptRole)], QMessageBox.Icon.Information)


def offer_to_open(parent, title: str, message: str, path: Path) -> None:
    """A document is written: say so and offer to open it in the program that shows such files."""
    buttons = [(_("Open"), QMessageBox.ButtonRole.AcceptRole), (_("Close"), QMessageBox.ButtonRole.RejectRole)]
    choice = ask(parent, title, message, buttons, QMessageBox.Icon.Information)
    if choice == 0 and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        show_error(parent, _("No program to open “{name}” was found on this computer. It is saved at:\n{path}").format(
            name=path.name, path=path))
