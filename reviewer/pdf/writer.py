"""How finished pages leave memory.

reportlab keeps every page until the document is saved: its drawing operators as text and a page
object of some thirty attributes; saving then joins the whole file in memory before writing it.
Here, as each page ends (:class:`SpillCanvas`), its stream is compressed as reportlab would compress
it when saving and set aside in a temporary file, and the page object is replaced by a
:class:`_FinishedPage` of a few fields; when saving (:func:`streamed`), each object goes to the
output as it is formatted, a page rebuilt and its stream read back just then. The file is byte for
byte what reportlab writes; memory holds the page being made, and about a kilobyte for each other
one (reportlab's register of the document's objects, for the cross-reference table).
"""
from __future__ import annotations

import functools
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

_FLATE = pdfdoc.PDFZCompress.pdfname


class _SpilledStream(pdfdoc.PDFStream):
    """A page's content stream, already compressed, waiting in the temporary file until it is written."""

    __Comment__ = "page stream"

    def __init__(self, spill: IO[bytes], offset: int, size: int):
        self.spill, self.offset, self.size = spill, offset, size  # (no dictionary kept meanwhile)

    def format(self, document):
        # The filter named up front: PDFStream.format then takes the content as already encoded.
        self.dictionary = pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFArray([pdfdoc.PDFName(_FLATE)])})
        self.filters = None
        self.spill.seek(self.offset)
        self.content = self.spill.read(self.size)
        try:
            return super().format(document)
        finally:
            del self.dictionary, self.filters, self.content


class _Fresh:
    """Stands for an empty container of a finished page: a new one is made when the page is rebuilt."""

    def __init__(self, make: Callable[[], object]):
        self.make = make


_EMPTY = {list: _Fresh(list), dict: _Fresh(dict), pdfdoc.PDFDictionary: _Fresh(pdfdoc.PDFDictionary)}
_states: dict[tuple, tuple] = {}  # the attributes of plain finished pages: nearly always one and the same


class _FinishedPage(pdfdoc.PDFObject):
    """A finished page, kept as its attributes (shared with the pages that have the same) and where its
    stream waits, until saving formats the PDFPage it was."""

    __RefOnly__ = 1
    __Comment__ = pdfdoc.PDFPage.__Comment__

    def __init__(self, name: str, state: tuple, contents: _SpilledStream):
        self.__InternalName__ = name  # as registered with the document (pdfdoc's __InternalName__)
        self.state = state
        self.spill, self.offset, self.size = contents.spill, contents.offset, contents.size

    @classmethod
    def of(cls, page: pdfdoc.PDFPage, contents: _SpilledStream) -> _FinishedPage | None:
        """``page`` in a few fields, or None if it holds more than plain values and empty containers
        (then it stays as it is)."""
        default = _plain_page()
        state = []
        for key, value in page.__dict__.items():
            if key in ("__InternalName__", "Contents") or (value is None and key in default):
                continue
            if isinstance(value, (list, dict, pdfdoc.PDFDictionary)):
                if type(value) not in _EMPTY or (value.dict if type(value) is pdfdoc.PDFDictionary else value):
                    return None
                value = _EMPTY[type(value)]
            elif value is not None and type(value) not in (bool, int, float, str):
                return None
            state.append((key, value))
        key = tuple(state)
        if len(_states) < 64:  # (a bound, should pages ever differ in many ways)
            key = _states.setdefault(key, key)
        return cls(page.__InternalName__, key, contents)

    def format(self, document):
        page = pdfdoc.PDFPage()
        for key, value in self.state:
            setattr(page, key, value.make() if isinstance(value, _Fresh) else value)
        page.Contents = _SpilledStream(self.spill, self.offset, self.size)
        page.__InternalName__ = self.__InternalName__
        return page.format(document)


@functools.cache
def _plain_page() -> frozenset[str]:
    """The attributes a new PDFPage has (all None): a rebuilt page has them again without keeping them."""
    return frozenset(k for k, v in pdfdoc.PDFPage().__dict__.items() if v is None)


class SpillCanvas(Canvas):
    """A canvas whose finished pages leave memory (see the module's docstring)."""

    def __init__(self, *args, spill: IO[bytes], **kw):
        super().__init__(*args, **kw)
        self._spill = spill
        self._spilled = spill.seek(0, 2)  # where the next page's stream goes (no seeking while writing)

    def showPage(self):
        pages = self._doc.Pages.pages
        before = len(pages)
        super().showPage()
        for i in range(before, len(pages)):
            page = pages[i]
            # Only what reportlab would compress the same way when saving (Flate alone, ASCII85 off),
            # and without the debugging comments that name each object's class.
            if (type(page) is not pdfdoc.PDFPage or not page.stream or not page.compression or rl_config.useA85
                    or rl_config.pdfComments):
                continue
            data = zlib.compress(page.stream.encode("utf8"))
            self._spill.write(data)
            page.Contents = _SpilledStream(self._spill, self._spilled, len(data))
            self._spilled += len(data)
            page.stream = None
            finished = _FinishedPage.of(page, page.Contents)
            registered = self._doc.idToObject
            if finished is not None and registered.get(page.__InternalName__) is page:
                pages[i] = registered[page.__InternalName__] = finished


class _StreamedFile(pdfdoc.PDFFile):
    """reportlab's accumulator of the PDF file, writing each piece to ``out`` instead of keeping it."""

    def __init__(self, pdfVersion=pdfdoc.PDF_VERSION_DEFAULT, *, out: IO[bytes]):
        super().__init__(pdfVersion)  # adds the header to self.strings
        for s in self.strings:
            out.write(s)
        self.strings = []
        self.write = out.write  # add() keeps counting the offsets of the cross-reference table

    def format(self, document):
        return b""  # all of it is written already


@contextmanager
def streamed(out: IO[bytes]) -> Iterator[Callable[..., Canvas]]:
    """For building one document into the file object ``out``: the canvas maker to build it with
    (a :class:`SpillCanvas` with its temporary file, removed at the end), and the PDF written as it
    is formatted when the canvas saves it.

    PDFDocument.format makes its accumulator by the module's name ``PDFFile``, so that name is
    replaced meanwhile; callers hold the lock that serialises builds."""
    with tempfile.TemporaryFile(prefix="reviewer-pdf-") as spill:
        saved = pdfdoc.PDFFile
        pdfdoc.PDFFile = functools.partial(_StreamedFile, out=out)
        try:
            yield functools.partial(SpillCanvas, spill=spill)
        finally:
            pdfdoc.PDFFile = saved
