"""The statewide rollup: what many communities' workshop files have in common.

Communities, not files, are counted. A file belongs to the community named by its jurisdiction
(compared as ``title_key`` reads it: case, punctuation and spacing aside), or, when that is empty, by
its title, or else by its file name. Of a community's files the latest workshop counts; its date is
the latest of ``info.dates``, else ``info.report_date``, else the file's modification time (each
file says which: ``date_from``). The earlier files are the community's *history*: listed, and counted
in the trends over the years, but not in the themes, shared titles or heat map. With ``all_years``
every file counts as a community of its own, as before (two files with the same name get their file
name added). A file that cannot be read is named in ``skipped`` and left out; the rollup fails only
when no file can be read.

What is counted, per theme (``model.theme_suggestion.normalise_theme`` merges spellings):
- ``gaps``: the gaps tagged with the theme, in every community;
- ``priorities``: the community's *priorities for change* whose gaps carry the theme. A priority is a
  candidate that ranks in the community's top N (``voting.top_n``, by ``ranking.rank_candidates``)
  with at least one vote, or any candidate that has an action plan (the community is working on it,
  whatever its rank). An action plan tied to no candidate is a priority too, with no theme. A
  candidate merging gaps of several themes counts once for each of them;
- ``communities``: the communities with at least one gap or priority of the theme;
- ``resources``: the resources tagged with it (reported, not used for the order).
Items with no theme are counted under ``unthemed``, which is listed after the named themes.
Themes are ordered by communities, then gaps, then priorities (most first), then name.

Beyond themes, gaps and priorities with the same title (compared trimmed, case-insensitive,
punctuation as spaces) in two or more communities are listed with the communities they come from,
and gaps are counted per intercept per community (the PDF's heat map). An intercept that a
community's intercept scheme does not have (intercept 0 on a five-intercept map) is *not mapped*
there: ``None``, never 0.

Trends: for every file read (history included), its gaps per theme, added up per year of the
workshop, with the number of workshops held each year.

``suggest_themes`` gives every unthemed gap and resource the theme its words suggest
(``theme_apply``), in memory only: the files are never written, and ``suggested`` lists what was set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .problems import InputError, Problem
from .ranking import rank_candidates
from .simmap_file import SUFFIX, load_workshop
from .theme_apply import ThemeSuggestion, apply_theme_suggestions
from .theme_suggestion import UNTHEMED, normalise_theme
from .workshop import CROSS_INTERCEPT, Workshop

# progress(files done, files in all, file being read or just read); returning False stops the rollup.
ProgressCallback = Callable[[int, int, str], "bool | None"]


class RollupCancelled(Exception):
    """The progress callback asked to stop."""


@dataclass(frozen=True)
class Priority:
    """A community's priority for change: its title, themes, and why it counts as one."""

    title: str
    themes: tuple[str, ...]  # normalised, sorted; empty when no gap of it has a theme
    rank: int | None  # None for an action plan with no candidate
    votes: int
    has_plan: bool


DATE_SOURCES = {"dates": "workshop dates", "report_date": "report date", "file_mtime": "file modified"}


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier workshop file of a community: listed, not counted (but in the trends)."""

    file: str
    workshop_date: date
    date_from: str  # a key of DATE_SOURCES

    def as_json(self) -> dict[str, Any]:
        """File, ISO date and where the date came from."""
        return {"file": self.file, "workshop_date": self.workshop_date.isoformat(),
                "date_from": self.date_from}


@dataclass(frozen=True)
class CommunitySummary:
    """What one file contributes: its name, counts, and the items the rollup groups."""

    name: str
    file: str
    gaps: int
    resources: int
    priorities: int
    gaps_by_intercept: dict[str, int]
    unthemed_gaps: int
    unthemed_priorities: int
    # (theme or "", title) of each gap and resource, and each priority
    gap_items: tuple[tuple[str, str], ...] = field(repr=False, default=())
    resource_themes: tuple[str, ...] = field(repr=False, default=())
    priority_items: tuple[Priority, ...] = field(repr=False, default=())
    # The intercept ids its scheme maps ("X" included); empty: not known, every intercept counts as mapped.
    mapped: tuple[str, ...] = ()
    workshop_date: date | None = None
    date_from: str = ""  # a key of DATE_SOURCES
    history: tuple[HistoryEntry, ...] = ()  # earlier files of the same community, oldest first

    def is_mapped(self, intercept: str) -> bool:
        """True when this community's intercept scheme has ``intercept`` (the cross band always)."""
        return not self.mapped or intercept == CROSS_INTERCEPT or intercept in self.mapped

    def gaps_at(self, intercept: str) -> int | None:
        """Gaps at ``intercept``, or None when this community's map has no such intercept (and no gap
        there: a gap is never hidden)."""
        if not self.is_mapped(intercept) and not self.gaps_by_intercept.get(intercept):
            return None
        return self.gaps_by_intercept.get(intercept, 0)

    def history_entry(self) -> HistoryEntry:
        """This file as a line of history."""
        return HistoryEntry(self.file, self.workshop_date or date.min, self.date_from)


