"""argparse's own words (usage, headings, -h, its error lines) in the interface's language."""
from __future__ import annotations

import argparse
import gettext
import re

import pytest

from reviewer import i18n
from reviewer.cli import main


@pytest.fixture
def vietnamese(monkeypatch):
    monkeypatch.setenv("REVIEWER_LANG", "vi")
    i18n.set_language(None)  # the environment is read once per process; this reads it again


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


ENGLISH = ("usage:", "positional arguments", "options:", "show this help message and exit",
           "the following arguments are required", "invalid choice", "unrecognized arguments",
           "expected one argument", "choose from")


def assert_no_english(text: str) -> None:
    found = [words for words in ENGLISH if words in text]
    assert not found, text


def test_help_in_vietnamese(vietnamese, capsys):
    code, out, _err = run(capsys, "comment", "--help")
    assert code == 0
    assert_no_english(out)
    assert out.startswith("cách dùng: reviewer comment ")
    assert "\ntham số vị trí:\n" in out and "\ntùy chọn:\n" in out
    assert "-h, --help  hiện trợ giúp này rồi thoát" in out
    assert "liệt kê ý kiến về dự thảo theo từng mục" in out  # our own help, as before
    # Only while the command line is read: argparse is left as it was for anyone else in the process.
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert "show this help message and exit" in argparse.ArgumentParser(prog="x").format_help()


def test_top_level_help_follows_the_language(vietnamese, capsys, monkeypatch):
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert_no_english(out)
    assert out.startswith("cách dùng: reviewer ")

    monkeypatch.setenv("REVIEWER_LANG", "en")
    i18n.set_language(None)
    code, out, _err = run(capsys, "--help")
    assert out.startswith("usage: reviewer ") and "\noptions:\n" in out


@pytest.mark.parametrize(("args", "expected"), [
    (("comment", "add", "--draft", "x"), "reviewer comment add: thiếu tham số bắt buộc: --section, --group"),
    (("comment", "frob"), "reviewer comment: tham số ACTION: lựa chọn không hợp lệ: 'frob' (chọn một trong: "),
    (("export", "pdf", "--draft", "x", "-o", "a.pdf", "--layout", "wide"),
     "tham số --layout: lựa chọn không hợp lệ: 'wide'"),
    (("comment", "list", "--draft"), "reviewer comment list: tham số --draft: cần một giá trị"),
    (("draft", "list", "--jsn"), "reviewer: không nhận ra tham số: --jsn"),
])
def test_argument_errors_in_vietnamese(vietnamese, capsys, args, expected):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert_no_english(err)
    assert err.startswith("cách dùng: ")
    assert expected in err


def test_every_string_argparse_shows_has_a_translation():
    # What a user can meet: headings, -h, and the error lines of the options and commands we declare.
    shown = ["usage: ", "positional arguments", "options", "show this help message and exit",
             "the following arguments are required: %s", "invalid choice: %(value)r (choose from %(choices)s)",
             "argument %(argument_name)s: %(message)s", "unrecognized arguments: %s", "not allowed with argument %s",
             "ignored explicit argument %r", "expected one argument", "expected at least one argument",
             "expected %s argument", "ambiguous option: %(option)s could match %(matches)s"]
    catalogue = i18n.catalogue("vi")
    missing = [m for m in shown if m not in catalogue]
    assert not missing
    for m in shown:  # argparse fills them with %: the same fields, in the same form
        assert sorted(_fields(m)) == sorted(_fields(catalogue[m])), m


def _fields(text: str) -> list[str]:
    return re.findall(r"%(?:\(\w+\))?[sr]", text)
