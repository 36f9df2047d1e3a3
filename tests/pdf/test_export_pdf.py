"""The PDF export (``reviewer.pdf.export``): content, Vietnamese text, fonts, layouts, filters, atomic writes.

The sample draft is registered in a temporary store with comments of every sort (all Vietnamese
diacritics, an NFD-decomposed text, markup-like text, a 20,000-character comment, a deleted one, one
whose section is not in the draft) and exported in both layouts with Vietnamese labels. The PDFs are
read back with pypdf (text, fonts, outline, metadata) and fontTools (the bundled fonts' cmaps).
"""
from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer import i18n
from reviewer.docx import read_document
from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.paths import resource_path, sample_draft
from reviewer.pdf.export import (
    Conference,
    ExportCancelled,
    ExportOptions,
    ExportResult,
    export_pdf,
    section_heading,
)
from reviewer.store import Comment, Store
from reviewer.store.database import write
from reviewer.store.samples import seed_sample_comments
from reviewer.vocab import kind_label, status_label

pypdf = pytest.importorskip("pypdf")
fontTools_ttLib = pytest.importorskip("fontTools.ttLib")

FONT_FILES = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
              "LiberationSerif-BoldItalic.ttf")
BUNDLED = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}

VOWELS = ("a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ "
          "ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ")
DIACRITICS = f"Đề nghị soát lại chính tả: {VOWELS} {VOWELS.upper()} – “Nghị quyết” số 18-NQ/TW."
MARKUP = 'Ghi nguyên văn: <b>in đậm</b> & <i>nghiêng</i> <br/> a < b > c &amp; &lt;x&gt; <font size="30">to</font>'
NFD_TEXT = "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII đề ra mục tiêu phát triển bền vững, hài hòa."
MULTILINE = "Dòng thứ nhất của ý kiến nhiều đoạn.\nDòng thứ hai: bổ sung số liệu quý IV."
LONG = " ".join(f"Câu {i}: đề nghị bổ sung đánh giá tác động của bão số 3 đến sản xuất nông nghiệp ở các xã."
                for i in range(1, 400))[:20_000].rstrip()
DELETED = "Ý kiến này đã bị xóa nên không được in theo mặc định."
UNPLACED = "Ý kiến về một mục đã bị bỏ khỏi phiên bản dự thảo này."
PREAMBLE = "Đề nghị sửa phần mở đầu cho gọn, nêu rõ căn cứ ban hành."
GONE_SECTION = "muc-da-bo"
AUTHORS = ("Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Định", "Hoàng Thị Ánh", "Vi Văn Dũng", "Phạm Đức Thắng")


def norm(text: str) -> str:
    """White space folded (lines wrap differently in a PDF); the characters themselves untouched."""
    return " ".join(text.split())


@contextlib.contextmanager
def vietnamese():
    i18n.set_language("vi")
    try:
        yield
    finally:
        i18n.set_language(None)


@pytest.fixture
def vi():
    with vietnamese():
        yield


CONFERENCE = dict(date=datetime.date(2026, 11, 27))


@dataclass
class Corpus:
    store: Store
    draft_id: str
    comments: list[Comment]  # every comment, deleted one included
    headings: dict[str, str]  # section id -> heading as printed
    tmp: Path

    def text_of(self, c: Comment) -> str:
        return norm(unicodedata.normalize("NFC", c.text))

    def by_text(self, text: str) -> Comment:
        return next(c for c in self.comments if c.text == text or unicodedata.normalize("NFC", c.text) == text)

    def export(self, name: str, **options) -> tuple[ExportResult, Path]:
        out = self.tmp / f"{name}.pdf"
        conf = options.pop("conference", None) or Conference(**CONFERENCE)
        return export_pdf(self.store, self.draft_id, out, conference=conf, options=ExportOptions(**options)), out


def _section(sections: list[dict], prefix: str) -> str:
    return next(s["id"] for s in sections if f"{s['number']} {s['title']}".strip().startswith(prefix))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    store = Store(tmp / "review.sqlite3")
    draft_id = store.register_draft(read_document(sample_draft()))["id"]
    seed_sample_comments(store, draft_id)
    sections = store.sections(draft_id)
    growth = _section(sections, "1. Tăng trưởng kinh tế")
    budget = _section(sections, "2. Tài chính, ngân sách")
    farming = _section(sections, "a) Trồng trọt")
    digital = _section(sections, "6. Chuyển đổi số")
    health = _section(sections, "2. Y tế")
    rows = [
        dict(section_id=growth, group="Tổ 4", author="Hoàng Thị Ánh", kind="sua_doi", text=DIACRITICS,
             quote="tốc độ tăng trưởng", proposal="Sửa thành: “Tăng trưởng đạt 7,2%, vượt kế hoạch”.",
             supporters=7, status="tiep_thu_mot_phan", response="Ban biên tập tiếp thu một phần, giữ số liệu gốc."),
        dict(section_id=budget, group="Tổ 2", author="Vi Văn Dũng", kind="gop_y", text=MARKUP, status="giai_trinh",
             response="Giữ nguyên; <không> sửa & giải trình thêm."),
        dict(section_id=farming, group="Tổ 1", author="Phạm Đức Thắng", kind="bo_sung", text=NFD_TEXT),
        dict(section_id=digital, group="Tổ 3", kind="cau_hoi", text=MULTILINE, status="tiep_thu"),
        dict(section_id=health, group="Tổ 1", author="Trần Thị Mai", kind="gop_y", text=LONG),
        dict(section_id=health, group="Tổ 2", author="Lê Quang Định", kind="de_nghi_bo", text=DELETED),
        dict(section_id=digital, group="Tổ 4", author="Vi Văn Dũng", kind="gop_y", text=UNPLACED),
        dict(section_id="preamble", group="Tổ 3", author="Nguyễn Văn Hùng", kind="gop_y", text=PREAMBLE),
    ]
    added = store.add_comments([r | {"draft_id": draft_id} for r in rows])
    by_text = {c.text: c for c in added}
    store.delete_comment(by_text[DELETED].id)
    with write(store.db):  # an NFD text (as an older importer might have stored it) and an unplaced comment
        store.db.execute("UPDATE comments SET text = ? WHERE id = ?",
                         [unicodedata.normalize("NFD", NFD_TEXT), by_text[NFD_TEXT].id])
        store.db.execute("UPDATE comments SET section_id = ? WHERE id = ?", [GONE_SECTION, by_text[UNPLACED].id])
    comments = store.comments(draft_id, include_deleted=True)
    assert unicodedata.normalize("NFD", NFD_TEXT) in {c.text for c in comments}
    with vietnamese():
        headings = {s["id"]: section_heading(s["number"], s["title"]) or i18n._("Before the first heading")
                    for s in sections}
        headings[GONE_SECTION] = i18n._("Section “{id}” (not in this version of the draft)").format(id=GONE_SECTION)
    yield Corpus(store, draft_id, comments, headings, tmp)
    store.close()


