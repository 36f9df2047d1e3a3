"""Heading evidence on the shapes real drafts take: what must and must not become a section."""
from __future__ import annotations

from reviewer.docx import read_document
from tests.docxfactory import numbering_xml, para, run, write_docx

BODY = ("Trong năm qua, các cơ quan, đơn vị đã tích cực triển khai thực hiện nhiệm vụ được giao, đạt được nhiều "
        "kết quả quan trọng, góp phần phát triển kinh tế - xã hội của tỉnh.")
HEAD = para("BÁO CÁO", bold=True, align="center") + para("Kết quả thực hiện nhiệm vụ năm 2025", bold=True,
                                                           align="center")


def B(text: str, **kw) -> str:
    return para(text, bold=True, **kw)


def outline(tmp_path, body: str, **kw) -> list[tuple[str, str | None]]:
    """(heading, parent heading) for every section but the preamble."""
    doc = read_document(write_docx(tmp_path / "d.docx", HEAD + body, **kw))
    by_id = {s.id: s for s in doc.sections}
    return [(s.heading, by_id[s.parent].heading if s.parent else None) for s in doc.sections
            if s.id != "preamble"]


def test_a_sentence_starting_noi_nhan_does_not_end_the_draft(tmp_path):
    got = outline(tmp_path, B("I. KẾT QUẢ") + B("1. Công tác văn thư") + para(
        "Nơi nhận văn bản đến được đăng ký vào sổ và chuyển đến người có trách nhiệm giải quyết.")
        + B("2. Công tác lưu trữ") + para(BODY) + B("II. NHIỆM VỤ NĂM 2026") + para(BODY)
        + B("Nơi nhận:") + para("- Như trên;") + para("- Lưu: VT."))
    assert [h for h, _ in got] == ["I. KẾT QUẢ", "1. Công tác văn thư", "2. Công tác lưu trữ", "II. NHIỆM VỤ NĂM 2026"]


def test_marker_words_inside_sentences_are_body_text(tmp_path):
    got = outline(tmp_path, B("I. CĂN CỨ PHÁP LÝ") + para(BODY)
                  + para("Chương II của Luật Đất đai năm 2024 quy định quyền và nghĩa vụ của Nhà nước.")
                  + para("Điều 5. Luật Đất đai quy định người sử dụng đất gồm tổ chức, cá nhân trong nước.")
                  + para("Phụ lục 01 kèm theo Báo cáo này thể hiện chi tiết số liệu theo từng địa phương.")
                  + para("Phần thứ nhất bao gồm từ “Kính gửi” đến hết phần nội dung.")
                  + B("II. KẾT QUẢ THỰC HIỆN") + B("1. Về thu hồi đất") + para(BODY))
    assert got == [("I. CĂN CỨ PHÁP LÝ", None), ("II. KẾT QUẢ THỰC HIỆN", None),
                   ("1. Về thu hồi đất", "II. KẾT QUẢ THỰC HIỆN")]


def test_a_lone_capital_letter_is_an_abbreviation_not_a_part(tmp_path):
    got = outline(tmp_path, B("I. KẾT QUẢ") + B("1. Về kinh tế") + para(BODY)
                  + B("Q. CHÁNH VĂN PHÒNG") + para("(chữ ký, dấu)") + B("2. Về xã hội") + para(BODY))
    assert got == [("I. KẾT QUẢ", None), ("1. Về kinh tế", "I. KẾT QUẢ"), ("2. Về xã hội", "I. KẾT QUẢ")]


def test_named_parts_stand_beside_the_numbered_parts(tmp_path):
    got = outline(tmp_path, B("MỞ ĐẦU") + para(BODY) + B("I. KẾT QUẢ ĐẠT ĐƯỢC") + para(BODY)
                  + B("II. TỒN TẠI, HẠN CHẾ") + para(BODY) + B("KẾT LUẬN") + para(BODY))
    assert got == [("MỞ ĐẦU", None), ("I. KẾT QUẢ ĐẠT ĐƯỢC", None), ("II. TỒN TẠI, HẠN CHẾ", None),
                   ("KẾT LUẬN", None)]


