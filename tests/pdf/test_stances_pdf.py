"""The PDF's stances, header and closing (issue 16): "4/6 tổ nhất trí" with agreement counted rather than
listed, the issuer taken from the draft's own header block (placeholders otherwise, never another
province), and a closing block ("Nơi nhận", the signer) at the end of both layouts."""
from __future__ import annotations

import pytest

from reviewer.docx import read_document
from reviewer.export_options import header_from_draft, load_conference
from reviewer.paths import sample_draft
from reviewer.pdf import Conference, ExportOptions, export_pdf
from reviewer.store import Store
from tests.docxfactory import heading_styles, para, write_docx

pypdf = pytest.importorskip("pypdf")

AGREE = "Tổ chúng tôi nhất trí hoàn toàn với nội dung mục này."


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages)


@pytest.fixture
def six_groups(tmp_path):
    store = Store(tmp_path / "r.sqlite3")
    draft = store.register_draft(read_document(sample_draft()))["id"]
    growth = next(s["id"] for s in store.sections(draft) if s["number"] == "1.")
    for n in range(1, 7):
        store.add_group(f"Tổ {n}")
    for n in range(1, 5):
        store.add_comment(draft_id=draft, section_id=growth, group=f"Tổ {n}", kind="nhat_tri", text=AGREE)
    store.add_comment(draft_id=draft, section_id=growth, group="Tổ 5", text="Đề nghị làm rõ nguyên nhân.")
    yield store, draft
    store.close()


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_agreement_is_counted_with_the_stance_and_listed_on_request(six_groups, tmp_path, layout):
    store, draft = six_groups
    out = tmp_path / f"{layout}.pdf"
    result = export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(layout=layout,
                                                                                           language="vi"))
    text = pdf_text(out)
    assert AGREE not in text and result.comments == 1
    assert "Tổng số: 5 ý kiến" in text and "Số ý kiến theo mục và theo tổ" in text
    assert ("Trong 4 ý kiến loại “nhất trí”, 4 ý kiến chỉ nhất trí với dự thảo, không có nội dung khác: được tính "
            "vào số lượng, không liệt kê từng ý kiến.") in text
    assert "Tổ 1, Tổ 2, Tổ 3, Tổ 4. 4/6 tổ nhất trí." in text  # the summary's list of sections agreed to
    if layout == "sections":
        assert "4/6 tổ nhất trí: Tổ 1, Tổ 2, Tổ 3, Tổ 4." in text  # under the section's heading
    listed = export_pdf(store, draft, out, conference=Conference(),
                        options=ExportOptions(layout=layout, language="vi", list_agreement=True))
    assert pdf_text(out).count(AGREE) == 4 and listed.comments == 5


def test_the_header_names_the_drafts_issuer_or_placeholders(six_groups, tmp_path):
    store, draft = six_groups
    out = tmp_path / "h.pdf"
    export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(language="vi"))
    text = pdf_text(out)
    assert text.startswith("ĐẢNG BỘ TỈNH AN PHÚ TỈNH ỦY *") and "An Phú, ngày" in text
    assert "BẮC KẠN" not in text.upper()

    # A draft without a header block: placeholders, until the conference settings say otherwise.
    plain = write_docx(tmp_path / "plain.docx", para("Báo cáo", style="Title") + para("I. Mở đầu", style="Heading1")
                       + para("Nội dung."), styles=heading_styles())
    other = store.register_draft(read_document(plain))["id"]
    section = next(s["id"] for s in store.sections(other) if s["id"] != "preamble")
    store.add_comment(draft_id=other, section_id=section, group="Tổ 1", text="Ý kiến.")
    export_pdf(store, other, out, conference=load_conference(store), options=ExportOptions(language="vi"))
    text = pdf_text(out)
    assert text.startswith("ĐẢNG BỘ TỈNH … TỈNH ỦY *") and "……, ngày" in text
    store.set_conference(issuer_lines="ĐẢNG BỘ TỈNH LẠNG SƠN\nTỈNH ỦY", place="Lạng Sơn",
                         signer_lines="T/M BAN THƯ KÝ HỘI NGHỊ\nTRƯỞNG BAN")
    export_pdf(store, other, out, conference=load_conference(store), options=ExportOptions(language="vi"))
    text = pdf_text(out)
    assert text.startswith("ĐẢNG BỘ TỈNH LẠNG SƠN TỈNH ỦY *") and "Lạng Sơn, ngày" in text
    assert text.endswith("T/M BAN THƯ KÝ HỘI NGHỊ TRƯỞNG BAN")


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_both_layouts_end_with_the_closing_block(six_groups, tmp_path, layout):
    store, draft = six_groups
    out = tmp_path / "c.pdf"
    export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(layout=layout, language="vi"))
    last = " ".join(pypdf.PdfReader(str(out)).pages[-1].extract_text().split())
    assert "Nơi nhận: - Ban soạn thảo (để tiếp thu), - Lưu." in last
    assert last.endswith("T/M … THƯ KÝ")


