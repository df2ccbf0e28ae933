"""Run once to make comunas-06.json from the full-resolution boundaries (see SOURCE.txt):

    python src/panal/data/limites/simplify.py /work/shared/data/limites/comunas-06.geojson

Douglas-Peucker on each ring (tolerance 0.002°, about 200 m), coordinates rounded to 4 decimals (about 10 m)."""

import json
import sys
from pathlib import Path

TOLERANCE = 0.002


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = None, tolerance
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > farthest:
                index, farthest = i, d
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def main(source: str) -> None:
    data = json.loads(Path(source).read_text())
    communes = {}
    for feature in data["features"]:
        code = f"{feature['properties']['cod_comuna']:05d}"
        rings = []
        for ring in feature["geometry"]["coordinates"]:
            small = [[round(x, 4), round(y, 4)] for x, y in simplify(ring, TOLERANCE)]
            if len(small) >= 4:
                rings.append(small)
        communes[code] = rings
    out = Path(__file__).with_name("comunas-06.json")
    out.write_text(json.dumps(communes, separators=(",", ":")))
    print(f"{len(communes)} comunas, {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1])
