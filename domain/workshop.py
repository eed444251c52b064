"""Live workshops: what participants may do, how their ballots add up, and how the results go
back into the strategy with their provenance.

A session asks one thing — score issues on the criteria, spread a fixed number of points over
issues or actions, rate the axes, or add ideas on a theme. One ballot per participant, item and
criterion: voting again replaces the earlier ballot. A closed session accepts nothing more.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast, get_args

from domain.ids import next_id, next_ids
from domain.model import Audience, Consultation, ConsultationMoment, IssueScore, Need, Strategy
from domain.text_rules import clean_text

Kind = Literal["score_issues", "dot_vote_issues", "dot_vote_actions", "rate_axes", "ideas"]
KINDS: tuple[Kind, ...] = ("score_issues", "dot_vote_issues", "dot_vote_actions", "rate_axes", "ideas")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed on phones
CODE_LENGTH = 6
MAX_TEXT = 500
MAX_NAME = 60
RATE_WINDOW_SECONDS = 10
RATE_MAX_SUBMISSIONS = 5  # a person re-votes a few times a minute, a script hundreds
# Joins and code guesses, per client (a browser, or an address when it sends no cookie) and
# minute. A room of phones behind one Wi-Fi shares an address: 60 joins a minute lets a
# 200-person room in within a few minutes while a script gets nowhere fast.
CLIENT_WINDOW_SECONDS = 60
JOINS_PER_CLIENT = 60
CODE_GUESSES_PER_CLIENT = 10  # wrong codes: 32^6 codes make guessing hopeless at this pace
MAX_PARTICIPANTS = 1_000
MAX_IDEAS_PER_PARTICIPANT = 30


@dataclass(frozen=True)
class Session:
    id: str
    strategy_id: str
    code: str
    kind: Kind
    title: str
    items: tuple[str, ...]  # ids of the issues, actions or axes concerned (the theme for ideas)
    criteria: tuple[str, ...]  # criterion keys, for scoring
    points: int  # for dot votes
    anonymous: bool
    audience: str
    opened_at: dt.datetime
    closes_at: dt.datetime
    closed_at: dt.datetime | None = None
    written_back: bool = False

    def is_open(self, now: dt.datetime) -> bool:
        return self.closed_at is None and now < self.closes_at


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    joined_at: dt.datetime
    client: str  # a fingerprint: never the address or cookie itself
    joins_from_client: int  # participants that joined from the same client
    excluded: bool


BURST_JOINS, BURST_SECONDS = 5, 10  # a room trickles in; a script arrives all at once


def suspicious(people: Sequence[Participant]) -> list[Participant]:
    """Participants who joined in a burst from one client (BURST_JOINS within BURST_SECONDS):
    what a script looks like, unlike a room behind one Wi-Fi, whose people arrive over minutes."""
    by_client: dict[str, list[Participant]] = defaultdict(list)
    for p in people:
        by_client[p.client].append(p)
    flagged: set[str] = set()
    for group in by_client.values():
        group.sort(key=lambda p: p.joined_at)
        for n in range(len(group) - BURST_JOINS + 1):
            window = group[n : n + BURST_JOINS]
            if (window[-1].joined_at - window[0].joined_at).total_seconds() <= BURST_SECONDS:
                flagged |= {p.id for p in window}
    return [p for p in people if p.id in flagged and not p.excluded]


@dataclass(frozen=True)
class Ballot:
    participant: str
    item: str
    criterion: str  # "" when the session has no criteria
    value: float
    text: str = ""


@dataclass(frozen=True)
class Refusal:
    code: str  # catalog key "workshop.refused.<code>"
    params: dict[str, object] = field(default_factory=dict)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a participant typed, as a code: spaces and dashes dropped, case ignored."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[: CODE_LENGTH + 2]


def check_ballots(
    session: Session, ballots: Sequence[Ballot], now: dt.datetime, recent: int, others: Sequence[Ballot] = ()
) -> Refusal | None:
    """Why these ballots cannot be taken, or None. `recent`: how many times this participant sent
    ballots in the last RATE_WINDOW_SECONDS; `others`: their ballots on other items, which
    count in a dot-vote budget."""
    if not session.is_open(now):
        return Refusal("closed")
    if recent >= RATE_MAX_SUBMISSIONS:
        return Refusal("too_fast", {"seconds": RATE_WINDOW_SECONDS})
    if not all(math.isfinite(b.value) for b in ballots):
        return Refusal("bad_score" if session.kind in ("score_issues", "rate_axes") else "bad_points")
    if session.kind == "ideas" and len(ballots) + len(others) > MAX_IDEAS_PER_PARTICIPANT:
        return Refusal("too_many_ideas", {"max": MAX_IDEAS_PER_PARTICIPANT})
    for b in ballots:
        if session.kind != "ideas" and b.item not in session.items:
            return Refusal("unknown_item")
        if session.kind == "score_issues":
            if b.criterion not in session.criteria or not (1 <= b.value <= 5) or b.value != int(b.value):
                return Refusal("bad_score")
        elif session.kind == "rate_axes":
            if not (1 <= b.value <= 5) or b.value != int(b.value):
                return Refusal("bad_score")
        elif session.kind in ("dot_vote_issues", "dot_vote_actions"):
            if b.value < 0 or b.value != int(b.value):
                return Refusal("bad_points")
        elif session.kind == "ideas" and (not clean_text(b.text).strip() or len(b.text) > MAX_TEXT):
            return Refusal("bad_text", {"max": MAX_TEXT})  # an idea of control characters is none
    if session.kind in ("dot_vote_issues", "dot_vote_actions"):
        spent = sum(b.value for b in ballots) + sum(b.value for b in others)
        if spent > session.points:
            return Refusal("too_many_points", {"points": session.points})
    return None


@dataclass(frozen=True)
class ItemResult:
    item: str
    criterion: str
    median: float | None
    low: float | None
    high: float | None
    total: float  # dot votes: points received
    voters: int


def aggregate(session: Session, ballots: Sequence[Ballot]) -> list[ItemResult]:
    """Median, spread (lowest–highest) and total per item and criterion."""
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for b in ballots:
        if session.kind != "ideas":
            values[(b.item, b.criterion)].append(b.value)
    out = []
    for (item, criterion), vs in sorted(values.items()):
        out.append(ItemResult(item, criterion, statistics.median(vs), min(vs), max(vs), sum(vs), len(vs)))
    return out


def participants_of(ballots: Sequence[Ballot]) -> int:
    return len({b.participant for b in ballots})


def score_of_median(median: float) -> int:
    """A median on the 1-5 scale as the whole score the strategy stores: to the nearest, a half
    up (2.5 -> 3, never Python's round-half-to-even 2), as the facilitator's page says."""
    return min(5, max(1, math.floor(median + 0.5)))


def write_back(
    s: Strategy, session: Session, ballots: Sequence[Ballot], *, scorer: str, source: str, today: dt.date
) -> Strategy:
    """The strategy with the session's results in it, each carrying `scorer` and `source`.

    Scores become the issues' scores of a scorer named after the workshop (the median of the
    participants per criterion, so a workshop counts as one voice among the others); every
    session is recorded as a consultation moment with its outcome; ideas become needs to sort,
    linked to a consultation record of the workshop."""
    scorer, source = scorer[:300], source[:300]  # a long workshop title must not make it fail
    count = participants_of(ballots)
    results = aggregate(session, ballots)
    issues = list(s.issues)
    outcome_lines: list[str] = []
    if session.kind == "score_issues":
        medians = {(r.item, r.criterion): r.median for r in results if r.median is not None}
        for n, issue in enumerate(issues):
            given = {c: v for (item, c), v in medians.items() if item == issue.id}
            if given:
                kept = [sc for sc in issue.scores if sc.by != scorer]
                added = [
                    IssueScore(criterion=c, value=score_of_median(v), by=scorer, date=today, source=source)
                    for c, v in sorted(given.items())
                ]
                issues[n] = issue.model_copy(update={"scores": kept + added})
        outcome_lines.append(f"{len({r.item for r in results})} / {len(session.items)}")
    elif session.kind in ("dot_vote_issues", "dot_vote_actions", "rate_axes"):
        names = (
            {i.id: i.title for i in s.issues} | {a.id: a.label for a in s.actions} | {ax.id: ax.title for ax in s.axes}
        )
        key = (lambda r: -r.total) if session.kind != "rate_axes" else (lambda r: -(r.median or 0))
        for r in sorted(results, key=key):
            shown = r.total if session.kind != "rate_axes" else r.median
            outcome_lines.append(f"{names.get(r.item, r.item)} : {shown:g}")
    assessment = s.assessment
    if session.kind == "ideas":
        consultation = Consultation(
            id=next_id("consultation", [c.id for c in assessment.consultations]),
            kind="workshop",
            date=today,
            title=session.title,
            participants=count,
            step=2,
            summary=f"{source} — {len(ballots)}",
        )
        needs = list(assessment.needs)
        new_ids = next_ids("need", [x.id for x in assessment.needs], len(ballots))
        ideas = [b for b in ballots if clean_text(b.text).strip()]  # stored before ideas were checked so
        new_ids = new_ids[: len(ideas)]
        for b, nid in zip(ideas, new_ids, strict=True):
            needs.append(
                Need(
                    id=nid,
                    kind="need",
                    text=clean_text(b.text).strip()[:MAX_TEXT],
                    consultation_id=consultation.id,
                    theme=session.items[0] if session.items else "",
                )
            )
        assessment = assessment.model_copy(
            update={"consultations": [*assessment.consultations, consultation], "needs": needs}
        )
        outcome_lines.append(f"{len(ballots)}")
    moment = ConsultationMoment(
        id=next_id("moment", [m.id for m in s.consultation_moments]),
        kind="thematic_workshop",
        date=today,
        title=session.title,
        steps=[4] if session.kind == "dot_vote_actions" else [2] if session.kind != "rate_axes" else [3],
        participants=count,
        # The session's audience, when it is one of the model's (a free text stays in the title).
        audiences=[cast(Audience, session.audience)] if session.audience in get_args(Audience) else [],
        outcomes="\n".join(outcome_lines)[:20_000],
        session_id=session.id,
    )
    return s.model_copy(
        update={"issues": issues, "assessment": assessment, "consultation_moments": [*s.consultation_moments, moment]}
    )