@pytest.fixture(scope="module")
def exported(corpus):
    """Both layouts, default options, Vietnamese labels."""
    out = {}
    with vietnamese():
        for layout in ("sections", "table"):
            out[layout] = corpus.export(f"default-{layout}", layout=layout)
    return out


HEADER_LABELS = ("No.", "Text of the draft", "Comments and proposals", "Group / delegate", "Accepted or explained")


def pdf_text(path: Path, *, table: bool = False) -> str:
    """The text of every page, white space folded, without the page furniture: the page number
    (from page 2) and, on the pages of the table, the repeated column header (in either language) and
    the section's name repeated over a row continued from the page before (its merged cell)."""
    headers = [norm(" ".join(HEADER_LABELS)),
               norm(" ".join(i18n.catalogue("vi").get(m, m) for m in HEADER_LABELS))]
    reader = pypdf.PdfReader(str(path))
    names = {norm(title) for _level, title in _outline_titles(reader.outline)} if table else set()
    parts = []
    for i, page in enumerate(reader.pages):
        text = norm(page.extract_text())
        if i:
            number = str(i + 1)
            assert text == number or text.startswith(number + " "), f"page {i + 1}: {text[:60]!r}"
            text = text[len(number):].strip()
        for header in headers if table else ():
            if text.startswith(header):
                text = text[len(header):].strip()
                above = " ".join(parts)
                current = max(names, key=lambda n: (above.rfind(n), len(n)), default="")
                if current and current in above and text.startswith(current + " "):
                    text = text[len(current):].strip()
        parts.append(text)
    return " ".join(parts)


def printed(corpus: Corpus, *, deleted: bool = False) -> list[Comment]:
    # Agreement alone ("nhat_tri") is counted, not listed (issue 16); a deleted one is listed as deleted.
    return [c for c in corpus.comments if (deleted or not c.deleted) and (c.kind != "nhat_tri" or c.deleted)]


# ---------------------------------------------------------------- content


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_every_comment_is_printed_once_in_its_section(corpus, exported, vi, layout):
    result, path = exported[layout]
    text = pdf_text(path, table=layout == "table")
    expected = printed(corpus)
    assert result.comments == len(expected) and result.unplaced == 1 and result.deleted == 0
    start = text.index(_("COMMENTS SECTION BY SECTION")) if layout == "sections" else 0
    heading_at = sorted({(m, h) for h in set(corpus.headings.values()) for m in _find_all(text, norm(h))
                         if m >= start})
    for c in expected:
        body = corpus.text_of(c)
        assert text.count(body) == 1, (c.text[:60], text.count(body))
        at = text.index(body)
        before = [(m, h) for m, h in heading_at if m < at]
        last = max(before, key=lambda mh: (mh[0], len(mh[1])))[1]  # the longest heading at the last position
        assert last == corpus.headings[c.section], (c.text[:40], last)
    for c in corpus.comments:
        if c.deleted:
            assert corpus.text_of(c) not in text


