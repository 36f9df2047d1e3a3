"""The conference's print settings and the PDF export, from the command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "du-thao-bao-cao-2024.docx"


def reviewer(tmp_path: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = dict(os.environ, REVIEWER_HOME=str(tmp_path / "home"), REVIEWER_LANG=lang, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reviewer.cli", *args, "--db", str(tmp_path / "r.sqlite3")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_conference_settings_round_trip(tmp_path):
    done = reviewer(tmp_path, "conference", "set", "--issuer", "ĐẢNG BỘ TỈNH AN PHÚ", "--issuer", "TỈNH ỦY",
                    "--place", "An Phú", "--date", "27/11/2026", "--draft-marker")
    assert done.returncode == 0, done.stderr
    shown = reviewer(tmp_path, "conference", "show", "--json")
    assert json.loads(shown.stdout) == {"issuer_lines": "ĐẢNG BỘ TỈNH AN PHÚ\nTỈNH ỦY", "place": "An Phú",
                                        "date": "2026-11-27", "draft_marker": "1"}
    cleared = reviewer(tmp_path, "conference", "set", "--place", "")
    assert cleared.returncode == 0
    assert "place" not in json.loads(reviewer(tmp_path, "conference", "show", "--json").stdout)


def test_a_bad_date_is_refused_in_one_line(tmp_path):
    result = reviewer(tmp_path, "conference", "set", "--date", "ngày mai", lang="vi")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "ngày mai" in result.stderr


def test_export_pdf_from_the_command_line(tmp_path):
    draft = reviewer(tmp_path, "draft", "add", str(SAMPLE)).stdout.strip()
    outline = json.loads(subprocess.run([sys.executable, "-m", "reviewer.cli", "outline", str(SAMPLE), "--json"],
                                        cwd=REPO, capture_output=True, text=True).stdout)
    section = next(s["id"] for s in outline["sections"] if s["number"] == "2." and "Tài chính" in s["title"])
    text = "Đề nghị làm rõ nguồn thu từ tiền sử dụng đất <b>không</b> bền vững & cần tách riêng"
    added = reviewer(tmp_path, "comment", "add", "--draft", draft, "--section", section, "--group", "Tổ 1",
                     "--author", "Nguyễn Văn Hùng", "--text", text)
    assert added.returncode == 0, added.stderr
    out = tmp_path / "tong-hop.pdf"
    for layout in ("sections", "table"):
        result = reviewer(tmp_path, "export", "pdf", "--draft", draft, "-o", str(out), "--layout", layout,
                          "--hide-names")
        assert result.returncode == 0, result.stderr
        pages = len(pypdf.PdfReader(out).pages)
        assert result.stdout == f"Wrote {out}: {pages} page{'s' if pages > 1 else ''}, 1 comment.\n"
        assert result.stderr == ""  # success is not an error
        pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
        assert text in pdf_text
        assert "Nguyễn Văn Hùng" not in pdf_text
    refused = reviewer(tmp_path, "export", "pdf", "--draft", "khong-co", "-o", str(tmp_path / "x.pdf"))
    assert refused.returncode == 2 and "khong-co" in refused.stderr
    assert not (tmp_path / "x.pdf").exists()
