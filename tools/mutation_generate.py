"""Make mutmut's mutants of a few modules only, without running anything (bench/README.md, "Mutation
testing", fifth run (mutE)): seconds instead of the ~3 minutes of generating every module in scope.

Run from a checkout whose ``.mutation/`` holds mutmut (as ``./dev mutation`` installs it)::

    PYTHONPATH=.mutation nice -n 19 .venv/bin/python tools/mutation_generate.py seating workshop ...

Each name is a module of ``intercept_mapper/model`` (or a path such as
``intercept_mapper/export/pdf_text.py``). The checkout is copied to ``mutants/`` as mutmut's own run does;
only the named modules get mutants: every other module there is replaced by a plain copy, so name in one
call every module whose mutants are still to be run. Then run them with ``tools/mutation_runner.py``;
``--names FILE`` writes their names (from ``mutants/.../MODULE.py.meta``) one a line, as it wants them.

A mutant of code run at import (a module-level table built by a helper) or inside a ``functools.cache``
reached before the forked children start is invisible to the runner: such a mutant shows as "no tests"
or survives. Run those each in a Python of its own (``MUTANT_UNDER_TEST=NAME pytest -x ...`` inside
``mutants/``), or test the helper by calling it directly.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _module_path(name: str) -> str:
    return name if name.endswith(".py") else f"intercept_mapper/model/{name}.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", help="model module names, or paths of .py files")
    parser.add_argument("--names", type=Path, help="write every mutant name made, one a line, here")
    args = parser.parse_args()

    import mutmut.__main__ as mutmut_main
    from mutmut.configuration import config
    from mutmut.mutation.trampoline import set_mutant_under_test

    paths = [_module_path(m) for m in args.modules]
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        parser.error(f"no such module: {', '.join(missing)}")
    # [tool.mutmut]'s only_mutate, narrowed for this run only (pyproject.toml is not changed).
    config().only_mutate[:] = paths
    set_mutant_under_test("mutant_generation")
    Path("mutants").mkdir(exist_ok=True)
    for path in paths:
        # mutmut keeps a module's mutants when its file in mutants/ is newer than the source, and an
        # earlier narrowed call left a plain (newer) copy there: remove it, so the mutants are made again.
        (Path("mutants") / path).unlink(missing_ok=True)
    mutmut_main.copy_src_dir()
    mutmut_main.copy_also_copy_files()
    mutmut_main.setup_source_paths()
    mutmut_main.store_lines_covered_by_tests()
    print(mutmut_main.create_mutants(1))

    names = []
    for path in paths:
        meta = Path("mutants") / f"{path}.meta"
        made = list(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
        print(f"{path}: {len(made)} mutants")
        names += made
    if args.names:
        args.names.write_text("".join(f"{n}\n" for n in names), encoding="utf-8")


if __name__ == "__main__":
    main()
