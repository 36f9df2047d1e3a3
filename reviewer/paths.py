"""Where bundled resources and per-user files live, resolved in one place."""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # An installed wheel carries resources/ and db/ inside the package; a source
    # checkout (or an editable install) has them at the top of the repository.
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def resource_path(*parts: str) -> Path:
    return _bundled("resources").joinpath(*parts)


def migrations_dir() -> Path:
    return _bundled("db")


def sample_draft() -> Path:
    return resource_path("samples", "du-thao-bao-cao-2024.docx")


def user_data_dir() -> Path:
    """The per-user data folder; REVIEWER_HOME overrides it (tests never touch a real profile)."""
    override = os.environ.get("REVIEWER_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path  # deferred: not needed when REVIEWER_HOME is set (tests)

    return user_data_path("draft-reviewer", appauthor=False)
