"""How the fuzz tests run: many examples, a fixed seed, found examples kept.

Every fuzz target uses ``@fuzz`` so CI runs the same 2,000 examples each time (a fixed
seed makes a failure reproducible on any machine) and replays, first, every example
that once failed: hypothesis saves them in ``tests/hypothesis-examples/``, which is
kept in the repository. Shrunk failures found on a developer's machine thus become
regression cases for everyone.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, seed, settings
from hypothesis.database import DirectoryBasedExampleDatabase

EXAMPLES = Path(__file__).parent / "hypothesis-examples"
FUZZ_EXAMPLES = 2000
FUZZ_SEED = 20261204

class KeptExamples(DirectoryBasedExampleDatabase):
    """Hypothesis's example database that never forgets: an example that once failed
    stays a regression case after the fix (hypothesis deletes examples that pass)."""

    def delete(self, key: bytes, value: bytes) -> None:
        pass


FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    database=KeptExamples(str(EXAMPLES)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
    print_blob=True,
)


def fuzz(test=None, *, examples: int = FUZZ_EXAMPLES):
    """Decorate a ``@given`` test as a fuzz target: fixed seed, example database, and
    ``examples`` runs (2,000 unless a target is too slow for CI and says why)."""
    def wrap(function):
        # seed first: @seed turns the example database off, the settings over it turn it back on
        return settings(FUZZ_SETTINGS, max_examples=examples)(seed(FUZZ_SEED)(function))
    return wrap(test) if test is not None else wrap