def test_a_list_of_short_plain_items_is_a_list(tmp_path):
    items = "".join(para(t) for t in ("1. Hoàn thiện thể chế, chính sách", "2. Đẩy mạnh cải cách thủ tục hành chính",
                                      "3. Tăng cường kỷ luật, kỷ cương hành chính"))
    got = outline(tmp_path, B("I. NHIỆM VỤ, GIẢI PHÁP NĂM 2026")
                  + para("Để hoàn thành các mục tiêu đề ra, cần tập trung thực hiện các nhiệm vụ sau:") + items
                  + B("II. TỔ CHỨC THỰC HIỆN") + para(BODY))
    assert [h for h, _ in got] == ["I. NHIỆM VỤ, GIẢI PHÁP NĂM 2026", "II. TỔ CHỨC THỰC HIỆN"]
    # The same short plain lines, each followed by its own text, are sections.
    sections = "".join(para(t) + para(BODY) for t in ("1. Hoàn thiện thể chế", "2. Cải cách thủ tục hành chính"))
    got = outline(tmp_path, B("II. NHIỆM VỤ") + sections)
    assert [h for h, _ in got] == ["II. NHIỆM VỤ", "1. Hoàn thiện thể chế", "2. Cải cách thủ tục hành chính"]


def test_slash_numbering_and_contents_lines(tmp_path):
    got = outline(tmp_path, B("MỤC LỤC", align="center") + para(run("I/ ĐÁNH GIÁ CHUNG"), "<w:r><w:tab/></w:r>",
                                                                    run("3"))
                  + B("I/ ĐÁNH GIÁ CHUNG") + para(BODY) + B("1/ Về kinh tế") + para(BODY) + B("II/ NHIỆM VỤ")
                  + para(BODY))
    assert got == [("I/ ĐÁNH GIÁ CHUNG", None), ("1/ Về kinh tế", "I/ ĐÁNH GIÁ CHUNG"), ("II/ NHIỆM VỤ", None)]


def test_word_numbers_drawn_without_punctuation_nest_like_typed_ones(tmp_path):
    numbering = numbering_xml([("decimal", "%1", 1), ("lowerLetter", "%2)", 1)])
    got = outline(tmp_path, B("Đánh giá chung", num=(1, 0)) + B("Mục tiêu", num=(1, 1)) + para(BODY)
                  + B("Nhiệm vụ", num=(1, 1)) + para(BODY) + B("Nhiệm vụ năm 2026", num=(1, 0)) + para(BODY),
                  numbering=numbering)
    assert got == [("1 Đánh giá chung", None), ("a) Mục tiêu", "1 Đánh giá chung"),
                   ("b) Nhiệm vụ", "1 Đánh giá chung"), ("2 Nhiệm vụ năm 2026", None)]


def test_a_typed_chapter_number_outranks_a_reused_heading_style(tmp_path):
    styles = ('<w:style w:type="paragraph" w:styleId="Heading8"><w:name w:val="heading 8"/>'
              '<w:pPr><w:outlineLvl w:val="7"/></w:pPr></w:style>')
    got = outline(tmp_path, para("Chương I", style="Heading8") + B("QUY ĐỊNH CHUNG", align="center")
                  + B("Điều 1. Phạm vi") + para(BODY) + B("Chương II", align="center")
                  + B("QUY ĐỊNH CỤ THỂ", align="center") + B("Điều 2. Đối tượng") + para(BODY), styles=styles)
    assert got == [("Chương I QUY ĐỊNH CHUNG", None), ("Điều 1. Phạm vi", "Chương I QUY ĐỊNH CHUNG"),
                   ("Chương II QUY ĐỊNH CỤ THỂ", None), ("Điều 2. Đối tượng", "Chương II QUY ĐỊNH CỤ THỂ")]
