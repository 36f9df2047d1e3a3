"""The secretariat's narrative report (``reviewer export report``), read back with python-docx.

Six groups comment on the bundled sample draft: near-duplicates that cluster, agreement, proposals with
proposed wording, a singular opinion with its argument, a question, a cluster the secretariat confirmed
and an answer of the drafting committee. The interface speaks English (conftest); the report must not."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from reviewer.cli import main
from reviewer.docx import read_document
from reviewer.errors import ReviewerError
from reviewer.export_options import load_conference
from reviewer.i18n import speaking
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.store.similar import confirm_cluster
from reviewer.word import export_report
from reviewer.word import report as report_module

# Printed documents name a section "PHẦN THỨ NHẤT, I.1. …": the window's "›" is not a sign of official documents.
GROWTH = "PHẦN THỨ NHẤT, I.1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu"
FINANCE = "PHẦN THỨ NHẤT, I.2. Tài chính, ngân sách, tín dụng"
WEAKNESSES = "PHẦN THỨ NHẤT, V.2. Hạn chế, yếu kém"
TARGETS = "PHẦN THỨ HAI, II.2. Các chỉ tiêu chủ yếu"
SERVICES = ("Đề nghị bổ sung chỉ tiêu tốc độ tăng trưởng của khu vực dịch vụ, du lịch.",
            "Đề nghị bổ sung chỉ tiêu về tốc độ tăng trưởng khu vực dịch vụ, du lịch",
            "de nghi bo sung chi tieu toc do tang truong khu vuc dich vu, du lich")
ARGUMENT = ("Phần hạn chế còn chung chung, chưa chỉ rõ trách nhiệm của người đứng đầu.\n"
            "Lý do: nhiều năm liền báo cáo đều nêu hạn chế này mà chưa có địa chỉ khắc phục.")
AGREED = "Nhất trí với dự thảo."


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "reviews.sqlite3") as s:
        yield s


def _section(store, draft_id: str, number: str, title: str, under: str = "") -> str:
    sections = store.sections(draft_id)
    parts = {s["id"]: s for s in sections}
    for s in sections:
        above = parts.get(s["parent"] or "", {}).get("parent")
        part = parts.get(above or "", {}).get("number", "") if above else ""
        if s["number"] == number and s["title"].startswith(title) and under in part:
            return s["id"]
    raise AssertionError(f"{number} {title} not in the sample")


@pytest.fixture
def draft(store):
    """The sample draft with comments of six groups, written out of the draft's order."""
    draft_id = store.register_draft(read_document(sample_draft()), file_name="sample.docx")["id"]
    growth = _section(store, draft_id, "1.", "Tăng trưởng kinh tế")
    finance = _section(store, draft_id, "2.", "Tài chính")
    weak = _section(store, draft_id, "2.", "Hạn chế")
    targets = _section(store, draft_id, "2.", "Các chỉ tiêu chủ yếu")

    def add(section, group, text, **kw):
        return store.add_comment(draft_id=draft_id, section_id=section, group=group, text=text, **kw)

    add(targets, "Tổ 6", "Bỏ chỉ tiêu về số xã đạt chuẩn nông thôn mới kiểu mẫu vì trùng với Nghị quyết chuyên đề.",
        kind="de_nghi_bo")
    for group in ("Tổ 1", "Tổ 2", "Tổ 4", "Tổ 6"):
        add(weak, group, AGREED, kind="nhat_tri")
    add(weak, "Tổ 3", ARGUMENT, kind="gop_y", author="Trần Thị Bình")
    add(weak, "Tổ 5", "Vì sao tỷ lệ giải ngân vốn đầu tư công năm 2024 vẫn thấp?", kind="cau_hoi")
    for group, text in zip(("Tổ 1", "Tổ 3", "Tổ 6"), SERVICES, strict=True):
        add(growth, group, text, kind="bo_sung", status="tiep_thu" if group == "Tổ 1" else "moi",
            response="Đã bổ sung vào Phụ lục 1." if group == "Tổ 1" else "")
    add(growth, "Tổ 5", "Đề nghị sửa lại chỉ tiêu thu nhập bình quân đầu người cho sát thực tế.", kind="sua_doi",
        proposal="Thu nhập bình quân đầu người đạt 65 triệu đồng.")
    for group in ("Tổ 2", "Tổ 4"):
        add(growth, group, AGREED, kind="nhat_tri")
    land = add(finance, "Tổ 2", "Nguồn thu từ đất chiếm tỷ trọng lớn, thiếu bền vững.", kind="gop_y")
    split = add(finance, "Tổ 4", "Số thu tiền sử dụng đất cần tách riêng khỏi thu nội địa.", kind="gop_y")
    confirm_cluster(store, [land.id, split.id])  # not alike in words: the secretariat grouped them
    return draft_id


def _export(store, draft_id, path, **kw):
    export_report(store, draft_id, path, conference=load_conference(store), **kw)
    return docx.Document(str(path))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs
            if p._p.pPr is not None and p._p.pPr.find(qn("w:outlineLvl")) is not None]