def _find_all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_vietnamese_text_keeps_every_diacritic(exported, layout):
    text = pdf_text(exported[layout][1], table=layout == "table")
    assert norm(DIACRITICS) in text
    assert unicodedata.is_normalized("NFC", text)
    assert NFD_TEXT in text  # stored decomposed, printed composed
    for word in VOWELS.split() + VOWELS.upper().split():
        assert word in text


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_markup_like_text_prints_literally(exported, layout):
    text = pdf_text(exported[layout][1], table=layout == "table")
    assert norm(MARKUP) in text
    assert "Giữ nguyên; <không> sửa & giải trình thêm." in text


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_header_block_title_and_labels_are_vietnamese(corpus, exported, vi, layout):
    text = pdf_text(exported[layout][1], table=layout == "table")
    first = norm(pypdf.PdfReader(str(exported[layout][1])).pages[0].extract_text())
    # Hướng dẫn 36-HD/VPTW: issuing body (the last line bold) and "*", then the number; on the right the
    # Party's name and the place and date, "ngày 27 tháng 11 năm 2026"; the title, "-----".
    # Issuer and place from the draft's own header block (issue 16: never a province the draft does not name).
    for expected in ("ĐẢNG BỘ TỈNH AN PHÚ TỈNH ỦY *", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số -BC/TU",
                     "An Phú, ngày 27 tháng 11 năm 2026", "TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ "
                     "về Dự thảo Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025 -----",
                     _("OVERVIEW")):
        assert expected in first, expected
    assert first.startswith("ĐẢNG BỘ TỈNH AN PHÚ")
    assert _("DRAFT") not in first  # the marker is off by default
    assert "Tổng số: 13 ý kiến của 4 tổ, về 9 mục của dự thảo." in text
    assert _("{n} of them are on sections that are not in this version of the draft; they are listed at the "
             "end.").format(n=1) in text
    labels = {"sections": [_("COMMENTS SECTION BY SECTION"),
                           _("Quote:") + " “tốc độ tăng trưởng”",
                           _("Proposal:") + " Sửa thành: “Tăng trưởng đạt 7,2%, vượt kế hoạch”.",
                           _("Drafting committee ({status}):").format(status=status_label("tiep_thu_mot_phan"))
                           + " Ban biên tập tiếp thu một phần",
                           # as the window's card says it ("Tiếp thu, giải trình (giải trình):" repeated itself)
                           "Ban soạn thảo (tiếp thu một phần): Ban biên tập tiếp thu một phần",
                           "Hoàng Thị Ánh – " + kind_label("sua_doi") + "; 7 đại biểu tán thành",
                           _("COMMENTS ON SECTIONS NOT IN THIS VERSION OF THE DRAFT")],
              "table": [status_label("tiep_thu_mot_phan")[:1].upper() + status_label("tiep_thu_mot_phan")[1:]
                        + " Ban biên tập tiếp thu một phần",
                        "Tổ 4 Hoàng Thị Ánh 7 đại biểu tán thành"]}
    for expected in labels[layout]:
        assert expected in text, expected
    if layout == "table":  # the column header on every page of the table
        reader = pypdf.PdfReader(str(exported[layout][1]))
        header = " ".join(_(m) for m in HEADER_LABELS)
        assert header.startswith("STT Nội dung dự thảo")
        for i, page in enumerate(reader.pages[2:], 3):
            text = norm(page.extract_text())
            if not text.startswith(f"{i} {_('Recipients:')}"):  # (after the table: no column header)
                assert text.startswith(f"{i} {header}")


def test_the_summary_counts_by_group_kind_status_and_section(exported, vi):
    text = pdf_text(exported["sections"][1])
    summary = text[:text.index(_("COMMENTS SECTION BY SECTION"))]
    assert _("By group:") + " Tổ 1: 4; Tổ 2: 3; Tổ 3: 4; Tổ 4: 2." in summary
    kinds = (("gop_y", 5), ("sua_doi", 3), ("bo_sung", 2), ("cau_hoi", 2), ("nhat_tri", 1))
    assert _("By kind:") + " " + "; ".join(f"{kind_label(k)}: {n}" for k, n in kinds) + "." in summary
    statuses = (("moi", 10), ("tiep_thu", 1), ("tiep_thu_mot_phan", 1), ("giai_trinh", 1))
    assert _("By status:") + " " + "; ".join(f"{status_label(k)}: {n}" for k, n in statuses) + "." in summary
    # Sections x groups: only the sections that received comments, in document order, then the totals.
    agreed = _("Groups that agreed without other remarks:")
    table = summary[summary.index(_("Comments by section and group")):summary.index(agreed)]
    assert table.startswith(f"{_('Comments by section and group')} {_('Section')} Tổ 1 Tổ 2 Tổ 3 Tổ 4 {_('Total')} "
                            f"{_('Before the first heading')} 1 1 "
                            "PHẦN THỨ NHẤT, I.1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu 1 1 1 3 ")
    unplaced = _("Section “{id}” (not in this version of the draft)").format(id=GONE_SECTION)
    assert f"{unplaced} 1 1 {_('Total')} 4 3 4 2 13" in table
    assert "Lâm nghiệp" not in table
    assert f"{agreed} - PHẦN THỨ HAI, IV. KIẾN NGHỊ, ĐỀ XUẤT: Tổ 3." in summary


def test_english_labels_follow_the_language(corpus, tmp_path):
    result = export_pdf(corpus.store, corpus.draft_id, tmp_path / "en.pdf", conference=Conference(**CONFERENCE),
                        options=ExportOptions())
    text = pdf_text(result.path)
    assert "COMMUNIST PARTY OF VIETNAM" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "An Phú, 27/11/2026" in text and "COMMENTS SECTION BY SECTION" in text
    assert "Comments: 13, from 4 groups, on 9 sections of the draft." in text
    assert "Hoàng Thị Ánh – proposed amendment; 7 supporters" in text
    assert i18n.language() == "en"


