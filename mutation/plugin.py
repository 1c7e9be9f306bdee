"""The pytest side of `make mutate`: collect the target's tests once, then one fork per mutant.

Loaded by mutation/run.py as `pytest -p mutation.plugin --mutation-target NAME <tests>`. The
parent process imports the app and collects the tests once; for each mutant a forked child
executes the module's mutated code in place of the original, points every module (the app's and
the tests') that imported one of its functions, classes or tables at the mutated one, re-executes
the modules listed in the target's `reload` (those that derive values from it at import, such as a
form's choices), and runs the tests until the first failure. The session's fixtures (the app, the
SQLite database) are made in each child, after the change, so nothing built from the original
survives. The parent only waits and counts; it writes the results as JSON for run.py.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time
import types
from pathlib import Path

import pytest

from mutation.mutants import find_mutants, mutate
from mutation.targets import TARGETS

ROOT = Path(__file__).resolve().parent.parent
_IMMUTABLE = (int, float, str, bytes, bool, type(None))


def pytest_addoption(parser):
    group = parser.getgroup("mutation")
    group.addoption("--mutation-target", help="the name of a target in mutation/targets.py")
    group.addoption("--mutation-report", help="where to write the results (JSON)")
    group.addoption("--mutation-timeout", type=float, default=0.0)
    group.addoption("--mutation-verbose", action="store_true")


def _rebind(replacements: dict[int, object], skip: str) -> None:
    """Every module of the app and the tests, and their module-level dicts and lists, now hold
    the new object wherever they held an old one."""
    for name, module in list(sys.modules.items()):
        ours = name in ("app", "tests") or name.startswith(("app.", "tests."))
        if name == skip or not ours or module is None:
            continue
        namespace = vars(module)
        for attribute, value in list(namespace.items()):
            if id(value) in replacements:
                namespace[attribute] = replacements[id(value)]
            elif isinstance(value, dict) and not attribute.startswith("__"):
                for key, item in list(value.items()):
                    if id(item) in replacements:
                        value[key] = replacements[id(item)]
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if id(item) in replacements:
                        value[index] = replacements[id(item)]


class BrokenMutant(Exception):
    """The mutated module does not even import: as good as a failing test."""


def _replace(module_name: str, code) -> dict[int, object]:
    module = sys.modules[module_name]
    old = dict(vars(module))
    try:
        exec(code, vars(module))  # noqa: S102 - the project's own code, mutated
    except Exception as error:
        raise BrokenMutant from error
    return {
        id(value): vars(module)[name]
        for name, value in old.items()
        if not isinstance(value, (*_IMMUTABLE, types.ModuleType))
        and name in vars(module)
        and vars(module)[name] is not value
    }


def _apply(target, code) -> None:
    replacements = _replace(target.module, code)
    _rebind(replacements, target.module)
    for name in target.reload:
        module = sys.modules.get(name)
        if module is None:
            continue
        source = Path(module.__file__).read_text()
        again = _replace(name, compile(source, module.__file__, "exec"))
        _rebind(again, name)


_STATE: dict[str, object] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Keep the app the session's fixture made, so that children can reach its database."""
    outcome = yield
    if fixturedef.argname == "app" and fixturedef.scope == "session":
        _STATE["app"] = outcome.get_result()


def _run_items(session, order: list, killer: Path | None) -> int:
    for index, item in enumerate(order):
        following = order[index + 1] if index + 1 < len(order) else order[0]
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        if session.testsfailed:
            if killer is not None:
                killer.write_text(item.nodeid)
            return 1
    return 0


def _fresh_database() -> None:
    """A child's own connections (none shared with the parent) on empty tables."""
    app = _STATE.get("app")
    if app is None:
        return
    from app.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose(close=False)


def _child(session, target, code, log: Path, order: list) -> None:
    """Never returns: exits 0 when every test passed, 1 when one failed, 2 when the mutated
    module does not import, 4 when this harness broke (which must not count as a kill)."""
    status = 4
    try:
        with log.open("w") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            terminal = session.config.pluginmanager.get_plugin("terminalreporter")
            if terminal is not None:  # its dots and Fs belong to this child's log
                terminal._tw._file = out
            try:
                _fresh_database()
                if code is not None:
                    _apply(target, code)
                status = _run_items(session, order, log.with_suffix(".killer"))
            except BrokenMutant:
                status = 2
            except BaseException:
                import traceback

                traceback.print_exc(file=out)
                out.flush()
                status = 4
    finally:
        os._exit(status)


def _fork(session, target, code, timeout: float, log: Path, order: list) -> str:
    pid = os.fork()
    if pid == 0:
        _child(session, target, code, log, order)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return {0: "survived", 1: "killed", 2: "killed"}.get(code, "error")
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.02)


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    config = session.config
    name = config.getoption("mutation_target")
    if not name:
        return None
    target = next(t for t in TARGETS if t.name == name)
    report = Path(config.getoption("mutation_report"))
    log = report.with_suffix(".log")
    verbose = config.getoption("mutation_verbose")
    terminal = config.pluginmanager.get_plugin("terminalreporter")

    def say(text: str) -> None:
        terminal.write_line(text) if terminal else print(text)

    # The imports made in the parent are reused by every child: make sure the target is one.
    importlib.import_module(target.module)
    path = ROOT / target.path
    source = path.read_text()
    mutants = find_mutants(source)
    # The baseline runs here, in the parent: the session's fixtures (the app, its database) are
    # made once and every child inherits them. The last test hands over to the first, so they
    # stay set up.
    started = time.monotonic()
    baseline = "survived" if _run_items(session, list(session.items), None) == 0 else "killed"
    took = time.monotonic() - started
    if baseline != "survived":
        say(f"{name}: its tests fail without any change")
        report.write_text(json.dumps({"error": "baseline failed", "log": log.read_text()}))
        session.testsfailed = 1
        return True
    limit = config.getoption("mutation_timeout") or max(20.0, took * 4)
    results = []
    killers: list = []  # the tests that killed a mutant, most recent first: tried first
    killer_file = log.with_suffix(".killer")
    for number, mutant in enumerate(mutants, 1):
        order = killers + [item for item in session.items if item not in killers]
        killer_file.unlink(missing_ok=True)
        try:
            code = compile(mutate(source, mutant), str(path), "exec")
        except (SyntaxError, ValueError):
            outcome = "killed"  # cannot even compile
        else:
            outcome = _fork(session, target, code, limit, log, order)
            if killer_file.exists():
                nodeid = killer_file.read_text()
                killer = next(item for item in session.items if item.nodeid == nodeid)
                killers = [killer] + [item for item in killers if item is not killer]
            if outcome == "error":
                say(f"{name}: the harness broke on mutant {number}; see {log}")
                report.write_text(json.dumps({"error": "harness", "log": log.read_text()}))
                session.testsfailed = 1
                return True
        results.append({"key": mutant.key, "line": mutant.line, "outcome": outcome})
        report.with_suffix(".progress").write_text(f"{number}/{len(mutants)}\n")
        if verbose:
            say(f"  {number}/{len(mutants)} {outcome}: line {mutant.line}: {mutant.key}")
    report.write_text(json.dumps({"baseline_seconds": took, "mutants": results}, indent=1))
    return True
