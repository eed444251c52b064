"""Workshops: ballot rules, aggregation, write-back with provenance, and the store."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.model import Strategy
from domain.storage import Store, WorkshopStore
from domain.workshop import (
    CODE_ALPHABET,
    Ballot,
    Session,
    aggregate,
    check_ballots,
    new_code,
    normalise_code,
    participants_of,
    write_back,
)
from tests.conftest import run_together

NOW = dt.datetime(2026, 3, 12, 18, 0)


def session(
    kind="score_issues", items=("is-1", "is-2"), criteria=("population", "cost"), points=10, closed=False
) -> Session:
    return Session(
        id="ws-1",
        strategy_id="sample-fougeres",
        code="ABC234",
        kind=kind,
        title="Atelier",
        items=tuple(items),
        criteria=tuple(criteria),
        points=points,
        anonymous=False,
        audience="residents",
        opened_at=NOW - dt.timedelta(minutes=5),
        closes_at=NOW + dt.timedelta(minutes=25),
        closed_at=NOW if closed else None,
    )


def test_codes_are_easy_to_read_and_type():
    code = new_code()
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET) and not set(code) & set("O0I1")
    assert normalise_code(" abc-234 ") == "ABC234"


@pytest.mark.parametrize(
    ("ballots", "refusal"),
    [
        ([Ballot("p", "is-1", "population", 4)], None),
        ([Ballot("p", "is-9", "population", 4)], "unknown_item"),
        ([Ballot("p", "is-1", "population", 6)], "bad_score"),
        ([Ballot("p", "is-1", "population", 2.5)], "bad_score"),
        ([Ballot("p", "is-1", "nope", 3)], "bad_score"),
    ],
)
def test_score_ballots(ballots, refusal):
    result = check_ballots(session(), ballots, NOW, recent=0)
    assert (result.code if result else None) == refusal


def test_a_closed_or_expired_session_takes_nothing():
    assert check_ballots(session(closed=True), [Ballot("p", "is-1", "population", 3)], NOW, 0).code == "closed"
    assert (
        check_ballots(session(), [Ballot("p", "is-1", "population", 3)], NOW + dt.timedelta(hours=1), 0).code
        == "closed"
    )


def test_dot_votes_respect_the_budget_with_the_other_items():
    s = session(kind="dot_vote_issues", criteria=(), points=10)
    assert check_ballots(s, [Ballot("p", "is-1", "", 6), Ballot("p", "is-2", "", 4)], NOW, 0) is None
    assert (
        check_ballots(s, [Ballot("p", "is-1", "", 7)], NOW, 0, others=[Ballot("p", "is-2", "", 4)]).code
        == "too_many_points"
    )
    assert check_ballots(s, [Ballot("p", "is-1", "", -1)], NOW, 0).code == "bad_points"


def test_ideas_need_text_within_the_limit_and_voters_are_rate_limited():
    ideas = session(kind="ideas", items=("Mobilité",), criteria=())
    assert check_ballots(ideas, [Ballot("p", "idea-1", "", 0, "Des bancs")], NOW, 0) is None
    assert check_ballots(ideas, [Ballot("p", "idea-1", "", 0, "   ")], NOW, 0).code == "bad_text"
    assert check_ballots(ideas, [Ballot("p", "idea-1", "", 0, "x" * 501)], NOW, 0).code == "bad_text"
    assert check_ballots(ideas, [Ballot("p", "idea-1", "", 0, "Des bancs")], NOW, recent=4) is None
    assert check_ballots(ideas, [Ballot("p", "idea-1", "", 0, "Des bancs")], NOW, recent=5).code == "too_fast"


def test_aggregation_median_spread_totals():
    ballots = [
        Ballot("a", "is-1", "population", 5),
        Ballot("b", "is-1", "population", 2),
        Ballot("c", "is-1", "population", 4),
        Ballot("a", "is-2", "population", 1),
    ]
    results = {(r.item, r.criterion): r for r in aggregate(session(), ballots)}
    first = results[("is-1", "population")]
    assert (first.median, first.low, first.high, first.total, first.voters) == (4, 2, 5, 11, 3)
    assert participants_of(ballots) == 3


def test_write_back_scores_with_provenance(sample):
    ballots = [
        Ballot(p, "is-4", c, v)
        for p, c, v in (
            ("a", "population", 5),
            ("b", "population", 4),
            ("c", "population", 4),
            ("a", "cost", 2),
            ("b", "cost", 3),
        )
    ]
    s = session(items=("is-4",))
    updated = write_back(
        sample,
        s,
        ballots,
        scorer="Atelier du 12 mars",
        source="atelier du 2026-03-12, habitants, 3 participants",
        today=dt.date(2026, 3, 12),
    )
    mine = [sc for sc in next(i for i in updated.issues if i.id == "is-4").scores if sc.by == "Atelier du 12 mars"]
    assert {(sc.criterion, sc.value) for sc in mine} == {
        ("population", 4),
        ("cost", 3),
    }  # medians; 2.5 rounds half up to 3
    assert all(sc.source == "atelier du 2026-03-12, habitants, 3 participants" for sc in mine)
    moment = updated.consultation_moments[-1]
    assert (moment.session_id, moment.participants, moment.kind) == ("ws-1", 3, "thematic_workshop")
    assert moment.audiences == ["residents"]  # the session's audience is recorded with the moment
    again = write_back(updated, s, ballots, scorer="Atelier du 12 mars", source="x", today=dt.date(2026, 3, 12))
    assert (
        len([sc for sc in next(i for i in again.issues if i.id == "is-4").scores if sc.by == "Atelier du 12 mars"]) == 2
    )


def test_ideas_become_needs_to_sort(sample):
    s = session(kind="ideas", items=("Mobilité",), criteria=())
    ballots = [
        Ballot("a", "idea-1", "", 0, "Des pistes cyclables vers la gare"),
        Ballot("b", "idea-2", "", 0, "<b>Navette</b>"),
    ]
    updated = write_back(sample, s, ballots, scorer="x", source="atelier", today=dt.date(2026, 3, 12))
    consultation = updated.assessment.consultations[-1]
    new_needs = updated.assessment.needs[len(sample.assessment.needs) :]
    assert [n.text for n in new_needs] == ["Des pistes cyclables vers la gare", "<b>Navette</b>"]
    assert {n.consultation_id for n in new_needs} == {consultation.id} and consultation.participants == 2


def test_the_store_keeps_one_ballot_per_item_and_refuses_after_closing(store: Store):
    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "score_issues", "Atelier", ["is-1"], criteria=["population"])
    assert ws.by_code(s.code).id == s.id
    alice = ws.join(s, "Alice")
    assert ws.vote(s, alice, [Ballot(alice, "is-1", "population", 2)]) is None
    assert ws.vote(s, alice, [Ballot(alice, "is-1", "population", 5)]) is None  # re-voting replaces
    assert [b.value for b in ws.ballots(s.id)] == [5]
    ws.close(s.id)
    assert ws.vote(s, alice, [Ballot(alice, "is-1", "population", 1)]).code == "closed"
    assert ws.mark_written_back(s.id) and not ws.mark_written_back(s.id)


def test_forty_participants_voting_at_once_lose_nothing(store: Store):
    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "score_issues", "Atelier", ["is-1", "is-2"], criteria=["population", "cost"])
    people = [ws.join(s, f"P{n}") for n in range(40)]
    errors: list[str] = []

    def vote(pid: str) -> None:
        ballots = [Ballot(pid, item, c, 3) for item in ("is-1", "is-2") for c in ("population", "cost")]
        try:
            refusal = ws.vote(s, pid, ballots)
            if refusal:
                errors.append(refusal.code)
        except Exception as exc:  # a lost vote shows up here or in the count below
            errors.append(type(exc).__name__)

    run_together(len(people), lambda n: vote(people[n]))
    assert errors == []
    assert len(ws.ballots(s.id)) == 40 * 4
    assert ws.participant_count(s.id) == 40


def test_a_burst_of_submissions_is_slowed_down(store: Store):
    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "ideas", "Idées", ["Mobilité"])
    pid = ws.join(s, "Robot")
    outcomes = [ws.vote(s, pid, [Ballot(pid, f"idea-{n}", "", 0, f"Idée {n}")]) for n in range(7)]
    assert [o.code if o else None for o in outcomes].count("too_fast") >= 1
    assert len(ws.ballots(s.id)) <= 6


# --- stuffing: one participant per browser, throttled joins, guesses and re-votes ---------


def test_a_hundred_concurrent_dot_votes_from_one_participant_never_exceed_the_budget(store: Store):
    ws = WorkshopStore(store.engine)
    items = [f"is-{n}" for n in range(1, 11)]
    s = ws.open("sample-fougeres", "dot_vote_issues", "Points", items, points=10)
    pid = ws.join(s, "Robot")
    outcomes: list[str] = []

    def vote(n: int) -> None:
        try:
            refusal = ws.vote(s, pid, [Ballot(pid, items[n % 10], "", 10)])
            outcomes.append(refusal.code if refusal else "taken")
        except Exception as exc:  # a database error counts as a failure of the test
            outcomes.append(type(exc).__name__)

    run_together(100, vote)
    assert sum(b.value for b in ws.ballots(s.id)) <= 10
    assert set(outcomes) <= {"taken", "too_many_points", "too_fast"} and outcomes.count("taken") >= 1


def test_re_votes_are_rate_limited_even_when_they_replace_the_same_ballot(store: Store):
    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "score_issues", "Atelier", ["is-1"], criteria=["population"])
    pid = ws.join(s, "Robot")
    outcomes = [ws.vote(s, pid, [Ballot(pid, "is-1", "population", 1 + n % 5)]) for n in range(50)]
    codes = [o.code if o else None for o in outcomes]
    assert codes[:5] == [None] * 5 and set(codes[5:]) == {"too_fast"}


def test_joins_are_throttled_per_address_and_a_burst_is_flagged(store: Store):
    from domain.storage.workshops import client_key
    from domain.workshop import JOINS_PER_CLIENT, suspicious

    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "dot_vote_issues", "Points", ["is-1"], points=10)
    phone = client_key("10.0.0.1")
    assert isinstance(ws.join(s, "Camille", phone), str)
    script = client_key("10.0.0.2")
    joined = [ws.join(s, f"S{n}", script) for n in range(JOINS_PER_CLIENT + 5)]
    refused = [j for j in joined if not isinstance(j, str)]
    assert len(refused) == 5 and {r.code for r in refused} == {"too_many_joins"}
    people = ws.participants(s.id)
    assert len(people) == 1 + JOINS_PER_CLIENT
    flagged = suspicious(people)
    assert len(flagged) == JOINS_PER_CLIENT  # the burst from the script, not the phone
    ws.exclude(s.id, [p.id for p in flagged])
    pid = joined[0]
    assert ws.vote(s, pid, [Ballot(pid, "is-1", "", 3)]).code == "excluded"
    assert all(b.participant not in {p.id for p in flagged} for b in ws.ballots(s.id))


def test_closed_and_unknown_codes_get_the_same_answer_and_guesses_are_throttled(store: Store):
    from domain.workshop import CODE_GUESSES_PER_CLIENT, Refusal

    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "ideas", "Idées", ["Mobilité"])
    assert ws.open_by_code(s.code, "c1") == ws.get(s.id)
    ws.close(s.id)
    closed, unknown = ws.open_by_code(s.code, "c1"), ws.open_by_code("ZZZZZZ", "c1")
    assert isinstance(closed, Refusal) and isinstance(unknown, Refusal)
    assert closed.code == unknown.code == "unknown_code"
    answers = [ws.open_by_code(f"AAAA{n:02d}", "c2") for n in range(CODE_GUESSES_PER_CLIENT + 3)]
    assert [a.code for a in answers[-3:]] == ["too_many_attempts"] * 3
    assert ws.open_by_code("ZZZZZZ", "c3").code == "unknown_code"  # another client is not slowed


def test_ideas_per_participant_are_bounded(store: Store):
    from domain.workshop import MAX_IDEAS_PER_PARTICIPANT

    ws = WorkshopStore(store.engine)
    s = ws.open("sample-fougeres", "ideas", "Idées", ["Mobilité"])
    pid = ws.join(s, "Prolixe")
    codes = []
    for n in range(MAX_IDEAS_PER_PARTICIPANT + 1):
        with store.engine.begin() as conn:  # pace: forget earlier submissions (rate limit tested above)
            from domain.storage.workshops import submissions

            conn.execute(submissions.delete())
        refusal = ws.vote(s, pid, [Ballot(pid, f"idea-{n}", "", 0, f"Idée {n}")])
        codes.append(refusal.code if refusal else None)
    assert codes[-1] == "too_many_ideas" and codes[:-1] == [None] * MAX_IDEAS_PER_PARTICIPANT


def test_a_long_workshop_title_still_writes_back(sample):
    long = session(kind="score_issues", items=("is-1",), criteria=("population",))
    long = Session(**{**long.__dict__, "title": "T" * 300})
    ballots = [Ballot("a", "is-1", "population", 4)]
    updated = write_back(
        sample, long, ballots, scorer="Atelier " + "T" * 300, source="S" * 400, today=dt.date(2026, 3, 12)
    )
    issue = next(i for i in updated.issues if i.id == "is-1")
    assert issue.scores[-1].value == 4 and len(issue.scores[-1].by) == 300
    assert Strategy.model_validate_json(updated.model_dump_json()) == updated


def test_an_idea_of_control_characters_is_refused_and_never_breaks_the_write_back(sample):
    ideas = session(kind="ideas", items=("Mobilité",), criteria=())
    assert check_ballots(ideas, [Ballot("p", "idea-1", "", 0, "\x01\x02")], NOW, 0).code == "bad_text"
    stored_before = [Ballot("p", "idea-1", "", 0, "\x01\x02"), Ballot("q", "idea-2", "", 0, "Une navette")]
    updated = write_back(sample, ideas, stored_before, scorer="x", source="s", today=dt.date(2026, 3, 12))
    assert [n.text for n in updated.assessment.needs[len(sample.assessment.needs) :]] == ["Une navette"]


def test_five_thousand_ideas_write_back_at_once(sample):
    ideas = session(kind="ideas", items=("Mobilité",), criteria=())
    ballots = [Ballot(f"p{n % 200}", f"idea-{n}", "", 0, f"Idée {n}") for n in range(5000)]
    updated = write_back(sample, ideas, ballots, scorer="x", source="s", today=dt.date(2026, 3, 12))
    new = updated.assessment.needs[len(sample.assessment.needs) :]
    assert len(new) == 5000 and len({n.id for n in updated.assessment.needs}) == len(updated.assessment.needs)


def test_non_finite_ballots_are_refused():
    for kind, items in (("dot_vote_issues", ("is-1",)), ("score_issues", ("is-1",))):
        s = session(kind=kind, items=items)
        ballot = Ballot("p", "is-1", "population" if kind == "score_issues" else "", float("nan"))
        assert check_ballots(s, [ballot], NOW, 0) is not None


def test_a_half_median_rounds_up_not_to_even():
    """Python's round(2.5) is 2 (to even): a workshop whose median is 2.5 writes 3."""
    from domain.workshop import score_of_median

    assert [score_of_median(m) for m in (1.0, 1.5, 2.5, 3.4, 4.5, 5.0)] == [1, 2, 3, 3, 5, 5]
