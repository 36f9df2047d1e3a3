"""The main window's menus and actions, kept out of the window class itself."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from reviewer.i18n import _
from reviewer.ui import diff_ui, exchange_ui, opening, report_ui, revise_ui, word_table_ui, word_ui


def build_menus(window) -> dict[str, QAction]:
    """Create the menu bar of ``window``; returns the actions by name."""
    bar = window.menuBar()
    # Rebuilding (after a language change): the old actions must go, or their shortcuts clash.
    for old in getattr(window, "actions_by_name", {}).values():
        window.removeAction(old)
        old.deleteLater()
    for menu in bar.findChildren(QMenu):
        menu.deleteLater()
    bar.clear()
    acts: dict[str, QAction] = {}

    def act(name: str, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        acts[name] = action
        return action

    file_menu = bar.addMenu(_("&File"))
    file_menu.addAction(act("open", _("&Open draft…"), lambda: opening.choose_file(window),
                            QKeySequence.StandardKey.Open))
    window.recent_menu = file_menu.addMenu(_("Open &recent"))
    file_menu.addAction(act("open_revised", _("Open re&vised version…"),
                            lambda: revise_ui.open_revised_version(window)))
    file_menu.addSeparator()
    file_menu.addAction(act("export_pdf", _("&Export consolidated PDF…"), window.export_pdf, "Ctrl+E"))
    file_menu.addAction(act("export_word_table", _("Export consolidation as &Word table…"),
                            lambda: word_table_ui.export_table_interactively(window)))
    file_menu.addAction(act("export_report", _("Export summary re&port (Word)…"),
                            lambda: report_ui.export_report_interactively(window)))
    file_menu.addAction(act("import_answers", _("Import &answers from Word…"),
                            lambda: word_table_ui.import_answers_interactively(window)))
    file_menu.addAction(act("import_word_comments", _("Import &comments from Word…"),
                            lambda: word_ui.import_word_comments(window)))
    file_menu.addAction(act("export_annotated", _("Export &draft with comments (Word)…"),
                            lambda: word_ui.export_annotated_interactively(window)))
    file_menu.addSeparator()
    file_menu.addAction(act("send", _("&Send comments…"), lambda: exchange_ui.send_comments(window)))
    file_menu.addAction(act("receive", _("Rece&ive comments…"), lambda: exchange_ui.receive_comments(window)))
    file_menu.addSeparator()
    file_menu.addAction(act("quit", _("&Quit"), window.close, QKeySequence.StandardKey.Quit))

    edit_menu = bar.addMenu(_("&Edit"))
    undo = window.undo_stack.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, _("&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    acts["undo"], acts["redo"] = undo, redo
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    edit_menu.addAction(act("new_comment", _("&New comment"), window.new_comment, "Ctrl+N"))
    edit_menu.addAction(act("quote", _("&Quote selection in a comment"), window.quote_selection, "Ctrl+Shift+Q"))
    edit_menu.addSeparator()
    edit_menu.addAction(act("find", _("&Find in the draft…"), window.show_find_bar, QKeySequence.StandardKey.Find))
    edit_menu.addAction(act("search", _("&Search comments and sections…"), window.show_search, "Ctrl+Shift+F"))

    view_menu = bar.addMenu(_("&View"))
    view_menu.addAction(act("prev_section", _("&Previous section"), window.previous_section, "Alt+Up"))
    view_menu.addAction(act("next_section", _("&Next section"), window.next_section, "Alt+Down"))
    subs = act("with_subsections", _("Show &sub-sections with their section"), window.toggle_sub_sections,
               "Ctrl+Shift+A")
    subs.setCheckable(True)
    subs.setChecked(bool(window.settings.get("ui/with_subsections")))
    view_menu.addAction(subs)
    caret = act("caret", _("Care&t in the text (select with the keys)"), window.toggle_caret, "F7")
    caret.setCheckable(True)
    caret.setChecked(window.section_view.has_caret())
    view_menu.addAction(caret)
    view_menu.addAction(act("compare_versions", _("Co&mpare with previous version…"),
                            lambda: diff_ui.compare_with_previous(window), "Ctrl+Shift+D"))
    view_menu.addAction(act("review_carried", _("Carried comments to re&view…"),
                            lambda: revise_ui.review_carried(window)))
    if not getattr(window, "announces_pending", False):  # the menus are built again on a change of language
        window.session.draft_opened.connect(lambda *_args: revise_ui.announce_pending(window))
        window.announces_pending = True
    view_menu.addSeparator()
    view_menu.addAction(act("zoom_in", _("Zoom &in"), window.zoom_in, QKeySequence("Ctrl+=")))
    acts["zoom_in"].setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    view_menu.addAction(act("zoom_out", _("Zoom &out"), window.zoom_out, QKeySequence("Ctrl+-")))
    view_menu.addAction(act("zoom_reset", _("&Actual size"), window.zoom_reset, QKeySequence("Ctrl+0")))
    view_menu.addAction(act("received", _("Receive&d comments…"), lambda: exchange_ui.show_received(window)))
    view_menu.addSeparator()
    view_menu.addAction(act("review_tab", _("&Review by section"), lambda: window.tabs.setCurrentIndex(0), "Ctrl+1"))
    view_menu.addAction(act("consolidation_tab", _("&Consolidation of all comments"),
                            lambda: window.tabs.setCurrentIndex(1), "Ctrl+2"))

    settings_menu = bar.addMenu(_("&Settings"))
    settings_menu.addAction(act("identity", _("&Who is using this laptop…"), window.ask_identity))
    settings_menu.addAction(act("conference", _("&Conference print settings…"), window.edit_conference))
    settings_menu.addAction(act("exchange", _("&Exchange folder…"), lambda: exchange_ui.edit_exchange(window)))
    settings_menu.addAction(act("language", _("&Language…"), window.choose_language))

    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(act("shortcuts", _("&Keyboard shortcuts"), window.show_shortcuts, "F1"))
    help_menu.addSeparator()
    help_menu.addAction(act("about", _("&About Draft Reviewer"), window.show_about))
    for action in acts.values():
        window.addAction(action)
    return acts
