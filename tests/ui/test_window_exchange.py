"""Sending and receiving comments, and exporting the consolidated PDF, from the window."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from reviewer.docx import read_document  # noqa: E402
from reviewer.exchange import export_package  # noqa: E402
from reviewer.paths import sample_draft  # noqa: E402
from reviewer.store import Store  # noqa: E402
from reviewer.ui import messages  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402


@pytest.fixture
def answers(monkeypatch):
    queue: list[int] = []
    shown: list[str] = []

    def fake_ask(parent, title, text, buttons, icon=None):
        shown.append(text)
        return queue.pop(0) if queue else 0

    monkeypatch.setattr(messages, "ask", fake_ask)
    return queue, shown


def window_with_comments(qtbot, tmp_path, groups, *, text: str = "Ý kiến của {group}"):
    """(the window on the sample, the section "2. Tài chính" with one comment of each group)."""
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    for group in groups:
        window.session.add_comment(section_id=section, group=group, text=text.format(group=group))
    return window, section


def receive(qtbot, window, shown: list[str], paths) -> str:
    """File › Receive comments with these files: merged on a worker, then the summary is shown."""
    from reviewer.ui.exchange_ui import receive_comments

    before = len(shown)
    receive_comments(window, [str(p) for p in paths])
    assert len(shown) == before  # merged on a worker: the window is not held meanwhile
    qtbot.waitUntil(lambda: len(shown) > before, timeout=20_000)
    return shown[-1]


def other_laptop(tmp_path, group: str, text: str):
    store = Store(tmp_path / f"{group}.sqlite3")
    draft = store.register_draft(read_document(sample_draft()))
    section = store.sections(draft["id"])[3]["id"]
    comment = store.add_comment(draft_id=draft["id"], section_id=section, group=group, text=text)
    path = tmp_path / f"{group}.gopy"
    export_package(store, draft["id"], path)
    store.close()
    return path, comment, section


def test_receiving_packages_shows_a_summary_and_the_comments(qtbot, tmp_path, answers):
    queue, shown = answers
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    package, comment, section = other_laptop(tmp_path, "Tổ 5", "Đề nghị bổ sung chỉ tiêu về chuyển đổi số")
    summary = receive(qtbot, window, shown, [package, package])  # the same file twice: nothing more the second time
    # The unit first, then its file; only the counts that are not zero.
    assert summary.splitlines() == [f"Tổ 5 ({package.name}): 1 new", f"Tổ 5 ({package.name}): 1 unchanged",
                                    "Total: 1 new, 1 unchanged"]
    assert [c.id for c in window.session.comments(section_id=section)] == [comment.id]
    assert window.consolidation.model.rowCount() == 1
    broken = tmp_path / "hong.gopy"
    broken.write_bytes(package.read_bytes()[:200])
    assert "hong.gopy" in receive(qtbot, window, shown, [broken])
    window.close()
    window.session.store.close()


def test_receiving_a_provinces_files_sums_them_up_and_names_each_one_refused(qtbot, tmp_path, answers):
    _queue, shown = answers
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    package, comment, _section = other_laptop(tmp_path, "Xã Tân Phú", "Đề nghị làm rõ nguồn vốn đầu tư công")
    files = []
    for n in range(11):  # the same package under several names: merged once, then recognised
        files.append(tmp_path / f"don-vi-{n:02}.gopy")
        files[-1].write_bytes(package.read_bytes())
    for n in range(3):
        files.append(tmp_path / f"hong-{n}.gopy")
        files[-1].write_bytes(package.read_bytes()[:300])
    summary = receive(qtbot, window, shown, files).splitlines()
    assert summary[0] == "11 files merged."
    assert [line.split(":")[0] for line in summary[1:4]] == ["hong-0.gopy", "hong-1.gopy", "hong-2.gopy"]
    assert summary[-1].startswith("Total: 1 new")
    assert [c.id for c in window.session.comments()] == [comment.id]
    window.close()
    window.session.store.close()


def test_sending_writes_a_package_another_laptop_can_read(qtbot, tmp_path, answers, monkeypatch):
    queue, shown = answers
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    window.session.add_comment(section_id=section, group="Tổ 2", text="Ý kiến gửi đi")
    target = tmp_path / "usb" / "to-2.gopy"
    target.parent.mkdir()
    from reviewer.ui import exchange_ui

    started_in = []
    monkeypatch.setattr(exchange_ui.QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, *a, **k: started_in.append(start) or (str(target), ""))
    window.settings.set("exchange/packages", str(tmp_path))  # where packages were last received from
    queue.append(1)  # only the group's own comments
    exchange_ui.send_comments(window)
    assert len(shown) == 1  # written on a worker (a province's secretariat sends 113,000 comments), then said
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20_000)
    assert shown[-1] == f"Package saved: {target} (1 comment)."
    assert target.exists() and Path(started_in[0]).parent != tmp_path  # not the folder received from
    assert window.settings.get("exchange/sent") == str(target.parent)  # the next send starts where this one went
    receiver = Store(tmp_path / "b.sqlite3")
    from reviewer.exchange import import_packages

    (_path, summary), = import_packages(receiver, [target])
    assert summary.new == 1 and summary.draft_registered
    assert [c.text for c in receiver.comments(summary.draft)] == ["Ý kiến gửi đi"]
    receiver.close()
    window.close()
    window.session.store.close()


def test_export_pdf_from_the_window(qtbot, tmp_path, answers, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    queue, shown = answers
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    window.session.add_comment(section_id=section, group="Tổ 2", author="Lê Văn Tám",
                               text="Đề nghị làm rõ số thu từ đất")
    from reviewer.ui import export_dialog

    dialog = export_dialog.ExportDialog(window.session, window)
    assert "1" in dialog.count.text()
    out = tmp_path / "tong-hop.pdf"
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    queue.append(2)  # close the "ready" message
    window.export_pdf()
    qtbot.waitUntil(lambda: bool(shown) and out.exists(), timeout=30000)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert "Đề nghị làm rõ số thu từ đất" in text
    window.close()
    window.session.store.close()


def test_groups_are_listed_in_natural_order(qtbot, tmp_path, answers):
    """A conference has up to 30 groups: Tổ 2 comes before Tổ 10 in every list, not after it."""
    window, _section = window_with_comments(qtbot, tmp_path, ("Tổ 10", "Tổ 2", "Tổ 11", "Tổ 1"))
    window.panel.set_groups(window.session.store.groups())
    from reviewer.ui import export_dialog

    dialog = export_dialog.ExportDialog(window.session, window)
    listed = [dialog.groups.item(i).text() for i in range(dialog.groups.count())]
    in_filter = [window.panel.group_filter.itemText(i) for i in range(1, window.panel.group_filter.count())]
    for names in (listed, in_filter):
        tens = [n for n in names if n in ("Tổ 1", "Tổ 2", "Tổ 10", "Tổ 11")]
        assert tens == ["Tổ 1", "Tổ 2", "Tổ 10", "Tổ 11"], names
    dialog.close()
    window.close()
    window.session.store.close()


def test_the_exchange_folder_brings_in_another_laptops_comments(qtbot, tmp_path, answers):
    from reviewer.exchange import sync_once

    folder = tmp_path / "usb"
    folder.mkdir()
    other = Store(tmp_path / "to-7.sqlite3")
    draft = other.register_draft(read_document(sample_draft()))
    section = other.sections(draft["id"])[4]["id"]
    comment = other.add_comment(draft_id=draft["id"], section_id=section, group="Tổ 7", text="Ý kiến qua thư mục chung")
    sync_once(other, folder, device_group="Tổ 7")
    other.close()

    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    window.exchange.set_folder(str(folder))
    qtbot.waitUntil(lambda: any(c.id == comment.id for c in window.session.comments()), timeout=20000)
    # This laptop's own file is written there too, and nobody else's file is touched.
    window.session.add_comment(section_id=section, group="Tổ 2", text="Ý kiến của Tổ 2")
    window.exchange.schedule(0)
    own = f"_{window.session.store.device_id[:8]}_"  # named after its group, host name and device
    qtbot.waitUntil(lambda: any(own in p.name and p.name.startswith("To-2_") for p in folder.glob("*.gopy")),
                    timeout=20000)
    assert len(list(folder.glob("*.gopy"))) == 2
    window.exchange.set_folder("")
    qtbot.wait(200)
    window.close()
    window.session.store.close()


def test_the_passphrase_is_hidden_unless_asked_for(qtbot):
    from PySide6.QtWidgets import QLineEdit

    from reviewer.ui.exchange_ui import ExchangeDialog

    dialog = ExchangeDialog("", "mật khẩu hội nghị")
    qtbot.addWidget(dialog)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_passphrase.setChecked(True)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_passphrase.setChecked(False)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.passphrase.text() == "mật khẩu hội nghị"


def test_received_comments_list_every_group_a_laptop_sent_and_only_others_comments(qtbot, tmp_path, monkeypatch):
    from reviewer.exchange import sync_once
    from reviewer.ui import exchange_ui

    folder = tmp_path / "usb"
    folder.mkdir()
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    here = window.session.store
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    window.session.add_comment(section_id=section, group="Tổ 3", text="Ý kiến của máy này")
    sync_once(here, folder)
    other = Store(tmp_path / "a.sqlite3")  # one secretary typed two groups' comments
    draft = other.register_draft(read_document(sample_draft()), file_name=sample_draft().name)["id"]
    for group, text in (("Tổ 1", "một"), ("Tổ 1", "hai"), ("Tổ 2", "ba")):
        other.add_comment(draft_id=draft, section_id=section, group=group, text=text)
    sync_once(other, folder)  # its file also carries this laptop's comment back
    other.close()
    sync_once(here, folder)
    shown = []
    monkeypatch.setattr(exchange_ui.ReceivedDialog, "exec", lambda self: shown.append(self) or 0)
    exchange_ui.show_received(window)
    from PySide6.QtWidgets import QTableWidget

    table = shown[0].findChild(QTableWidget)
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Tổ 1 (2), Tổ 2 (1)"
    assert table.item(0, 2).text() == "3"
    shown[0].close()
    window.close()
    here.close()


def one_comment_on_two_laptops(tmp_path, text: str):
    """(laptop A, laptop B, draft id, section id, comment): a comment A wrote and B received."""
    from reviewer.exchange import import_packages

    a = Store(tmp_path / "a.sqlite3")
    b = Store(tmp_path / "b.sqlite3")
    draft = a.register_draft(read_document(sample_draft()))["id"]
    b.register_draft(read_document(sample_draft()))
    section = a.sections(draft)[3]["id"]
    comment = a.add_comment(draft_id=draft, section_id=section, group="Tổ 1", text=text)
    export_package(a, draft, tmp_path / "a0.gopy")
    import_packages(b, [tmp_path / "a0.gopy"])
    return a, b, draft, section, comment


def test_receiving_two_packages_of_one_conflict_counts_it_once(qtbot, tmp_path, answers):
    queue, shown = answers
    from reviewer.exchange import import_packages

    a, b, draft, _section, comment = one_comment_on_two_laptops(tmp_path, "bản gốc")
    a.edit_comment(comment.id, text="A sửa")
    b.edit_comment(comment.id, text="B sửa")
    export_package(b, draft, tmp_path / "b.gopy")
    import_packages(a, [tmp_path / "b.gopy"])
    export_package(a, draft, tmp_path / "a.gopy")  # both versions, after A merged B's
    a.close()
    b.close()
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    total = receive(qtbot, window, shown, [tmp_path / "a.gopy", tmp_path / "b.gopy"]).splitlines()[-1]
    assert total.startswith("Total:") and "1 in conflict" in total
    assert [c.id for c in window.session.store.conflicts(draft)] == [comment.id]
    window.close()
    window.session.store.close()


def test_received_units_are_listed_in_natural_order(qtbot):
    from PySide6.QtWidgets import QTableWidget

    from reviewer.ui.exchange_ui import ReceivedDialog

    devices = [{"group": g, "device": f"{n:032x}", "comments": 5, "groups": [{"group": g, "comments": 5}]}
               for n, g in enumerate(["Chi bộ số 129", "Chi bộ số 24", "Đảng bộ xã số 3", "Chi bộ số 3"])]
    dialog = ReceivedDialog({"devices": devices})
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Chi bộ số 3 (5)", "Chi bộ số 24 (5)", "Chi bộ số 129 (5)", "Đảng bộ xã số 3 (5)"]


def test_a_receive_stopped_part_way_says_so_first_and_sums_up_as_the_whole_would(qtbot, tmp_path, answers):
    from reviewer.store import MergeSummary
    from reviewer.ui.exchange_ui import _show_received

    _queue, shown = answers
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    merged = [(f"/usb/{n:02}.gopy", MergeSummary(unchanged=2500)) for n in range(9)]
    _show_received(window, merged, 40)  # Cancel during the tenth of 40 files
    lines = shown[-1].splitlines()
    assert lines[0].startswith("Stopped after 9 of 40 files") and lines[1] == "9 files merged."
    assert lines[-1] == "Total: 22,500 unchanged"
    _show_received(window, merged + [("/usb/last.gopy", MergeSummary(new=3))], 10, too_late=True)
    assert shown[-1].splitlines()[0] == "Cancel came after the last file: every file was merged."
    window.close()
    window.session.store.close()



def test_all_and_none_count_what_will_print_once(qtbot, tmp_path, answers, monkeypatch):
    """Ticking every group, or none, counts the comments once, not once per group: at a province's 70 units and
    113,000 comments the dialog froze for seconds, and Alt+T / Alt+B seemed to do nothing (found by fresh eyes)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from reviewer.store import listing
    from reviewer.ui import export_dialog

    window, _section = window_with_comments(qtbot, tmp_path, ("Tổ 1", "Tổ 2", "Tổ 3", "Tổ 4"))
    dialog = export_dialog.ExportDialog(window.session, window)
    counted = []
    real = listing.export_count
    monkeypatch.setattr(export_dialog.listing, "export_count", lambda *a, **k: counted.append(1) or real(*a, **k))
    buttons = {b.text().replace("&", ""): b for b in dialog.findChildren(QPushButton)}

    def ticked():
        return [dialog.groups.item(i).checkState() == Qt.CheckState.Checked for i in range(dialog.groups.count())]

    buttons["None"].click()
    assert not any(ticked()) and len(counted) == 1
    assert not dialog.export_button.isEnabled() and dialog.count.text().startswith("0 comments")
    buttons["All"].click()
    assert all(ticked()) and len(ticked()) >= 4 and len(counted) == 2
    assert dialog.export_button.isEnabled()
    dialog.close()
    window.close()
    window.session.store.close()


