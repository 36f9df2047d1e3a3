"""Exchange-folder file names a secretary can read: the group and the laptop, one file per device."""
from __future__ import annotations

import socket

import pytest

from reviewer.exchange import SyncState, sync_once
from reviewer.exchange import folder as folder_module
from reviewer.exchange import package as exchange
from tests.exchange.helpers import laptop, send


@pytest.fixture
def pair(tmp_path, monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "LAPTOP-Đức_Phòng 2.tinh.local")
    folder = tmp_path / "usb"
    folder.mkdir()
    a, draft = laptop(tmp_path, "a")
    b, _ = laptop(tmp_path, "b")
    yield folder, a, b, draft
    a.close()
    b.close()


def gopy(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_file_name_says_the_group_and_the_laptop(pair):
    folder, a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 2", text="của Tổ 2")
    result = sync_once(a, folder, device_group="Tổ 2")
    name = f"To-2_LAPTOP-Duc-Phong-2_{a.device_id[:8]}_{draft}.gopy"
    assert result.written == [name] and gopy(folder) == [name]
    assert name.isascii()
    # Đ folds to D, and a group name with characters file systems refuse still gives a clean name.
    assert folder_module.name_part("Tổ Đảng ủy: \"A/B\"?") == "To-Dang-uy-A-B"
    assert folder_module.own_file_name(a.device_id, draft, group="", host="PC") == f"PC_{a.device_id[:8]}_{draft}.gopy"
    # The other laptop reads it; its own file carries its own name (no group: it wrote no comment).
    b_state = SyncState()
    b_result = sync_once(b, folder, state=b_state)
    assert [n for n, _s in b_result.merged] == [name] and b_result.merged[0][1].new == 1
    assert b_result.written == [f"LAPTOP-Duc-Phong-2_{b.device_id[:8]}_{draft}.gopy"]
    # Each laptop leaves the other's file alone and does not read its own back.
    assert sync_once(a, folder).merged[0][0] == b_result.written[0]
    assert [n for n, _s in sync_once(b, folder, state=b_state).merged] == []


def test_a_new_group_renames_the_file_without_a_moment_without_it(pair, monkeypatch):
    folder, a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 2", text="một")
    state = SyncState()
    sync_once(a, folder, state=state, device_group="Tổ 2")
    old = folder / f"To-2_LAPTOP-Duc-Phong-2_{a.device_id[:8]}_{draft}.gopy"
    new = folder / f"To-3_LAPTOP-Duc-Phong-2_{a.device_id[:8]}_{draft}.gopy"
    assert old.exists()
    real_write = folder_module.write_bytes_atomic
    seen_while_writing = []

    def write(path, data):
        seen_while_writing.append(old.exists())
        real_write(path, data)

    monkeypatch.setattr(folder_module, "write_bytes_atomic", write)
    # The comments did not change, only the laptop's group: the file follows the group.
    result = sync_once(a, folder, state=state, device_group="Tổ 3")
    assert result.written == [new.name] and seen_while_writing == [True]
    assert gopy(folder) == [new.name]
    assert exchange.read_package(new.read_bytes()).device_group == "Tổ 3"
    # Without the state of earlier passes too (the command line), and back again.
    assert sync_once(a, folder, device_group="Tổ 2").written == [old.name] and gopy(folder) == [old.name]
    assert sync_once(a, folder, device_group="Tổ 2").written == [] and gopy(folder) == [old.name]


def test_files_of_the_former_naming_are_read_and_the_own_one_replaced(pair):
    folder, a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="của A")
    b.add_comment(draft_id=draft, section_id="s2", group="Tổ 5", text="của B")
    # Both laptops wrote their files with an earlier version: "<device id>-<draft id>.gopy".
    a_former = send(a, draft, folder / f"{a.device_id}-{draft}.gopy")
    b_former = send(b, draft, folder / f"{b.device_id}-{draft}.gopy")
    result = sync_once(a, folder)
    assert [n for n, _s in result.merged] == [b_former.name]  # b's is read, a's own is not read back
    new = f"To-1_LAPTOP-Duc-Phong-2_{a.device_id[:8]}_{draft}.gopy"
    assert result.written == [new]
    # a's file of the former name is gone, now that the new one is there; b's is left to b.
    assert gopy(folder) == sorted([new, b_former.name]) and not a_former.exists()
    assert len(a.comments(draft)) == 2


def test_a_copy_of_the_database_on_another_laptop_is_not_taken_for_this_one(pair, monkeypatch):
    folder, a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="của A")
    sync_once(a, folder)
    # The same database (same device id) used on a laptop with another name writes its own file ...
    monkeypatch.setattr(socket, "gethostname", lambda: "MAY-THU-KY")
    a.add_comment(draft_id=draft, section_id="s2", group="Tổ 1", text="trên máy khác")
    result = sync_once(a, folder)
    # ... which neither removes nor ignores the first laptop's file.
    assert [n for n, _s in result.merged] == [f"To-1_LAPTOP-Duc-Phong-2_{a.device_id[:8]}_{draft}.gopy"]
    assert result.written == [f"To-1_MAY-THU-KY_{a.device_id[:8]}_{draft}.gopy"] and len(gopy(folder)) == 2
