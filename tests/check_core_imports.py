"""Fail when the core (reviewer/ outside reviewer/ui/) imports Qt, directly or through another module."""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def core_modules() -> list[str]:
    root = Path(__file__).resolve().parents[1] / "reviewer"
    return [f"reviewer.{m.name}" for m in pkgutil.iter_modules([str(root)]) if m.name != "ui"]


def main() -> int:
    class _Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in QT:
                raise ImportError(f"the core must not import {name}")
            return None

    sys.meta_path.insert(0, _Block())
    failures = []
    for name in core_modules():
        try:
            importlib.import_module(name)
        except ImportError as exc:
            failures.append(f"{name}: {exc}")
    for line in failures:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
