"""Time of the full PDF report: the sample strategy, and the large generated one (200 sheets).

    python -m benchmarks.report_build [--runs N]

Three cases, each run N times:
- "first in process": the first report the process makes (starts the chart renderer);
- "new revision": the app has made reports before, the strategy then changed (one action's
  title and dates): the charts that changed are rendered again, the others reused;
- "same revision": the same report again (another user, or the DOCX after the PDF).
Targets (in a warm process, every run): sample <= 1 s, large <= 4 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
from pathlib import Path

from pypdf import PdfReader

from benchmarks.generate import large_strategy
from domain.document import read_document
from domain.model import Strategy
from reports.pdf import strategy_pdf

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "fougeres-agglomeration.json"


def edited(s: Strategy, n: int) -> Strategy:
    """The strategy with one action renamed and moved by a few days: a new revision."""
    first = s.actions[0]
    moved = first.model_copy(
        update={
            "title": f"{first.title} ({n})",
            "end": (first.end or dt.date(2028, 1, 1)) + dt.timedelta(days=n),
        }
    )
    return s.model_copy(update={"actions": [moved, *s.actions[1:]], "revision": s.revision + n})


def timed(label: str, s: Strategy, runs: int, *, first: bool) -> None:
    def one(case: str, doc: Strategy) -> None:
        start = time.perf_counter()
        data = strategy_pdf(doc, "fr")
        seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(data)).pages)
        print(f"{label:26} {case:18} {seconds:6.2f} s  {pages:4} pages  {len(data) / 1e6:5.2f} MB")

    if first:
        one("first in process", s)
    else:
        strategy_pdf(s, "fr")  # the app has made this strategy's report before
    for n in range(1, runs + 1):
        one("new revision", edited(s, n))
    for _ in range(runs):
        one("same revision", edited(s, runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    sample = read_document(SAMPLE.read_bytes()).strategy
    assert sample is not None
    timed("sample strategy, full PDF", sample, runs, first=True)
    timed("large strategy, full PDF", large_strategy(), runs, first=False)


if __name__ == "__main__":
    main()
