"""The PDF text helpers held whole: what is dropped, escaped, cut, measured and where each run is drawn.

Written for the mutation run of ``export/pdf_text.py`` (bench/README.md, "Mutation testing", fifth run):
the report tests reach these helpers only through whole PDFs, which a small change here mostly passes.
"""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black, red
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from intercept_mapper.export import pdf_text
from intercept_mapper.export.pdf_fonts import fallback_font, report_fonts
from intercept_mapper.export.pdf_text import (
    MemoParagraph,
    draw_text,
    esc,
    fit_prefix,
    font_runs,
    joined,
    labelled,
    para,
    plain,
    shorten,
    text_strings,
    text_width,
)

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)


@pytest.fixture(autouse=True)
def _fonts_looked_up_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Which characters the fallback draws is remembered per process: each test here looks them up."""
    monkeypatch.setattr(pdf_text, "_FALLBACK_MEMO", {})


def _fonts() -> tuple[str, str]:
    fallback = fallback_font()
    assert fallback is not None  # the CJK fallback ships with the app
    return report_fonts().regular, fallback


def test_plain_text_unifies_line_ends_turns_tabs_to_spaces_and_drops_what_cannot_print() -> None:
    assert plain("a\r\nb\rc\td") == "a\nb\nc d"
    assert plain("x\x00\x08\x0b\x0c\x0e\x1f\x7f\ud800y") == "xy"
    assert plain("keep\nthis") == "keep\nthis"
    assert (plain(None), plain(12)) == ("", "12")


def test_markup_characters_are_escaped_each_and_line_breaks_kept() -> None:
    assert esc("""& < > " ' \n""") == "&amp; &lt; &gt; &quot; &#39; <br/>"
    _, fallback = _fonts()
    font = f'<font name="{fallback}">'
    assert esc("a<河&湾>b") == f"a&lt;{font}河</font>&amp;{font}湾</font>&gt;b"


def test_runs_change_font_where_the_report_font_lacks_a_character_the_fallback_has() -> None:
    regular, fallback = _fonts()
    assert font_runs("ab河湾cd 县", regular) == [
        ("ab", regular), ("河湾", fallback), ("cd ", regular), ("县", fallback)]
    assert font_runs("河湾", regular) == [("河湾", fallback)]
    # A space the report font lacks (the ideographic space) never switches font; nor does a character
    # neither font has (it prints as a box), nor anything in a standard PDF font, which has no glyph table.
    assert font_runs("河\u3000湾", regular) == [("河", fallback), ("\u3000", regular), ("湾", fallback)]
    assert font_runs("a\u0378b é", regular) == [("a\u0378b é", regular)]
    assert font_runs("河湾", "Helvetica") == [("河湾", "Helvetica")]


def test_widths_add_up_each_run_in_its_own_font() -> None:
    regular, fallback = _fonts()
    assert text_width("ab河湾", regular, 10) == pytest.approx(
        stringWidth("ab", regular, 10) + stringWidth("河湾", fallback, 10))


def test_the_longest_prefix_that_fits_keeps_the_suffix_and_at_least_a_character() -> None:
    regular, _ = _fonts()

    def width(text: str) -> float:
        return text_width(text, regular, 10)

    assert fit_prefix("abcdef", regular, 10, width("abcdef")) == "abcdef"  # exactly as wide: whole
    assert fit_prefix("abcdef", regular, 10, width("abcdef") - 0.01) == "abcde"
    assert fit_prefix("abcdef", regular, 10, width("a…"), "…") == "a…"
    assert fit_prefix("abc defgh", regular, 10, width("abc d…") - 0.01, "…") == "abc…"  # no space before it
    assert fit_prefix("abcdef", regular, 10, 0.1, "…") == "…"  # nothing fits beside the suffix
    assert fit_prefix("abcdef", regular, 10, 0.1) == "a"  # with no suffix, one character at least
    assert fit_prefix("abcdef…", regular, 10, width("abc…"), "…") == "abc…"  # a suffix already there
    assert fit_prefix("   abcdef", regular, 10, width("   abc")) == "   abc"  # leading spaces take room
    for text in ("abcdefghij", "iiiiiiiiii", "WiWiW iWiWi"):  # every cut, narrow letters and wide
        for n in range(1, len(text)):
            cut = text[:n]
            assert fit_prefix(text, regular, 10, width(cut)) == cut.rstrip(), (text, n)  # no trailing space
            if not cut.endswith(" "):
                assert fit_prefix(text + "…", regular, 10, width(cut + "…"), "…") == cut + "…", (text, n)


