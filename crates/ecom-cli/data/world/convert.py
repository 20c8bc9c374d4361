"""Writes countries.txt, the world outlines under `ecom`'s geographic site maps.

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), as shipped
in the geopandas 0.14.4 wheel on PyPI (geopandas/datasets/naturalearth_lowres/). Made with
Natural Earth.

    python3 -m venv venv && . venv/bin/activate && pip install pyshp
    pip download --no-deps geopandas==0.14.4 -d dl
    python3 -m zipfile -e dl/geopandas-0.14.4-py3-none-any.whl dl/x
    python3 convert.py dl/x/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Only outer rings are kept: the single hole in the data (Lesotho inside South Africa) is a
country of its own, so filling it as land is right. Coordinates are rounded to 0.01 degree
(about 1 km, far below the 1:110m detail); points that become repeats after rounding are
dropped, as are rings left with fewer than three points.
"""

import hashlib
import sys
from pathlib import Path

import shapefile  # pyshp


def fmt(v):
    v = min(max(round(v, 2), -180.0), 180.0)
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def signed_area(points):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:])) / 2


def rings(shape):
    bounds = list(shape.parts) + [len(shape.points)]
    for a, b in zip(bounds, bounds[1:]):
        points = shape.points[a:b]
        # Shapefile outer rings run clockwise (negative area); holes counter-clockwise.
        if signed_area(points) > 0:
            continue
        out = []
        for lon, lat in points:
            p = (fmt(lon), fmt(max(min(lat, 90.0), -90.0)))
            if not out or out[-1] != p:
                out.append(p)
        if len(out) > 1 and out[0] == out[-1]:
            out.pop()
        if len(out) >= 3:
            yield out


def main(shp):
    digest = hashlib.sha256(Path(shp).read_bytes()).hexdigest()
    reader = shapefile.Reader(shp)
    lines = [
        "# Natural Earth 1:110m admin-0 countries (public domain). Made with Natural Earth.",
        f"# From geopandas 0.14.4 naturalearth_lowres.shp (sha256 {digest}) by convert.py.",
        "# 'C <ISO A3> <name>' starts a country; each line after it is one outer ring:",
        "# lon,lat pairs in degrees (0.01 precision), the last point joining the first.",
    ]
    countries = 0
    for sr in reader.iterShapeRecords():
        lines.append(f"C {sr.record['iso_a3']} {sr.record['name']}")
        countries += 1
        for ring in rings(sr.shape):
            lines.append(" ".join(f"{lon},{lat}" for lon, lat in ring))
    out = Path(__file__).with_name("countries.txt")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {countries} countries, {len(lines) - 4 - countries} rings, "
          f"{out.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
