#!/usr/bin/env python3
"""Quality gate: fail when a scored layer falls below its pinned floor.

    python3 eval/gate.py                       # check (exit 1 on any failure)
    python3 eval/gate.py --update              # re-pin hashes, raise floors to what is measured
    python3 eval/gate.py --update --allow-regression   # ... and lower floors too
    python3 eval/gate.py --update --add fr-new # start gating a case at its measured scores

In the spirit of trafilatura's ``tests/eval_gate.py``. ``eval/baseline.json``
holds, for each gated case, the case file, its sha256 and one F1 floor per
layer. The gate runs ``run.py``'s ``run_all`` over every case (cases not in the
baseline are shown, not gated) and fails when

- a gated layer's F1 is below its floor minus the noise allowance (0.02), or
- the CLI failed on a gated case (it counts as a miss, so its layers score 0), or
- a gated case file is missing, or its sha256 differs from the pinned one: the
  yardstick changed, so the floors no longer mean what they meant. Review the
  change and re-pin with ``--update``.

``--update`` rewrites baseline.json: it pins the current hashes and raises each
floor to the measured F1, never lowering one unless ``--allow-regression``. It
refuses to write from a run in which the CLI failed on a gated case.
Standard library only.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path


def _load_runner():
    """eval/run.py, beside this file, loaded by path (eval/ is not a package)."""
    name = "rashomon_eval_run"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "run.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


evalrun = _load_runner()

BASELINE = Path(__file__).resolve().parent / "baseline.json"
NOISE = 0.02


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_baseline(path: Path = BASELINE) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.setdefault("noise", NOISE)
    data.setdefault("cases", {})
    return data


def save_baseline(data: dict, path: Path = BASELINE) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def case_path(entry: dict) -> Path:
    """A baseline entry's case file; ``file`` is relative to the repository root."""
    return (evalrun.ROOT / entry["file"]).resolve()


def check(baseline: dict, results: list, hashes: dict[str, str | None]) -> tuple[list[str], list[str]]:
    """Compare a run with the baseline. Returns (failures, report lines); pure, for tests.

    ``hashes`` maps each gated case name to the sha256 of its file now (None if missing).
    """
    noise = float(baseline.get("noise", NOISE))
    by_name = {r.case: r for r in results}
    failures, lines = [], []
    for name, entry in baseline["cases"].items():
        now = hashes.get(name)
        if now is None:
            failures.append(f"{name}: case file {entry['file']} is missing")
            continue
        if now != entry.get("sha256"):
            failures.append(f"{name}: {entry['file']} changed (sha256 {now[:12]}, pinned"
                            f" {str(entry.get('sha256'))[:12]}); review it, then re-pin with --update")
        res = by_name.get(name)
        if res is None:
            failures.append(f"{name}: not run")
            continue
        if not res.ok:
            failures.append(f"{name}: the CLI failed: {res.error}")
        for layer, floor in entry.get("floors", {}).items():
            score = res.layers.get(layer)
            f1 = score.f1 if score else 0.0
            status = "ok"
            if score is None:
                status = "MISSING"
                failures.append(f"{name} {layer}: not scored (floor {floor:.2f})")
            elif f1 < floor - noise:
                status = "FAIL"
                failures.append(f"{name} {layer}: F1 {f1:.2f} < floor {floor:.2f} - {noise:.2f}")
            lines.append(f"{name:14s} {layer:13s} F1 {f1:.2f}  floor {floor:.2f}  {status}")
    for res in results:
        if res.case not in baseline["cases"]:
            shown = ", ".join(f"{layer} {s.f1:.2f}" for layer, s in res.layers.items())
            lines.append(f"{res.case:14s} (not gated)   {shown}")
    return failures, lines


def updated(baseline: dict, results: list, hashes: dict[str, str | None], allow_regression: bool = False,
            add: tuple[str, ...] = (), files: dict[str, str] | None = None) -> tuple[dict, list[str]]:
    """A new baseline from a run: hashes re-pinned, floors raised (or lowered if allowed).

    ``add`` names cases to start gating (their ``files`` entry gives the path); their floors
    are the measured F1s. Returns (new baseline, notes). Pure, for tests.
    """
    new = json.loads(json.dumps(baseline))
    by_name = {r.case: r for r in results}
    notes = []
    for name in add:
        if name not in by_name:
            raise ValueError(f"cannot add {name!r}: no such case was run")
        if name not in new["cases"]:
            new["cases"][name] = {"file": (files or {})[name], "sha256": None, "floors": {}}
            notes.append(f"{name}: now gated")
    for name, entry in new["cases"].items():
        res = by_name.get(name)
        if res is None or not res.ok:
            raise ValueError(f"{name}: refusing to update from a run where the CLI failed or did not run")
        if hashes.get(name) and hashes[name] != entry.get("sha256"):
            notes.append(f"{name}: sha256 re-pinned")
            entry["sha256"] = hashes[name]
        floors = entry.setdefault("floors", {})
        layers = res.layers if name in add else {k: v for k, v in res.layers.items() if k in floors}
        for layer, score in layers.items():
            measured = round(score.f1, 2)
            old = floors.get(layer)
            if old is None or measured > old or (allow_regression and measured < old):
                floors[layer] = measured
                was = f"{old:.2f}" if old is not None else "-"
                notes.append(f"{name} {layer}: floor {was} -> {measured:.2f}")
    return new, notes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--update", action="store_true", help="re-pin hashes and raise floors")
    parser.add_argument("--allow-regression", action="store_true", help="with --update: lower floors too")
    parser.add_argument("--add", action="append", default=[], metavar="CASE",
                        help="with --update: start gating this case (by its name)")
    parser.add_argument("--timeout", type=float, default=evalrun.DEFAULT_TIMEOUT)
    parser.add_argument("--rashomon", type=Path, default=None)
    args = parser.parse_args(argv)
    if (args.allow_regression or args.add) and not args.update:
        parser.error("--allow-regression and --add go with --update")

    baseline = load_baseline(args.baseline)
    paths = evalrun.default_cases()
    files = {}
    for path in paths:  # the name a case reports is its "case" key
        try:
            files[json.loads(path.read_text(encoding="utf-8")).get("case") or path.name] = evalrun.display_path(path)
        except (OSError, ValueError):
            pass
    for name, entry in baseline["cases"].items():  # a gated case outside the default folders
        if case_path(entry).is_file() and case_path(entry) not in [p.resolve() for p in paths]:
            paths.append(case_path(entry))
    results = evalrun.run_all(paths, args.rashomon, args.timeout)
    print(evalrun.format_table(results))
    print()

    gated = dict(baseline["cases"])
    for name in args.add:
        if name in files:
            gated.setdefault(name, {"file": files[name]})
    hashes = {name: (sha256(case_path(e)) if case_path(e).is_file() else None) for name, e in gated.items()}

    if args.update:
        try:
            baseline, notes = updated(baseline, results, hashes, args.allow_regression, tuple(args.add), files)
        except (ValueError, KeyError) as err:
            print(f"gate: not updated: {err}")
            return 1
        save_baseline(baseline, args.baseline)
        for note in notes or ["nothing to change"]:
            print(f"update: {note}")
        print(f"update: wrote {args.baseline}")

    failures, lines = check(baseline, results, hashes)
    print("\n".join(lines))
    if failures:
        print(f"\ngate: FAILED ({len(failures)})")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print("\ngate: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
