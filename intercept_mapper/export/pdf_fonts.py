"""The report's fonts: DejaVu Sans embedded as TrueType, so accented and non-Latin names print.

Falls back to reportlab's bundled Vera when the DejaVu files are missing (Vera covers less of Unicode,
but is still embedded). Chinese, Japanese and Korean characters, which DejaVu lacks, are drawn in
Droid Sans Fallback (Apache-2.0, bundled); ``pdf_text`` picks the font character by character.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import FONTS_DIR

FAMILY = "IMSans"
FALLBACK = "IMFallback"  # registered name of the CJK fallback font
FALLBACK_FILE_NAME = "DroidSansFallback.ttf"


@dataclass(frozen=True)
class FontSet:
    """Registered font names for body text, bold and oblique; ``family`` for Paragraph markup."""

    family: str
    regular: str
    bold: str
    italic: str
    source: str  # "DejaVu Sans" or "Vera", for messages and tests


def _candidates() -> list[tuple[str, Path, Path, Path]]:
    vera = Path(reportlab.__file__).resolve().parent / "fonts"
    return [
        ("DejaVu Sans", FONTS_DIR / "DejaVuSans.ttf", FONTS_DIR / "DejaVuSans-Bold.ttf",
         FONTS_DIR / "DejaVuSans-Oblique.ttf"),
        ("Vera", vera / "Vera.ttf", vera / "VeraBd.ttf", vera / "VeraIt.ttf"),
    ]


@cache
def report_fonts() -> FontSet:
    """Register the report fonts once (DejaVu Sans, else Vera) and return their names."""
    for source, regular, bold, italic in _candidates():
        if not (regular.is_file() and bold.is_file() and italic.is_file()):
            continue
        try:
            names = FontSet(FAMILY, FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Oblique", source)
            pdfmetrics.registerFont(TTFont(names.regular, str(regular)))
            pdfmetrics.registerFont(TTFont(names.bold, str(bold)))
            pdfmetrics.registerFont(TTFont(names.italic, str(italic)))
        except Exception:  # noqa: BLE001 - a damaged font file: try the next family
            continue
        # <b> and <i> inside Paragraphs resolve through this mapping.
        addMapping(FAMILY, 0, 0, names.regular)
        addMapping(FAMILY, 1, 0, names.bold)
        addMapping(FAMILY, 0, 1, names.italic)
        addMapping(FAMILY, 1, 1, names.bold)
        return names
    # Nothing usable on disk: the standard PDF fonts (not embedded, Latin-1 only) still build a report.
    return FontSet("Helvetica", "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica")


@cache
def fallback_font() -> str | None:
    """Register the CJK fallback font once; its name, or None when the file is missing or unusable."""
    path = FONTS_DIR / FALLBACK_FILE_NAME
    if not path.is_file():
        return None
    try:
        pdfmetrics.registerFont(TTFont(FALLBACK, str(path)))
    except Exception:  # noqa: BLE001 - a damaged file: CJK prints as boxes, the report still builds
        return None
    # The fallback has one weight: bold and italic runs inside <b>/<i> markup use it as it is.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK, bold, italic, FALLBACK)
    return FALLBACK


def font_characters(name: str) -> frozenset[int] | dict[int, int] | None:
    """The code points a registered TrueType font has glyphs for; None for the standard PDF fonts."""
    face = getattr(pdfmetrics.getFont(name), "face", None)
    return getattr(face, "charToGlyph", None)
