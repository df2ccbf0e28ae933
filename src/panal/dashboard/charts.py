"""Charts drawn on the server as SVG: no JavaScript, no CDN. Every bar and bubble links to the rows behind it, and
each chart carries a title and description for screen readers (the same numbers are also in a table)."""

import functools
import json
import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from panal.core.money import format_clp
from panal.data import DATA_DIR

BAR_HEIGHT, GAP, LABEL_W, WIDTH = 22, 8, 250, 720


def bar_chart(rows: list[dict], *, chart_id: str, title: str, href) -> str:
    """Horizontal bars: awarded (light) with executed over it (dark); `href(row)` gives each bar's link."""
    if not rows:
        return ""
    top = max(max(r["awarded_clp"], r["disbursed_clp"]) for r in rows) or 1
    span = WIDTH - LABEL_W - 130
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="chart" id="{chart_id}" role="group" aria-labelledby="{chart_id}-t" '
        f'aria-describedby="{chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Barras horizontales: monto adjudicado (claro) y ejecutado (oscuro) por '
        f"{escape(title.lower())}. Los mismos datos están en la tabla siguiente.</desc>",
    ]
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        awarded = max(1, round(span * row["awarded_clp"] / top)) if row["awarded_clp"] else 0
        executed = round(span * row["disbursed_clp"] / top)
        label = str(row["label"])
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            format_html(
                '<a href="{}"><title>{}: adjudicado {}, ejecutado {}</title>'
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar-awarded"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar-executed"/>'
                '<text x="{}" y="{}" class="chart-value">{}</text></a>',
                href(row),
                label,
                format_clp(row["awarded_clp"]),
                format_clp(row["disbursed_clp"]),
                LABEL_W - 8,
                y + BAR_HEIGHT * 0.7,
                short,
                LABEL_W,
                y,
                awarded,
                BAR_HEIGHT,
                LABEL_W,
                y + 5,
                executed,
                BAR_HEIGHT - 10,
                LABEL_W + awarded + 6,
                y + BAR_HEIGHT * 0.7,
                format_clp(row["awarded_clp"]),
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above went through escape/format_html)


