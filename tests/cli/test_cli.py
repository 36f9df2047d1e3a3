"""The ``reviewer`` console script, run as a real subprocess as a user or a script would run it."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.docx import convert

REPO = Path(__file__).resolve().parents[2]
SAMPLE_REL = "resources/samples/du-thao-bao-cao-2024.docx"
SAMPLE = REPO / SAMPLE_REL
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SECTION_KEYS = {"id", "number", "title", "level", "parent", "text"}
ROMAN = re.compile(r"^\s*[IVX]+\. ")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the fake soffice is a POSIX shell script")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(REVIEWER_LANG="en", PYTHONIOENCODING="utf-8", REVIEWER_HOME=str(tmp_path / "home"))
    env.update(extra)
    return env


def reviewer(*args: str, env: dict[str, str], script: str | None = None) -> subprocess.CompletedProcess:
    command = [script] if script else [sys.executable, "-m", "reviewer.cli"]
    return subprocess.run([*command, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=False)


def assert_refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), result.stderr
    assert lines[0].startswith("reviewer: ")
    return lines[0]


def _ole_doc(path: Path) -> Path:
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1024)
    return path


def _no_soffice(tmp_path: Path, monkeypatch) -> Path:
    """An empty PATH; skip when LibreOffice is installed where find_soffice looks besides PATH."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    if convert.find_soffice() is not None:
        pytest.skip("LibreOffice is installed outside PATH")
    return empty


@pytest.fixture(scope="module")
def sample_outline(tmp_path_factory) -> str:
    result = reviewer("outline", SAMPLE_REL, env=_env(tmp_path_factory.mktemp("cli")))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory) -> dict:
    result = reviewer("outline", SAMPLE_REL, "--json", env=_env(tmp_path_factory.mktemp("cli")))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1  # one JSON document on one line
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- success


def test_outline_prints_an_indented_tree(sample_outline, sample_json):
    lines = sample_outline.splitlines()
    assert lines[0] == sample_json["title"]
    assert lines[0].startswith("Báo cáo kết quả thực hiện nhiệm vụ năm 2024")
    parts = [line for line in lines if "PHẦN THỨ" in line]
    assert parts and parts[0].startswith("PHẦN THỨ NHẤT")
    assert all(not line.startswith(" ") for line in parts)
    romans = [line for line in lines if ROMAN.match(line)]
    assert len(romans) >= 5
    assert all(line.startswith("  ") and not line.startswith("   ") for line in romans), romans
    assert any(line.startswith("  I. ") for line in romans)


def test_outline_tree_matches_json_depths(sample_outline, sample_json):
    depth: dict[str, int] = {}
    expected = [sample_json["title"]]
    for s in sample_json["sections"]:
        if not s["number"] and not s["title"]:
            continue
        depth[s["id"]] = depth[s["parent"]] + 1 if s["parent"] in depth else 0
        expected.append("  " * depth[s["id"]] + f"{s['number']} {s['title']}".strip())
    assert sample_outline.splitlines() == expected


def test_json_schema(sample_json):
    assert set(sample_json) in ({"title", "sections"}, {"title", "sections", "closing"})
    assert isinstance(sample_json["title"], str) and sample_json["title"]
    sections = sample_json["sections"]
    assert len(sections) > 20
    seen: set[str] = set()
    for s in sections:
        assert set(s) == SECTION_KEYS | {"kind"} and s["kind"] in ("heading", "row")
        assert isinstance(s["id"], str) and s["id"] not in seen
        assert isinstance(s["number"], str) and isinstance(s["title"], str) and isinstance(s["text"], str)
        assert isinstance(s["level"], int) and s["level"] >= 0
        assert s["parent"] is None or s["parent"] in seen
        seen.add(s["id"])
    if "closing" in sample_json:
        assert set(sample_json["closing"]) == SECTION_KEYS
        assert "Nơi nhận" in sample_json["closing"]["text"]


def test_json_sections_in_document_order(sample_json):
    headings = [f"{s['number']} {s['title']}".strip() for s in sample_json["sections"] if s["number"]]
    parts = [h for h in headings if h.startswith("PHẦN THỨ")]
    assert parts[0].startswith("PHẦN THỨ NHẤT") and parts[1].startswith("PHẦN THỨ HAI")
    # Within each parent, the numbers count up as they do in the draft.
    by_parent: dict[str | None, list[str]] = {}
    for s in sample_json["sections"]:
        if s["number"].rstrip(".").isdigit():
            by_parent.setdefault(s["parent"], []).append(s["number"])
    assert by_parent
    for numbers in by_parent.values():
        assert [int(n.rstrip(".")) for n in numbers] == list(range(1, len(numbers) + 1))


def test_json_text_excludes_subsection_headings(sample_json):
    sections = sample_json["sections"]
    with_children = 0
    for s in sections:
        children = [c for c in sections if c["parent"] == s["id"]]
        with_children += bool(children)
        for c in children:
            heading = f"{c['number']} {c['title']}".strip()
            assert heading not in s["text"], (s["title"], heading)
    assert with_children > 5


def has_qt() -> bool:
    return importlib.util.find_spec("PySide6") is not None


needs_qt = pytest.mark.skipif(not has_qt(), reason="the window needs PySide6")


@needs_qt
def test_no_arguments_opens_the_window_on_the_sample(tmp_path):
    env = _env(tmp_path, QT_QPA_PLATFORM="offscreen")
    result = reviewer("--exit-when-ready", env=env)
    assert result.returncode == 0, result.stderr
    # The first run shows the bundled sample draft with comments from three groups.
    assert re.match(r"ready \d+ ms, 52 sections, [5-9] comments", result.stdout), result.stdout


