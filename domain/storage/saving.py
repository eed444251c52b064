"""Saving an edit when others saved meanwhile: merged record by record, never overwritten.

The edit was made on `base` (the revision the user loaded). If the store still holds that
revision, the edit is saved as it is. Otherwise the changes since `base` are applied on top
of the latest revision (`domain.merge`); fields both changed are conflicts, kept as theirs and
returned for the user to decide, and everything else is saved at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from domain.document import schema_problems
from domain.edit import prune_references
from domain.merge import Conflict, merge
from domain.model import Strategy
from domain.references import reference_problems
from domain.storage.store import StaleRevisionError, Store, UnreadableError

ATTEMPTS = 5  # merges retried when yet another save lands in between


@dataclass(frozen=True)
class Saved:
    document: Strategy
    conflicts: list[Conflict] = field(default_factory=list)
    merged_over: int | None = None  # the revision saved by others that the edit was merged onto


def save_merging(store: Store, base: Strategy, new: Strategy, *, by: str = "", summary: str = "") -> Saved:
    """Save `new` (an edit of `base`); UnreadableError if the result would not load back."""
    try:
        return Saved(store.save(new, base_revision=base.revision, by=by, summary=summary, copied_from=base))
    except StaleRevisionError as stale:
        latest_seen = stale.latest
    for _ in range(ATTEMPTS):
        theirs = store.load(base.id)
        merged = merge(base, new, theirs)
        try:
            candidate = Strategy.model_validate(merged.document)
        except ValidationError as exc:
            raise UnreadableError(base.id, theirs.revision, schema_problems(exc)) from None
        candidate = prune_references(candidate)  # my edit may cite a record they deleted
        problems = reference_problems(candidate)
        if problems:
            raise UnreadableError(base.id, theirs.revision, problems)
        try:
            saved = store.save(candidate, base_revision=theirs.revision, by=by, summary=summary)
        except StaleRevisionError as again:
            latest_seen = again.latest
            continue
        return Saved(saved, merged.conflicts, theirs.revision)
    raise StaleRevisionError(base.id, base.revision, latest_seen)
