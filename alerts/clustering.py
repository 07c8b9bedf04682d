"""Incident clustering in memory: MinHash over character shingles, plus enterprise, district and title overlap.

Near-duplicates (reprints across portals) share most 3-character shingles; follow-ups (通报处理结果
days later) share little text but name the same enterprise, district and key title words. An
article joins the best candidate event seen within the time window, or starts a new one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from dataclasses import dataclass, field

import numpy as np

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: candidates from Jaccard ~0.5 up
ROWS = NUM_PERM // BANDS
TEXT_CHARS = 600  # title + the start of the body; enough to tell reprints apart, cheap to hash
MAX_MEMBERS = 12  # signatures kept per event: the first few and the most recent
MAX_DISTRICT_CANDIDATES = 48
_rng = np.random.default_rng(20250407)  # fixed: signatures must not change between runs
_A = (_rng.integers(1, 2**32 - 1, NUM_PERM, dtype=np.uint64) | np.uint64(1))
_B = _rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint64)
_KEEP = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_MASK32 = np.uint64(0xFFFFFFFF)
TITLE_STOP = frozenset({"记者", "通报", "情况", "有关", "关于", "我们", "一起", "发生", "进行", "相关", "问题",
                        "事件", "目前", "工作", "处理", "结果", "调查"})


def normalize(text: str) -> str:
    """Lowercase, keep only CJK characters, latin letters and digits."""
    return _KEEP.sub("", text.lower())


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the character 3-grams of normalized `text` (stable across processes)."""
    codes = np.frombuffer(normalize(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size < 3:
        codes = np.pad(codes, (0, 3 - codes.size))
    h = (codes[:-2] * np.uint64(0x9E3779B1) + codes[1:-1]) * np.uint64(0x85EBCA77) + codes[2:]
    h = (h ^ (h >> np.uint64(29))) & _MASK32
    return np.unique(h)


def minhash(text: str) -> np.ndarray:
    """A NUM_PERM-value MinHash signature of `text`'s 3-gram set (multiply-shift hashing)."""
    hs = shingle_hashes(text)
    vals = ((_A[:, None] * hs[None, :] + _B[:, None]) >> np.uint64(32)) & _MASK32
    return vals.min(axis=1).astype(np.uint32)


def title_terms(title: str) -> frozenset[str]:
    """Character bigrams of the title minus frequent report words: cheap key words for follow-ups."""
    t = normalize(title)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1)) - TITLE_STOP


def _norm_enterprise(name: str) -> str:
    n = normalize(name)
    for suffix in ("有限责任公司", "股份有限公司", "有限公司", "公司"):
        if n.endswith(suffix) and len(n) > len(suffix) + 1:
            return n[: -len(suffix)]
    return n


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

    @classmethod
    def build(cls, key: int, when: dt.datetime, label: str, title: str, body: str, district: str | None,
              enterprises) -> "ArticleFeatures":
        """Features from the raw fields (text bounded: crawled text is hostile)."""
        title = (title or "")[:300]
        sig = minhash(title + " " + (body or "")[:TEXT_CHARS])
        ents = frozenset(e for e in (_norm_enterprise(x) for x in (enterprises or [])[:20]) if len(e) >= 2)
        return cls(key, when, label, district or None, ents, sig, title_terms(title))


