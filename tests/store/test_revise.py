"""Revised drafts: a new version linked to the old one, every comment carried, placed only on strong evidence.

Placement is checked on the bundled sample draft and on a generated draft (tests/benchmarks/drafts.py), with
scripted revisions whose correct mapping is known (tests/revision_edits.py); the store's part on real
databases. The thresholds' measurements on larger drafts and the shared corpus pair are in
tests/benchmarks/revise_bench.py.
"""
from __future__ import annotations

import copy
import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import NotFoundError, Store, ValidationError
from reviewer.store import revise as rv
from reviewer.store.carry import match_sections, place_comments
from tests.benchmarks.drafts import write_draft
from tests.revision_edits import Score, as_document, make_comments, revise, sections_of

SAMPLE_SECTIONS = sections_of(read_document(sample_draft()))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "reviews.sqlite3") as s:
        yield s


@pytest.fixture(scope="module")
def generated_sections(tmp_path_factory):
    path = tmp_path_factory.mktemp("generated") / "draft-120.docx"
    write_draft(path, 120)
    return sections_of(read_document(path))


def add_comments(store: Store, draft_id: str, comments: list[dict]) -> dict[str, str]:
    """The scripted comments written to the store; their store id -> the script's id."""
    added = store.add_comments([{"draft_id": draft_id, "section_id": c["section"], "group": f"Tổ {i % 5 + 1}",
                                 "author": "Nguyễn Văn An", "kind": "sua_doi", "text": f"Ý kiến số {i}",
                                 "quote": c["quote"], "quote_start": c["quote_start"], "quote_end": c["quote_end"],
                                 "proposal": "Đề nghị viết lại", "status": "tiep_thu", "response": "Đã sửa"}
                                for i, c in enumerate(comments)])
    return {a.id: c["id"] for a, c in zip(added, comments, strict=True)}


# ---------------------------------------------------------------- placing, without a database


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60))
def test_a_revision_that_changes_nothing_carries_every_comment_to_the_same_place(seed, n):
    comments = make_comments(SAMPLE_SECTIONS, n, random.Random(seed))
    placements = place_comments(SAMPLE_SECTIONS, copy.deepcopy(SAMPLE_SECTIONS), comments)
    assert [p.state for p in placements] == ["carried"] * n
    assert [p.section for p in placements] == [c["section"] for c in comments]
    assert [(p.start, p.end) for p in placements] == [(c["quote_start"], c["quote_end"]) for c in comments]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), rate=st.floats(0.0, 3.0))
@example(seed=275, rate=2.875)  # a short quote whose paragraph moved away, its words still in the section
def test_random_revisions_keep_every_comment_in_one_consistent_state(seed, rate):
    rng = random.Random(seed)
    comments = make_comments(SAMPLE_SECTIONS, 80, rng)
    new, truths = revise(SAMPLE_SECTIONS, comments, rng, rate=rate)
    placements = place_comments(SAMPLE_SECTIONS, new, comments)
    assert [p.comment_id for p in placements] == [c["id"] for c in comments]
    new_ids = {s["id"] for s in new}
    for t, p in zip(truths, placements, strict=True):
        assert p.state in ("carried", "review", "unplaced")
        assert (p.section is None) == (p.state == "unplaced")
        assert p.section is None or p.section in new_ids
        assert 0 <= p.score <= 1
        if t.section is not None and t.survives and t.comment["quote"] and p.state == "carried":
            # A surviving passage carried is carried to its place; a passage the new version holds in more
            # than one section ("hiện nhiệm vụ năm 2024,") to one of them: the words cannot tell them apart.
            quote = " ".join(t.comment["quote"].split())
            holders = [s["id"] for s in new if quote in " ".join(s["text"].split())]
            assert p.section == t.section if len(holders) == 1 else p.section in holders


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_scripted_revisions_place_surviving_comments_and_almost_never_wrongly(which, generated_sections):
    sections = SAMPLE_SECTIONS if which == "sample" else generated_sections
    score = Score()
    for seed in range(4):
        rng = random.Random(seed)
        comments = make_comments(sections, 250, rng)
        new, truths = revise(sections, comments, rng, rate=1.5)
        score.add(truths, place_comments(sections, new, comments))
    assert score.total == 1000
    assert score.wrong <= 0.01 * score.total, score.line()
    assert score.placed >= 0.9 * score.surviving, score.line()
    assert score.review + score.unplaced > 0  # the scripts did delete and rewrite passages


