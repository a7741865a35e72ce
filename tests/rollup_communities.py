"""Small hand-made communities for the rollup tests (model, command line, PDF and dialog)."""

from __future__ import annotations

from pathlib import Path

from intercept_mapper.model import (
    DEFAULT_TABLE_ID,
    ActionPlan,
    Candidate,
    Finding,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.simmap_file import save_workshop

Gap = tuple[str, str, str, int]  # intercept, title, theme, votes
Resource = tuple[str, str, str]  # intercept, title, theme


def community(jurisdiction: str, gaps: list[Gap], resources: list[Resource] = (),  # type: ignore[assignment]
              top_n: int = 2, plans: tuple[str, ...] = (), preset: str = "samhsa") -> Workshop:
    """A workshop whose every gap is a candidate with its votes; ``plans`` names gaps with a plan."""
    ws = new_workshop(preset, f"{jurisdiction} mapping" if jurisdiction else "", jurisdiction)
    ws.voting.top_n = top_n
    for n, (intercept, title, theme, votes) in enumerate(gaps):
        ws.findings.append(Finding(id=f"g{n}", kind="gap", intercept=intercept, title=title, theme=theme))
        ws.voting.candidates.append(Candidate(id=f"c{n}", title=title, gap_ids=[f"g{n}"],
                                              votes={DEFAULT_TABLE_ID: votes}))
        if title in plans:
            ws.action_plans.append(ActionPlan(id=f"ap{n}", candidate_id=f"c{n}", title=title))
    for n, (intercept, title, theme) in enumerate(resources):
        ws.findings.append(Finding(id=f"r{n}", kind="resource", intercept=intercept, title=title,
                                   theme=theme))
    return ws


def adams() -> Workshop:
    """Crisis and housing; one unthemed gap; the housing gap has a plan though it ranks last."""
    return community("Adams County", [
        ("0", "No mobile crisis at night", "crisis-services", 9),
        ("1", "No transfer from 911 to 988", "crisis-services", 7),
        ("X", "Lack of supportive housing", "housing", 1),
        ("3", "Court calendar is slow", "", 4),
    ], [("0", "988 answered locally", "crisis-services")], top_n=2, plans=("Lack of supportive housing",))


def baker() -> Workshop:
    """Crisis and data sharing; housing with no votes (not a priority)."""
    return community("Baker County", [
        ("0", "No Mobile Crisis at night!", "Crisis services", 6),  # same title and theme, other spelling
        ("X", "No shared data", "data-sharing", 8),
        ("X", "Lack of supportive housing", "housing", 0),
    ], top_n=3)


def clark() -> Workshop:
    """Five-intercept map with no themes at all, and no votes yet."""
    return community("Clark County", [
        ("1", "Deputies not trained", "", 0),
        ("5", "Technical violations", "", 0),
    ], preset="five-intercept")


def write_communities(folder: Path) -> list[Path]:
    """Adams, Baker and Clark as .simmap files in ``folder``, plus an unreadable one; returns all four."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, ws in (("adams", adams()), ("baker", baker()), ("clark", clark())):
        path = folder / f"{name}.simmap"
        save_workshop(ws, path, backup=False)
        paths.append(path)
    broken = folder / "damaged.simmap"
    broken.write_text('{"format": "intercept-mapper", "schema_version": 1, "info": {', encoding="utf-8")
    paths.append(broken)
    return paths
