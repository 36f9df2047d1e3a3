"""Convert old binary Word documents (.doc) to .docx with LibreOffice, when it is installed."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from reviewer.errors import DocumentError
from reviewer.i18n import _

_CANDIDATES = ("soffice", "libreoffice")
_WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
TIMEOUT_SECONDS = 180


def find_soffice() -> str | None:
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in (*_WINDOWS_PATHS, "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.isfile(candidate):
            return candidate
    return None


def convert_to_docx(path: str | Path, *, out_dir: str | Path | None = None) -> Path:
    """Convert ``path`` with LibreOffice into ``out_dir`` (a new temporary folder by default)."""
    # deferred: only a .doc needs a child process and temporary folders; opening a .docx must not pay for them
    import subprocess
    import tempfile

    path = Path(path)
    soffice = find_soffice()
    if soffice is None:
        raise DocumentError("no-converter", _(
            "“{name}” is an old Word 97–2003 document (.doc). Open it in Word or LibreOffice "
            "and save it as “Word Document (.docx)”.").format(name=path.name))
    out = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="reviewer-convert-"))
    # A private profile: a LibreOffice window the user has open must not block the conversion.
    profile = Path(tempfile.mkdtemp(prefix="reviewer-lo-profile-"))
    try:
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(path)],
            capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DocumentError("convert-failed", _(
            "LibreOffice could not convert “{name}”. Open it in Word or LibreOffice and save it "
            "as .docx.").format(name=path.name)) from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = out / (path.stem + ".docx")
    if result.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        raise DocumentError("convert-failed", _(
            "LibreOffice could not convert “{name}”. Open it in Word or LibreOffice and save it "
            "as .docx.").format(name=path.name))
    return converted
