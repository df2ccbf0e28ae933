"""Server-side SVG: for one indicator, the mean of funded and comparison firms before and after the call, each with
its 95% interval as a whisker. No JavaScript; a title and description for screen readers, and the same numbers
are in the table next to it. Suppressed cells (fewer than 5 firms) are not drawn."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 640, 240, 70, 20, 40
COLORS = {"financiadas": "dot-funded", "comparacion": "dot-control"}


def _fmt(value: float) -> str:
    text = f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text.removesuffix(",0")


def means_chart(cells: dict, *, chart_id: str, title: str) -> str:
    shown = [c for c in cells.values() if not c["suppressed"]]
    if not shown:
        return ""
    low = min(c["ci_low"] for c in shown)
    high = max(c["ci_high"] for c in shown)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + plot_h * (high - value) / (high - low), 1)

    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Promedio antes y después de la convocatoria, empresas financiadas (círculos) y de '
        f"comparación (cuadrados), con su intervalo de 95%. Los mismos datos están en la tabla siguiente.</desc>",
    ]
    for tick in (low + pad, (low + high) / 2, high - pad):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/><text x="{}" y="{}" text-anchor="end" '
                'class="chart-label">{}</text>',
                LEFT, WIDTH - 10, y(tick), y(tick), LEFT - 6, y(tick) + 4, _fmt(tick),
            )
        )  # fmt: skip
    span = (WIDTH - LEFT - 20) / 2
    for p_index, (period, label) in enumerate((("antes", "Antes"), ("despues", "Después"))):
        center = LEFT + span * (p_index + 0.5)
        parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                                 center, HEIGHT - 12, label))  # fmt: skip
        for g_index, group in enumerate(("financiadas", "comparacion")):
            cell = cells[f"{group}_{period}"]
            if cell["suppressed"]:
                continue
            x = round(center + (g_index - 0.5) * 60, 1)
            mean_y = y(cell["mean"])
            parts.append(
                format_html(
                    '<g class="{}"><title>{} {}: {} (intervalo {} a {}; {} empresas)</title>'
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" class="whisker"/>',
                    COLORS[group], "Financiadas" if group == "financiadas" else "Comparación", label.lower(),
                    _fmt(cell["mean"]), _fmt(cell["ci_low"]), _fmt(cell["ci_high"]), cell["n"],
                    x, x, y(cell["ci_low"]), y(cell["ci_high"]),
                )
            )  # fmt: skip
            if group == "financiadas":
                parts.append(format_html('<circle cx="{}" cy="{}" r="7"/></g>', x, mean_y))
            else:
                parts.append(format_html('<rect x="{}" y="{}" width="13" height="13"/></g>', x - 6.5, mean_y - 6.5))
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every value above went through format_html/escape
