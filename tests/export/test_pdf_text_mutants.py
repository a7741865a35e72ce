"""User text for the PDF, said exactly (issue 20, mutation run mutG): ``export/pdf_text``.

Cleaning, escaping, cutting into font runs, measuring, fitting, placing and drawing text, each checked
against values worked out here (widths from reportlab's own metrics, prefixes by trying every length),
so that a changed escape, a run cut one character off, a string placed by the wrong width or a prefix
one character short fails.
"""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from intercept_mapper.export import pdf_text
from intercept_mapper.export.pdf_fonts import FALLBACK, fallback_font, report_fonts
from intercept_mapper.export.pdf_text import (
    MemoParagraph,
    draw_text,
    esc,
    fit_prefix,
    font_runs,
    joined,
    labelled,
    markup,
    para,
    plain,
    shorten,
    text_strings,
    text_width,
)

REG = report_fonts().regular
STYLE = ParagraphStyle("t", fontName=REG, fontSize=10, leading=12)
HAN = "中文"  # in the CJK fallback, not in DejaVu
NEITHER = "\U00013000"  # an Egyptian hieroglyph: in neither font (prints as a box in the report font)


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Which font draws a character is remembered for the process: start from nothing, so that the
    # lookup itself runs in every test (a remembered answer hides a changed lookup).
    monkeypatch.setattr(pdf_text, "_FALLBACK_MEMO", {})
    assert fallback_font() == FALLBACK


def test_plain_drops_unprintables_and_unifies_line_ends() -> None:
    assert plain(None) == ""
    assert plain(42) == "42"
    assert plain("a\r\nb\rc\nd\te") == "a\nb\nc\nd e"
    assert plain("".join(map(chr, range(32))) + "\x7f|\ud800\udfff|\ufffe") == " \n\n||\ufffe"
    assert plain("x\x0by\x0cz\x1f!") == "xyz!"


def test_a_character_goes_to_the_fallback_only_when_the_report_font_lacks_it_and_the_fallback_has() -> None:
    assert font_runs("a中b", REG) == [("a", REG), ("中", FALLBACK), ("b", REG)]
    assert font_runs("中文 text", REG) == [("中文", FALLBACK), (" text", REG)]
    assert font_runs("text 中文", REG) == [("text ", REG), ("中文", FALLBACK)]
    assert font_runs(HAN, REG) == [(HAN, FALLBACK)]
    assert font_runs("café", REG) == [("café", REG)]  # non-ASCII the report font has
    assert font_runs("", REG) == [("", REG)]
    # The ideographic space is the fallback's, but a space needs no glyph: it stays in the run.
    assert font_runs("中\u3000文", REG) == [("中", FALLBACK), ("\u3000", REG), ("文", FALLBACK)]
    # Missing from both: stays in the report font (a box there) rather than a run of its own.
    assert font_runs(f"a{NEITHER}b", REG) == [(f"a{NEITHER}b", REG)]
    # A standard PDF font has no character table: everything stays in it.
    assert font_runs("a中b", "Helvetica") == [("a中b", "Helvetica")]
    # What was found is remembered per font and character.
    assert pdf_text._FALLBACK_MEMO[REG] == {"a": False, "中": True, "b": False, "文": True, " ": False,
                                             "t": False, "e": False, "x": False, "c": False, "f": False,
                                             "é": False, "\u3000": False, NEITHER: False}
    assert pdf_text._FALLBACK_MEMO["Helvetica"] == {"a": False, "中": False, "b": False}


def test_a_remembered_answer_is_used_again() -> None:
    pdf_text._FALLBACK_MEMO[REG] = {"é": True}
    assert font_runs("café", REG) == [("caf", REG), ("é", FALLBACK)]


def test_esc_escapes_every_markup_character_and_keeps_line_breaks() -> None:
    assert esc("a & b < c > d \"e\" 'f'\nnext") == (
        "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;<br/>next")
    assert esc("&lt;") == "&amp;lt;"
    assert esc(None) == ""
    assert esc("x\r\ny\x00") == "x<br/>y"
    assert esc(f"<{HAN}>\n{HAN}&") == (
        f'&lt;<font name="{FALLBACK}">{HAN}</font>&gt;<br/><font name="{FALLBACK}">{HAN}</font>&amp;')