@dataclass(frozen=True)
class ThemeCount:
    """One theme across communities: where it appears and how many gaps, priorities and resources."""

    theme: str
    communities: tuple[str, ...]  # names, sorted
    gaps: int
    priorities: int
    resources: int
    gap_communities: tuple[str, ...]
    priority_communities: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The contract's ``{"theme", "communities", "gaps", "priorities"}`` plus details."""
        return {
            "theme": self.theme,
            "communities": len(self.communities),
            "gaps": self.gaps,
            "priorities": self.priorities,
            "resources": self.resources,
            "community_names": list(self.communities),
        }


@dataclass(frozen=True)
class SharedItem:
    """A gap or priority with the same title in several communities."""

    title: str  # the most used spelling
    communities: tuple[str, ...]
    themes: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """Title, number of communities, their names, and the themes given to it."""
        return {"title": self.title, "communities": len(self.communities),
                "community_names": list(self.communities), "themes": list(self.themes)}


@dataclass(frozen=True)
class ThemeTrend:
    """One theme's gaps per year of workshop, over every file read."""

    theme: str  # the key ("unthemed" for gaps with no theme)
    gaps: dict[int, int]  # year -> gaps

    def as_json(self) -> dict[str, Any]:
        """Theme key and gaps per year (years as strings, as JSON keys are)."""
        return {"theme": self.theme, "gaps": {str(y): n for y, n in sorted(self.gaps.items())}}


@dataclass(frozen=True)
class Trends:
    """Gaps per theme per year, for a state program that repeats workshops."""

    years: tuple[int, ...]
    workshops: dict[int, int]  # year -> files (workshops) read from that year
    themes: tuple[ThemeTrend, ...]  # named themes (most gaps first), then unthemed

    def as_json(self) -> dict[str, Any]:
        """Years, workshops per year, and each theme's gaps per year."""
        return {"years": [str(y) for y in self.years],
                "workshops": {str(y): self.workshops.get(y, 0) for y in self.years},
                "themes": [t.as_json() for t in self.themes]}


@dataclass(frozen=True)
class SuggestedTheme:
    """A theme ``suggest_themes`` set on one item of one file (in memory)."""

    file: str
    community: str
    suggestion: ThemeSuggestion

    def as_json(self) -> dict[str, Any]:
        """File, community and the suggestion's fields."""
        return {"file": self.file, "community": self.community, **self.suggestion.as_json()}


