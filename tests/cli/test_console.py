"""The console command ends its process without the interpreter's teardown: nothing of that may be
lost (the whole output, the exit status, the exit handlers)."""
from __future__ import annotations

import json
import subprocess
import sys

from reviewer.docx import read_document
from reviewer.paths import sample_draft

SCRIPT = ("import atexit, sys\n"
          "atexit.register(lambda: sys.stderr.write('handlers ran\\n'))\n"
          "from reviewer.cli import console\n"
          "sys.argv = ['reviewer', *sys.argv[1:]]\n"
          "console()\n")


def _console(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_the_outline_arrives_whole_and_exit_handlers_run():
    done = _console("outline", "--json", str(sample_draft()))
    assert done.returncode == 0
    assert json.loads(done.stdout) == json.loads(json.dumps(read_document(sample_draft()).to_json()))
    assert done.stderr == "handlers ran\n"


def test_a_refused_file_still_says_why_with_its_status(tmp_path):
    done = _console("outline", str(tmp_path / "không-có.docx"))
    assert done.returncode == 2 and done.stdout == ""
    assert "không-có.docx" in done.stderr and done.stderr.endswith("handlers ran\n")


def test_output_cut_short_by_the_reader_is_not_an_error():
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, "outline", "--json", str(sample_draft())],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    _out, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err