def test_english_counts_of_one_are_singular(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        comment = store.add_comment(draft_id=draft_id, section_id=store.sections(draft_id)[3]["id"], group="Tổ 5",
                                    author="Lò Văn Pắn", text="Một ý kiến duy nhất.", supporters=1)
        store.delete_comment(comment.id)
        result = export_pdf(store, draft_id, tmp_path / "one.pdf", conference=Conference(),
                            options=ExportOptions(include_deleted=True, sections={comment.section}))
    text = pdf_text(result.path)
    assert "Comments: 1, from 1 group, on 1 section of the draft." in text
    assert "1 deleted comment is included and marked as deleted." in text
    assert "Selection: section PHẦN THỨ NHẤT, I.1." in text
    assert "Lò Văn Pắn – comment; 1 supporter (deleted)" in text


@pytest.mark.parametrize(("date", "expected"), [
    (datetime.date(2026, 2, 3), "An Phú, ngày 03 tháng 02 năm 2026"),
    (datetime.date(2026, 3, 5), "An Phú, ngày 05 tháng 3 năm 2026"),
    (datetime.date(2026, 12, 31), "An Phú, ngày 31 tháng 12 năm 2026"),
])
def test_date_line_follows_36_hd(corpus, tmp_path, vi, date, expected):
    # 36-HD/VPTW 1.4.2: a day below 10 and a month below 3 take a leading zero.
    result = export_pdf(corpus.store, corpus.draft_id, tmp_path / "d.pdf", conference=Conference(date=date),
                        options=ExportOptions(groups=set()))
    assert expected in pdf_text(result.path)


def test_conference_settings_are_printed(corpus, tmp_path, vi):
    conf = Conference(issuer_lines=["ĐẢNG BỘ TỈNH THÁI NGUYÊN", "BAN TUYÊN GIÁO", "TỈNH ỦY"],
                      number_line="Số 15-BC/TU", place="Thái Nguyên", date=datetime.date(2026, 1, 9),
                      title="BÁO CÁO TỔNG HỢP", subtitle="ý kiến góp ý của các tổ", secretariat="Văn phòng Tỉnh ủy TN",
                      draft_marker=True)
    result = export_pdf(corpus.store, corpus.draft_id, tmp_path / "c.pdf", conference=conf,
                        options=ExportOptions(groups={"Tổ 3"}))
    first = norm(pypdf.PdfReader(str(result.path)).pages[0].extract_text())
    for expected in ("ĐẢNG BỘ TỈNH THÁI NGUYÊN BAN TUYÊN GIÁO TỈNH ỦY *", "Số 15-BC/TU", _("DRAFT"),
                     "Thái Nguyên, ngày 09 tháng 01 năm 2026", "BÁO CÁO TỔNG HỢP", "ý kiến góp ý của các tổ"):
        assert expected in first, expected
    meta = pypdf.PdfReader(str(result.path)).metadata
    assert meta.author == "Văn phòng Tỉnh ủy TN" and meta.title == "BÁO CÁO TỔNG HỢP ý kiến góp ý của các tổ"


def test_metadata_outline_pages_and_margins(corpus, exported, vi):
    result, path = exported["sections"]
    reader = pypdf.PdfReader(str(path))
    assert result.pages == len(reader.pages) > 2
    meta = reader.metadata
    assert meta.title.startswith("TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ về Dự thảo Báo cáo")
    assert meta.author == "Văn phòng Tỉnh ủy"
    assert meta.subject == "Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025"
    assert meta.creation_date is not None
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    titles = _outline_titles(reader.outline)
    assert titles[0] == (0, _("Overview")) and (0, _("Comments section by section")) in titles
    for c in printed(corpus):
        assert any(t == corpus.headings[c.section] for _lvl, t in titles), corpus.headings[c.section]
    assert (0, _("Comments on sections not in this version of the draft")) in titles
    levels = [lvl for lvl, _t in titles]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    table = pypdf.PdfReader(str(exported["table"][1]))
    box = table.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    assert (0, _("Table of comments")) in _outline_titles(table.outline)


def _outline_titles(outline, level: int = 0) -> list[tuple[int, str]]:
    out = []
    for item in outline:
        if isinstance(item, list):
            out.extend(_outline_titles(item, level + 1))
        else:
            out.append((level, item.title))
    return out


def test_page_numbers_from_page_two_only(exported):
    reader = pypdf.PdfReader(str(exported["sections"][1]))
    assert norm(reader.pages[0].extract_text()).startswith("ĐẢNG BỘ TỈNH AN PHÚ")
    for i, page in enumerate(reader.pages[1:], 2):
        assert norm(page.extract_text()).split()[0] == str(i)


# ---------------------------------------------------------------- fonts


def _pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    reader = pypdf.PdfReader(str(path))
    found = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor.get_object()
                                                      for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_only_the_bundled_fonts_are_used_and_embedded(exported, layout):
    fonts = _pdf_fonts(exported[layout][1])
    assert fonts
    for name, embedded in fonts:
        assert embedded, name
        assert name.lstrip("/").split("+", 1)[-1] in BUNDLED, name
    assert {n.lstrip("/").split("+", 1)[-1] for n, _e in fonts} >= BUNDLED - {"LiberationSerif-BoldItalic"}


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_every_character_is_in_the_bundled_fonts(exported, layout):
    result, path = exported[layout]
    cmaps = [set(fontTools_ttLib.TTFont(str(resource_path("fonts", f))).getBestCmap()) for f in FONT_FILES]
    text = pypdf.PdfReader(str(path)).pages
    chars = {ch for page in text for ch in page.extract_text() if not ch.isspace()}
    missing = {ch for ch in chars if not all(ord(ch) in cmap for cmap in cmaps)}
    assert not missing, missing
    assert result.missing_characters == ""


def test_characters_the_font_lacks_are_reported(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        store.add_comment(draft_id=draft_id, section_id=store.sections(draft_id)[2]["id"], group="Tổ 9",
                          text="Biểu tượng 🙂 và chữ Hán 漢 không có trong phông.")
        result = export_pdf(store, draft_id, tmp_path / "m.pdf", conference=Conference(), options=ExportOptions())
    assert set(result.missing_characters) == {"🙂", "漢"}


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_text_beyond_the_first_font_subset_prints_intact(tmp_path, layout):
    """A font is embedded as subsets of 256 glyphs: hundreds of distinct letters (Vietnamese, Greek,
    Cyrillic, Latin Extended) in one comment fill several, in every face, and each letter must come
    back as itself, next to PDF string delimiters and a character no face can draw."""
    cmaps = [set(fontTools_ttLib.TTFont(str(resource_path("fonts", f))).getBestCmap()) for f in FONT_FILES]
    letters = [chr(c) for r in ((0xC0, 0x250), (0x391, 0x3CA), (0x400, 0x460), (0x1EA0, 0x1EFA)) for c in range(*r)
               if chr(c).isalpha() and all(c in cmap for cmap in cmaps)]
    assert len(letters) > 400
    words = ["".join(letters[i:i + 9]) for i in range(0, len(letters), 9)]
    text = " ".join(words) + r" (ngoặc) \ và 漢 "
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        section = store.sections(draft_id)[2]["id"]
        store.add_comment(draft_id=draft_id, section_id=section, group="Tổ 9", author=" ".join(words[:3]),
                          text=text, quote=" ".join(words[-4:]), proposal=" ".join(reversed(words)))
        result = export_pdf(store, draft_id, tmp_path / "s.pdf", conference=Conference(),
                            options=ExportOptions(layout=layout))
    printed_text = pdf_text(result.path, table=layout == "table")
    assert norm(text.replace("漢", "\x00")) in printed_text  # the box of a missing glyph is code 0 (.notdef)
    assert " ".join(reversed(words)) in printed_text
    for word in words:
        assert word in printed_text
    assert result.missing_characters == "漢"


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_shared_paragraphs_keep_the_layout_of_their_own_column(tmp_path, layout):
    """Recurring paragraphs (a section's name, a group, a count) are laid out once and shared; with
    more groups than fit beside the section names, the summary table is cut into column sets whose
    first column differs in width, and each row must still draw the layout of its own column."""
    from reportlab.platypus import Flowable

    from reviewer.pdf import layout as L
    from reviewer.pdf.story import Builder, select
    from reviewer.pdf.text import TextBlock, register_fonts

    register_fonts()
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        sections = [s["id"] for s in store.sections(draft_id)[2:8]]
        store.add_comments([dict(draft_id=draft_id, section_id=sid, group=f"Tổ {g}", author=f"Đại biểu {g % 3}",
                                 kind="gop_y", text=f"Ý kiến {g} về mục {i}.", status="tiep_thu")
                            for g in range(1, 13) for i, sid in enumerate(sections)])
        options = ExportOptions(layout=layout)
        builder = Builder(select(store, draft_id, options), Conference(), options)
        story = builder.story()
    frame_width = builder.width
    rows: list[tuple[L.Row, float]] = []

    def collect(f: Flowable, width: float) -> None:
        if isinstance(f, L.Rows):
            for r in [f.header] + f.rows:
                collect(r, width)
        elif isinstance(f, L.Row):
            rows.append((f, width))

    for f in story:
        collect(f, frame_width)
    matrix_widths = {round(r.widths[0], 2) for r, _w in rows if r.middle}
    assert len(matrix_widths) >= 2  # the summary table was cut into column sets of different widths
    for row, width in rows:  # platypus lays everything out before it draws the last of it
        row.wrap(width, 1e9)
    shared = 0
    for row, _width in rows:
        for i, cell in enumerate(row.cells):
            for f in cell:
                if isinstance(f, TextBlock):
                    inner = (width if isinstance(row, L.Stack) else row.widths[i]) - 2 * row.PAD
                    assert abs(f._for_width - inner) < 1e-6, (f.text, f._for_width, inner)
                    shared += sum(f is g for r, _w in rows for c in r.cells for g in c) > 1
    assert shared


def test_a_tall_row_starts_on_the_page_its_table_is_on(tmp_path):
    """A row taller than the room left on the page is split there, under the header already drawn,
    rather than starting a second copy of the table (header and all) further down the page."""
    from reviewer.pdf import layout as L
    from reviewer.pdf.text import TextBlock, register_fonts

    register_fonts()
    st = L.make_styles()
    widths = [300.0, 100.0]

    def row(left: str, right: str) -> L.Row:
        return L.Row([[TextBlock.of(left, st.cell)], [TextBlock.of(right, st.cell)]], widths, middle=True)

    header = row("HEADER", "N")
    rows = [row(f"row{i:02d}", str(i)) for i in range(30)]
    rows.insert(25, row(" ".join(f"tall{i:03d}" for i in range(400)), "x"))
    out = tmp_path / "rows.pdf"
    L.ExportDoc(str(out), pagesize=L.PORTRAIT).build([L.Rows(header, rows)])
    pages = [page.extract_text() for page in pypdf.PdfReader(str(out)).pages]
    assert len(pages) >= 2
    assert [p.count("HEADER") for p in pages] == [1] * len(pages)
    assert "tall000" in pages[0] and "tall399" in pages[-1]  # the tall row began on the first page
    text = " ".join(pages)
    assert all(text.count(f"row{i:02d}") == 1 for i in range(30))
    assert all(text.count(f"tall{i:03d}") == 1 for i in range(400))


def test_an_export_leaves_no_pdf_document_behind(corpus, tmp_path):
    """The window exports again and again in one process: nothing of a finished export stays alive."""
    import gc

    from reportlab.pdfbase.pdfdoc import PDFDocument

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, PDFDocument) for o in gc.get_objects())

    before = alive()
    for layout in ("sections", "table", "sections"):
        export_pdf(corpus.store, corpus.draft_id, tmp_path / f"{layout}.pdf", conference=Conference(),
                   options=ExportOptions(layout=layout))
    assert alive() == before


