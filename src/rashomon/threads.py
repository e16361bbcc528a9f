"""One BLAS thread per process, unless the user says otherwise.

numpy's BLAS (OpenBLAS in its wheels) starts as many threads as there are cores
for every matrix product. natasha's taggers and spaCy's models multiply small
matrices, one sentence or one batch at a time: the threads cost more to wake than
they save, and with several processes (Dask workers, a web server's workers, the
parser next to other work) they fight over the cores. On a loaded 2-core machine
natasha ran 3.5-6.8 times slower with the default threads than with one.

``one_blas_thread`` runs when ``rashomon`` is imported, before anything of ours
loads numpy: it sets the variables the BLAS libraries read when they start. When
numpy was loaded before (a program that imported numpy or spaCy first, a Dask
worker), the library has read them already; then threadpoolctl, when installed,
sets the running library's threads. A variable the user set is kept as it is,
and then none is set: ``OMP_NUM_THREADS=4`` alone means four threads, and
``OPENBLAS_NUM_THREADS=1`` beside it would override that.
"""

from __future__ import annotations

import os
import sys
from typing import MutableMapping

# what OpenBLAS, MKL and OpenMP read when they start (OpenBLAS reads the first two)
BLAS_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(environ: MutableMapping[str, str] | None = None) -> bool:
    """Set one BLAS thread for this process unless the user set any of
    ``BLAS_VARIABLES``; True when it did."""
    environ = os.environ if environ is None else environ
    if any(environ.get(name) for name in BLAS_VARIABLES):
        return False
    for name in BLAS_VARIABLES:
        environ[name] = "1"
    if "numpy" in sys.modules and environ is os.environ:
        _limit_loaded_blas()
    return True


def _limit_loaded_blas() -> None:
    """numpy is loaded and its BLAS started with the default threads: set them now,
    through threadpoolctl if it is installed (it is not a dependency of rashomon)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")
