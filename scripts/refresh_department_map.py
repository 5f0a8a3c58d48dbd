#!/usr/bin/env python3
"""Regenerate ``static/vendor/france-departements/`` (the département map's shapes) from the
official DSFR chart components.

The source is the npm package ``@gouvfr/dsfr-chart`` (DINUM, MIT licence), whose ``MapChart``
web component draws metropolitan France's 96 départements in one 1010 × 1010 frame and each
overseas département (971, 972, 973, 974, 976) in a frame of its own. Only those paths are
kept, keyed by INSEE code (``FR-2A`` → ``2A``), with each frame's viewBox, plus a frame around
Paris and its inner ring for a zoomed inset. Tremplin draws the map server-side from that file
(``reporting/map/geometry.py``): no Node.js, no JavaScript at run time.

Usage (stdlib only)::

    cd /tmp && npm pack @gouvfr/dsfr-chart@2.0.4
    mkdir -p dsfr-chart && tar xzf gouvfr-dsfr-chart-*.tgz -C dsfr-chart
    python3 /path/to/repo/scripts/refresh_department_map.py /tmp/dsfr-chart/package
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

PACKAGE_NAME = "@gouvfr/dsfr-chart"
DESTINATION = Path(__file__).resolve().parent.parent / "static" / "vendor" / "france-departements"
OVERSEAS = ("971", "972", "973", "974", "976")
#: Paris and its inner ring, drawn again larger: at the scale of France they are a few pixels.
PARIS_INSET = ("75", "92", "93", "94")
EXPECTED_DEPARTMENTS = 101

PATH = re.compile(r'class: "FR-(?P<code>[0-9AB]{2,3})",\s*(?:style: [^\n]*\n\s*)?d: "(?P<d>[^"]+)"')
FRAME = re.compile(
    r'viewBox: "(?P<box>[0-9. ]+)"\s*\}, [\w$]+ = \["stroke"\];\s*function [\w$]+\([^)]*\) \{\s*'
    r'return [\w$]+\(\), [\w$]+\("svg", [\w$]+, \[\s*[\w$]+\("g", \{[^}]*\}, \[\s*'
    r'[\w$]+\("path", \{\s*class: "FR-(?P<code>97[0-9])"'
)
TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def bounding_box(d: str) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of a path's points (end and control points: a box a little
    larger than the drawn shape at most, which is all an inset's frame needs)."""
    xs, ys = [], []
    x = y = start_x = start_y = 0.0
    command, numbers = None, []
    for token in TOKEN.findall(d) + ["Z"]:
        if token.isalpha():
            command, numbers = token, []
            if token in "Zz":
                x, y = start_x, start_y
            continue
        numbers.append(float(token))
        arity = ARITY[command.upper()]
        if len(numbers) < arity:
            continue
        relative = command.islower()
        upper = command.upper()
        if upper == "H":
            x = numbers[0] + (x if relative else 0)
        elif upper == "V":
            y = numbers[0] + (y if relative else 0)
        else:
            for i in range(0, arity - 1, 2) if upper != "A" else [5]:
                px = numbers[i] + (x if relative else 0)
                py = numbers[i + 1] + (y if relative else 0)
                xs.append(px)
                ys.append(py)
            x, y = xs[-1], ys[-1]
        xs.append(x)
        ys.append(y)
        if upper == "M":
            start_x, start_y = x, y
            command = "l" if relative else "L"
        numbers = []
    return min(xs), min(ys), max(xs), max(ys)


def build(package_dir: Path) -> dict:
    """The map payload from an untarred ``@gouvfr/dsfr-chart`` package."""
    package = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    if package.get("name") != PACKAGE_NAME:
        raise ValueError(f"{package_dir} is not {PACKAGE_NAME} (found {package.get('name')!r})")
    source = (package_dir / "dist" / "MapChart" / "MapChart.js").read_text(encoding="utf-8")
    paths = {}
    for match in PATH.finditer(source):
        paths.setdefault(match["code"], match["d"])
    frames = {match["code"]: match["box"] for match in FRAME.finditer(source)}
    if len(paths) != EXPECTED_DEPARTMENTS or set(frames) != set(OVERSEAS):
        raise ValueError(f"found {len(paths)} départements and frames {sorted(frames)}")
    boxes = [bounding_box(paths[code]) for code in PARIS_INSET]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    side = max(right - left, bottom - top) + 4
    return {
        "source": f"{PACKAGE_NAME} {package['version']} (MapChart), {package['license']} licence",
        "metropole": {
            "viewBox": "0 0 1010 1010",
            "paths": {code: d for code, d in sorted(paths.items()) if code not in OVERSEAS},
        },
        "paris": {
            "viewBox": f"{left - 2:.0f} {top - 2:.0f} {side:.0f} {side:.0f}",
            "codes": list(PARIS_INSET),
        },
        "overseas": {code: {"viewBox": frames[code], "d": paths[code]} for code in OVERSEAS},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path, help="the untarred npm package's directory")
    parser.add_argument("--output", type=Path, default=DESTINATION)
    args = parser.parse_args(argv)
    payload = build(args.package_dir)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "departements.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    shutil.copyfile(args.package_dir / "LICENSE", args.output / "LICENSE")
    print(
        f"{len(payload['metropole']['paths'])} + {len(payload['overseas'])} départements "
        f"written to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
