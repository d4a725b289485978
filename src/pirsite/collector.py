"""Pausing Python's cyclic garbage collector around bulk allocation.

A check and the metrics after it allocate hundreds of thousands of small,
acyclic, long-lived objects (records, facts). With the collector running,
every full collection would rescan all of them (about a third of the metrics'
time at 10,000 incidents); and once it runs again, the young collections would
scan them all once more only to promote them (about 0.2 s). So the collector
is paused while they are made, and objects meant to live on are moved straight
to the oldest generation: `gc.freeze` then `gc.unfreeze`, O(1) list moves. The
oldest generation still collects them when its own threshold says so.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, long_lived: bool = False) -> Iterator[None]:
    """No cyclic collection inside; with ``long_lived``, what exists at the end moves to the
    oldest generation unscanned. The collector's state is restored (a caller that paused
    it already keeps it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if long_lived:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
