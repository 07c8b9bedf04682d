"""Accuracy of article extractors (ours and well-kept libraries) on real and written Chinese pages.

Five blocks, every extractor in the same run, each page decoded from its raw bytes by the crawler's
own decoder (crawler.encoding.decode_html), exactly as a crawl does:

1. real pages: ../shared/data/pages (pages saved by public repositories, with truth.jsonl); skipped
   with a note when that folder is absent. Figures: title exact, publication day in Asia/Shanghai,
   share of the must-have body strings found, share of the boilerplate strings kept out.
2. own pages: tests/pages/extraction (pages the team wrote, one or more per failure class), scored
   the same way.
3. demo: the demo site's article pages over HTTP and the demo articles in the portal templates of
   bench/realistic_pages.py: title exact, time exact to the minute, >= 98% of the paragraphs,
   boilerplate kept out, author exact.
4. list pages: the selector-free link extractor (crawler.extract.links: article links and the next
   page, as kind `list` uses it without selectors) on the list pages the team wrote (tests/pages/lists)
   and on the demo portals' list pages, against what their configured selectors pick: precision,
   recall, next page right (the real-page set has no list pages).
5. body fallbacks: each library body candidate of crawler.extract.article alone, and orders of them,
   on the pages of blocks 1 and 2 (what a page gets when the heuristics find no body).

Per-page failures of blocks 1 and 2 are printed for every extractor.

    .venv/bin/python bench/extraction_accuracy.py [--pages DIR] [--only NAME] [--no-demo]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from realistic_pages import BOILERPLATE, TEMPLATES  # noqa: E402

from crawler.dates import SHANGHAI, parse_date  # noqa: E402
from crawler.encoding import decode_html  # noqa: E402
from crawler.extract import extract_article  # noqa: E402
from crawler.extract.generic import clean_text  # noqa: E402

REAL_PAGES = ROOT.parent / "shared" / "data" / "pages"
OWN_PAGES = ROOT / "tests" / "pages" / "extraction"
EMPTY = {"title": None, "body": None, "date": None, "author": None}
_BLOCKS = {"p", "div", "section", "article", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "pre", "br", "table", "ul", "ol", "dd", "dt"}


@dataclass
class Case:
    """One page to score: its block, name, decoded text, truth, reference time and URL."""

    block: str
    name: str
    html: str
    truth: dict
    now: dt.datetime | None = None
    url: str | None = None
    extra: dict = field(default_factory=dict)


def html_to_text(fragment: str | None) -> str | None:
    """Neutral HTML-to-text for libraries that return HTML: one line per block, nothing filtered."""
    if not fragment:
        return None
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = [clean_text(x) for x in "".join(root.itertext()).split("\n")]
    return "\n".join(x for x in lines if x) or None


# -- extractors ------------------------------------------------------------------------------------------

def ours(case: Case):
    r = extract_article(case.html, now=case.now, url=case.url)
    return {"title": r.title, "body": r.body, "date": r.published_at, "author": r.author,
            "methods": r.methods}


def gne(case: Case):
    from gne import GeneralNewsExtractor

    try:
        r = GeneralNewsExtractor().extract(case.html)
    except Exception:
        return dict(EMPTY)
    return {"title": r.get("title"), "body": r.get("content"), "date": parse_date(r.get("publish_time"), case.now),
            "author": r.get("author") or None}


def _trafilatura(case: Case, **options):
    import trafilatura

    doc = trafilatura.bare_extraction(case.html, url=case.url, with_metadata=True, include_comments=False,
                                      date_extraction_params={"extensive_search": True, "original_date": True,
                                                              "outputformat": "%Y-%m-%d %H:%M:%S"}, **options)
    if not doc:
        return dict(EMPTY)
    doc = doc.as_dict()
    return {"title": doc.get("title"), "body": doc.get("text"), "date": parse_date(doc.get("date"), case.now),
            "author": doc.get("author")}


def trafilatura_(case: Case):
    return _trafilatura(case)


def trafilatura_recall(case: Case):
    return _trafilatura(case, favor_recall=True)


def readability_(case: Case):
    from readability import Document

    try:
        doc = Document(case.html)
        return {"title": doc.short_title() or None, "body": html_to_text(doc.summary(html_partial=True)),
                "date": None, "author": None}
    except Exception:
        return dict(EMPTY)


def htmldate_(case: Case):
    """A date-only row: htmldate's original publication date."""
    from htmldate import find_date

    try:
        found = find_date(case.html, url=case.url, original_date=True, extensive_search=True)
    except Exception:
        found = None
    return {"title": None, "body": None, "date": parse_date(found, case.now), "author": None}


