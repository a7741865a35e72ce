"""Problems found in user input, with the file and place they came from, ready to print."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (file, line or field) and what."""

    message: str
    file: str = ""
    line: int | None = None
    field: str = ""

    def where(self) -> str:
        """``file:line`` or ``file: field`` or whatever part of the place is known."""
        place = self.file
        if self.line is not None:
            place = f"{place}:{self.line}" if place else f"line {self.line}"
        if self.field:
            place = f"{place}: {self.field}" if place else self.field
        return place

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


def summarised(problems: list[Problem], cap: int) -> list[Problem]:
    """The first ``cap`` problems and, when there are more, one line counting the rest."""
    if len(problems) <= cap:
        return problems
    rest = len(problems) - cap
    return [*problems[:cap], Problem(f"... and {rest:,} more like these, not shown", file=problems[0].file)]


class InputError(Exception):
    """Raised when an input (file, CSV, text) cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | Path = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, file=str(file))]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One ``error: ...`` line per problem, as the command line prints them."""
        return [f"error: {p}" for p in self.problems]