@needs_qt
def test_a_draft_given_alone_opens_the_window(tmp_path):
    env = _env(tmp_path, QT_QPA_PLATFORM="offscreen")
    result = reviewer(SAMPLE_REL, "--exit-when-ready", env=env)
    assert result.returncode == 0, result.stderr
    assert re.match(r"ready \d+ ms, 52 sections, 0 comments", result.stdout), result.stdout


@pytest.mark.skipif(has_qt(), reason="PySide6 is installed")
def test_without_qt_the_window_explains_and_the_rest_works(tmp_path):
    line = assert_refused(reviewer(env=_env(tmp_path, QT_QPA_PLATFORM="offscreen")))
    assert "PySide6" in line and "reviewer outline" in line


@needs_qt
def test_without_a_display_the_window_explains(tmp_path):
    env = {k: v for k, v in _env(tmp_path).items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    line = assert_refused(reviewer(env=env))
    assert "reviewer outline" in line


def test_installed_console_script(tmp_path, sample_outline):
    script = shutil.which("reviewer", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the reviewer console script is not installed next to this Python")
    result = reviewer("outline", SAMPLE_REL, env=_env(tmp_path), script=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout == sample_outline


# --------------------------------------------------------------------------- bad input


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "ghi-chu.docx"
    path.write_text("không phải văn bản Word\n", encoding="utf-8")
    return path


def _empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make", [
    lambda d: d / "khong-co.docx",
    _text_file,
    _empty_file,
    lambda d: _ole_doc(d / "cu.doc"),
], ids=["missing", "text-file", "zero-bytes", "doc"])
@pytest.mark.parametrize("as_json", [False, True], ids=["tree", "json"])
def test_bad_input_exits_2_with_one_line(tmp_path, monkeypatch, make, as_json):
    _no_soffice(tmp_path, monkeypatch)
    path = make(tmp_path)
    args = ["outline", str(path)] + (["--json"] if as_json else [])
    line = assert_refused(reviewer(*args, env=_env(tmp_path)))
    assert path.name in line


def test_bad_input_message_in_vietnamese(tmp_path):
    line = assert_refused(reviewer("outline", str(tmp_path / "khong-co.docx"),
                                   env=_env(tmp_path, REVIEWER_LANG="vi")))
    assert "Không tìm thấy tệp" in line


def test_unknown_subcommand_exits_2(tmp_path):
    result = reviewer("frobnicate", env=_env(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "frobnicate" in result.stderr


# --------------------------------------------------------------------------- --convert for .doc
# The real LibreOffice is not installed in CI: these tests check our conversion plumbing (finding
# soffice on PATH, its arguments, picking up DIR/<stem>.docx, cleaning up) with a fake soffice.


def test_convert_without_libreoffice(tmp_path, monkeypatch):
    empty = _no_soffice(tmp_path, monkeypatch)
    doc = _ole_doc(tmp_path / "x.doc")
    line = assert_refused(reviewer("outline", str(doc), "--convert", env=_env(tmp_path, PATH=str(empty))))
    assert line == ("reviewer: “x.doc” is an old Word 97–2003 document (.doc). Open it in Word or "
                    "LibreOffice and save it as “Word Document (.docx)”.")


FAKE_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice: "converts" by copying a prepared .docx to OUTDIR/<stem>.docx.
printf '%s\\n' "$@" > "{log}"
out=""; src=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2; continue ;;
    --convert-to) shift 2; continue ;;
    -*) ;;
    *) src="$1" ;;
  esac
  shift
done
[ -n "$out" ] && [ -n "$src" ] || exit 81
name="${{src##*/}}"
{action}
"""


def _fake_soffice(tmp_path: Path, action: str) -> tuple[Path, Path]:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    log = tmp_path / "soffice-args.txt"
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE.format(log=log, action=action), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bin_dir, log


@posix_only
def test_convert_with_fake_soffice(tmp_path, sample_outline):
    prepared = tmp_path / "prepared.docx"
    shutil.copyfile(SAMPLE, prepared)
    bin_dir, log = _fake_soffice(tmp_path, f'cat "{prepared}" > "$out/${{name%.*}}.docx"')
    temp = tmp_path / "temp"
    temp.mkdir()
    doc = _ole_doc(tmp_path / "x.doc")
    env = _env(tmp_path, PATH=str(bin_dir) + os.pathsep + os.environ.get("PATH", ""), TMPDIR=str(temp))

    result = reviewer("outline", str(doc), "--convert", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == sample_outline
    assert result.stderr == "Converted “x.doc” to .docx with LibreOffice.\n"
    args = log.read_text(encoding="utf-8").splitlines()
    assert "--headless" in args and args[-1] == str(doc)
    assert args[args.index("--convert-to") + 1].startswith("docx")
    assert not list(temp.iterdir()), "the converted copy and the LibreOffice profile must be removed"
    assert sorted(p.name for p in tmp_path.glob("x.*")) == ["x.doc"]

    # Without --convert, a .doc is refused but the message now offers the conversion.
    line = assert_refused(reviewer("outline", str(doc), env=env))
    assert "--convert" in line and "x.doc" in line


@posix_only
def test_convert_when_soffice_fails(tmp_path):
    bin_dir, _log = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    doc = _ole_doc(tmp_path / "x.doc")
    env = _env(tmp_path, PATH=str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    line = assert_refused(reviewer("outline", str(doc), "--convert", env=env))
    assert line.startswith("reviewer: LibreOffice could not convert “x.doc”")
