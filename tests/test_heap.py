"""glibc's heap thresholds, set again where a Dask nanny froze them (heap.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")

# whether the thresholds were set in a new process, with or without the nanny's variable
REPORT = "from rashomon.heap import roomy_heap, heap_is_roomy, libc_mallopt; " \
         "print(roomy_heap(), roomy_heap(), heap_is_roomy(), libc_mallopt() is not None)"


def run_python(**environ: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    env.update(environ, PYTHONPATH=os.pathsep.join([SRC, env.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", REPORT], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_a_plain_process_keeps_glibcs_own_thresholds():
    first, again, roomy, _ = run_python()
    assert (first, again, roomy) == ("False", "False", "False")


def test_under_a_nannys_trim_threshold_the_thresholds_are_set_once():
    first, again, roomy, glibc = run_python(MALLOC_TRIM_THRESHOLD_="65536")
    # on glibc: set the first time, nothing to do the second; elsewhere never
    assert (first, again, roomy) == (glibc, "False", glibc)
