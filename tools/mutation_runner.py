"""A pytest plugin that runs many mutmut mutants against one collection of tests (bench/README.md,
"Mutation testing", fourth run).

Run inside mutmut's ``mutants/`` folder (made by ``./dev mutation``), with mutmut importable::

    cd mutants && MUTB_MUTANTS=names.txt MUTB_OUT=results.jsonl QT_QPA_PLATFORM=offscreen \
      PYTHONPATH=../.mutation:../tools nice -n 19 ../.venv/bin/python -m pytest -p mutation_runner \
      -p no:cacheprovider -q tests/model/test_roster.py ...

``names.txt`` holds one mutant name a line (``intercept_mapper.model.roster.x_FUNC__mutmut_N``, as in
``mutants/**/*.py.meta``). The tests are collected once; a first pass (mutmut's "stats" mode, in this
process) notes which tests reach which function and how long each takes. Then each mutant runs in a
forked child that runs only the tests reaching its function, fastest first and the last killers first of
all, and exits at the first failing test without writing a report (formatting a traceback through
mutmut's large mutant files costs more CPU than the tests). One JSON line a mutant goes to
``results.jsonl``: name, status (killed, survived, "no tests", timeout), the killing test, seconds.
``MUTB_TIMEOUT`` (CPU seconds of the child, default 30) bounds a mutant that loops.
"""
import json
import os
import signal
import sys
import time
from collections import defaultdict

import pytest

_failed = []
_current = [None]
_hits = defaultdict(set)


def pytest_runtest_logreport(report):
    if report.failed:
        _failed.append(report.nodeid)


def _record(name, caller=None):
    if _current[0] is not None:
        _hits[name].add(_current[0])


_pipe = [None]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """In a child, the first failing test ends it at once: no report (formatting tracebacks through
    mutmut's large mutant files costs far more CPU than the tests)."""
    try:
        return (yield)
    except BaseException as exc:
        if _pipe[0] is not None and not isinstance(exc, pytest.skip.Exception):
            os.write(_pipe[0], item.nodeid.encode())
            os._exit(1)
        raise


def _child(items, name, wfd):
    _pipe[0] = wfd
    os.environ["MUTANT_UNDER_TEST"] = name
    from mutmut.mutation.trampoline import set_mutant_under_test
    set_mutant_under_test(name)
    for item in items:
        item.ihook.pytest_runtest_protocol(item=item, nextitem=None)
        if _failed:
            os.write(wfd, _failed[0].encode())
            os._exit(1)
    os._exit(0)


def _cpu_seconds(pid):
    """User and system CPU seconds of a running child (the machine is shared: wall time says little)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _run_one(items, name, timeout):
    r, w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            _child(items, name, w)
        finally:
            os._exit(3)
    os.close(w)
    status = None
    while True:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if _cpu_seconds(pid) > timeout or time.monotonic() - start > 20 * timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            status = "timeout"
            break
        time.sleep(0.05)
    killer = os.read(r, 4000).decode()
    os.close(r)
    if status is None:
        if os.WIFEXITED(code) and os.WEXITSTATUS(code) == 0:
            status = "survived"
        elif os.WIFEXITED(code) and os.WEXITSTATUS(code) == 1:
            status = "killed"
        else:
            status = f"crashed({code})"
    return status, killer, time.monotonic() - start


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    if session.testsfailed:
        raise session.Interrupted("collection errors")
    with open(os.environ["MUTB_MUTANTS"]) as listed:
        names = [n.strip() for n in listed if n.strip() and not n.startswith("#")]
    timeout = float(os.environ.get("MUTB_TIMEOUT", "30"))
    out = open(os.environ["MUTB_OUT"], "a", buffering=1)  # noqa: SIM115 - open for the whole run
    import intercept_mapper
    items = list(session.items)
    sys.stderr.write(f"mutrun: {len(items)} tests, {len(names)} mutants, from {intercept_mapper.__file__}\n")
    run_all = os.environ.get("MUTB_ALL") == "1"
    duration = {}
    if not run_all:
        import mutmut.mutation.trampoline as tr
        tr.record_trampoline_hit = _record
        tr.set_mutant_under_test("stats")
        os.environ["MUTANT_UNDER_TEST"] = "stats"
        for item in items:
            _current[0] = item.nodeid
            t = time.monotonic()
            item.ihook.pytest_runtest_protocol(item=item, nextitem=None)
            duration[item.nodeid] = time.monotonic() - t
        _current[0] = None
        if _failed:
            out.write(json.dumps({"name": "CLEAN", "status": "failed", "killer": _failed[0]}) + "\n")
            raise session.Interrupted(f"clean run failed: {_failed}")
        tr.set_mutant_under_test("")
        os.environ["MUTANT_UNDER_TEST"] = ""
        sys.stderr.write(f"mutrun: clean run ok, {sum(duration.values()):.1f}s\n")
        for nodeid, d in sorted(duration.items(), key=lambda kv: -kv[1])[:6]:
            sys.stderr.write(f"mutrun:   {d:5.1f}s {nodeid}\n")
    else:
        status, killer, secs = _run_one(items, "", timeout * 3)
        if status != "survived":
            raise session.Interrupted(f"clean run failed {status} {killer}")
    order = {item.nodeid: i for i, item in enumerate(items)}
    killers = []
    for name in names:
        if run_all:
            chosen = items
        else:
            func = name.partition("__mutmut_")[0]
            reach = _hits.get(func, set())
            chosen = [it for it in items if it.nodeid in reach]
            chosen.sort(key=lambda it: (it.nodeid not in killers,
                                        killers.index(it.nodeid) if it.nodeid in killers else 0,
                                        duration.get(it.nodeid, 0), order[it.nodeid]))
        if not chosen:
            out.write(json.dumps({"name": name, "status": "no tests", "killer": "", "s": 0}) + "\n")
            sys.stderr.write(f"no tests  {name}\n")
            continue
        status, killer, secs = _run_one(chosen, name, timeout)
        if killer:
            if killer in killers:
                killers.remove(killer)
            killers.insert(0, killer)
        out.write(json.dumps({"name": name, "status": status, "killer": killer, "s": round(secs, 2),
                              "ntests": len(chosen)}) + "\n")
        sys.stderr.write(f"{status:9} {secs:6.1f}s {name} {killer}\n")
    return True
