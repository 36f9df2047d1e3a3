"""The wheel built from the repository carries resources/ and db/, and works installed on its own.

Builds a wheel from a copy of the checkout (so the build's ``build/`` and ``*.egg-info`` folders never
land in the repository, and no stale ``build/lib`` can leak into the wheel), installs it into a fresh
virtual environment without its dependencies, and runs the installed ``reviewer`` command on the sample
that the wheel ships, from a folder where the source checkout cannot be imported. Third-party packages
(lxml, ...) come from the development environment through PYTHONPATH, so nothing is downloaded there.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import warnings
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "reviewer/resources/samples/du-thao-bao-cao-2024.docx"
CATALOGUE = "reviewer/resources/locale/vi/LC_MESSAGES/reviewer.po"
TITLE = "Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025"
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", ".hypothesis", ".mypy_cache", "*.pyc")
TIMEOUT = 180


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL, timeout=TIMEOUT, **kw)


def _tail(proc: subprocess.CompletedProcess, n: int = 25) -> str:
    return "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-n:])


def build_wheel(src: Path, out: Path) -> Path:
    """pip wheel without build isolation; ``python -m build`` (isolated) when that cannot work here."""
    first = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, src])
    if first.returncode != 0:
        second = _run([sys.executable, "-m", "build", "--wheel", "--outdir", out, src])
        if second.returncode != 0:
            pytest.fail("could not build a wheel.\n--- pip wheel --no-build-isolation:\n" + _tail(first)
                        + "\n--- python -m build --wheel:\n" + _tail(second))
        reason = [ln.strip() for ln in (first.stdout + first.stderr).splitlines()
                  if "error" in ln.lower() and "metadata-generation-failed" not in ln][:4]
        warnings.warn("pip wheel --no-build-isolation failed, built with an isolated `python -m build` "
                      "instead (setuptools/wheel in the dev environment are missing or too old): "
                      + (" | ".join(reason) or _tail(first, 6)), stacklevel=1)
    wheels = sorted(out.glob("draft_reviewer-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


# The README's screenshots stay in the repository; the app never reads them.
NOT_SHIPPED = ("reviewer/resources/screenshots/",)


def _bundled_files(folder: str, pattern: str = "**/*") -> list[str]:
    """Repository files under ``folder`` as the wheel must name them (reviewer/<folder>/...)."""
    base = ROOT / folder
    names = (f"reviewer/{folder}/{p.relative_to(base).as_posix()}" for p in base.glob(pattern)
             if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc"))
    return sorted(n for n in names if not n.startswith(NOT_SHIPPED))


@pytest.mark.slow
def test_wheel_carries_resources_and_runs_installed(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    wheel = build_wheel(src, tmp_path / "dist")

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert SAMPLE in names
    assert CATALOGUE in names
    missing = [n for n in _bundled_files("resources") + _bundled_files("db", "*.sql") if n not in names]
    assert not missing, f"files of resources/ or db/ missing from {wheel.name}: {missing}"
    assert not [n for n in names if n.startswith(("resources/", "db/"))], "resources/ or db/ left unmapped"

    env_dir = tmp_path / "env"
    proc = _run([sys.executable, "-m", "venv", "--without-pip", env_dir])
    assert proc.returncode == 0, _tail(proc)
    python = env_dir / "bin" / "python"
    proc = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel])
    assert proc.returncode == 0, _tail(proc)

    dev_paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH")}
    env.update(PYTHONPATH=os.pathsep.join(dev_paths), PYTHONNOUSERSITE="1", PYTHONIOENCODING="utf-8",
               REVIEWER_HOME=str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()

    probe = ("import json, sysconfig, reviewer, reviewer.paths as p; print(json.dumps({'file': reviewer.__file__, "
             "'purelib': sysconfig.get_paths()['purelib'], 'sample': str(p.sample_draft())}))")
    proc = _run([python, "-c", probe], cwd=work, env=env)
    assert proc.returncode == 0, _tail(proc)
    where = json.loads(proc.stdout.strip().splitlines()[-1])
    installed = Path(where["file"]).resolve()
    assert installed.is_relative_to(env_dir.resolve()), f"reviewer imported from {installed}, not the new venv"
    assert not installed.is_relative_to(ROOT), installed
    sample = Path(where["purelib"]) / SAMPLE
    assert sample.is_file()
    assert Path(where["sample"]).resolve() == sample.resolve(), "reviewer.paths does not find the bundled sample"

    proc = _run([env_dir / "bin" / "reviewer", "outline", sample], cwd=work, env=env)
    assert proc.returncode == 0, _tail(proc)
    lines = proc.stdout.splitlines()
    assert lines and lines[0] == TITLE
    assert any(line.strip().startswith("PHẦN THỨ NHẤT") for line in lines), proc.stdout[:2000]

    # The whole core from the wheel: a draft registered, a comment, the consolidated PDF; and the
    # window's launcher without a console is there (a gui-script on Windows).
    reviewer = env_dir / "bin" / "reviewer"
    db = tmp_path / "r.sqlite3"
    proc = _run([reviewer, "draft", "add", sample, "--db", db], cwd=work, env=env)
    assert proc.returncode == 0, _tail(proc)
    draft = proc.stdout.strip().splitlines()[-1]
    proc = _run([reviewer, "comment", "add", "--draft", draft, "--section", "Tài chính, ngân sách, tín dụng",
                 "--group", "Tổ 1",
                 "--text", "Đề nghị bổ sung số liệu.", "--db", db], cwd=work, env=env)
    assert proc.returncode == 0, _tail(proc)
    proc = _run([reviewer, "export", "pdf", "--draft", draft, "-o", tmp_path / "tong-hop.pdf", "--db", db],
                cwd=work, env=env)
    assert proc.returncode == 0, _tail(proc)
    assert (tmp_path / "tong-hop.pdf").read_bytes().startswith(b"%PDF")
    assert (env_dir / "bin" / "reviewer-window").is_file()
