"""Merging many packages at once (issue 17): the outcome of the faster merge is the one the merge gave
before (a reference made with that code), packages imported again are recognised without checking
their comments again (yet still checked for tampering and signatures), many packages share a
transaction while each stays all or nothing, a province's units fit under the group limit, and
memory does not grow with the number of files refused."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from reviewer.exchange import PackageError, import_packages, importing, package_checks, read_package_file
from reviewer.exchange import package as exchange
from reviewer.store import MAX_GROUPS, MergeSummary, Store, rules
from tests.exchange import merge_scenario
from tests.exchange.helpers import laptop, send


def test_merging_the_scenario_gives_the_outcome_of_the_merge_before_it_was_made_faster(tmp_path):
    """Every branch of the merge (conflicts, tombstones, set-aside versions, unknown sections, other
    versions of the draft, quotes located again), imported four times in several orders: the same
    summaries and the same rows, search index included, as ``merge_reference.json`` recorded."""
    reference = json.loads(merge_scenario.REFERENCE.read_text(encoding="utf-8"))
    outcome = json.loads(json.dumps(merge_scenario.run(tmp_path)))
    for label in reference:
        assert outcome[label]["passes"] == reference[label]["passes"], label
        for table, rows in reference[label]["tables"].items():
            assert outcome[label]["tables"][table] == rows, (label, table)


def _packages(a: Store, draft: str, folder: Path, n: int) -> list[Path]:
    """One package from each of ``n`` laptops (the first is ``a``); the i-th carries Tổ 1 … Tổ i+1."""
    paths, stores = [], [a]
    for i in range(n):
        if i:
            stores.append(laptop(folder, f"laptop-{i}")[0])
            import_packages(stores[i], paths[-1:])  # it has what the previous one sent
        stores[i].add_comment(draft_id=draft, section_id="s1", group=f"Tổ {i + 1}", text=f"Ý kiến số {i}.")
        paths.append(send(stores[i], draft, folder / f"p{i}.gopy"))
    for store in stores[1:]:
        store.close()
    return paths


def test_a_package_imported_again_is_recognised_without_reading_its_comments_again(pair, tmp_path, monkeypatch):
    a, b, draft = pair
    paths = _packages(a, draft, tmp_path, 3)
    first = import_packages(b, paths)
    b.resolve_conflict(b.comments(draft)[0].id)  # something changed here meanwhile: still reported as it is now
    expected = [r.to_json() for _p, r in import_packages(b, paths)]

    def never(*_a, **_k):
        raise AssertionError("the comments of a package already merged were checked again")

    monkeypatch.setattr(package_checks.Checker, "comments", never)
    # Their comments' ids were kept when they were merged: the comments are not even parsed again.
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            ids = [c["id"] for c in json.loads(zf.read("comments.json"))["comments"]]
        manifest = hashlib.sha256(zipfile.ZipFile(path).read("manifest.json")).hexdigest()
        assert b.exchange.known_package(manifest).comment_ids == ids
    monkeypatch.setattr(importing, "json", SimpleNamespace(loads=never))
    again = import_packages(b, paths)
    assert [r.to_json() for _p, r in again] == expected
    assert all(isinstance(r, MergeSummary) and r.unchanged == r2.new + r2.unchanged and not r.changed
               for (_p, r), (_q, r2) in zip(again, first, strict=True))
    # A package recorded before the ids were kept is recognised as before, from its comments.
    monkeypatch.undo()
    b.db.execute("UPDATE exchange_manifests SET comment_ids = NULL")
    assert [r.to_json() for _p, r in import_packages(b, paths)] == expected


def test_a_package_imported_again_is_still_checked_for_tampering_and_its_signature(pair, tmp_path):
    a, b, draft = pair
    a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="Ý kiến gốc.")
    path = send(a, draft, tmp_path / "a.gopy")
    import_packages(b, [path])
    # The same manifest, other comments (the checksum left as it was): refused as before.
    with zipfile.ZipFile(path) as zf:
        manifest, payload = zf.read("manifest.json"), json.loads(zf.read("comments.json"))
    payload["comments"][0]["text"] = "Sửa sau khi gửi."
    tampered = tmp_path / "tampered.gopy"
    with zipfile.ZipFile(tampered, "w") as out:
        out.writestr("manifest.json", manifest)
        out.writestr("comments.json", json.dumps(payload, ensure_ascii=False).encode())
    (_p, outcome), = import_packages(b, [tampered])
    assert isinstance(outcome, PackageError) and outcome.code == "checksum"
    # A passphrase set since: the unsigned package is refused, however well it is known.
    b.exchange.set_passphrase("hội nghị")
    (_p, outcome), = import_packages(b, [path])
    assert isinstance(outcome, PackageError) and outcome.code == "unsigned"


def test_packages_share_a_transaction_and_a_refused_one_leaves_nothing_of_itself(pair, tmp_path, monkeypatch):
    a, _b, draft = pair
    paths = _packages(a, draft, tmp_path, 2)  # the second carries Tổ 1 and Tổ 2
    receivers = [Store(tmp_path / "c.sqlite3"), Store(tmp_path / "alone.sqlite3")]
    for store in receivers:
        store.add_group("Tổ 8")
        store.add_group("Tổ 9")
    monkeypatch.setattr(rules, "MAX_GROUPS", 3)
    c, alone = receivers
    statements: list[str] = []
    c.db.conn.set_trace_callback(statements.append)
    # The refused package registers the draft from its manifest before it is refused: undone too.
    results = import_packages(c, [paths[1], paths[0]])
    c.db.conn.set_trace_callback(None)
    assert [type(r).__name__ for _p, r in results] == ["ValidationError", "MergeSummary"]
    assert results[1][1].draft_registered
    assert sum(s.strip().upper() == "COMMIT" for s in statements) == 1  # two packages, one commit
    assert c.db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again afterwards
    assert not c.db.conn.in_transaction
    import_packages(alone, [paths[0]])

    def rows(store):
        return [sorted(tuple(r) for r in store.db.execute(sql)) for sql in (
            "SELECT id, draft_id, section_id, group_name, text, revision, deleted FROM comments",
            "SELECT id, fingerprint, from_package FROM drafts", "SELECT name FROM groups",
            "SELECT device_id, draft_id, payload FROM exchange_devices")]
    assert rows(c) == rows(alone)
    for store in receivers:
        store.close()


def test_the_search_index_is_written_once_per_batch_outside_the_packages_savepoints(pair, tmp_path):
    """FTS5 writes what it holds in memory to disk at every savepoint: written package by package, a
    province's index would be thousands of small pieces. The batch writes it once, before it commits."""
    a, _b, draft = pair
    paths = _packages(a, draft, tmp_path, 3)
    c = Store(tmp_path / "c.sqlite3")
    statements: list[str] = []
    c.db.conn.set_trace_callback(statements.append)
    import_packages(c, paths)
    c.db.conn.set_trace_callback(None)
    inside, touched_inside, index_writes = False, [], 0
    for sql in statements:
        head = sql.strip().upper()
        if head.startswith("SAVEPOINT"):
            inside = True
        elif head.startswith("RELEASE"):
            inside = False
        elif "COMMENT_SEARCH" in head and inside:
            touched_inside.append(sql)
        index_writes += head.startswith("INSERT INTO COMMENT_SEARCH (ROWID")
    assert touched_inside == []
    assert 0 < index_writes and sum(s.strip().upper() == "COMMIT" for s in statements) == 1
    hits = {h["comment"] for h in c.search("Ý kiến số", draft_id=draft, limit=50) if h["comment"]}
    assert hits == {x.id for x in c.comments(draft)} and len(hits) == 3
    c.close()


