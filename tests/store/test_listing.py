"""Listing a draft's comments by SQL (reviewer.store.listing): the same answers as reading every comment."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store, listing
from reviewer.store.stances import tally_stances
from reviewer.textnorm import natural_key
from reviewer.vocab import agreement_only

GROUPS = ["Tổ 10", "Tổ 2", "Tổ 1", "Xã Đông", "Tổ 11"]


@pytest.fixture
def filled(tmp_path):
    doc = read_document(sample_draft())
    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(doc)
        sections = [s.id for s in doc.sections][:12]
        rng = random.Random(5)
        rows = [{"draft_id": draft["id"], "section_id": rng.choice(sections), "group": rng.choice(GROUPS),
                 "author": rng.choice(["", "Lan", "Bình", "an"]), "kind": rng.choice(["gop_y", "nhat_tri"]),
                 "text": f"Ý kiến {n} {rng.choice(['Ánh', 'anh', 'Bé', 'ốc'])}"} for n in range(300)]
        added = store.add_comments(rows)
        for c in added[:40]:
            store.edit_comment(c.id, status="tiep_thu")
        for c in added[40:50]:
            store.delete_comment(c.id)
        yield store, draft["id"]


def test_counts_stances_authors_and_groups_match_the_comments(filled):
    store, draft_id = filled
    comments = store.comments(draft_id)
    counts = listing.section_counts(store, draft_id, group="Tổ 2")
    for sid in {c.section for c in comments}:
        mine = [c for c in comments if c.section == sid]
        assert counts[sid] == (len(mine), sum(c.group == "Tổ 2" for c in mine), sum(c.conflict for c in mine))
    assert sum(v[0] for v in counts.values()) == len(comments) == listing.live_count(store, draft_id)
    some = sorted(counts)[:2]
    assert listing.section_counts(store, draft_id, group="Tổ 2", sections=some) == {s: counts[s] for s in some}
    expected = tally_stances(((c.section, c.group, agreement_only(c.kind, c.text, c.quote, c.proposal))
                              for c in comments), 7)
    for sid in counts:
        got = listing.section_stance(store, draft_id, sid, 7)
        assert (got.agreed, got.commented, got.groups) == (expected[sid].agreed, expected[sid].commented, 7)
    assert listing.known_authors(store, draft_id) == {c.author for c in comments if c.author}
    assert listing.comment_groups(store, draft_id) == ["Tổ 1", "Tổ 2", "Tổ 10", "Tổ 11", "Xã Đông"]


def test_rows_in_document_order_filtered_and_sorted_like_the_table_did(filled):
    store, draft_id = filled
    comments = store.comments(draft_id)
    seq = {c.id: listing.seq_of(store, c.id) for c in comments}
    everything = listing.ordered_seqs(store, draft_id, listing.ListFilter())
    assert list(everything) == [seq[c.id] for c in comments]  # Store.comments' order
    by_seq = listing.comments_by_seq(store, everything[:50])
    assert [by_seq[s].id for s in everything[:50]] == [c.id for c in comments[:50]]

    two = frozenset(sorted({c.section for c in comments})[:2])
    flt = listing.ListFilter(group="Tổ 10", status="moi", sections=two)
    shown = [c for c in comments if flt.matches(c)]
    assert shown and list(listing.ordered_seqs(store, draft_id, flt)) == [seq[c.id] for c in shown]
    kept = comments[0].id if comments[0].group != "Tổ 10" else comments[1].id
    with_kept = listing.ListFilter(group="Tổ 10", kept=frozenset({kept}))
    assert seq[kept] in listing.ordered_seqs(store, draft_id, with_kept)

    position = {s["id"]: n for n, s in enumerate(store.sections(draft_id))}
    for column, key in (("author", lambda c: c.author.casefold()), ("group", lambda c: c.group.casefold()),
                        ("text", lambda c: c.text.casefold())):
        for descending in (False, True):
            # Ties stay in document order, as the stable sort of the old proxy kept them.
            ranked = sorted(sorted(comments, key=lambda c: (position[c.section], c.created_at, seq[c.id])),
                            key=key, reverse=descending)
            got = listing.ordered_seqs(store, draft_id, listing.ListFilter(), column=column, descending=descending)
            assert list(got) == [seq[c.id] for c in ranked], (column, descending)


def test_the_summary_counts_what_a_filter_shows(filled):
    store, draft_id = filled
    comments = store.comments(draft_id)
    flt = listing.ListFilter(kind="gop_y")
    shown = [c for c in comments if flt.matches(c)]
    got = listing.summary(store, draft_id, flt)
    assert got.shown == len(shown) and got.sections == {c.section for c in shown}
    assert got.answered == sum(c.status != "moi" for c in shown) and got.conflicts == 0
    assert got.by_group == dict(Counter(c.group for c in shown))
    assert sorted(got.by_group, key=natural_key)[0] == "Tổ 1"


def test_a_moved_comment_names_both_its_sections(filled):
    store, draft_id = filled
    c = store.comments(draft_id)[0]
    other = next(s["id"] for s in store.sections(draft_id) if s["id"] != c.section)
    store.edit_comment(c.id, section=other)
    assert listing.sections_of(store, [c.id]) == {c.section, other}
    rows = listing.comments_in_sections(store, draft_id, {c.section, other})
    assert [r.id for r in rows] == [r.id for r in store.comments(draft_id) if r.section in {c.section, other}]


def test_counts_per_section_add_up_to_the_draft_s(filled):
    store, draft_id = filled
    flt = listing.ListFilter(status="moi")
    parts = listing.section_summaries(store, draft_id, flt)
    whole = listing.summary(store, draft_id, flt)
    assert listing.combine(parts.values()) == whole and whole.shown == sum(p.shown for p in parts.values())
    some = sorted(parts)[:3]
    assert listing.section_summaries(store, draft_id, flt, some) == {s: parts[s] for s in some}


def test_what_an_export_prints_is_counted_and_nothing_when_every_box_is_unticked(filled):
    store, draft_id = filled
    live = [c for c in store.comments(draft_id)]
    ours = [c for c in live if c.group in ("Tổ 2", "Xã Đông") and c.kind == "gop_y"]
    assert listing.export_count(store, draft_id, groups=["Tổ 2", "Xã Đông"], kinds=["gop_y"]) == (
        len(ours), len({c.section for c in ours}))
    for empty in ({"groups": []}, {"kinds": set()}, {"statuses": []}, {"sections": []}):
        assert listing.export_count(store, draft_id, **empty) == (0, 0)
        assert listing.export_count(store, draft_id, include_deleted=True, **empty) == (0, 0)


def test_only_conflicts_shows_a_comment_deleted_while_another_laptop_changed_it(tmp_path):
    """The deletion wins such a merge (tests/exchange): the change is kept in the history, and the table's
    conflicts are where the secretariat finds it, or it would be seen nowhere."""
    from tests.exchange.helpers import laptop, receive, send

    a, draft = laptop(tmp_path, "a")
    b, _ = laptop(tmp_path, "b")
    kept = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="Đề nghị bổ sung số liệu.")
    gone = a.add_comment(draft_id=draft, section_id="s2", group="Tổ 1", text="Đề nghị làm rõ trách nhiệm.")
    receive(b, send(a, draft, tmp_path / "a.gopy"))
    a.delete_comment(gone.id)
    b.edit_comment(gone.id, text="Đề nghị làm rõ trách nhiệm của từng cấp.")
    a.edit_comment(kept.id, text="Máy A sửa.")
    b.edit_comment(kept.id, text="Máy B sửa.")
    receive(a, send(b, draft, tmp_path / "b.gopy"))
    assert a.comment(gone.id).deleted and a.comment(gone.id).conflict and a.comment(kept.id).conflict
    seq = {c: listing.seq_of(a, c) for c in (kept.id, gone.id)}

    conflicts = listing.ListFilter(conflict=True)
    assert listing.ordered_seqs(a, draft, conflicts).tolist() == [seq[kept.id], seq[gone.id]]  # document order
    assert sorted(listing.ordered_seqs(a, draft, conflicts, column="group")) == sorted(seq.values())
    shown = listing.summary(a, draft, conflicts)
    assert (shown.shown, shown.conflicts, shown.sections) == (2, 2, {"s1", "s2"})
    with_kept = listing.ListFilter(conflict=True, kept=frozenset({kept.id}))  # a row answered stays in view
    assert sorted(listing.ordered_seqs(a, draft, with_kept)) == sorted(seq.values())
    assert listing.summary(a, draft, with_kept).shown == 2
    # Everywhere else the deleted comment stays deleted.
    assert listing.ordered_seqs(a, draft, listing.ListFilter()).tolist() == [seq[kept.id]]
    everything = listing.summary(a, draft, listing.ListFilter())
    assert (everything.shown, everything.sections, everything.conflicts, everything.deleted_conflicts) == (
        1, {"s1"}, 2, 1)  # the deleted one is counted, so the footer can send the secretariat to the filter
    assert listing.section_counts(a, draft, group="Tổ 1") == {"s1": (1, 1, 1)}
    assert listing.live_count(a, draft) == 1
    a.close()
    b.close()