def test_header_from_draft_reads_the_header_block():
    assert header_from_draft("ĐẢNG BỘ TỈNH AN PHÚ / TỈNH ỦY / * / Số  -BC/TU | ĐẢNG CỘNG SẢN VIỆT NAM / "
                             "An Phú, ngày  tháng 12 năm 2024\nDỰ THẢO\nBÁO CÁO") == (
        ["ĐẢNG BỘ TỈNH AN PHÚ", "TỈNH ỦY"], "An Phú")
    assert header_from_draft("TỈNH ỦY BẮC KẠN\n*\nSố 12-BC/TU") == (["TỈNH ỦY BẮC KẠN"], "")
    assert header_from_draft("BÁO CÁO\nkết quả thực hiện nhiệm vụ") == ([], "")
    # A state body's draft: its place, never its issuer under the Party's motto and number.
    assert header_from_draft("ỦY BAN NHÂN DÂN / TỈNH AN PHÚ / Số: 215/BC-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / "
                             "Độc lập - Tự do - Hạnh phúc / An Phú, ngày 02 tháng 12 năm 2024") == ([], "An Phú")
    assert header_from_draft("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH / BAN THƯỜNG VỤ / *") == (
        ["ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", "BAN THƯỜNG VỤ"], "")


def test_defaults_made_in_english_print_in_vietnamese(six_groups, tmp_path):
    store, draft = six_groups
    out = tmp_path / "en-made.pdf"
    conference = Conference()  # made while the interface speaks English (the tests' default)
    assert conference.number_line.startswith("No.")
    export_pdf(store, draft, out, conference=conference, options=ExportOptions(language="vi"))
    text = pdf_text(out)
    assert "Số -BC/TU" in text and "TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ" in text
    assert "No." not in text and "SUMMARY" not in text