def magic_html(case: Case):
    """magic-html's GeneralExtractor (article mode), in this process."""
    from magic_html import GeneralExtractor

    try:
        found = GeneralExtractor().extract(case.html, base_url=case.url or "", html_type="article")
    except Exception:  # a failure on one page is a miss on that page
        return dict(EMPTY)
    return {"title": found.get("title"), "body": html_to_text(found.get("html")), "date": None, "author": None}


# Fields an extractor does not give at all are shown as "-", not scored as misses.
PROVIDES = {"readability": {"title", "body", "boilerplate"}, "magic-html": {"title", "body", "boilerplate"},
            "htmldate": {"date"}}
EXTRACTORS = {"ours": ours, "gne": gne, "trafilatura": trafilatura_, "trafilatura-recall": trafilatura_recall,
              "readability": readability_, "magic-html": magic_html, "htmldate": htmldate_}


# -- scoring ---------------------------------------------------------------------------------------------

def _squash(text: str | None) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text or "")


def _local_day(value) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI).date().isoformat()


def score_strings(result: dict, truth: dict) -> tuple[dict, list[str]]:
    """Fractions per field for a real or own page (None where not checked) and the failures as text."""
    body = _squash(result.get("body"))
    failures: list[str] = []
    out: dict = {"title": None, "date": None, "body": None, "boilerplate": None}
    if truth.get("title"):
        got = clean_text(result.get("title"))
        out["title"] = int(got == clean_text(truth["title"]))
        if not out["title"]:
            failures.append(f"title: {got[:60]!r} (want {truth['title'][:60]!r})")
    if truth.get("published"):
        got = _local_day(result.get("date"))
        out["date"] = int(got == truth["published"])
        if not out["date"]:
            failures.append(f"date: {got} (want {truth['published']})")
    if truth.get("must"):
        missing = [s for s in truth["must"] if _squash(s) not in body]
        out["body"] = (len(truth["must"]) - len(missing), len(truth["must"]))
        if missing:
            failures.append(f"body: {len(missing)}/{len(truth['must'])} missing, e.g. {missing[0][:30]!r}"
                            + ("" if body else " (no body)"))
    if truth.get("must_not"):
        kept = [s for s in truth["must_not"] if _squash(s) in body] if body else list(truth["must_not"])
        out["boilerplate"] = (len(truth["must_not"]) - len(kept), len(truth["must_not"]))
        if kept:
            failures.append(f"boilerplate: {len(kept)} kept, e.g. {kept[0][:30]!r}" + ("" if body else " (no body)"))
    return out, failures


def score_demo(result: dict, truth: dict) -> dict:
    """1/0 per field for a demo page (None where the field does not apply)."""
    body = result.get("body") or ""
    lines = set(clean_text(x) for x in body.splitlines())
    flat = clean_text(body)
    truth_paragraphs = [clean_text(p) for p in truth["body"].split("\n") if p.strip()]
    found = sum(1 for p in truth_paragraphs if p in lines or p in flat)
    published = dt.datetime.fromisoformat(truth["published_at"])
    date = result.get("date")
    return {
        "title": int(clean_text(result.get("title")) == clean_text(truth["title"])),
        "date": int(date is not None and abs((date - published).total_seconds()) < 60),
        "body": int(found >= 0.98 * len(truth_paragraphs)),
        "boilerplate": int(bool(body) and not any(b in body for b in BOILERPLATE)),
        "author": (int(clean_text(result.get("author")) == truth["author"]) if truth.get("author") else None),
    }


# -- page sets -------------------------------------------------------------------------------------------

def page_set(folder: Path, block: str) -> list[Case]:
    """The pages of a folder with a truth.jsonl, decoded from raw bytes by the crawler's decoder."""
    truth_file = folder / "truth.jsonl"
    if not truth_file.exists():
        print(f"({block}: no {truth_file}, block skipped)")
        return []
    cases = []
    for line in truth_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        raw = (folder / record["file"]).read_bytes()
        cases.append(Case(block, Path(record["file"]).stem, decode_html(raw, record.get("content_type")), record,
                          url=record.get("url")))
    return cases


