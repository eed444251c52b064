"""The strategy in use in this browser session: where it comes from, and how edits are saved.

The strategy's id lives in the URL (`?s=<id>`) so a refresh or a new tab reopens it. Every
committed edit is saved at once as a new revision; a save based on a stale revision is
refused and the pending change is kept, so that nothing the user typed is lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import streamlit as st
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from components import identity
from components.i18n import field_label, say_problem, tr
from components.keys import Key
from domain.document import read_document, schema_problems
from domain.edit import prune_references, replace_at, update_fields, update_record
from domain.merge import Conflict, resolve
from domain.model import Strategy
from domain.references import reference_problems
from domain.storage import ForbiddenError, NotFoundError, StaleRevisionError, Store, UnreadableError
from domain.storage.saving import save_merging
from domain.storage.store import default_url
from domain.territories import time_zone as territory_zone

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data"
T = TypeVar("T")
UPLOAD_LIMIT_MB = float(os.environ.get("STRATEGY_UPLOAD_LIMIT_MB", "20"))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = Store(url)
    if not store.summaries():
        seed_samples(store)
    # What the process has loaded by now (libraries, reference data) stays for good: the
    # collector no longer walks it at each full collection, which otherwise stalls a save
    # that reads a whole revision by 100-250 ms (benchmarks.replicas_load).
    gc.freeze()
    return store


@functools.cache
def sample_ids() -> frozenset[str]:
    """The ids of the sample strategies (read once per process)."""
    out = set()
    for path in sorted(SAMPLE_DIR.glob("*.json")):
        result = read_document(path.read_bytes())
        if result.ok and result.strategy:
            out.add(result.strategy.id)
    return frozenset(out)


def seed_samples(store: Store) -> None:
    """A new, empty store gets the sample strategies, so a first visit has something to open.
    Replicas starting together on one new database each try: the first one stores a sample,
    the others find it there (or lose the insert race on its id) and leave it alone."""
    for path in sorted(SAMPLE_DIR.glob("*.json")):
        result = read_document(path.read_bytes())
        if not (result.ok and result.strategy) or store.latest_revision(result.strategy.id) is not None:
            continue
        try:
            store.create(result.strategy, summary="sample", keep_id=True)
        except IntegrityError:
            continue


def store() -> Store:
    return _store(default_url())


def current() -> Strategy | None:
    return st.session_state.get(Key.DOC)


def derived(compute: Callable[[Strategy], T], doc: Strategy) -> T:
    """`compute(doc)`, once for the strategy object loaded or saved last: a page switch does not
    recompute what only the revision's content decides (the findings, each step's checks).
    Kept with the object itself, not its revision number, so a copy is never taken for it."""
    memo: dict[str, tuple[Strategy, Any]] = st.session_state.setdefault(Key.DERIVED, {})
    name = f"{compute.__module__}.{compute.__qualname__}"
    hit = memo.get(name)
    if hit is None or hit[0] is not doc:
        hit = memo[name] = (doc, compute(doc))
    result: T = hit[1]
    return result


def time_zone() -> str:
    """The clock of the strategy in use's territory (Paris, or its overseas zone)."""
    doc = current()
    return territory_zone(doc.territory if doc else None)


def who() -> str:
    """The e-mail address (or the machine's name) every store call acts as."""
    user = identity.current_user()
    return user.email if user else "\x00nobody"  # never a member: every check refuses


def role() -> str | None:
    """The role of the person on the strategy in use (owner, editor, viewer), read once per
    revision: the screens follow it, and the store checks every write anyway."""
    doc = current()
    if doc is None:
        return None
    key = (doc.id, doc.revision, who())
    cached = st.session_state.get(Key.ROLE_CACHE)
    if not cached or cached[0] != key:
        cached = (key, store().role(doc.id, who()))
        st.session_state[Key.ROLE_CACHE] = cached
    return cached[1]


def can_edit() -> bool:
    return role() in ("owner", "editor")


def open_strategy(strategy_id: str) -> bool:
    """Load the latest revision of a strategy into the session; False if it does not exist."""
    try:
        doc = store().load(strategy_id, by=who())  # not a member: as if it did not exist
    except NotFoundError:
        return False
    except UnreadableError as exc:
        # Stored by an earlier version and no longer valid: say where, offer the last good one.
        st.session_state[Key.UNREADABLE] = {
            "id": strategy_id,
            "revision": exc.revision,
            "problems": [say_problem(p) for p in exc.problems[:10]],
            "restorable": store().last_readable(strategy_id),
        }
        return False
    st.session_state.pop(Key.UNREADABLE, None)
    st.session_state[Key.DOC] = doc
    st.session_state[Key.CLASHES] = _pending(doc.id)  # left unsettled (a reload, another tab): back
    st.session_state[Key.SID] = doc.id
    st.session_state.pop(Key.CONFLICT, None)
    st.session_state[Key.SAVE_STATUS] = {"kind": "loaded", "revision": doc.revision}
    st.query_params["s"] = doc.id
    return True


