"""The one place user text becomes reportlab Paragraph markup: escaped, line breaks kept, words breakable.

Reportlab's Paragraph parses a small XML dialect (``<b>``, ``<font>``, ``&amp;`` ...). Anything typed by
a user is data, so it is escaped here and nowhere else; callers build markup only from the results.

A PDF font draws only the characters it has glyphs for, so text is cut into runs by character: what
the report font (DejaVu) lacks but the CJK fallback has is drawn in the fallback (``font_runs``), in
Paragraph markup (``esc``) and in drawn strings (``text_strings``, ``draw_text``, ``text_width``).
"""

from __future__ import annotations

import re

from reportlab.graphics.shapes import String
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .pdf_fonts import fallback_font, font_characters, report_fonts

# C0 controls other than newline and tab, DEL, and lone surrogates (from bad pastes) would break the
# parser or the font subsetter; they carry no meaning in a report.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class MemoParagraph(Paragraph):
    """A Paragraph that remembers its line breaks for the last width it was wrapped to.

    A long table that splits across pages is re-measured on every page it continues onto; without
    this, a 3,000-row report would wrap each cell once per page (quadratic time).
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Line-break for ``availWidth``, reusing the last result when the width is unchanged."""
        memo = getattr(self, "_memo", None)
        if memo is not None and memo[0] == availWidth:
            _, self.width, self.height, self.blPara, self._wrapWidths = memo
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, self.width, self.height, self.blPara, self._wrapWidths)
        return width, height


def plain(text: object) -> str:
    """User text cleaned for drawing as-is (map labels): unprintable characters dropped, CRLF unified."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNPRINTABLE.sub("", s)


# font name -> character -> whether the fallback font draws it (filled as characters are met)
_FALLBACK_MEMO: dict[str, dict[str, bool]] = {}


def _drawn_by_fallback(ch: str, font: str) -> bool:
    memo = _FALLBACK_MEMO.setdefault(font, {})
    hit = memo.get(ch)
    if hit is None:
        own = font_characters(font)
        hit = False
        # The fallback font file is read only when a character is missing from the report font.
        if own is not None and ord(ch) not in own and not ch.isspace():
            fallback = fallback_font()
            chars = font_characters(fallback) if fallback else None
            hit = chars is not None and ord(ch) in chars
        memo[ch] = hit
    return hit


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into ``(run, font name)`` pieces: ``font``, or the CJK fallback where ``font`` lacks
    a character the fallback has (other missing characters stay in ``font`` and print as boxes)."""
    if text.isascii():
        return [(text, font)]
    runs: list[tuple[str, str]] = []
    start, current = 0, font
    for i, ch in enumerate(text):
        name = (fallback_font() or font) if _drawn_by_fallback(ch, font) else font
        if name != current:
            if i > start:
                runs.append((text[start:i], current))
            start, current = i, name
    runs.append((text[start:], current))
    return runs


def _esc_run(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace('"', "&quot;").replace("'", "&#39;")
    return s.replace("\n", "<br/>")


def esc(text: object) -> str:
    """User text as Paragraph markup that prints literally; newlines become ``<br/>``; characters the
    report font lacks (Chinese, Japanese, Korean) are wrapped in the fallback font."""
    s = plain(text)
    regular = report_fonts().regular
    return "".join(_esc_run(run) if name == regular else f'<font name="{name}">{_esc_run(run)}</font>'
                   for run, name in font_runs(s, regular))


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` drawn in ``font`` with the fallback for the characters it lacks."""
    if text.isascii():  # one run in ``font`` (font_runs' own shortcut), measured without the list
        return stringWidth(text, font, size)
    return sum(stringWidth(run, name, size) for run, name in font_runs(text, font))


def fit_prefix(s: str, font: str, size: float, width: float, suffix: str = "") -> str:
    """The longest prefix of ``s`` (keeping ``suffix`` at the end) that fits in ``width``."""
    if text_width(s, font, size) <= width:
        return s
    body = s[: len(s) - len(suffix)] if suffix else s
    lo, hi = 0, min(len(body), int(width / (size * 0.2)) + 1)
    while lo < hi:  # binary search on the character count
        mid = (lo + hi + 1) // 2
        if text_width(body[:mid].rstrip() + suffix, font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return (body[: max(1, lo)].rstrip() + suffix) if (lo or not suffix) else suffix


def text_strings(x: float, y: float, text: str, font: str, size: float, colour: Color,
                 anchor: str = "start") -> list[String]:
    """Graphics Strings drawing ``text`` with its baseline at (x, y), one per font run."""
    runs = font_runs(text, font)
    if len(runs) == 1:
        return [String(x, y, text, fontName=runs[0][1], fontSize=size, fillColor=colour, textAnchor=anchor)]
    total = sum(stringWidth(run, name, size) for run, name in runs)
    x -= {"middle": total / 2, "end": total}.get(anchor, 0.0)
    out = []
    for run, name in runs:
        # SVG drops a text element's outer spaces, so each run is placed past its own leading spaces.
        lead = run[: len(run) - len(run.lstrip())]
        if run.strip():
            out.append(String(x + stringWidth(lead, name, size), y, run.strip(), fontName=name, fontSize=size,
                              fillColor=colour))
        x += stringWidth(run, name, size)
    return out


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float,
              anchor: str = "start") -> None:
    """Draw ``text`` on a canvas at (x, y) in ``font`` (fallback runs included); leaves ``font`` set."""
    runs = font_runs(text, font)
    total = sum(stringWidth(run, name, size) for run, name in runs)
    x -= {"middle": total / 2, "end": total}.get(anchor, 0.0)
    for run, name in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)
    canvas.setFont(font, size)


def para(text: object, style: ParagraphStyle, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A Paragraph printing ``text`` literally in ``style``, optionally bold or italic."""
    markup = esc(text)
    if bold:
        markup = f"<b>{markup}</b>"
    if italic:
        markup = f"<i>{markup}</i>"
    return MemoParagraph(markup, style)


def labelled(label: str, text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph ``Label: text`` with the label in bold; both are escaped."""
    return MemoParagraph(f"<b>{esc(label)}</b> {esc(text)}", style)


def joined(parts: list[str], style: ParagraphStyle, sep: str = " · ") -> Paragraph:
    """A Paragraph of several user texts separated by ``sep`` (all escaped)."""
    return MemoParagraph(esc(sep).join(esc(p) for p in parts), style)


def markup(built: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from markup the caller assembled only from ``esc`` output and its own tags."""
    return MemoParagraph(built, style)


def shorten(text: object, limit: int) -> str:
    """Plain text cut to ``limit`` characters with an ellipsis, for places with fixed room (contents)."""
    s = " ".join(plain(text).split())
    return s if len(s) <= limit else s[: max(1, limit - 1)].rstrip() + "…"
