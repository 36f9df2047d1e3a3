"""Text typed but not yet saved survives a crash or a power cut and is offered back on restart."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from reviewer.paths import user_data_dir


def recovery_path() -> Path:
    return user_data_dir() / "unsaved-comment.json"


def save_unsaved(state: dict) -> None:
    """Write atomically and durably: a temporary file, fsync, rename."""
    path = recovery_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".unsaved-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
