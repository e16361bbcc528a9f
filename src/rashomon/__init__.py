"""rashomon: who claims what about contested events of a war.

    >>> from rashomon import analyze_paths
    >>> ledger = analyze_paths(["examples/"])
    >>> ledger.to_json()["findings"]
"""

__version__ = "0.1.0"

# before any module of ours loads numpy: one BLAS thread per process (threads.py says why)
from .threads import one_blas_thread  # noqa: E402

one_blas_thread()

from .longlived import long_lived  # noqa: E402

# the modules imported here (spaCy's among them) live as long as the process (longlived.py)
with long_lived():
    from .ledger import Claim, Document, Event, Fact, Finding, Ledger, Source  # noqa: E402
    from .pipeline import Analysis, analyze_documents, analyze_paths  # noqa: E402

__all__ = ["Analysis", "Claim", "Document", "Event", "Fact", "Finding", "Ledger", "Source",
           "analyze_documents", "analyze_paths", "__version__"]
