"""glibc's heap, as a Dask nanny leaves it, made fit for parsing again.

A Dask nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (its
``distributed.nanny.pre-spawn-environ``), so that a worker hands freed memory back
to the system sooner. Setting that threshold also stops glibc from adapting its
mmap threshold, which otherwise rises to the size of the buffers a program frees:
every buffer over 128 KiB is then mapped and unmapped afresh, and the parsers
allocate and free such buffers (the arrays of a batch) all the time. Measured on
this project's evaluation documents, one thread CPU time for the same work:
2.19-2.35 s in a plain process, 2.53-2.69 s with that variable set, 2.16-2.17 s
with it set and the thresholds below.

``roomy_heap`` gives glibc fixed thresholds that let a parse reuse its heap --
buffers up to 32 MiB from the heap, memory handed back once 64 MiB at its top are
free -- and only where that variable is set: a plain process keeps glibc's own
adaptive thresholds. It does nothing on a system whose C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Mapping

# mallopt's parameters (glibc's malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 64 * 1024 * 1024

_done = False


def roomy_heap(environ: Mapping[str, str] | None = None) -> bool:
    """Set the heap thresholds when ``MALLOC_TRIM_THRESHOLD_`` froze glibc's; True
    when they were set. Once per process."""
    global _done
    environ = os.environ if environ is None else environ
    if _done or "MALLOC_TRIM_THRESHOLD_" not in environ:
        return False
    mallopt = libc_mallopt()
    if mallopt is None:
        return False
    _done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _done


def heap_is_roomy() -> bool:
    """Did ``roomy_heap`` set this process's thresholds?"""
    return _done


def libc_mallopt():
    """glibc's ``mallopt``, or None where the C library is another or cannot be loaded."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        return libc.mallopt if name and "libc" in name else None
    except (OSError, AttributeError):
        return None
