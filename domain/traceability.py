"""Traceability: for an axis or an action, the chain of evidence behind it and the indicators
after it — need → issue → axis → action → indicator."""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Strategy


@dataclass(frozen=True)
class Level:
    kind: str  # evidence, issues, axis, actions, indicators
    items: list[str]


def _evidence(s: Strategy, issue_ids: list[str]) -> list[str]:
    a = s.assessment
    labels = {
        **{x.id: x.text for x in a.swot},
        **{x.id: x.text for x in a.needs},
        **{x.id: x.name for x in a.indicators},
        **{x.id: x.name for x in a.initiatives},
    }
    seen: list[str] = []
    for issue in s.issues:
        if issue.id in issue_ids:
            ev = issue.evidence
            for rid in ev.swot_ids + ev.need_ids + ev.indicator_ids + ev.initiative_ids:
                if rid in labels and labels[rid] not in seen:
                    seen.append(labels[rid])
    return seen


def _indicators(s: Strategy, axis_id: str | None, action_ids: list[str]) -> list[str]:
    linked = {iid for a in s.actions if a.id in action_ids for iid in a.indicator_ids}
    return [
        i.name
        for i in s.indicators
        if i.id in linked or i.action_id in action_ids or (axis_id is not None and i.axis_id == axis_id)
    ]


def trace_axis(s: Strategy, axis_id: str) -> list[Level]:
    axis = next(ax for ax in s.axes if ax.id == axis_id)
    actions = [a for a in s.actions if a.axis_id == axis_id]
    return [
        Level("evidence", _evidence(s, axis.issue_ids)),
        Level("issues", [i.title for i in s.issues if i.id in axis.issue_ids]),
        Level("axis", [axis.title]),
        Level("actions", [a.label for a in actions]),
        Level("indicators", _indicators(s, axis_id, [a.id for a in actions])),
    ]


def trace_action(s: Strategy, action_id: str) -> list[Level]:
    action = next(a for a in s.actions if a.id == action_id)
    axis = next((ax for ax in s.axes if ax.id == action.axis_id), None)
    issue_ids = axis.issue_ids if axis else []
    return [
        Level("evidence", _evidence(s, issue_ids)),
        Level("issues", [i.title for i in s.issues if i.id in issue_ids]),
        Level("axis", [axis.title] if axis else []),
        Level("actions", [action.label]),
        Level("indicators", _indicators(s, None, [action.id])),
    ]
