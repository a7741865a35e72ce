"""Benchmark: the full PDF report against a bare reportlab document holding the same rows.

    .venv/bin/python bench/bench_report.py [--items 3000] [--small 300] [--repeat 1]

Goals (issue 5): the report of a 3,000-item map within 2.5x the time of the bare document (same fonts,
the same rows as Paragraph cells in tables, but no cover, contents, map, chart or page decoration),
and growing linearly: 3,000 items within 12x the time of 300. Prints a table; exits 1 if a goal fails.
The map is shaped like an imported worksheet: one candidate per gap (1,200 of them at 3,000 items).
"""

from __future__ import annotations

import argparse
import io
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


def bare_document(ws: Workshop) -> bytes:
    """The same rows (points, resources and gaps per intercept, candidates, steps) in plain paragraphs
    and tables."""
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
            story.append(Table(rows, colWidths=[width * 0.34, width * 0.22, width * 0.44], repeatRows=0))
    story.append(Table([[Paragraph(esc(c.title), cell), Paragraph(str(c.total_votes()), cell)]
                        for c in ws.voting.candidates] or [[""]], colWidths=[width * 0.8, width * 0.2]))
    steps = [[Paragraph(esc(o.text), cell), Paragraph(esc(s.text), cell), Paragraph(esc(s.who), cell)]
             for plan in ws.action_plans for o in plan.objectives for s in o.steps]
    story.append(Table(steps or [[""]], colWidths=[width * 0.3, width * 0.5, width * 0.2]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def timed(fn: object, repeat: int) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


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
          f"{len(big.voting.candidates)} candidates (one per gap, as an imported worksheet makes them)")
    build_report_pdf(small, today=TODAY)  # warm up imports and font caches
    report_big = timed(lambda: build_report_pdf(big, today=TODAY), args.repeat)
    bare_big = timed(lambda: bare_document(big), args.repeat)
    report_small = timed(lambda: build_report_pdf(small, today=TODAY), args.repeat)
    ratio_bare = report_big / bare_big
    ratio_growth = report_big / report_small
    rows = [
        (f"report, {args.items} items", f"{report_big:.2f} s", ""),
        (f"bare reportlab, {args.items} items", f"{bare_big:.2f} s", ""),
        (f"report, {args.small} items", f"{report_small:.2f} s", ""),
        ("report / bare", f"{ratio_bare:.2f}x", "goal <= 2.5x " + ("ok" if ratio_bare <= 2.5 else "MISSED")),
        (f"{args.items} / {args.small} items", f"{ratio_growth:.2f}x",
         f"goal <= {args.items / args.small * 1.2:.0f}x "
         + ("ok" if ratio_growth <= args.items / args.small * 1.2 else "MISSED")),
    ]
    wide = max(len(r[0]) for r in rows)
    print(f"{'measure':<{wide}}  {'value':>9}  goal")
    for name, value, goal in rows:
        print(f"{name:<{wide}}  {value:>9}  {goal}")
    return 0 if ratio_bare <= 2.5 and ratio_growth <= args.items / args.small * 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
