"""Text runs of a PDF with the size they print at, page by page (read with pypdf from the text objects)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class TextRun:
    """One piece of text as drawn: where it starts on the page and its printed size in points."""

    text: str
    x: float
    y: float
    size: float


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector order: a point goes through ``m`` first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def printed_size(font_size: float, tm: Matrix, cm: Matrix) -> float:
    """The height text of ``font_size`` prints at: the text matrix, then the graphics state's, scale it
    (the length of the text's y axis on the page, so a rotated or flipped run measures right too)."""
    _, _, c, d, _, _ = _times(tm, cm)
    return font_size * (c * c + d * d) ** 0.5


def text_runs(data: bytes) -> list[list[TextRun]]:
    """Every non-blank text run on each page of the PDF ``data``, in drawing order."""
    pages: list[list[TextRun]] = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        runs: list[TextRun] = []

        def visit(text: str, cm: list, tm: list, font: object, size: float,
                  runs: list[TextRun] = runs) -> None:
            if text.strip():
                x, y = _times((1, 0, 0, 1, tm[4], tm[5]), tuple(cm))[4:]
                runs.append(TextRun(text.strip(), x, y, printed_size(size, tuple(tm), tuple(cm))))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages
