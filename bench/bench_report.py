"""Benchmark: the full PDF report against a bare reportlab document holding the same rows.

    .venv/bin/python bench/bench_report.py [--items 3000] [--small 300] [--repeat 1]
    nice .venv/bin/python bench/bench_report.py --items 30000 --small 3000   # issue 18 (minutes)

Goals (issues 5 and 18): the report of each map of 3,000 items or more within 2.5x the time of the
bare document (same fonts, the same rows as Paragraph cells in tables of at most 200 rows, which
reportlab splits in linear time, but no cover, contents, map, chart or page decoration), and growing
linearly: ``--items`` within 1.1x its share of ``--small`` (11x for ten times the items). Times are
CPU seconds of this process (the median of ``--repeat`` runs), the bare document measured in the same
run. Prints a table; exits 1 if a goal fails. The map is shaped like an imported worksheet: one
candidate per gap (1,200 of them at 3,000 items).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table  # noqa: E402

from intercept_mapper.export.pdf_fonts import report_fonts  # noqa: E402
from intercept_mapper.export.pdf_text import esc  # noqa: E402
from intercept_mapper.export.report_pdf import build_report_pdf  # noqa: E402
from intercept_mapper.model.workshop import Workshop  # noqa: E402
from tests.export.report_helpers import big_workshop  # noqa: E402

TODAY = date(2026, 6, 1)


BARE_TABLE_ROWS = 200  # the floor's tables: long enough to split across pages, short enough to be linear


def _tables(rows: list[list[object]], widths: list[float]) -> list[Table]:
    """``rows`` as plain tables of at most ``BARE_TABLE_ROWS`` rows each."""
    return [Table(rows[n:n + BARE_TABLE_ROWS], colWidths=widths, repeatRows=0)
            for n in range(0, len(rows), BARE_TABLE_ROWS)] or [Table([[""]], colWidths=widths)]


def bare_document(ws: Workshop) -> bytes:
    """The same rows (points, resources and gaps per intercept, candidates, steps) in plain paragraphs
    and tables of at most 200 rows."""
    f = report_fonts()
    body = ParagraphStyle("b", fontName=f.regular, fontSize=10, leading=14)
    cell = ParagraphStyle("c", fontName=f.regular, fontSize=8.5, leading=11)
    story: list = []
    width = 540.0
    titles = {p.id: p.title for p in ws.points}
    for intercept in [*ws.scheme.ids(), "X"]:
        story.append(Paragraph(f"Intercept {esc(intercept)}", body))
        # The narrative: a paragraph per point with its organisation, description and flows out.
        for p in ws.points:
            if p.intercept == intercept:
                flows = "; ".join(esc(titles[f.target]) for f in ws.flows if f.source == p.id)
                story.append(Paragraph(f"<b>{esc(p.title)}</b> {esc(p.organisation)}<br/>"
                                       f"{esc(p.description)}<br/>Flows to: {flows}", body))
        rows = [[Paragraph(esc(x.title), cell), Paragraph(esc(x.organisation), cell),
                 Paragraph(esc(x.description), cell)] for x in ws.findings if x.intercept == intercept]
        if rows:
            story += _tables(rows, [width * 0.34, width * 0.22, width * 0.44])
    story += _tables([[Paragraph(esc(c.title), cell), Paragraph(str(c.total_votes()), cell)]
                      for c in ws.voting.candidates], [width * 0.8, width * 0.2])
    steps = [[Paragraph(esc(o.text), cell), Paragraph(esc(s.text), cell), Paragraph(esc(s.who), cell)]
             for plan in ws.action_plans for o in plan.objectives for s in o.steps]
    story += _tables(steps, [width * 0.3, width * 0.5, width * 0.2])
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def timed(fn: object, repeat: int) -> tuple[float, float]:
    """Median CPU seconds of ``repeat`` runs, and the median wall seconds."""
    cpu, wall = [], []
    for _ in range(repeat):
        start, start_wall = time.process_time(), time.perf_counter()
        fn()  # type: ignore[operator]
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--small", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    report_fonts()
    big, small = big_workshop(args.items), big_workshop(args.small)
    print(f"map of {args.items} items: {len(big.points)} points, {len(big.findings)} resources and gaps, "
          f"{len(big.voting.candidates)} candidates (one per gap, as an imported worksheet makes them); "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    build_report_pdf(small, today=TODAY)  # warm up imports and font caches
    sizes = {}
    for items, ws in ((args.items, big), (args.small, small)):
        sizes[items] = (timed(lambda ws=ws: build_report_pdf(ws, today=TODAY), args.repeat),
                        timed(lambda ws=ws: bare_document(ws), args.repeat))
    rows: list[tuple[str, str, str]] = []
    met = True
    for items, ((report, report_wall), (bare, bare_wall)) in sizes.items():
        ratio = report / bare
        judged = items >= 3000  # a small report is mostly its fixed pages (cover, map, chart): no goal
        met &= ratio <= 2.5 or not judged
        rows += [(f"full PDF report, {items} items, CPU (wall {report_wall:.2f} s)", f"{report:.2f} s", ""),
                 (f"bare reportlab, the same rows in tables of {BARE_TABLE_ROWS} rows, {items} items, CPU "
                  f"(wall {bare_wall:.2f} s)", f"{bare:.2f} s", ""),
                 (f"report / bare, {items} items", f"{ratio:.2f}x",
                  ("goal <= 2.5x " + ("ok" if ratio <= 2.5 else "MISSED")) if judged else "")]
    limit = args.items / args.small * 1.1
    growth = sizes[args.items][0][0] / sizes[args.small][0][0]
    floor_growth = sizes[args.items][1][0] / sizes[args.small][1][0]
    met &= growth <= limit
    rows += [(f"report, {args.items} / {args.small} items (CPU)", f"{growth:.2f}x",
              f"goal <= {limit:.0f}x " + ("ok" if growth <= limit else "MISSED")),
             (f"bare reportlab, {args.items} / {args.small} items (CPU)", f"{floor_growth:.2f}x", "")]
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    wide = max(len(r[0]) for r in rows)
    print(f"{'measure':<{wide}}  {'value':>9}  goal")
    for name, value, goal in rows:
        print(f"{name:<{wide}}  {value:>9}  {goal}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
