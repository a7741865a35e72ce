"""``intercept-mapper export FILE``: the report (PDF, HTML), the map (PNG, SVG) or the worksheet CSV.

Several outputs may be asked for at once. Each is built in memory first; files are written only when
every one was built, and each one atomically.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ..model.output_rules import check_export_outputs
from ..model.problems import InputError, Problem
from .output import require_input_file, write_output_bytes


@dataclass(frozen=True)
class _Output:
    """One requested output: its path, what it is called in messages, and how to build it."""

    path: str
    what: str
    build: Callable[[object], bytes]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    parser = sub.add_parser(
        "export",
        help="export the report, the map image or the worksheet",
        description="Export a workshop file as a PDF or HTML report, a map image (PNG or SVG) or a worksheet "
        "CSV.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap file to export")
    parser.add_argument("--pdf", metavar="OUT.pdf",
                        help="the report (FINAL or DRAFT as the file's report status says, unless "
                             "--final or --draft)")
    parser.add_argument("--handout", action="store_true", help="with --pdf: the action-plan handout only")
    status = parser.add_mutually_exclusive_group()
    status.add_argument("--final", action="store_true",
                        help="with --pdf or --html: a FINAL report; refused while a required section is "
                             "empty")
    status.add_argument("--draft", action="store_true",
                        help="with --pdf or --html: a DRAFT report, whatever the file's report status")
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="with a FINAL report: leave empty required sections out instead of refusing")
    parser.add_argument(
        "--include-contacts", action="store_true",
        help="with --pdf or --html, or an .xlsx --worksheet: participants' e-mail and phone (left out by "
             "default)",
    )
    parser.add_argument(
        "--progress", action="store_true",
        help="with --pdf: print 'progress: 0.42' lines on standard error while the report is laid out",
    )
    parser.add_argument("--html", metavar="OUT.html",
                        help="the report as one accessible, self-contained web page (FINAL or DRAFT as "
                             "for --pdf)")
    parser.add_argument("--png", metavar="OUT.png", help="the map as a PNG image")
    parser.add_argument("--svg", metavar="OUT.svg", help="the map as an SVG image")
    parser.add_argument("--worksheet", metavar="OUT.csv",
                        help="the map as a worksheet CSV (UTF-8 with a byte-order mark); OUT.xlsx: an Excel "
                             "workbook with the sheets worksheet, participants and plans")
    parser.add_argument("--plans", metavar="OUT.csv", help="the action plans as CSV (for import-plans)")
    parser.set_defaults(run=run, parser=parser)


def _optional_module(name: str, output: str, what: str) -> ModuleType:
    """Import an export module that a given version may not ship; missing means 'not available'."""
    full = f"intercept_mapper.export.{name}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name in (full, "intercept_mapper.export"):
            raise InputError(Problem(f"{what} export is not available in this version", file=output)) from exc
        raise InputError(
            Problem(f"{what} export is not available: the module {exc.name} is not installed", file=output)
        ) from exc


def _print_progress() -> Callable[[float], None]:
    """A progress callback that prints each new percentage once (the app's export reads these lines)."""
    last: list[str] = []

    def progress(fraction: float) -> None:
        text = f"{min(max(fraction, 0.0), 1.0):.2f}"
        if last != [text]:
            last[:] = [text]
            print(f"progress: {text}", file=sys.stderr, flush=True)

    return progress


def _requested(args: argparse.Namespace) -> list[_Output]:
    outputs: list[_Output] = []
    if args.pdf:
        def build_pdf(ws: object) -> bytes:
            module = _optional_module("report_pdf", args.pdf, "PDF")
            extra = {"progress": _print_progress()} if args.progress else {}
            return module.build_report_pdf(
                ws, handout=args.handout, final=_final(args), include_contacts=args.include_contacts, **extra
            )
        outputs.append(_Output(args.pdf, "PDF", build_pdf))
    if args.html:
        outputs.append(_Output(
            args.html, "HTML report",
            lambda ws: _optional_module("report_html", args.html, "HTML").build_report_html(
                ws, final=_final(args), include_contacts=args.include_contacts),
        ))
    if args.png:
        outputs.append(_Output(
            args.png, "PNG",
            lambda ws: _optional_module("map_image", args.png, "PNG").render_map_png(ws),
        ))
    if args.svg:
        outputs.append(_Output(
            args.svg, "SVG",
            lambda ws: _optional_module("map_svg", args.svg, "SVG").build_map_svg(ws),
        ))
    if args.worksheet:
        if _is_workbook_path(args.worksheet):
            def build_workbook(ws: object) -> bytes:
                from ..model.xlsx_tables import workshop_workbook_bytes

                return workshop_workbook_bytes(ws, include_contacts=args.include_contacts)
            outputs.append(_Output(args.worksheet, "Excel workbook", build_workbook))
        else:
            def build_worksheet(ws: object) -> bytes:
                from ..model.worksheet_csv import worksheet_csv_bytes

                return worksheet_csv_bytes(ws)  # type: ignore[arg-type]
            outputs.append(_Output(args.worksheet, "worksheet", build_worksheet))
    if args.plans:
        def build_plans(ws: object) -> bytes:
            from ..model.plans_csv import plans_csv_bytes

            return plans_csv_bytes(ws)  # type: ignore[arg-type]
        outputs.append(_Output(args.plans, "plans CSV", build_plans))
    return outputs


def _is_workbook_path(path: str) -> bool:
    """An output named ``.xlsx`` is an Excel workbook; anything else is CSV."""
    return str(path).lower().endswith(".xlsx")


def _final(args: argparse.Namespace) -> bool | None:
    """True or False when the command line says; None: the file's report status decides."""
    return True if args.final else (False if args.draft else None)


def _check_final(args: argparse.Namespace, workshop: object) -> None:
    """Refuse a FINAL report whose required sections are empty (one problem per section), unless
    ``--allow-incomplete``; a DRAFT keeps its placeholders and is never refused."""
    from ..export.report_text import is_final, missing_for_final
    from ..model.ranking import rank_candidates

    if args.allow_incomplete or not is_final(workshop, _final(args)):  # type: ignore[arg-type]
        return
    handout = args.handout and not args.html  # the HTML report is always the full report
    missing = missing_for_final(workshop, rank_candidates(workshop), handout=handout)  # type: ignore[arg-type]
    if missing:  # one line per empty section, each saying how to go on
        raise InputError([Problem(f"cannot make a FINAL report: {m.message()} (or --allow-incomplete leaves "
                                  "it out, --draft makes a DRAFT)", file=args.file) for m in missing])


def _build(output: _Output, workshop: object) -> bytes:
    """Build one output in memory; a failure the exporter can explain names the output file."""
    try:
        return output.build(workshop)
    except (ValueError, OSError, MemoryError, RecursionError) as exc:
        raise InputError(Problem(f"could not make the {output.what}: {exc}", file=output.path)) from exc


def run(args: argparse.Namespace) -> int:
    """Load and check the file, build every output in memory, then write them."""
    from ..model.simmap_file import load_workshop

    parser: argparse.ArgumentParser = args.parser
    outputs = _requested(args)
    if not outputs:
        parser.error("name at least one output: --pdf, --html, --png, --svg, --worksheet or --plans")
    if not args.pdf:
        for flag, given in (("--handout", args.handout), ("--progress", args.progress)):
            if given:
                parser.error(f"{flag} goes with --pdf")
    if not (args.pdf or args.html):
        for flag, given in (("--final", args.final), ("--draft", args.draft),
                            ("--allow-incomplete", args.allow_incomplete)):
            if given:
                parser.error(f"{flag} goes with --pdf or --html")
        if args.include_contacts and not (args.worksheet and _is_workbook_path(args.worksheet)):
            parser.error("--include-contacts goes with --pdf or --html, or an .xlsx --worksheet")

    require_input_file(args.file)
    check_export_outputs([o.path for o in outputs], [args.file])
    workshop = load_workshop(args.file, check_references=True)  # a file with broken references is refused
    if args.pdf or args.html:
        _check_final(args, workshop)

    built = [(o, _build(o, workshop)) for o in outputs]
    for o, data in built:
        write_output_bytes(o.path, data)
    return 0
