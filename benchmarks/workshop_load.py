"""40 participants voting within 10 seconds, and the facilitator's screen catching up.

    python -m benchmarks.workshop_load [--participants 40] [--seconds 10]
    python -m benchmarks.workshop_load --replicas 2 --participants 200 --seconds 60 [--postgres URL]

The second form runs the whole deployment on loopback (see benchmarks.replicas_load).

Store-level, on a SQLite file like the app's: each participant (a thread) joins, then sends
a full score grid (8 issues x 8 criteria) at a random moment of the window, then changes
one score (re-voting). The facilitator polls every 2 s, as its self-refreshing fragment does.
Reports how long after the last vote the facilitator's results were complete (target <= 2 s)
and whether any vote was lost (target: none).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from pathlib import Path

from domain.storage import Store, WorkshopStore
from domain.workshop import Ballot, aggregate

ISSUES = [f"is-{n}" for n in range(1, 9)]
CRITERIA = ["population", "urgency", "alignment", "citizen_demand", "cost", "skills", "time_to_results", "partners"]
POLL_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--replicas",
        type=int,
        default=0,
        choices=(0, 2),
        help="app replicas behind nginx (deploy/ describes two; 0: store level only)",
    )
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL", ""))
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    if args.replicas:
        if not args.postgres:
            parser.error("several replicas share a PostgreSQL server: --postgres URL or TEST_POSTGRES_URL")
        from benchmarks import replicas_load

        replicas_load.main(args.replicas, args.participants, args.seconds, args.postgres, args.editors, args.edits)
        return
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'workshop.sqlite3'}")
        ws = WorkshopStore(store.engine)
        session = ws.open("bench", "score_issues", "Atelier", ISSUES, criteria=CRITERIA, minutes=10)
        expected = args.participants * len(ISSUES) * len(CRITERIA)
        last_vote = [0.0]
        refused: list[str] = []
        lock = threading.Lock()
        start = time.perf_counter()

        def participant(n: int) -> None:
            pid = ws.join(session, f"P{n}")
            time.sleep(rnd.uniform(0, args.seconds * 0.8))
            grid = [Ballot(pid, i, c, rnd.randint(1, 5)) for i in ISSUES for c in CRITERIA]
            for ballots in (grid, [Ballot(pid, ISSUES[0], CRITERIA[0], 5)]):  # a vote, then a change of mind
                refusal = ws.vote(session, pid, ballots)
                with lock:
                    if refusal:
                        refused.append(refusal.code)
                    last_vote[0] = max(last_vote[0], time.perf_counter())
                time.sleep(rnd.uniform(0.2, 1.0))

        complete_at: list[float] = []
        query_ms: list[float] = []

        def facilitator() -> None:
            while time.perf_counter() - start < args.seconds + 30:
                t0 = time.perf_counter()
                ballots = ws.ballots(session.id)
                aggregate(session, ballots)
                query_ms.append((time.perf_counter() - t0) * 1000)
                if len(ballots) == expected and not any(t.is_alive() for t in threads):
                    complete_at.append(time.perf_counter())
                    return
                time.sleep(POLL_SECONDS)

        threads = [threading.Thread(target=participant, args=(n,)) for n in range(args.participants)]
        watcher = threading.Thread(target=facilitator)
        for t in threads:
            t.start()
        watcher.start()
        for t in threads:
            t.join()
        voting_span = last_vote[0] - start
        watcher.join()
        stored = len(ws.ballots(session.id))
        print(
            f"participants: {args.participants}; ballots expected {expected}, stored {stored}, refused {len(refused)} {set(refused)}"
        )
        print(f"votes sent over {voting_span:.1f} s (window {args.seconds:.0f} s)")
        lag = complete_at[0] - last_vote[0] if complete_at else float("nan")
        print(
            f"facilitator complete {lag:.2f} s after the last vote (polling every {POLL_SECONDS:.0f} s; target <= 2 s)"
        )
        print(
            f"facilitator read + aggregate: median {sorted(query_ms)[len(query_ms) // 2]:.1f} ms, max {max(query_ms):.1f} ms"
        )
        print(f"votes lost: {expected - stored if stored <= expected else 'more stored than sent'}")


if __name__ == "__main__":
    main()
