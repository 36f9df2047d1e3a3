"""Shared fixtures: tests never touch a real user profile, and always start in English."""
from __future__ import annotations

import pytest

from reviewer import i18n


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("REVIEWER_HOME", str(tmp_path_factory.mktemp("profile")))
    monkeypatch.setenv("REVIEWER_LANG", "en")
    i18n.set_language(None)
    yield
    i18n.set_language(None)
