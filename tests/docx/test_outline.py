"""Reading drafts into sections: heading evidence, Word styles and numbering, text fidelity, stable ids."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from reviewer.docx import read_document
from reviewer.model import Table
from reviewer.paths import sample_draft
from tests.docxfactory import heading_styles, numbering_xml, para, run, table, write_docx

DATA = Path(__file__).parents[1] / "data"

LONG_A = ("a) Trong năm 2024, toàn tỉnh đã tập trung chỉ đạo quyết liệt các giải pháp phát triển kinh tế - "
          "xã hội, tốc độ tăng trưởng tổng sản phẩm trên địa bàn ước đạt 7,2%, cao hơn mức bình quân chung "
          "của cả nước.")
CLAUSE = ("1. Nghị định này áp dụng đối với cơ quan, tổ chức nhà nước và doanh nghiệp nhà nước, "
          "trừ trường hợp luật có quy định khác.")


def headings(doc) -> list[str]:
    return [s.heading for s in doc.sections if s.id not in ("preamble",)]


def by_heading(doc, prefix: str):
    return next(s for s in doc.sections if s.heading.startswith(prefix))


# ---------------------------------------------------------------- the bundled sample


def test_sample_draft_matches_its_gold_outline():
    gold = json.loads((DATA / "sample_draft_gold.json").read_text(encoding="utf-8"))
    doc = read_document(sample_draft())
    assert doc.title == gold["title"]
    found = [s for s in doc.sections if s.id != "preamble"]
    assert len(found) == len(gold["headings"]) >= 30
    for section, want in zip(found, gold["headings"], strict=True):
        assert " ".join(section.heading.split())[:60] == want["prefix"][:60]
        assert section.level == want["level"], section.heading
    tables = [b for s in doc.sections for b in s.blocks if isinstance(b, Table)]
    assert len(tables) >= 2
    assert any("Thực hiện" in t.text and "%" in t.text or "," in t.text for t in tables)
    # The header block and the closing block are not sections, and nothing of them is lost.
    assert doc.sections[0].id == "preamble" and "ĐẢNG CỘNG SẢN VIỆT NAM" in doc.sections[0].text
    assert doc.closing is not None and "Nơi nhận" in doc.closing.text


def test_sample_parents_follow_the_numbering_nesting():
    doc = read_document(sample_draft())
    ids = {s.id: s for s in doc.sections}
    part1 = by_heading(doc, "PHẦN THỨ NHẤT")
    roman = by_heading(doc, "I. LÃNH ĐẠO")
    assert part1.parent is None and roman.parent == part1.id
    sub = by_heading(doc, "3.1.")
    letter = next(s for s in doc.sections if s.parent == sub.id)
    assert letter.number == "a)"
    assert ids[sub.parent].number == "3."


# ---------------------------------------------------------------- heading evidence


def test_numbered_body_sentences_are_content_not_headings(tmp_path):
    path = write_docx(tmp_path / "d.docx", "".join([
        para("BÁO CÁO", bold=True, align="center"),
        para("Kết quả thực hiện nhiệm vụ năm 2024", bold=True, align="center"),
        para("I. KẾT QUẢ ĐẠT ĐƯỢC", bold=True),
        para("1. Về kinh tế", bold=True),
        para(LONG_A),
        para("a) Nông nghiệp"),
        para("Sản lượng lương thực đạt 120 nghìn tấn."),
        para("b) Công nghiệp"),
        para("Giá trị sản xuất công nghiệp tăng 9%."),
        para(run("Về thu ngân sách:", bold=True), run(" tổng thu đạt 2.450 tỷ đồng, bằng 105% dự toán.")),
        para("II. NHIỆM VỤ NĂM 2025", bold=True),
        para("1. Tập trung lãnh đạo, chỉ đạo thực hiện quyết liệt các nhiệm vụ, giải pháp phát triển kinh tế "
             "- xã hội, phấn đấu hoàn thành toàn diện các chỉ tiêu của nghị quyết đại hội."),
        para("2. Đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư kinh doanh, nâng cao năng lực "
             "cạnh tranh cấp tỉnh trong những năm tiếp theo của nhiệm kỳ."),
    ]))
    doc = read_document(path)
    assert headings(doc) == ["I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Về kinh tế", "a) Nông nghiệp", "b) Công nghiệp",
                             "II. NHIỆM VỤ NĂM 2025"]
    economy = by_heading(doc, "1. Về kinh tế")
    assert LONG_A in economy.text
    assert "Về thu ngân sách: tổng thu" in by_heading(doc, "b)").text
    assert "Tập trung lãnh đạo" in by_heading(doc, "II.").text
    assert doc.title == "Báo cáo kết quả thực hiện nhiệm vụ năm 2024"


def test_clauses_of_an_article_stay_in_the_article(tmp_path):
    path = write_docx(tmp_path / "nd.docx", "".join([
        para("Chương I", bold=True, align="center"),
        para("QUY ĐỊNH CHUNG", bold=True, align="center"),
        para("Điều 1. Phạm vi điều chỉnh", bold=True),
        para("Nghị định này quy định về công tác văn thư."),
        para("Điều 2. Đối tượng áp dụng", bold=True),
        para(CLAUSE),
        para("2. Cơ quan, tổ chức khác"),
        para("a) Tổ chức chính trị - xã hội"),
    ]))
    doc = read_document(path)
    assert headings(doc) == ["Chương I QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng"]
    article = by_heading(doc, "Điều 2.")
    assert CLAUSE in article.text and "a) Tổ chức chính trị" in article.text
    assert article.parent == by_heading(doc, "Chương I").id


def test_part_marker_and_its_title_line_are_one_heading(tmp_path):
    path = write_docx(tmp_path / "p.docx", "".join([
        para("PHẦN THỨ NHẤT", bold=True, align="center"),
        para("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024", bold=True, align="center"),
        para("I. KINH TẾ", bold=True),
        para("Tăng trưởng đạt 7,5%."),
        para("Phần thứ hai", bold=True, align="center"),
        para("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", bold=True, align="center"),
        para("1. Mục tiêu", bold=True),
        para("Giữ vững ổn định."),
    ]))
    doc = read_document(path)
    assert [(s.number, s.title) for s in doc.sections] == [
        ("PHẦN THỨ NHẤT", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024"), ("I.", "KINH TẾ"),
        ("Phần thứ hai", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"), ("1.", "Mục tiêu")]
    part2 = doc.sections[2]
    assert doc.sections[3].parent == part2.id
    # Levels are by kind: an Arabic point directly under a part keeps the Arabic level.
    assert [s.level for s in doc.sections] == [1, 2, 1, 3]


# ---------------------------------------------------------------- Word styles and numbering


def test_heading_styles_outline_levels_and_title(tmp_path):
    custom = ('<w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My Head"/>'
              '<w:basedOn w:val="Heading2"/></w:style>')
    path = write_docx(tmp_path / "h.docx", "".join([
        para("Annual plan", style="Title"),
        para("Introduction", style="Heading1"),
        para("Some text."),
        para("Scope", style="MyHead"),
        para("Text of scope."),
        para("Details", outline=2),
        para("Deep text."),
        para("Results", style="Heading1"),
    ]), styles=heading_styles(custom))
    doc = read_document(path)
    assert doc.title == "Annual plan"
    assert [(s.title, s.level) for s in doc.sections if s.id != "preamble"] == [
        ("Introduction", 1), ("Scope", 2), ("Details", 3), ("Results", 1)]
    scope = by_heading(doc, "Scope")
    assert by_heading(doc, "Details").parent == scope.id
    assert scope.text == "Text of scope."


def test_word_automatic_numbering_shows_the_number_word_draws(tmp_path):
    numbering = numbering_xml([("upperRoman", "%1.", 1), ("decimal", "%2.", 1), ("decimal", "%2.%3.", 1),
                               ("lowerLetter", "%4)", 1)])
    path = write_docx(tmp_path / "n.docx", "".join([
        para("KINH TẾ", bold=True, num=(1, 0)),
        para("Nông nghiệp", bold=True, num=(1, 1)),
        para("Trồng trọt", bold=True, num=(1, 2)),
        para("Lúa", num=(1, 3)),
        para("Sản lượng tăng."),
        para("Chăn nuôi", bold=True, num=(1, 2)),
        para("Công nghiệp", bold=True, num=(1, 1)),
        para("XÃ HỘI", bold=True, num=(1, 0)),
        para("Giáo dục", bold=True, num=(1, 1)),
    ]), numbering=numbering)
    doc = read_document(path)
    assert [s.heading for s in doc.sections] == [
        "I. KINH TẾ", "1. Nông nghiệp", "1.1. Trồng trọt", "a) Lúa", "1.2. Chăn nuôi", "2. Công nghiệp",
        "II. XÃ HỘI", "1. Giáo dục"]
    assert by_heading(doc, "a) Lúa").parent == by_heading(doc, "1.1.").id
    assert by_heading(doc, "1. Giáo dục").parent == by_heading(doc, "II.").id


# ---------------------------------------------------------------- text fidelity


def test_tracked_changes_fields_hyperlinks_footnotes_and_text_boxes(tmp_path):
    textbox = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
               '<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>' + para("Hộp chữ: số liệu sơ bộ") +
               '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
               '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
               + para("Hộp chữ: số liệu sơ bộ") + '</w:txbxContent></v:textbox></v:shape></w:pict>'
               '</mc:Fallback></mc:AlternateContent></w:r>')
    body = "".join([
        para("I. KINH TẾ", bold=True),
        para(run("Tăng trưởng "), '<w:del w:id="1"><w:r><w:delText>6,5%</w:delText></w:r></w:del>',
             '<w:ins w:id="2"><w:r><w:t>7,2%</w:t></w:r></w:ins>', run(" so với cùng kỳ.")),
        para(run("Xem "), '<w:hyperlink r:id="rId9"><w:r><w:t>cổng thông tin</w:t></w:r></w:hyperlink>',
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>12</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        para(run("Thu ngân sách đạt dự toán"), '<w:r><w:footnoteReference w:id="2"/></w:r>', run(".")),
        para(run("Ảnh minh họa"), textbox),
        table([["Chỉ tiêu", "Thực hiện"], ["GRDP", "7,2%"]]),
        para("II. XÃ HỘI", bold=True),
        para("Giáo dục phát triển."),
    ])
    footnotes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="2">' + para("Số liệu ước thực hiện đến 30/11/2024.") + '</w:footnote>')
    doc = read_document(write_docx(tmp_path / "t.docx", body, footnotes=footnotes))
    economy = by_heading(doc, "I. KINH TẾ")
    text = economy.text
    assert "Tăng trưởng 7,2% so với cùng kỳ." in text and "6,5%" not in text
    assert "Xem cổng thông tin12" in text and "PAGE" not in text
    assert "Thu ngân sách đạt dự toán[1]." in text
    assert "[1] Số liệu ước thực hiện đến 30/11/2024." in text
    assert text.count("Hộp chữ: số liệu sơ bộ") == 1
    assert "GRDP | 7,2%" in text
    assert "Giáo dục" not in text and by_heading(doc, "II.").text == "Giáo dục phát triển."


def test_decomposed_unicode_reads_as_precomposed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Đắk Lắk")
    path = write_docx(tmp_path / "nfd.docx", para("I. " + unicodedata.normalize("NFD", "TỔNG QUAN"), bold=True)
                      + para(decomposed))
    doc = read_document(path)
    assert doc.sections[0].title == "TỔNG QUAN"
    assert doc.sections[0].text == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert unicodedata.is_normalized("NFC", json.dumps(doc.to_json(), ensure_ascii=False))


def test_legacy_fonts_are_converted_per_run_and_only_when_legacy(tmp_path):
    tcvn3 = "Céng hßa x· héi chñ nghÜa ViÖt Nam".encode("latin-1").decode("cp1252", errors="replace")
    styles = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>'
              '</w:rPr></w:rPrDefault></w:docDefaults>')
    path = write_docx(tmp_path / "legacy.docx", "".join([
        para("I. TỔNG QUAN", bold=True, font="Times New Roman"),
        para(tcvn3),  # inherits .VnTime from the document defaults
        para("Ủy ban nhân dân tỉnh"),  # Unicode text in a .VnTime run stays as it is
        para("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", font="VNI-Times"),
    ]), styles=styles)
    text = read_document(path).sections[0].text.splitlines()
    assert text == ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Ủy ban nhân dân tỉnh",
                    "Cộng hòa xã hội chủ nghĩa Việt Nam"]


# ---------------------------------------------------------------- stable ids


def _draft(tmp_path: Path, name: str, economy_text: str, extra_section: bool = False) -> Path:
    parts = [para("I. KINH TẾ", bold=True), para("1. Nông nghiệp", bold=True), para(economy_text)]
    if extra_section:
        parts += [para("2. Lâm nghiệp", bold=True), para("Trồng rừng mới 1.200 ha.")]
    n = 3 if extra_section else 2
    parts += [para(f"{n}. Công nghiệp", bold=True), para("Tăng 9%."),
              para("II. XÃ HỘI", bold=True), para("1. Giáo dục", bold=True), para("Ổn định.")]
    return write_docx(tmp_path / name, "".join(parts))


def test_section_ids_are_stable_across_opens_and_edits(tmp_path):
    first = read_document(_draft(tmp_path, "a.docx", "Sản lượng tăng."))
    again = read_document(_draft(tmp_path, "a.docx", "Sản lượng tăng."))
    edited = read_document(_draft(tmp_path, "b.docx", "Sản lượng tăng 3,5%, vượt kế hoạch."))
    inserted = read_document(_draft(tmp_path, "c.docx", "Sản lượng tăng.", extra_section=True))

    def ids(doc):
        return {s.title: s.id for s in doc.sections}

    assert ids(first) == ids(again) == ids(edited)
    assert len(set(ids(first).values())) == len(first.sections)
    # Inserting "2. Lâm nghiệp" renumbers "Công nghiệp" to 3. without changing any existing id.
    assert {t: i for t, i in ids(inserted).items() if t != "Lâm nghiệp"} == ids(first)


# ---------------------------------------------------------------- real drafts scored against gold outlines

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GOLD = sorted((CORPUS / "gold").glob("*.json")) if (CORPUS / "gold").is_dir() else []
# Gold outlines labelled here by hand for more of the shared drafts (the drafts stay in the corpus).
OWN_GOLD = sorted((DATA / "gold").glob("*.json"))


def _score_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_outline", CORPUS.parent / "tools" / "score_outline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_real_drafts_score_against_gold(gold_path):
    score = _score_module()
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = read_document(CORPUS / "vi" / gold["file"])
    result = score.score(gold, doc.to_json())
    assert result["P"] >= 0.97 and result["R"] >= 0.97, result
    assert result["parent"] >= 0.97, result


@pytest.mark.parametrize("gold_path", OWN_GOLD, ids=[p.stem for p in OWN_GOLD])
def test_more_real_drafts_score_against_our_gold(gold_path):
    import shutil  # deferred: only the .doc drafts need to know whether LibreOffice is here

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    source = CORPUS / "vi" / gold["file"]
    if not source.exists() or not (CORPUS.parent / "tools" / "score_outline.py").exists():
        pytest.skip("needs the shared corpus")
    if source.suffix == ".doc":
        if shutil.which("soffice") is None:
            pytest.skip("needs LibreOffice to convert the .doc")
        from reviewer.docx import open_draft  # deferred: beside the .doc case, read_document is enough

        doc = open_draft(source, convert=True)
    else:
        doc = read_document(source)
    result = _score_module().score(gold, doc.to_json())
    assert result["P"] >= 0.97 and result["R"] >= 0.97, result
    assert result["parent"] >= 0.95, result


def test_gold_corpus_is_present_in_ci():
    import os

    if os.environ.get("CI") == "true":
        assert len(GOLD) >= 4, f"gold outlines missing under {CORPUS}"
    elif not GOLD:
        pytest.skip("shared corpus not present")


def test_tables_nest_and_end_where_the_body_resumes(tmp_path):
    inner = table([["Quý I", "2,1%"], ["Quý II", "2,4%"]])
    outer = ("<w:tbl><w:tr><w:tc>" + para("Chỉ tiêu") + "</w:tc><w:tc>" + para("Giá trị") + "</w:tc></w:tr>"
             "<w:tr><w:tc>" + para("Tăng trưởng") + "</w:tc><w:tc>" + inner + para(
                 run("theo quý"), '<w:r><w:footnoteReference w:id="3"/></w:r>') + "</w:tc></w:tr></w:tbl>")
    footnotes = '<w:footnote w:id="3">' + para("Số liệu sơ bộ của Cục Thống kê.") + "</w:footnote>"
    doc = read_document(write_docx(tmp_path / "nested.docx", "".join([
        para("I. KINH TẾ", bold=True), outer, para("Đoạn sau bảng thuộc mục I."),
        para("II. XÃ HỘI", bold=True), table([["Trường học", "120"]]), para("Hết.")]), footnotes=footnotes))
    economy, society = doc.sections
    outer_table = economy.blocks[0]
    assert isinstance(outer_table, Table) and len(outer_table.rows) == 2
    nested = outer_table.rows[1][1]
    assert isinstance(nested[0], Table) and nested[0].rows[1][0][0].text == "Quý II"
    assert nested[1].text == "theo quý[1]"
    # A note follows the block that cites it, here the table.
    assert [b.text for b in economy.blocks[1:]] == ["[1] Số liệu sơ bộ của Cục Thống kê.",
                                                    "Đoạn sau bảng thuộc mục I."]
    assert isinstance(society.blocks[0], Table) and society.blocks[1].text == "Hết."


def test_a_soft_hyphen_element_is_tcvn3_u_horn_in_a_legacy_run(tmp_path):
    # Word and LibreOffice store TCVN3's byte 0xAD ("ư") as <w:softHyphen/>; in Unicode it is invisible.
    legacy_run = ('<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>ph</w:t>'
                  '<w:softHyphen/><w:t xml:space="preserve">\u00eang, Ch</w:t><w:softHyphen/><w:t>\u00acng</w:t></w:r>')
    unicode_run = '<w:r><w:t>chuy</w:t><w:softHyphen/><w:t>ển đổi</w:t></w:r>'
    doc = read_document(write_docx(tmp_path / "soft.docx", para("I. TỔNG QUAN", bold=True)
                                   + para(legacy_run) + para(unicode_run)))
    assert doc.sections[0].text.splitlines() == ["phường, Chương", "chuyển đổi"]


def test_a_real_tcvn3_word_97_file_converted_by_libreoffice(tmp_path):
    import shutil  # deferred: only this test asks whether LibreOffice is installed

    source = CORPUS / "vi" / "viparse__2004-NghiDinh114_2003.doc"
    if shutil.which("soffice") is None or not source.exists():
        pytest.skip("needs LibreOffice and the shared corpus")
    from reviewer.docx import open_draft  # deferred: the module imports read_document only

    doc = open_draft(source, convert=True)
    headings = [s.heading for s in doc.sections]
    assert "Chương I Những quy định chung" in headings
    assert "Điều 2. Đối tượng điều chỉnh" in headings
    transcript = set((CORPUS / "vi" / "viparse__2004-NghiDinh114_2003.txt").read_text(encoding="utf-8").split())
    words = [w.strip(".,;:()") for s in doc.sections for w in s.text.split()]
    vietnamese = [w for w in words if w and not w.isascii()]
    known = sum(1 for w in vietnamese if w in transcript)
    assert known / len(vietnamese) > 0.95, known / len(vietnamese)
