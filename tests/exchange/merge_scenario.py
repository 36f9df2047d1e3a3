"""A deterministic set of packages that exercises every branch of the merge, and a canonical dump of
what merging them leaves in a database: the reference that keeps a faster merge's outcome identical.

``python -m tests.exchange.merge_scenario`` rewrites ``merge_reference.json`` from the code in the tree:
run it only with a merge known to be right (it was made with the merge as it stood before issue 17's
optimisations).

The packages are written with ``reviewer.exchange.package.pack`` from hand-made comment states, on
the bundled sample draft and on another version of it (same title, sections added and removed):
new comments; later revisions from other laptops; tombstones over edits at the same revision; two
laptops editing one revision differently (conflicts, some marked as looked at); two copies of one
database writing one revision differently (set aside); earlier versions whose section is unknown,
then known; quotes with right, wrong and no positions, and quotes no longer in their section;
comments on sections this version does not have (unplaced); packages carrying the same comment
from several laptops.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

REFERENCE = Path(__file__).with_name("merge_reference.json")
KINDS = ("gop_y", "sua_doi", "bo_sung", "de_nghi_bo", "cau_hoi", "nhat_tri")
STATUSES = ("moi", "tiep_thu", "tiep_thu_mot_phan", "giai_trinh", "khong_tiep_thu")
WORDS = ("đề nghị bổ sung làm rõ kết quả phát triển kinh tế hạ tầng giao thông chuyển đổi số cải cách hành chính "
         "xây dựng Đảng nguồn lực chỉ tiêu nghị quyết giảm nghèo văn hóa giáo dục y tế cán bộ").split()


def sample_doc():
    from reviewer.docx import open_draft
    from reviewer.paths import sample_draft

    return open_draft(sample_draft())


def other_version(doc):
    """The same draft (same title) with its last three sections gone and one section added."""
    from reviewer.model import Paragraph, Section

    keep = [s for s in doc.sections if s.parent is None or s.parent in {k.id for k in doc.sections[:-3]}][:-3]
    added = Section("them-moi", "IX.", "Mục mới thêm", 1, None, [Paragraph(text="Nội dung mới của dự thảo sửa.")])
    return type(doc)(doc.title, [*keep, added], source_name="du-thao-2.docx")


def _sections(doc) -> list[dict]:
    return [{"id": s.id, "number": s.number, "title": s.title, "level": s.level, "parent": s.parent, "text": s.text}
            for s in doc.sections]


def _draft(doc) -> dict:
    from reviewer.store.records import fingerprint

    fp = fingerprint(doc)
    return {"id": fp[:12], "fingerprint": fp, "title": doc.title, "file_name": doc.source_name}


class Scenario:
    """Comments and their versions as five laptops (and one copy of a database) know them."""

    def __init__(self, seed: int = 17):
        self.rng = random.Random(seed)
        self.doc = sample_doc()
        self.doc2 = other_version(self.doc)
        self.devices = [f"{self.rng.getrandbits(128):032x}" for _ in range(5)]
        self.groups = ["Tổ 1", "Tổ 2", "Tổ 3", "Tổ 10", "Tổ 11"]

    def text(self, low: int = 4, high: int = 30) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def version(self, *, revision: int, device: str, group: str, section: str | None, deleted: bool = False,
                quote: str = "", stamp: int = 0):
        from reviewer.store import Version

        r = self.rng
        status = r.choice(STATUSES)
        return Version(revision=revision, device=device, group=group, author=r.choice(["", "Nguyễn Văn An",
                                                                                       "Trần Thị Bình"]),
                       kind=r.choice(KINDS), text=self.text(), quote=quote,
                       proposal=r.choice(["", "", self.text(3, 8)]), supporters=r.choice((0, 0, 1, 3)), status=status,
                       response="" if status == "moi" else self.text(2, 6),
                       updated_at=f"2026-11-27T08:{stamp % 60:02d}:00.000Z", deleted=deleted, section=section)

    def quote_of(self, section: dict) -> tuple[str, int | None, int | None]:
        """A quote from the section: with its right positions, wrong ones, none, or not in the text."""
        text = section["text"]
        words = text.split()
        if len(words) < 8:
            return "", None, None
        at = self.rng.randrange(0, len(words) - 6)
        quote = " ".join(words[at:at + self.rng.randint(2, 6)])
        start = text.find(quote)
        choice = self.rng.random()
        if start < 0 or choice < 0.25:
            return quote, None, None
        if choice < 0.5:
            return quote, start + 1, start + len(quote) + 1  # stale positions: located again
        if choice < 0.6:
            return quote + " không còn trong văn bản", None, None
        return quote, start, start + len(quote)

    def packages(self) -> list[tuple[str, bytes]]:
        """(name, bytes) of every package, in the order they are first imported."""
        from reviewer.exchange.package import pack
        from reviewer.store import CommentState, Version

        r = self.rng
        secs1, secs2 = _sections(self.doc), _sections(self.doc2)
        commentable = [s for s in secs1 if s["id"] not in ("preamble",)]
        knowledge: dict[str, dict[str, CommentState]] = {d: {} for d in self.devices}
        all_states: list[CommentState] = []
        for i in range(80):
            owner = i % 5
            device, group = self.devices[owner], self.groups[owner]
            section = r.choice(commentable)
            quote, start, end = self.quote_of(section) if r.random() < 0.5 else ("", None, None)
            current = self.version(revision=1, device=device, group=group, section=section["id"], quote=quote, stamp=i)
            state = CommentState(id=f"{r.getrandbits(128):032x}", created_at=f"2026-11-27T07:{i % 60:02d}:00.000Z",
                                 current=current, quote_start=start, quote_end=end)
            all_states.append(state)
            knowledge[device][state.id] = state

        def copy(state: CommentState) -> CommentState:
            return CommentState(id=state.id, created_at=state.created_at, current=state.current,
                                quote_start=state.quote_start, quote_end=state.quote_end, history=list(state.history),
                                set_aside=list(state.set_aside), resolved=state.resolved)

        def edit(state: CommentState, device: str, *, deleted: bool = False, unknown_section: bool = False,
                 group: str | None = None) -> CommentState:
            old = state.current
            history = [*state.history, Version(**{**{f: getattr(old, f) for f in old.__slots__},
                                                  "section": None if unknown_section else old.section})]
            new = self.version(revision=old.revision + 1, device=device, group=group or old.group,
                               section=old.section, deleted=deleted, quote=old.quote, stamp=old.revision * 7)
            if deleted:
                new = Version(**{**{f: getattr(old, f) for f in old.__slots__}, "revision": old.revision + 1,
                                 "device": device, "deleted": True})
            return CommentState(id=state.id, created_at=state.created_at, current=new, quote_start=state.quote_start,
                                quote_end=state.quote_end, history=history, set_aside=list(state.set_aside),
                                resolved=state.resolved)

        # Every laptop learns some of the others' comments, then edits some of them.
        for state in all_states:
            for device in self.devices:
                if state.id not in knowledge[device] and r.random() < 0.4:
                    knowledge[device][state.id] = copy(state)
            holders = [d for d in self.devices if state.id in knowledge[d]]
            roll = r.random()
            if roll < 0.15 and len(holders) >= 2:  # two laptops edit the same revision: a conflict
                a, b = holders[:2]
                knowledge[a][state.id] = edit(knowledge[a][state.id], a)
                knowledge[b][state.id] = edit(knowledge[b][state.id], b, group=r.choice(self.groups))
            elif roll < 0.25 and len(holders) >= 2:  # an edit on one, a deletion on the other
                a, b = holders[:2]
                knowledge[a][state.id] = edit(knowledge[a][state.id], a)
                knowledge[b][state.id] = edit(knowledge[b][state.id], b, deleted=True)
            elif roll < 0.4:  # edited twice on one laptop, the first version archived without its section
                d = holders[-1]
                knowledge[d][state.id] = edit(edit(knowledge[d][state.id], d, unknown_section=True), d)
            elif roll < 0.45:
                d = holders[0]
                knowledge[d][state.id] = edit(knowledge[d][state.id], d, deleted=True)
            if roll > 0.9 and len(holders) >= 2:  # the conflict was looked at on one laptop
                knowledge[holders[-1]][state.id].resolved = 1
        packages = []
        stamp = 0
        for k, device in enumerate(self.devices):
            states = list(knowledge[device].values())
            doc, secs = (self.doc2, secs2) if k == 3 else (self.doc, secs1)  # laptop 4 has the revised draft
            built = pack(_draft(doc), secs, states, device_id=device, device_group=self.groups[k],
                         exported_at=f"2026-11-27T09:{stamp:02d}:00.000Z")
            stamp += 1
            packages.append((f"p{k}.gopy", built.data))
        # A copy of laptop 1's database (the same device id) that wrote other content at the same
        # revisions: its versions are set aside.
        clash_states = []
        for state in list(knowledge[self.devices[0]].values())[:12]:
            clash_states.append(edit(state, self.devices[0]) if r.random() < 0.5 else
                                CommentState(id=state.id, created_at=state.created_at,
                                             current=Version(**{**{f: getattr(state.current, f)
                                                                   for f in state.current.__slots__},
                                                                "text": state.current.text + " (bản sao)"}),
                                             quote_start=state.quote_start, quote_end=state.quote_end,
                                             history=list(state.history)))
        built = pack(_draft(self.doc), secs1, clash_states, device_id=self.devices[0], device_group=self.groups[0],
                     exported_at=f"2026-11-27T09:{stamp:02d}:00.000Z")
        packages.append(("copy.gopy", built.data))
        # Laptop 2 again, later, after editing more: a newer package of the same device.
        later = {i: edit(s, self.devices[1]) if n % 3 == 0 and not s.current.deleted else s
                 for n, (i, s) in enumerate(knowledge[self.devices[1]].items())}
        built = pack(_draft(self.doc), secs1, list(later.values()), device_id=self.devices[1],
                     device_group=self.groups[1], exported_at="2026-11-27T10:00:00.000Z")
        packages.append(("p1-later.gopy", built.data))
        return packages


def run(folder: Path) -> dict:
    """Merge the scenario's packages as the secretariat would, and dump the outcome: once with every
    package, and once without the copied database's (a database that sets nothing aside), looking at
    some conflicts between two imports of the same files."""
    from reviewer.exchange import import_packages
    from reviewer.store import MergeSummary, Store

    scenario = Scenario()
    paths = []
    for name, data in scenario.packages():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    out: dict = {}
    no_copy = [p for p in paths if p.name != "copy.gopy"]
    for label, passes in (
            ("all", [paths, paths, list(reversed(paths)), [paths[2], paths[5], paths[2]]]),
            ("no_copy", [no_copy, no_copy, "resolve", list(reversed(no_copy)), [no_copy[4], no_copy[4]]])):
        store = Store(folder / f"{label}.sqlite3")
        store.register_draft(scenario.doc)  # the secretariat opened the draft: the revision's packages attach to it
        out[label] = {"passes": []}
        for step in passes:
            if step == "resolve":  # the secretariat looks at some conflicts between two imports
                draft = store.drafts()[0]["id"]
                for c in store.conflicts(draft)[::3]:
                    store.resolve_conflict(c.id)
                continue
            results = import_packages(store, step)
            out[label]["passes"].append([summary_json(r) if isinstance(r, MergeSummary) else {"error": str(r)}
                                         for _p, r in results])
        out[label]["tables"] = dump(store)
        store.close()
    return out


def summary_json(s) -> dict:
    return {**s.to_json(), "conflict_ids": sorted(s.conflict_ids)}


def dump(store) -> dict:
    """Every row the merge writes, without the times this laptop's clock gives."""
    conn = store.db.conn

    def rows(sql: str) -> list:
        return [list(r) for r in conn.execute(sql)]

    return {
        "drafts": rows("SELECT id, title, fingerprint, from_package FROM drafts ORDER BY id"),
        "groups": rows("SELECT name, position FROM groups ORDER BY name"),
        "comments": rows("SELECT * FROM comments ORDER BY seq"),
        "history": rows("SELECT * FROM comment_history ORDER BY comment_id, revision, device_id"),
        "set_aside": rows("SELECT * FROM comment_set_aside ORDER BY comment_id, revision, device_id, digest"),
        "search": rows("SELECT c.id, s.rowid, s.folded, s.exact FROM comment_search s JOIN comments c "
                       "ON c.seq = s.rowid ORDER BY s.rowid"),
        "devices": rows("SELECT device_id, draft_id, device_group, exported_at, comments, tombstones, payload, "
                        "file_name FROM exchange_devices ORDER BY device_id, draft_id"),
        "device_groups": rows("SELECT * FROM exchange_groups ORDER BY device_id, draft_id, group_name"),
    }


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        result = run(Path(d))
    REFERENCE.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {REFERENCE}: {len(result['all']['tables']['comments'])} comments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
