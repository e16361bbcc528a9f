"""One BLAS thread per process (threads.py), unless the user set the threads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.threads import BLAS_VARIABLES, one_blas_thread

SRC = str(Path(__file__).resolve().parent.parent / "src")

# prints the variables and the threads of the BLAS numpy loaded, as JSON
REPORT = """
import json, os
{imports}
from threadpoolctl import threadpool_info
print(json.dumps({{"env": {{name: os.environ.get(name) for name in {names!r}}},
                  "blas": [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]}}))
"""


def run_python(imports: str, **environ: str) -> dict:
    pytest.importorskip("threadpoolctl")
    env = {k: v for k, v in os.environ.items() if k not in BLAS_VARIABLES}
    env.update(environ, PYTHONPATH=os.pathsep.join([SRC, env.get("PYTHONPATH", "")]))
    code = REPORT.format(imports=imports, names=BLAS_VARIABLES)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_rashomon_sets_one_blas_thread_before_numpy_loads():
    found = run_python("import rashomon\nimport numpy")
    assert found["env"] == {name: "1" for name in BLAS_VARIABLES}
    assert found["blas"] and set(found["blas"]) == {1}


def test_numpy_loaded_before_rashomon_still_runs_one_blas_thread():
    found = run_python("import numpy\nimport rashomon")
    assert set(found["blas"]) == {1}


def test_a_thread_count_the_user_set_is_kept_and_nothing_added():
    found = run_python("import rashomon\nimport numpy", OMP_NUM_THREADS="2")
    assert found["env"] == {"OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": None, "MKL_NUM_THREADS": None}


def test_one_blas_thread_sets_every_variable_only_when_none_is_set():
    empty: dict[str, str] = {}
    assert one_blas_thread(empty) is True
    assert empty == {name: "1" for name in BLAS_VARIABLES}
    users = {"MKL_NUM_THREADS": "8"}
    assert one_blas_thread(users) is False
    assert users == {"MKL_NUM_THREADS": "8"}
