"""Repair of invalid polygons (self-intersections…) in a child process, under a time and memory
budget: `shapely.make_valid` can take minutes and gigabytes on a few kilobytes of crafted
rings, and must never hold the server. `repair` returns None when the budget runs out.

Run as `python -m domain.geo_repair`: reads hex WKB lines on stdin, writes repaired ones.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

SECONDS = 5.0
MEMORY_BYTES = 1024 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]


def repair(geometries: list[BaseGeometry], *, seconds: float = SECONDS) -> list[BaseGeometry] | None:
    if not geometries:
        return []
    payload = "\n".join(shapely.to_wkb(geometries, hex=True).tolist())
    try:
        done = subprocess.run(
            [sys.executable, "-m", "domain.geo_repair"],
            input=payload,
            capture_output=True,
            text=True,
            timeout=seconds,
            cwd=ROOT,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    lines = done.stdout.split()
    if done.returncode != 0 or len(lines) != len(geometries):
        return None  # killed by its memory limit, or failed: the budget ran out all the same
    return list(shapely.from_wkb(lines))


def _main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (int(SECONDS) + 1, int(SECONDS) + 1))
    geometries = shapely.from_wkb(sys.stdin.read().split())
    repaired = shapely.make_valid(geometries)
    sys.stdout.write("\n".join(shapely.to_wkb(repaired, hex=True).tolist()))


if __name__ == "__main__":
    _main()
