"""Search as you type: a one-letter last word finds exactly what a scan of every comment finds, and
the order puts the words typed with their accents first."""
import random
import re

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.store.search import exact_hits, word_starts
from reviewer.textnorm import fold

WORDS = ("dân cư", "dân chủ", "cơ sở", "công tác", "cải cách", "chuyển đổi số", "đề nghị", "điều chỉnh", "tăng",
         "tầng", "hoà giải", "hòa bình", "thuỷ lợi", "ủy ban", "nông thôn", "ngân sách", "giảm nghèo", "vùng sâu")


@pytest.fixture
def filled(tmp_path):
    rng = random.Random(11)
    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(read_document(sample_draft()))
        sections = [s["id"] for s in store.sections(draft["id"]) if s["id"] != "preamble"]
        texts = {}
        rows = [{"draft_id": draft["id"], "section_id": rng.choice(sections), "group": f"Tổ {rng.randint(1, 8)}",
                 "text": "Đề nghị " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9))) + "."}
                for _ in range(400)]
        for c in store.add_comments(rows):
            texts[c.id] = c.text
        yield store, draft["id"], texts


def _scan(texts: dict[str, str], query: str) -> set[str]:
    """Comments whose every query word begins a word of the text, accents and case aside."""
    terms = fold(query).split()
    return {cid for cid, text in texts.items()
            if all(any(w.startswith(t) for w in re.findall(r"\w+", fold(text))) for t in terms)}


@pytest.mark.parametrize("query", ["dân c", "c", "nông t", "đ", "ủy b", "uy", "tang", "hoà g", "chuyen d"])
def test_a_short_last_word_finds_what_a_scan_finds(filled, query):
    store, draft_id, texts = filled
    hits = {h["comment"] for h in store.search(query, draft_id=draft_id, limit=1000) if h["comment"]}
    assert hits == _scan(texts, query)


def test_words_typed_with_their_accents_come_first(filled):
    store, draft_id, texts = filled
    hits = [h["comment"] for h in store.search("tầng", draft_id=draft_id, limit=1000) if h["comment"]]
    with_accent = [cid for cid in hits if "tầng" in texts[cid].lower()]
    assert with_accent and hits[:len(with_accent)] == with_accent
    assert any("tăng" in texts[cid].lower() for cid in hits[len(with_accent):])


def test_exact_hits_counts_words_beginning_with_each_term():
    starts = word_starts(["tăng", "tr"])
    assert exact_hits(starts, "tốc độ tăng trưởng") == 2
    assert exact_hits(starts, "tầng trệt") == 1  # "tr" begins "trệt"; "tăng" is not "tầng"
    assert exact_hits(starts, "sự gia tăng") == 1
    assert exact_hits(starts, "bảo tàng, đường truyền") == 1
    assert exact_hits(word_starts(["tăng"]), "không tăngx") == 1  # a word's start counts
    assert exact_hits(word_starts(["ăng"]), "tăng") == 0  # inside a word does not


@pytest.mark.parametrize(("typed", "expected"), [
    ("I.3.1", ["3.1. Sản xuất nông nghiệp"]),  # the full number, as the window names sections
    ("I.3.1.a)", ["a) Trồng trọt"]),
    ("3.1.", ["3.1. Sản xuất nông nghiệp"]),  # its own number
    ("II.1", ["1. Giáo dục và đào tạo", "1. Mục tiêu tổng quát"]),  # under each part's II.
])
def test_a_section_number_typed_as_the_window_shows_it_finds_the_section(tmp_path, typed, expected):
    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(read_document(sample_draft()))["id"]
        store.add_comment(draft_id=draft, section_id=store.sections(draft)[3]["id"], group="Tổ 1",
                          text="Chỉ tiêu 3.1 nên giữ như năm trước.")
        hits = store.search(typed, draft_id=draft)
        headings = [h["snippet"].strip("[]") for h in hits if h["comment"] is None]
        assert headings[:len(expected)] == expected
        assert hits[:len(expected)] == [h for h in hits if h["comment"] is None][:len(expected)]  # sections first


def test_a_section_number_then_words_looks_in_that_section_and_those_within_it(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(read_document(sample_draft()))["id"]
        sections = store.sections(draft)
        crops = next(s["id"] for s in sections if s["number"] == "a)")  # I.3.1.a), within I.3
        finance = next(s["id"] for s in sections if s["number"] == "2.")  # I.2
        inside = store.add_comment(draft_id=draft, section_id=crops, group="Tổ 1", text="Thiên tai làm mất mùa.")
        outside = store.add_comment(draft_id=draft, section_id=finance, group="Tổ 2", text="Thiên tai năm 2024.")
        everywhere = {h["comment"] for h in store.search("thien tai", draft_id=draft)}
        assert {inside.id, outside.id} <= everywhere
        assert [h["comment"] for h in store.search("I.3 thien tai", draft_id=draft)] == [inside.id]
        assert [h["comment"] for h in store.search("I.3.1.a) thiên tai", draft_id=draft)] == [inside.id]
        assert [h["comment"] for h in store.search("I.2 thien tai", draft_id=draft)] == [outside.id]
