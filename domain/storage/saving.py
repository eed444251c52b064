"""Saving an edit when others saved meanwhile: merged record by record, never overwritten.

The edit was made on `base` (the revision the user loaded). If the store still holds that
revision, the edit is saved as it is. Otherwise the changes since `base` are applied on top
of the latest revision (`domain.merge`), the strategy locked while it is done; fields both
changed are conflicts, kept as theirs and returned for the user to decide, and everything else
is saved at once.
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


@dataclass(frozen=True)
class Saved:
    document: Strategy
    conflicts: list[Conflict] = field(default_factory=list)
    merged_over: int | None = None  # the revision saved by others that the edit was merged onto


def save_merging(store: Store, base: Strategy, new: Strategy, *, by: str = "", summary: str = "") -> Saved:
    """Save `new` (an edit of `base`); UnreadableError if the result would not load back."""
    if store.latest_revision(base.id) == base.revision:  # nobody saved meanwhile, as a rule
        try:
            return Saved(store.save(new, base_revision=base.revision, by=by, summary=summary, copied_from=base))
        except StaleRevisionError:
            pass  # someone did, just now
    found: dict[str, object] = {}

    def onto(theirs: Strategy) -> Strategy:
        merged = merge(base, new, theirs)
        candidate = merged.document  # its changed parts are validated as it is stored
        # My edit was checked against the base; only a record deleted on one side can leave
        # a reference dangling, so the full check runs only then.
        deleted = (_ids(base) - _ids(new)) | (_ids(base) - _ids(theirs))
        problems = reference_problems(candidate) if deleted else []
        if problems:  # my edit may cite a record they deleted: drop what can be dropped
            try:
                candidate = prune_references(candidate)
            except ValidationError as exc:
                raise UnreadableError(base.id, theirs.revision, schema_problems(exc)) from None
            problems = reference_problems(candidate)
        if problems:
            raise UnreadableError(base.id, theirs.revision, problems)
        found.update(conflicts=merged.conflicts, theirs=theirs.revision)
        return candidate

    store.load(base.id)  # catch up with the latest revision before taking the lock, not while holding it
    saved = store.change_latest(base.id, onto, by=by, summary=summary)
    return Saved(saved, found["conflicts"], found["theirs"])  # type: ignore[arg-type]


def _ids(doc: Strategy) -> set[tuple[str, str]]:
    """(list, id) of every record of the document's lists, one level down (cheap to gather)."""
    out: set[tuple[str, str]] = set()
    for owner in (doc, doc.assessment):
        for name in type(owner).model_fields:
            value = getattr(owner, name)
            if isinstance(value, list):
                out |= {(name, rid) for item in value if isinstance(rid := getattr(item, "id", None), str)}
    return out