def test_sections_match_by_title_and_body_when_renamed_and_renumbered():
    new = copy.deepcopy(SAMPLE_SECTIONS)
    body = next(s for s in new if len(s["text"]) > 200 and s["number"])
    body["id"], body["title"], body["number"] = "renamed", body["title"] + " (sửa đổi)", "9."
    for s in new:
        if s["parent"] == SAMPLE_SECTIONS[new.index(body)]["id"]:
            s["parent"] = "renamed"
    matched = match_sections(SAMPLE_SECTIONS, new)
    old_id = SAMPLE_SECTIONS[new.index(body)]["id"]
    assert matched[old_id][0] == "renamed" and 0.5 <= matched[old_id][1] < 1
    assert all(matched[s["id"]] == (s["id"], 1.0) for s in SAMPLE_SECTIONS if s["id"] != old_id)


def test_a_deleted_or_rewritten_passage_goes_to_review_not_with_its_section():
    section = next(s for s in SAMPLE_SECTIONS if any(len(line.split()) > 40 for line in s["text"].split("\n")))
    words = next(line for line in section["text"].split("\n") if len(line.split()) > 40).split()
    quote = " ".join(words[20:32])
    start = section["text"].index(quote)
    comment = {"id": "c", "section": section["id"], "quote": quote, "quote_start": start,
               "quote_end": start + len(quote)}
    new = copy.deepcopy(SAMPLE_SECTIONS)
    changed = next(s for s in new if s["id"] == section["id"])
    changed["text"] = changed["text"].replace(quote, "một đoạn văn hoàn toàn khác được viết lại từ đầu")
    [placed] = place_comments(SAMPLE_SECTIONS, new, [comment])
    assert (placed.state, placed.section) == ("review", section["id"])
    assert placed.score < 0.85
    changed["text"] = changed["text"].replace("một đoạn văn hoàn toàn khác được viết lại từ đầu",
                                              quote.replace(words[25], "khác"))  # one word changed: still it
    [placed] = place_comments(SAMPLE_SECTIONS, new, [comment])
    assert (placed.state, placed.section, placed.start) == ("carried", section["id"], None)


def test_a_moved_paragraph_takes_its_comments_along_but_a_short_quote_only_to_review():
    source = next(s for s in SAMPLE_SECTIONS if len(s["text"].split("\n")) > 2 and len(s["text"]) > 300)
    paragraph = max(source["text"].split("\n"), key=len)
    long_quote, short_quote = " ".join(paragraph.split()[:15]), " ".join(paragraph.split()[:3])
    comments = [{"id": f"c{i}", "section": source["id"], "quote": q, "quote_start": None, "quote_end": None}
                for i, q in enumerate((long_quote, short_quote))]
    new = copy.deepcopy(SAMPLE_SECTIONS)
    dest = next(s for s in new if s["id"] != source["id"] and s["text"])
    next(s for s in new if s["id"] == source["id"])["text"] = source["text"].replace(paragraph, "")
    dest["text"] += "\n" + paragraph
    long_placed, short_placed = place_comments(SAMPLE_SECTIONS, new, comments)
    assert (long_placed.state, long_placed.section) == ("carried", dest["id"])
    assert short_placed.state == "review"