def test_justified_lines_with_no_break_spaces_end_at_the_margin():
    """PDF word spacing (Tw) applies to every space code, and a no-break space prints as one: a
    justified line counts them, or it runs past the right margin."""
    import io
    import re

    from reportlab.pdfgen.canvas import Canvas

    from reviewer.pdf import layout as L
    from reviewer.pdf.text import TextBlock, TextOut, register_fonts

    register_fonts()
    style = L.make_styles().comment
    text = ("Theo Nghị quyết số\u00a018-NQ/TW và Kết luận số\u00a021-KL/TW, đề nghị bổ sung nội dung sắp xếp "
            "tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả ở cấp\u00a0tỉnh và cấp\u00a0xã. ") * 3
    block = TextBlock.of(text, style)
    block.wrap(400, 1e9)
    canvas = Canvas(io.BytesIO())
    out = TextOut(canvas)
    block.emit(out, 0, 0)
    spacing = [float(m) for m in re.findall(r"([-\d.]+) Tw", " ".join(out.code))]
    checked = 0
    for (start, end, used, spaces, _indent, room, justify), ws in zip(block._lines, spacing, strict=False):
        if not justify:
            continue
        stretched = spaces + "".join(block.texts[start:end]).count("\u00a0")
        assert abs(used + ws * stretched - room) < 0.01
        checked += "\u00a0" in "".join(block.texts[start:end])
    assert checked  # a justified line with a no-break space was measured


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_group_names_too_long_for_the_summary_columns_are_numbered(tmp_path, vi, layout):
    """The summary table gives each group a column 15 mm wide; a name as long as the store allows
    would make its header taller than a page, so the columns are numbered and explained above it."""
    long_name = ("Tổ 3 – Sở Tài chính, Sở Kế hoạch và Đầu tư, Sở Công Thương, Sở Xây dựng, Sở Giao thông "
                 "vận tải, Sở Tài nguyên và Môi trường, Sở Nông nghiệp và Phát triển nông thôn, Ban Dân tộc")[:200]
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        sections = store.sections(draft_id)
        store.add_comments([dict(draft_id=draft_id, section_id=sections[3]["id"], group=long_name, kind="gop_y",
                                 text="Ý kiến của tổ có tên dài."),
                            dict(draft_id=draft_id, section_id=sections[4]["id"], group="Tổ 1", kind="gop_y",
                                 text="Ý kiến của Tổ 1.")])
        result = export_pdf(store, draft_id, tmp_path / "g.pdf", conference=Conference(),
                            options=ExportOptions(layout=layout))
    text = pdf_text(result.path, table=layout == "table")
    legend = text.index(_("Group columns:"))
    assert norm(f"{_('Group columns:')} 1 – Tổ 1 2 – {long_name}") in text[legend:]
    assert "Ý kiến của tổ có tên dài." in text and "Ý kiến của Tổ 1." in text


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_a_province_s_units_get_each_section_s_total_not_a_column_each(tmp_path, vi, layout):
    """Seventy units made 14 blocks of numbered columns and three pages of their key before the first comment
    (found by fresh eyes); beyond a conference's dozen groups, each section's total is printed instead."""
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        sections = store.sections(draft_id)
        units = [f"Đảng bộ xã số {n}" for n in range(1, 15)]
        store.add_comments([dict(draft_id=draft_id, section_id=sections[3 + n % 2]["id"], group=unit, kind="gop_y",
                                 text=f"Ý kiến thứ {k} của {unit}.") for n, unit in enumerate(units) for k in (1, 2)])
        first, second = sections[3], sections[4]
        result = export_pdf(store, draft_id, tmp_path / "p.pdf", conference=Conference(),
                            options=ExportOptions(layout=layout))
    text = pdf_text(result.path, table=layout == "table")
    assert _("Group columns:") not in text and _("Comments by section and group") not in text
    assert norm(_("With {n} groups, each group's count is under “By group” above; this table gives each "
                  "section's total.").format(n=14)) in text
    table = text[text.index(_("Comments by section")):]
    for section in (first, second):
        assert norm(f"{section['number']} {section['title']} 14") in table  # seven units, two comments each
    assert norm(f"{_('Total')} 28") in table
    assert "Ý kiến thứ 2 của Đảng bộ xã số 14." in text


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_groups_print_in_natural_order_not_as_they_first_appeared(tmp_path, vi, layout):
    """Comments arrive from the laptops in any order; the document lists Tổ 2 before Tổ 10."""
    with Store(tmp_path / "r.sqlite3") as store:
        draft_id = store.register_draft(read_document(sample_draft()))["id"]
        section = store.sections(draft_id)[3]["id"]
        for group in ("Tổ 12", "Tổ 5", "Tổ 10", "Tổ 2"):
            store.add_comment(draft_id=draft_id, section_id=section, group=group, text=f"Ý kiến của {group} đây.")
        result = export_pdf(store, draft_id, tmp_path / "o.pdf", conference=Conference(),
                            options=ExportOptions(layout=layout))
    text = pdf_text(result.path, table=layout == "table")
    assert "Theo tổ: Tổ 2: 1; Tổ 5: 1; Tổ 10: 1; Tổ 12: 1." in text
    order = [text.index(f"Ý kiến của {g} đây.") for g in ("Tổ 2", "Tổ 5", "Tổ 10", "Tổ 12")]
    assert order == sorted(order)


