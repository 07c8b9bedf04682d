"""Incident clustering in memory: MinHash over character shingles, plus enterprise, district and title overlap.

Near-duplicates (reprints across portals) share most 3-character shingles; follow-ups (通报处理结果
days later) share little text but name the same enterprise, district and key title words. An
article joins the best candidate event seen within the time window, or starts a new one.
Signatures and the member store live in alerts/signatures.py; an event's state can be saved
(EventIndex.snapshot, kept in Event.signature) and put back (EventIndex.restore) between passes.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import heapq
import math
import re
from dataclasses import dataclass, field

import numpy as np

from classifier.districts import DistrictTable, default_table
from alerts.signatures import (BANDS, MAX_MEMBERS, NUM_PERM, ROWS, MemberStore, band_keys, band_keys_many,
                               decode_signatures,
                               encode_signatures, gram_hash, minhash, minhash_many, minhash_of, normalize,
                               shingle_hashes, shingles)

# minhash, normalize and the signature constants are re-exported: callers know them from here
__all__ = ["ArticleFeatures", "EventCluster", "EventIndex", "enterprise_core", "place_prefix", "title_terms", "minhash",
           "normalize",
           "shingle_hashes", "NUM_PERM", "BANDS", "ROWS", "MAX_MEMBERS"]

TEXT_CHARS = 600  # title + the start of the body; enough to tell reprints apart, cheap to hash
SNAPSHOT_VERSION = 1  # of EventIndex.snapshot(); another version is rebuilt from the articles
NEAR_DUPLICATE = 0.5  # estimated Jaccard of 3-gram sets from which two reports are one story
VERBATIM = 0.97  # estimated Jaccard from which reports about two different enterprises are one copy
# A member that close differs from the article in at most NUM_PERM - ceil(VERBATIM * NUM_PERM) values, each
# breaking at most one band: it shares at least this many whole bands (an event sharing fewer cannot be a copy)
VERBATIM_BANDS = BANDS - (NUM_PERM - math.ceil(VERBATIM * NUM_PERM))
TITLE_STOP = frozenset({"记者", "通报", "情况", "有关", "关于", "我们", "一起", "发生", "进行", "相关", "问题",
                        "事件", "目前", "工作", "处理", "结果", "调查"})


def title_terms(title: str) -> frozenset[str]:
    """Character bigrams of the title minus frequent report words: cheap key words for follow-ups."""
    t = normalize(title)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1)) - TITLE_STOP




@functools.lru_cache(maxsize=8)
def place_prefix(table: DistrictTable) -> re.Pattern:
    """The places an enterprise name may start with, from the city's table: province, city, district
    (names of 3+ characters: short forms such as 海丰 also begin brands), then any town."""
    def optional(names) -> str:
        names = sorted({n for n in names if n}, key=len, reverse=True)
        return f"(?:{'|'.join(map(re.escape, names))})?" if names else ""

    districts = [n for n in (*table.districts, *table.district_aliases) if len(n) >= 3 or n in table.districts]
    return re.compile("^" + optional(table.province_aliases) + optional((table.city, *table.city_aliases))
                      + optional(districts) + r"(?:[\u4e00-\u9fff]{1,3}?(?:镇|街道|乡|村))?")
CORE_CHARS = 3
_ORG_SUFFIX = re.compile(r"(公司|集团|厂|店|诊所|门诊部|医院|药房|酒家|酒楼|餐馆|饭店|菜馆|食堂|作坊|经营部|供应站|加油站"
                         r"|石场|矿|场|中心|超市|商行|馆|社|站|医疗美容|美容院|会所)$")
# extractor noise: descriptions ("南塘一五金厂"), clauses, public bodies and hospitals that treat victims
_NOT_A_NAME = re.compile(r"(?<!第)(?<!统)一(?!品)|[某该此其这]|送往|送去|送到|赶紧|已送|已有|已流|通知|依法|吊销|没收|涉嫌|因|"
                         r"附近|周边|仓库|人民医院|中心医院|局|政府|委员会")
_GENERIC_HEAD = ("食品", "五金", "建材", "水产", "电子", "医疗", "餐饮", "学校", "无证", "定点", "公司", "加工", "制品")
MAX_EVENTS_PER_CORE = 3
CORE_BITS = 15  # size of the quick filter of the open events' enterprise cores (64 KiB: each article reads it at
# ~300 random places, which must stay in cache however many events are open; false hits are checked)
MAX_EVENTS_PER_BAND = 2  # a band more open events share is boilerplate (formulaic notices), not one story
MAX_TEXT_CANDIDATES = 3  # events found only by shared bands that an article is compared with
NAME_SCAN_CHARS = 300
_TOWN = re.compile(r"[\u4e00-\u9fff]{2}(?:镇|街道)")
TOWN_DAYS = 3  # reports that share a town (and district, domain) within this many days may be one incident
MAX_EVENTS_PER_TOWN = 1  # a town shared by more open events (of one domain and district) is not telling them apart
_TOWN_SPAN = dt.timedelta(days=TOWN_DAYS)


def enterprise_core(name: str, places: re.Pattern | None = None) -> str:
    """The brand of an enterprise name, or "" when the name is not a plausible enterprise.

    Place prefixes (`places`, from the city's table; the shipped city's when None) are dropped and 3
    characters kept: `汕尾市城区海韵轩餐饮有限公司` -> `海韵轩`, which reports also use (`海韵轩酒家`)."""
    places = places or place_prefix(default_table())
    # reprints repeat the same names: remember them, but only short ones (crawled text is hostile)
    return _cached_core(name, places) if len(name) <= 120 else _core(name, places)


def _core(name: str, places: re.Pattern) -> str:
    n = normalize(name)
    if len(n) > 40 or not _ORG_SUFFIX.search(n) or _NOT_A_NAME.search(n):
        return ""
    rest = n
    for _ in range(3):  # "梅陇镇海丰县仁康诊所": places may come in any order
        stripped = places.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped
    if len(rest) < CORE_CHARS + 1 or rest.startswith(_GENERIC_HEAD):
        return ""
    return rest[:CORE_CHARS]


_cached_core = functools.lru_cache(maxsize=65536)(_core)


@dataclass
class ArticleFeatures:
    """What clustering needs to know about one classified article."""

    key: int
    when: dt.datetime
    label: str
    district: str | None
    enterprises: frozenset[str]
    signature: np.ndarray
    terms: frozenset[str]
    text: str = ""
    towns: frozenset[str] = frozenset()
    bands: list[int] = field(default_factory=list)  # LSH bucket keys (signatures.band_keys)
    scan: np.ndarray | None = None  # hashes of the 3-grams of text[:NAME_SCAN_CHARS]

    @classmethod
    def build(cls, key: int, when: dt.datetime, label: str, title: str, body: str, district: str | None,
              enterprises, places: re.Pattern | None = None) -> "ArticleFeatures":
        """Features from the raw fields (text bounded: crawled text is hostile); `places` as in enterprise_core."""
        title = (title or "")[:300]
        text = title + " " + (body or "")[:TEXT_CHARS]
        # extractor noise is filtered by enterprise_core and by how many events share a name
        ents = frozenset(e for e in (enterprise_core(x, places) for x in (enterprises or [])[:20]
                                     if isinstance(x, str)) if len(e) >= 2)
        norm = normalize(text)
        towns = frozenset(_TOWN.findall(norm[:NAME_SCAN_CHARS])[:3])
        hs = shingles(norm)  # normalized once; the name scan reuses the shingle hashes
        sig = minhash_of(hs)
        return cls(key, when, label, district or None, ents, sig, title_terms(title), norm, towns, band_keys(sig),
                   _scan_hashes(norm, hs))

    @classmethod
    def build_many(cls, rows, places: re.Pattern | None = None) -> list["ArticleFeatures"]:
        """build() for many (key, when, label, title, body, district, enterprises) rows, signatures in batches."""
        rows = list(rows)
        norms = [normalize((title or "")[:300] + " " + (body or "")[:TEXT_CHARS]) for _, _, _, title, body, _, _ in rows]
        sigs, hs_list = minhash_many(norms)
        all_bands = band_keys_many(sigs).tolist()
        out = []
        for (key, when, label, title, _, district, enterprises), norm, sig, hs, bands in zip(rows, norms, sigs, hs_list,
                                                                                            all_bands):
            ents = frozenset(e for e in (enterprise_core(x, places) for x in (enterprises or [])[:20]
                                         if isinstance(x, str)) if len(e) >= 2)
            towns = frozenset(_TOWN.findall(norm[:NAME_SCAN_CHARS])[:3])
            out.append(cls(key, when, label, district or None, ents, sig, title_terms((title or "")[:300]), norm,
                           towns, bands, _scan_hashes(norm, hs)))
        return out


def _scan_hashes(norm: str, hs: np.ndarray | None = None) -> np.ndarray:
    """Hashes of the 3-grams in the first NAME_SCAN_CHARS characters of a normalized text."""
    n = max(0, min(len(norm), NAME_SCAN_CHARS) - CORE_CHARS + 1)
    if hs is None:
        hs = shingles(norm[:NAME_SCAN_CHARS])
    return hs[:n]


@dataclass(slots=True)  # fields at fixed places in the object: fewer memory reads per candidate, less memory
class EventCluster:
    """The clustering state of one event."""

    key: int
    label: str
    first: dt.datetime
    last: dt.datetime
    districts: set[str] = field(default_factory=set)
    enterprises: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    towns: set[str] = field(default_factory=set)
    row: int = -1  # its member signatures in the index's MemberStore
    members: int = 0
    town_keys: set[tuple] = field(default_factory=set)  # its entries in the town index (kept for snapshots)
    bands: set[int] = field(default_factory=set)  # its entries in the band index (all of them, for prune)
    seq: int = 0  # its newest entry in the index's expiry heap


class EventIndex:
    """Assigns articles to events; candidates come from LSH buckets and an index of enterprise names.

    Every look-up an article makes is bounded (a crowded band, name or town is skipped, events found
    only by their text are capped), and prune(now) forgets closed events in time proportional to
    what it forgets (an expiry heap), so a long-lived index fed in time order, pruned as it goes,
    holds the events of one window and costs the same per article after 10,000 or 10 million."""

    def __init__(self, window: dt.timedelta = dt.timedelta(days=21)):
        self.window = window
        self.events: dict[int, EventCluster] = {}
        self._bands: dict[int, int | set[int]] = {}  # band -> its one event's key, or the set of them
        self._sigs = MemberStore()
        self._by_enterprise: dict[str, set[int]] = {}
        self._core_hashes: dict[int, set[str]] = {}  # shingle hash -> enterprise cores, for the name scan
        # low hash bits of known cores, counted (so that pruned cores leave): a quick filter
        self._core_bits = np.zeros(1 << CORE_BITS, dtype=np.uint16)
        self._crowded: set[str] = set()  # cores shared by more than MAX_EVENTS_PER_CORE events: not telling
        self._by_town: dict[tuple, set[int]] = {}
        self._expiry: list[tuple[dt.datetime, int, int]] = []  # (last, seq, key), stale entries skipped
        self._seq = 0

    def best_event(self, f: ArticleFeatures) -> int | None:
        """The event `f` belongs to, or None when it starts a new one."""
        by_band, crowded_bands, sure, named = self._candidates(f)
        lo, hi = f.when + self.window, f.when - self.window  # ev.first - window <= when <= ev.last + window
        events = self.events
        cands = []
        for key in sure:
            ev = events.get(key)
            if ev is not None and ev.first <= lo and hi <= ev.last:
                cands.append(ev)
        crowded = self._crowded
        fn = _informative(f.enterprises, crowded)
        # An event found only by its text, when the article names another event's enterprise (or both name
        # one), joins only as a verbatim copy (_score); the bands it shares (counted, or crowded and skipped)
        # bound how close its members can be, so most are turned down here without comparing signatures
        # (without this, their number follows the events open at once: more of them share a band by chance).
        copy_only = bool(named)
        few = VERBATIM_BANDS - crowded_bands
        shared = []  # (bands shared, event) of the events found only by their text
        for key, n in by_band.items():
            if key not in sure:
                ev = events.get(key)
                if ev is None:
                    continue
                if n < few and (copy_only or (fn and ev.enterprises)):
                    evn = _informative(ev.enterprises, crowded)
                    if (copy_only or evn) and not _same_enterprise(f, ev, fn, evn):
                        continue
                if ev.first <= lo and hi <= ev.last:
                    shared.append((n, ev))
        if len(shared) > MAX_TEXT_CANDIDATES:
            # Bounded per article however many events are open: the ones sharing the most bands (an
            # estimate of the text overlap), the most recent first among equals.
            # (sorted()[:n] is what heapq.nlargest returns, cheaper for a few dozen)
            shared = sorted(shared, key=_shared_order, reverse=True)[:MAX_TEXT_CANDIDATES]
        cands += [ev for _, ev in shared]
        if not cands:
            return None
        # One vectorised comparison against every member signature of every candidate.
        texts = self._sigs.best_overlap([ev.row for ev in cands], f.signature, max(ev.members for ev in cands))
        best, best_score = None, 0.0
        towns = f.towns
        for ev, text in zip(cands, texts):
            if text < 0.1 and ev.key not in named and not (towns & ev.towns):
                continue  # no rule can join an event that shares neither text, a name nor a town
            evn = _informative(ev.enterprises, crowded)
            # the article names some open event's enterprise, but not this one's: another incident
            score = self._score(f, ev, text, fn, evn, bool(named) and ev.key not in named)
            if score > best_score:
                best, best_score = ev.key, score
        return best

    def _candidates(self, f: ArticleFeatures) -> tuple[dict[int, int], int, set[int], set[int]]:
        """(events sharing LSH bands -> how many, crowded bands skipped, the events found by name or town,
        the named ones)."""
        named: set[int] = set()
        # a crowded band is boilerplate, not a story; counted in C (keys in order of first sight)
        flat: list[int] = []
        crowded_bands = 0
        for hit in map(self._bands.get, f.bands):
            if hit is None:
                continue
            if hit.__class__ is int:  # most bands belong to one event: kept as its key, no set
                flat.append(hit)
            elif len(hit) <= MAX_EVENTS_PER_BAND:
                flat.extend(hit)
            else:
                crowded_bands += 1
        by_band: dict[int, int] = collections.Counter(flat) if flat else {}
        by_ent = self._by_enterprise
        for e in f.enterprises:
            hit = by_ent.get(e)
            if hit and len(hit) <= MAX_EVENTS_PER_CORE:
                named |= hit
        # events whose enterprise the text mentions without the extractor having named it; 3-grams are
        # matched by hash first (computed with the signature), then checked as text
        text = f.text[:NAME_SCAN_CHARS]  # names come in the title and the lead
        scan = f.scan if f.scan is not None else _scan_hashes(text)
        core_hashes = self._core_hashes
        maybe = scan[self._core_bits[scan & np.uint64((1 << CORE_BITS) - 1)] != 0]
        for h in set(maybe.tolist()):
            for core in core_hashes.get(h, ()):
                if core in text:
                    hit = by_ent.get(core)
                    if hit and len(hit) <= MAX_EVENTS_PER_CORE:
                        named |= hit
        sure = set(named)
        if f.district:
            for town in f.towns:
                hit = self._by_town.get((f.label, f.district, town))
                if hit and len(hit) <= MAX_EVENTS_PER_TOWN:
                    sure |= hit
        return by_band, crowded_bands, sure, named

    @staticmethod
    def _score(f: ArticleFeatures, ev: EventCluster, text: float, fn: frozenset[str], evn: set[str],
               names_another: bool = False) -> float:
        """0 when `f` is not about `ev`; higher for stronger evidence (`text`: best estimated Jaccard).

        `fn`, `evn`: the article's and the event's enterprise cores that are informative (shared by
        at most MAX_EVENTS_PER_CORE open events)."""
        same_ent = _same_enterprise(f, ev, fn, evn)
        # two different named enterprises: different incidents, however alike the (formulaic) text
        other_ent = not same_ent and ((bool(fn) and bool(evn)) or names_another)
        if other_ent and text < VERBATIM:
            return 0.0  # formulaic notices about two enterprises look alike; only a verbatim copy joins
        conflict = bool(f.district and ev.districts and f.district not in ev.districts)
        # one side names an enterprise the other does not mention: ask for more shared text
        unsure = not same_ent and (bool(fn) or bool(evn))
        if text >= 0.9 or (not conflict and text >= (0.7 if unsure else NEAR_DUPLICATE)):
            return 2.0 + text  # a reprint or near-duplicate
        if conflict:
            return 0.0
        inter = len(f.terms & ev.terms)
        title = inter / max(1, min(len(f.terms), len(ev.terms)))
        if same_ent and (f.label == ev.label or title >= 0.2 or text >= 0.1):
            return 1.0 + title + text  # same enterprise: a follow-up
        if (f.towns & ev.towns and f.label == ev.label and f.district in ev.districts and not (fn and evn)
                and f.when <= ev.last + _TOWN_SPAN and (title >= 0.25 or text >= 0.15)):
            return 0.4 + title  # same town, domain and days: a first report that names nobody yet
        if (f.district and f.label == ev.label and f.district in ev.districts and title >= 0.6 and inter >= 5
                and text >= 0.25 and not (fn or evn)):
            return 0.5 + title  # same place, same story words and some shared text, no enterprise named
        return 0.0

    def add(self, f: ArticleFeatures, event_key: int | None = None) -> int:
        """Put `f` into event `event_key` (a new event keyed f.key when None); returns the event key."""
        key = f.key if event_key is None else event_key
        ev = self.events.get(key)
        if ev is None:
            ev = self.events[key] = EventCluster(key, f.label, f.when, f.when, row=self._sigs.new_row(f.signature))
            self._expire_at(ev)  # a later article moves ev.last; prune() finds that when the entry comes up
        else:
            ev.first, ev.last = min(ev.first, f.when), max(ev.last, f.when)
            self._sigs.add(ev.row, ev.members, f.signature)
        ev.members += 1
        own = ev.bands
        for band in f.bands:
            if band not in own:  # reprints share most bands: each is indexed once per event
                own.add(band)
                self._index_band(band, key)
        for e in f.enterprises:
            if e not in ev.enterprises and len(ev.enterprises) < 30:
                ev.enterprises.add(e)
                self._index_enterprise(e, key)
        if f.district:
            ev.districts.add(f.district)
            for town in f.towns - ev.towns:
                if len(ev.towns) < 5:
                    ev.towns.add(town)
                    ev.town_keys.add((f.label, f.district, town))
                    self._by_town.setdefault((f.label, f.district, town), set()).add(key)
        if len(ev.terms) < 200:
            ev.terms |= f.terms
        return key

    def _index_band(self, band: int, key: int) -> None:
        cur = self._bands.get(band)
        if cur is None:
            self._bands[band] = key
        elif cur.__class__ is int:
            if cur != key:
                self._bands[band] = {cur, key}
        else:
            cur.add(key)

    def _unindex_band(self, band: int, key: int) -> None:
        cur = self._bands.get(band)
        if cur is None:
            return
        if cur.__class__ is int:
            if cur == key:
                del self._bands[band]
            return
        cur.discard(key)
        if len(cur) == 1:
            self._bands[band] = next(iter(cur))
        elif not cur:
            del self._bands[band]

    def _expire_at(self, ev: EventCluster) -> None:
        """Put `ev` on the expiry heap under its newest article's time; its earlier entries go stale."""
        self._seq += 1
        ev.seq = self._seq
        heapq.heappush(self._expiry, (ev.last, ev.seq, ev.key))

    def _index_enterprise(self, e: str, key: int) -> None:
        keys = self._by_enterprise.get(e)
        if keys is None:
            keys = self._by_enterprise[e] = set()
            if len(e) == CORE_CHARS:  # only 3-grams can be found by the text scan
                h = gram_hash(e)
                self._core_hashes.setdefault(h, set()).add(e)
                self._core_bits[h & ((1 << CORE_BITS) - 1)] += 1
        keys.add(key)
        if len(keys) > MAX_EVENTS_PER_CORE:
            self._crowded.add(e)

    def _unindex_enterprise(self, e: str, key: int) -> None:
        keys = self._by_enterprise.get(e)
        if keys is None:
            return
        keys.discard(key)
        if len(keys) <= MAX_EVENTS_PER_CORE:
            self._crowded.discard(e)
        if keys:
            return
        del self._by_enterprise[e]
        if len(e) == CORE_CHARS:  # the name scan forgets it too
            h = gram_hash(e)
            cores = self._core_hashes.get(h)
            if cores is not None and e in cores:
                cores.discard(e)
                if not cores:
                    del self._core_hashes[h]
                self._core_bits[h & ((1 << CORE_BITS) - 1)] -= 1

    def snapshot(self, key: int) -> dict:
        """The clustering state of event `key` as JSON-safe data (for Event.signature), see restore()."""
        ev = self.events[key]
        return {"v": SNAPSHOT_VERSION, "n": ev.members, "label": ev.label, "first": ev.first.isoformat(),
                "last": ev.last.isoformat(), "sigs": encode_signatures(self._sigs.members(ev.row, ev.members)),
                "districts": sorted(ev.districts), "enterprises": sorted(ev.enterprises), "terms": sorted(ev.terms),
                "towns": sorted(ev.towns), "town_keys": sorted(list(k) for k in ev.town_keys)}

    def restore(self, key: int, data, articles: int | None = None) -> bool:
        """Put event `key` back from snapshot() data; False (and nothing added) when the data is missing,
        of another version, malformed, or describes another number of articles than `articles`."""
        try:
            if not isinstance(data, dict) or data.get("v") != SNAPSHOT_VERSION or key in self.events:
                return False
            n = int(data["n"])
            if n < 1 or (articles is not None and n != articles):
                return False
            sigs = decode_signatures(data["sigs"])
            if len(sigs) != min(n, MAX_MEMBERS):
                return False
            strings = {name: [str(x) for x in data[name]]
                       for name in ("districts", "enterprises", "terms", "towns")}
            town_keys = {tuple(str(x) for x in k) for k in data["town_keys"] if len(k) == 3}
            ev = EventCluster(key, str(data["label"]), dt.datetime.fromisoformat(data["first"]),
                              dt.datetime.fromisoformat(data["last"]))
        except (AttributeError, KeyError, TypeError, ValueError):  # stored data is not trusted blindly
            return False
        ev.districts, ev.enterprises = set(strings["districts"]), set(strings["enterprises"])
        ev.terms, ev.towns, ev.town_keys = set(strings["terms"]), set(strings["towns"]), town_keys
        ev.row = self._sigs.new_row(sigs[0])
        for i, sig in enumerate(sigs[1:], start=1):  # slots in stored order: the ring goes on where it was
            self._sigs.put(ev.row, i, sig)
        ev.members = n
        self.events[key] = ev
        self._expire_at(ev)
        for bands in band_keys_many(sigs).tolist():
            ev.bands.update(bands)
        for band in ev.bands:
            self._index_band(band, key)
        for e in ev.enterprises:
            self._index_enterprise(e, key)
        for town_key in town_keys:
            self._by_town.setdefault(town_key, set()).add(key)
        return True

    def assign(self, f: ArticleFeatures) -> tuple[int, bool]:
        """Find or create the event of `f`; returns (event key, created)."""
        found = self.best_event(f)
        return self.add(f, found), found is None

    def prune(self, now: dt.datetime) -> None:
        """Forget events whose window has closed (newest article + window before `now`).

        Costs what it forgets, not the size of the index: call it as often as each article."""
        heap, limit, events = self._expiry, now - self.window, self.events
        while heap and heap[0][0] < limit:
            _, seq, k = heapq.heappop(heap)
            ev = events.get(k)
            if ev is None or ev.seq != seq:
                continue  # the event is gone (or was put back under another entry)
            if ev.last >= limit:  # it took a later article since it was put on the heap: it waits for that one
                self._expire_at(ev)
                continue
            del events[k]
            for e in ev.enterprises:
                self._unindex_enterprise(e, k)
            for town_key in ev.town_keys:
                _discard(self._by_town, town_key, k)
            for band in ev.bands:  # every band it was indexed under, members that left the ring too
                self._unindex_band(band, k)
            self._sigs.free(ev.row)

def _informative(names, crowded: set[str]):
    """`names` without the crowded ones (a new set only when it has some: most names are not crowded)."""
    return names - crowded if crowded and not crowded.isdisjoint(names) else names


def _same_enterprise(f: ArticleFeatures, ev: EventCluster, fn, evn) -> bool:
    """Whether `f` is about an enterprise of `ev`: named by the extractor or only mentioned in the text (a
    shorter form); `fn`, `evn` as in EventIndex._score."""
    return not fn.isdisjoint(ev.enterprises) or any(c in f.text for c in evn)


def _shared_order(c: tuple[int, EventCluster]) -> tuple[int, dt.datetime]:
    return c[0], c[1].last


def _discard(index: dict, name, key: int) -> None:
    """Take `key` out of index[name]; an emptied entry goes (an empty set and no entry mean the same)."""
    keys = index.get(name)
    if keys is not None:
        keys.discard(key)
        if not keys:
            del index[name]
