"""A package costs what its limits allow and no more: refused up front when too large or too full,
and never more than 400 MB of memory to import, whatever it holds."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reviewer.exchange import PackageError, read_package_file
from reviewer.exchange import package as package_module
from tests.benchmarks import limits_bench

REPO = Path(__file__).resolve().parents[2]


def test_a_small_file_holding_half_a_gigabyte_of_comments_is_refused_before_inflating(tmp_path, monkeypatch):
    path = limits_bench.huge_text_package(tmp_path)
    assert path.stat().st_size < 4 * 2**20
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated"))
    with pytest.raises(PackageError) as err:
        read_package_file(path)
    assert err.value.code == "too_large" and "32 MB" in str(err.value)


def test_a_whitespace_bomb_is_refused_before_inflating(tmp_path, monkeypatch):
    path = limits_bench.whitespace_package(tmp_path)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated"))
    with pytest.raises(PackageError) as err:
        read_package_file(path)
    assert err.value.code == "too_large"


@pytest.mark.parametrize("shape", ["keys", "strings", "lists"])
def test_json_with_too_many_values_is_refused_before_parsing(tmp_path, monkeypatch, shape):
    path = limits_bench.costly_json_package(tmp_path, shape, package_module.MAX_VALUES + 1000,
                                            package_module.MAX_UNPACKED_BYTES)
    real_loads = json.loads

    def loads(text, *a, **k):
        if len(text) > 2**20:  # the manifest is parsed; the comments must not be
            pytest.fail("parsed")
        return real_loads(text, *a, **k)

    monkeypatch.setattr(json, "loads", loads)
    with pytest.raises(PackageError) as err:
        read_package_file(path)
    assert err.value.code == "too_large" and "too many entries" in str(err.value)


def test_the_costliest_package_the_limits_allow_imports_in_under_400_mb(tmp_path):
    path = limits_bench.costly_json_package(tmp_path, "keys", package_module.MAX_VALUES - 1000,
                                            package_module.MAX_UNPACKED_BYTES)
    peak_mb, _seconds, code, line = limits_bench.run(["package", "import", str(path), "--db",
                                                      str(tmp_path / "r.sqlite3")])
    assert code == 2 and "Traceback" not in line and "damaged" in line
    assert peak_mb < 400, peak_mb
