"""The exchange folder: one pass (``reviewer.exchange.folder.sync_once``) on real folders that misbehave."""
from __future__ import annotations

import errno
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.exchange import SyncState, sync_once
from reviewer.exchange import folder as folder_module
from reviewer.exchange import package as exchange
from reviewer.files import WriteError
from reviewer.store import Store
from tests.exchange.helpers import comments_state, laptop, snapshot


@pytest.fixture
def trio(tmp_path):
    folder = tmp_path / "exchange"
    folder.mkdir()
    stores = []
    for name in ("a", "b", "c"):
        store, draft = laptop(tmp_path, name)
        stores.append(store)
    yield folder, stores, draft
    for s in stores:
        s.close()


def own_file_name(store: Store, draft: str) -> str:
    """The name sync_once gives a laptop's file (its group: the one most of its comments are from)."""
    return folder_module.own_file_name(store.device_id, draft, group=store.exchange.device_group(draft))


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_laptops_meet_in_the_folder_each_writing_only_its_own_file(trio):
    folder, (a, b, c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="của A")
    b.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="của B")
    states = {s.device_id: SyncState() for s in (a, b, c)}

    first = sync_once(a, folder, state=states[a.device_id])
    assert first.status == "ok" and first.written == [own_file_name(a, draft)]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left
    result = sync_once(b, folder, state=states[b.device_id])
    assert [n for n, _s in result.merged] == [own_file_name(a, draft)]
    assert result.merged[0][1].new == 1
    assert result.written == [own_file_name(b, draft)]  # with what it just received
    empty, empty_folder = Store(folder.parent / "empty.sqlite3"), folder.parent / "empty-folder"
    empty_folder.mkdir()
    assert sync_once(empty, empty_folder).written == []  # a laptop with no comment writes nothing
    assert list(empty_folder.iterdir()) == [] and empty.exchange.received() == {"devices": [], "groups": []}
    empty.close()
    c_result = sync_once(c, folder, state=states[c.device_id])
    assert len(c_result.merged) == 2 and len(c.comments(draft)) == 2
    # Every laptop passes on what it holds; after two rounds nobody has anything new to write or read.
    for _round in range(2):
        for s in (a, b, c):
            sync_once(s, folder, state=states[s.device_id])
    assert comments_state(a, draft) == comments_state(b, draft) == comments_state(c, draft)
    assert len(a.comments(draft)) == 2

    # Nothing changed: a pass writes nothing and reads nothing again.
    before = files(folder)
    for s in (a, b, c):
        quiet = sync_once(s, folder, state=states[s.device_id])
        assert quiet.written == [] and quiet.merged == [] and files(folder) == before
    # Even without the state of earlier passes, an unchanged package is not rewritten.
    assert sync_once(a, folder).written == [] and files(folder) == before

    # A change is written at the next pass, and only this laptop's file changes.
    a.add_comment(draft_id=draft, section_id="s3", group="Tổ 1", text="thêm")
    after = sync_once(a, folder, state=states[a.device_id])
    assert after.written == [own_file_name(a, draft)]
    now = files(folder)
    assert {n for n in now if now[n] != before.get(n)} == {own_file_name(a, draft)}