@dataclass
class Rollup:
    """The summary of many communities."""

    communities: list[CommunitySummary]
    themes: list[ThemeCount]  # named themes, most common first
    unthemed: ThemeCount  # gaps and priorities with no theme
    common_gaps: list[SharedItem]
    common_priorities: list[SharedItem]
    intercepts: list[str]  # heat-map columns: every intercept id seen, in order, "X" last
    skipped: list[Problem]
    trends: Trends = field(default_factory=lambda: Trends((), {}, ()))
    all_years: bool = False  # every file counted as a community of its own
    suggested: list[SuggestedTheme] = field(default_factory=list)  # with suggest_themes

    def files(self) -> list[tuple[CommunitySummary, HistoryEntry, bool]]:
        """Every file read: (its community, the file, whether it is the one counted), by community."""
        rows = []
        for c in self.communities:
            rows += [(c, h, False) for h in c.history]
            rows.append((c, c.history_entry(), True))
        return rows

    def themes_with_unthemed(self) -> list[ThemeCount]:
        """The named themes, then ``unthemed`` when any gap or priority has no theme."""
        has_unthemed = self.unthemed.gaps or self.unthemed.priorities
        return [*self.themes, self.unthemed] if has_unthemed else list(self.themes)

    def gap_themes(self) -> list[ThemeCount]:
        """Named themes with gaps, most gaps first (the most common gaps by theme)."""
        rows = [t for t in self.themes if t.gaps]
        return sorted(rows, key=lambda t: (-len(t.gap_communities), -t.gaps, t.theme))

    def priority_themes(self) -> list[ThemeCount]:
        """Named themes with priorities, most first (the most common priorities by theme)."""
        rows = [t for t in self.themes if t.priorities]
        return sorted(rows, key=lambda t: (-len(t.priority_communities), -t.priorities, t.theme))

    def gaps_per_intercept_total(self) -> dict[str, int]:
        """Gaps per intercept, all communities added up."""
        total = dict.fromkeys(self.intercepts, 0)
        for c in self.communities:
            for intercept, n in c.gaps_by_intercept.items():
                total[intercept] = total.get(intercept, 0) + n
        return total

    def not_mapped(self) -> dict[str, list[str]]:
        """Community name -> the heat map's intercepts its scheme does not map (only those with any)."""
        rows = {c.name: [i for i in self.intercepts if c.gaps_at(i) is None] for c in self.communities}
        return {name: ids for name, ids in rows.items() if ids}

    def as_json(self) -> dict[str, Any]:
        """The ``rollup --json`` object (contracts.md section 1, extended)."""
        return {
            "communities": len(self.communities),  # communities, not files (see "file_count")
            "file_count": len(self.files()),
            "all_years": self.all_years,
            "themes": [t.as_json() for t in self.themes_with_unthemed()],
            "unthemed": {"gaps": self.unthemed.gaps, "priorities": self.unthemed.priorities,
                         "resources": self.unthemed.resources,
                         "communities": len(self.unthemed.communities)},
            "common_gaps": [s.as_json() for s in self.common_gaps],
            "common_priorities": [s.as_json() for s in self.common_priorities],
            "gaps_per_intercept": {
                "intercepts": list(self.intercepts),
                "total": self.gaps_per_intercept_total(),
                "by_community": {c.name: {i: c.gaps_at(i) for i in self.intercepts}  # None: not mapped
                                 for c in self.communities},
                "not_mapped": self.not_mapped(),
            },
            # The files counted, one per community (their gaps, resources and priorities) ...
            "files": [{"file": c.file, "community": c.name, "gaps": c.gaps, "resources": c.resources,
                       "priorities": c.priorities, **_dated(c.history_entry())} for c in self.communities],
            # ... and each community's earlier files, which are not counted.
            "history": {c.name: [h.as_json() for h in c.history] for c in self.communities if c.history},
            "trends": self.trends.as_json(),
            "suggested_themes": [t.as_json() for t in self.suggested],
            "skipped": [{"file": p.file, "message": p.message} for p in self.skipped],
        }


def _dated(entry: HistoryEntry) -> dict[str, Any]:
    data = entry.as_json()
    del data["file"]
    return data


