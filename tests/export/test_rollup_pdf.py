"""The statewide summary PDF: themes, communities, shared titles, heat-map numbers, skipped files."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercept_mapper.export.rollup_pdf import DEFAULT_TITLE, build_rollup_pdf
from intercept_mapper.model.rollup import Rollup, build_rollup, summarise, summarise_community
from tests.export.report_helpers import TODAY, all_text, outline, page_texts, squash
from tests.rollup_communities import community, write_communities


@pytest.fixture(scope="module")
def rollup(tmp_path_factory: pytest.TempPathFactory) -> Rollup:
    return build_rollup(write_communities(tmp_path_factory.mktemp("counties")))


@pytest.fixture(scope="module")
def pdf(rollup: Rollup) -> bytes:
    return build_rollup_pdf(rollup, today=TODAY)


def test_cover_names_the_communities_and_counts(pdf: bytes) -> None:
    cover = squash(page_texts(pdf)[0])
    assert squash(DEFAULT_TITLE) in cover
    assert "3 communities" in cover and "9 gaps" in cover and "5 priorities" in cover
    for name in ("Adams County", "Baker County", "Clark County"):
        assert name in cover
    assert "1 June 2026" in cover
    assert "1 file could not be read" in cover


def test_themes_and_their_communities_are_printed(pdf: bytes) -> None:
    text = squash(all_text(pdf))
    for label in ("Crisis services", "Housing", "Data sharing", "No theme (unthemed)"):
        assert label in text
    assert ("Unthemed: 3 gaps and 0 priorities have no theme, in 2 communities "
            "(Adams County, Clark County)") in text
    assert "No mobile crisis at night" in text and "Lack of supportive housing" in text
    assert "Adams County, Baker County" in text


def test_sections_are_bookmarked_in_order(pdf: bytes) -> None:
    top = [title for level, title, _page in outline(pdf) if level == 0]
    assert top == ["1. Themes across communities", "2. Most common gaps", "3. Most common priorities",
                   "4. Gaps per intercept", "5. Themes over the years", "6. Communities and their files",
                   "7. Files skipped"]


def test_heat_map_prints_every_count(pdf: bytes) -> None:
    heat_page = next(t for t in page_texts(pdf) if "4. Gaps per intercept" in t)
    # Community, then intercepts 0 1 3 5 X, then the total: numbers, not only colours.
    assert "Int. 0 Int. 1 Int. 3 Int. 5 X Total" in heat_page
    assert "Adams County 1 1 1 0 1 4" in heat_page
    assert "Baker County 1 0 0 0 2 3" in heat_page
    assert "Clark County not mapped 1 0 1 0 2" in heat_page  # five intercepts: no intercept 0
    assert "All communities 2 2 1 1 3 9" in heat_page


def test_skipped_files_are_listed(pdf: bytes) -> None:
    text = squash(all_text(pdf))
    assert "damaged.simmap" in text
    assert "the file ends too early" in text


def test_user_text_is_escaped() -> None:
    hostile = community("<b>Évry & Co</b> <font size=40>", [
        ("0", "<para>No crisis & <i>nothing</i>", "<script>", 3),
        ("X", "Gap\x00 with control\x1b chars", "housing", 1),
    ])
    other = community("Ünïcode 県", [("0", "<para>No crisis & <i>nothing</i>", "", 2)])
    rollup = summarise([summarise_community(hostile, hostile.info.jurisdiction, "a.simmap"),
                        summarise_community(other, other.info.jurisdiction, "b.simmap")])
    data = build_rollup_pdf(rollup, title="<b>Title & more", today=TODAY)
    text = all_text(data)
    assert "<b>Évry & Co</b>" in text
    assert "<para>No crisis & <i>nothing</i>" in text
    assert "<b>Title & more" in text
    assert "Ünïcode" in text


def test_an_empty_summary_still_builds(tmp_path: Path) -> None:
    nothing = summarise([summarise_community(community("Empty", []), "Empty", "e.simmap")])
    text = squash(all_text(build_rollup_pdf(nothing, today=TODAY)))
    assert "No gaps or priorities in these files yet." in text
    assert "None: every file named could be read." in text


def test_a_theme_in_many_communities_is_told_as_all_but_the_few() -> None:
    many = [summarise_community(community(f"County number {n:03d}", [("0", "Lack of housing", "housing", 1)]),
                                f"County number {n:03d}", f"c{n}.simmap") for n in range(60)]
    many.append(summarise_community(community("Odd one", [("1", "Other", "training", 1)]), "Odd one",
                                    "odd.simmap"))
    text = squash(all_text(build_rollup_pdf(summarise(many), today=TODAY)))
    assert "all but Odd one" in text  # shorter than 60 names
    assert "County number 059" in text  # every community is still named in the files table
