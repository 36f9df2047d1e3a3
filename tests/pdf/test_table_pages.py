"""The table layout's pages (issue 16, "print that is right the first time"): the table follows the summary
on its page when its header and first row fit there; a row that fits on a page is never split (only one
taller than a page, never leaving fewer than two lines on either side); the rows of one section share a
merged cell naming it, named again at the top of each page the section goes on to.

The bundled sample draft with generated Vietnamese comments of varied lengths; read back with pypdf page
by page."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from reviewer.docx import read_document
from reviewer.i18n import catalogue
from reviewer.paths import sample_draft
from reviewer.pdf.export import export_pdf
from reviewer.pdf.options import Conference, ExportOptions
from reviewer.store import Store

pypdf = pytest.importorskip("pypdf")

SENTENCE = ("Đề nghị bổ sung đánh giá kết quả thực hiện các chỉ tiêu kinh tế – xã hội, làm rõ nguyên nhân "
            "của hạn chế, yếu kém ở các xã vùng sâu.")
HEADER = " ".join(catalogue("vi")[m] for m in ("No.", "Text of the draft", "Comments and proposals",
                                               "Group / delegate", "Accepted or explained"))
TALL = 40  # sentences: a row taller than a page


def norm(text: str) -> str:
    return " ".join(text.split())


def comment_text(i: int, sentences: int) -> str:
    return f"Ý kiến số {i}: " + (" ".join([SENTENCE] * sentences) if sentences else "đề nghị viết gọn lại.")


class Draft:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.store = Store(tmp / "r.sqlite3")
        self.id = self.store.register_draft(read_document(sample_draft()))["id"]
        self.sections = [s for s in self.store.sections(self.id) if s["id"] != "preamble" and s["number"]]
        self.texts: list[str] = []

    def add(self, section: dict, sentences: int, group: str = "Tổ 1") -> str:
        text = comment_text(len(self.texts) + 1, sentences)
        self.store.add_comment(draft_id=self.id, section_id=section["id"], group=group, author="Nguyễn Thị Ánh",
                               text=text)
        self.texts.append(text)
        return text

    def pages(self, name: str) -> list[str]:
        out = self.tmp / f"{name}.pdf"
        export_pdf(self.store, self.id, out, conference=Conference(),
                   options=ExportOptions(layout="table", language="vi"))
        return [norm(page.extract_text()) for page in pypdf.PdfReader(str(out)).pages]

    def path_of(self, section: dict) -> str:
        """The section's name as the table prints it (with its parents' numbers)."""
        out = self.tmp / "paths.pdf"
        export_pdf(self.store, self.id, out, conference=Conference(),
                   options=ExportOptions(layout="table", language="vi", sections={section["id"]}))
        titles = [item.title for item in pypdf.PdfReader(str(out)).outline[-1]]
        return norm(titles[0])


@pytest.fixture
def draft(tmp_path):
    d = Draft(tmp_path)
    yield d
    d.store.close()


def starts_on(pages: list[str], text: str) -> int:
    """The page (from 1) on which a comment's text begins."""
    opening = norm(text)[:40]
    found = [i for i, page in enumerate(pages, 1) if opening in page]
    assert len(found) == 1, (opening, found)
    return found[0]


def body(page: str, number: int) -> str:
    """A page's text without its number and the table's column header."""
    if number > 1:
        assert page.startswith(f"{number} ") or page == str(number)
        page = page[len(str(number)):].strip()
    return page[len(HEADER):].strip() if page.startswith(HEADER) else page


def assert_no_page_holds_only_a_header(pages: list[str]) -> None:
    for n, page in enumerate(pages, 1):
        assert body(page, n), f"page {n} holds nothing but its furniture"
        if HEADER in page:  # under the header, at least the start of a row
            after = page[page.index(HEADER) + len(HEADER):].split()
            assert len(after) >= 6, f"page {n}: {after!r}"


