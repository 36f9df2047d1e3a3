"""Comment packages: the format, the merge rule, other versions of a draft, signatures, bad files,
the command line, a property-based proof that laptops converge, and an end-to-end consolidation.

Everything goes through the public API (``reviewer.exchange.package``, ``reviewer.exchange.merge``, ``Store``) or
``reviewer.cli.main``; raw SQL only looks at what was written.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from reviewer.cli import main
from reviewer.exchange import (
    PackageError,
    apply_package,
    build_package,
    import_packages,
    read_package_file,
)
from reviewer.exchange import package as exchange
from reviewer.store import Store
from tests.exchange.helpers import (
    SECTIONS,
    TITLE,
    comments_state,
    laptop,
    make_doc,
    receive,
    rewrite_package,
    send,
    snapshot,
)

# ---------------------------------------------------------------- format and round trip


def test_a_package_carries_the_draft_the_comments_tombstones_and_history(tmp_path, pair):
    a, _b, draft = pair
    c1 = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", author="Nguyễn Văn A", text="Đề nghị bổ sung",
                       quote="hạ tầng giao thông")
    c2 = a.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="Thống nhất")
    a.edit_comment(c1.id, text="Đề nghị bổ sung số liệu", status="tiep_thu")
    a.delete_comment(c2.id)
    path = send(a, draft, tmp_path / "a.gopy")

    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == ["comments.json", "manifest.json"]
        manifest = json.loads(zf.read("manifest.json"))
        payload = zf.read("comments.json")
    assert manifest["format"] == "draft-reviewer-comments" and manifest["format_version"] == 1
    assert manifest["app"]["version"]
    assert manifest["device"] == {"id": a.device_id, "group": "Tổ 1"}
    assert manifest["draft"]["fingerprint"] == a.draft(draft)["fingerprint"]
    assert manifest["draft"]["title"] == TITLE
    assert [(s["id"], s["number"], s["title"], s["level"], s["parent"]) for s in manifest["draft"]["sections"]] == \
        [(s[0], s[1], s[2], 2 if s[3] else 1, s[3]) for s in SECTIONS]
    assert manifest["comments"] == {"count": 2, "tombstones": 1, "sha256": hashlib.sha256(payload).hexdigest()}
    assert manifest["exported_at"].endswith("Z")
    comments = {c["id"]: c for c in json.loads(payload)["comments"]}
    assert comments[c2.id]["deleted"] is True and comments[c2.id]["text"] == "Thống nhất"
    assert [(h["revision"], h["text"], h["section"]) for h in comments[c1.id]["history"]] == \
        [(1, "Đề nghị bổ sung", "s1")]
    # The same comments give the same bytes: the exchange folder rewrites a file only when they change.
    assert build_package(a, draft).payload_sha256 == build_package(a, draft).payload_sha256


def test_import_registers_an_unknown_draft_and_a_second_import_changes_nothing(tmp_path, pair):
    a, _b, draft = pair
    c = a.add_comment(draft_id=draft, section_id="s1a", group="Tổ 1", text="Ý kiến", quote="190 nghìn tấn")
    a.edit_comment(c.id, text="Ý kiến đã sửa")
    path = send(a, draft, tmp_path / "a.gopy")

    fresh = Store(tmp_path / "secretariat.sqlite3")
    summary = receive(fresh, path)
    assert summary.draft_registered and summary.new == 1 and summary.changed
    assert fresh.draft(draft)["title"] == TITLE and fresh.sections(draft) == a.sections(draft)
    assert comments_state(fresh, draft) == comments_state(a, draft)
    got = fresh.comment(c.id)
    assert (got.quote_start, got.quote_end) == (a.comment(c.id).quote_start, a.comment(c.id).quote_end)
    assert fresh.search("nghin tan")  # the section headings and comments are searchable
    assert fresh.search("da sua")
    before = snapshot(fresh)
    again = receive(fresh, path)
    assert (again.new, again.updated, again.unchanged, again.deleted, again.changed) == (0, 0, 1, 0, False)
    assert snapshot(fresh) == before


def test_export_of_one_group_only(tmp_path, pair):
    a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    a.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="hai")
    path = send(a, draft, tmp_path / "to2.gopy", group="Tổ 2")
    summary = receive(b, path)
    assert summary.new == 1 and summary.group == "Tổ 2"
    assert [c.text for c in b.comments(draft)] == ["hai"]
    with pytest.raises(Exception, match="Tổ 9"):
        send(a, draft, tmp_path / "x.gopy", group="Tổ 9")


def test_local_edits_keep_the_section_of_each_previous_version(pair):
    a, _b, draft = pair
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    a.edit_comment(c.id, section="s3")
    a.edit_comment(c.id, text="hai")
    rows = a.db.conn.execute("SELECT revision, section_id FROM comment_history WHERE comment_id = ? ORDER BY 1",
                             [c.id]).fetchall()
    assert rows == [(1, "s1"), (2, "s3")]


# ---------------------------------------------------------------- the merge rule


def edited_on_both(tmp_path, a, b, draft, change_a: dict, change_b: dict):
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="gốc")
    receive(b, send(a, draft, tmp_path / "a0.gopy"))
    for store, change in ((a, change_a), (b, change_b)):
        if change == "delete":
            store.delete_comment(c.id)
        else:
            store.edit_comment(c.id, **change)
    pa, pb = send(a, draft, tmp_path / "a1.gopy"), send(b, draft, tmp_path / "b1.gopy")
    receive(a, pb)
    receive(b, pa)
    return c.id


def test_independent_edits_keep_a_deterministic_winner_flag_a_conflict_and_keep_the_loser(tmp_path, pair):
    a, b, draft = pair
    cid = edited_on_both(tmp_path, a, b, draft, {"text": "bản của A"}, {"text": "bản của B"})
    winner = max((a, b), key=lambda s: s.device_id)  # same revision: the greater device id wins
    expected = "bản của A" if winner is a else "bản của B"
    for store in (a, b):
        got = store.comment(cid)
        assert got.text == expected and got.revision == 2 and got.conflict
        assert {h["text"] for h in store.history(cid)} == {"gốc", "bản của A", "bản của B"} - {expected}
        assert [c.id for c in store.conflicts(draft)] == [cid]
    assert comments_state(a, draft) == comments_state(b, draft)
    # The secretariat marks it as looked at; the mark travels like the rest.
    assert not a.resolve_conflict(cid).conflict
    receive(b, send(a, draft, tmp_path / "a2.gopy"))
    assert not b.comment(cid).conflict
    # A new independent edit on both sides is a new conflict.
    a.edit_comment(cid, text="A lần hai")
    b.edit_comment(cid, text="B lần hai")
    receive(a, send(b, draft, tmp_path / "b3.gopy"))
    assert a.comment(cid).conflict and a.comment(cid).revision == 3


def test_a_tombstone_beats_an_edit_of_the_same_revision(tmp_path, pair):
    a, b, draft = pair
    cid = edited_on_both(tmp_path, a, b, draft, "delete", {"text": "sửa mà không biết đã xoá"})
    for store in (a, b):
        got = store.comment(cid)
        assert got.deleted and got.conflict
        assert "sửa mà không biết đã xoá" in {h["text"] for h in store.history(cid)}
        assert store.comments(draft) == []
        assert not store.search("khong biet")


def test_an_edit_really_newer_than_the_deletion_brings_the_comment_back(tmp_path, pair):
    a, b, draft = pair
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="gốc")
    receive(b, send(a, draft, tmp_path / "a0.gopy"))
    a.delete_comment(c.id)  # revision 2
    b.edit_comment(c.id, text="sửa lần một")  # revision 2
    b.edit_comment(c.id, text="sửa lần hai")  # revision 3: really newer
    receive(a, send(b, draft, tmp_path / "b.gopy"))
    got = a.comment(c.id)
    assert not got.deleted and got.text == "sửa lần hai" and got.conflict
    assert a.search("sua lan hai")


def test_the_same_change_on_two_laptops_is_not_a_conflict(tmp_path, pair):
    a, b, draft = pair
    cid = edited_on_both(tmp_path, a, b, draft, {"status": "tiep_thu"}, {"status": "tiep_thu"})
    for store in (a, b):
        assert store.comment(cid).status == "tiep_thu" and not store.comment(cid).conflict
    cid = edited_on_both(tmp_path, a, b, draft, "delete", "delete")
    assert a.comment(cid).deleted and not a.comment(cid).conflict


def test_a_stale_package_never_undoes_newer_changes(tmp_path, pair):
    a, b, draft = pair
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    old = send(a, draft, tmp_path / "old.gopy")
    a.edit_comment(c.id, text="hai")
    a.delete_comment(c.id)
    receive(b, send(a, draft, tmp_path / "new.gopy"))
    before = snapshot(b)
    summary = receive(b, old)
    assert summary.unchanged == 1 and not summary.changed
    assert snapshot(b) == before and b.comment(c.id).deleted


def test_merged_comments_bring_their_groups_in_natural_order(tmp_path):
    stores = [laptop(tmp_path, f"to{n}")[0] for n in (10, 2, 1)]
    draft = stores[0].drafts()[0]["id"]
    for store, n in zip(stores, (10, 2, 1), strict=True):
        store.add_comment(draft_id=draft, section_id="s1", group=f"Tổ {n}", text="ý kiến")
    fresh = Store(tmp_path / "fresh.sqlite3")
    for i, store in enumerate(stores):
        receive(fresh, send(store, draft, tmp_path / f"{i}.gopy"))
    assert fresh.groups() == ["Tổ 1", "Tổ 2", "Tổ 10"]


# ---------------------------------------------------------------- other versions of the draft


V2 = [s for s in SECTIONS if s[0] != "s1a"] + [("s4", "IV.", "Tổ chức thực hiện", None, "Các cấp ủy triển khai.")]


def test_a_package_of_another_version_attaches_by_section_id_and_keeps_the_unplaced(tmp_path):
    group_laptop, v1 = laptop(tmp_path, "group")
    on_kept = group_laptop.add_comment(draft_id=v1, section_id="s2", group="Tổ 1", text="về Đảng",
                                       quote="quán triệt")
    on_removed = group_laptop.add_comment(draft_id=v1, section_id="s1a", group="Tổ 1", text="về nông nghiệp")
    secretariat, v2 = laptop(tmp_path, "secretariat", make_doc(V2))
    assert v1 != v2
    summary = receive(secretariat, send(group_laptop, v1, tmp_path / "v1.gopy"))
    assert summary.other_version and not summary.draft_registered and summary.draft == v2
    assert (summary.new, summary.unplaced) == (2, 1)
    assert [d["id"] for d in secretariat.drafts()] == [v2]  # no stand-in for v1
    assert {c.id for c in secretariat.comments(v2)} == {on_kept.id, on_removed.id}
    assert [c.id for c in secretariat.unplaced_comments(v2)] == [on_removed.id]
    assert secretariat.comment(on_kept.id).quote_start is not None
    # The secretariat's package (of v2) goes back to the group laptop, which only has v1.
    secretariat.edit_comment(on_removed.id, status="giai_trinh")
    back = receive(group_laptop, send(secretariat, v2, tmp_path / "v2.gopy"))
    assert back.other_version and back.draft == v1 and back.updated == 1
    assert group_laptop.comment(on_removed.id).status == "giai_trinh"


def test_packages_of_two_versions_never_opened_here_give_the_same_result_in_any_order(tmp_path):
    one, v1 = laptop(tmp_path, "one")
    two, v2 = laptop(tmp_path, "two", make_doc(V2))
    one.add_comment(draft_id=v1, section_id="s1a", group="Tổ 1", text="một")
    two.add_comment(draft_id=v2, section_id="s4", group="Tổ 2", text="hai")
    p1, p2 = send(one, v1, tmp_path / "1.gopy"), send(two, v2, tmp_path / "2.gopy")
    results = []
    for order in ((p1, p2), (p2, p1)):
        with tempfile.TemporaryDirectory(dir=tmp_path) as d:
            fresh = Store(Path(d) / "x.sqlite3")
            for p in order:
                receive(fresh, p)
            results.append({d["id"]: comments_state(fresh, d["id"]) for d in fresh.drafts()})
            fresh.close()
    assert results[0] == results[1] and set(results[0]) == {v1, v2}


# ---------------------------------------------------------------- conference passphrase


def test_a_passphrase_signs_packages_and_refuses_unsigned_or_wrongly_signed_ones(tmp_path, pair):
    a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một")
    unsigned = send(a, draft, tmp_path / "unsigned.gopy")
    a.exchange.set_passphrase("Hội nghị lần thứ 20")
    signed = send(a, draft, tmp_path / "signed.gopy")
    assert "signature.json" in zipfile.ZipFile(signed).namelist()
    assert receive(b, signed).new == 1  # no passphrase here: accepted

    c, _ = laptop(tmp_path, "c")
    c.exchange.set_passphrase("  Hội nghị lần thứ 20 ")  # the same once trimmed
    assert receive(c, signed).new == 1
    for path, code in ((unsigned, "unsigned"),):
        with pytest.raises(PackageError) as err:
            receive(c, path)
        assert err.value.code == code
    c.exchange.set_passphrase("mật khẩu khác")
    with pytest.raises(PackageError) as err:
        receive(c, signed)
    assert err.value.code == "signature" and "passphrase" in str(err.value)
    # Changing a signed manifest (the comments' checksum with it) breaks the signature.
    c.exchange.set_passphrase("Hội nghị lần thứ 20")
    forged = rewrite_package(signed, tmp_path / "forged.gopy",
                             comments=lambda d: d["comments"][0].update(text="giả mạo"),
                             extra={"signature.json": zipfile.ZipFile(signed).read("signature.json")})
    with pytest.raises(PackageError) as err:
        receive(c, forged)
    assert err.value.code == "signature"
    assert a.conference() == {}  # the passphrase is never among the printed settings
    c.close()


# ---------------------------------------------------------------- bad input


def _bad_packages(tmp_path: Path, good: Path) -> dict[str, Path]:
    data = good.read_bytes()
    out = {}

    def put(name: str, content: bytes) -> None:
        out[name] = tmp_path / f"{name}.gopy"
        out[name].write_bytes(content)

    put("empty", b"")
    put("truncated", data[: len(data) // 2])
    put("not_package", "Nội dung không phải gói".encode())
    corrupted = bytearray(data)
    at = data.index(b"comments.json") + 60  # inside the compressed comments
    corrupted[at:at + 8] = b"\x00\xff" * 4
    put("corrupted", bytes(corrupted))
    out["newer"] = rewrite_package(good, tmp_path / "newer.gopy", manifest=lambda m: m.update(format_version=99))
    out["wrong_type"] = rewrite_package(good, tmp_path / "wrong_type.gopy",
                                        comments=lambda d: d["comments"][0].update(revision="2"))
    out["bool_as_int"] = rewrite_package(good, tmp_path / "bool.gopy",
                                         comments=lambda d: d["comments"][0].update(deleted=1))
    out["missing_field"] = rewrite_package(good, tmp_path / "missing.gopy",
                                           comments=lambda d: d["comments"][1].pop("section"))
    out["empty_text"] = rewrite_package(good, tmp_path / "empty_text.gopy",
                                        comments=lambda d: d["comments"][1].update(text="  "))
    out["bad_kind"] = rewrite_package(good, tmp_path / "bad_kind.gopy",
                                      comments=lambda d: d["comments"][1].update(kind="khac"))
    out["duplicate"] = rewrite_package(good, tmp_path / "duplicate.gopy",
                                       comments=lambda d: d["comments"].append(d["comments"][0]),
                                       manifest=lambda m: m["comments"].update(count=3))
    def newer_history(d):
        edited = next(c for c in d["comments"] if c["history"])
        edited["history"].append(dict(edited["history"][0], revision=9))

    out["history_newer"] = rewrite_package(good, tmp_path / "history.gopy", comments=newer_history)
    out["count"] = rewrite_package(good, tmp_path / "count.gopy", manifest=lambda m: m["comments"].update(count=5))
    out["checksum"] = rewrite_package(good, tmp_path / "checksum.gopy", keep_digest=True,
                                      comments=lambda d: d["comments"][0].update(text="đã bị sửa"))
    out["no_sections"] = rewrite_package(good, tmp_path / "no_sections.gopy",
                                         manifest=lambda m: m["draft"].update(sections=[]))
    out["bad_parent"] = rewrite_package(good, tmp_path / "bad_parent.gopy",
                                        manifest=lambda m: m["draft"]["sections"][0].update(parent="zz"))
    out["unsafe"] = rewrite_package(good, tmp_path / "unsafe.gopy", extra={"../../evil.txt": b"x"})
    out["absolute"] = rewrite_package(good, tmp_path / "absolute.gopy", extra={"/etc/evil": b"x"})
    with zipfile.ZipFile(good) as zf:
        manifest, payload = json.loads(zf.read("manifest.json")), zf.read("comments.json")
    digits = payload.replace(b'"revision":1', b'"revision":' + b"9" * 5000, 1)
    manifest["comments"]["sha256"] = hashlib.sha256(digits).hexdigest()
    out["huge_number"] = tmp_path / "huge_number.gopy"
    with zipfile.ZipFile(out["huge_number"], "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("comments.json", digits)
    out["same_name"] = tmp_path / "same_name.gopy"
    with warnings.catch_warnings(), zipfile.ZipFile(out["same_name"], "w") as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point
        for name in ("manifest.json", "comments.json", "manifest.json"):
            zf.writestr(name, zipfile.ZipFile(good).read(name))
    huge = tmp_path / "huge.gopy"
    with open(huge, "wb") as f:  # sparse: 100 MB on paper, refused before it is read
        f.truncate(100 * 2**20)
    out["huge"] = huge
    return out


EXPECTED_CODES = {"empty": "empty", "truncated": "incomplete", "not_package": "not_package", "corrupted": "damaged",
                  "newer": "newer_format", "wrong_type": "invalid", "bool_as_int": "invalid",
                  "missing_field": "invalid", "empty_text": "invalid", "bad_kind": "invalid", "duplicate": "invalid",
                  "history_newer": "invalid", "count": "invalid", "checksum": "checksum",
                  "no_sections": "no_sections", "bad_parent": "invalid", "unsafe": "unsafe", "absolute": "unsafe",
                  "huge": "too_large", "huge_number": "damaged", "same_name": "invalid"}


def test_every_kind_of_bad_package_is_refused_with_a_message_and_imports_nothing(tmp_path, pair):
    a, b, draft = pair
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="Đề nghị bổ sung " * 40)
    a.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="Thống nhất")
    a.edit_comment(c.id, text="Đề nghị bổ sung số liệu " * 40)
    good = send(a, draft, tmp_path / "good.gopy")
    bad = _bad_packages(tmp_path, good)
    assert set(bad) == set(EXPECTED_CODES)
    fresh = Store(tmp_path / "fresh.sqlite3")
    before = snapshot(fresh)
    messages = set()
    for name, path in bad.items():
        results = import_packages(fresh, [path])
        (_path, outcome), = results
        assert isinstance(outcome, PackageError), name
        assert outcome.code == EXPECTED_CODES[name], (name, outcome.code, str(outcome))
        message = str(outcome)
        assert message and "\n" not in message and "Traceback" not in message
        messages.add(message)
        assert snapshot(fresh) == before, name
    assert "99" in str(import_packages(fresh, [bad["newer"]])[0][1])
    assert "evil" in str(import_packages(fresh, [bad["unsafe"]])[0][1])
    assert len(messages) >= 12
    # Good files in the same import are still imported.
    results = import_packages(fresh, [bad["truncated"], good, bad["checksum"]])
    assert [type(r).__name__ for _p, r in results] == ["PackageError", "MergeSummary", "PackageError"]
    assert len(fresh.comments(draft)) == 2
    fresh.close()


def test_the_unpacked_size_is_checked_before_anything_is_inflated(tmp_path, pair, monkeypatch):
    a, _b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="x" * 5000)
    good = send(a, draft, tmp_path / "good.gopy")
    monkeypatch.setattr(exchange, "MAX_UNPACKED_BYTES", 2000)
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or pytest.fail("inflated"))
    with pytest.raises(PackageError) as err:
        read_package_file(good)
    assert err.value.code == "too_large" and not opened


def test_a_package_that_would_bring_too_many_groups_is_refused_whole(tmp_path, pair, monkeypatch):
    from reviewer.store import rules
    a, b, draft = pair
    for n in range(1, 4):
        a.add_comment(draft_id=draft, section_id="s1", group=f"Tổ {n}", text="ý kiến")
    b.add_group("Tổ 9")
    monkeypatch.setattr(rules, "MAX_GROUPS", 3)
    before = snapshot(b)
    (_p, outcome), = import_packages(b, [send(a, draft, tmp_path / "a.gopy")])
    assert "at most 3 groups" in str(outcome)
    assert snapshot(b) == before


# ---------------------------------------------------------------- command line


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_package_commands(tmp_path, capsys):
    a, draft = laptop(tmp_path, "a")
    cid = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="một").id
    a.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="hai")
    a.close()
    db_a, db_s = tmp_path / "a.sqlite3", tmp_path / "s.sqlite3"
    out_path = tmp_path / "usb" / "to1.gopy"
    out_path.parent.mkdir()
    code, out, err = run_cli(capsys, "--db", db_a, "package", "export", "--draft", draft, "--group", "Tổ 1",
                             "-o", out_path)
    assert code == 0 and "1 comment, 0 deleted" in out and err == "" and out_path.is_file()
    full = tmp_path / "all.gopy"
    assert run_cli(capsys, "package", "export", "--draft", draft, "-o", full, "--db", db_a)[0] == 0

    code, out, err = run_cli(capsys, "--db", db_s, "package", "import", out_path, full)
    assert code == 0, err
    assert ": 1 new\n" in out  # the counts that are not zero only
    assert "registered the draft" in out and "Total:" in out

    broken = tmp_path / "broken.gopy"
    broken.write_bytes(full.read_bytes()[:100])
    code, out, err = run_cli(capsys, "--db", db_s, "package", "import", broken, full, "--json")
    assert code == 2
    assert err.count("\n") == 1 and "broken.gopy" in err and "incomplete" in err
    data = json.loads(out)
    assert [f["ok"] for f in data["files"]] == [False, True] and data["refused"] == 1
    assert data["files"][1]["unchanged"] == 2 and data["total"]["changed"] is False

    code, out, _err = run_cli(capsys, "--db", db_s, "comment", "list", "--draft", draft, "--json")
    listed = json.loads(out)
    assert {c["conflict"] for c in listed} == {False} and cid in {c["id"] for c in listed}

    assert run_cli(capsys, "--db", db_s, "package", "passphrase", "--set", "bí mật")[0] == 0
    code, _out, err = run_cli(capsys, "--db", db_s, "package", "import", full)
    assert code == 2 and "not signed" in err
    code, out, _err = run_cli(capsys, "--db", db_s, "package", "passphrase")
    assert "is set" in out
    assert run_cli(capsys, "--db", db_s, "package", "passphrase", "--clear")[0] == 0
    code, _out, err = run_cli(capsys, "--db", db_s, "package", "export", "--draft", "khong-co", "-o",
                              tmp_path / "x.gopy")
    assert code == 2 and "khong-co" in err and not (tmp_path / "x.gopy").exists()
    code, _out, err = run_cli(capsys, "--db", db_s, "package", "import", tmp_path / "missing.gopy")
    assert code == 2 and "missing.gopy" in err


def test_comment_list_json_shows_conflicts(tmp_path, capsys, pair):
    a, b, draft = pair
    cid = edited_on_both(tmp_path, a, b, draft, {"text": "A"}, {"text": "B"})
    path = a.path
    code, out, _err = run_cli(capsys, "--db", path, "comment", "list", "--draft", draft, "--json")
    assert code == 0 and json.loads(out)[0] == a.comment(cid).to_json() and json.loads(out)[0]["conflict"] is True


# ---------------------------------------------------------------- proof: laptops converge


GROUPS = ("Tổ 1", "Tổ 2", "Tổ 3")
SECTION_IDS = ("s1", "s1a", "s2", "s3")

laptop_index = st.integers(0, 2)
# Edits and exchanges are drawn more often than adds, so that comments travel and then get changed
# on several laptops before the next exchange (the conflicts). "receive" -1 takes the newest package.
edit = st.tuples(st.just("edit"), laptop_index, st.integers(0, 3), st.sampled_from(("text", "status", "section")))
receive_any = st.tuples(st.just("receive"), laptop_index, st.integers(-1, 50))
operation = st.one_of(
    st.tuples(st.just("add"), laptop_index, st.sampled_from(SECTION_IDS), st.sampled_from(GROUPS)),
    edit, edit,
    st.tuples(st.just("delete"), laptop_index, st.integers(0, 5)),
    st.tuples(st.just("restore"), laptop_index, st.integers(0, 5)),
    st.tuples(st.just("send"), laptop_index, st.sampled_from((None, None, *GROUPS))),
    receive_any,
    st.tuples(st.just("sync"), laptop_index, laptop_index), st.tuples(st.just("sync"), laptop_index, laptop_index),
)


def model_content(c) -> tuple:
    return (c.section, c.group, c.author, c.kind, c.text, c.quote, c.proposal, c.supporters, c.status, c.response,
            bool(c.deleted))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=10, max_size=50), final_order=st.permutations([0, 1, 2]))
# Always tried: a comment edited on two laptops and deleted on a third, then edited again after a stale copy.
@example(ops=[("add", 0, "s1", "Tổ 1"), ("sync", 1, 0), ("sync", 2, 0), ("edit", 0, 0, "text"),
              ("edit", 1, 0, "text"), ("delete", 2, 0), ("send", 0, None), ("sync", 0, 2), ("receive", 1, 0),
              ("edit", 1, 0, "status"), ("restore", 0, 0)], final_order=[2, 0, 1])
def test_laptops_exchanging_packages_in_any_order_converge_to_the_reference_model(tmp_path, ops, final_order):
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        folder = Path(folder)
        stores = [laptop(folder, f"l{i}")[0] for i in range(3)]
        draft = stores[0].drafts()[0]["id"]
        versions: dict[tuple[str, int, str], tuple] = {}  # every version ever written: the reference model
        mailbox: list[bytes] = []
        counter = 0

        def record(store, cid):
            c = store.comment(cid)
            key = (cid, c.revision, c.device)
            assert versions.setdefault(key, model_content(c)) == model_content(c)

        def pick(store, n, *, deleted):
            pool = [c.id for c in store.comments(draft, include_deleted=True) if c.deleted == deleted]
            return pool[n % len(pool)] if pool else None

        for op in ops:
            kind, who, arg = op[0], stores[op[1]], op[2] if len(op) > 2 else None
            if kind == "add":
                counter += 1
                record(who, who.add_comment(draft_id=draft, section_id=arg, group=op[3], text=f"ý kiến {counter}").id)
            elif kind == "edit" and (cid := pick(who, arg, deleted=False)):
                counter += 1
                change = {"text": {"text": f"sửa {counter}"}, "status": {"status": "tiep_thu"},
                          "section": {"section": SECTION_IDS[counter % 4]}}[op[3]]
                who.edit_comment(cid, **change)
                record(who, cid)
            elif kind == "delete" and (cid := pick(who, arg, deleted=False)):
                record(who, who.delete_comment(cid).id)
            elif kind == "restore" and (cid := pick(who, arg, deleted=True)):
                record(who, who.restore_comment(cid).id)
            elif kind == "send" and (arg is None or arg in who.groups()):
                mailbox.append(build_package(who, draft, group=arg).data)
            elif kind == "receive" and mailbox or kind == "sync":
                if kind == "sync":  # straight from another laptop
                    package = exchange.read_package(build_package(stores[arg], draft).data)
                else:  # any package sent so far: stale copies and duplicates included
                    package = exchange.read_package(mailbox[arg % len(mailbox)])
                before = {c.id: (c.revision, c.deleted, c.device) for c in who.comments(draft, include_deleted=True)}
                apply_package(who, package)
                after = {c.id: (c.revision, c.deleted, c.device) for c in who.comments(draft, include_deleted=True)}
                assert all(after[i] >= before[i] for i in before)  # never goes back
                assert not apply_package(who, package).changed  # a duplicate changes nothing

        # Everyone sends everything; everyone receives the others' packages, in some order.
        finals = [build_package(s, draft).data for s in stores]
        for i in final_order:
            for j in final_order:
                if i != j:
                    apply_package(stores[i], exchange.read_package(finals[j]))

        # The reference model: the greatest version by (revision, tombstone, device) wins; two devices
        # that wrote different content at the same revision are a conflict; every other version is history.
        expected = {}
        for (cid, revision, device), content in versions.items():
            expected.setdefault(cid, []).append((revision, content[-1], device, content))
        states = []
        for store in stores:
            got = {c.id: c for c in store.comments(draft, include_deleted=True)}
            assert set(got) == set(expected)  # none lost, none duplicated
            assert len(got) == len(store.comments(draft, include_deleted=True))
            for cid, vs in expected.items():
                revision, deleted, device, content = max(vs, key=lambda v: v[:3])
                c = got[cid]
                assert (c.revision, c.device, model_content(c)) == (revision, device, content)
                by_revision: dict[int, set] = {}
                for r, _d, _dev, cont in vs:
                    by_revision.setdefault(r, set()).add(cont)
                assert c.conflict == any(len(s) > 1 for s in by_revision.values()), cid
                assert {(h["revision"], h["device"]) for h in store.history(cid)} == \
                    {(r, dev) for r, _d, dev, _c in vs} - {(revision, device)}
            live = sum(not c.deleted for c in got.values())
            assert store.db.execute("SELECT count(*) FROM comment_search").fetchone()[0] == live
            states.append(comments_state(store, draft))
        assert states[0] == states[1] == states[2]
        # What the examples exercised (shown by --hypothesis-show-statistics).
        event(f"comments in conflict: {min(sum(c['conflict'] for c in states[0]), 3)}")
        event(f"tombstones: {min(sum(c['deleted'] for c in states[0]), 3)}")
        for s in stores:
            s.close()


# ---------------------------------------------------------------- end to end: the secretariat


def test_three_groups_consolidated_in_two_orders_give_the_same_comments_and_pdf(tmp_path):
    groups = []
    for n in (1, 2, 3):
        store, draft = laptop(tmp_path, f"to{n}")
        for i, sid in enumerate(SECTION_IDS):
            store.add_comment(draft_id=draft, section_id=sid, group=f"Tổ {n}", author=f"Đại biểu {n}.{i}",
                              text=f"Tổ {n} góp ý mục {sid}: đề nghị làm rõ số liệu", supporters=i)
        groups.append(store)
    # Tổ 2 receives Tổ 1's comments and edits one; Tổ 1 edits the same one; Tổ 3 deletes one of its own.
    receive(groups[1], send(groups[0], draft, tmp_path / "early.gopy"))
    shared = groups[0].comments(draft)[0].id
    groups[0].edit_comment(shared, text="Tổ 1 sửa lại")
    groups[1].edit_comment(shared, text="Tổ 2 sửa ý kiến của Tổ 1")
    groups[2].delete_comment(groups[2].comments(draft)[0].id)
    packages = [send(s, draft, tmp_path / f"to{n}.gopy") for n, s in enumerate(groups, 1)]

    results = []
    for order in (packages, packages[::-1]):
        with tempfile.TemporaryDirectory(dir=tmp_path) as d:
            secretariat = Store(Path(d) / "secretariat.sqlite3")
            for p in order + [order[0]]:  # one package twice
                receive(secretariat, p)
            state = comments_state(secretariat, draft)
            pdf_text = _pdf_text(secretariat, draft, Path(d) / "tong-hop.pdf")
            results.append((state, pdf_text, secretariat.groups()))
            secretariat.close()
    assert results[0] == results[1]
    state = results[0][0]
    assert len(state) == 12 and sum(c["deleted"] for c in state) == 1
    assert [c["id"] for c in state if c["conflict"]] == [shared]
    if results[0][1] is not None:
        assert "Tổ 3 góp ý" in results[0][1]


def _pdf_text(store: Store, draft: str, out: Path) -> str | None:
    try:
        import datetime

        import pypdf

        from reviewer.pdf import Conference, ExportOptions, export_pdf
    except ImportError:
        return None
    export_pdf(store, draft, out, conference=Conference(date=datetime.date(2026, 11, 27)), options=ExportOptions())
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)


def test_database_files_are_sqlite_with_the_exchange_schema(tmp_path):
    store = Store(tmp_path / "x.sqlite3")
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"exchange_devices", "exchange_groups"} <= tables
    conn.close()
    store.close()
