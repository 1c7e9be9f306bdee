"""Mutation testing of the rule modules: `make mutate`, or

    .venv/bin/python -m mutation.run [--module NAME ...] [--survivors] [--verbose]

For each module in mutation/targets.py, every mutant (mutation/mutants.py) is run against that
module's own tests only (mutation/plugin.py: the tests are collected once and each mutant runs
in a forked child, so a mutant costs the tests it runs, not an interpreter start). A failing
test, an error or a timeout kills the mutant; a passing run lets it survive. Mutants known to be
equivalent (listed in mutation/targets.py with the reason) are counted apart and left out of the
score. Prints the table; with --survivors, every mutant that lived. Runs on SQLite. A script,
not a test, and not in CI; exits 1 when a module scores under --min-score (0.9).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mutation.mutants import find_mutants
from mutation.targets import EQUIVALENT, TARGETS, Target

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    target: Target
    total: int = 0
    killed: int = 0
    timed_out: int = 0
    equivalent: int = 0
    survivors: list[dict] = field(default_factory=list)
    unused_equivalents: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        """Killed over the mutants a test could kill (the equivalent ones left out)."""
        killable = self.total - self.equivalent
        return self.killed / killable if killable else 1.0


def start_target(
    target: Target, *, workdir: Path, verbose: bool, timeout: float
) -> subprocess.Popen:
    report = workdir / f"{target.name}.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "mutation.plugin",
        "-p",
        "no:cacheprovider",
        "-q",
        "-o",
        "addopts=--strict-markers",
        "-m",
        "not browser",
        f"--basetemp={workdir / f'tmp-{target.name}'}",
        f"--mutation-target={target.name}",
        f"--mutation-report={report}",
        f"--mutation-timeout={timeout}",
        *(["--mutation-verbose"] if verbose else []),
        *target.tests,
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TEST_DATABASE_URL": ""}
    output = (workdir / f"{target.name}.out").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)  # noqa: S603


def read_result(target: Target, workdir: Path) -> Result:
    report = workdir / f"{target.name}.json"
    data = json.loads(report.read_text()) if report.exists() else {"error": "no report"}
    if "error" in data:
        output = (workdir / f"{target.name}.out").read_text()
        raise RuntimeError(
            f"{target.name}: {data['error']}\n{data.get('log', '')[-3000:]}{output[-3000:]}"
        )
    known = EQUIVALENT.get(target.name, {})
    result = Result(target, total=len(data["mutants"]))
    used = set()
    for mutant in data["mutants"]:
        if mutant["outcome"] in ("killed", "timeout"):
            result.killed += 1
            result.timed_out += mutant["outcome"] == "timeout"
        elif mutant["key"] in known:
            result.equivalent += 1
            used.add(mutant["key"])
        else:
            result.survivors.append(mutant)
    result.unused_equivalents = sorted(set(known) - used)
    return result


def table(results: list[Result]) -> str:
    lines = [
        "| module | mutants | killed | survived | equivalent | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.target.path} | {r.total} | {r.killed} | {len(r.survivors)} | "
            f"{r.equivalent} | {r.score:.0%} |"
        )
    total = sum(r.total for r in results)
    killed = sum(r.killed for r in results)
    equivalent = sum(r.equivalent for r in results)
    survived = sum(len(r.survivors) for r in results)
    score = killed / (total - equivalent) if total > equivalent else 1.0
    lines.append(f"| all | {total} | {killed} | {survived} | {equivalent} | {score:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=[t.name for t in TARGETS])
    parser.add_argument("--survivors", action="store_true", help="list the mutants that lived")
    parser.add_argument("--verbose", action="store_true", help="one line per mutant")
    parser.add_argument("--list", action="store_true", help="count the mutants, run nothing")
    parser.add_argument("--timeout", type=float, default=0, help="seconds per mutant")
    parser.add_argument("--min-score", type=float, default=0.9)
    parser.add_argument("--jobs", type=int, default=1, help="modules run side by side")
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if not args.module or t.name in args.module]
    if args.list:
        for target in targets:
            count = len(find_mutants((ROOT / target.path).read_text()))
            print(f"{target.name}: {count} mutants of {target.path}")
        return 0
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="hiwar-mutation-") as tmp:
        workdir = Path(tmp)
        waiting, running = list(targets), {}
        while waiting or running:
            while waiting and len(running) < args.jobs:
                target = waiting.pop(0)
                print(f"== {target.name}: {target.path} against {' '.join(target.tests)}")
                process = start_target(
                    target, workdir=workdir, verbose=args.verbose, timeout=args.timeout
                )
                running[target.name] = (target, process, time.monotonic())
            time.sleep(0.5)
            for name, (target, process, started) in list(running.items()):
                if process.poll() is None:
                    continue
                del running[name]
                if args.verbose:
                    print((workdir / f"{name}.out").read_text())
                result = results[name] = read_result(target, workdir)
                print(
                    f"   {name}: {result.total} mutants, {result.killed} killed "
                    f"({result.timed_out} by timeout), {len(result.survivors)} survived, "
                    f"{result.equivalent} equivalent; {result.score:.0%} "
                    f"in {time.monotonic() - started:.0f} s",
                    flush=True,
                )
                if args.survivors:
                    for mutant in result.survivors:
                        print(f"   {name} survived: line {mutant['line']}: {mutant['key']}")
                for key in result.unused_equivalents:
                    print(f"   {name}: listed as equivalent, but no such mutant survived: {key}")
    results = [results[t.name] for t in targets]
    print()
    print(table(results))
    return 0 if all(r.score >= args.min_score for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
