"""Accuracy of generic article extractors (ours, GNE, trafilatura, combined) on Chinese pages.

Two page sets: the demo site's own article pages (fetched over HTTP from an in-process DemoSite when
demo.server exists) and the demo articles re-rendered in templates modelled on real portals
(bench/realistic_pages.py). Per extractor and field it prints the share of pages done right:
title exact, date exact (to the minute), body (>= 98% of the true paragraphs recovered),
boilerplate kept out (no navigation/related/copyright strings in the body), author exact.

    .venv/bin/python bench/extraction_accuracy.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from realistic_pages import BOILERPLATE, TEMPLATES  # noqa: E402

from crawler.dates import parse_date  # noqa: E402
from crawler.encoding import decode_html  # noqa: E402
from crawler.extract.generic import clean_text, extract_generic  # noqa: E402


def ours(html: str, now):
    r = extract_generic(html, now=now)
    return {"title": r.title, "body": r.body, "date": r.published_at, "author": r.author}


def gne(html: str, now):
    from gne import GeneralNewsExtractor

    try:
        r = GeneralNewsExtractor().extract(html)
    except Exception:
        return {"title": None, "body": None, "date": None, "author": None}
    return {"title": r.get("title"), "body": r.get("content"), "date": parse_date(r.get("publish_time"), now),
            "author": r.get("author") or None}


def trafilatura_(html: str, now):
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      date_extraction_params={"extensive_search": True, "original_date": True,
                                                              "outputformat": "%Y-%m-%d %H:%M:%S"})
    if not doc:
        return {"title": None, "body": None, "date": None, "author": None}
    doc = doc.as_dict()
    return {"title": doc.get("title"), "body": doc.get("text"), "date": parse_date(doc.get("date"), now),
            "author": doc.get("author")}


def combined(html: str, now):
    """Ours, with GNE filling any field ours left empty."""
    r = ours(html, now)
    if not all(r.values()):
        g = gne(html, now)
        for key, value in r.items():
            if not value and key != "author":
                r[key] = g[key]
    return r


EXTRACTORS = {"ours": ours, "gne": gne, "trafilatura": trafilatura_, "ours+gne": combined}


def score(result: dict, truth: dict) -> dict:
    """1/0 per field (None where the field does not apply)."""
    body = result.get("body") or ""
    lines = set(clean_text(x) for x in body.splitlines())
    flat = clean_text(body)
    truth_paragraphs = [clean_text(p) for p in truth["body"].split("\n") if p.strip()]
    found = sum(1 for p in truth_paragraphs if p in lines or p in flat)
    published = datetime.fromisoformat(truth["published_at"])
    date = result.get("date")
    return {
        "title": int(clean_text(result.get("title")) == clean_text(truth["title"])),
        "date": int(date is not None and abs((date - published).total_seconds()) < 60),
        "body": int(found >= 0.98 * len(truth_paragraphs)),
        "boilerplate": int(bool(body) and not any(b in body for b in BOILERPLATE)),
        "author": (int(clean_text(result.get("author")) == truth["author"]) if truth.get("author") else None),
    }


def demo_cases(limit: int):
    """(set name, html, truth, now) for demo pages served over HTTP."""
    try:
        from demo.corpus import REFERENCE_NOW, truth
        from demo.server import DemoSite
    except ImportError as exc:
        print(f"(demo site not available: {exc})")
        return []
    site = DemoSite(host="127.0.0.1", port=0, slow_seconds=0.1).start()
    cases = []
    try:
        for record in [t for t in truth() if t["reachable"] and not t.get("duplicate_of")][:limit]:
            with urllib.request.urlopen(site.base_url + record["path"], timeout=10) as resp:
                body, ctype = resp.read(), resp.headers.get("Content-Type")
            cases.append((f"demo-{record['portal']}", decode_html(body, ctype), record, REFERENCE_NOW))
    finally:
        site.stop()
    return cases


def realistic_cases(limit: int):
    """(set name, html, truth, now) for demo articles rendered in real-portal templates."""
    try:
        from demo.corpus import truth
        records = [t for t in truth() if t["reachable"] and not t.get("duplicate_of")][:limit]
    except ImportError:
        records = []
    cases = []
    for record in records:
        article = {"title": record["title"], "paragraphs": record["body"].split("\n"),
                   "time": datetime.fromisoformat(record["published_at"]), "author": record.get("author")}
        for name, template in TEMPLATES.items():
            raw, _ = template(article)
            truth_record = dict(record)
            if name in ("sina", "gov-gbk", "xinhua"):
                truth_record["author"] = None  # these templates carry no byline
            cases.append((f"real-{name}", decode_html(raw), truth_record, None))
    return cases


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000, help="articles per set")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append")
    args = parser.parse_args(argv)
    cases = demo_cases(args.limit) + realistic_cases(args.limit)
    if not cases:
        print("no pages to measure")
        return 1
    fields = ["title", "date", "body", "boilerplate", "author"]
    print(f"{len(cases)} pages")
    for name in args.only or EXTRACTORS:
        extractor = EXTRACTORS[name]
        totals: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        started = time.process_time()
        for set_name, html, truth_record, now in cases:
            s = score(extractor(html, now), truth_record)
            for group in (set_name, "demo" if set_name.startswith("demo") else "realistic", "all"):
                for f in fields:
                    if s[f] is not None:
                        totals[group][f].append(s[f])
        cpu_ms = (time.process_time() - started) * 1000 / len(cases)
        print(f"\n== {name}  ({cpu_ms:.1f} ms CPU per page)")
        print(f"{'set':<22}" + "".join(f"{f:>13}" for f in fields) + f"{'pages':>8}")
        for group in sorted(totals, key=lambda g: (g not in ("all", "demo", "realistic"), g)):
            row = totals[group]
            cells = "".join(f"{sum(row[f]) / len(row[f]):>13.3f}" if row[f] else f"{'-':>13}" for f in fields)
            print(f"{group:<22}{cells}{len(row['title']):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