def close_strategy() -> None:
    for key in ("doc", "sid", "conflict", "save_status", "clashes"):
        st.session_state.pop(key, None)
    st.query_params.pop("s", None)


def sync_with_url() -> None:
    """Open the strategy named in the URL, or put the one in use back into the URL."""
    wanted = st.query_params.get("s")
    doc = current()
    if wanted and (doc is None or doc.id != wanted):
        if not open_strategy(wanted):
            if Key.UNREADABLE not in st.session_state:
                st.session_state[Key.MISSING_STRATEGY] = wanted
            close_strategy()
    elif doc is not None and not wanted:
        # Page switches drop the query string: put the id back so a refresh reopens it.
        st.query_params["s"] = doc.id


def commit(new: Strategy, summary: str) -> bool:
    """Save an edited strategy at once. False (and a status saying why) if it was refused."""
    doc = current()
    if doc is None:
        return False
    problems = reference_problems(new)
    if problems:  # a deleted record may still be cited: drop what can be dropped, then recheck
        new = prune_references(new)
        problems = reference_problems(new)
    if problems:
        st.session_state[Key.SAVE_STATUS] = {
            "kind": "invalid",
            "problems": [say_problem(p) for p in problems[:10]],
        }
        return False
    try:
        outcome = save_merging(store(), doc, new, by=who(), summary=summary)
    except StaleRevisionError as exc:  # others kept saving while this one merged: kept, retried
        st.session_state[Key.CONFLICT] = new
        st.session_state[Key.SAVE_STATUS] = {"kind": "conflict", "latest": exc.latest}
        notice("error", tr("save.conflict", latest=exc.latest))
        return False
    except UnreadableError as exc:  # would not load back: refused, the saved revision is unchanged
        st.session_state[Key.SAVE_STATUS] = {
            "kind": "invalid",
            "problems": [say_problem(p) for p in exc.problems[:10]],
        }
        notice("error", tr("save.invalid"))
        return False
    except ForbiddenError:  # a viewer (or someone removed meanwhile): checked by the store itself
        st.session_state[Key.SAVE_STATUS] = {"kind": "read_only"}
        notice("error", tr("save.read_only"))
        return False
    except SQLAlchemyError:  # database unreachable, disk full or read-only: the change is kept
        st.session_state[Key.CONFLICT] = new
        st.session_state[Key.SAVE_STATUS] = {"kind": "db_error"}
        notice("error", tr("save.db_error"))
        return False
    saved = outcome.document
    st.session_state[Key.DOC] = saved
    st.session_state.pop(Key.CONFLICT, None)
    st.session_state[Key.SAVE_STATUS] = {
        "kind": "saved",
        "revision": saved.revision,
        "at": dt.datetime.now().strftime("%H:%M:%S"),
        "merged_over": outcome.merged_over,
    }
    if outcome.conflicts:
        set_clashes([*st.session_state.get(Key.CLASHES, []), *outcome.conflicts])
        notice("warning", tr("save.clashes", count=len(outcome.conflicts)))
    elif outcome.merged_over:
        notice("success", tr("save.merged", revision=saved.revision, theirs=outcome.merged_over))
    else:
        notice("success", tr("save.saved", revision=saved.revision, at=st.session_state[Key.SAVE_STATUS]["at"]))
    return True


NOTICE_ICONS = {"success": ":material/check:", "warning": ":material/merge:", "error": ":material/error:"}


def notice(kind: str, text: str) -> None:
    """A note for the user about a save, shown as a toast at the start of the next run, or at
    once by `rerun_showing_notes`, wherever the user is on the page."""
    st.session_state[Key.NOTICES] = [*st.session_state.get(Key.NOTICES, []), (kind, text)][-3:]


def show_notices() -> None:
    for kind, text in st.session_state.pop(Key.NOTICES, []):
        st.toast(text, icon=NOTICE_ICONS[kind])


# Time for the browser to draw a save's note before the rebuilt page's messages arrive: sent
# together with them, the note waited 250-400 ms behind the rebuild of a large strategy's page;
# after this pause it is on screen 120-170 ms after the click (`python -m benchmarks.browser`).
NOTE_DRAWING_PAUSE_S = 0.12


def rerun_showing_notes() -> NoReturn:
    """After a save: its note as a toast now, then the whole page again to show the result. A
    toast stays through the rerun, so "saved" is on screen before the page is rebuilt."""
    if st.session_state.get(Key.NOTICES):
        show_notices()
        time.sleep(NOTE_DRAWING_PAUSE_S)
    st.rerun()


