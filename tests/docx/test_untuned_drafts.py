"""Shapes of real drafts the reader was not tuned on (issue 15): each test builds the cause seen
on such a draft, the way offices make them, and checks what a careful reader sees."""
from __future__ import annotations

from reviewer.docx import read_document
from tests.docxfactory import para, run, table, write_docx

BODY = ("Trong năm qua, các cơ quan, đơn vị đã tích cực triển khai thực hiện nhiệm vụ được giao, đạt được nhiều "
        "kết quả quan trọng, góp phần phát triển kinh tế - xã hội của tỉnh.")
HEAD = para("BÁO CÁO", bold=True, align="center") + para("Kết quả thực hiện nhiệm vụ năm 2025", bold=True,
                                                           align="center")
DASH = ("- Qua công tác nắm tình hình, lực lượng chức năng đã phát hiện, đấu tranh, xử lý nhiều vụ việc vi phạm "
        "pháp luật, góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn; tuy nhiên, một số "
        "địa phương chưa chủ động nắm tình hình, còn để xảy ra các vụ việc phức tạp kéo dài, ảnh hưởng đến đời "
        "sống của nhân dân và hoạt động của doanh nghiệp, cần được chấn chỉnh kịp thời trong thời gian tới.")
HEADING_STYLES = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
                  '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
                  '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>')


def B(text: str, **kw) -> str:
    return para(text, bold=True, **kw)


def read(tmp_path, body: str, **kw):
    return read_document(write_docx(tmp_path / "d.docx", body, **kw))


def tree(doc) -> list[tuple[str, str | None]]:
    """(heading, parent heading) of every heading section but the preamble."""
    by_id = {s.id: s for s in doc.sections}
    return [(s.heading, by_id[s.parent].heading if s.parent else None) for s in doc.sections
            if s.id != "preamble" and s.kind == "heading"]


# ---------------------------------------------------------------- Word outline levels are evidence


def test_a_long_dash_sentence_with_an_outline_level_is_body_text(tmp_path):
    doc = read(tmp_path, HEAD + B("I. KẾT QUẢ") + B("1. Về an ninh") + para(DASH, outline=1)
               + B("2. Về trật tự") + para(BODY) + B("II. NHIỆM VỤ") + para(BODY))
    assert tree(doc) == [("I. KẾT QUẢ", None), ("1. Về an ninh", "I. KẾT QUẢ"), ("2. Về trật tự", "I. KẾT QUẢ"),
                         ("II. NHIỆM VỤ", None)]
    assert DASH in doc.sections[2].text


def test_a_short_styled_title_is_still_a_heading(tmp_path):
    # The level still counts where the paragraph reads as a title; only body sentences lose it.
    doc = read(tmp_path, HEAD + para("Tình hình chung", style="Heading1") + para(BODY) + para(DASH, style="Heading1")
               + para("Phương hướng", style="Heading1") + para(BODY), styles=HEADING_STYLES)
    assert tree(doc) == [("Tình hình chung", None), ("Phương hướng", None)]


def test_v_v_is_never_a_roman_numeral(tmp_path):
    doc = read(tmp_path, para("Số: 12/UBND-VX", align="left") + para("V/v ban hành Chương trình hành động")
               + para("Kính gửi: Các sở, ban, ngành") + B("I. MỤC ĐÍCH") + para(BODY) + B("II. YÊU CẦU") + para(BODY))
    assert tree(doc) == [("I. MỤC ĐÍCH", None), ("II. YÊU CẦU", None)]
    assert "V/v ban hành Chương trình hành động" in doc.sections[0].text


# ---------------------------------------------------------------- nesting the draft shows