def test_a_large_print_says_about_how_many_pages_it_takes(qtbot, tmp_path, answers, monkeypatch):
    from reviewer import i18n
    from reviewer.ui import export_dialog

    assert export_dialog.estimated_pages(4390, "sections") == 730  # 714 pages printed
    assert export_dialog.estimated_pages(4390, "table") == 1500  # 1,474 pages printed
    assert export_dialog.estimated_pages(113_296, "sections") == 19_000  # 18,924 pages printed
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    window.session.add_comment(section_id=section, group="Tổ 1", text="Ý kiến của Tổ 1")
    i18n.set_language("vi")
    try:
        dialog = export_dialog.ExportDialog(window.session, window)
        assert "trang" not in dialog.count.text()  # a few pages go without saying
        monkeypatch.setattr(export_dialog.listing, "export_count", lambda *a, **k: (113_296, 400))
        dialog.as_table.setChecked(True)  # the layout changes the pages
        assert dialog.count.text() == "Sẽ in 113.296 ý kiến về 400 mục. Khoảng 38.000 trang."
        dialog.by_section.setChecked(True)
        assert dialog.count.text().endswith("Khoảng 19.000 trang.")
        dialog.close()
    finally:
        i18n.set_language(None)
    window.close()
    window.session.store.close()



def test_cancelling_the_file_goes_back_to_the_export_dialog_as_it_was(qtbot, tmp_path, answers, monkeypatch):
    """Esc in "Save the PDF as" returns to the export dialog with its choices, not to the window (found by fresh
    eyes: groups and sections chosen had to be chosen again)."""
    pypdf = pytest.importorskip("pypdf")
    queue, shown = answers
    window, _section = window_with_comments(qtbot, tmp_path, ("Tổ 1", "Tổ 2", "Tổ 3"), text="Ý kiến riêng của {group}")
    from PySide6.QtCore import Qt

    from reviewer.ui import export_dialog

    out = tmp_path / "to-2.pdf"
    opened, files = [], iter(["", str(out)])  # the first time Esc, then a file

    def run(dialog):
        opened.append(dialog)
        if len(opened) == 1:  # the secretariat keeps Tổ 2 only
            for i in range(dialog.groups.count()):
                item = dialog.groups.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.text() == "Tổ 2" else Qt.CheckState.Unchecked)
        return True

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", run)
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (next(files), ""))
    queue.append(2)  # close the "ready" message
    window.export_pdf()
    qtbot.waitUntil(lambda: bool(shown) and out.exists(), timeout=30000)
    assert len(opened) == 2 and opened[0] is opened[1]  # the same dialog, shown again
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert "Ý kiến riêng của Tổ 2" in text and "Ý kiến riêng của Tổ 1" not in text
    window.close()
    window.session.store.close()