def test_a_file_still_being_copied_is_retried_quietly_then_merged(trio, tmp_path):
    folder, (a, b, _c), draft = trio
    for i in range(30):
        a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text=f"ý kiến số {i} " * 20)
    data = exchange.build_package(a, draft).data
    target = folder / "from-usb.gopy"
    state = SyncState()
    for size in (0, len(data) // 3, len(data) - 10):  # the copy progresses between passes
        target.write_bytes(data[:size])
        result = sync_once(b, folder, state=state)
        assert result.pending == ["from-usb.gopy"] and result.refused == [] and result.status == "ok"
    target.write_bytes(data)
    result = sync_once(b, folder, state=state)
    assert [n for n, _s in result.merged] == ["from-usb.gopy"] and result.pending == []
    assert len(b.comments(draft)) == 30


def test_a_broken_file_is_reported_once_not_at_every_pass(trio):
    folder, (_a, b, _c), _draft = trio
    junk = folder / "junk.gopy"
    junk.write_bytes(b"PK\x03\x04 half a zip")
    state = SyncState()
    assert sync_once(b, folder, state=state, grace=3600).pending == ["junk.gopy"]
    # Unchanged for longer than the grace period: reported, once.
    reported = sync_once(b, folder, state=state, grace=0)
    assert [n for n, _m in reported.refused] == ["junk.gopy"] and "incomplete" in reported.refused[0][1]
    for _ in range(3):
        again = sync_once(b, folder, state=state, grace=0)
        assert again.refused == [] and again.pending == []
    # Not a package at all: reported at once (and once).
    (folder / "notes.gopy").write_text("ghi chú")
    assert [n for n, _m in sync_once(b, folder, state=state).refused] == ["notes.gopy"]
    assert sync_once(b, folder, state=state).refused == []
    # A file that changes is looked at again.
    (folder / "notes.gopy").write_text("ghi chú khác")
    assert [n for n, _m in sync_once(b, folder, state=state).refused] == ["notes.gopy"]


def test_without_earlier_passes_an_old_broken_file_is_reported_and_a_recent_one_waits(trio):
    folder, (_a, b, _c), _draft = trio
    recent, old = folder / "recent.gopy", folder / "old.gopy"
    recent.write_bytes(b"PK\x03\x04")
    old.write_bytes(b"PK\x03\x04")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    result = sync_once(b, folder)
    assert result.pending == ["recent.gopy"] and [n for n, _m in result.refused] == ["old.gopy"]


def test_a_folder_that_disappears_is_reported_and_used_again_when_it_is_back(trio, tmp_path):
    folder, (a, b, _c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    state = SyncState()
    sync_once(a, folder, state=state)
    shutil.rmtree(folder)  # the USB stick is pulled out
    result = sync_once(a, folder, state=state)
    assert result.status == "missing" and str(folder) in result.message and not folder.exists()
    a.add_comment(draft_id=draft, section_id="s2", group="Tổ 1", text="hai")  # work goes on locally
    folder.mkdir()  # plugged in again (empty: another stick)
    back = sync_once(a, folder, state=state)
    assert back.status == "ok" and back.written == [own_file_name(a, draft)]
    assert sync_once(b, folder).merged[0][1].new == 2


def test_an_unwritable_folder_is_reported_and_the_others_files_are_still_read(trio, monkeypatch):
    folder, (a, b, _c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="của A")
    b.add_comment(draft_id=draft, section_id="s1", group="Tổ 2", text="của B")
    sync_once(a, folder)

    def read_only(path, data):
        raise WriteError(f"Cannot write “{path}”", os.strerror(errno.EROFS))

    monkeypatch.setattr(folder_module, "write_bytes_atomic", read_only)
    result = sync_once(b, folder)
    assert result.status == "not_writable" and "exchange folder" in result.message
    assert result.merged[0][1].new == 1


def test_duplicate_renamed_and_old_copies_of_a_device_file_change_nothing_more(trio):
    folder, (a, b, _c), draft = trio
    c1 = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="bản đầu")
    sync_once(a, folder)
    own = folder / own_file_name(a, draft)
    old_copy = own.read_bytes()
    a.edit_comment(c1.id, text="bản sau")
    a.delete_comment(a.add_comment(draft_id=draft, section_id="s2", group="Tổ 1", text="xoá").id)
    sync_once(a, folder)
    # A synchronising tool left a conflicted copy; someone copied an old version back from a USB stick.
    shutil.copyfile(own, folder / (own.stem + ".sync-conflict-20261127-101010.gopy"))
    (folder / "Bản sao của gói cũ.gopy").write_bytes(old_copy)
    result = sync_once(b, folder)
    assert len(result.merged) == 3 and result.refused == []
    assert comments_state(b, draft) == comments_state(a, draft)
    assert b.comment(c1.id).text == "bản sau"
    devices = b.exchange.received(draft)["devices"]
    assert len(devices) == 1 and devices[0]["comments"] == 1 and devices[0]["tombstones"] == 1
    before = snapshot(b)
    sync_once(b, folder)  # read again from scratch: nothing changes
    assert comments_state(b, draft) == comments_state(a, draft)
    assert {k: v for k, v in snapshot(b).items() if k != "exchange_devices"} == \
        {k: v for k, v in before.items() if k != "exchange_devices"}


def test_other_files_in_the_folder_are_never_touched(trio):
    folder, (a, _b, _c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    foreign = {".abc-1234.gopy.x1.tmp": b"someone else's temporary file", "readme.txt": b"x",
               "ffff-0123456789ab.gopy": b"PK\x03\x04 broken"}
    for name, data in foreign.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (1, 1))  # very old
    mine = folder / f".{own_file_name(a, draft)}.zzzzzzzz.part"  # left by a crash of this laptop
    mine.write_bytes(b"half")
    os.utime(mine, (1, 1))
    before = {n: files(folder)[n] for n in foreign}
    result = sync_once(a, folder)
    assert {n: files(folder)[n] for n in foreign} == before
    assert not mine.exists()
    assert [n for n, _m in result.refused] == ["ffff-0123456789ab.gopy"]


def test_the_passphrase_signs_the_folder_files_and_refuses_the_others(trio):
    folder, (a, b, c), draft = trio
    for s in (a, b):
        s.exchange.set_passphrase("hội nghị")
    c.exchange.set_passphrase("khác")
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    sync_once(a, folder)
    assert sync_once(b, folder).merged[0][1].new == 1
    refused = sync_once(c, folder).refused  # a's file, and b's (which passes a's comment on)
    assert len(refused) == 2 and all("signature" in m for _n, m in refused)
    # A new passphrase: the own file is signed again at the next pass.
    state = SyncState()
    assert sync_once(a, folder, state=state).written == []
    a.exchange.set_passphrase("khác")
    assert sync_once(a, folder, state=state).written == [own_file_name(a, draft)]
    merged = {n: m for n, m in sync_once(c, folder).merged}  # c shares the new passphrase
    assert merged[own_file_name(a, draft)].new == 1 and len(c.comments(draft)) == 1


def test_the_summary_gives_each_group_and_device_last_received_and_counts(trio):
    folder, (a, b, c), draft = trio
    for i in range(3):
        a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text=f"A {i}")
    b.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="B")
    sync_once(a, folder)
    sync_once(b, folder)
    result = sync_once(c, folder)
    received = result.received
    devices = {d["device"]: d for d in received["devices"]}
    assert devices[a.device_id]["group"] == "Tổ 1" and devices[a.device_id]["comments"] == 3
    # b read a's file before writing its own: its package passes a's comments on.
    assert devices[b.device_id]["group"] == "Tổ 2" and devices[b.device_id]["comments"] == 4
    assert all(d["received_at"] and d["exported_at"] for d in devices.values())
    groups = {g["group"]: g for g in received["groups"]}
    assert groups["Tổ 1"]["comments"] == 3 and groups["Tổ 2"]["comments"] == 1
    assert groups["Tổ 1"]["last_received"] == max(d["received_at"] for d in devices.values())  # also via b
    assert groups["Tổ 1"]["devices"] == 2 and groups["Tổ 2"]["devices"] == 1
    assert json.loads(json.dumps(result.to_json()))["received"] == received