def test_width_is_the_sum_of_each_runs_width_in_its_own_font() -> None:
    assert text_width("abc", REG, 10) == stringWidth("abc", REG, 10)
    assert text_width(f"ab{HAN}c", REG, 12) == (
        stringWidth("ab", REG, 12) + stringWidth(HAN, FALLBACK, 12) + stringWidth("c", REG, 12))


def longest_prefix(s: str, size: float, width: float, suffix: str = "") -> str:
    """What fit_prefix promises, found by trying every length."""
    if text_width(s, REG, size) <= width:
        return s
    body = s[: len(s) - len(suffix)] if suffix else s
    fits = [k for k in range(len(body) + 1) if text_width(body[:k].rstrip() + suffix, REG, size) <= width]
    k = max(fits, default=0)
    if k == 0:
        return suffix or body[:1]
    return body[:k].rstrip() + suffix


@pytest.mark.parametrize("text", ["illicit little lilies in a fill", "WWWW MMMM WWWW",
                                  "Booking and screening", f"中文 mixed {HAN} text", "i" * 40])
def test_fit_prefix_is_the_longest_prefix_that_fits(text: str) -> None:
    for size in (8.0, 12.0):
        full = text_width(text, REG, size)
        for width in [full + 1, full, full - 0.01, *(full * f / 20 for f in range(19, -1, -1)), 0.0]:
            assert fit_prefix(text, REG, size, width) == longest_prefix(text, size, width), (size, width)
            with_dots = text + "…"
            assert fit_prefix(with_dots, REG, size, width, suffix="…") == longest_prefix(
                with_dots, size, width, "…"), (size, width)


def test_fit_prefix_keeps_one_character_or_the_suffix_alone_when_nothing_fits() -> None:
    assert fit_prefix("Wide", REG, 10, 1) == "W"
    assert fit_prefix("Wide…", REG, 10, 1, suffix="…") == "…"
    assert fit_prefix("Wide…", REG, 10, text_width("W…", REG, 10), suffix="…") == "W…"
    assert fit_prefix("ab cd…", REG, 10, text_width("ab…", REG, 10), suffix="…") == "ab…"  # no space kept


def test_a_single_run_is_one_string_with_every_attribute() -> None:
    (s,) = text_strings(5, 7, "Arrest", REG, 9, colors.red, "middle")
    assert (s.x, s.y, s.text, s.fontName, s.fontSize, s.fillColor, s.textAnchor) == (
        5, 7, "Arrest", REG, 9, colors.red, "middle")
    (s,) = text_strings(5, 7, "Arrest", REG, 9, colors.red)
    assert s.textAnchor == "start"


@pytest.mark.parametrize(("anchor", "shift"), [("start", 0.0), ("middle", 0.5), ("end", 1.0), ("odd", 0.0)])
def test_runs_are_placed_one_after_another_past_their_leading_spaces(anchor: str, shift: float) -> None:
    text = f"ab  {HAN}  c "
    size = 10
    widths = [stringWidth("ab  ", REG, size), stringWidth(HAN, FALLBACK, size),
              stringWidth("  c ", REG, size)]
    x0 = 100 - shift * sum(widths)
    got = text_strings(100, 20, text, REG, size, colors.blue, anchor)
    assert [(s.text, s.fontName, s.x, s.y, s.fontSize, s.fillColor, s.textAnchor) for s in got] == [
        ("ab", REG, pytest.approx(x0), 20, size, colors.blue, "start"),
        (HAN, FALLBACK, pytest.approx(x0 + widths[0]), 20, size, colors.blue, "start"),
        ("c", REG, pytest.approx(x0 + widths[0] + widths[1] + stringWidth("  ", REG, size)), 20, size,
         colors.blue, "start")]


