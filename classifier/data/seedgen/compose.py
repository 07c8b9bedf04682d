"""Assembling seed items from scenarios: headline, lead, full article, notice and self-media styles."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from classifier.data.seedgen import slots
from classifier.data.seedgen.variation import fillers, vary


@dataclass
class Scenario:
    """One kind of story with its label, slot logic and sentence templates."""

    name: str
    label: str
    titles: list[str]
    leads: list[str]
    details: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    fill: Callable[[random.Random, dict], None] | None = None
    weight: float = 1.0


def base_context(rng: random.Random, shanwei_share: float = 0.3) -> dict:
    """Slots every scenario may use."""
    y, m, d = slots.date(rng)
    ctx = slots.place(rng, shanwei_share)
    sur = slots.pick(rng, slots.SURNAMES)
    ctx.update(
        y=y, m=m, d=d, outlet=slots.pick(rng, slots.OUTLETS_PAPER), person=f"{sur}某",
        person2=f"{slots.pick(rng, slots.SURNAMES)}某某", sur=sur, brand=slots.pick(rng, slots.SHOP_WORDS),
        n=slots.count(rng, 3, 60), n_small=slots.count(rng, 2, 9), n_big=slots.count(rng, 30, 260),
        money=slots.money(rng), fine=f"{rng.randint(1, 50) * 1000}元", fine_w=f"{rng.randint(1, 80)}万元",
        dead=slots.count(rng, 1, 12), hurt=slots.count(rng, 1, 30), hour=rng.randint(0, 23),
        months=rng.randint(6, 60), years=rng.randint(1, 12), pct=f"{rng.randint(900, 999) / 10:g}%",
        batches=rng.randint(50, 5000), kg=rng.randint(20, 9000),
    )
    return ctx


class _Strict(dict):
    def __missing__(self, key):
        raise KeyError(f"template slot {{{key}}} has no value")


def fmt(template: str, ctx: dict) -> str:
    """Fill a template; a missing slot is a bug in the generator and raises."""
    return template.format_map(_Strict(ctx))


def make_item(sc: Scenario, rng: random.Random, shanwei_share: float = 0.3) -> tuple[str, str]:
    """One (title, text) from the scenario in a randomly chosen style."""
    ctx = base_context(rng, shanwei_share)
    if sc.fill:
        sc.fill(rng, ctx)
    title = vary(fmt(slots.pick(rng, sc.titles), ctx), rng)
    ctx["title"] = title
    if rng.random() < 0.08:  # picture markers as portals add them, on every label alike
        title += slots.pick(rng, ["(图)", "(组图)", "（图）", "【视频】"])
    lead = vary(fmt(slots.pick(rng, sc.leads), ctx), rng)
    style = rng.random()
    if style < 0.32:  # headline only, as in headline datasets
        return title, title
    if style < 0.52:  # headline and lead
        return title, lead
    if style < 0.62:  # an untitled sentence or two (event-extraction style)
        extra = fmt(slots.pick(rng, sc.details), ctx) if sc.details and rng.random() < 0.5 else ""
        return "", lead + extra
    parts = [lead]
    if sc.details:
        k = min(len(sc.details), rng.randint(1, 4))
        parts += [fmt(t, ctx) for t in rng.sample(sc.details, k)]
    if sc.ends and rng.random() < 0.8:
        parts.append(fmt(slots.pick(rng, sc.ends), ctx))
    # Real articles carry sentences about nothing in particular; scatter some after the lead.
    for filler in fillers(rng, rng.choice((0, 1, 1, 2, 3))):
        parts.insert(rng.randint(1, len(parts)), fmt(filler, ctx))
    body = vary("".join(parts), rng, 0.3)
    r = rng.random()
    if r < 0.3:
        body = f"{ctx['outlet']}{ctx['y']}年{ctx['m']}月{ctx['d']}日电 " + body
    elif r < 0.45:
        body = f"{ctx['y']}-{ctx['m']:02d}-{ctx['d']:02d} 来源：{ctx['outlet']} " + body
    elif r < 0.55:
        body = body + f"（记者 {ctx['sur']}晓{slots.pick(rng, '明华军燕丽伟强娟')} 通讯员 {slots.pick(rng, slots.SURNAMES)}宣）"
    return title, body
