"""Who carries out a drafted step, held exactly (issue 20): how a person and a missing partner are
written, which sectors work at an intercept, and who speaks for lived experience in what order."""

from __future__ import annotations

from intercept_mapper.model import Participant, new_workshop
from intercept_mapper.model.document_constants import CROSS_INTERCEPT
from intercept_mapper.model.plan_partners import (
    PartnerFinder,
    intercept_sectors,
    missing_wording,
    participant_label,
)
from intercept_mapper.model.strategy_library import INTERCEPT_PARTNERS


def test_a_person_with_no_organisation_is_named_alone() -> None:
    ana = Participant(id="a", name="Ana", organisation="County jail")
    assert participant_label(ana) == "Ana (County jail)"
    assert participant_label(Participant(id="b", name="Bo")) == "Bo"
    assert participant_label(Participant(id="c", name="Cy", organisation="   ")) == "Cy"


def test_the_sectors_working_at_an_intercept_in_vocabulary_order() -> None:
    assert intercept_sectors(["1"]) == ["law-enforcement", "dispatch-911", "ems-fire"]
    assert intercept_sectors(["5"]) == ["probation-parole", "behavioral-health", "substance-use-treatment",
                                        "housing-homelessness"]
    cross = ["local-government", "veterans", "advocacy-family", "peer-lived-experience", "community-faith"]
    assert intercept_sectors([CROSS_INTERCEPT]) == cross
    assert intercept_sectors([]) == cross  # a gap at no intercept is everyone's


def test_a_missing_partner_of_several_sectors_names_each() -> None:
    assert missing_wording(["behavioral-health", "crisis-services", "hospital-health"]) == (
        "a behavioral-health provider (nobody from behavioral-health, crisis-services or hospital-health "
        "took part)")
    assert missing_wording(["jail", "courts"]) == "the jail (nobody from jail or courts took part)"
    assert missing_wording(["other"]) == "other (nobody from other took part)"
    assert missing_wording(["courts"], "the agencies") == "the agencies (nobody from courts took part)"


def test_where_nobody_works_at_the_gaps_intercept_the_who_says_so_in_words() -> None:
    finder = PartnerFinder(new_workshop())
    assert finder.who((INTERCEPT_PARTNERS,), set(), ["1"]) == (
        "the agencies where the gap sits (nobody from law-enforcement, dispatch-911 or ems-fire took part)",
        None)
    assert finder.who(("courts",), set(), ["1"]) == ("the court (nobody from courts took part)", None)


def test_peers_speak_for_lived_experience_first_then_others_with_it_by_name() -> None:
    ws = new_workshop()
    ws.participants = [
        Participant(id="p3", name="Cy", sector="jail", lived_experience=True),
        Participant(id="p1", name="Zed", sector="peer-lived-experience", lived_experience=True),
        Participant(id="p2", name="bea", sector="courts", lived_experience=True),
        Participant(id="p4", name="Bea", sector="defense", lived_experience=True),
        Participant(id="p5", name="Al", sector="courts", lived_experience=False),
        Participant(id="p6", name="Abe", sector="courts", lived_experience=True, facilitator=True),
    ]
    people = PartnerFinder(ws).people("peer-lived-experience", set())
    assert [p.id for p in people] == ["p1", "p2", "p4", "p3"]
