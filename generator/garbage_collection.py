"""Fewer runs of Python's cyclic garbage collector while the pipeline makes its pages.

Why: rendering makes millions of short-lived objects while the loaded data (hundreds of MB at 5,000
initiatives) stays alive, and with CPython's default thresholds (700, 10, 10) the collector walks that
live data again and again (what it costs: bench/RESULTS.md, "Fewer garbage collections"). mypy raises
its thresholds to the same values for the same reason (mypy/build.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (200_000, 30, 30)  # allocations before a young collection; young runs per middle; middle per full


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds for the ``with`` block, then put back the caller's."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
