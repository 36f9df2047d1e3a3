"""A story that platypus consumes as it is made: flowables come from a generator into a short buffer.

``BaseDocTemplate.build(story)`` only ever works at the front of the list it is given. It calls
``len()``, reads ``[0]`` and ``[i]`` (``handle_keepWithNext`` looks ahead along a chain of
``keepWithNext`` flowables, and one beyond), slices ``[:i]``, deletes ``[0]`` and ``[:i]``, and puts
flowables back at the front with ``insert(0, x)`` and ``[0:0] = S`` (the rest of a split, generated
content). :class:`Story` implements exactly these on a buffer refilled from the generator, so a
drawn flowable is dropped at once and the document's memory is that of the pages being laid out,
not of the whole story.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from reportlab.platypus import Flowable

LOOKAHEAD = 8  # flowables kept ahead of the one being laid out (more when a keepWithNext chain is longer)


class Story:
    """The list-like front of a stream of flowables, for ``BaseDocTemplate.build``.

    ``len()`` is the number of flowables buffered, never more (everything it counts can be indexed),
    and 0 only when the stream is exhausted; before it answers, the buffer is filled to
    ``LOOKAHEAD`` flowables and past the end of any ``keepWithNext`` chain at its front, so platypus
    sees such a chain whole, as it would in a list.
    """

    def __init__(self, flowables: Iterable[Flowable], lookahead: int = LOOKAHEAD):
        self._source: Iterator[Flowable] | None = iter(flowables)
        self._buffer: list[Flowable] = []
        self._lookahead = max(2, lookahead)
        self._checked: Flowable | None = None  # a front flowable known not to start a keepWithNext chain

    def _fill(self, wanted: int) -> None:
        """Read until ``wanted`` flowables are buffered and a keepWithNext chain at the front is
        followed by the flowable that ends it (or until the stream ends)."""
        buf, source = self._buffer, self._source
        while source is not None:
            if len(buf) >= wanted:
                if buf and buf[0] is self._checked:  # the front has not changed since it was looked at
                    return
                chain = 0
                while chain < len(buf) and _keeps_with_next(buf[chain]):
                    chain += 1
                if chain < len(buf):
                    self._checked = buf[0] if not chain else None
                    return
            try:
                buf.append(next(source))
            except StopIteration:
                self._source = source = None

    def __len__(self) -> int:
        self._fill(self._lookahead)
        return len(self._buffer)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop is not None and key.stop < 0):
                raise IndexError("a story is sliced only from its front")
            if key.stop is None:
                raise IndexError("a story has no end to slice to")
            self._fill(key.stop)
            return self._buffer[key]
        if key < 0:
            raise IndexError("a story is read only from its front")
        if key >= len(self._buffer):
            self._fill(key + 1)
        return self._buffer[key]

    def __setitem__(self, key, value) -> None:
        if not (isinstance(key, slice) and key.start in (None, 0) and key.stop == 0 and key.step is None):
            raise IndexError("flowables go back only at the front of a story ([0:0] = ...)")
        self._buffer[0:0] = value

    def __delitem__(self, key) -> None:
        if isinstance(key, slice):
            if key.start not in (None, 0) or key.step not in (None, 1) or key.stop is None or key.stop < 0:
                raise IndexError("a story is consumed only from its front")
            self._fill(key.stop)
        elif key != 0:
            raise IndexError("a story is consumed only from its front")
        del self._buffer[key]

    def insert(self, index: int, flowable: Flowable) -> None:
        if index != 0:
            raise IndexError("flowables go back only at the front of a story")
        self._buffer.insert(0, flowable)

    def __iter__(self) -> Iterator[Flowable]:
        """Consumes the story: each flowable is dropped as it is handed out."""
        while len(self):
            yield self._buffer.pop(0)


def _keeps_with_next(f: Flowable) -> bool:
    try:
        return bool(f.getKeepWithNext())
    except AttributeError:  # not a Flowable (platypus would fail on it later, where it always did)
        return False
