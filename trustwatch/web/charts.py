"""Small server-side SVG charts (no JavaScript, no CDN); every label is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from trustwatch.web.textsafe import clip

PALETTE = {"food": "#e07a2f", "medical": "#2f7ee0", "safety": "#c7423b"}
SERIES_COLORS = ("#3b82c4", "#e0a030", "#e06a3b", "#b03a3a", "#6a9f4b")


def _svg(width: int, height: int, body: str, title: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"{body}</svg>"
    )


def daily_columns(days: list, series: dict[str, list[int]], names: dict[str, str], title: str,
                  width: int = 1200, height: int = 240) -> Markup:
    """Stacked columns, one per day, one colour per series, with a legend."""
    left, right, top, bottom = 40, 16, 30, 24
    totals = [sum(v[i] for v in series.values()) for i in range(len(days))]
    peak = max(totals + [1])
    slot = (width - left - right) / max(len(days), 1)
    ys = lambda v: (height - top - bottom) * v / peak  # noqa: E731
    parts = []
    for frac in (0, 0.5, 1):
        y = height - bottom - ys(peak * frac)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{peak * frac:g}</text>')
    for i, day in enumerate(days):
        x = left + i * slot
        base = height - bottom
        for key, values in series.items():
            h = ys(values[i])
            if h > 0:
                parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" '
                             f'height="{h:.1f}" fill="{PALETTE.get(key, "#555")}"><title>{escape(day.isoformat())} '
                             f'{escape(names.get(key, key))} {values[i]}</title></rect>')
                base -= h
        if i % max(len(days) // 10, 1) == 0 or i == len(days) - 1:
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - 6}" class="axis" text-anchor="middle">'
                         f'{escape(day.strftime("%m-%d"))}</text>')
    lx = left
    for key, values in series.items():
        parts.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{PALETTE.get(key, "#555")}" rx="2"/>'
                     f'<text x="{lx + 17}" y="17" class="legend">{escape(names.get(key, key))}（{sum(values)}）</text>')
        lx += 120
    return _svg(width, height, "".join(parts), title)


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 560, color: str = "#3b82c4") -> Markup:
    """Horizontal bars, one per (label, value)."""
    row, left, top = 26, 170, 6
    height = top * 2 + row * max(len(items), 1)
    peak = max([v for _, v in items] + [1])
    parts = []
    if not items:
        parts.append(f'<text x="{width / 2}" y="{height / 2 + 4}" class="axis" text-anchor="middle">暂无数据</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = (width - left - 40) * value / peak
        parts.append(f'<text x="{left - 8}" y="{y + 15}" class="label" text-anchor="end">{escape(clip(label, 13))}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{color}" rx="3"/>'
                     f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="value">{int(value)}</text>')
    return _svg(width, height, "".join(parts), title)


def stacked_bars(rows: list[tuple[str, list[int]]], buckets: list[str], title: str, width: int = 1200) -> Markup:
    """Horizontal stacked bars: one row per label, one segment per bucket, with a legend."""
    row, left, top = 26, 240, 28
    height = top + 8 + row * max(len(rows), 1)
    peak = max([sum(v) for _, v in rows] + [1])
    parts = []
    for j, name in enumerate(buckets):
        color = SERIES_COLORS[j % len(SERIES_COLORS)]
        parts.append(f'<rect x="{left + j * 80}" y="6" width="10" height="10" fill="{color}" rx="2"/>'
                     f'<text x="{left + j * 80 + 14}" y="15" class="legend">{escape(name)}</text>')
    if not rows:
        parts.append(f'<text x="{width / 2}" y="{top + 16}" class="axis" text-anchor="middle">暂无未办结预警</text>')
    for i, (label, values) in enumerate(rows):
        y = top + i * row
        x = left
        parts.append(f'<text x="{left - 8}" y="{y + 15}" class="label" text-anchor="end">{escape(clip(label, 18))}</text>')
        for j, v in enumerate(values):
            w = (width - left - 40) * v / peak
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                             f'fill="{SERIES_COLORS[j % len(SERIES_COLORS)]}"/>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="value">{sum(values)}</text>')
    return _svg(width, height, "".join(parts), title)


def sparkline(values: list[int], width: int = 120, height: int = 28) -> Markup:
    """A tiny bar sparkline (items per crawl run)."""
    if not values:
        return Markup('<span class="muted">—</span>')
    peak = max(values + [1])
    bw = width / len(values)
    bars = "".join(
        f'<rect x="{i * bw:.1f}" y="{height - (height - 2) * v / peak:.1f}" width="{max(bw - 1, 1):.1f}" '
        f'height="{(height - 2) * v / peak:.1f}" fill="#3b82c4"/>' for i, v in enumerate(values))
    return _svg(width, height, bars, "每次抓取的文章数")


def timeline(lanes: list[tuple[str, list]], title: str = "报道时间线", width: int = 720) -> Markup:
    """One lane per source, one dot per article at its time (datetimes, any timezone)."""
    row, left, right, top = 26, 120, 16, 10
    stamps = [t for _, ts in lanes for t in ts if t is not None]
    height = top + 22 + row * max(len(lanes), 1)
    if not stamps:
        return _svg(width, height, '<text x="10" y="20" class="axis">暂无时间信息</text>', title)
    lo, hi = min(stamps), max(stamps)
    span = max((hi - lo).total_seconds(), 1.0)
    xs = lambda t: left + (width - left - right) * (t - lo).total_seconds() / span  # noqa: E731
    parts = []
    for i, (name, ts) in enumerate(lanes):
        y = top + i * row + row / 2
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" class="label" text-anchor="end">{escape(clip(name, 10))}</text>'
                     f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        for t in ts:
            if t is not None:
                parts.append(f'<circle cx="{xs(t):.1f}" cy="{y:.1f}" r="5" fill="{color}"/>')
    base = top + row * len(lanes) + 14
    parts.append(f'<text x="{left}" y="{base}" class="axis">{escape(lo.strftime("%m-%d %H:%M"))}</text>'
                 f'<text x="{width - right}" y="{base}" class="axis" text-anchor="end">{escape(hi.strftime("%m-%d %H:%M"))}</text>')
    return _svg(width, height, "".join(parts), title)
