"""Pausing Python's cyclic garbage collector around a bulk computation."""

import gc
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused():
    """Run the block (or the decorated function) without the cyclic garbage collector.

    A bulk computation (a stage's results: 10,000s of rows, Decimals and dicts) allocates
    fast enough to trigger a collection every few hundred objects, and the older
    generations' collections walk every tracked object of the process: at 10,000 entries
    that was 0.08–0.15 s of the task's 0.3 s of Python (bench/README.md). Reference
    counting still frees everything as usual; the few cycles made meanwhile are collected
    once the collector is back on. Process-wide: a block entered while it was already off
    leaves it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
