"""MinHash signatures of character 3-grams, their LSH band keys, and a compact store of events' member signatures.

The hash family (multiply-shift with fixed seeds) must not change: signatures are compared across
runs and may be stored.
"""

from __future__ import annotations

import base64
import re
import threading

import numpy as np

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: candidates from Jaccard ~0.5 up
ROWS = NUM_PERM // BANDS
MAX_MEMBERS = 12  # signatures kept per event: the first few and the most recent
_rng = np.random.default_rng(20250407)  # fixed: signatures must not change between runs
# Multiply-shift hashing needs 64-bit odd multipliers so that products wrap (top 32 bits kept).
_A = _rng.integers(0, 2**64 - 1, NUM_PERM, dtype=np.uint64, endpoint=True) | np.uint64(1)
_B = _rng.integers(0, 2**64 - 1, NUM_PERM, dtype=np.uint64, endpoint=True)
_A_COL, _B_COL = _A[:, None], _B[:, None]
_KEEP = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_MASK32 = np.uint64(0xFFFFFFFF)
BATCH_SHINGLES = 4096  # per product in minhash_many: 64 x 4096 x 8 bytes = 2 MiB
_buffers = threading.local()  # per-thread scratch for the (NUM_PERM, shingles) products


def normalize(text: str) -> str:
    """Lowercase, keep only CJK characters, latin letters and digits."""
    return _KEEP.sub("", text.lower())


def shingles(norm: str) -> np.ndarray:
    """32-bit hashes of the character 3-grams of an already normalized string (position i: norm[i:i + 3])."""
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size < 3:
        codes = np.pad(codes, (0, 3 - codes.size))
    h = (codes[:-2] * np.uint64(0x9E3779B1) + codes[1:-1]) * np.uint64(0x85EBCA77) + codes[2:]
    return (h ^ (h >> np.uint64(29))) & _MASK32  # repeats do not change a minimum: no need to dedupe


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the character 3-grams of normalized `text` (stable across processes)."""
    return shingles(normalize(text))


def minhash_of(hs: np.ndarray) -> np.ndarray:
    """MinHash of precomputed shingle hashes: per seed, min of ((a*h + b) mod 2**64) >> 32."""
    n = hs.size
    flat = getattr(_buffers, "flat", None)
    if flat is None or flat.size < NUM_PERM * n:
        flat = _buffers.flat = np.empty(NUM_PERM * max(n, 1024), dtype=np.uint64)
    # (NUM_PERM, shingles), contiguous: each seed multiplies one contiguous row, numpy's fastest case
    view = flat[:NUM_PERM * n].reshape(NUM_PERM, n)
    np.multiply(_A_COL, hs, out=view)  # unsigned arrays wrap modulo 2**64 silently: the point
    np.add(view, _B_COL, out=view)
    # x >> 32 is monotone, so the minimum can be taken before the shift: one pass less
    return (view.min(axis=1) >> np.uint64(32)).astype(np.uint32)


def minhash(text: str) -> np.ndarray:
    """A NUM_PERM-value MinHash signature of `text`'s 3-gram set (multiply-shift hashing)."""
    return minhash_of(shingle_hashes(text))


def minhash_many(norms: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
    """minhash_of(shingles(n)) for many normalized texts at once: (signatures (len, NUM_PERM), shingle hashes).

    One hashing pass over all texts and one product per group of texts save numpy's per-call costs."""
    if not norms:
        return np.empty((0, NUM_PERM), dtype=np.uint32), []
    lens = [len(n) for n in norms]
    all_h = shingles("".join(norms))  # position p hashes joined[p:p + 3]; a text's own 3-grams are contiguous
    hs_list, start = [], 0
    for norm, n in zip(norms, lens):
        hs_list.append(all_h[start:start + n - 2] if n >= 3 else shingles(norm))
        start += n
    sigs = np.empty((len(norms), NUM_PERM), dtype=np.uint32)
    i = 0
    while i < len(norms):  # groups of about BATCH_SHINGLES hashes keep the products in cache
        j, total = i, 0
        while j < len(norms) and (j == i or total + hs_list[j].size <= BATCH_SHINGLES):
            total += hs_list[j].size
            j += 1
        group = np.concatenate(hs_list[i:j]) if j - i > 1 else hs_list[i]
        flat = getattr(_buffers, "flat", None)
        if flat is None or flat.size < NUM_PERM * total:
            flat = _buffers.flat = np.empty(NUM_PERM * max(total, 1024), dtype=np.uint64)
        view = flat[:NUM_PERM * total].reshape(NUM_PERM, total)
        np.multiply(_A_COL, group, out=view)
        np.add(view, _B_COL, out=view)
        starts = np.cumsum([0] + [h.size for h in hs_list[i:j - 1]])
        sigs[i:j] = (np.minimum.reduceat(view, starts, axis=1) >> np.uint64(32)).T
        i = j
    return sigs, hs_list


_BAND_MUL = np.uint64(0x9E3779B97F4A7C15)  # odd: the polynomial below wraps modulo 2**64
_BAND_TAG = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xC2B2AE3D27D4EB4F)


