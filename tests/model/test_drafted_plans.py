"""Drafted action plans are specific to their gap: the library's steps, partners from the roster, drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from intercept_mapper.model import ActionPlan, Participant, Workshop
from intercept_mapper.model.plan_derivation import candidate_strategy, derive_action_plans
from intercept_mapper.model.plan_partners import intercept_sectors, participant_label
from intercept_mapper.model.sectors import sector_group
from intercept_mapper.model.strategy_library import INTERCEPT_PARTNERS, StepDraft, Strategy, strategy
from tests.drafting_workshop import GAPS, LAST_WORKSHOP_DAY, drafting_workshop


@pytest.fixture(scope="module")
def drafted() -> tuple[Workshop, dict[str, ActionPlan]]:
    ws = drafting_workshop()
    plans = derive_action_plans(ws)
    return ws, {p.candidate_id: p for p in plans}


def _seated(ws: Workshop) -> list[Participant]:
    return [p for p in ws.participants if not p.facilitator]


def _from_sector(ws: Workshop, sector: str) -> list[Participant]:
    people = [p for p in _seated(ws) if sector_group(p.sector) == sector]
    if sector == "peer-lived-experience":
        people += [p for p in _seated(ws) if p.lived_experience and p not in people]
    return people


def _slot_sectors(slot: str, intercept: str) -> list[str]:
    return intercept_sectors([intercept]) if slot == INTERCEPT_PARTNERS else slot.split("|")


def _assert_partners(ws: Workshop, draft: StepDraft, who: str, intercept: str) -> None:
    """Every part of "who" is a roster person from a sector the step needs, or says nobody came."""
    parts = who.split("; ")
    labels = {participant_label(p): p for p in _seated(ws)}
    for slot in draft.sectors:
        sectors = _slot_sectors(slot, intercept)
        present = [p for s in sectors for p in _from_sector(ws, s)]
        if present:
            assert any(participant_label(p) in parts for p in present), (slot, who)
        else:
            names = sectors[0] if len(sectors) == 1 else ", ".join(sectors[:-1]) + " or " + sectors[-1]
            assert any(part.endswith(f"(nobody from {names} took part)") for part in parts), (slot, who)
    for part in parts:
        if "(nobody from " in part:
            continue
        person = labels.get(part)
        assert person is not None, f"{part!r} is not on the participants list"  # never an invented name
        wanted = {s for slot in draft.sectors for s in _slot_sectors(slot, intercept)}
        assert any(person in _from_sector(ws, s) for s in wanted), (part, draft.sectors)


@pytest.mark.parametrize(("gap_id", "intercept", "title", "key"),
                         [(g[0], g[1], g[2], g[5]) for g in GAPS], ids=[g[5] for g in GAPS])
def test_each_gap_gets_its_strategys_steps_partners_and_dates(
    drafted: tuple[Workshop, dict[str, ActionPlan]], gap_id: str, intercept: str, title: str, key: str,
) -> None:
    ws, plans = drafted
    plan = plans[f"c-{gap_id}"]
    library = strategy(key)
    assert candidate_strategy(ws, ws.voting.candidates[[g[0] for g in GAPS].index(gap_id)]) is library
    assert plan.title == title
    [objective] = plan.objectives
    assert objective.text == library.objective and objective.drafted
    assert [s.text for s in objective.steps] == [d.text for d in library.steps]
    for step, draft in zip(objective.steps, library.steps, strict=True):
        assert title not in step.text  # the gap's title is never pasted into a template
        assert title.lower() not in step.text.lower()
        assert step.drafted and step.status == "not-started" and not step.notes
        assert step.when == LAST_WORKSHOP_DAY + timedelta(days=draft.days)  # the last day, not today
        _assert_partners(ws, draft, step.who, intercept)
        # The participant linked is the first one named (the lead); none when nobody is named.
        ids = {participant_label(p): p.id for p in _seated(ws)}
        named = [ids[part] for part in step.who.split("; ") if part in ids]
        assert step.who_participant_id == (named[0] if named else None)


def test_plans_for_different_gaps_differ(drafted: tuple[Workshop, dict[str, ActionPlan]]) -> None:
    _, plans = drafted
    step_lists = [tuple(s.text for s in p.objectives[0].steps) for p in plans.values()]
    assert len(set(step_lists)) == len(GAPS)


def test_housing_names_the_missing_housing_provider(drafted: tuple[Workshop, dict[str, ActionPlan]]) -> None:
    _, plans = drafted
    steps = plans["c-g-housing"].objectives[0].steps
    assert steps[0].who == ("a housing provider (nobody from housing-homelessness took part); "
                            "Sam Harlow (County Jail)")
    assert steps[0].who_participant_id == "pp-sam"
    texts = " ".join(s.text for s in steps).lower()
    assert "housing navigator" in texts and "landlord" in texts and "supportive housing slots" in texts
    assert "memorandum" not in texts and "information-sharing" not in texts


def test_crisis_unit_covers_funding_site_drop_off_and_hours(
    drafted: tuple[Workshop, dict[str, ActionPlan]],
) -> None:
    _, plans = drafted
    steps = plans["c-g-unit"].objectives[0].steps
    assert [w in s.text.lower() for s, w in zip(steps, ("funding source", "site", "drop-off protocol",
                                                       "hours of operation"), strict=True)] == [True] * 4
    # The first sector of a slot that anybody came from fills it; the missing sectors are said.
    assert steps[0].who == ("county or city government (nobody from local-government took part); "
                            "Bea Cole (County Mental Health)")
    assert "Marcus Lee (City Police)" in steps[2].who
    assert "a hospital or health-care provider (nobody from hospital-health took part)" in steps[2].who
    assert steps[3].who == "Priya Raman (Riverbend Behavioral Health); Tom Okafor (County Communications)"


def test_people_from_the_organisations_involved_come_first() -> None:
    ws = drafting_workshop()
    ws.participants.append(Participant(id="pp-abe", name="Abe Adams", organisation="Other Crisis Co",
                                       sector="crisis-services"))
    plan = next(p for p in derive_action_plans(ws) if p.candidate_id == "c-g-unit")
    # Riverbend Behavioral Health runs the resource at the gap's intercept: Priya before Abe.
    assert plan.objectives[0].steps[3].who.startswith("Priya Raman")
    ws.findings = [f for f in ws.findings if f.id != "r-unit"]
    plan = next(p for p in derive_action_plans(ws) if p.candidate_id == "c-g-unit")
    assert plan.objectives[0].steps[3].who.startswith("Abe Adams")  # else by name


def test_the_general_draft_is_labelled_and_never_pastes_the_title(
    drafted: tuple[Workshop, dict[str, ActionPlan]],
) -> None:
    _, plans = drafted
    objective = plans["c-g-none"].objectives[0]
    assert objective.text.startswith("General planning draft")
    texts = [s.text.lower() for s in objective.steps]
    assert texts[0].startswith("convene the partners") and texts[1].startswith("gather the data")
    assert "choose one" in texts[2]


def test_nobody_at_the_table_leaves_only_sector_wording() -> None:
    ws = drafting_workshop()
    ws.participants = [p for p in ws.participants if p.facilitator]  # only the facilitator came
    for plan in derive_action_plans(ws):
        for step in plan.objectives[0].steps:
            assert step.who_participant_id is None
            assert all("(nobody from " in part for part in step.who.split("; "))
            assert "Fay" not in step.who


def test_lived_experience_steps_name_people_with_lived_experience() -> None:
    ws = drafting_workshop()
    ws.participants = [p for p in ws.participants if p.id != "pp-jamal"]
    ws.participants[0] = ws.participants[0].model_copy(update={"lived_experience": True})  # Priya
    plan = next(p for p in derive_action_plans(ws) if p.candidate_id == "c-g-reentry")
    assert "Priya Raman (Riverbend Behavioral Health)" in plan.objectives[0].steps[0].who


def test_strategy_of_a_plan_follows_merged_gaps_and_description() -> None:
    ws = drafting_workshop()
    cand = next(c for c in ws.voting.candidates if c.id == "c-g-none")
    assert candidate_strategy(ws, cand).key == "general-planning"
    cand.description = "People leave the county jail with nowhere to live and end up in shelters."
    assert candidate_strategy(ws, cand).key == "housing"


def test_every_library_step_is_reachable_and_fits_a_cell() -> None:
    from intercept_mapper.model.strategy_library import GENERAL_PLANNING, STRATEGIES

    every: list[Strategy] = [*STRATEGIES, GENERAL_PLANNING]
    assert len({s.key for s in every}) == len(every)
    for item in every:
        assert 3 <= len(item.steps) <= 5
        assert [d.days for d in item.steps] == sorted(d.days for d in item.steps)
        assert all(len(d.text) < 220 and "{" not in d.text for d in item.steps)