def test_the_export_dialog_s_rows_do_not_cover_one_another(qtbot, tmp_path, answers):
    """Its wrapped labels made Qt open it 14 pixels short: the next row covered the groups' last entries and their
    All / None buttons (found by fresh eyes at 1366×768)."""
    from PySide6.QtWidgets import QPushButton

    from reviewer.ui import export_dialog

    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    window.session.store.add_comments([dict(draft_id=window.session.draft_id, section_id=section, group=f"Tổ {n}",
                                            text=f"Ý kiến của Tổ {n}") for n in range(1, 31)])
    dialog = export_dialog.ExportDialog(window.session, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The resize to the rows' height is itself an event; then the rows are laid out again.
    qtbot.waitUntil(lambda: dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width()))
    qtbot.wait(20)

    def span(widget):
        top = widget.mapTo(dialog, widget.rect().topLeft()).y()
        return top, top + widget.height()

    every = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&All")
    rows = [span(dialog.groups), span(every), span(dialog.language), span(dialog.hide_names)]
    for (_top, bottom), (next_top, _bottom) in zip(rows, rows[1:], strict=False):
        assert bottom <= next_top, rows
    dialog.close()
    window.close()
    window.session.store.close()


def test_the_next_export_starts_from_the_last_one_s_choices(qtbot, tmp_path, answers, monkeypatch):
    """To print the other layout of the same groups and sections, they need not be chosen again (found by fresh
    eyes)."""
    from PySide6.QtCore import Qt

    from reviewer.ui import export_dialog

    queue, shown = answers
    window, section = window_with_comments(qtbot, tmp_path, ("Tổ 1", "Tổ 2", "Tổ 3"))
    seen = []

    def run(dialog):
        seen.append(dialog.options())
        if len(seen) == 1:  # the first time: Tổ 2 only, its section only, the table form, names hidden
            for i in range(dialog.groups.count()):
                item = dialog.groups.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.text() == "Tổ 2" else Qt.CheckState.Unchecked)
            dialog.sections = {section}
            dialog.as_table.setChecked(True)
            dialog.hide_names.setChecked(True)
            seen[0] = dialog.options()
        return True

    outs = iter([tmp_path / "a.pdf", tmp_path / "b.pdf"])
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", run)
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(outs)), ""))
    for n in (1, 2):
        queue.append(2)  # close the "ready" message
        window.export_pdf()
        qtbot.waitUntil(lambda n=n: len(shown) == n, timeout=30000)
    assert seen[1] == seen[0] and seen[0].groups == {"Tổ 2"} and seen[0].layout == "table"
    window.close()
    window.session.store.close()


