"""A small static map for situation reports: event places over Natural Earth country outlines, as SVG.

No network and no script: the outlines are the dashboard's vendored world-atlas TopoJSON
(Natural Earth 1:110m, public domain; ``polemos/web/static/vendor/world-atlas``), decoded here
and drawn in a plain equirectangular projection cropped to the places, padded. Every text in
the SVG (place names) is escaped, so the image can be inlined in the HTML report (its CSP
forbids scripts) and written beside the Markdown report as ``report-map.svg``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

WIDTH = 640
MIN_SPAN = 8.0  # degrees: a single town still shows its country around it
PAD = 0.25  # of the span, on each side


@dataclass(frozen=True)
class Point:
    name: str
    lat: float
    lon: float
    events: int


@cache
def _outlines() -> tuple[tuple[tuple[tuple[float, float], ...], ...], ...]:
    """Each country as rings of (lon, lat), decoded from the TopoJSON's delta-encoded arcs."""
    path = resources.files("polemos.web") / "static" / "vendor" / "world-atlas" / "countries-110m.json"
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> tuple[tuple[float, float], ...]:
        out: list[tuple[float, float]] = []
        for i in indexes:  # a negative index is the arc ~i, reversed
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)
        return tuple(out)

    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        countries.append(tuple(ring(r) for polygon in polygons for r in polygon))
    return tuple(countries)


def _frame(points: list[Point]) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the points, at least MIN_SPAN wide, padded."""
    west, east = min(p.lon for p in points), max(p.lon for p in points)
    south, north = min(p.lat for p in points), max(p.lat for p in points)
    span = max(east - west, north - south, MIN_SPAN)
    cx, cy = (west + east) / 2, (south + north) / 2
    half = span * (0.5 + PAD)
    return cx - half, max(cy - half, -90.0), cx + half, min(cy + half, 90.0)


def event_map(points: list[Point], *, title: str = "Places of events") -> str | None:
    """An SVG document of the points (circle area ∝ events), or None when no place has coordinates."""
    points = [p for p in points if p.lat is not None and p.lon is not None]
    if not points:
        return None
    west, south, east, north = _frame(points)
    scale = WIDTH / (east - west)
    height = round((north - south) * scale)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * scale:.1f},{(north - lat) * scale:.1f}"

    paths = []
    for rings in _outlines():
        inside = any(west - 30 < lon < east + 30 and south - 30 < lat < north + 30 for r in rings for lon, lat in r)
        if inside:  # countries far away are left out: a smaller file, same picture
            paths.append("".join("M" + "L".join(xy(lon, lat) for lon, lat in r) + "Z" for r in rings if r))
    most = max(p.events for p in points)
    circles = []
    for p in sorted(points, key=lambda p: -p.events):
        radius = 3 + 9 * (p.events / most) ** 0.5
        x, y = xy(p.lon, p.lat).split(",")
        circles.append(f'<circle cx="{x}" cy="{y}" r="{radius:.1f}"><title>{escape(p.name)}: {p.events} '
                       f'event{"s" if p.events != 1 else ""}</title></circle>')
    labels = [f'<text x="{float(xy(p.lon, p.lat).split(",")[0]) + 6:.1f}" '
              f'y="{float(xy(p.lon, p.lat).split(",")[1]) - 6:.1f}">{escape(p.name)}</text>'
              for p in sorted(points, key=lambda p: -p.events)[:8]]
    return "\n".join([
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
         f'height="{height}" role="img" aria-label="{escape(title)}">'),
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="#eaf2f8"/>',
        '<g fill="#f4f1ea" stroke="#9a9a9a" stroke-width="0.6" fill-rule="evenodd">',
        *(f'<path d="{d}"/>' for d in paths),
        "</g>",
        '<g fill="#c0392b" fill-opacity="0.7" stroke="#7b241c" stroke-width="0.8">', *circles, "</g>",
        '<g font-family="system-ui,sans-serif" font-size="11" fill="#222">', *labels, "</g>",
        (f'<text x="{WIDTH - 6}" y="{height - 6}" text-anchor="end" font-family="system-ui,sans-serif" '
         'font-size="9" fill="#666">Outlines: Natural Earth 1:110m</text>'),
        "</svg>",
    ]) + "\n"