def test_bundled_fonts_are_liberation_serif_2_with_their_licence():
    for file_name in FONT_FILES:
        font = fontTools_ttLib.TTFont(str(resource_path("fonts", file_name)))
        version = font["name"].getDebugName(5)
        assert version.startswith("Version 2."), (file_name, version)
        assert font["name"].getDebugName(1) == "Liberation Serif"
    licence = resource_path("fonts", "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Red Hat" in licence
    assert "Liberation Serif" in resource_path("fonts", "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- options


def test_deleted_comments_only_on_request(corpus, vi):
    result, path = corpus.export("with-deleted", include_deleted=True)
    text = pdf_text(path)
    assert text.count(DELETED) == 1 and result.deleted == 1 and result.comments == len(printed(corpus, deleted=True))
    assert f"Lê Quang Định – {kind_label('de_nghi_bo')} ({_('deleted')})" in text
    assert "Có 1 ý kiến đã xóa được in kèm và ghi rõ là đã xóa." in text


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_hide_names_shows_groups_only(corpus, vi, layout):
    _result, path = corpus.export(f"anonymous-{layout}", layout=layout, hide_names=True)
    text = pdf_text(path, table=layout == "table")
    for name in AUTHORS:
        assert name not in text, name
    for group in ("Tổ 1", "Tổ 2", "Tổ 3", "Tổ 4"):
        assert group in text
    assert _("Names of delegates are not shown.") in text
    assert norm(DIACRITICS) in text


@pytest.mark.parametrize(("options", "kept"), [
    (dict(groups={"Tổ 1"}), lambda c: c.group == "Tổ 1"),
    (dict(groups={"Tổ 2", "Tổ 4"}), lambda c: c.group in ("Tổ 2", "Tổ 4")),
    (dict(kinds={"cau_hoi", "nhat_tri"}), lambda c: c.kind in ("cau_hoi", "nhat_tri")),
    (dict(statuses={"moi"}), lambda c: c.status == "moi"),
    (dict(statuses={"tiep_thu", "giai_trinh"}, groups={"Tổ 2", "Tổ 3"}),
     lambda c: c.status in ("tiep_thu", "giai_trinh") and c.group in ("Tổ 2", "Tổ 3")),
    (dict(sections="first-two"), None),
])
@pytest.mark.parametrize("layout", ["sections", "table"])
def test_filters(corpus, vi, options, kept, layout):
    if options.get("sections") == "first-two":
        wanted = {c.section for c in printed(corpus)[:2]}
        options = dict(sections=wanted)

        def kept(c):
            return c.section in wanted

    result, path = corpus.export("filtered", layout=layout, **options)
    listed = printed(corpus)
    if "nhat_tri" in options.get("kinds", ()):  # asked for by name: agreement is listed, not only counted
        listed = [c for c in corpus.comments if not c.deleted]
    text = pdf_text(path, table=layout == "table")
    expected = [c for c in listed if kept(c)]
    assert result.comments == len(expected) > 0
    for c in listed:
        assert text.count(corpus.text_of(c)) == (1 if c in expected else 0), c.text[:50]
    assert _("Selection:") in text


def test_no_comment_selected_still_makes_a_document(corpus, vi):
    result, path = corpus.export("empty", groups={"Tổ không có"})
    assert result.comments == 0 and result.pages >= 1
    assert _("There are no comments to print.") in pdf_text(path)


def test_excerpt_of_each_commented_section(corpus, vi):
    _result, path = corpus.export("excerpt", excerpt=True)
    text = pdf_text(path)
    growth = next(s for s in corpus.store.sections(corpus.draft_id) if s["title"].startswith("Tăng trưởng kinh tế"))
    opening = norm(growth["text"])[:60]
    assert opening in text and opening not in pdf_text(corpus.tmp / "default-sections.pdf")


def test_bad_options_are_refused(corpus, tmp_path, vi):
    with pytest.raises(ReviewerError) as e:
        corpus.export("bad", layout="portrait")
    assert str(e.value) == _("Unknown layout “{layout}”; use one of: {codes}.").format(layout="portrait",
                                                                                        codes="sections, table")
    with pytest.raises(ReviewerError, match="“khen”") as e:
        corpus.export("bad", kinds={"khen"})
    assert str(e.value).startswith(_("Unknown kind of comment “{kind}”; use one of: {codes}.").split("“")[0])
    with pytest.raises(ReviewerError, match="“xong”"):
        corpus.export("bad", statuses={"xong"})
    assert not (corpus.tmp / "bad.pdf").exists()


def test_long_comment_prints_in_the_table(corpus, exported):
    result, path = exported["table"]
    text = pdf_text(path, table=True)
    assert norm(LONG) in text and len(LONG) >= 19_900
    assert result.pages >= 10


# ---------------------------------------------------------------- atomic writes, progress, cancel


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".part")


def test_progress_reports_every_comment(corpus, tmp_path):
    calls = []
    result = export_pdf(corpus.store, corpus.draft_id, tmp_path / "p.pdf", conference=Conference(),
                        options=ExportOptions(), progress=lambda done, total: calls.append((done, total)) or True)
    total = result.comments
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert all(b[0] >= a[0] for a, b in zip(calls, calls[1:], strict=False))
    assert {t for _d, t in calls} == {total}


@pytest.mark.parametrize("stop_at", [0, 3])
def test_cancel_leaves_no_file(corpus, tmp_path, vi, stop_at):
    target = tmp_path / "huy.pdf"
    with pytest.raises(ExportCancelled) as e:
        export_pdf(corpus.store, corpus.draft_id, target, conference=Conference(), options=ExportOptions(),
                   progress=lambda done, total: done < stop_at)
    assert str(e.value) == _("The export was cancelled; no file was written.")
    assert not target.exists() and _leftovers(tmp_path) == []


def test_cancel_keeps_an_older_export(corpus, tmp_path):
    target = tmp_path / "old.pdf"
    target.write_bytes(b"%PDF-1.4 the previous export")
    with pytest.raises(ExportCancelled):
        export_pdf(corpus.store, corpus.draft_id, target, conference=Conference(), options=ExportOptions(),
                   progress=lambda done, total: done < total)  # cancelled at the very end
    assert target.read_bytes() == b"%PDF-1.4 the previous export" and _leftovers(tmp_path) == []


def test_a_failing_export_leaves_no_file(corpus, tmp_path, monkeypatch):
    from reviewer.pdf import layout as pdf_layout
    def boom(self, flowable):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pdf_layout.ExportDoc, "afterFlowable", boom)
    target = tmp_path / "broken.pdf"
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_pdf(corpus.store, corpus.draft_id, target, conference=Conference(), options=ExportOptions())
    assert not target.exists() and _leftovers(tmp_path) == []


