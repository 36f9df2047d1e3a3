"""The floor: the least work that opening a draft can cost. Standalone: the benchmark runs a copy.

    python floor.py DRAFT.docx

Unzip word/document.xml, parse it with lxml and collect every paragraph's text.
"""
import sys
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def floor(path):
    with zipfile.ZipFile(path) as zf:
        data = zf.read("word/document.xml")
    root = etree.fromstring(data)
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


if __name__ == "__main__":
    print(len(floor(sys.argv[1])))