def _all_text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(_texts(document) + cells)


def test_report_follows_the_draft_with_tallies_clusters_and_proposals(store, draft, tmp_path):
    document = _export(store, draft, tmp_path / "report.docx")
    texts = _texts(document)
    assert _headings(document) == [GROWTH, FINANCE, WEAKNESSES, TARGETS]  # the draft's order, not the writing's
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ" in texts
    opening = next(t for t in texts if t.startswith("Có "))
    assert "6 tổ thảo luận" in opening and "tổng số 15 ý kiến" in opening and "có 6 ý kiến nhất trí" in opening

    at = texts.index(GROWTH)
    assert texts[at + 1] == "2/6 tổ nhất trí (Tổ 2, Tổ 4); 4 tổ có ý kiến góp ý (Tổ 1, Tổ 3, Tổ 5, Tổ 6)."
    # Three groups' near-duplicates: one sentence naming them, in the words of one member.
    assert texts[at + 2] == ("- Tổ 1, Tổ 3, Tổ 6 cùng đề nghị bổ sung chỉ tiêu tốc độ tăng trưởng của khu vực dịch "
                             "vụ, du lịch.")
    assert texts[at + 3] == "Ý kiến tiếp thu, giải trình của Ban soạn thảo (Tổ 1): Tiếp thu: Đã bổ sung vào Phụ lục 1."
    assert texts[at + 4] == ("- Tổ 5 đề nghị sửa lại chỉ tiêu thu nhập bình quân đầu người cho sát thực tế; đề nghị "
                             "sửa thành: “Thu nhập bình quân đầu người đạt 65 triệu đồng.”")
    assert not any(SERVICES[1] in t or SERVICES[2] in t for t in texts)  # the other members are not repeated

    at = texts.index(FINANCE)  # a cluster the secretariat confirmed, though its words differ
    assert texts[at + 2].startswith("- Tổ 2, Tổ 4 cùng góp ý: ")

    at = texts.index(WEAKNESSES)
    assert texts[at + 1] == "4/6 tổ nhất trí (Tổ 1, Tổ 2, Tổ 4, Tổ 6); 2 tổ có ý kiến góp ý (Tổ 3, Tổ 5)."
    # A singular opinion keeps its argument; a question is asked; agreement is counted, never listed.
    assert texts[at + 2] == "- Tổ 3 góp ý: Phần hạn chế còn chung chung, chưa chỉ rõ trách nhiệm của người đứng đầu."
    assert texts[at + 3] == "Lý do: nhiều năm liền báo cáo đều nêu hạn chế này mà chưa có địa chỉ khắc phục."
    assert texts[at + 4] == "- Tổ 5 đề nghị làm rõ: Vì sao tỷ lệ giải ngân vốn đầu tư công năm 2024 vẫn thấp?"
    assert not any(AGREED in t for t in texts)

    at = texts.index(TARGETS)
    assert texts[at + 2].startswith("- Tổ 6 đề nghị bỏ chỉ tiêu về số xã đạt chuẩn")
    assert texts[-1].startswith("Trên đây là tổng hợp ý kiến thảo luận của các tổ về Dự thảo") and texts[-1].endswith(
        "./.")


def test_a4_portrait_times_new_roman_party_header_and_closing_in_vietnamese(store, draft, tmp_path):
    document = _export(store, draft, tmp_path / "report.docx", signer="Nguyễn Văn An")
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    header = document.tables[0]
    assert header.cell(0, 0).text.split("\n")[:2] == ["ĐẢNG BỘ TỈNH AN PHÚ", "TỈNH ỦY"]  # the draft's own issuer
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header.cell(0, 1).text
    assert header.cell(1, 1).text.startswith("An Phú, ngày")
    closing = document.tables[-1]
    assert closing.cell(0, 0).text.split("\n") == ["Nơi nhận:", "- Ban soạn thảo (để tiếp thu),", "- Lưu."]
    signature = [line for line in closing.cell(0, 1).text.split("\n") if line]
    assert signature == ["T/M …", "THƯ KÝ", "Nguyễn Văn An"]
    everything = _all_text(document)
    assert unicodedata.normalize("NFC", everything) == everything
    for english in ("groups", "proposed", "commented", "Recipients", "REPORT", "answer", "agreed", "No."):
        assert english not in everything  # the interface speaks English; the report never does
    assert len(document.tables) == 2  # the text is paragraphs, not a table layout


def test_conference_signer_and_issuer_are_printed(store, draft, tmp_path):
    store.set_conference(issuer_lines="ĐẢNG BỘ TỈNH BẮC KẠN\nTỈNH ỦY", signer_lines="T/M BAN THƯ KÝ\nTRƯỞNG BAN")
    document = _export(store, draft, tmp_path / "report.docx")
    assert document.tables[0].cell(0, 0).text.startswith("ĐẢNG BỘ TỈNH BẮC KẠN")
    assert [x for x in document.tables[-1].cell(0, 1).text.split("\n") if x] == ["T/M BAN THƯ KÝ", "TRƯỞNG BAN"]


