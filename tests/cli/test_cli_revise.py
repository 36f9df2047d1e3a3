"""`reviewer draft revise OLD_ID NEW.docx`: the revised version registered, every comment carried onto it."""
from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli_comments import ok, refused, reviewer
from tests.docxfactory import heading_styles, para, write_docx

TITLE = "Báo cáo chính trị (dự thảo)"
KINH_TE = ("Tốc độ tăng trưởng kinh tế bình quân đạt 7,2% mỗi năm, cao hơn mức bình quân chung của cả nước; "
           "quy mô nền kinh tế tăng gấp 1,6 lần so với đầu nhiệm kỳ.")
VAN_HOA = ("Phong trào toàn dân đoàn kết xây dựng đời sống văn hóa được triển khai sâu rộng; "
           "hệ thống thiết chế văn hóa cơ sở từng bước được hoàn thiện.")
QUOC_PHONG = "Thế trận quốc phòng toàn dân gắn với thế trận an ninh nhân dân được củng cố vững chắc."


def draft(path: Path, sections: list[tuple[str, str]]) -> Path:
    body = para(TITLE, style="Title") + "".join(para(h, style="Heading1") + para(t) for h, t in sections)
    return write_docx(path, body, styles=heading_styles())


def test_revise_carries_every_comment_and_prints_the_new_id_last(tmp_path):
    db = tmp_path / "reviews.sqlite3"
    v1 = draft(tmp_path / "v1.docx", [("I. Kinh tế", KINH_TE), ("II. Văn hóa", VAN_HOA),
                                      ("III. Quốc phòng", QUOC_PHONG)])
    # Version 2: renumbered, a sentence rewritten, the culture section deleted, a new one added.
    rewritten = KINH_TE.replace("bình quân đạt 7,2% mỗi năm, cao hơn mức", "khá, vượt")
    v2 = draft(tmp_path / "v2.docx", [("I. Kinh tế", rewritten),
                                      ("II. Quốc phòng", QUOC_PHONG), ("III. Đối ngoại", "Nội dung mới.")])
    old = ok(reviewer("draft", "add", v1, db=db)).split()[-1]
    sections = {s["title"]: s["id"] for s in json.loads(ok(reviewer("outline", v1, "--json")))["sections"]}
    ids = [ok(reviewer("comment", "add", "--draft", old, "--section", section, "--group", "Tổ 1",
                       "--text", text, *extra, db=db)).split()[-1]
           for section, text, extra in [
               ("I.", "Nêu rõ nguyên nhân", ["--quote", "quy mô nền kinh tế tăng gấp 1,6 lần"]),
               ("I.", "Cập nhật số liệu", ["--quote", "bình quân đạt 7,2% mỗi năm"]),
               ("III.", "Nhất trí", []),
               ("II.", "Bổ sung thiết chế", ["--quote", "thiết chế văn hóa cơ sở"])]]
    assert len(ids) == 4

    out = ok(reviewer("draft", "revise", old, v2, db=db))
    new = out.splitlines()[-1]
    assert new != old and len(new) >= 12 and " " not in new
    assert "2 comments carried" in out and "1 comment to review" in out and "1 comment unplaced" in out

    listed = json.loads(ok(reviewer("comment", "list", "--draft", new, "--json", db=db)))
    assert len(listed) == 4 and not set(ids) & {c["id"] for c in listed}
    by_text = {c["text"]: c for c in listed}
    new_sections = {s["title"]: s["id"] for s in json.loads(ok(reviewer("outline", v2, "--json")))["sections"]}
    assert by_text["Nêu rõ nguyên nhân"]["section"] == new_sections["Kinh tế"]
    assert by_text["Nhất trí"]["section"] == new_sections["Quốc phòng"]  # renumbered III. -> II.
    assert by_text["Bổ sung thiết chế"]["section"] is None  # its section is gone: unplaced, kept
    assert by_text["Cập nhật số liệu"]["section"] == new_sections["Kinh tế"]  # proposed, to confirm

    # Again, as JSON: nothing copied twice, the same places.
    result = json.loads(ok(reviewer("draft", "revise", old, v2, "--json", db=db)))
    assert set(result) == {"draft", "old_draft", "carried", "review", "unplaced", "comments"}
    assert (result["draft"], result["carried"], result["review"], result["unplaced"]) == (new, 2, 1, 1)
    states = {c["id"]: c for c in result["comments"]}
    assert set(states) == {c["id"] for c in listed}
    for c in result["comments"]:
        assert set(c) == {"id", "old_section", "section", "state", "score", "taken_up"}
        assert 0 <= c["score"] <= 1
    review = states[by_text["Cập nhật số liệu"]["id"]]
    assert (review["state"], review["old_section"], review["section"]) == ("review", sections["Kinh tế"],
                                                                           new_sections["Kinh tế"])
    assert states[by_text["Bổ sung thiết chế"]["id"]]["old_section"] == sections["Văn hóa"]
    assert len(json.loads(ok(reviewer("comment", "list", "--draft", new, "--json", db=db)))) == 4


def test_revise_refuses_an_unknown_draft_and_the_same_version(tmp_path):
    db = tmp_path / "reviews.sqlite3"
    v1 = draft(tmp_path / "v1.docx", [("I. Kinh tế", KINH_TE)])
    old = ok(reviewer("draft", "add", v1, db=db)).split()[-1]
    assert "No draft with id" in refused(reviewer("draft", "revise", "nope", v1, db=db))
    assert "same version" in refused(reviewer("draft", "revise", old, v1, db=db))
    refused(reviewer("draft", "revise", old, tmp_path / "missing.docx", db=db))
