"""The export dialog shows the header the PDF will print (issuer lines, place and date, as resolved for this
draft) and edits it through the Conference print settings dialog (issue 16)."""
from __future__ import annotations

import datetime
import re

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel  # noqa: E402

from reviewer import i18n  # noqa: E402
from reviewer.pdf import ExportOptions, export_pdf, load_conference  # noqa: E402
from reviewer.ui import export_dialog  # noqa: E402

pypdf = pytest.importorskip("pypdf")


def _today_vi(place: str, english: bool = False) -> str:
    today = datetime.date.today()
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)  # 36-HD/VPTW 1.4.2
    if english:
        return f"{place}, {today.day:02d}/{month}/{today.year}"
    return f"{place}, ngày {today.day:02d} tháng {month} năm {today.year}"


@pytest.fixture
def window(sample_window):
    return sample_window


def test_the_dialog_shows_the_header_the_draft_prints(window, tmp_path):
    """Nothing configured: the issuer and place come from the sample draft's own header block (never another
    province), and the PDF prints exactly those lines."""
    dialog = export_dialog.ExportDialog(window.session, window)
    lines = dialog.header_lines()
    assert lines == ["ĐẢNG BỘ TỈNH AN PHÚ", "TỈNH ỦY", _today_vi("An Phú")]
    out = tmp_path / "h.pdf"
    export_pdf(window.session.store, window.session.draft_id, out, conference=load_conference(window.session.store),
               options=dialog.options())
    first = " ".join(pypdf.PdfReader(str(out)).pages[0].extract_text().split())
    for line in lines:
        assert line in first
    dialog.language.setCurrentIndex(dialog.language.findData("en"))  # the document's language, not the window's
    assert dialog.header_lines()[-1] == _today_vi("An Phú", english=True)
    dialog.close()


def test_edit_header_opens_the_conference_settings_and_refreshes_the_preview(window, monkeypatch, tmp_path):
    dialog = export_dialog.ExportDialog(window.session, window)
    before = dialog.header_preview.text()
    assert "<b>TỈNH ỦY</b>" in before  # shown as printed: the issuing body's last line bold
    monkeypatch.setattr(export_dialog.ConferenceDialog, "exec", lambda self: 0)  # cancelled: nothing changes
    dialog.edit_header.click()
    assert dialog.header_preview.text() == before

    opened = []

    def fill(self):
        opened.append(self.parent())
        self.issuer.setPlainText("ĐẢNG BỘ TỈNH BẮC SƠN\nTỈNH ỦY")
        self.fields["place"].setText("Bắc Sơn")
        self.fields["date"].setText("02/12/2026")
        return 1

    monkeypatch.setattr(export_dialog.ConferenceDialog, "exec", fill)
    dialog.edit_header.click()
    assert opened == [dialog]  # over the export dialog
    assert dialog.header_lines() == ["ĐẢNG BỘ TỈNH BẮC SƠN", "TỈNH ỦY",
                                                        "Bắc Sơn, ngày 02 tháng 12 năm 2026"]
    assert "Bắc Sơn" in dialog.header_preview.text() and "An Phú" not in dialog.header_preview.text()
    assert window.session.store.conference()["place"] == "Bắc Sơn"
    out = tmp_path / "edited.pdf"
    export_pdf(window.session.store, window.session.draft_id, out, conference=load_conference(window.session.store),
               options=ExportOptions(language="vi"))
    first = " ".join(pypdf.PdfReader(str(out)).pages[0].extract_text().split())
    assert "ĐẢNG BỘ TỈNH BẮC SƠN" in first and "An Phú" not in first
    dialog.close()


def _mnemonics(dialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QAbstractButton)] + [w.text() for w in dialog.findChildren(QLabel)]
    return [m.group(1).lower() for t in texts for m in re.finditer(r"&([^&\s])", t)]


@pytest.mark.parametrize("code", ["vi", "en"])
def test_edit_header_is_reachable_from_the_keyboard(window, monkeypatch, qtbot, code):
    i18n.set_language(code)
    try:
        dialog = export_dialog.ExportDialog(window.session, window)
    finally:
        i18n.set_language(None)
    button = dialog.edit_header
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    letter = re.search(r"&([^&\s])", button.text()).group(1)
    assert _mnemonics(dialog).count(letter.lower()) == 1  # no other control of the dialog answers to it
    if code == "vi":
        assert button.text() == "&Sửa phần đầu văn bản…"
    opened = []
    monkeypatch.setattr(export_dialog.ConferenceDialog, "exec", lambda self: opened.append(1) or 0)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    target = QApplication.focusWidget() or dialog
    qtbot.keyClick(target, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: opened == [1], timeout=5000)  # (a mnemonic animates the click first)
    dialog.close()


def test_the_signer_is_set_in_the_window_too(qtbot):
    from reviewer.ui.export_dialog import ConferenceDialog

    dialog = ConferenceDialog({"signer_lines": "T/M BAN THƯ KÝ\nTHƯ KÝ"})
    qtbot.addWidget(dialog)
    assert dialog.signer.toPlainText() == "T/M BAN THƯ KÝ\nTHƯ KÝ"
    dialog.signer.setPlainText("T/M ĐOÀN THƯ KÝ ĐẠI HỘI\nTRƯỞNG ĐOÀN")
    assert dialog.changes()["signer_lines"] == "T/M ĐOÀN THƯ KÝ ĐẠI HỘI\nTRƯỞNG ĐOÀN"
    dialog.signer.clear()
    assert dialog.changes()["signer_lines"] is None  # back to the default lines


def test_placeholders_left_in_the_header_are_pointed_out_before_printing(window):
    dialog = export_dialog.ExportDialog(window.session, window)
    # The sample draft names its issuer and place; the signer is still a placeholder.
    assert not dialog.header_warning.isHidden()
    assert "“T/M …”" in dialog.header_warning.text() and "ĐẢNG BỘ" not in dialog.header_warning.text()
    window.session.store.set_conference(signer_lines="T/M BAN THƯ KÝ HỘI NGHỊ\nTRƯỞNG BAN")
    dialog._update_header()
    assert dialog.header_warning.isHidden() and dialog.header_warning.text() == ""
    dialog.close()