def test_a_draft_without_comments_still_makes_a_report(store, tmp_path):
    draft_id = store.register_draft(read_document(sample_draft()), file_name="sample.docx")["id"]
    document = _export(store, draft_id, tmp_path / "empty.docx")
    assert "Không có ý kiến nào để in." in _texts(document)
    assert _headings(document) == []
    assert "Nơi nhận:" in document.tables[-1].cell(0, 0).text


def test_cancelled_report_writes_nothing(store, draft, tmp_path, monkeypatch):
    """Cancel is heard after the first section, before the similar comments of the others are looked for (found for
    the whole draft first, a province's 113,000 comments kept the bar empty and Cancel unheard for minutes)."""
    looked_in = []
    real = report_module.similar_comments
    monkeypatch.setattr(report_module, "similar_comments",
                        lambda *a, **k: looked_in.append(k.get("section_id")) or real(*a, **k))
    out = tmp_path / "cancelled.docx"
    with pytest.raises(ReviewerError, match="cancelled"):
        export_report(store, draft, out, conference=load_conference(store), progress=lambda done, total: False)
    assert not out.exists() and list(tmp_path.glob("*.docx")) == []
    assert len(looked_in) == 1 and looked_in[0] is not None


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line(store, draft, tmp_path, capsys):
    db, out = store.path, tmp_path / "bao-cao.docx"
    code, text, err = run_cli(capsys, "export", "report", "--draft", draft, "-o", out, "--db", db,
                              "--signer", "Nguyễn Văn An")
    assert code == 0 and err == ""
    assert text == f"Wrote the report {out}: 4 sections, 15 comments.\n"
    document = docx.Document(str(out))
    assert "Nguyễn Văn An" in document.tables[-1].cell(0, 1).text
    assert _headings(document)[0] == GROWTH

    code, text, err = run_cli(capsys, "export", "report", "--draft", "khong-co", "-o", tmp_path / "x.docx",
                              "--db", db)
    assert code == 2 and text == "" and len(err.strip().splitlines()) == 1 and "khong-co" in err
    folder = tmp_path / "a-folder.docx"
    folder.mkdir()
    code, text, err = run_cli(capsys, "export", "report", "--draft", draft, "-o", folder, "--db", db)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, text, err = run_cli(capsys, "export", "report", "--draft", draft, "-o", tmp_path / "none" / "x.docx",
                              "--db", db)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_report(store, draft, tmp_path):
    path = tmp_path / "report.docx"
    _export(store, draft, path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True,
                   timeout=180)
    pdf = tmp_path / "report.pdf"
    assert pdf.stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "BÁO CÁO TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ" in text and "Tổ 1, Tổ 3, Tổ 6 cùng đề nghị" in text


@pytest.mark.parametrize(("groups", "kind", "text", "together", "said"), [
    (["Tổ 1", "Tổ 3"], "gop_y", "Đề nghị làm rõ nguồn vốn.", True, "Tổ 1, Tổ 3 cùng đề nghị làm rõ nguồn vốn."),
    (["Tổ 2"], "bo_sung", "Bổ sung số liệu năm 2024.", False, "Tổ 2 đề nghị bổ sung số liệu năm 2024."),
    (["Tổ 2"], "cau_hoi", "Vì sao chưa đạt?", False, "Tổ 2 đề nghị làm rõ: Vì sao chưa đạt?"),
    (["Tổ 4", "Tổ 5"], "gop_y", "Phần này còn dài.", True, "Tổ 4, Tổ 5 cùng góp ý: Phần này còn dài."),
    (["Tổ 6"], "de_nghi_bo", "Đoạn thứ ba trùng ý.", False, "Tổ 6 đề nghị bỏ: Đoạn thứ ba trùng ý."),
])
def test_a_comment_is_told_of_its_groups_in_its_own_words(groups, kind, text, together, said):
    with speaking("vi"):
        assert report_module.sentence(groups, kind, text, together=together) == said


@pytest.mark.parametrize(("proposal", "said"), [
    ("Thu nhập bình quân đạt 65 triệu đồng.", "đề nghị sửa thành: “Thu nhập bình quân đạt 65 triệu đồng.”"),
    ("Sửa thành: “Tập trung 3 khâu đột phá.”", "đề nghị sửa thành: “Tập trung 3 khâu đột phá.”"),
    ("Viết gọn lại: “Kết quả đạt được”.", "đề nghị sửa thành: “Kết quả đạt được”"),
    ("Thay cụm từ “giải pháp” bằng “nhiệm vụ”", "đề nghị thay cụm từ “giải pháp” bằng “nhiệm vụ”"),
])
def test_proposed_wording_is_quoted_once(proposal, said):
    with speaking("vi"):
        assert report_module.wording(proposal) == said