def test_an_export_replaces_the_previous_file_whole(corpus, tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    result = export_pdf(corpus.store, corpus.draft_id, target, conference=Conference(), options=ExportOptions())
    assert target.read_bytes().startswith(b"%PDF-") and result.path == target
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["missing-folder", "parent-is-a-file", "a-folder"])
def test_unwritable_target_is_a_clear_error(corpus, tmp_path, vi, where):
    cannot = _("Cannot write “{path}”: {reason}")
    if where == "missing-folder":
        target = tmp_path / "khong-co" / "x.pdf"
    elif where == "parent-is-a-file":
        (tmp_path / "tep").write_text("x")
        target = tmp_path / "tep" / "x.pdf"
    else:
        (tmp_path / "thu-muc.pdf").mkdir()
        target = tmp_path / "thu-muc.pdf"
    with pytest.raises(ReviewerError) as e:
        export_pdf(corpus.store, corpus.draft_id, target, conference=Conference(), options=ExportOptions())
    message = str(e.value)
    if where == "a-folder":
        assert message == _("“{path}” is a folder; choose a file name.").format(path=target)
    else:
        assert message.startswith(cannot.format(path=target, reason="").rstrip()) and len(message.splitlines()) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a read-only folder (not as root)")
def test_read_only_folder_is_a_clear_error(corpus, tmp_path, vi):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReviewerError, match=str(folder)):
            export_pdf(corpus.store, corpus.draft_id, folder / "x.pdf", conference=Conference(),
                       options=ExportOptions())
    finally:
        folder.chmod(0o700)


