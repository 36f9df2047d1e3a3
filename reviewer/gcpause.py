"""Pausing Python's cycle collector around work that allocates a great many objects."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading a draft or laying out an export allocates hundreds of thousands of small long-lived
    objects and few cycles worth collecting; every full collection would walk all of them again
    (that was a third of a large table export). Nested and concurrent uses leave the collector
    enabled once the outermost one that paused it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
