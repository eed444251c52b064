"""Property: any document that export writes validates and round-trips unchanged."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.document import read_document, write_document
from domain.model import (
    Action,
    Axis,
    FundingLine,
    Issue,
    Measurement,
    MonitoringIndicator,
    Objective,
    Stakeholder,
    Strategy,
    SwotItem,
)
from domain.text_rules import clean_line, clean_text
from tests.conftest import ROOT

# Any character, control characters included: the model drops those it cannot keep.
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(lambda s: clean_text(s).strip())
title = text.map(lambda s: clean_line(s).strip()).filter(bool)
amount = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
day = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def strategies(draw) -> Strategy:
    swot = [
        SwotItem(
            id=f"sw-{i}",
            quadrant=draw(st.sampled_from(["strength", "weakness", "opportunity", "threat"])),
            text=draw(title),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    issues = [
        Issue(
            id=f"is-{i}",
            title=draw(title),
            selected=draw(st.booleans()),
            evidence={"swot_ids": draw(st.lists(st.sampled_from([s.id for s in swot]), unique=True)) if swot else []},
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    axes = [
        Axis(
            id=f"ax-{i}",
            title=draw(title),
            ambition=draw(text),
            objectives=[Objective(id=f"ob-{i}-{j}", text=draw(title)) for j in range(draw(st.integers(0, 2)))],
            issue_ids=draw(st.lists(st.sampled_from([x.id for x in issues]), unique=True)) if issues else [],
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    stakeholders = [
        Stakeholder(id=f"st-{i}", name=draw(title), interest=draw(st.integers(1, 5)))
        for i in range(draw(st.integers(0, 3)))
    ]
    actions = []
    for i in range(draw(st.integers(0, 4))):
        axis = draw(st.sampled_from(axes))
        start = draw(st.none() | day)
        actions.append(
            Action(
                id=f"ac-{i}",
                title=draw(title),
                axis_id=axis.id,
                objective_id=draw(st.sampled_from([None] + [o.id for o in axis.objectives])),
                description=draw(text),
                start=start,
                end=None if start is None else start + dt.timedelta(days=draw(st.integers(0, 2000))),
                funding=[
                    FundingLine(id=f"fu-{j}", source=draw(title), funder_kind="state", amount=draw(amount))
                    for j in range(draw(st.integers(0, 2)))
                ],
                partners=[{"stakeholder_id": s.id, "role": "funder"} for s in stakeholders[:1]],
            )
        )
    indicators = [
        MonitoringIndicator(
            id=f"mi-{i}",
            name=draw(title),
            level="action",
            action_id=a.id,
            baseline_value=draw(st.none() | amount),
            measurements=[Measurement(date=draw(day), value=draw(amount))],
        )
        for i, a in enumerate(actions[:2])
    ]
    return Strategy(
        id=draw(st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True)),
        title=draw(title),
        horizon_start=2026,
        horizon_end=draw(st.integers(2026, 2040)),
        assessment={"swot": swot},
        issues=issues,
        axes=axes,
        actions=actions,
        stakeholders=stakeholders,
        indicators=indicators,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies())
def test_written_documents_validate_and_round_trip(doc: Strategy):
    written = write_document(doc)
    result = read_document(written.encode())
    assert result.ok, result.problems
    assert result.strategy == doc
    assert write_document(result.strategy) == written


def test_validate_accepts_what_export_writes(tmp_path):
    out = tmp_path / "out.json"
    sample = ROOT / "sample_data" / "fougeres-agglomeration.json"
    cli = [sys.executable, str(ROOT / "cli.py")]
    assert (
        subprocess.run([*cli, "export", str(sample), "--format", "json", "--out", str(out)], cwd=ROOT).returncode == 0
    )
    done = subprocess.run([*cli, "validate", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == f"OK {out}"
