"""The PDF export streams (``reviewer.pdf.stream``, ``selection``, ``writer``): platypus consumes a story
made as it goes, the comments are read a few at a time as their turn comes, finished pages leave
memory. The PDF is the one the whole story made up front gives, and memory stays flat as the
document grows.
"""
from __future__ import annotations

import contextlib
import datetime
import gc
import io
import tracemalloc
import unicodedata

import pytest
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from reviewer import i18n
from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.pdf import export as pdf_export
from reviewer.pdf import layout as L
from reviewer.pdf import selection
from reviewer.pdf import story as pdf_story
from reviewer.pdf.export import Conference, ExportOptions, export_pdf
from reviewer.pdf.story import Builder, select
from reviewer.pdf.stream import Story
from reviewer.pdf.text import register_fonts
from reviewer.store import Store
from reviewer.store.database import write
from reviewer.store.samples import seed_sample_comments
from reviewer.store.stances import AGREES

pypdf = pytest.importorskip("pypdf")

CONFERENCE = Conference(date=datetime.date(2026, 11, 27))
GROUPS = ("Tổ 1", "Tổ 2", "Tổ 3", "Tổ 4", "Tổ 10")
KINDS = ("gop_y", "sua_doi", "bo_sung", "cau_hoi", "de_nghi_bo", "nhat_tri")
STATUSES = ("moi", "tiep_thu", "giai_trinh", "tiep_thu_mot_phan")
SENTENCE = ("Đề nghị làm rõ nguyên nhân tốc độ tăng trưởng khu vực công nghiệp thấp hơn kế hoạch, nêu cụ thể "
            "các dự án chậm tiến độ và trách nhiệm của từng cơ quan, đơn vị.")


