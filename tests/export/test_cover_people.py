"""The cover's people, the same in the PDF and the HTML report (``report_text.cover_people``)."""

from __future__ import annotations

from intercept_mapper.export.report_html import build_report_html
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import Participant
from tests.export.html_reading import read_html
from tests.export.report_helpers import TODAY, page_texts, small_workshop, squash


def _covers() -> tuple[str, str]:
    """(the PDF's first page, the HTML report's cover) as plain text, squashed."""
    ws = small_workshop()
    ws.participants += [
        Participant(id="pp-r", name="Rae Lead", role="Chair", planning_team=True),  # no organisation
        Participant(id="pp-o", name="Oz Aid", organisation="Outreach", planning_team=True),  # no role
        Participant(id="pp-f", name="Fay Guide", role="Trainer", organisation="Policy Center",
                    facilitator=True),
    ]
    # The field repeats a flagged participant with her organisation, and names one who is not listed.
    ws.info.facilitators = ["Fay Guide, Policy Center", "  ", "Dee Outside"]
    pdf = squash(page_texts(build_report_pdf(ws, today=TODAY))[0])
    root, errors = read_html(build_report_html(ws, today=TODAY))
    assert errors == []
    cover = next(e for e in root.iter("header") if e.attrs.get("class") == "cover")
    return pdf, squash(" | ".join(e.text for e in cover.iter() if e.tag in ("dt", "dd")))


def test_each_person_is_one_line_of_their_non_blank_fields_in_both_reports() -> None:
    for text in _covers():
        assert squash("Rae Lead, Chair") in text and squash("Rae Lead, Chair,") not in text
        assert squash("Oz Aid, Outreach") in text
        assert squash("Fay Guide, Trainer, Policy Center") in text


def test_a_facilitator_repeated_in_the_field_is_named_once_and_others_are_added() -> None:
    for text in _covers():
        assert text.count(squash("Fay Guide")) == 1
        assert squash("Dee Outside") in text
        assert squash("Planning team") in text and squash("Facilitators") in text
