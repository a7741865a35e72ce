"""The one place user text becomes reportlab Paragraph markup: escaped, line breaks kept, words breakable.

Reportlab's Paragraph parses a small XML dialect (``<b>``, ``<font>``, ``&amp;`` ...). Anything typed by
a user is data, so it is escaped here and nowhere else; callers build markup only from the results.
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

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


def esc(text: object) -> str:
    """User text as Paragraph markup that prints literally; newlines become ``<br/>``."""
    s = plain(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace('"', "&quot;").replace("'", "&#39;")
    return s.replace("\n", "<br/>")


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