def demo_cases(limit: int) -> list[Case]:
    """Demo pages served over HTTP by an in-process DemoSite."""
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
            url = site.base_url + record["path"]
            with urllib.request.urlopen(url, timeout=10) as resp:
                body, ctype = resp.read(), resp.headers.get("Content-Type")
            cases.append(Case("demo", f"demo-{record['portal']}", decode_html(body, ctype), record, REFERENCE_NOW))
    finally:
        site.stop()
    return cases


def realistic_cases(limit: int) -> list[Case]:
    """Demo articles rendered in the real-portal templates of bench/realistic_pages.py."""
    try:
        from demo.corpus import truth
        records = [t for t in truth() if t["reachable"] and not t.get("duplicate_of")][:limit]
    except ImportError:
        records = []
    cases = []
    for record in records:
        article = {"title": record["title"], "paragraphs": record["body"].split("\n"),
                   "time": dt.datetime.fromisoformat(record["published_at"]), "author": record.get("author")}
        for name, template in TEMPLATES.items():
            raw, _ = template(article)
            truth_record = dict(record)
            if name in ("sina", "gov-gbk", "xinhua"):
                truth_record["author"] = None  # these templates carry no byline
            cases.append(Case("realistic", f"real-{name}", decode_html(raw), truth_record))
    return cases


def _list_portals() -> dict[str, dict]:
    """The demo portals with HTML list pages: their list URL and the selectors their entries use."""
    from demo.corpus import PORTALS

    portals = {key: {"list_url": p["list_url"], **p["selectors"]} for key, p in PORTALS.items()}
    try:
        from crawler.sources import load_source_file

        board = load_source_file(ROOT / "config" / "sources" / "demo-board.yaml",
                                 {"demo_base_url": "http://127.0.0.1", "demo_host": "127.0.0.1"})[0]
        portals["board"] = {"list_url": "/liuyan/", "article_links": board.listing.article_links,
                            "next_page": board.listing.next_page}
    except Exception as exc:  # the board entry is optional for this block
        print(f"(list pages: board portal left out: {exc})")
    return portals


OWN_LISTS = ROOT / "tests" / "pages" / "lists"


class ListScore:
    """Links found without selectors against the truth, over the pages of one portal or page set."""

    def __init__(self) -> None:
        self.pages = self.tp = self.fp = self.fn = self.next_ok = 0
        self.cpu = 0.0
        self.misses: list[str] = []

    def add(self, html: str, url: str, truth: set[str], want_next: str | None) -> None:
        """Score one list page."""
        from crawler.extract.generic import parse_html
        from crawler.extract.links import article_links, next_page_link

        started = time.process_time()
        root = parse_html(html)
        found = set(article_links(root, url))
        found_next = next_page_link(root, url)
        self.cpu += time.process_time() - started
        self.pages += 1
        self.next_ok += int(found_next == want_next)
        if found_next != want_next:
            self.misses.append(f"next page {found_next} (want {want_next})")
        self.tp, self.fp, self.fn = self.tp + len(found & truth), self.fp + len(found - truth), self.fn + len(truth - found)
        self.misses += [f"extra {u}" for u in sorted(found - truth)] + [f"missed {u}" for u in sorted(truth - found)]

    def row(self, label: str) -> str:
        """One line of the table."""
        return (f"{label:<14}{self.pages:>6}{self.tp + self.fn:>7}{self.tp / max(self.tp + self.fp, 1):>11.3f}"
                f"{self.tp / max(self.tp + self.fn, 1):>8.3f}{self.next_ok / max(self.pages, 1):>11.3f}"
                f"{self.cpu * 1000 / max(self.pages, 1):>9.1f}")


