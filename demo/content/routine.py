"""Deterministic generation of routine local news from the topic templates."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from demo.content.places import DISTRICTS, RESIDENT_SURNAMES, RESIDENT_TITLES
from demo.content.routine_topics import (
    ARTS, COASTAL_ONLY, CROPS, DISTRICT_CONTEXT, GOV_TOPICS, RIVERS, ROADS, STATEMENTS, STORIES, VILLAGES,
)

SEED = 20250420
PORTAL_COUNTS = {"daily": 62, "gov": 26, "news": 30}
START = datetime(2025, 3, 20, 7, 0)
SPAN_DAYS = 31  # until 2025-04-19 22:50, before the reference time


def _slots(rng: random.Random, district: str) -> dict[str, str]:
    towns = DISTRICTS[district]
    town, town2 = rng.sample(towns, 2)
    surname = rng.choice(RESIDENT_SURNAMES)
    return {
        "d": district,
        "t": town,
        "t2": town2,
        "v": rng.choice(VILLAGES),
        "n1": str(rng.choice([12, 18, 24, 35, 46, 60, 85, 120, 300, 1500])),
        "n2": str(rng.choice([8, 15, 20, 26, 32, 40, 58, 66])),
        "n3": str(rng.choice([30, 45, 68, 80, 95, 1200, 3600, 5800])),
        "who": surname + rng.choice(RESIDENT_TITLES),
        "who_short": rng.choice(RESIDENT_SURNAMES),
        "crop": rng.choice(CROPS[district]),
        "art": rng.choice(ARTS),
        "road": rng.choice(ROADS[district]),
        "river": rng.choice(RIVERS[district]),
    }


def _compose(rng: random.Random, story: dict, slots: dict[str, str]) -> tuple[str, list[str]]:
    bodies = list(story["bodies"])
    rng.shuffle(bodies)
    paragraphs = [rng.choice(story["leads"]), *bodies[:2], rng.choice(story["quotes"]), bodies[2]]
    paragraphs.insert(rng.choice([-1, -2]), DISTRICT_CONTEXT[slots["d"]])
    paragraphs.insert(-1, rng.choice(STATEMENTS))
    paragraphs.append(rng.choice(story["closings"]))
    return rng.choice(story["titles"]).format(**slots), [p.format(**slots) for p in paragraphs]


def routine_articles() -> list[dict]:
    """Routine news items: portal, published (naive Beijing time), district, title, paragraphs."""
    rng = random.Random(SEED)
    districts = list(DISTRICTS)
    items: list[dict] = []
    seen_titles: set[str] = set()
    for portal, count in PORTAL_COUNTS.items():
        stories = [s for s in STORIES if portal != "gov" or s["topic"] in GOV_TOPICS]
        made = 0
        while made < count:
            story = stories[(made + len(items)) % len(stories)]
            district = districts[rng.randrange(len(districts))]
            if story.get("tag") in COASTAL_ONLY and district == "陆河县":
                district = "陆丰市"
            slots = _slots(rng, district)
            # Newsrooms publish between 07:00 and 22:50.
            published = START + timedelta(days=rng.randrange(SPAN_DAYS), hours=rng.randrange(16),
                                          minutes=rng.randrange(6) * 10)
            slots["md"] = f"{published.month}月{published.day}日"
            title, paragraphs = _compose(rng, story, slots)
            if title in seen_titles:
                continue
            seen_titles.add(title)
            items.append({"portal": portal, "published": published, "district": district, "title": title,
                          "paragraphs": paragraphs, "topic": story["topic"]})
            made += 1
    return items