def test_the_table_follows_the_summary_on_its_page_when_its_header_and_first_row_fit(tmp_path):
    """A short summary leaves room on the first page: the table starts under it, not on page 2. When its first
    row does not fit there, the table starts on the next page, its header never left alone under the summary."""
    short = Draft(tmp_path / "short")
    for sentences in (0, 1, 2):
        short.add(short.sections[4], sentences, group="Tổ 3")
    pages = short.pages("short")
    assert starts_on(pages, short.texts[0]) == 1
    assert pages[0].index("TỔNG HỢP CHUNG") < pages[0].index(HEADER) < pages[0].index(norm(short.texts[0])[:40])
    assert_no_page_holds_only_a_header(pages)
    short.store.close()

    tall = Draft(tmp_path / "tall")  # the same summary, a first row too tall for what it leaves
    for sentences in (4, 1, 2):
        tall.add(tall.sections[4], sentences, group="Tổ 3")
    pages = tall.pages("tall")
    assert starts_on(pages, tall.texts[0]) == 2
    assert HEADER not in pages[0]
    assert body(pages[1], 2).startswith("1 ")  # the table opens its page: row 1 under the header
    assert_no_page_holds_only_a_header(pages)
    tall.store.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_row_that_fits_on_a_page_is_never_split(draft, seed):
    """Rows shorter than a page print whole, on one page (moved to the next when they do not fit in what is
    left); a row taller than a page is split, its text continuing on the next page."""
    rnd = random.Random(seed)
    sections = draft.sections[2:9]
    lengths = [rnd.choice([1, 1, 2, 3, 4, 5, 6, 7]) for _ in range(45)]
    lengths[12] = lengths[30] = TALL
    for n in lengths:
        draft.add(sections[rnd.randrange(len(sections))], n, group=f"Tổ {rnd.randrange(1, 7)}")
    pages = draft.pages(f"rows-{seed}")
    for text, n in zip(draft.texts, lengths, strict=True):
        page = starts_on(pages, text)
        if n == TALL:
            assert norm(text) not in pages[page - 1]  # split: it goes on over the page
            assert norm(text).split()[-1] in pages[page]
        else:
            assert norm(text) in pages[page - 1], (n, page)  # whole on the page it starts on
    assert_no_page_holds_only_a_header(pages)
    table = [p for p in pages if HEADER in p]
    assert len(table) >= 4


def test_a_split_row_leaves_at_least_two_lines_on_either_side():
    """Offered every height from a sliver to a page, a row taller than a page splits with two lines or more
    on each side, or not at all (it then goes whole to the next page, where a whole page is offered)."""
    from reviewer.pdf import layout as L
    from reviewer.pdf.text import TextBlock, register_fonts

    register_fonts()
    st = L.make_styles()
    widths = [40.0, 120.0, 300.0]
    page = 400.0
    paras = [TextBlock.of("Góp ý", st.cell), TextBlock.of(" ".join([SENTENCE] * 9), st.cell),
             TextBlock.of("Đề xuất: sửa một dòng.", st.cell)]
    row = L.Row([[TextBlock.of("12", st.cell_center)], [TextBlock.of("I.1. Tăng trưởng kinh tế", st.cell)], paras],
                widths, page=page, merge=L.Merge(1, False, True))
    _w, height = row.wrap(sum(widths), L.BIG)
    assert height > page
    split_somewhere = 0
    for avail in range(8, int(page) + 1, 4):
        parts = row.split(sum(widths), float(avail))
        if not parts:
            assert avail < 4 * 16 + 2 * L.Row.PAD, avail  # refused only where two lines (and a label) do not fit
            continue
        split_somewhere += 1
        first, rest = parts
        for part in (first, rest):
            part.wrap(sum(widths), L.BIG)
            lines = sum(len(f._lines) for f in part.cells[2])
            assert lines >= 2, (avail, lines)
        assert first.height <= avail + 1e-6
        assert [f.text for f in rest.cells[1]] == ["I.1. Tăng trưởng kinh tế"]  # named again on the next page
    assert split_somewhere > 50
    short = L.Row([[TextBlock.of("1", st.cell_center)], [], [TextBlock.of(" ".join([SENTENCE] * 3), st.cell)]],
                  widths, page=page)
    assert short.split(sum(widths), 40.0) == []  # it fits on a page: it moves whole


def test_rows_of_one_section_share_a_cell_naming_it_once_per_page(draft):
    """Consecutive rows on one section print its name once in a merged cell; when the section goes on over
    a page break, its name opens the next page's part again."""
    busy, other = draft.sections[4], draft.sections[6]
    draft.add(other, 1, group="Tổ 2")
    for k in range(24):
        draft.add(busy, 1 + k % 4, group=f"Tổ {k % 6 + 1}")
    name = draft.path_of(busy)
    pages = draft.pages("merged")
    first = starts_on(pages, draft.texts[1])
    last = starts_on(pages, draft.texts[-1])
    assert last > first  # the section's rows go over a page break at least once
    for n in range(first, last + 1):
        page = body(pages[n - 1], n)
        table_part = page[page.index(HEADER) + len(HEADER):] if HEADER in page else page
        assert table_part.count(name) == 1, (n, table_part.count(name))
    assert HEADER in pages[first - 1]
