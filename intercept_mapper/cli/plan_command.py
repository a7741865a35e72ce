"""``intercept-mapper plan FILE [--top N] [--json]``: the ranked priorities, with votes and reasons."""

from __future__ import annotations

import argparse

from .output import require_input_file
from .terminal_text import echo, json_text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``plan`` subcommand."""
    parser = sub.add_parser(
        "plan",
        help="print the ranked priorities with vote counts and the reason for each rank",
        description="Print the candidate priorities in rank order: total votes first, then downstream "
        "reach on the map, then intercepts touched, then title. Excluded candidates are left out.",
    )
    parser.add_argument("file", metavar="FILE", help="the .simmap workshop file")
    parser.add_argument(
        "--top", type=_positive, default=None, metavar="N", help="only the first N priorities"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load the workshop, rank its candidates and print them."""
    from ..model.candidate_edits import budget_warnings
    from ..model.collector import collector_paused
    from ..model.ranking import rank_candidates, vote_phrase
    from ..model.simmap_file import load_workshop

    ws = load_workshop(require_input_file(args.file))
    with collector_paused():  # the ranking's objects are all kept until printed
        ranked = rank_candidates(ws)
        warnings = budget_warnings(ws)
    shown = ranked if args.top is None else ranked[: args.top]
    if args.json:
        print(json_text({
            "file": str(args.file),
            "title": ws.info.title,
            "candidates": len(ranked),
            "top_n": ws.voting.top_n,
            "priorities": [
                {
                    "rank": r.rank,
                    "candidate_id": r.candidate_id,
                    "title": r.title,
                    "votes": r.votes,
                    "votes_by_table": r.votes_by_table,
                    "intercepts": r.intercepts,
                    "downstream_reach": r.downstream_reach,
                    "reason": r.reason,
                    # False when no table recorded a count: then "votes" is 0 but means "not counted".
                    "counted": r.counted,
                    "uncounted_tables": list(r.uncounted_tables),
                    # The place a published order gave it where votes were not counted (else null).
                    "published_rank": r.published_rank,
                }
                for r in shown
            ],
            "warnings": warnings,
        }))
        return 0
    several = len(ws.voting.tables) > 1
    heading = ws.info.title or str(args.file)
    echo(f"Priorities for change: {heading}")
    if not ranked:
        echo("No candidate priorities yet: every gap becomes one, or add one in the app.")
    width = len(str(len(shown)))
    for r in shown:
        # As in the reason: a table that counted nothing for it is left out, never read as 0.
        counted = {name: v for name, v in r.votes_by_table.items() if name not in r.uncounted_tables}
        votes = vote_phrase(r.votes, counted, several) if r.counted else "votes not counted"
        echo(f"{r.rank:>{width}}. {votes}: {r.title}")
        echo(f"{'':>{width}}  {r.reason}")
    if len(shown) < len(ranked):
        echo(f"({len(ranked) - len(shown)} more below the top {len(shown)})")
    for warning in warnings:
        echo(f"Warning: {warning}")
    return 0
