#!/usr/bin/env python3
"""Regenerate ``territories/data/territories.json`` from the official INSEE data.

The source is the npm package ``@etalab/decoupage-administratif`` published by
Etalab (data.gouv.fr), which ships the current (post-2016) régions and
départements with their INSEE codes in ``data/regions.json`` and
``data/departements.json``.

Only the 18 régions (13 metropolitan + 5 overseas) and the 101 départements
(96 metropolitan including 2A/2B, plus 971, 972, 973, 974 and 976) are kept:
collectivités d'outre-mer (975, 977, 978, 98x...) are excluded.

Usage (stdlib only, no virtualenv needed)::

    cd /tmp
    npm pack @etalab/decoupage-administratif
    mkdir -p decoupage && tar xzf etalab-decoupage-administratif-*.tgz -C decoupage
    python3 /path/to/repo/scripts/refresh_territories.py /tmp/decoupage/package

The output path defaults to ``territories/data/territories.json`` in this
repository; pass ``--output PATH`` to write elsewhere. The data migration
``territories/migrations/0002_load_territories.py`` loads that file; once it has
been regenerated, add a new data migration (or re-run the loading function) to
apply changes to an existing database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PACKAGE_NAME = "@etalab/decoupage-administratif"
KEPT_ZONES = {"metro", "drom"}  # "com" = collectivités d'outre-mer, excluded
EXPECTED_REGIONS = 18
EXPECTED_DEPARTMENTS = 101
DEFAULT_OUTPUT = (
    Path(__file__).resolve().parent.parent / "territories" / "data" / "territories.json"
)


def _load(path: Path) -> list | dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def build(package_dir: Path) -> dict:
    """Return the territories payload built from an untarred npm package."""
    package = _load(package_dir / "package.json")
    if package.get("name") != PACKAGE_NAME:
        raise ValueError(f"{package_dir} is not {PACKAGE_NAME} (found {package.get('name')!r})")
    raw_regions = _load(package_dir / "data" / "regions.json")
    raw_departments = _load(package_dir / "data" / "departements.json")

    regions = sorted(
        ({"code": r["code"], "name": r["nom"]} for r in raw_regions if r["zone"] in KEPT_ZONES),
        key=lambda r: r["code"],
    )
    departments = sorted(
        (
            {"code": d["code"], "name": d["nom"], "region": d["region"]}
            for d in raw_departments
            if d["zone"] in KEPT_ZONES
        ),
        key=lambda d: d["code"],
    )

    region_codes = {r["code"] for r in regions}
    department_codes = {d["code"] for d in departments}
    errors = []
    if len(regions) != EXPECTED_REGIONS or len(region_codes) != len(regions):
        errors.append(f"expected {EXPECTED_REGIONS} unique régions, got {len(regions)}")
    if len(departments) != EXPECTED_DEPARTMENTS or len(department_codes) != len(departments):
        errors.append(
            f"expected {EXPECTED_DEPARTMENTS} unique départements, got {len(departments)}"
        )
    orphans = sorted(d["code"] for d in departments if d["region"] not in region_codes)
    if orphans:
        errors.append(f"départements with an unknown région: {', '.join(orphans)}")
    empty = sorted(region_codes - {d["region"] for d in departments})
    if empty:
        errors.append(f"régions without any département: {', '.join(empty)}")
    if errors:
        raise ValueError("; ".join(errors))

    return {
        "source": f"{package['name']}@{package['version']}",
        "regions": regions,
        "departments": departments,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "package_dir",
        type=Path,
        help="directory of the untarred npm package (the one containing package.json and data/)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"JSON file to write (default: {DEFAULT_OUTPUT})",
    )
    args = parser.parse_args(argv)

    try:
        payload = build(args.package_dir)
    except (OSError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(
        f"{args.output}: {len(payload['regions'])} régions, "
        f"{len(payload['departments'])} départements from {payload['source']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