def test_unknown_draft_is_a_clear_error(corpus, tmp_path):
    with pytest.raises(ReviewerError, match="No draft"):
        export_pdf(corpus.store, "khong-co", tmp_path / "x.pdf", conference=Conference(), options=ExportOptions())
    assert not (tmp_path / "x.pdf").exists()


# ---------------------------------------------------------------- the rendered pages


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("layout", ["sections", "table"])
def test_poppler_renders_the_first_page(exported, tmp_path, layout):
    _result, path = exported[layout]
    proc = subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    png = next(tmp_path.glob("p*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_the_document_speaks_its_own_language_whatever_the_window_speaks(corpus, layout):
    """An English window exports the Vietnamese document the committee reads; messages stay English."""
    assert i18n.language() == "en"
    result, out = corpus.export(f"vi-from-en-{layout}", layout=layout, language="vi")
    text = pdf_text(out, table=layout == "table")
    assert norm("TỔNG HỢP CHUNG") in text and "OVERVIEW" not in text
    assert "Comments:" not in text and norm(i18n.catalogue("vi")["By group:"]) in text
    assert i18n.language() == "en" and _("Export consolidated PDF") == "Export consolidated PDF"
    _result, out_en = corpus.export(f"en-{layout}", layout=layout)
    assert "OVERVIEW" in pdf_text(out_en, table=layout == "table")
    with pytest.raises(ReviewerError, match="Unknown language"):
        corpus.export("xx", layout=layout, language="fr")
