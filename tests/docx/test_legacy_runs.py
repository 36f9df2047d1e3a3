"""Runs in legacy fonts decided with their paragraph and their document, the way offices typed them:
whole drafts in VNI-Times or .VnTime/.VnTimeH, short runs, runs split inside a letter, mixed fonts."""
from __future__ import annotations

from reviewer.docx import read_document
from tests.docx.test_legacy import to_tcvn3, to_vni
from tests.docxfactory import para, run, write_docx

REPORT = ("Trong năm qua, tình hình kinh tế - xã hội của tỉnh tiếp tục phát triển ổn định, đời sống vật chất và "
          "tinh thần của nhân dân từng bước được nâng lên; quốc phòng, an ninh được bảo đảm.")


def texts(doc) -> list[str]:
    return [line for s in doc.sections for line in (s.heading, *s.text.splitlines()) if line]


def test_a_whole_vni_draft_converts_its_short_and_upper_case_runs(tmp_path):
    vni = "VNI-Times"
    body = "".join([
        para(to_vni("ỦY BAN NHÂN DÂN TỈNH"), font=vni, bold=True),
        para(to_vni("I. KẾT QUẢ ĐẠT ĐƯỢC"), font=vni, bold=True),
        para(to_vni(REPORT), font=vni),
        # Short runs: capitals alone, one word alone, a capital pair split between two runs.
        para(run(to_vni("Ủy ban "), font=vni), run(to_vni("NHÂN DÂN"), font=vni), run(to_vni(" tỉnh"), font=vni)),
        para(run(to_vni("Chất lượng còn "), font=vni), run(to_vni("kém"), font=vni),
             run(to_vni(" so với yêu cầu."), font=vni)),
        para(run("NHA", font=vni), run("ÂN", font=vni), run(to_vni(" DÂN"), font=vni)),  # "NHAÂN" split
        f"<w:tbl><w:tr><w:tc>{para(to_vni('CHỦ TỊCH'), font=vni)}</w:tc></w:tr></w:tbl>",
    ])
    doc = read_document(write_docx(tmp_path / "vni.docx", body))
    assert texts(doc) == ["ỦY BAN NHÂN DÂN TỈNH", "I. KẾT QUẢ ĐẠT ĐƯỢC", REPORT, "Ủy ban NHÂN DÂN tỉnh",
                          "Chất lượng còn kém so với yêu cầu.", "NHÂN DÂN", "CHỦ TỊCH"]


def test_tcvn3_runs_among_unicode_runs_follow_their_paragraph(tmp_path):
    vn = ".VnTime"
    body = "".join([
        para("I. TÌNH HÌNH CHUNG", bold=True),
        para(REPORT),
        # Word keeps the Unicode run in Times New Roman and the pasted legacy runs in .VnTime.
        para(run("Kết quả "), run(to_tcvn3("thực"), font=vn), run(to_tcvn3(" hiện nhiệm vụ"), font=vn)),
        # A Unicode paragraph whose style font is still .VnTime is never converted, quotes and all.
        para(run("Báo cáo", font=vn), run(" tổng kết công tác", font=vn)),
        para(run("Báo cáo ", font=vn), run("«", font=vn), run("Chương trình", font=vn), run("»", font=vn)),
    ])
    doc = read_document(write_docx(tmp_path / "mixed.docx", body))
    assert texts(doc)[2:] == ["Kết quả thực hiện nhiệm vụ", "Báo cáo tổng kết công tác", "Báo cáo «Chương trình»"]


def test_a_vntimeh_run_is_drawn_in_capitals_whatever_was_typed(tmp_path):
    vnh = ".VnTimeH"
    body = "".join([
        para(to_tcvn3("cộng hòa xã hội chủ nghĩa"), font=vnh, bold=True),
        para(run(to_tcvn3("việt"), font=vnh), run(" nam", font=vnh)),
        para(to_tcvn3("I. Kết quả"), font=".VnTime", bold=True),
        para(to_tcvn3(REPORT), font=".VnTime"),
    ])
    doc = read_document(write_docx(tmp_path / "vnh.docx", body))
    assert doc.sections[0].text.splitlines() == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "VIỆT NAM"]
    assert doc.sections[1].text == REPORT


def test_runs_split_anywhere_inside_words_still_convert(tmp_path):
    # Word cuts runs wherever an edit, a spell check or a format change fell: between a VNI letter and
    # its mark, around a lone TCVN3 byte, inside a .VnTimeH word typed in lower case.
    cases = [("VNI-Times", to_vni, text) for text in (REPORT, "ĐẢNG BỘ TỈNH LÂM ĐỒNG", "Chất lượng còn kém")]
    cases += [(".VnTime", to_tcvn3, text) for text in (REPORT, "thực hiện")]
    cases += [(".VnTimeH", lambda t: to_tcvn3(t.lower()), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    for n, (font, encode, text) in enumerate(cases):
        legacy = encode(text)
        for size in (1, 2, 3, 5):
            pieces = [run(legacy[i:i + size], font=font) for i in range(0, len(legacy), size)]
            path = write_docx(tmp_path / f"split{n}-{size}.docx", para("I. KẾT QUẢ", bold=True) + para(*pieces))
            assert read_document(path).sections[-1].text == text, (font, size)
