"""The window's one gateway: only reviewer/ui/session.py writes to the store or announces a change.

Pure ``ast``, no Qt: it reads the source of reviewer/ui/ and never imports it.
"""
from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "reviewer" / "ui"
GATEWAY = "session.py"
WRITE_PREFIXES = ("add_", "edit_", "delete_", "restore_", "register_", "set_", "resolve_", "apply_", "insert_")
# Core functions that write to the Store they are handed.
WRITING_FUNCTIONS = {"import_packages", "apply_package", "seed_sample_comments"}
# These write to a Store too, but the window only ever hands them a worker's own (see workers.py).
WORKER_FUNCTIONS = {"sync_once"}


def _ends_in(node: ast.expr, name: str) -> bool:
    """``name`` or ``<anything>.name``."""
    return (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)


def _is_session_store(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "store" and _ends_in(node.value, "session")


def _is_store(node: ast.expr) -> bool:
    """``store``, ``<anything>.store``, or the exchange side of either."""
    if isinstance(node, ast.Attribute) and node.attr == "exchange":
        node = node.value
    return _ends_in(node, "store")


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def bypasses(source: str) -> list[tuple[int, str]]:
    """(line, what) of each store write and each session signal emitted in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func, name = node.func, _called_name(node)
        if isinstance(func, ast.Attribute) and name.startswith(WRITE_PREFIXES) and _is_store(func.value):
            found.append((node.lineno, f"store write .{name}()"))
        elif name == "emit" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) \
                and _ends_in(func.value.value, "session"):
            found.append((node.lineno, f"session signal {func.value.attr}.emit()"))
        elif name in WRITING_FUNCTIONS:
            found.append((node.lineno, f"{name}() writes to the store it is given"))
        elif name in WORKER_FUNCTIONS and any(_is_session_store(a) for a in [*node.args, *(k.value for k in
                                                                                         node.keywords)]):
            found.append((node.lineno, f"{name}() on the window's store"))
    return sorted(found)


def test_only_the_session_writes_or_announces():
    found = [f"reviewer/ui/{path.name}:{line}: {what}" for path in sorted(UI.glob("*.py")) if path.name != GATEWAY
             for line, what in bypasses(path.read_text(encoding="utf-8"))]
    assert not found, "go through a ReviewSession method instead:\n" + "\n".join(found)


def test_the_check_sees_every_kind_of_bypass():
    source = "\n".join([
        "self.session.store.resolve_conflict(cid)",
        "window.session.store.exchange.set_passphrase(text)",
        "store.set_conference(**values)",
        "self.store.add_group('Tổ 1')",
        "self.session.comment_changed.emit(cid)",
        "session.changed.emit(None)",
        "self.window.session.changed.emit(None)",
        "import_packages(session.store, paths)",
        "seed_sample_comments(store, draft_id)",
        "sync_once(self.window.session.store, folder)",
    ])
    assert [line for line, _what in bypasses(source)] == list(range(1, 11))
    reads = "\n".join([
        "session.store.comments(draft_id)",
        "self.session.store.exchange.passphrase()",
        "store.conference()",
        "self.session.add_comment(**fields)",
        "self.settings.set('ui/zoom', 2)",
        "self.relay.finished.emit(result)",
        "sync_once(job.store, folder)",
    ])
    assert bypasses(reads) == []


def _ui_imports(path: Path) -> set[str]:
    """The reviewer.ui modules ``path`` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "reviewer.ui":
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reviewer.ui."):
            names.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[2] for a in node.names if a.name.startswith("reviewer.ui."))
    return names


def test_no_import_cycles_between_the_window_modules():
    graph = {p.stem: _ui_imports(p) for p in UI.glob("*.py")}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
