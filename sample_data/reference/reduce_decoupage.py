"""Reduce the official reference lists of `@etalab/decoupage-administratif` to a compact file.

Usage (from the project root, Node's npm on the PATH):
    python sample_data/reference/reduce_decoupage.py [--version 6.0.0]

Downloads the npm package with `npm pack` into a temporary folder, keeps what the app needs
(current communes with department, region, population, EPCI; EPCI with kind, population and
members; departments; regions) and writes `territories.json` beside this script.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "@etalab/decoupage-administratif"


def reduce(data_dir: Path, version: str) -> dict:
    def load(name: str) -> list[dict]:
        return json.loads((data_dir / f"{name}.json").read_text(encoding="utf-8"))

    epcis = load("epci")
    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    communes = [
        # [code, name, department, region, population, epci]
        [c["code"], c["nom"], c["departement"], c["region"], c.get("population"), epci_of.get(c["code"], "")]
        for c in load("communes")
        if c["type"] == "commune-actuelle"
    ]
    return {
        "source": f"npm package {PACKAGE} {version} (data: Licence Ouverte / Etalab; code: MIT)",
        "columns": {
            "communes": ["code", "name", "department", "region", "population", "epci"],
            "epci": ["code", "name", "kind", "population", "members"],
            "departments": ["code", "name", "region", "kind"],
            "regions": ["code", "name", "kind"],
        },
        "communes": communes,
        "epci": [
            [e["code"], e["nom"], e["type"], e["populationMunicipale"], [m["code"] for m in e["membres"]]]
            for e in epcis
        ],
        "departments": [
            [d["code"], d["nom"], d["region"], _authority(d, "departement")]
            for d in load("departements")
            if d["code"] not in NOT_AUTHORITIES and d["zone"] != "com"  # overseas collectivities: listed once, below
        ],
        "regions": [
            [r["code"], r["nom"], _authority(r, "region")]
            for r in load("regions")
            if r["code"] not in NOT_AUTHORITIES and r["code"] not in SINGLE_AUTHORITY_REGIONS
        ],
        # The legal populations of the package (INSEE, populations légales millésimées 2023, in
        # force from 1 January 2026); Mayotte's come from its 2017 census.
        "population_year": POPULATION_YEAR,
        "population_year_overrides": {"976": 2017},
    }


POPULATION_YEAR = 2023
# Not local authorities: the French Southern and Antarctic Lands, Clipperton.
NOT_AUTHORITIES = {"984", "989"}
# Martinique and Guyane are single authorities (collectivités territoriales uniques) holding
# a region's and a department's powers: listed once, under their department code.
SINGLE_AUTHORITY_REGIONS = {"02", "03"}
SINGLE_AUTHORITIES = {"972", "973"}


def _authority(item: dict, default: str) -> str:
    """What kind of local authority a region or department entry is."""
    if item["zone"] == "com":
        return "com"  # overseas collectivity (art. 74), neither a region nor a department
    if item["code"] in SINGLE_AUTHORITIES:
        return "ctu"
    if default == "region" and item["code"] == "94":
        return "csp"  # the Collectivité de Corse
    return default


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="6.0.0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{args.version}", "--pack-destination", tmp],
            check=True,
            capture_output=True,
        )
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        reduced = reduce(Path(tmp) / "package" / "data", args.version)
    out = HERE / "territories.json"
    out.write_text(json.dumps(reduced, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{out.name}: {len(reduced['communes'])} communes, {len(reduced['epci'])} EPCI")


if __name__ == "__main__":
    main()
