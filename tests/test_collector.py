"""The garbage-collector pause around bulk allocation: state restored, long-lived objects
moved to the oldest generation without a scan."""

from __future__ import annotations

import gc

from pirsite.collector import collector_paused


class Record:  # a tracked object, like the records and facts
    pass


def in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_paused_it_keeps_it_paused() -> None:
    gc.disable()
    try:
        with collector_paused(long_lived=True):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_long_lived_objects_go_straight_to_the_oldest_generation() -> None:
    with collector_paused(long_lived=True):
        kept = Record()
    assert in_generation(kept, 2)
    assert gc.get_count()[0] < 50  # no young backlog left for the next collection to scan


def test_short_lived_objects_stay_young() -> None:
    with collector_paused():
        young = Record()
    assert not in_generation(young, 2)
