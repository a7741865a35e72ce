"""The app starts without loading the subcommands: main() tells them apart by their module names."""

from __future__ import annotations

import argparse

from intercept_mapper.cli import COMMAND_MODULES, build_parser, command_name


def test_every_command_module_registers_the_name_main_expects() -> None:
    parser = build_parser()
    registered = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(registered) == {command_name(m) for m in COMMAND_MODULES}
    assert command_name("import_worksheet_command") == "import-worksheet"