def report_links(limit_pages: int = 5) -> None:
    """Block 4: article links and next page found without selectors, on the list pages the team wrote
    (tests/pages/lists, one per failure class) and on the demo portals' list pages against what the
    portal's configured selectors pick."""
    print("\n== list pages: selector-free article links and next page (the real-page set has no list pages)")
    print(f"{'pages of':<14}{'pages':>6}{'links':>7}{'precision':>11}{'recall':>8}{'next page':>11}{'ms/page':>9}")
    own = ListScore()
    for line in (OWN_LISTS / "truth.jsonl").read_text(encoding="utf-8").splitlines() if OWN_LISTS.exists() else []:
        if line.strip():
            record = json.loads(line)
            own.add(decode_html((OWN_LISTS / record["file"]).read_bytes()), record["url"], set(record["links"]),
                    record["next"])
    if own.pages:
        print(own.row("own pages"))
        for miss in own.misses[:8]:
            print(f"   {miss}")
    try:
        from demo.server import DemoSite
    except ImportError as exc:
        print(f"(list pages: demo site not available: {exc})")
        return
    from urllib.parse import urldefrag, urljoin

    from crawler.extract.article import select_nodes
    from crawler.extract.generic import parse_html

    site = DemoSite(host="127.0.0.1", port=0, slow_seconds=0.1).start()
    total = ListScore()
    try:
        for key, portal in _list_portals().items():
            score, url = ListScore(), site.base_url + portal["list_url"]
            while url and score.pages < limit_pages:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    html = decode_html(resp.read(), resp.headers.get("Content-Type"))
                root = parse_html(html)
                truth = {urldefrag(urljoin(url, h))[0] for h in select_nodes(root, portal["article_links"])}
                nxt = select_nodes(root, portal["next_page"])
                want_next = urljoin(url, nxt[0]) if nxt else None
                score.add(html, url, truth, want_next)
                total.add(html, url, truth, want_next)
                url = want_next
            print(score.row(f"demo {key}"))
            for miss in score.misses[:8]:
                print(f"   {miss}")
        print(total.row("demo, all"))
    finally:
        site.stop()


def report_fallbacks(blocks: list[tuple[str, list[Case]]]) -> None:
    """Block 5: what a page gets when the heuristics find no body: each library candidate alone and
    candidate orders, through crawler.extract.article.fallback_body (link-text lines removed)."""
    from crawler.extract.article import BODY_CANDIDATES, BODY_FALLBACKS, fallback_body, link_lines
    from crawler.extract.generic import parse_html

    orders = {f"{name} alone": ((name, run),) for name, run in BODY_CANDIDATES.items()}
    shipped = tuple(name for name, _ in BODY_FALLBACKS)
    orders["shipped: " + " > ".join(shipped)] = BODY_FALLBACKS
    magic = ("magic-html", BODY_CANDIDATES["magic-html"])
    rest = tuple(item for item in BODY_FALLBACKS if item[0] != "magic-html")
    orders["magic-html first"] = (magic,) + rest
    orders["magic-html second"] = rest[:1] + (magic,) + rest[1:]
    print("\n== body fallbacks: the body a page gets when the heuristics find none (body strings / boilerplate out)")
    print(f"{'candidates':<52}" + "".join(f"{label:>24}" for label, _ in blocks) + f"{'ms/page':>10}")
    per_page: dict[str, dict] = {}
    for label, cases in blocks:
        for case in cases:
            case.extra["links"] = link_lines(parse_html(case.html))
    for order_name, order in orders.items():
        cells, pages, started = [], 0, time.process_time()
        for _, cases in blocks:
            body_t, boiler_t = [], []
            for case in cases:
                body, _ = fallback_body(case.html, case.url, case.extra["links"], order)
                s, fails = score_strings({"body": body}, case.truth)
                if s["body"] is not None:
                    body_t.append(s["body"])
                if s["boilerplate"] is not None:
                    boiler_t.append(s["boilerplate"])
                per_page.setdefault(order_name, {})[case.name] = [f for f in fails if f.startswith(("body", "boil"))]
            pages += len(cases)
            cells.append(f"{_ratio(body_t).strip()} / {_ratio(boiler_t).strip()}")
        ms = (time.process_time() - started) * 1000 / max(pages, 1)
        print(f"{order_name:<52}" + "".join(f"{c:>24}" for c in cells) + f"{ms:>10.1f}")
    for order_name in ("shipped: " + " > ".join(shipped), "magic-html first"):
        fails = [f"{page} {f}" for page, page_fails in per_page.get(order_name, {}).items() for f in page_fails]
        if fails:
            print(f"-- {order_name} failures ({len(fails)}):")
            for line in fails:
                print(f"   {line}")


# -- report ----------------------------------------------------------------------------------------------

def _ratio(values: list) -> str:
    if not values:
        return f"{'-':>12}"
    if isinstance(values[0], tuple):
        got, total = sum(v[0] for v in values), sum(v[1] for v in values)
        return f"{got / total:>12.3f}"
    return f"{sum(values) / len(values):>12.3f}"