def band_keys_many(sigs: np.ndarray) -> np.ndarray:
    """LSH bucket keys of (n, NUM_PERM) signatures: (n, BANDS) 64-bit hashes of each band's ROWS values and its index.

    Two different bands share a key with probability ~2**-64: at worst a needless candidate, which the
    signature comparison then turns down."""
    v = np.asarray(sigs, dtype=np.uint32).reshape(-1, BANDS, ROWS).astype(np.uint64)
    h = v[:, :, 0] + _BAND_TAG
    for r in range(1, ROWS):  # unsigned arrays wrap silently: the point
        h = h * _BAND_MUL + v[:, :, r]
    h = (h ^ (h >> np.uint64(31))) * _BAND_MUL
    return h ^ (h >> np.uint64(29))


def band_keys(sig: np.ndarray) -> list[int]:
    """LSH bucket keys of one signature (band_keys_many): small ints hash and compare faster than bytes."""
    return band_keys_many(sig)[0].tolist()


def gram_hash(gram: str) -> int:
    """The shingle hash of a 3-character string (equal to its hash at any position of a text)."""
    return int(shingles(gram)[0])


def encode_signatures(sigs: np.ndarray) -> str:
    """(k, NUM_PERM) signatures as base64 of little-endian uint32 (compact in a JSON column)."""
    return base64.b64encode(np.ascontiguousarray(sigs, dtype="<u4").tobytes()).decode("ascii")


def decode_signatures(text: str) -> np.ndarray:
    """The inverse of encode_signatures; ValueError when `text` is not whole signatures."""
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if not raw or len(raw) % (NUM_PERM * 4):
        raise ValueError("not a whole number of signatures")
    return np.frombuffer(raw, dtype="<u4").astype(np.uint32).reshape(-1, NUM_PERM)


class MemberStore:
    """Member signatures of many events in one (events, MAX_MEMBERS, NUM_PERM) array, one row per event.

    A row keeps the first MAX_MEMBERS // 2 members, then a ring of the most recent ones. Slots not
    filled yet repeat the first signature, which changes no maximum: a row is always complete, so
    the candidates of an article are compared with one gather and one comparison."""

    def __init__(self, capacity: int = 256):
        self._sigs = np.empty((capacity, MAX_MEMBERS, NUM_PERM), dtype=np.uint32)
        self._free: list[int] = []
        self._used = 0

    def new_row(self, sig: np.ndarray) -> int:
        """A row holding `sig` as its only member."""
        if self._free:
            row = self._free.pop()
        else:
            if self._used == len(self._sigs):
                self._sigs = np.concatenate([self._sigs, np.empty_like(self._sigs)])
            row, self._used = self._used, self._used + 1
        self._sigs[row] = sig
        return row

    def add(self, row: int, members: int, sig: np.ndarray) -> None:
        """Store `sig` as member number `members` (0-based) of `row`."""
        half = MAX_MEMBERS // 2
        if members == 0:
            self._sigs[row] = sig
        elif members < half:
            self._sigs[row, members] = sig
        else:
            self._sigs[row, half + (members - half) % half] = sig

    def put(self, row: int, slot: int, sig: np.ndarray) -> None:
        """Set one slot of `row` (restoring a stored row slot by slot)."""
        self._sigs[row, slot] = sig

    def members(self, row: int, members: int) -> np.ndarray:
        """The distinct signatures kept for `row` (which has had `members` members)."""
        return self._sigs[row, :min(members, MAX_MEMBERS)]

    def best_overlap(self, rows: list[int], sig: np.ndarray, members: int = MAX_MEMBERS) -> list[float]:
        """Per row, the highest share of equal values between `sig` and a member (estimated Jaccard).

        `members`: the most members any of `rows` has had; the slots past it only repeat each row's first
        member, so they are not read (most events have a few members: a fraction of each row is gathered)."""
        slots = min(max(members, 1), MAX_MEMBERS)
        equal = np.count_nonzero(self._sigs[rows, :slots] == sig, axis=2).max(axis=1)
        return (equal / NUM_PERM).tolist()

    def free(self, row: int) -> None:
        """Give `row` back for reuse."""
        self._free.append(row)
