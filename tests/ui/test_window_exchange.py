"""Sending and receiving comments, and exporting the consolidated PDF, from the window."""
from __future__ import annotations

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
    from reviewer.ui.exchange_ui import receive_comments

    receive_comments(window, [str(package), str(package)])  # the same file twice: nothing more the second time
    assert "1 new" in shown[-1] and "0 new" in shown[-1]
    assert [c.id for c in window.session.comments(section_id=section)] == [comment.id]
    assert window.consolidation.model.rowCount() == 1
    broken = tmp_path / "hong.gopy"
    broken.write_bytes(package.read_bytes()[:200])
    receive_comments(window, [str(broken)])
    assert "hong.gopy" in shown[-1]
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

    monkeypatch.setattr(exchange_ui.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    queue.append(1)  # only the group's own comments
    exchange_ui.send_comments(window)
    assert target.exists()
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
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    section = next(s.id for s in window.session.document.sections if s.heading.startswith("2. Tài chính"))
    for group in ("Tổ 10", "Tổ 2", "Tổ 11", "Tổ 1"):
        window.session.add_comment(section_id=section, group=group, text=f"Ý kiến của {group}")
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
    own = window.session.store.device_id
    qtbot.waitUntil(lambda: any(p.name.startswith(own) for p in folder.glob("*.gopy")), timeout=20000)
    assert len(list(folder.glob("*.gopy"))) == 2
    window.exchange.set_folder("")
    qtbot.wait(200)
    window.close()
    window.session.store.close()