def test_lettered_parts_inside_a_roman_part_are_its_children(tmp_path):
    doc = read(tmp_path, HEAD + B("I. MỤC TIÊU") + para(BODY) + B("II. NHIỆM VỤ CHUNG") + para(BODY)
               + B("III. NHIỆM VỤ CỤ THỂ") + B("A. Lĩnh vực kinh tế") + B("1. Nông nghiệp") + para(BODY)
               + B("B. Lĩnh vực xã hội") + para(BODY) + B("IV. TỔ CHỨC THỰC HIỆN") + para(BODY))
    assert tree(doc) == [("I. MỤC TIÊU", None), ("II. NHIỆM VỤ CHUNG", None), ("III. NHIỆM VỤ CỤ THỂ", None),
                         ("A. Lĩnh vực kinh tế", "III. NHIỆM VỤ CỤ THỂ"), ("1. Nông nghiệp", "A. Lĩnh vực kinh tế"),
                         ("B. Lĩnh vực xã hội", "III. NHIỆM VỤ CỤ THỂ"), ("IV. TỔ CHỨC THỰC HIỆN", None)]
    levels = {s.heading: s.level for s in doc.sections}
    assert levels["A. Lĩnh vực kinh tế"] == levels["III. NHIỆM VỤ CỤ THỂ"] + 1
    # Where the draft counts the other way, the usual order stays.
    doc = read(tmp_path, HEAD + B("A. PHẦN MỞ ĐẦU") + B("I. Bối cảnh") + para(BODY) + B("II. Mục tiêu") + para(BODY)
               + B("B. PHẦN NỘI DUNG") + B("I. Kết quả") + para(BODY))
    assert tree(doc) == [("A. PHẦN MỞ ĐẦU", None), ("I. Bối cảnh", "A. PHẦN MỞ ĐẦU"),
                         ("II. Mục tiêu", "A. PHẦN MỞ ĐẦU"), ("B. PHẦN NỘI DUNG", None),
                         ("I. Kết quả", "B. PHẦN NỘI DUNG")]


# ---------------------------------------------------------------- a decision converted from .doc

ARTICLE_1 = ("Phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng, đất rừng và đất chuyển ra khỏi lâm phần sau rà "
             "soát quy hoạch 03 loại rừng (gọi tắt là Kế hoạch).")
ARTICLE_3 = ("Các ông (bà) Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ngành và Chủ tịch UBND các huyện, thị xã chịu "
             "trách nhiệm thi hành Quyết định này kể từ ngày ký, báo cáo kết quả thực hiện về UBND tỉnh theo định kỳ "
             "hằng quý, sáu tháng và năm để theo dõi, chỉ đạo.")


