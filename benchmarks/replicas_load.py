"""A workshop of many phones and a team of editors on several app replicas behind nginx
(`deploy/`, run on loopback by `deploy.loopback`), on one PostgreSQL database.

Called by `python -m benchmarks.workshop_load --replicas 2 --participants 200`:

- Phones: each from its own loopback address, spread over the replicas by their route cookie,
  arriving over the first third of the window; each joins, sends a whole score grid (8 issues x
  8 criteria) at a random moment of the window, then changes one score a second later. Through
  the proxy and the app's own websocket protocol (`benchmarks.phones`).
- The facilitator reads the ballots every 2 s, as its self-refreshing screen does, on any
  replica: complete = every phone's last confirmed grid is in the results.
- Editors: twenty people saving edits of one large strategy, half in each of two processes
  (as two replicas' sessions), on the same database (`benchmarks.concurrent_edits`).
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.concurrent_edits import edit_session, lost_edits
from benchmarks.generate import large_strategy
from benchmarks.phones import Phone, join_and_vote
from components.session import seed_samples
from deploy.loopback import Cluster, fresh_database
from domain.storage import Store, WorkshopStore

SAMPLE = "sample-fougeres"
POLL_SECONDS = 2.0


def phone_address(n: int) -> str:
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


def workshop(cluster: Cluster, store: Store, participants: int, seconds: float) -> None:
    doc = store.load(SAMPLE)
    items = [i.id for i in doc.issues[:8]]
    criteria = [c.key for c in doc.criteria[:8]]
    ws = WorkshopStore(store.engine)
    session = ws.open(SAMPLE, "score_issues", "Atelier", items, criteria=criteria, minutes=30)
    routes = cluster.routes()
    rng = random.Random(7)
    plans = [(rng.uniform(0, seconds / 3), rng.uniform(0, seconds * 2 / 3)) for _ in range(participants)]
    order = [(item, key) for item in items for key in criteria]
    done = threading.Event()
    polls: list[tuple[float, set[tuple[str, str, str, float]]]] = []
    poll_ms: list[float] = []

    def facilitator() -> None:
        finishing = 2  # reads after the last phone is done
        while finishing:
            finishing -= done.is_set()
            started = time.perf_counter()
            names = {p.id: p.name for p in ws.participants(session.id)}
            seen = {(names.get(b.participant, "?"), b.item, b.criterion, b.value) for b in ws.ballots(session.id)}
            poll_ms.append((time.perf_counter() - started) * 1000)
            polls.append((time.perf_counter(), seen))
            time.sleep(POLL_SECONDS)

    async def one(n: int) -> dict[str, Any]:
        arrive, vote = plans[n]
        await asyncio.sleep(arrive)
        phone = Phone(cluster.url, routes[n % len(routes)], phone_address(n))
        try:
            return await join_and_vote(phone, session.code, f"P{n}", random.Random(n), vote)
        except Exception as error:  # a phone that could not finish: counted, never hidden
            return {"name": f"P{n}", "confirmed": 0, "errors": [repr(error)], "last_vote_at": 0.0, "waits": []}
        finally:
            await phone.close()

    async def room() -> list[dict[str, Any]]:
        return await asyncio.gather(*(one(n) for n in range(participants)))

    watcher = threading.Thread(target=facilitator)
    cpu_before = [_cpu_seconds(r.process.pid) for r in cluster.replicas if r.process]
    own_before = time.process_time()
    started = time.perf_counter()
    watcher.start()
    outcomes = asyncio.run(room())
    done.set()
    watcher.join()
    replicas_cpu = sum(_cpu_seconds(r.process.pid) for r in cluster.replicas if r.process) - sum(cpu_before)
    phones_cpu = time.process_time() - own_before
    expected = {
        (o["name"], item, key, float(value))
        for o in outcomes
        if o.get("final") and o["confirmed"] == 2
        for (item, key), value in zip(order, o["final"], strict=True)
    }
    last_vote = max(o["last_vote_at"] for o in outcomes)
    complete = next((at for at, seen in polls if expected <= seen), None)
    stored = polls[-1][1]
    lost = len(expected - stored)
    refused = [e for o in outcomes for e in o["errors"]]
    print(f"phones: {participants} over {len(routes)} replicas, window {seconds:.0f} s")
    print(f"  votes confirmed on the phones: {sum(o['confirmed'] for o in outcomes)} of {2 * participants}")
    print(f"  phones refused or failed: {len(refused)} {sorted(set(refused))[:5]}")
    waits = sorted(w * 1000 for o in outcomes for w in o.get("waits", []))
    if waits:
        p95 = waits[int(0.95 * (len(waits) - 1))]
        print(
            f"  a vote, from the tap to 'saved' on the phone: median {statistics.median(waits):.0f} ms, p95 {p95:.0f} ms"
        )
    print(f"  last vote confirmed {last_vote - started:.1f} s after the first phone arrived")
    lag = (complete - last_vote) if complete else float("nan")
    early = " (its read came before the phone showed 'saved')" if lag < 0 else ""
    print(
        f"  facilitator complete {max(lag, 0.0):.2f} s after the last vote{early} "
        f"(reads every {POLL_SECONDS:.0f} s; target <= 2 s)"
    )
    print(f"  facilitator read: median {statistics.median(poll_ms):.1f} ms, max {max(poll_ms):.1f} ms")
    print(f"  ballots lost (confirmed on a phone, not in the results): {lost} of {len(expected)}")
    per_replica = {}
    for line in (cluster.folder / "access.log").read_text(encoding="utf-8").splitlines():
        if "/_stcore/stream" in line and "replica=" in line:
            port = line.split("replica=")[1].split()[0]
            per_replica[port] = per_replica.get(port, 0) + 1
    print(f"  phone connections per replica: {sorted(per_replica.values())}")
    runs = 5 * participants  # open, join (and its rerun), two votes
    print(
        f"  CPU: replicas {replicas_cpu:.0f} s ({replicas_cpu / runs * 1000:.0f} ms a page run), "
        f"this simulator {phones_cpu:.0f} s, on {os.cpu_count()} cores"
    )


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _editors_of_one_replica(db_url: str, base_id: str, users: list[int], edits: int, start_at: float) -> dict:
    store = Store(db_url)
    base = store.load(base_id)
    gc.freeze()  # as a replica does once started (components.session)
    return edit_session(store, base, users, edits, start_at)


def editors(db_url: str, replicas: int, users: int, edits: int) -> None:
    store = Store(db_url)
    base = store.create(large_strategy())
    start_at = time.time() + 3.0  # every process ready before the first edit
    groups = [list(range(users))[r::replicas] for r in range(replicas)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(replicas) as pool:
        parts = pool.starmap(_editors_of_one_replica, [(db_url, base.id, g, edits, start_at) for g in groups])
    latencies = sorted(x for p in parts for x in p["latencies"])
    clashes = [c for p in parts for c in p["clashes"]]
    expected = {k: v for p in parts for k, v in p["expected"].items()}
    lost = lost_edits(store.load(base.id), expected)
    print(f"editors: {users} on one large strategy, {edits} edits each, in {replicas} processes")
    print(
        f"  saves {len(latencies)}, median {statistics.median(latencies):.1f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms (target <= 60 ms)"
    )
    print(f"  merged {sum(p['merged'] for p in parts)}, clashes {len(clashes)}, lost edits {lost}")


def main(replicas: int, participants: int, seconds: float, postgres_url: str, users: int, edits: int) -> None:
    with tempfile.TemporaryDirectory() as folder, fresh_database(postgres_url) as db:
        store = Store(db)
        seed_samples(store)
        cluster = Cluster(Path(folder), db, replica_count=replicas)
        cluster.start()
        try:
            workshop(cluster, store, participants, seconds)
            editors(db, replicas, users, edits)
        finally:
            cluster.stop()
            store.engine.dispose()