def bubble_map(bubbles: list[dict], *, chart_id: str, title: str, href, width: int = 640) -> str:
    """Commune seats placed by longitude/latitude (equirectangular, scaled by the region's mid latitude); each
    bubble's area is proportional to the amount awarded."""
    if not bubbles:
        return ""
    lats = [b["latitude"] for b in bubbles]
    lons = [b["longitude"] for b in bubbles]
    pad = 40
    mid = math.cos(math.radians(sum(lats) / len(lats)))
    x_span = (max(lons) - min(lons)) * mid or 1
    y_span = (max(lats) - min(lats)) or 1
    scale = (width - 2 * pad) / x_span
    height = round(y_span * scale + 2 * pad)
    top = max(b["awarded_clp"] for b in bubbles) or 1
    parts = [
        f'<svg class="chart map" id="{chart_id}" role="group" aria-labelledby="{chart_id}-t" '
        f'aria-describedby="{chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Una burbuja por comuna, ubicada en su cabecera comunal; el área es proporcional '
        "al monto adjudicado. Los montos por comuna están en la tabla «Comuna».</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" class="map-bg"/>',
    ]
    for b in sorted(bubbles, key=lambda b: -b["awarded_clp"]):  # small bubbles drawn last stay clickable
        x = pad + (b["longitude"] - min(lons)) * mid * scale
        y = pad + (max(lats) - b["latitude"]) * scale
        r = 2 + 26 * math.sqrt(b["awarded_clp"] / top)
        parts.append(
            format_html(
                '<a href="{}"><title>{}: adjudicado {}, ejecutado {}, {} proyectos</title>'
                '<circle cx="{}" cy="{}" r="{}" class="{}"/></a>',
                href(b),
                b["name"],
                format_clp(b["awarded_clp"]),
                format_clp(b["disbursed_clp"]),
                b["projects"],
                f"{x:.1f}",
                f"{y:.1f}",
                f"{r:.1f}",
                "bubble" if b["awarded_clp"] else "bubble-empty",
            )
        )
    for b in sorted(bubbles, key=lambda b: -b["awarded_clp"])[:8]:
        x = pad + (b["longitude"] - min(lons)) * mid * scale
        y = pad + (max(lats) - b["latitude"]) * scale
        parts.append(
            format_html('<text x="{}" y="{}" class="map-label">{}</text>', f"{x + 6:.1f}", f"{y - 6:.1f}", b["name"])
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


SHADES = ["#dbe8f4", "#a9c6e2", "#6f9fcb", "#3a73a8", "#163f66"]  # light to dark; text on the legend stays dark


@functools.cache
def commune_shapes(region: str) -> dict:
    """`{"06101": [[[lon, lat], ...], ...]}`: the region's communes, simplified once (data/limites/SOURCE.txt)."""
    path = DATA_DIR / "limites" / f"comunas-{region}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _classes(amounts: list[int]) -> list[int]:
    """Upper bounds of up to five classes of the non-zero amounts (quantiles, so each colour holds some communes)."""
    values = sorted(a for a in amounts if a)
    if not values:
        return []
    bounds = sorted({values[min(len(values) - 1, math.ceil(len(values) * q / 5) - 1)] for q in range(1, 6)})
    return bounds


def choropleth(rows: list[dict], *, region: str, chart_id: str, title: str, href, width: int = 640) -> str:
    """Each commune drawn with its boundary, coloured by the amount awarded (five classes and "sin proyectos"),
    linking to `href(row)`; a legend says what each colour means. `rows`: code, name, awarded_clp, disbursed_clp,
    projects. Empty when the region's boundaries are not shipped."""
    shapes = commune_shapes(region)
    by_code = {r["code"]: r for r in rows}
    drawn = [(code, rings) for code, rings in shapes.items() if code in by_code]
    if not drawn:
        return ""
    points = [p for _, rings in drawn for ring in rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    mid = math.cos(math.radians((north + south) / 2))
    pad, legend_h = 10, 30
    scale = (width - 2 * pad) / ((east - west) * mid)
    height = round((north - south) * scale + 2 * pad)
    bounds = _classes([r["awarded_clp"] for r in rows])

    def shade(amount: int) -> str:
        if not amount:
            return "#ffffff"
        return SHADES[next(i for i, b in enumerate(bounds) if amount <= b) + (len(SHADES) - len(bounds))]

    def path(rings) -> str:
        return " ".join(
            "M"
            + "L".join(f"{pad + (x - west) * mid * scale:.1f},{pad + (north - y) * scale:.1f}" for x, y in ring)
            + "Z"
            for ring in rings
        )

    parts = [
        f'<svg class="chart map" id="{chart_id}" role="group" aria-labelledby="{chart_id}-t" '
        f'aria-describedby="{chart_id}-d" viewBox="0 0 {width} {height + legend_h * 2}" width="100%" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Cada comuna con su límite, más oscura cuanto mayor el monto adjudicado. Los montos '
        "por comuna están en la tabla «Comuna».</desc>",
    ]
    for code, rings in drawn:
        row = by_code[code]
        parts.append(
            format_html(
                '<a href="{}"><title>{}: adjudicado {}, ejecutado {}, {} proyectos</title>'
                '<path d="{}" fill="{}" class="commune"/></a>',
                href(row),
                row["name"],
                format_clp(row["awarded_clp"]),
                format_clp(row["disbursed_clp"]),
                row["projects"],
                path(rings),
                shade(row["awarded_clp"]),
            )
        )
    labels = [("#ffffff", "sin proyectos")]
    lower = 0
    for i, bound in enumerate(bounds):
        labels.append(
            (
                SHADES[i + len(SHADES) - len(bounds)],
                f"hasta {format_clp(bound)}" if lower == 0 else f"{format_clp(lower + 1)} a {format_clp(bound)}",
            )
        )
        lower = bound
    x, y = pad, height + 8
    for colour, label in labels:
        item = 18 + 7 * len(label) + 16
        if x + item > width:  # the legend wraps to a new line
            x, y = pad, y + 22
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}" class="legend-swatch"/>'
                '<text x="{}" y="{}" class="map-label">{}</text>',
                x,
                y,
                colour,
                x + 18,
                y + 12,
                label,
            )
        )
        x += item
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every value above is escaped by format_html)
