"""A published order without counts (issue 17): the report says the order was given, not counted."""

from __future__ import annotations

import html
import re

from intercept_mapper.export.report_html import build_report_html
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model.worksheet_csv import parse_worksheet
from tests.export.report_helpers import TODAY, all_text, squash

PUBLISHED = (b"intercept,kind,title,rank\n1,point,Patrol,\nX,gap,Data sharing,\n1,gap,Crisis beds,2\n"
             b"2,gap,Pretrial screening,1\n")


def _workshop():
    ws = parse_worksheet(PUBLISHED, "w.csv").workshop
    ws.info.title = "Published order"
    return ws


def test_the_pdf_says_the_order_was_given_not_counted():
    text = squash(all_text(build_report_pdf(_workshop(), today=TODAY)))
    assert "the order was given, not counted" in text
    assert "No votes have been recorded yet" not in text  # that note would say the order is a guess
    table = text[text.index("the order was given, not counted"):]  # the priorities, in rank order
    assert table.index("Pretrial screening") < table.index("Crisis beds") < table.index("Data sharing")
    assert "1st in the published order" in text


def test_the_html_says_the_order_was_given_not_counted():
    page = html.unescape(re.sub(r"<[^>]+>", " ", build_report_html(_workshop()).decode("utf-8")))
    text = " ".join(page.split())
    assert "the order was given, not counted" in text
    assert "No votes have been recorded yet" not in text
