"""The architecture holds (layers, no cycles, Qt only in the window, sizes), and every user-facing string
is translated."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer import i18n

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold():
    """Layers, Qt only in the window, no cycles (pyproject.toml's [tool.importlinter]); imports inside
    functions count too."""
    pytest.importorskip("importlinter")
    result = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                             "sys.exit(lint_imports_command())"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _function_imports(path: Path) -> list[tuple[int, str]]:
    """(line, source) of each import inside a function whose comment does not say it is deferred.

    The comment is on the import's line or above the block of imports it belongs to."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing = []
    for fn in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            n = node.lineno - 1
            said = "deferred" in lines[n].lower()
            while not said and n > fn.lineno:
                n -= 1
                line = lines[n].strip()
                if line.startswith("#"):
                    said = "deferred" in line.lower()
                elif line and not line.startswith(("import ", "from ")):
                    break
            if not said:
                missing.append((node.lineno, lines[node.lineno - 1].strip()))
    return missing


def test_imports_inside_functions_say_why_they_are_deferred():
    """An import inside a function is there for start-up speed (or to keep a library optional), never to
    dodge an import cycle; its comment says so."""
    found = {f"{p.relative_to(ROOT)}:{line}: {src}" for p in (ROOT / "reviewer").rglob("*.py")
             for line, src in _function_imports(p)}
    assert not found, "\n".join(sorted(found))


def test_no_module_or_class_is_too_long():
    too_long = []
    for path in (ROOT / "reviewer").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            length = node.end_lineno - node.lineno + 1 if isinstance(node, ast.ClassDef) else 0
            if length > 400:
                too_long.append(f"{path.relative_to(ROOT)}: class {node.name}: {length} lines")
    assert not too_long, too_long


def test_the_top_level_holds_only_the_shared_basics():
    modules = sorted(p.stem for p in (ROOT / "reviewer").glob("*.py") if p.stem != "__init__")
    packages = sorted(p.name for p in (ROOT / "reviewer").iterdir() if (p / "__init__.py").exists())
    assert len(modules) <= 12, modules
    assert packages == ["cli", "docx", "exchange", "pdf", "store", "ui", "word"]


def _calls(*names: str) -> list[list[str]]:
    """The literal arguments of every call of these functions in the package."""
    found = []
    for path in (ROOT / "reviewer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.append([a.value for a in node.args if isinstance(a, ast.Constant)])
    return found


def _messages() -> set[str]:
    # Plural messages are looked up by their singular.
    return {args[0] for args in _calls("_", "ngettext", "count")}


def test_plural_messages_have_both_forms_with_the_same_placeholders():
    import string

    plurals = _calls("ngettext", "count")
    assert plurals
    for args in plurals:
        assert len(args) == 2 and args[0] != args[1], args
        singular, plural = ({f for _, f, _, _ in string.Formatter().parse(a) if f} for a in args)
        assert singular == plural, args
    i18n.set_language("en")
    try:
        assert i18n.count("{n} page", "{n} pages", 1) == "1 page"
        assert i18n.count("{n} page", "{n} pages", 0) == "0 pages"
        i18n.set_language("vi")
        assert i18n.count("{n} page", "{n} pages", 1) == "1 trang"
        assert i18n.count("{n} page", "{n} pages", 12) == "12 trang"
    finally:
        i18n.set_language(None)


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


def test_po_parser_keeps_a_plural_entry_under_its_singular():
    source = ('msgid "{n} page"\nmsgid_plural "{n} pages"\nmsgstr[0] "{n} "\n"trang"\n\n'
              'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} tệp"\nmsgstr[1] "{n} tệp (2)"\n\n'
              'msgid "Open"\nmsgstr "Mở"\n')
    assert i18n.parse_po(source) == {"{n} page": "{n} trang", "{n} file": "{n} tệp", "Open": "Mở"}


def test_the_vietnamese_catalogue_spells_each_word_one_way():
    """"Xóa" and "Xoá" are both correct Vietnamese, but one interface uses one: the older placement of
    the tone mark, as in the rest of the catalogue ("hòa", "thủy")."""
    text = (ROOT / "resources" / "locale" / "vi" / "LC_MESSAGES" / "reviewer.po").read_text(encoding="utf-8")
    assert "xóa" in text.lower() and "xoá" not in text.lower()
