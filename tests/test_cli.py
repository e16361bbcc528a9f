"""The ``rashomon`` command through Typer's ``CliRunner``: outputs, errors, exit codes.

The pipeline is slow to load, so each scenario runs the command once in a
module-scoped fixture and the tests read its result.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from rashomon import __version__
from rashomon.cli import app
from rashomon.report import validate_ledger

MOD = ("Le ministère russe de la Défense a indiqué dimanche que douze drones ukrainiens avaient été "
       "interceptés au-dessus de la région de Briansk.\n\n"
       "Selon le média indépendant ASTRA, deux réservoirs de la raffinerie de Novozybkov ont pris feu.\n")
GOVERNOR = ("Le gouverneur de la région de Briansk, Alexandre Bogomaz, a affirmé lundi qu'il n'y avait "
            "« ni victimes ni dégâts » à la raffinerie de Novozybkov.\n")
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"



def runner() -> CliRunner:
    """A runner that keeps stderr apart (click < 8.2 needs ``mix_stderr=False``; later always does)."""
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)
    return CliRunner()


@dataclass
class Run:
    folder: Path
    result: Result

    @property
    def ledger(self) -> dict:
        return json.loads((self.folder / "ledger.json").read_text(encoding="utf-8"))

    def said(self, *lines: str) -> bool:
        """Whether stderr holds these lines in a row, however Rich wrapped them to its width."""
        return unwrapped("\n".join(lines)) in unwrapped(self.result.stderr)

    def summary(self) -> str:
        ledger = self.ledger
        analysed, failed = len(ledger["documents"]), len(ledger["errors"])
        return (f"{analysed} of {analysed + failed} documents analysed, {failed} failed; "
                f"{len(ledger['claims'])} claims, {len(ledger['events'])} events, "
                f"{len(ledger['findings'])} findings")


def unwrapped(text: str) -> str:
    return "".join(text.split())


def analyze(tmp_path_factory, name: str, files: dict[str, bytes | str], *options: str) -> Run:
    """Run ``rashomon analyze`` on a folder of ``files``; the ledger and reports go next to it.

    An option ending in ``.html`` or ``.md`` names a report file in the run's folder.
    """
    folder = tmp_path_factory.mktemp(name)
    reports = folder / "reports"
    reports.mkdir()
    for file_name, content in files.items():
        path = reports / file_name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    options = [str(folder / o) if o.endswith((".html", ".md")) else o for o in options]
    args = ["analyze", str(reports), "--json", str(folder / "ledger.json"), *options]
    return Run(folder, runner().invoke(app, args))


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Run:
    return analyze(tmp_path_factory, "good", {"mod-briansk.txt": MOD, "bogomaz.txt": GOVERNOR})


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Run:
    return analyze(tmp_path_factory, "formats", {"mod-briansk.txt": MOD, "bogomaz.txt": GOVERNOR},
                   "--html", "report.html", "--markdown", "report.md", "--quiet")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Run:
    return analyze(tmp_path_factory, "mixed", {"bogomaz.txt": GOVERNOR, "scan.txt": BINARY}, "--quiet")


@pytest.fixture(scope="module")
def all_bad(tmp_path_factory) -> Run:
    return analyze(tmp_path_factory, "bad", {"empty.txt": "  \n\n", "scan.txt": BINARY}, "--quiet")


# --- every document read -----------------------------------------------------------


def test_analyze_exits_0_when_every_document_is_analysed(good):
    assert good.result.exit_code == 0, good.result.output


def test_analyze_writes_a_valid_json_ledger_of_every_document(good):
    ledger = good.ledger
    validate_ledger(ledger)
    assert [d["id"] for d in ledger["documents"]] == ["bogomaz", "mod-briansk"]
    assert ledger["errors"] == []


def test_analyze_prints_the_summary_and_the_files_written(good):
    assert unwrapped(good.result.stderr).endswith(
        unwrapped(f"{good.summary()}\nwrote {good.folder / 'ledger.json'}"))
    assert good.summary().startswith("2 of 2 documents analysed, 0 failed; ")


def test_analyze_prints_a_table_per_event_on_stdout(good):
    titles = [f"{event['id']}: {event['title']}" for event in good.ledger["events"]]
    assert titles
    assert all(title in good.result.stdout for title in titles)


def test_analyze_writes_html_and_markdown_reports(reports):
    assert reports.result.exit_code == 0, reports.result.output
    html = (reports.folder / "report.html").read_text(encoding="utf-8")
    markdown = (reports.folder / "report.md").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "Bogomaz" in html and "Bogomaz" in markdown
    validate_ledger(reports.ledger)


def test_quiet_prints_no_tables(reports):
    assert reports.result.stdout == ""


# --- some documents fail ---------------------------------------------------------------


def test_analyze_exits_1_when_some_documents_fail(mixed):
    assert mixed.result.exit_code == 1


def test_failed_document_is_named_on_stderr_with_its_code(mixed):
    [error] = mixed.ledger["errors"]
    assert (error["code"], Path(error["path"]).name) == ("E003", "scan.txt")
    assert mixed.said(f"error {error['message']}")
    assert error["message"].startswith(f"[E003] {error['path']}: the file looks binary")


def test_good_document_is_still_in_the_ledger_when_another_fails(mixed):
    ledger = mixed.ledger
    validate_ledger(ledger)
    assert [d["id"] for d in ledger["documents"]] == ["bogomaz"]
    assert ledger["claims"]


def test_summary_says_how_many_documents_failed(mixed):
    assert mixed.said(mixed.summary())
    assert mixed.summary().startswith("1 of 2 documents analysed, 1 failed; ")


# --- every document fails ------------------------------------------------------------------


def test_analyze_exits_126_when_nearly_all_documents_fail(all_bad):
    assert all_bad.result.exit_code == 126


def test_every_failure_is_reported(all_bad):
    assert [(e["code"], Path(e["path"]).name) for e in all_bad.ledger["errors"]] == [
        ("E004", "empty.txt"), ("E003", "scan.txt")]
    assert all_bad.summary() == "0 of 2 documents analysed, 2 failed; 0 claims, 0 events, 0 findings"
    assert all_bad.said(all_bad.summary())


# --- other commands --------------------------------------------------------------------


def test_version_prints_the_package_version():
    result = runner().invoke(app, ["version"])
    assert (result.exit_code, result.stdout) == (0, f"{__version__}\n")


def test_analyze_without_paths_is_a_usage_error():
    result = runner().invoke(app, ["analyze"])
    assert result.exit_code == 2


def test_folder_without_documents_is_error_e040(tmp_path):
    result = runner().invoke(app, ["analyze", str(tmp_path), "--quiet"])
    assert result.exit_code != 0
    assert "[E040]" in result.stderr


def test_sources_explains_how_a_name_resolves():
    result = runner().invoke(app, ["sources", "Le gouverneur régional de Smolensk", "--lang", "fr", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["source"]["id"], data["source"]["side"]) == ("ru-smolensk-governor", "russia")
    assert data["how"].startswith("title pattern")


def test_sources_lists_the_registry_as_json():
    result = runner().invoke(app, ["sources", "--json"])
    rows = json.loads(result.stdout)
    assert len(rows) >= 60
    assert {"ua-hur", "ru-mod", "ru-astra"} <= {row["id"] for row in rows}


def test_sources_unknown_lists_speakers_without_registry_entry(tmp_path):
    ledger = {"claims": [
        {"id": "c1", "doc": "d1", "attributed": True, "source": {"name": "Comité des riverains", "id": None},
         "stance": "assert", "text": "x", "span": [0, 1], "sentence": [0, 1]},
        {"id": "c2", "doc": "d1", "attributed": True, "source": {"name": "HUR", "id": "ua-hur"},
         "stance": "assert", "text": "x", "span": [0, 1], "sentence": [0, 1]},
    ]}
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(ledger), encoding="utf-8")
    result = runner().invoke(app, ["sources", "--unknown", str(path), "--json"])
    assert json.loads(result.stdout) == [{"name": "Comité des riverains", "claims": 1, "documents": ["d1"]}]


def test_bad_sources_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("sources:\n  - id: x\n    side: mars\n", encoding="utf-8")
    result = runner().invoke(app, ["sources", "--sources", str(bad)])
    assert result.exit_code == 2
    assert "E05" in result.stderr


# --- confidence -------------------------------------------------------------------------


def test_min_confidence_decides_what_is_reported(tmp_path_factory):
    everything = analyze(tmp_path_factory, "all", {"mod-briansk.txt": MOD}, "--quiet", "--min-confidence", "0")
    nothing = analyze(tmp_path_factory, "none", {"mod-briansk.txt": MOD}, "--quiet", "--min-confidence", "1")
    assert everything.result.exit_code == nothing.result.exit_code == 0
    assert any(c["attributed"] for c in everything.ledger["claims"])
    assert not any(c["attributed"] for c in nothing.ledger["claims"])
    assert all(c["confidence"] is not None for c in everything.ledger["claims"])


def test_min_confidence_outside_zero_to_one_is_a_usage_error(tmp_path):
    result = runner().invoke(app, ["analyze", str(tmp_path), "--min-confidence", "1.5"])
    assert result.exit_code == 2


def test_an_unreadable_confidence_model_is_e026(tmp_path):
    (tmp_path / "a.txt").write_text(MOD, encoding="utf-8")
    model = tmp_path / "model.json"
    model.write_text("{}", encoding="utf-8")
    result = runner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--confidence-model", str(model)])
    assert result.exit_code == 2
    assert "[E026]" in result.stderr


# --- hostile files and addresses: coded errors, never a traceback --------------------------


def unreadable(tmp_path: Path, kind: str) -> Path:
    """A file option's worst cases: missing, a folder, not UTF-8, not JSON, JSON of another shape."""
    path = tmp_path / f"{kind}.json"
    if kind == "folder":
        path.mkdir()
    elif kind == "not-utf8":
        path.write_bytes(b"\xff\xfe{\x00}")
    elif kind == "not-json":
        path.write_text('{"claims": [', encoding="utf-8")
    elif kind == "json-list":
        path.write_text("[1, 2]", encoding="utf-8")
    elif kind == "not-a-ledger":
        path.write_text('{"claims": [{"id": "c1"}]}', encoding="utf-8")
    return path