def test_a_provinces_units_fit_and_the_limit_says_what_it_is(pair, tmp_path):
    a, b, draft = pair
    units = [f"Đảng bộ xã số {i}" for i in range(1, 201)]
    paths = []
    for i, unit in enumerate(units):
        comment = a.add_comment(draft_id=draft, section_id="s2", group=unit, text=f"Ý kiến của {unit}.")
        paths.append(send(a, draft, tmp_path / f"u{i}.gopy", group=unit))
        assert comment.group == unit
    results = import_packages(b, paths)
    assert all(isinstance(r, MergeSummary) for _p, r in results)
    assert len(b.groups()) == 200 and len(b.comments(draft)) == 200
    assert MAX_GROUPS == 500
    for n in range(201, 501):
        b.add_group(f"Tổ {n}")
    a.add_comment(draft_id=draft, section_id="s2", group="Đơn vị thừa", text="Một đơn vị nữa.")
    (_p, outcome), = import_packages(b, [send(a, draft, tmp_path / "more.gopy")])
    assert str(outcome) == ("A conference or consultation has at most 500 groups or units; these comments would "
                            "make 501.")


def test_importing_reports_progress_and_keeps_no_refused_package_in_memory(pair, tmp_path):
    a, b, draft = pair
    good = _packages(a, draft, tmp_path, 2)
    bad = tmp_path / "bad.gopy"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    seen = []
    results = import_packages(b, [good[0], bad, good[1]], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    refused = results[1][1]
    assert isinstance(refused, PackageError) and refused.__traceback__ is None and refused.__context__ is None


def test_cancelling_stops_between_two_files_and_keeps_those_merged_whole(pair, tmp_path):
    a, b, draft = pair
    paths = _packages(a, draft, tmp_path, 3)
    receiver = Store(tmp_path / "c.sqlite3")
    results = import_packages(receiver, paths, progress=lambda done, total: done < 2)  # Cancel during the second
    assert [str(p) for p, _r in results] == [str(p) for p in paths[:2]]
    assert sorted(c.group for c in receiver.comments(draft)) == ["Tổ 1", "Tổ 2"]  # the second package, whole
    assert not receiver.db.conn.in_transaction
    receiver.close()


def test_the_outline_checked_once_serves_the_next_packages_of_the_draft_and_no_decoy(pair, tmp_path, monkeypatch):
    a, b, draft = pair
    paths = _packages(a, draft, tmp_path, 3)
    exchange._CHECKED_DRAFTS.clear()
    calls = []
    real = package_checks.Checker.draft
    monkeypatch.setattr(package_checks.Checker, "draft", lambda self, d: calls.append(1) or real(self, d))
    packages = [read_package_file(p) for p in paths]
    assert len(calls) == 1
    assert all(p.draft == packages[0].draft for p in packages)
    # A manifest whose top-level outline is empty but which carries the outline already checked,
    # where pack() writes it, inside another key: refused as a full read refuses it.
    with zipfile.ZipFile(paths[0]) as zf:
        raw = zf.read("manifest.json").decode()
    at = raw.index('\n "draft": ')
    start, end = at + len('\n "draft": '), raw.index(',\n "comments": ')
    garbage = '{"id": "d", "fingerprint": "' + "0" * 64 + '", "title": "t", "file_name": "", "sections": []}'
    decoy = (raw[:at] + '\n "x": {\n "draft": ' + raw[start:end] + ',\n "comments": 1},'
             + '\n "draft": ' + garbage + raw[end:])
    assert json.loads(decoy)["draft"]["sections"] == []
    with zipfile.ZipFile(paths[0]) as zf, zipfile.ZipFile(tmp_path / "decoy.gopy", "w") as out:
        out.writestr("manifest.json", decoy.encode())
        out.writestr("comments.json", zf.read("comments.json"))
    with pytest.raises(PackageError) as caught:
        read_package_file(tmp_path / "decoy.gopy")
    assert caught.value.code == "no_sections"


def test_a_secretariat_merges_the_units_folder_on_a_schedule_without_writing_to_it(pair, tmp_path, capsys):
    from reviewer.cli import main
    from reviewer.exchange import sync_once

    a, _b, draft = pair
    folder = tmp_path / "shared"
    folder.mkdir()
    a.add_comment(draft_id=draft, section_id="s1", group="Đảng bộ xã An Bình", text="Ý kiến của đơn vị.")
    sync_once(a, folder)
    files = sorted(p.name for p in folder.iterdir())
    db = tmp_path / "secretariat.sqlite3"
    for _pass in range(2):  # the scheduled task runs again: nothing new, nothing written
        assert main(["--db", str(db), "sync", "--folder", str(folder), "--receive-only"]) == 0
        assert sorted(p.name for p in folder.iterdir()) == files
    out = capsys.readouterr().out
    assert "1 new" in out and ": 1 unchanged" in out and "0 new" not in out
    with Store(db) as secretariat:
        assert [c.text for c in secretariat.comments(secretariat.drafts()[0]["id"])] == ["Ý kiến của đơn vị."]


def test_a_mixed_batch_gives_what_each_file_merged_alone_gives(pair, tmp_path):
    """A bad file, a missing one and one already merged among good ones: the results are those of each
    file merged alone, in order, and the same comments arrive."""
    from reviewer.exchange import merge_package

    a, b, draft = pair
    paths = _packages(a, draft, tmp_path, 4)
    broken = tmp_path / "broken.gopy"
    broken.write_bytes(paths[2].read_bytes()[:300])
    import_packages(b, paths[3:])  # known already: recognised, not merged again
    files = [paths[0], broken, paths[1], paths[3], tmp_path / "missing.gopy", paths[2]]
    one_at_a_time = Store(tmp_path / "alone.sqlite3")
    import_packages(one_at_a_time, paths[3:])
    expected = []
    for path in files:
        try:
            expected.append(merge_package(one_at_a_time, path.read_bytes(), name=path.name).to_json())
        except (PackageError, OSError) as exc:
            expected.append(type(exc).__name__)
    results = import_packages(b, files)
    assert [str(p) for p, _r in results] == [str(p) for p in files]
    got = [r.to_json() if isinstance(r, MergeSummary) else type(r).__name__ for _p, r in results]
    assert got[0] == expected[0] and got[2:4] == expected[2:4] and got[5] == expected[5]
    assert got[1] == got[4] == "PackageError" and expected[1] == "PackageError"
    assert sorted(c.id for c in b.comments(draft)) == sorted(c.id for c in one_at_a_time.comments(draft))
    one_at_a_time.close()
