"""Map of a 345-commune department (Ille-et-Vilaine, real boundaries from ../shared/data/geo).

    python -m benchmarks.map_build

Prints the time to check and simplify the uploaded boundaries, the time to build and render
the folium map, and the size of its HTML. Targets: map HTML <= 700 KB, built <= 200 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from components.maps import build_territory_map
from domain.geo import Member, read_boundaries

SHARED = Path(os.environ.get("SHARED_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))


def main(repeat: int = 9) -> None:
    raw = (SHARED / "geo" / "communes-35-ille-et-vilaine.geojson").read_bytes()
    features = json.loads(raw)["features"]
    members = [Member(f["properties"]["code"], f["properties"]["nom"]) for f in features]
    values = {m.code: float(i) for i, m in enumerate(members)}

    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = read_boundaries(raw, members, territory_code="35")
        times.append((time.perf_counter() - start) * 1000)
    print(f"communes: {result.matched}; source GeoJSON {len(raw) / 1e3:.0f} KB")
    print(f"check + simplify + outline: {statistics.median(times):.0f} ms (once, when boundaries are loaded)")
    stored = len(json.dumps(result.collection, separators=(",", ":")))
    print(f"boundary kept in the strategy: {stored / 1e3:.0f} KB")

    builds, sizes = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        html = build_territory_map(result.collection, values=values, value_label="Population").get_root().render()
        builds.append((time.perf_counter() - start) * 1000)
        sizes.append(len(html.encode()))
    print(f"map build + render: {statistics.median(builds):.0f} ms median (target <= 200 ms)")
    print(f"map HTML: {sizes[0] / 1e3:.0f} KB (target <= 700 KB)")


if __name__ == "__main__":
    main()