def failed_cleanly(result: Result, code: str) -> None:
    """Exit 2 with the coded message on stderr, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"[{code}]" in result.stderr
    assert "Traceback" not in result.output


KINDS = ["missing", "folder", "not-utf8", "not-json", "json-list", "not-a-ledger"]


@pytest.mark.parametrize("kind", KINDS)
def test_sources_unknown_on_a_file_that_is_not_a_ledger_is_e104(tmp_path, kind):
    path = unreadable(tmp_path, kind)
    result = runner().invoke(app, ["sources", "--unknown", str(path)])
    failed_cleanly(result, "E104")
    assert unwrapped(f"[E104] {path}: cannot read a ledger from this file (") in unwrapped(result.stderr)


@pytest.mark.parametrize(("option", "kind", "code"), [
    ("--sources", "missing", "E050"), ("--sources", "folder", "E050"), ("--sources", "not-utf8", "E051"),
    ("--sources", "not-json", "E051"), ("--sources", "json-list", "E063"),
    ("--confidence-model", "missing", "E026"), ("--confidence-model", "folder", "E026"),
    ("--confidence-model", "not-utf8", "E026"), ("--confidence-model", "not-json", "E026"),
    ("--confidence-model", "json-list", "E026"), ("--confidence-model", "not-a-ledger", "E026"),
])
def test_every_file_option_names_a_file_it_cannot_read_with_a_code(tmp_path, option, kind, code):
    (tmp_path / "a.txt").write_text(MOD, encoding="utf-8")
    result = runner().invoke(app, ["analyze", str(tmp_path / "a.txt"), option, str(unreadable(tmp_path, kind)), "-q"])
    failed_cleanly(result, code)


@pytest.mark.parametrize("address", ["mysql://user@host/db", "mysql+pymysql://h/db", "oracle://h/db", "mssql://h/db"])
@pytest.mark.parametrize("command", [["status"], ["export", "--json", "out.json"], ["serve", "--get", "/"],
                                     ["token", "create", "me"], ["db", "upgrade"]])
def test_an_address_of_another_database_is_e070_naming_it(command, address):
    result = runner().invoke(app, [*command, "--db", address])
    failed_cleanly(result, "E070")
    scheme = address.split(":")[0].split("+")[0]
    assert unwrapped(f"'{scheme}' is not a database rashomon stores in (SQLite or PostgreSQL)") in unwrapped(result.stderr)


# --- an output never overwrites an input ----------------------------------------------------


@pytest.fixture
def inputs(tmp_path):
    """A page, a folder with a report, a sources file; and what each held."""
    page = tmp_path / "page.txt"
    page.write_text(MOD, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "bogomaz.txt").write_text(GOVERNOR, encoding="utf-8")
    (tmp_path / "mine.yaml").write_text("sources: []\n", encoding="utf-8")
    return tmp_path


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("arguments", "clash"), [
    (["page.txt", "--html", "page.txt"], "the input page.txt"),
    (["page.txt", "--json", "./page.txt"], "the input page.txt"),
    (["page.txt", "--markdown", "{root}/page.txt"], "the input page.txt"),
    (["page.txt", "--json", "link.txt"], "the input page.txt"),
    (["reports", "--markdown", "reports/bogomaz.txt"], "a file read from the input folder reports"),
    (["reports", "page.txt", "--json", "reports/../page.txt"], "the input page.txt"),
    (["page.txt", "--json", "mine.yaml", "--sources", "mine.yaml"], "the --sources file mine.yaml"),
    (["page.txt", "--json", "out.txt", "--html", "out.txt"], "the output of --json"),
])
def test_an_output_that_would_overwrite_an_input_is_e105_and_nothing_is_written(inputs, monkeypatch, arguments, clash):
    monkeypatch.chdir(inputs)
    (inputs / "link.txt").symlink_to(inputs / "page.txt")
    before = contents(inputs)
    result = runner().invoke(app, ["analyze", *[a.format(root=inputs) for a in arguments], "-q"])
    failed_cleanly(result, "E105")
    assert unwrapped(f"would overwrite {clash}. Write the output to another file") in unwrapped(result.stderr)
    assert contents(inputs) == before


def test_an_output_beside_the_inputs_or_a_new_file_in_an_input_folder_is_written(inputs, monkeypatch):
    monkeypatch.chdir(inputs)
    result = runner().invoke(app, ["analyze", "reports", "page.txt", "--json", "ledger.json",
                                   "--markdown", "reports/README.md", "-q"])
    assert result.exit_code == 0, result.output
    assert (inputs / "ledger.json").exists() and (inputs / "reports" / "README.md").exists()


@pytest.mark.parametrize(("output", "problem"), [
    ("reports", "it is a folder; give a file name"),
    ("page.txt/ledger.json", "page.txt is a file, not a folder"),
])
def test_an_output_where_no_file_can_be_is_e106(inputs, monkeypatch, output, problem):
    monkeypatch.chdir(inputs)
    result = runner().invoke(app, ["analyze", "page.txt", "--json", output, "-q"])
    failed_cleanly(result, "E106")
    assert unwrapped(problem) in unwrapped(result.stderr)


def test_export_refuses_to_write_over_its_own_store(tmp_path):
    from rashomon.store import Store

    store = tmp_path / "store.db"
    url = f"sqlite:///{store}"
    Store.open(url).close()
    before = store.read_bytes()
    for output in (store, Path(f"{store}-wal")):
        result = runner().invoke(app, ["export", "--db", url, "--csv", str(output)])
        failed_cleanly(result, "E105")
        assert unwrapped(f"would overwrite the store's file {output}") in unwrapped(result.stderr)
    assert store.read_bytes() == before
