"""What a process loads once is made without the cyclic collector, then frozen (longlived.py)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from rashomon.longlived import loaded_once, long_lived

SRC = str(Path(__file__).resolve().parent.parent / "src")


class Node:
    """An object in a reference cycle: only the cyclic collector reclaims it."""

    def __init__(self) -> None:
        self.itself = self


def tracked(obj) -> bool:
    """Does a collection walk ``obj`` (frozen objects are not listed)?"""
    return any(o is obj for o in gc.get_objects())


@pytest.fixture(autouse=True)
def collector_restored():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_a_loader_runs_without_collections_and_what_it_made_is_frozen_after():
    seen = {}

    @loaded_once
    def load() -> Node:
        seen["enabled while loading"] = gc.isenabled()
        return Node()

    gc.enable()
    model = load()
    assert seen == {"enabled while loading": False}
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0 and not tracked(model)


def test_what_is_made_after_the_loader_is_collected_as_usual():
    with long_lived():
        Node()  # the model
    document = Node()
    assert tracked(document)
    freed = weakref.ref(document)
    del document
    gc.collect()
    assert freed() is None


def test_nested_loaders_freeze_once_when_the_outermost_ends():
    gc.enable()
    with long_lived():
        with long_lived():
            inner = Node()
        assert not gc.isenabled() and tracked(inner)  # the outer loader is still loading
    assert gc.isenabled() and not tracked(inner)


def test_a_program_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    with long_lived():
        Node()
    assert not gc.isenabled()


def test_the_collector_comes_back_when_a_loader_fails():
    @loaded_once
    def broken():
        raise OSError("no model")

    gc.enable()
    with pytest.raises(OSError):
        broken()
    assert gc.isenabled()


def test_importing_rashomon_leaves_the_collector_on_and_its_modules_frozen():
    code = ("import gc, json, rashomon, spacy\n"
            "print(json.dumps([gc.isenabled(), gc.get_freeze_count() > 0,"
            " any(o is spacy.load for o in gc.get_objects())]))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, True, False]
