"""Charts drawn on the server as SVG: no JavaScript, no CDN. Every bar and bubble links to the rows behind it, and
each chart carries a title and description for screen readers (the same numbers are also in a table)."""

import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from panal.core.money import format_clp

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