def test_drawn_strings_start_where_the_last_run_ended_past_their_own_leading_spaces() -> None:
    regular, fallback = _fonts()
    runs = [("ab ", regular), ("河湾", fallback), (" cd", regular), ("县", fallback)]
    widths = [stringWidth(run, name, 10) for run, name in runs]
    total = sum(widths)
    space = stringWidth(" ", regular, 10)
    for anchor, left in (("start", 100.0), ("middle", 100 - total / 2), ("end", 100 - total)):
        strings = text_strings(100, 50, "ab 河湾 cd县", regular, 10, red, anchor)
        assert [(s.text, s.fontName, s.y, s.fontSize, s.fillColor) for s in strings] == [
            ("ab", regular, 50, 10, red), ("河湾", fallback, 50, 10, red), ("cd", regular, 50, 10, red),
            ("县", fallback, 50, 10, red)]
        assert [s.x for s in strings] == pytest.approx(
            [left, left + widths[0], left + widths[0] + widths[1] + space, left + sum(widths[:3])]), anchor
    # A run of spaces only draws nothing, but takes its room.
    strings = text_strings(0, 0, "河 湾", regular, 10, black)
    assert [(s.text, s.x) for s in strings] == [
        ("河", 0), ("湾", pytest.approx(stringWidth("河", fallback, 10) + space))]
    (single,) = text_strings(100, 50, "abc", regular, 10, black, "end")  # one run: the String anchors it
    assert (single.x, single.y, single.text, single.fontName, single.textAnchor) == (
        100, 50, "abc", regular, "end")
    (single,) = text_strings(100, 50, "abc", regular, 7, red)
    assert (single.textAnchor, single.fontSize, single.fillColor) == ("start", 7, red)
    assert [s.fontSize for s in text_strings(0, 0, "a河", regular, 7, red)] == [7, 7]


class _Canvas:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def setFont(self, name: str, size: float) -> None:  # noqa: N802 - reportlab's name
        self.calls.append(("font", name, size))

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802 - reportlab's name
        self.calls.append(("draw", round(x, 6), y, text))


def test_text_drawn_on_a_canvas_goes_run_by_run_and_leaves_the_font_set() -> None:
    regular, fallback = _fonts()
    ab, ideographs = stringWidth("ab", regular, 9), stringWidth("河湾", fallback, 9)
    total = ab + ideographs
    for anchor, left in (("start", 10.0), ("middle", 10 - total / 2), ("end", 10 - total)):
        canvas = _Canvas()
        draw_text(canvas, 10, 20, "ab河湾", regular, 9, anchor)
        assert canvas.calls == [("font", regular, 9), ("draw", round(left, 6), 20, "ab"),
                                ("font", fallback, 9), ("draw", round(left + ab, 6), 20, "河湾"),
                                ("font", regular, 9)], anchor


def test_paragraphs_are_escaped_markup_bold_and_italic_as_asked() -> None:
    assert para("a<b", STYLE).text == "a&lt;b"
    assert para("a<b", STYLE, bold=True).text == "<b>a&lt;b</b>"
    assert para("a<b", STYLE, italic=True).text == "<i>a&lt;b</i>"
    assert para("a<b", STYLE, bold=True, italic=True).text == "<i><b>a&lt;b</b></i>"
    assert labelled("Who & why:", "<x>", STYLE).text == "<b>Who &amp; why:</b> &lt;x&gt;"
    assert joined(["a&b", "<c>"], STYLE).text == "a&amp;b · &lt;c&gt;"
    assert joined(["a", "b"], STYLE, sep=" & ").text == "a &amp; b"
    made = (para("a", STYLE), labelled("a", "b", STYLE), joined(["a"], STYLE),
            pdf_text.markup("<b>a</b>", STYLE))
    assert all(isinstance(p, MemoParagraph) and p.style is STYLE for p in made)


def test_shortened_text_is_one_line_cut_with_an_ellipsis_at_the_limit() -> None:
    assert shorten("  a   b\n c  ", 10) == "a b c"
    assert shorten("abcdefgh", 8) == "abcdefgh"
    assert shorten("abcdefghi", 8) == "abcdefg…"
    assert shorten("abcdef ghij", 8) == "abcdef…"  # no space before the ellipsis
    assert (shorten("abcd", 1), shorten("abcd", 0)) == ("a…", "a…")
    assert shorten("a\x00b", 5) == "ab"


def test_a_paragraph_is_wrapped_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    widths: list[float] = []
    real = Paragraph.wrap

    def counted(self, width, height):  # noqa: ANN001, ANN202
        widths.append(width)
        return real(self, width, height)

    monkeypatch.setattr(Paragraph, "wrap", counted)
    paragraph = para("word " * 40, STYLE)
    wide = paragraph.wrap(300, 1000)
    narrow = paragraph.wrap(100, 1000)
    assert narrow[1] > wide[1] and narrow[0] == 100
    assert paragraph.wrap(100, 1000) == narrow and paragraph.wrap(100, 500) == narrow
    assert paragraph.wrap(300, 1000) == wide and paragraph.height == wide[1]
    assert widths == [300, 100, 300]


def test_each_character_s_font_is_looked_up_once_and_missing_fallback_leaves_the_report_font(
        monkeypatch: pytest.MonkeyPatch) -> None:
    regular, _ = _fonts()
    looked_up: list[str] = []
    real = pdf_text.font_characters
    monkeypatch.setattr(pdf_text, "font_characters", lambda name: looked_up.append(name) or real(name))
    first = font_runs("河é湾河", regular)
    count = len(looked_up)
    assert font_runs("河é湾河", regular) == first and len(looked_up) == count  # remembered, both kinds
    monkeypatch.setattr(pdf_text, "_FALLBACK_MEMO", {})
    monkeypatch.setattr(pdf_text, "fallback_font", lambda: None)  # the fallback file missing or damaged
    assert font_runs("a河湾", regular) == [("a河湾", regular)]