# ------------------------------------------------------------------------------------ inputs
def collect_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The workshop files named (a folder stands for every ``*.simmap`` in it), and what was wrong.

    Each file is listed once, in the order given (a folder's files by name).
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted((p for p in path.iterdir() if p.suffix.lower() == SUFFIX and p.is_file()),
                               key=lambda p: p.name.casefold())
            except OSError as exc:
                problems.append(Problem(f"the folder cannot be read ({exc.strerror or exc})", file=str(raw)))
                continue
            if not found:
                problems.append(Problem(f"no {SUFFIX} files in this folder", file=str(raw)))
            for p in found:
                add(p)
        elif path.is_file():
            add(path)
        elif path.exists():  # a pipe or device would be read forever, or never
            problems.append(Problem("not a regular file", file=str(raw)))
        else:
            problems.append(Problem("no such file or folder", file=str(raw)))
    return files, problems


# ------------------------------------------------------------------------------------ one community
def community_priorities(ws: Workshop) -> list[Priority]:
    """The priorities for change of one workshop (see the module rules), in rank order."""
    planned = {p.candidate_id for p in ws.action_plans if p.candidate_id}
    candidates = {c.id: c for c in ws.voting.candidates}
    findings = {f.id: f for f in ws.findings}
    result: list[Priority] = []
    ranked = rank_candidates(ws)
    for r in ranked:
        in_top = r.rank <= ws.voting.top_n and r.votes > 0
        if not (in_top or r.candidate_id in planned):
            continue
        result.append(Priority(r.title, _candidate_themes(candidates[r.candidate_id].gap_ids, findings),
                               r.rank, r.votes, r.candidate_id in planned))
    listed = {r.candidate_id for r in ranked}
    for plan in ws.action_plans:
        cand = candidates.get(plan.candidate_id or "")
        if cand is not None and cand.id not in listed:  # an excluded candidate with a plan still counts
            result.append(Priority(cand.title, _candidate_themes(cand.gap_ids, findings), None,
                                   cand.total_votes(), True))
        elif cand is None:
            result.append(Priority(plan.title, (), None, 0, True))
    return result


def _candidate_themes(gap_ids: list[str], findings: dict) -> tuple[str, ...]:
    themes = {normalise_theme(findings[g].theme) for g in gap_ids if g in findings}
    themes.discard("")
    themes.discard(UNTHEMED)
    return tuple(sorted(themes))


def summarise_community(ws: Workshop, name: str, file: str, when: tuple[date, str] | None = None
                        ) -> CommunitySummary:
    """What the rollup needs from one workshop (``when``: its date and where that came from)."""
    gaps = ws.gaps()
    resources = ws.resources()
    priorities = community_priorities(ws)
    by_intercept: Counter[str] = Counter(g.intercept for g in gaps)
    gap_items = tuple((_theme_of(g.theme), g.title) for g in gaps)
    return CommunitySummary(
        name=name, file=file, gaps=len(gaps), resources=len(resources), priorities=len(priorities),
        gaps_by_intercept=dict(by_intercept),
        unthemed_gaps=sum(1 for theme, _ in gap_items if not theme),
        unthemed_priorities=sum(1 for p in priorities if not p.themes),
        gap_items=gap_items,
        resource_themes=tuple(_theme_of(r.theme) for r in resources),
        priority_items=tuple(priorities),
        mapped=(*(i.id for i in ws.scheme.intercepts), CROSS_INTERCEPT),
        workshop_date=when[0] if when else None,
        date_from=when[1] if when else "",
    )


def _theme_of(text: str) -> str:
    theme = normalise_theme(text)
    return "" if theme == UNTHEMED else theme


def community_name(ws: Workshop, path: str | Path) -> str:
    """The jurisdiction, else the title, else the file name without its extension."""
    return (" ".join(ws.info.jurisdiction.split()) or " ".join(ws.info.title.split())
            or Path(path).stem)


def community_key(name: str) -> str:
    """The community a name stands for: "Adams County" and "ADAMS  county." are one."""
    return title_key(name) or name.casefold()


def workshop_date(ws: Workshop, path: str | Path) -> tuple[date, str]:
    """When the workshop was held, and from what: the latest workshop date, else the report date, else
    the file's modification time (a key of ``DATE_SOURCES``)."""
    if ws.info.dates:
        return max(ws.info.dates), "dates"
    if ws.info.report_date is not None:
        return ws.info.report_date, "report_date"
    try:
        return date.fromtimestamp(Path(path).stat().st_mtime), "file_mtime"
    except (OSError, OverflowError, ValueError):
        return date.min, "file_mtime"


# ------------------------------------------------------------------------------------ many
def build_rollup(paths: Sequence[str | Path], progress: ProgressCallback | None = None, *,
                 all_years: bool = False, suggest_themes: bool = False) -> Rollup:
    """Read every file (folders stand for their ``*.simmap`` files) and summarise the communities.

    The latest file of each community counts (``all_years``: every file counts); ``suggest_themes``
    fills in suggested themes in memory first. Unreadable files end up in ``skipped``; raises
    ``InputError`` with every problem when no file can be read, and ``RollupCancelled`` when
    ``progress`` returns False.
    """
    files, skipped = collect_inputs(paths)
    summaries: list[CommunitySummary] = []
    total = len(files)
    if progress is not None and progress(0, total, "") is False:
        raise RollupCancelled
    suggested: list[SuggestedTheme] = []
    for n, path in enumerate(files, start=1):
        try:
            ws = load_workshop(path)
            name = community_name(ws, path)
            if suggest_themes:
                suggested += [SuggestedTheme(str(path), name, t) for t in apply_theme_suggestions(ws)]
            summaries.append(summarise_community(ws, name, str(path), workshop_date(ws, path)))
        except InputError as exc:
            skipped.append(_skip_problem(exc.problems, str(path)))
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop a statewide summary
            skipped.append(Problem(f"skipped: could not be summarised ({type(exc).__name__}: {exc})",
                                   file=str(path)))
        if progress is not None and progress(n, total, str(path)) is False:
            raise RollupCancelled
    if not summaries:
        if not skipped:
            skipped.append(Problem("no workshop files were given"))
        raise InputError([_unskipped(p) for p in skipped])
    counted = summaries if all_years else latest_per_community(summaries)
    rollup = summarise(_unique_names(counted), skipped, every_file=summaries)
    rollup.all_years = all_years
    rollup.suggested = suggested
    return rollup


def latest_per_community(summaries: list[CommunitySummary]) -> list[CommunitySummary]:
    """One summary per community (``community_key`` of the name): the latest workshop, with the earlier
    files as its history; in the order each community's first file came."""
    groups: dict[str, list[CommunitySummary]] = {}
    for s in summaries:
        groups.setdefault(community_key(s.name), []).append(s)
    result = []
    for group in groups.values():
        group = sorted(group, key=lambda s: (s.workshop_date or date.min, _mtime(s.file), s.file))
        latest = group[-1]
        result.append(replace(latest, history=tuple(s.history_entry() for s in group[:-1])))
    return result


def _mtime(path: str) -> float:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return 0.0


def _skip_problem(problems: list[Problem], file: str) -> Problem:
    first = problems[0] if problems else Problem("cannot be read", file=file)
    more = len(problems) - 1
    extra = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
    return Problem(f"skipped: {first.message}{extra}", file=first.file or file, line=first.line,
                   field=first.field)


def _unskipped(problem: Problem) -> Problem:
    # When nothing could be read, the problems are errors, not notes about skipped files.
    return Problem(problem.message.removeprefix("skipped: "), problem.file, problem.line, problem.field)


def _unique_names(summaries: list[CommunitySummary]) -> list[CommunitySummary]:
    """Two files with one name become "Name (file.simmap)", or "Name (full path)" if that clashes too."""
    counts = Counter(s.name for s in summaries)
    renamed = [replace(s, name=f"{s.name} ({Path(s.file).name})") if counts[s.name] > 1 else s
               for s in summaries]
    counts = Counter(s.name for s in renamed)
    return [replace(s, name=f"{orig.name} ({s.file})") if counts[s.name] > 1 else s
            for s, orig in zip(renamed, summaries, strict=True)]


def summarise(communities: list[CommunitySummary], skipped: list[Problem] | None = None,
              every_file: list[CommunitySummary] | None = None) -> Rollup:
    """Group the communities' items by theme and by title (the names must be unique); the trends come
    from ``every_file`` (history included; by default the communities)."""
    gap_count: Counter[str] = Counter()
    priority_count: Counter[str] = Counter()
    resource_count: Counter[str] = Counter()
    gap_where: dict[str, set[str]] = {}
    priority_where: dict[str, set[str]] = {}
    gap_titles = _TitleGroups()
    priority_titles = _TitleGroups()
    intercepts: set[str] = set()
    for c in communities:
        intercepts.update(c.gaps_by_intercept)
        for theme, title in c.gap_items:
            gap_count[theme] += 1
            gap_where.setdefault(theme, set()).add(c.name)
            gap_titles.add(title, c.name, theme)
        for theme in c.resource_themes:
            resource_count[theme] += 1
        for p in c.priority_items:
            for theme in p.themes or ("",):
                priority_count[theme] += 1
                priority_where.setdefault(theme, set()).add(c.name)
            priority_titles.add(p.title, c.name, *p.themes)

    def row(theme: str, label: str) -> ThemeCount:
        gaps_in = gap_where.get(theme, set())
        prios_in = priority_where.get(theme, set())
        return ThemeCount(label, tuple(sorted(gaps_in | prios_in, key=str.casefold)),
                          gap_count[theme], priority_count[theme], resource_count[theme],
                          tuple(sorted(gaps_in, key=str.casefold)), tuple(sorted(prios_in, key=str.casefold)))

    named = {t for t in (*gap_count, *priority_count) if t}
    themes = sorted((row(t, t) for t in named),
                    key=lambda t: (-len(t.communities), -t.gaps, -t.priorities, t.theme))
    return Rollup(
        communities=list(communities),
        themes=themes,
        unthemed=row("", UNTHEMED),
        common_gaps=gap_titles.shared(),
        common_priorities=priority_titles.shared(),
        intercepts=sorted(intercepts, key=_intercept_order),
        skipped=list(skipped or []),
        trends=trends(communities if every_file is None else every_file),
    )


def trends(files: Sequence[CommunitySummary]) -> Trends:
    """Gaps per theme per year of workshop (files with no date are left out), most gaps first."""
    per_theme: dict[str, Counter[int]] = {}
    workshops: Counter[int] = Counter()
    for f in files:
        if f.workshop_date is None or f.workshop_date == date.min:
            continue
        year = f.workshop_date.year
        workshops[year] += 1
        for theme, _title in f.gap_items:
            per_theme.setdefault(theme or UNTHEMED, Counter())[year] += 1
    named = sorted((t for t in per_theme if t != UNTHEMED),
                   key=lambda t: (-sum(per_theme[t].values()), t))
    if UNTHEMED in per_theme:
        named.append(UNTHEMED)
    return Trends(tuple(sorted(workshops)), dict(workshops),
                  tuple(ThemeTrend(t, dict(per_theme[t])) for t in named))


def _intercept_order(intercept: str) -> tuple[int, int, str]:
    if intercept == CROSS_INTERCEPT:
        return (2, 0, intercept)
    if intercept.isdigit():
        return (0, int(intercept), intercept)
    return (1, 0, intercept)


_NON_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """A title as the rollup compares it: case-folded, punctuation and spacing made single spaces."""
    return _NON_WORD.sub(" ", title.casefold()).strip()


class _TitleGroups:
    """Items grouped by ``title_key``: their spellings, communities and themes."""

    def __init__(self) -> None:
        self._spellings: dict[str, Counter[str]] = {}
        self._where: dict[str, set[str]] = {}
        self._themes: dict[str, set[str]] = {}

    def add(self, title: str, community: str, *themes: str) -> None:
        key = title_key(title)
        if not key:
            return
        self._spellings.setdefault(key, Counter())[" ".join(title.split())] += 1
        self._where.setdefault(key, set()).add(community)
        self._themes.setdefault(key, set()).update(t for t in themes if t)

    def shared(self) -> list[SharedItem]:
        """Titles found in two or more communities, most communities first, then by title."""
        items = []
        for key, where in self._where.items():
            if len(where) < 2:
                continue
            spelling = min(self._spellings[key].items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))[0]
            items.append((key, SharedItem(spelling, tuple(sorted(where, key=str.casefold)),
                                          tuple(sorted(self._themes[key])))))
        items.sort(key=lambda ki: (-len(ki[1].communities), ki[0]))
        return [item for _, item in items]