def comment_rows(draft_id: str, sections: list[dict], n: int, *, start: int = 0, sentences: int = 2) -> list[dict]:
    return [dict(draft_id=draft_id, section_id=sections[(7 * i) % len(sections)]["id"], group=GROUPS[i % 5],
                 author=f"Đại biểu {i % 7}" if i % 3 else "", kind=KINDS[i % 6], status=STATUSES[i % 4],
                 text=f"Ý kiến {i}: " + " ".join([SENTENCE] * sentences),
                 proposal="Sửa thành: “tăng trưởng bền vững”." if i % 4 == 1 else "",
                 response="Ban biên tập đã tiếp thu." if i % 4 == 2 else "", supporters=i % 3)
            for i in range(start, start + n)]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The bundled sample draft with its sample comments and 150 more (one deleted, two on a section
    that is not in the draft, one stored decomposed), over many pages."""
    register_fonts()  # (for the tests that make a story without exporting it)
    tmp = tmp_path_factory.mktemp("streaming")
    store = Store(tmp / "review.sqlite3")
    draft_id = store.register_draft(read_document(sample_draft()))["id"]
    seed_sample_comments(store, draft_id)
    added = store.add_comments(comment_rows(draft_id, store.sections(draft_id), 150))
    store.delete_comment(added[5].id)
    with write(store.db):
        for c in added[10:12]:
            store.db.execute("UPDATE comments SET section_id = 'muc-da-bo' WHERE id = ?", [c.id])
        store.db.execute("UPDATE comments SET text = ? WHERE id = ?",
                         [unicodedata.normalize("NFD", added[20].text), added[20].id])
    yield store, draft_id, tmp
    store.close()


# ---------------------------------------------------------------- the story


class Named(Spacer):
    def __init__(self, name: str):
        super().__init__(1, 1)
        self.name = name
        self.keepWithNext = name.startswith("k")


def made(names: list[str], log: list[str]):
    for name in names:
        log.append(name)
        yield Named(name)


def names(flowables) -> list[str]:
    return [f.name for f in flowables]


def test_the_story_does_what_platypus_does_to_its_list():
    log: list[str] = []
    story = Story(made([f"f{i}" for i in range(100)], log), lookahead=4)
    assert log == []  # nothing is made before it is asked for
    assert len(story) == 4 and log == ["f0", "f1", "f2", "f3"]
    assert story[0].name == "f0" and story[3].name == "f3"
    del story[0]
    assert len(story) == 4 and log[-1] == "f4"
    assert names(story[:2]) == ["f1", "f2"]
    del story[:2]
    story.insert(0, Named("back"))
    story[0:0] = [Named("s1"), Named("s2")]
    assert names(story[:4]) == ["s1", "s2", "back", "f3"]
    assert len(log) <= 8
    for bad in (lambda: story[-1], lambda: story.insert(1, Named("x")), lambda: story.__delitem__(1),
                lambda: story.__setitem__(slice(1, 1), [])):
        with pytest.raises(IndexError):
            bad()
    assert names(story) == ["s1", "s2", "back"] + [f"f{i}" for i in range(3, 100)]
    assert len(story) == 0 and not story


def test_len_counts_only_what_can_be_read():
    story = Story(made(["a", "b"], []), lookahead=8)
    assert len(story) == 2 and story[1].name == "b"
    with pytest.raises(IndexError):
        story[2]


@pytest.mark.parametrize("lookahead", [2, 3, 50])
def test_platypus_sees_a_keep_with_next_chain_whole(lookahead):
    """handle_keepWithNext groups a chain of keepWithNext flowables and the one after it: from a story
    that reads ahead less than the chain is long, as from a list."""
    chain = ["a", "b"] + [f"k{i}" for i in range(12)] + ["end", "after", "z"]
    doc = L.ExportDoc(io.BytesIO(), pagesize=L.PORTRAIT)
    as_list = [Named(n) for n in chain]
    story = Story(made(chain, []), lookahead=lookahead)
    for flowables in (as_list, story):
        del flowables[:2]
        doc.handle_keepWithNext(flowables)
    for flowables in (as_list, story):
        assert names(flowables[0]._content) == [f"k{i}" for i in range(12)] + ["end"]
        assert names(flowables[1:3]) == ["after", "z"]


# ---------------------------------------------------------------- the same PDF


@contextlib.contextmanager
def made_up_front(monkeypatch):
    """The export as it was: the whole story made (every comment read) before platypus starts, and every
    page kept by reportlab until the whole file is joined in memory and written."""
    with monkeypatch.context() as m:
        m.setattr(pdf_export, "Story", list)
        m.setattr(L, "streamed", lambda out: contextlib.nullcontext(Canvas))
        yield


@pytest.mark.parametrize("options", [dict(layout="sections"), dict(layout="table"),
                                     dict(layout="sections", include_deleted=True, excerpt=True),
                                     dict(layout="table", hide_names=True, groups={"Tổ 2", "Tổ 10"})])
def test_the_streamed_story_makes_the_same_pdf_as_the_whole_story(sample, monkeypatch, tmp_path, options):
    store, draft_id, _tmp = sample
    monkeypatch.setattr(rl_config, "invariant", 1)  # no time stamps or random ids: the same document, same bytes
    monkeypatch.setattr(pdf_story, "AHEAD_COMMENTS", 3)  # streamed indeed: a few comments ahead of the pages
    out = {}
    i18n.set_language("vi")
    try:
        for way in ("streamed", "up front"):
            with made_up_front(monkeypatch) if way == "up front" else contextlib.nullcontext():
                result = export_pdf(store, draft_id, tmp_path / "out.pdf", conference=CONFERENCE,
                                    options=ExportOptions(**options, list_agreement=True))
            out[way] = (result, (tmp_path / "out.pdf").read_bytes())
    finally:
        i18n.set_language(None)
    (streamed, data), (whole, whole_data) = out["streamed"], out["up front"]
    assert streamed == whole and streamed.pages > 10
    assert pdf_text(data) == pdf_text(whole_data)
    assert "Ý kiến 149:" in pdf_text(data)
    assert data == whole_data


# ---------------------------------------------------------------- reading as the story goes


def test_comments_are_read_as_the_story_is_consumed(sample, monkeypatch):
    store, draft_id, _tmp = sample
    queries: list[tuple[str, list]] = []
    real = store.db.execute
    monkeypatch.setattr(store.db, "execute", lambda sql, params=None: queries.append((sql, params)) or
                        real(sql, params or []))
    monkeypatch.setattr(selection, "BATCH", 5)
    monkeypatch.setattr(pdf_story, "AHEAD_COMMENTS", 7)
    options = ExportOptions(layout="table", list_agreement=True)
    sel = select(store, draft_id, options)
    # Counting reads no text: only "nhất trí" rows hand theirs to the agreement rule, inside SQL.
    agrees = AGREES.format(c="")
    assert not any("text" in sql.replace(agrees, "") for sql, _ in queries if "FROM comments" in sql)
    builder = Builder(sel, CONFERENCE, options)
    flowables = builder.flowables()

    def fetched() -> int:
        return sum(len(params) for sql, params in queries if "seq IN" in sql)

    rows = 0  # a row per comment
    while rows < 25:
        rows += getattr(next(flowables), "tick", False)
    assert rows <= builder.number <= rows + 7  # made a batch ahead of what was taken
    assert builder.number <= fetched() <= builder.number + 5 < sel.total  # read a batch ahead of that
    assert len(list(flowables)) > 50
    assert builder.number == sel.total == fetched() == len(store.comments(draft_id))
    assert max(len(params) for sql, params in queries if "seq IN" in sql) == 5


def test_long_comments_are_made_fewer_at_a_time(sample, monkeypatch):
    store, draft_id, _tmp = sample
    monkeypatch.setattr(pdf_story, "AHEAD_CHARS", 1_000)  # some three comments of the sample's
    options = ExportOptions(layout="table", list_agreement=True)
    builder = Builder(select(store, draft_id, options), CONFERENCE, options)
    flowables = builder.flowables()
    rows = 0
    while rows < 10:
        rows += getattr(next(flowables), "tick", False)
    assert rows <= builder.number <= rows + 4


def test_an_export_prints_the_comments_as_they_were_when_it_began(tmp_path, monkeypatch):
    """Another window or a merge may write while a long export runs: the summary's counts and the
    comments printed after them come from one state of the database."""
    monkeypatch.setattr(pdf_story, "AHEAD_COMMENTS", 3)
    with Store(tmp_path / "r.sqlite3") as store, Store(tmp_path / "r.sqlite3") as other:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        sections = store.sections(draft_id)
        added = store.add_comments(comment_rows(draft_id, sections, 40))
        changed = []

        def progress(done: int, total: int) -> bool:
            if done == 0:  # counted, nothing printed yet
                other.delete_comment(added[-1].id)
                other.edit_comment(added[-2].id, text="Ý kiến đã sửa trong lúc in.")
                other.add_comments(comment_rows(draft_id, sections, 1, start=1000))
                changed.append(total)
            return True

        result = export_pdf(store, draft_id, tmp_path / "out.pdf", conference=CONFERENCE,
                            options=ExportOptions(list_agreement=True), progress=progress)
        text = pdf_text((tmp_path / "out.pdf").read_bytes())
        assert changed == [40] and result.comments == 40
        assert "Ý kiến 39:" in text and "Ý kiến 38:" in text  # deleted, edited meanwhile
        assert "Ý kiến 1000:" not in text and "đã sửa trong lúc in" not in text
        assert not store.db.conn.in_transaction  # the export's read transaction is over
        result = export_pdf(store, draft_id, tmp_path / "again.pdf", conference=CONFERENCE,
                            options=ExportOptions(list_agreement=True))
        assert result.comments == 40  # one deleted, one added


# ---------------------------------------------------------------- memory


def _peak(fn):
    """What ``fn()`` returns, and the peak of the memory it allocated (Python's, as tracemalloc sees it)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_memory_is_bounded_by_the_page_not_by_the_document(tmp_path, monkeypatch, layout):
    """Four times the comments and pages take about the same peak memory (here some 1.3 MB, then 1.5).
    With the whole story made up front and every page kept until the file was joined, the peak grew
    with the document: 2.3 MB, then 7.9. (The story is made a batch of comments ahead; the batch is
    made small here, as the documents are.)"""
    monkeypatch.setattr(pdf_story, "AHEAD_COMMENTS", 8)
    register_fonts()
    n = 40
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        sections = store.sections(draft_id)

        def export(name: str):
            return lambda: export_pdf(store, draft_id, tmp_path / f"{name}.pdf", conference=CONFERENCE,
                                      options=ExportOptions(layout=layout, list_agreement=True))

        store.add_comments(comment_rows(draft_id, sections, n, sentences=12))
        export("warm-up")()  # the fonts' first use; words' widths are learnt once per process
        small, small_peak = _peak(export("small"))
        store.add_comments(comment_rows(draft_id, sections, 3 * n, start=n, sentences=12))
        large, large_peak = _peak(export("large"))
    assert large.comments == 4 * small.comments and large.pages > 3.5 * small.pages
    assert large_peak < 1.5 * small_peak, f"{small_peak / 2**20:.1f} MB, then {large_peak / 2**20:.1f} MB"