def test_sync_command(tmp_path, capsys, trio):
    folder, (a, b, _c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    code = main(["--db", str(a.path), "sync", "--folder", str(folder)])
    out, err = capsys.readouterr()
    assert code == 0 and "Sent:" in out and err == ""
    code = main(["sync", "--folder", str(folder), "--db", str(b.path), "--json"])
    out, _err = capsys.readouterr()
    data = json.loads(out)
    assert code == 0 and data["status"] == "ok" and data["merged"][0]["new"] == 1
    (folder / "bad.gopy").write_text("x")
    code = main(["--db", str(b.path), "sync", "--folder", str(folder)])
    out, err = capsys.readouterr()
    assert code == 2 and "bad.gopy" in err and "Tổ 1: 1 comment here" in out
    code = main(["--db", str(b.path), "sync", "--folder", str(tmp_path / "usb-removed")])
    _out, err = capsys.readouterr()
    assert code == 2 and "not available" in err and not (tmp_path / "usb-removed").exists()


def test_a_new_database_recovers_its_comments_from_its_old_file(tmp_path, trio):
    folder, (a, _b, _c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    sync_once(a, folder)
    replacement = Store(tmp_path / "new-laptop.sqlite3")  # a new device id
    result = sync_once(replacement, folder)
    assert result.merged[0][1].draft_registered and len(replacement.comments(draft)) == 1
    replacement.close()


def test_a_folder_that_cannot_be_listed_is_reported_and_the_own_file_still_written(trio, monkeypatch):
    from reviewer.exchange import folder as sync
    folder, (a, _b, _c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    real = os.scandir
    calls = []

    def scandir(path):
        calls.append(path)
        if len(calls) == 1:  # the listing of the others' files
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(path)

    monkeypatch.setattr(sync.os, "scandir", scandir)
    result = sync_once(a, folder)
    assert result.status == "unreadable" and "Cannot read the exchange folder" in result.message
    assert result.written == [own_file_name(a, draft)]


def test_a_folder_that_goes_away_during_a_pass_says_what_was_already_merged(trio, monkeypatch):
    folder, (a, b, c), draft = trio
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="của A")
    c.add_comment(draft_id=draft, section_id="s2", group="Tổ 3", text="của C")
    sync_once(a, folder)
    sync_once(c, folder)
    real_merge = folder_module.merge_package

    def merge_then_unplug(store, data, **kw):
        summary = real_merge(store, data, **kw)
        shutil.rmtree(folder)  # the USB stick is pulled out right after the first file
        return summary

    monkeypatch.setattr(folder_module, "merge_package", merge_then_unplug)
    result = sync_once(b, folder)
    assert result.status == "missing"
    assert "not available" in result.message
    # C's file may come first, and it carries A's comment too (C had received it).
    merged = len(b.comments(draft))
    assert merged in (1, 2)
    assert f"Before it went away, 1 file was merged ({merged} new or changed comments)." in result.message
