"""Fixtures shared by the exchange tests."""
from __future__ import annotations

import pytest

from tests.exchange.helpers import laptop


@pytest.fixture
def pair(tmp_path):
    """Two laptops holding the same draft: (store a, store b, draft id)."""
    a, draft = laptop(tmp_path, "a")
    b, _ = laptop(tmp_path, "b")
    yield a, b, draft
    a.close()
    b.close()