def test_a_comment_deleted_while_another_laptop_changed_it_is_found_and_kept_again(qtbot, tmp_path, answers):
    """Found at a province's size: the receive summary counted such a conflict, but the consolidation showed
    only live comments, so the change made on the other laptop could be seen nowhere."""
    from PySide6.QtCore import Qt as QtNS

    from reviewer.ui.history import ConflictDialog
    from reviewer.ui.table_model import COLUMNS

    _queue, shown = answers
    a, b, draft, section, comment = one_comment_on_two_laptops(tmp_path, "Đề nghị làm rõ trách nhiệm.")
    a.delete_comment(comment.id)
    b.edit_comment(comment.id, text="Đề nghị làm rõ trách nhiệm của từng cấp, từng ngành.")
    export_package(a, draft, tmp_path / "a.gopy")
    export_package(b, draft, tmp_path / "b.gopy")
    a.close()
    b.close()
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    receive(qtbot, window, shown, [tmp_path / "a.gopy", tmp_path / "b.gopy"])
    assert window.session.store.comment(comment.id).deleted  # the deletion won the merge

    window.tabs.setCurrentIndex(1)
    view = window.consolidation
    qtbot.waitUntil(lambda: "1 of them deleted: “Only conflicts ⚠” lists them" in view.counts.text())
    view.only_conflicts.setChecked(True)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    text = view.proxy.index(0, COLUMNS.index("text"))
    assert text.data() == "⚠ Deleted: Đề nghị làm rõ trách nhiệm."
    assert "double-click" in text.data(QtNS.ItemDataRole.ToolTipRole)
    assert not view.proxy.index(0, COLUMNS.index("status")).flags() & QtNS.ItemFlag.ItemIsEditable
    qtbot.waitUntil(lambda: "⚠ 1 in conflict, 1 of them deleted" in view.counts.text())

    view.jump_requested.emit(section, comment.id)  # as a double-click or Enter on the row does
    dialog = window.findChild(ConflictDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Deleted on one laptop, changed on another"  # what happened, and what each does
    assert (dialog.this_pane.keep.text(), dialog.other_pane.keep.text()) == (
        "Keep it deleted", "Keep the change (the comment comes back)")
    dialog.other_pane.keep.click()
    kept = window.session.store.comment(comment.id)
    assert not kept.deleted and not kept.conflict
    assert kept.text == "Đề nghị làm rõ trách nhiệm của từng cấp, từng ngành."
    view.only_conflicts.setChecked(False)
    qtbot.waitUntil(lambda: any(view.proxy.index(r, COLUMNS.index("text")).data() == kept.text
                                for r in range(view.proxy.rowCount())))
    window.close()
    window.session.store.close()
