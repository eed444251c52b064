"""Time of the full PDF report: the sample strategy, and the large generated one (200 sheets).

    python -m benchmarks.report_build

The first figure of each pair includes starting the chart renderer (vl-convert) in the process;
the second is a report built by a process that has already made one, as in the running app.
Targets: sample <= 1.5 s, large <= 5 s.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from pypdf import PdfReader

from benchmarks.generate import large_strategy
from domain.document import read_document
from reports.pdf import strategy_pdf

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "fougeres-agglomeration.json"


def timed(label: str, build) -> None:  # type: ignore[no-untyped-def]
    for run in ("first", "warm"):
        start = time.perf_counter()
        data = build()
        seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(data)).pages)
        print(f"{label:28} {run:6} {seconds:6.2f} s  {pages:4} pages  {len(data) / 1e6:5.2f} MB")


def main() -> None:
    sample = read_document(SAMPLE.read_bytes()).strategy
    assert sample is not None
    timed("sample strategy, full PDF", lambda: strategy_pdf(sample, "fr"))
    large = large_strategy()
    timed("large strategy, full PDF", lambda: strategy_pdf(large, "fr"))


if __name__ == "__main__":
    main()