def test_a_comment_without_quote_follows_its_section_or_is_unplaced_with_it():
    gone, kept = SAMPLE_SECTIONS[3], SAMPLE_SECTIONS[5]
    new = [s for s in copy.deepcopy(SAMPLE_SECTIONS) if s["id"] != gone["id"]]
    for s in new:
        if s["parent"] == gone["id"]:
            s["parent"] = gone["parent"]
    comments = [{"id": "a", "section": gone["id"], "quote": ""}, {"id": "b", "section": kept["id"], "quote": ""}]
    placed = place_comments(SAMPLE_SECTIONS, new, comments)
    assert [(p.state, p.section) for p in placed] == [("unplaced", None), ("carried", kept["id"])]


# ---------------------------------------------------------------- the store


def test_revising_copies_every_comment_onto_the_new_version_and_keeps_the_old_one(store):
    old = store.register_draft(as_document(SAMPLE_SECTIONS, "Dự thảo lần 1"))
    comments = make_comments(SAMPLE_SECTIONS, 40, random.Random(5))
    script_of = add_comments(store, old["id"], comments)
    before = {c.id: c for c in store.comments(old["id"])}
    result = rv.revise_draft(store, old["id"], as_document(SAMPLE_SECTIONS, "Dự thảo lần 2"))
    assert result.new_draft != old["id"]
    assert (result.count("carried"), result.count("review"), result.count("unplaced")) == (40, 0, 0)
    assert {c.id: c for c in store.comments(old["id"])} == before  # the old version is left as it was
    copies = {c.id: c for c in store.comments(result.new_draft)}
    assert set(copies) == {c.id for c in result.comments}
    for carried in result.comments:
        original, copy_ = before[carried.old_id], copies[carried.id]
        assert copy_.id != original.id and copy_.draft == result.new_draft
        assert (copy_.section, carried.section, carried.old_section) == (original.section,) * 3
        for field in ("group", "author", "kind", "text", "quote", "quote_start", "quote_end", "proposal",
                      "supporters", "status", "response", "created_at"):
            assert getattr(copy_, field) == getattr(original, field), field
        assert (copy_.revision, copy_.device, copy_.deleted) == (1, store.device_id, False)
        assert script_of[original.id]
    assert rv.previous_versions(store, result.new_draft) == [old["id"]]
    assert store.search("Ý kiến số 7", draft_id=result.new_draft)  # the copies are in the search index


def test_carrying_twice_keeps_every_comment_and_later_comments_follow(store):
    rng = random.Random(11)
    v1 = SAMPLE_SECTIONS
    comments = make_comments(v1, 60, rng)
    d1 = store.register_draft(as_document(v1, "Lần 1"))["id"]
    add_comments(store, d1, comments)
    v2, _truth = revise(v1, comments, rng, rate=2.0)
    r2 = rv.revise_draft(store, d1, as_document(v2, "Lần 2"))
    assert len(r2.comments) == 60 and len(store.comments(r2.new_draft)) == 60
    v3, _truth = revise(v2, make_comments(v2, 1, rng), rng, rate=2.0)
    r3 = rv.revise_draft(store, r2.new_draft, as_document(v3, "Lần 3"))
    assert len(r3.comments) == 60 and len(store.comments(r3.new_draft)) == 60
    assert {c.text for c in store.comments(r3.new_draft)} == {f"Ý kiến số {i}" for i in range(60)}
    unplaced = [c for c in r3.comments if c.state == "unplaced"]
    assert {c.id for c in store.unplaced_comments(r3.new_draft)} == {c.id for c in unplaced}
    assert all(store.comment(c.id).to_json()["section"] is None for c in unplaced)

    # A comment that arrives later for version 2 is carried the same way; nothing is copied twice.
    late = store.add_comment(draft_id=r2.new_draft, section_id=v2[1]["id"], group="Tổ 9", text="Ý kiến đến muộn")
    again = rv.revise_draft(store, r2.new_draft, as_document(v3, "Lần 3"))
    assert again.new_draft == r3.new_draft and len(again.comments) == 61
    assert [c.old_id for c in again.comments if c.old_id not in {x.old_id for x in r3.comments}] == [late.id]
    assert len(store.comments(r3.new_draft)) == 61


