"""The core stays importable without Qt, and every user-facing string is translated."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from reviewer import i18n

ROOT = Path(__file__).resolve().parents[1]


def test_core_imports_no_qt():
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "check_core_imports.py")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _messages() -> set[str]:
    found = set()
    for path in (ROOT / "reviewer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_user_facing_string_has_a_vietnamese_translation():
    messages = _messages()
    assert len(messages) > 10
    missing = sorted(m for m in messages if m not in i18n.catalogue("vi"))
    assert not missing, "untranslated: " + "; ".join(missing)


def test_translations_keep_their_placeholders():
    import string

    for msgid, msgstr in i18n.catalogue("vi").items():
        fields = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(msgstr) if f}, msgid


def test_language_follows_the_environment_and_can_be_switched(monkeypatch):
    # The environment is read once per process (as the locale is); set_language(None) reads it again.
    monkeypatch.setenv("REVIEWER_LANG", "vi")
    i18n.set_language(None)
    assert i18n.gettext("File not found: {path}") == "Không tìm thấy tệp: {path}"
    monkeypatch.setenv("REVIEWER_LANG", "en")
    assert i18n.gettext("File not found: {path}") == "Không tìm thấy tệp: {path}"
    i18n.set_language(None)
    assert i18n.gettext("File not found: {path}") == "File not found: {path}"
    try:
        i18n.set_language("vi")
        assert i18n.language() == "vi"
    finally:
        i18n.set_language(None)


def test_po_parser_skips_fuzzy_and_joins_continued_lines():
    source = ('msgid ""\nmsgstr "Language: vi\\n"\n\n#, fuzzy\nmsgid "Open"\nmsgstr "Mở"\n\n'
              'msgid "Long "\n"text"\nmsgstr "Văn "\n"bản dài"\n')
    assert i18n.parse_po(source) == {"Long text": "Văn bản dài"}