def test_a_run_of_spaces_alone_draws_nothing_but_moves_on() -> None:
    got = text_strings(0, 0, f"{HAN} \u3000 {HAN}", REG, 10, colors.black)
    w = stringWidth(HAN, FALLBACK, 10)
    assert [(s.text, s.x) for s in got] == [
        (HAN, 0), (HAN, pytest.approx(w + stringWidth(" \u3000 ", REG, 10)))]


class Canvas:
    """Records what draw_text asks of a reportlab canvas."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def setFont(self, name: str, size: float) -> None:  # noqa: N802 - reportlab's name
        self.calls.append(("font", name, size))

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self.calls.append(("draw", pytest.approx(x), y, text))


@pytest.mark.parametrize(("anchor", "shift"), [("start", 0.0), ("middle", 0.5), ("end", 1.0)])
def test_draw_text_draws_each_run_in_its_font_and_leaves_the_font_set(anchor: str, shift: float) -> None:
    c = Canvas()
    draw_text(c, 50, 9, f"a {HAN}b", REG, 11, anchor)
    w1, w2 = stringWidth("a ", REG, 11), stringWidth(HAN, FALLBACK, 11)
    x0 = 50 - shift * (w1 + w2 + stringWidth("b", REG, 11))
    assert c.calls == [("font", REG, 11), ("draw", x0, 9, "a "), ("font", FALLBACK, 11),
                       ("draw", x0 + w1, 9, HAN), ("font", REG, 11), ("draw", x0 + w1 + w2, 9, "b"),
                       ("font", REG, 11)]


def test_paragraphs_hold_escaped_text_in_the_style_given() -> None:
    p = para("a < b", STYLE)
    assert isinstance(p, MemoParagraph) and p.style is STYLE and p.text == "a &lt; b"
    assert para("x&y", STYLE, bold=True).text == "<b>x&amp;y</b>"
    assert para("x", STYLE, italic=True).text == "<i>x</i>"
    assert para("x", STYLE, bold=True, italic=True).text == "<i><b>x</b></i>"
    lab = labelled("Who & why:", "<b>me</b>", STYLE)
    assert isinstance(lab, MemoParagraph) and lab.style is STYLE
    assert lab.text == "<b>Who &amp; why:</b> &lt;b&gt;me&lt;/b&gt;"
    j = joined(["a<", "b&", "c"], STYLE)
    assert isinstance(j, MemoParagraph) and j.style is STYLE and j.text == "a&lt; · b&amp; · c"
    assert joined(["a", "b"], STYLE, sep=" & ").text == "a &amp; b"
    m = markup("<b>built</b> &amp;", STYLE)
    assert isinstance(m, MemoParagraph) and m.style is STYLE and m.text == "<b>built</b> &amp;"


def test_shorten_collapses_space_and_cuts_with_an_ellipsis() -> None:
    assert shorten("  a\n b\t c  ", 10) == "a b c"
    assert shorten("abcde", 5) == "abcde"
    assert shorten("abcdef", 5) == "abcd…"
    assert shorten("ab def", 4) == "ab…"  # the cut's trailing space dropped
    assert shorten("abcdef", 1) == "a…"
    assert shorten(None, 3) == ""


def test_a_memo_paragraph_wraps_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    real = Paragraph.wrap

    def counting(self: Paragraph, w: float, h: float) -> tuple[float, float]:
        calls.append(w)
        return real(self, w, h)

    monkeypatch.setattr(Paragraph, "wrap", counting)
    p = para("word " * 40, STYLE)
    narrow = p.wrap(100, 1000)
    lines = p.blPara.lines
    wide = p.wrap(300, 1000)
    assert wide[1] < narrow[1] and calls == [100, 300]
    assert p.wrap(300, 1000) == wide and calls == [100, 300]  # the same width: remembered
    assert p.wrap(100, 1000) == narrow and calls == [100, 300, 100]
    assert p.blPara.lines == lines and (p.width, p.height) == (100, narrow[1])
    q = para("word " * 40, STYLE)
    assert q.wrap(100, 1000) == narrow and not hasattr(Paragraph("x", STYLE), "_memo")