def test_command_line_signer_and_list_agreement(six_groups, tmp_path):
    from reviewer.cli import main

    store, draft = six_groups
    db, out = str(store.path), tmp_path / "cli.pdf"
    assert main(["--db", db, "conference", "set", "--signer", "T/M BAN THƯ KÝ", "--signer", "TRƯỞNG BAN"]) == 0
    assert main(["--db", db, "export", "pdf", "--draft", draft, "-o", str(out), "--list-agreement"]) == 0
    text = pdf_text(out)
    assert text.count(AGREE) == 4 and text.endswith("T/M BAN THƯ KÝ TRƯỞNG BAN")


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_a_confirmed_cluster_prints_as_one_entry_naming_every_group_and_delegate(six_groups, tmp_path, layout):
    from reviewer.store.similar import confirm_cluster

    store, draft = six_groups
    growth = next(s["id"] for s in store.sections(draft) if s["number"] == "1.")
    first = store.add_comment(draft_id=draft, section_id=growth, group="Tổ 6", author="Trần Thị Bình",
                              text="Cần đánh giá rõ nguyên nhân tăng trưởng chưa đạt chỉ tiêu.")
    second = store.add_comment(draft_id=draft, section_id=growth, group="Tổ 2", author="Lê Văn Cường",
                               text="Đề nghị làm rõ nguyên nhân tăng trưởng không đạt chỉ tiêu đề ra.")
    confirm_cluster(store, [first.id, second.id])
    out = tmp_path / f"cluster-{layout}.pdf"
    export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(layout=layout, language="vi"))
    text = pdf_text(out)
    # Tổ 2 comes before Tổ 6 in printing order: its wording stands for both; Tổ 6's is not repeated.
    assert "Đề nghị làm rõ nguyên nhân tăng trưởng không đạt chỉ tiêu đề ra." in text
    assert "Cần đánh giá rõ nguyên nhân tăng trưởng chưa đạt chỉ tiêu." not in text
    if layout == "sections":
        assert "Cùng ý kiến: Tổ 2 (Lê Văn Cường); Tổ 6 (Trần Thị Bình)." in text
    else:
        assert "Tổ 2 Lê Văn Cường Tổ 6 Trần Thị Bình" in text


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_a_filtered_print_never_claims_agreement_it_cannot_see(six_groups, tmp_path, layout):
    """Agreement "without other remarks" is judged on all of a group's remarks, not only the printed
    ones; and a print of chosen groups does not count them against all groups."""
    store, draft = six_groups
    growth = next(s["id"] for s in store.sections(draft) if s["number"] == "1.")
    store.add_comment(draft_id=draft, section_id=growth, group="Tổ 6", kind="nhat_tri", text=AGREE)
    store.add_comment(draft_id=draft, section_id=growth, group="Tổ 6", kind="sua_doi", status="tiep_thu",
                      text="Đề nghị sửa chỉ tiêu tăng trưởng thành 7,5%.")
    out = tmp_path / "new-only.pdf"
    # Only the new comments: Tổ 6's amendment, already taken up, is left out of the print.
    export_pdf(store, draft, out, conference=Conference(),
               options=ExportOptions(layout=layout, language="vi", statuses={"moi"}))
    text = pdf_text(out)
    assert "Tổ 1, Tổ 2, Tổ 3, Tổ 4. 4/6 tổ nhất trí." in text
    assert "Tổ 6. 5/6" not in text and "5/6 tổ nhất trí" not in text

    export_pdf(store, draft, out, conference=Conference(),
               options=ExportOptions(layout=layout, language="vi", groups={"Tổ 2"}))
    text = pdf_text(out)
    assert "1/6 tổ nhất trí" not in text and "1/1 tổ nhất trí" not in text
    assert ": Tổ 2." in text  # the summary lists the group without a count
    assert "Phạm vi: Tổ 2." in text
    assert "Các mục tổ nhất trí, không có ý kiến khác:" in text and "Các tổ nhất trí" not in text
    assert "Số ý kiến theo mục và theo tổ" not in text  # one group: no table of counts ahead of its comments
    if layout == "sections":
        assert "Tổ nhất trí: Tổ 2." in text


def test_the_selection_names_the_sections_chosen_not_each_sub_section(six_groups, tmp_path):
    store, draft = six_groups
    sections = store.sections(draft)
    farming = next(s for s in sections if s["number"] == "3.")
    below = {s["id"] for s in sections if s["parent"] == farming["id"]}
    below |= {s["id"] for s in sections if s["parent"] in below}
    assert len(below) >= 3
    store.add_comment(draft_id=draft, section_id=sorted(below)[0], group="Tổ 2", text="Đề nghị bổ sung số liệu.")
    out = tmp_path / "scope.pdf"
    export_pdf(store, draft, out, conference=Conference(),
               options=ExportOptions(language="vi", sections={farming["id"], *below}))
    assert "Phạm vi: mục PHẦN THỨ NHẤT, I.3, kể cả các mục con." in pdf_text(out)


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_an_agreement_that_goes_on_is_printed_and_its_group_is_not_said_to_agree(six_groups, tmp_path, layout):
    """"Nhất trí" that also asks for something reaches the drafting committee like any other comment."""
    store, draft = six_groups
    growth = next(s["id"] for s in store.sections(draft) if s["number"] == "1.")
    asks = ("Nhất trí cao với đánh giá của dự thảo. Chỉ tiêu tỷ lệ dân số tham gia bảo hiểm y tế nên đặt ở mức "
            "trên 92% thay vì 90,5%.")
    store.add_comment(draft_id=draft, section_id=growth, group="Tổ 6", kind="nhat_tri", text=asks)
    out = tmp_path / "asks.pdf"
    result = export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(layout=layout,
                                                                                           language="vi"))
    text = pdf_text(out)
    assert "thay vì 90,5%" in text and result.comments == 2  # Tổ 5's remark and Tổ 6's
    # The four plain agreements are still counted, against the five of the kind (Tổ 6's is listed).
    assert "Trong 5 ý kiến loại “nhất trí”, 4 ý kiến chỉ nhất trí với dự thảo" in text
    assert "Tổ 1, Tổ 2, Tổ 3, Tổ 4. 4/6 tổ nhất trí." in text  # Tổ 6 is not among them