def test_a_converted_decision_reads_as_its_articles(tmp_path):
    body = "".join([
        para("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="Heading1", bold=True),
        para("TỈNH BÌNH PHƯỚC\tĐộc lập - Tự do - Hạnh phúc", bold=True),
        para("Số: 991/QĐ-UBND\tĐồng Xoài, ngày 14 tháng 5 năm 2008"),
        B("QUYẾT ĐỊNH", align="center"),
        B("Về việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng", align="center"),
        para(""),
        B("ỦY BAN NHÂN DÂN TỈNH", align="center"),
        para("Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;"),
        para("QUYẾT ĐỊNH:", style="Heading1", bold=True, align="center"),
        para(run("Điều 1. ", bold=True), run(ARTICLE_1)),
        para(run("Điều 2. Tổ chức thực hiện:", bold=True)),
        para("- Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các sở, ngành liên quan."),
        para("Điều 3. " + ARTICLE_3),
        para("TM. ỦY BAN NHÂN DÂN TỈNH", style="Heading1", bold=True, align="center"),
        B("CHỦ TỊCH", align="center"),
    ])
    doc = read(tmp_path, body, styles=HEADING_STYLES)
    assert doc.title == "Quyết định về việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng"
    got = tree(doc)
    assert got[:2] == [("Điều 1. " + ARTICLE_1.rstrip("."), None), ("Điều 2. Tổ chức thực hiện", None)]
    assert len(got) == 3 and got[2][0].startswith("Điều 3. Các ông (bà)") and got[2][1] is None
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.sections[0].text
    assert "- Giao Sở Nông nghiệp" in doc.sections[2].text
    assert ARTICLE_3 in doc.sections[3].text  # a long article keeps its whole sentence as text
    assert doc.closing is not None and "TM. ỦY BAN NHÂN DÂN TỈNH" in doc.closing.text
    # A lone article opening a sentence elsewhere cites it.
    cite = "Điều 5. Luật Đất đai quy định người sử dụng đất gồm tổ chức, cá nhân trong nước và nước ngoài có liên quan."
    doc = read(tmp_path, HEAD + B("I. CĂN CỨ") + para(BODY) + para(cite) + B("II. KẾT QUẢ") + para(BODY))
    assert tree(doc) == [("I. CĂN CỨ", None), ("II. KẾT QUẢ", None)]


# ---------------------------------------------------------------- part titles on the next line


def test_a_bare_part_marker_takes_its_unemphasised_title_line(tmp_path):
    vni = "VNI-Times"
    doc = read(tmp_path, "".join([
        para("BAÙO CAÙO", font=vni, align="center"),
        para("Phaàn thöù nhaát", font=vni),
        para("Keát quaû thöïc hieän nhieäm vuï naêm 2025", font=vni),
        para("I. Veà kinh teá", font=vni), para("Toång saûn phaåm taêng 7,2%.", font=vni),
        para("Phaàn thöù hai", font=vni),
        para("Phöông höôùng nhieäm vuï naêm 2026", font=vni),
        para("I. Muïc tieâu", font=vni), para("Phaán ñaáu taêng tröôûng 8%.", font=vni),
    ]))
    one, two = "Phần thứ nhất Kết quả thực hiện nhiệm vụ năm 2025", "Phần thứ hai Phương hướng nhiệm vụ năm 2026"
    assert tree(doc) == [(one, None), ("I. Về kinh tế", one), (two, None), ("I. Mục tiêu", two)]


def test_a_chapter_title_on_two_lines_is_joined(tmp_path):
    doc = read(tmp_path, "".join([
        B("Chương III", align="center"),
        B("Nghĩa vụ, quyền lợi và những việc", align="center"),
        B("không được làm của cán bộ, công chức cấp xã", align="center"),
        B("Điều 8. Nghĩa vụ của cán bộ, công chức cấp xã"), para(BODY),
        B("Chương IV", align="center"), B("BẦU CỬ, TUYỂN DỤNG", align="center"),
        B("ĐÀO TẠO, BỒI DƯỠNG", align="center"),
        B("Điều 12. Bầu cử cán bộ chuyên trách cấp xã"), para(BODY),
    ]))
    assert [h for h, _ in tree(doc)] == [
        "Chương III Nghĩa vụ, quyền lợi và những việc không được làm của cán bộ, công chức cấp xã",
        "Điều 8. Nghĩa vụ của cán bộ, công chức cấp xã",
        "Chương IV BẦU CỬ, TUYỂN DỤNG ĐÀO TẠO, BỒI DƯỠNG",
        "Điều 12. Bầu cử cán bộ chuyên trách cấp xã"]


# ---------------------------------------------------------------- numbered rows of an all-table appendix

CRITERIA = [["STT", "Tiêu chí", "Điểm tối đa"], ["1.", "Công tác chỉ đạo, điều hành", "10"],
            ["1.1", "Ban hành kế hoạch cải cách hành chính", "5"], ["1.2", "Kiểm tra, đôn đốc thực hiện", "5"],
            ["", "(chấm theo biên bản kiểm tra)", ""], ["2.", "Cải cách thủ tục hành chính", "20"],
            ["2.1", "Công bố, công khai thủ tục", "10"]]


def test_numbered_rows_of_an_all_table_appendix_are_comment_targets(tmp_path):
    doc = read(tmp_path, HEAD + B("I. KẾT QUẢ") + para(BODY) + table([["STT", "Đơn vị", "Số"], ["1.", "Sở Nội vụ", "4"],
                                                                    ["2.", "Sở Tư pháp", "5"], ["3.", "Sở Y tế", "6"]])
               + B("Nơi nhận:") + para("- Như trên;") + B("PHỤ LỤC I", align="center")
               + B("BỘ TIÊU CHÍ ĐÁNH GIÁ", align="center") + table(CRITERIA))
    data = doc.to_json()["sections"]
    kinds = {s["number"] + " " + s["title"]: s["kind"] for s in data}
    assert kinds["I. KẾT QUẢ"] == "heading" and kinds["PHỤ LỤC I BỘ TIÊU CHÍ ĐÁNH GIÁ"] == "heading"
    rows = [s for s in doc.sections if s.kind == "row"]
    assert [(r.number, r.title) for r in rows] == [
        ("1.", "Công tác chỉ đạo, điều hành"), ("1.1", "Ban hành kế hoạch cải cách hành chính"),
        ("1.2", "Kiểm tra, đôn đốc thực hiện"), ("2.", "Cải cách thủ tục hành chính"),
        ("2.1", "Công bố, công khai thủ tục")]
    appendix = next(s for s in doc.sections if s.number == "PHỤ LỤC I")
    by_number = {r.number: r for r in rows}
    assert by_number["1."].parent == by_number["2."].parent == appendix.id
    assert by_number["1.2"].parent == by_number["1."].id and by_number["1.2"].level == by_number["1."].level + 1
    # Each row holds its own cells and the unnumbered rows after it; the header stays with the appendix.
    assert by_number["1.2"].text == "1.2 | Kiểm tra, đôn đốc thực hiện | 5\n | (chấm theo biên bản kiểm tra) | "
    assert appendix.text == "STT | Tiêu chí | Điểm tối đa"
    # A table of units inside the report's text is no list of comment targets.
    assert "Sở Tư pháp" in next(s for s in doc.sections if s.number == "I.").text
    ids = [s.id for s in doc.sections]
    assert len(ids) == len(set(ids))