@dataclass
class EventCluster:
    """The clustering state of one event."""

    key: int
    label: str
    first: dt.datetime
    last: dt.datetime
    districts: set[str] = field(default_factory=set)
    enterprises: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    head: list[np.ndarray] = field(default_factory=list)
    recent: deque = field(default_factory=lambda: deque(maxlen=MAX_MEMBERS // 2))

    def signatures(self) -> np.ndarray:
        return np.stack(self.head + list(self.recent))


class EventIndex:
    """Assigns articles to events; keeps LSH buckets, an enterprise index and a district index."""

    def __init__(self, window: dt.timedelta = dt.timedelta(days=14)):
        self.window = window
        self.events: dict[int, EventCluster] = {}
        self._bands: dict[bytes, set[int]] = {}
        self._by_enterprise: dict[str, set[int]] = {}
        self._by_district: dict[tuple[str, str], deque] = {}

    def best_event(self, f: ArticleFeatures) -> int | None:
        """The event `f` belongs to, or None when it starts a new one."""
        best, best_score = None, 0.0
        for key in self._candidates(f):
            ev = self.events[key]
            if f.when > ev.last + self.window or f.when < ev.first - self.window:
                continue
            score = self._score(f, ev)
            if score > best_score:
                best, best_score = key, score
        return best

    def _candidates(self, f: ArticleFeatures) -> set[int]:
        found: set[int] = set()
        for band in self._band_keys(f.signature):
            found |= self._bands.get(band, set())
        for e in f.enterprises:
            found |= self._by_enterprise.get(e, set())
        if f.district:
            found.update(self._by_district.get((f.label, f.district), ()))
        return found

    @staticmethod
    def _band_keys(sig: np.ndarray) -> list[bytes]:
        raw = sig.tobytes()
        step = ROWS * 4
        return [bytes([i]) + raw[i * step:(i + 1) * step] for i in range(BANDS)]

    @staticmethod
    def _score(f: ArticleFeatures, ev: EventCluster) -> float:
        text = float((ev.signatures() == f.signature).mean(axis=1).max())
        conflict = bool(f.district and ev.districts and f.district not in ev.districts)
        inter = len(f.terms & ev.terms)
        title = inter / max(1, min(len(f.terms), len(ev.terms)))
        same_ent = bool(f.enterprises & ev.enterprises)
        if text >= 0.8 or (text >= 0.45 and not conflict):
            return 2.0 + text  # a reprint or near-duplicate
        if conflict:
            return 0.0
        if same_ent and (f.label == ev.label or title >= 0.2 or text >= 0.1):
            return 1.0 + title + text  # same enterprise: a follow-up
        if f.district and f.label == ev.label and f.district in ev.districts and title >= 0.5 and inter >= 4:
            return 0.5 + title  # same place, same story words, enterprise not named
        return 0.0

    def add(self, f: ArticleFeatures, event_key: int | None = None) -> int:
        """Put `f` into event `event_key` (a new event keyed f.key when None); returns the event key."""
        key = f.key if event_key is None else event_key
        ev = self.events.get(key)
        if ev is None:
            ev = self.events[key] = EventCluster(key, f.label, f.when, f.when)
        ev.first, ev.last = min(ev.first, f.when), max(ev.last, f.when)
        if len(ev.head) < MAX_MEMBERS // 2:
            ev.head.append(f.signature)
        else:
            ev.recent.append(f.signature)
        for band in self._band_keys(f.signature):
            self._bands.setdefault(band, set()).add(key)
        for e in f.enterprises:
            if e not in ev.enterprises and len(ev.enterprises) < 30:
                ev.enterprises.add(e)
                self._by_enterprise.setdefault(e, set()).add(key)
        if f.district and f.district not in ev.districts:
            ev.districts.add(f.district)
            bucket = self._by_district.setdefault((f.label, f.district), deque(maxlen=MAX_DISTRICT_CANDIDATES))
            bucket.append(key)
        if len(ev.terms) < 200:
            ev.terms |= f.terms
        return key

    def assign(self, f: ArticleFeatures) -> tuple[int, bool]:
        """Find or create the event of `f`; returns (event key, created)."""
        found = self.best_event(f)
        return self.add(f, found), found is None

    def prune(self, now: dt.datetime) -> None:
        """Forget events whose window has closed (keeps memory bounded on long runs)."""
        old = [k for k, ev in self.events.items() if ev.last + self.window < now]
        for k in old:
            ev = self.events.pop(k)
            for e in ev.enterprises:
                self._by_enterprise.get(e, set()).discard(k)
            for sig in ev.head + list(ev.recent):
                for band in self._band_keys(sig):
                    self._bands.get(band, set()).discard(k)
