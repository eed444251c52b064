"""Version 1 → 2.

Version 1 (the first draft format) kept the SWOT as four lists of sentences and named an
action's axis `axis`. Version 2 makes each SWOT item a record with a stable id, so that issues
can cite it as evidence, and names every reference field `<kind>_id`.
"""

from __future__ import annotations

import copy
from typing import Any

_QUADRANTS = {
    "strengths": "strength",
    "weaknesses": "weakness",
    "opportunities": "opportunity",
    "threats": "threat",
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    assessment = out.get("assessment")
    if isinstance(assessment, dict) and isinstance(assessment.get("swot"), dict):
        items: list[dict[str, Any]] = []
        for old_key, quadrant in _QUADRANTS.items():
            for text in assessment["swot"].get(old_key) or []:
                items.append({"id": f"sw-{len(items) + 1}", "quadrant": quadrant, "text": text})
        assessment["swot"] = items
    for action in out.get("actions") or []:
        if isinstance(action, dict) and "axis" in action and "axis_id" not in action:
            action["axis_id"] = action.pop("axis")
    out["schema_version"] = 2
    return out
