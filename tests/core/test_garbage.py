"""The cyclic garbage collector paused around a bulk computation, and back on after it."""

import gc

import pytest

from core.garbage import cyclic_gc_paused

pytestmark = pytest.mark.unit


@pytest.fixture
def collector_on():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on):
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_on_again_after_an_error(collector_on):
    with pytest.raises(ValueError), cyclic_gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_nested_pause_leaves_it_to_the_outer_one(collector_on):
    with cyclic_gc_paused():
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_as_a_decorator_each_call_pauses_it(collector_on):
    @cyclic_gc_paused()
    def inside():
        return gc.isenabled()

    assert inside() is False
    assert inside() is False
    assert gc.isenabled()