def report_strings(title: str, cases: list[Case], names: list[str], cpu: dict) -> None:
    """Table of blocks 1/2 (one row per extractor) and the per-page failures."""
    if not cases:
        return
    fields = ["title", "date", "body", "boilerplate"]
    counts = {f: sum(1 for c in cases if c.truth.get({"date": "published", "body": "must",
                                                     "boilerplate": "must_not"}.get(f, f))) for f in fields}
    print(f"\n== {title}: {len(cases)} pages (pages checked: "
          + ", ".join(f"{f} {n}" for f, n in counts.items()) + ")")
    print(f"{'extractor':<20}" + "".join(f"{f:>12}" for f in fields) + f"{'ms/page':>10}")
    all_failures: dict[str, list[str]] = {}
    for name in names:
        totals: dict[str, list] = defaultdict(list)
        failures = []
        for case in cases:
            s, fails = score_strings(case.extra[name], case.truth)
            provides = PROVIDES.get(name, set(fields))
            fails = [x for x in fails if x.split(":")[0] in provides]
            for f in fields:
                if f not in provides:
                    continue
                if s[f] is not None:
                    totals[f].append(s[f])
            failures += [f"{case.name} {x}" for x in fails]
        all_failures[name] = failures
        print(f"{name:<20}" + "".join(_ratio(totals[f]) for f in fields) + f"{cpu[name]:>10.1f}")
    for name, failures in all_failures.items():
        if failures:
            print(f"-- {name} failures ({len(failures)}):")
            for line in failures:
                print(f"   {line}")
    methods = defaultdict(lambda: defaultdict(int))
    for case in cases:
        for key, value in (case.extra["ours"].get("methods") or {}).items():
            methods[key][value] += 1
    if methods:
        print("-- ours, methods used: " + "; ".join(
            f"{k}: " + ", ".join(f"{m} {n}" for m, n in sorted(v.items(), key=lambda x: -x[1]))
            for k, v in sorted(methods.items())))


def report_demo(cases: list[Case], names: list[str], cpu: dict) -> None:
    """Table of block 3: per extractor, the share of pages done right per field and page set."""
    if not cases:
        return
    fields = ["title", "date", "body", "boilerplate", "author"]
    print(f"\n== demo and templates: {len(cases)} pages")
    print(f"{'extractor':<20}{'set':<21}" + "".join(f"{f:>12}" for f in fields) + f"{'ms/page':>10}")
    for name in names:
        totals: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for case in cases:
            s = score_demo(case.extra[name], case.truth)
            provides = PROVIDES.get(name, set(fields))
            for group in (case.name, case.block, "all"):
                for f in fields:
                    if s[f] is not None and f in provides:
                        totals[group][f].append(s[f])
        for group in sorted(totals, key=lambda g: (g not in ("all", "demo", "realistic"), g)):
            row = totals[group]
            print(f"{name:<20}{group:<21}" + "".join(_ratio(row[f]) for f in fields)
                  + (f"{cpu[name]:>10.1f}" if group == "all" else ""))


def run(cases: list[Case], names: list[str]) -> dict:
    """Run every extractor on every case (results in case.extra[name]); return CPU ms per page."""
    cpu = {}
    for name in names:
        if not cases:
            break
        started = time.process_time()
        for case in cases:
            case.extra[name] = EXTRACTORS[name](case)
        cpu[name] = (time.process_time() - started) * 1000 / len(cases)
    return cpu


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000, help="demo articles per set")
    parser.add_argument("--pages", type=Path, default=REAL_PAGES, help="folder of real pages with truth.jsonl")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo and template block")
    parser.add_argument("--no-fallbacks", dest="fallbacks", action="store_false",
                        help="skip the block of library body fallbacks")
    args = parser.parse_args(argv)
    names = list(args.only or EXTRACTORS)
    real, own = page_set(args.pages, "real pages"), page_set(OWN_PAGES, "own pages")
    demo = [] if args.no_demo else demo_cases(args.limit) + realistic_cases(args.limit)
    if not (real or own or demo):
        print("no pages to measure")
        return 1
    if "ours" not in names:
        names.insert(0, "ours")
    report_strings("real pages (../shared/data/pages)", real, names, run(real, names))
    report_strings("own pages (tests/pages/extraction)", own, names, run(own, names))
    if args.fallbacks:
        report_fallbacks([("real pages", real), ("own pages", own)])
    demo_names = [n for n in names if n not in ("htmldate",)]
    report_demo(demo, demo_names, run(demo, demo_names))
    if not args.no_demo:
        report_links()
    return 0


if __name__ == "__main__":
    sys.exit(main())
