"""Text typed but not yet saved survives a crash or a power cut and is offered back on restart."""
from __future__ import annotations

import json
from pathlib import Path

from reviewer.files import write_bytes_atomic
from reviewer.paths import user_data_dir


def recovery_path() -> Path:
    return user_data_dir() / "unsaved-comment.json"


def save_unsaved(state: dict) -> None:
    """Written atomically and durably (see reviewer.files)."""
    path = recovery_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, json.dumps(state, ensure_ascii=False).encode("utf-8"))


def load_unsaved() -> dict | None:
    try:
        state = json.loads(recovery_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not str(state.get("fields", {}).get("text", "")).strip():
        return None
    return state


def clear_unsaved() -> None:
    recovery_path().unlink(missing_ok=True)