def test_the_same_file_or_an_older_version_is_refused(store):
    d1 = store.register_draft(as_document(SAMPLE_SECTIONS, "Lần 1"))["id"]
    with pytest.raises(ValidationError):
        rv.revise_draft(store, d1, as_document(SAMPLE_SECTIONS, "Lần 1"))
    d2 = rv.revise_draft(store, d1, as_document(SAMPLE_SECTIONS, "Lần 2")).new_draft
    with pytest.raises(ValidationError):
        rv.revise_draft(store, d2, as_document(SAMPLE_SECTIONS, "Lần 1"))
    with pytest.raises(NotFoundError):
        rv.revise_draft(store, "no-such-draft", as_document(SAMPLE_SECTIONS, "Lần 3"))
    assert len(store.drafts()) == 2


def test_the_secretariat_confirms_moves_or_leaves_unplaced(store):
    d1 = store.register_draft(as_document(SAMPLE_SECTIONS, "Lần 1"))["id"]
    section = next(s for s in SAMPLE_SECTIONS if len(s["text"].split("\n")[0].split()) > 20)
    quote = " ".join(section["text"].split()[5:15])
    gone = SAMPLE_SECTIONS[4]
    a = store.add_comment(draft_id=d1, section_id=section["id"], group="Tổ 1", text="A", quote=quote)
    b = store.add_comment(draft_id=d1, section_id=section["id"], group="Tổ 1", text="B", quote=quote)
    c = store.add_comment(draft_id=d1, section_id=gone["id"], group="Tổ 2", text="C")
    new = copy.deepcopy(SAMPLE_SECTIONS)
    next(s for s in new if s["id"] == section["id"])["text"] = "Đoạn này đã được viết lại hoàn toàn."
    new = [s for s in new if s["id"] != gone["id"]]
    for s in new:
        if s["parent"] == gone["id"]:
            s["parent"] = gone["parent"]
    result = rv.revise_draft(store, d1, as_document(new, "Lần 2"))
    queue = rv.review_queue(store, result.new_draft)
    by_old = {q.old_id: q for q in queue}
    assert [q.state for q in queue] == ["review", "review", "unplaced"] and set(by_old) == {a.id, b.id, c.id}

    accepted = rv.accept_place(store, by_old[a.id].id)
    assert (accepted.state, accepted.section) == ("carried", section["id"])
    elsewhere = new[1]["id"]
    moved = rv.place_in_section(store, by_old[c.id].id, elsewhere)
    assert (moved.state, moved.section, store.comment(moved.id).section) == ("carried", elsewhere, elsewhere)
    left = rv.leave_unplaced(store, by_old[b.id].id)
    assert (left.state, left.section) == ("unplaced", None)
    assert store.comment(left.id).revision == 2  # an ordinary edit: the proposed place is in its history
    assert [q.old_id for q in rv.review_queue(store, result.new_draft)] == [b.id]
    with pytest.raises(ValidationError):
        rv.accept_place(store, left.id)
    with pytest.raises(NotFoundError):
        rv.accept_place(store, a.id)  # a comment of the old version was not carried from anywhere
    assert rv.carried_comment(store, a.id) is None


def test_a_copy_without_its_link_gets_it_on_the_next_carry(store):
    d1 = store.register_draft(as_document(SAMPLE_SECTIONS, "Lần 1"))["id"]
    original = store.add_comment(draft_id=d1, section_id=SAMPLE_SECTIONS[2]["id"], group="Tổ 1", text="A")
    result = rv.revise_draft(store, d1, as_document(SAMPLE_SECTIONS, "Lần 2"))
    store.db.execute("DELETE FROM carried_comments")  # as if the power went between the two transactions
    again = rv.link_and_carry(store, d1, result.new_draft)
    assert [c.id for c in again.comments] == [rv.copy_id(original.id, result.new_draft)]
    assert len(store.comments(result.new_draft)) == 1
