"""Twenty people editing one large strategy at once, at the store level (SQLite and PostgreSQL).

    python -m benchmarks.concurrent_edits [--users 20] [--edits 10] [--postgres URL]

Each simulated user holds the revision they last loaded or saved (as a browser session does)
and saves an edit of their own action every 0.5 to 2 seconds (a person typing into forms, all
twenty at once), starting at a random moment of the first two seconds; one edit in ten
changes a field that everyone shares (the first action's progress), so clashes are certain.
Prints, per database: the save latency (median, p95), the saves merged onto someone else's
revision, the clashes, the edits lost (a value saved without a clash that is not in the final
document), and the slowest of twenty saves clicked at the very same instant (the worst case,
each waiting for the others' turn): target p95 <= 40 ms, 0 lost, clashes only on the shared
field.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from benchmarks.generate import large_strategy
from domain.model import Strategy
from domain.storage import Store
from domain.storage.saving import save_merging

SHARED = ("ac-1", "progress")


def run(store: Store, users: int, edits: int) -> dict[str, object]:
    row = typing(store, users, edits)
    row["all at once, slowest ms"] = round(max(at_once(store, users)), 1)
    return row


def at_once(store: Store, users: int) -> list[float]:
    """Each user saves one edit of their own action at the same instant, from the same revision."""
    base = store.create(large_strategy().model_copy(update={"id": uuid.uuid4().hex[:12]}))
    barrier = threading.Barrier(users)
    latencies: list[float] = []

    def user(n: int) -> None:
        actions = list(base.actions)
        actions[n] = actions[n].model_copy(update={"title": f"Action de {n}"})
        edit = base.model_copy(update={"actions": actions})
        barrier.wait()
        start = time.perf_counter()
        save_merging(store, base, edit, summary="bench")
        latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def edit_session(store: Store, base: Strategy, users: list[int], edits: int, start_at: float) -> dict[str, Any]:
    """These users (threads) editing from `base`, starting at a random moment of the two
    seconds after `start_at` (wall clock, so that several processes start together)."""
    latencies: list[float] = []
    merged = 0
    clashes: list[tuple[str | int, ...]] = []
    expected: dict[tuple[str, str], object] = {}
    lock = threading.Lock()

    def user(n: int) -> None:
        nonlocal merged
        mine = base
        rng = random.Random(n)
        time.sleep(max(0.0, start_at - time.time()) + rng.uniform(0, 2.0))  # not all at one millisecond
        for k in range(edits):
            shared = rng.random() < 0.1
            index = 0 if shared else 1 + n  # each user has an action of their own
            action = mine.actions[index]
            field, value = ("progress", rng.randint(0, 100)) if shared else ("title", f"Action de {n}, édition {k}")
            actions = list(mine.actions)
            actions[index] = action.model_copy(update={field: value})
            start = time.perf_counter()
            outcome = save_merging(store, mine, mine.model_copy(update={"actions": actions}), summary="bench")
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                merged += outcome.merged_over is not None
                clashes.extend(c.path for c in outcome.conflicts)
                if not any(c.path == ("actions", action.id, field) for c in outcome.conflicts):
                    expected[(action.id, field)] = value
            mine = outcome.document
            time.sleep(rng.uniform(0.5, 2.0))

    threads = [threading.Thread(target=user, args=(n,)) for n in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "merged": merged, "clashes": clashes, "expected": expected}


def lost_edits(final: Strategy, expected: dict[tuple[str, str], object]) -> int:
    """Values saved without a clash that are not in the final document (the shared field is the
    last writer's, so it is left out)."""
    actions = {a.id: a for a in final.actions}
    return sum(1 for key, value in expected.items() if key != SHARED and getattr(actions[key[0]], key[1]) != value)


def typing(store: Store, users: int, edits: int) -> dict[str, object]:
    base = store.create(large_strategy().model_copy(update={"id": uuid.uuid4().hex[:12]}))
    result = edit_session(store, base, list(range(users)), edits, time.time())
    clashes = result["clashes"]
    ordered = sorted(result["latencies"])
    return {
        "saves": len(ordered),
        "median ms": round(statistics.median(ordered), 1),
        "p95 ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "merged": result["merged"],
        "clashes": len(clashes),
        "clashes off the shared field": sum(1 for c in clashes if c != ("actions", *SHARED)),
        "lost edits": lost_edits(store.load(base.id), result["expected"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = {"SQLite": run(Store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"), args.users, args.edits)}
    if args.postgres:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        try:
            sep = "&" if "?" in args.postgres else "?"
            store = Store(f"{args.postgres}{sep}options=-csearch_path%3D{schema}")
            results["PostgreSQL"] = run(store, args.users, args.edits)
            store.engine.dispose()
        finally:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    columns = list(next(iter(results.values())))
    print(f"{'database':12}" + "".join(f"{c:>{len(c) + 2}}" for c in columns))
    for name, row in results.items():
        print(f"{name:12}" + "".join(f"{row[c]!s:>{len(c) + 2}}" for c in columns))


if __name__ == "__main__":
    main()