def keep_clash(index: int, keep_mine: bool) -> None:
    """Settle one clash: my value saved over theirs, or theirs left as it is."""
    clashes: list[Conflict] = st.session_state.get(Key.CLASHES, [])
    doc = current()
    if doc is None or not 0 <= index < len(clashes):
        return
    clash = clashes[index]
    if keep_mine:
        try:
            new = Strategy.model_validate(resolve(doc, [clash], {clash.path}))
        except ValidationError:
            notice("error", tr("save.invalid"))
            return
        if not commit(new, "conflict:kept"):
            return
    set_clashes([c for n, c in enumerate(clashes) if n != index])


def set_clashes(clashes: list[Conflict]) -> None:
    """The unsettled clashes, in this session and in the store (they survive a reload)."""
    st.session_state[Key.CLASHES] = clashes
    doc = current()
    if doc is not None:
        with contextlib.suppress(SQLAlchemyError):  # else they hold for this session only
            store().people.keep_pending(doc.id, who(), [c.as_dict() for c in clashes])


def _pending(strategy_id: str) -> list[Conflict]:
    try:
        return [Conflict.from_dict(c) for c in store().people.pending_clashes(strategy_id, who())]
    except SQLAlchemyError:
        return []


def update(summary: str, **changes: Any) -> bool:
    """Commit a copy of the strategy in use with some top-level fields replaced."""
    doc = current()
    if doc is None:
        return False
    return commit(doc.model_copy(update=changes), summary)


def resolve_conflict(keep_mine: bool) -> None:
    """After a refused save: load the latest revision, or save the pending change on top of it."""
    pending: Strategy | None = st.session_state.get(Key.CONFLICT)
    doc = current()
    if doc is None:
        return
    latest = store().latest_revision(doc.id)
    if keep_mine and pending is not None and latest is not None:
        st.session_state[Key.DOC] = doc.model_copy(update={"revision": latest})
        commit(pending.model_copy(update={"revision": latest}), "conflict:kept")
    else:
        open_strategy(doc.id)


def editor_key(name: str) -> str:
    """Widget keys that change with each saved revision, so editors restart from saved data."""
    doc = current()
    return f"{name}-{doc.id}-{doc.revision}" if doc else name


def save_at(path: str, value: Any, summary: str) -> None:
    """Save the strategy in use with the field at `path` replaced; rerun to show the result."""
    doc = current()
    if doc is not None:
        commit(replace_at(doc, path, value), summary)
        rerun_showing_notes()


def save_fields(
    path: str,
    summary: str,
    labels: dict[str, str] | None = None,
    explain: dict[str, str] | None = None,
    **changes: Any,
) -> bool:
    """Save the strategy in use with fields of the part at `path` (the territory, the
    governance…) changed; rerun to show the result. A value the part's model refuses is said
    with the field's label as the form shows it (`labels`, else the catalog's) and what the
    field takes (`explain`), in the user's language, and nothing is saved."""
    doc = current()
    if doc is None:
        return False
    try:
        updated = update_fields(doc, path, changes)
    except ValidationError as exc:
        for problem in schema_problems(exc)[:5]:
            name = problem.path.split(".")[0].split("[")[0]
            label = (labels or {}).get(name) or field_label(name)
            said = tr("format.label_value", label=label, value=say_problem(replace(problem, path="")))
            st.error(f"{said} — {explain[name]}" if explain and name in explain else said)
        return False
    commit(updated, summary)
    rerun_showing_notes()
    return True


def save_record(path: str, record_id: str, summary: str, **changes: Any) -> bool:
    """Save one record of the list at `path` with `changes`; rerun to show the result. A value
    the record's model refuses is said in the user's language, and nothing is saved."""
    doc = current()
    if doc is None:
        return False
    try:
        updated = update_record(doc, path, record_id, changes)
    except ValidationError as exc:
        for problem in schema_problems(exc, (path, record_id))[:5]:
            st.error(say_problem(problem))
        return False
    commit(updated, summary)
    rerun_showing_notes()
    return True


def restore_last_readable(strategy_id: str, revision: int) -> bool:
    """Make the newest revision that loads the latest again (history kept), and open it."""
    latest = store().latest_revision(strategy_id)
    if latest is None:
        return False
    try:
        store().restore(strategy_id, revision, base_revision=latest, by=who())
    except (StaleRevisionError, UnreadableError, ForbiddenError, SQLAlchemyError):
        return False
    return open_strategy(strategy_id)


def create(strategy: Strategy, summary: str) -> Strategy | None:
    """Store a new strategy and open it; None, with the reason said on the page, if the
    database refused it (unreachable, full, read-only) or it would not load back."""
    try:
        created = store().create(strategy, by=who(), summary=summary)
    except UnreadableError as exc:
        st.error("\n".join(say_problem(p) for p in exc.problems[:10]))
        return None
    except SQLAlchemyError:
        st.error(tr("save.db_error_new"))
        return None
    open_strategy(created.id)
    return created
