"""Shared fixtures: the French pipeline, loaded once per test process."""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

# the disk cache of the gazetteer and the registry (cache.py) in a folder of the test
# runs, not the user's (subprocesses of the tests inherit it)
os.environ.setdefault("RASHOMON_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"rashomon-test-cache-{os.getuid()}"))

from rashomon.lang import load_language
from rashomon.ledger import Document
from rashomon.pipeline import analyze_documents


@pytest.fixture(scope="session")
def fr():
    return load_language("fr")


@pytest.fixture(scope="session")
def analyze_fr():
    """Analyse French texts as documents; returns the ledger with everything the rules
    found (no confidence threshold: test_confidence.py tests that)."""
    from rashomon.pipeline import Analysis
    from rashomon.settings import Settings

    everything = Analysis(settings=Settings(min_confidence=0.0))

    def run(*texts: str, published: str | None = "2025-03-10T08:00:00+00:00", publisher: str | None = None):
        documents = [Document(id=f"d{i}", text=text, lang="fr", published=published, publisher=publisher)
                     for i, text in enumerate(texts)]
        return analyze_documents(documents, analysis=everything)

    return run


@pytest.fixture(scope="session")
def attribute_fr(fr):
    """Parse and attribute French texts, without resolving speakers in the source
    registry: claims name their speakers as the text does. The registry still says
    whether words name a speaker at all (a dash signature needs that evidence)."""
    from rashomon.attribute import attribute_document, to_claim
    from rashomon.parse import parse_documents
    from rashomon.sources import default_registry

    registry = default_registry()

    def run(text: str, *, publisher: str | None = None):
        document = Document(id="d0", text=text, lang="fr", publisher=publisher)
        (_, pieces), = parse_documents([document])
        found = attribute_document(document, pieces, fr,
                                   speaker_evidence=lambda words, code: registry.evidence(words, lang=code))
        return [to_claim(f, document, fr) for f in found]

    return run


# --- real services: PostgreSQL and Chromium ------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"


def service_missing(what: str, why: str):
    """Skip a test that needs a service this machine lacks, saying why; in CI, where
    tests/services.sh installs and starts every service, a missing one is a failure."""
    message = f"{what} unavailable: {why}"
    if IN_CI:
        pytest.fail(f"{message} (CI must run every test; see tests/services.sh)")
    pytest.skip(f"{message}. Run `make test` as root to install and start it (tests/services.sh).")


def postgres_server_url() -> str | None:
    """The server tests/services.sh started, or RASHOMON_TEST_POSTGRES."""
    url = os.environ.get("RASHOMON_TEST_POSTGRES")
    marker = ROOT / ".services" / "postgres.url"
    if not url and marker.exists():
        url = marker.read_text().strip()
    return url or None


@contextmanager
def fresh_postgres_database():
    """A fresh, empty PostgreSQL database on the test server, dropped on leaving; skips
    (fails in CI) when there is no server."""
    server = postgres_server_url()
    if server is None:
        service_missing("PostgreSQL", "no server was started (no .services/postgres.url, no RASHOMON_TEST_POSTGRES)")
    import psycopg
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    name = f"rashomon_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(plain, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as err:
        service_missing("PostgreSQL", f"cannot connect to {plain}: {err}")
    base, _, _ = server.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A store's URL for one test: an SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def chromium_paths():
    """Debian's Chromium and ChromeDriver: (browser, driver)."""
    import shutil
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not browser or not driver:
        service_missing("Chromium", "Debian's chromium and chromium-driver packages are not installed")
    return browser, driver
