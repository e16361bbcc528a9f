"""What a run pays before its first document: imports stay lazy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")


def imported_after(statement: str, modules: list[str]) -> dict[str, bool]:
    code = f"import json, sys\n{statement}\nprint(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_pipeline_does_not_import_scipy_or_datasketch():
    # datasketch imports scipy (0.3 s); it is imported where near-duplicates are marked
    assert imported_after("import rashomon.pipeline", ["scipy", "datasketch"]) == {
        "scipy": False, "datasketch": False}


def test_importing_the_pipeline_does_not_import_dateparser_until_a_date_is_read():
    # a document without a publication date, or without a date in it, never needs it
    assert imported_after("import rashomon.pipeline", ["dateparser"]) == {"dateparser": False}
    statement = ("from rashomon.frame import resolve_date\n"
                 "from rashomon.lang import load_language\n"
                 "assert resolve_date('hier', load_language('fr'), '2025-03-10T08:00:00+00:00') == ('2025-03-09', True)")
    assert imported_after(statement, ["dateparser"]) == {"dateparser": True}


def test_marking_near_duplicates_imports_datasketch_when_needed():
    statement = ("from rashomon.duplicates import mark_duplicates\n"
                 "from rashomon.ledger import Document\n"
                 "text = 'Douze drones ont visé la raffinerie de Novozybkov dans la nuit de dimanche.'\n"
                 "marked = mark_duplicates([Document(id='a', text=text), Document(id='b', text=text)])\n"
                 "assert marked[1].duplicate_of == 'a'")
    assert imported_after(statement, ["datasketch"]) == {"datasketch": True}


def test_reading_a_languages_data_from_the_cache_does_not_import_jsonschema(monkeypatch, tmp_path):
    # jsonschema (0.06 s to import) validates the data only when the cache is out of date
    from rashomon.cache import CACHE_DIR_VARIABLE

    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path))
    statement = "from rashomon.lang import load_language\nload_language('fr')"
    assert imported_after(statement, ["jsonschema"]) == {"jsonschema": True}  # validated, cached
    assert imported_after(statement, ["jsonschema"]) == {"jsonschema": False}  # read back
