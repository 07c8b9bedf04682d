"""The first stage without scikit-learn's Python analyzer: one segmentation call per article, one native pass.

`classifier.model.build_pipeline` hashes word 1-2-grams (HashingVectorizer, token_pattern \\S+) and
character 2-3-grams, weighs them by sublinear TF-IDF, L2-normalises each block and scores them with a
sigmoid-calibrated LinearSVC. scikit-learn builds every n-gram string in Python; here the same arithmetic
runs in one compiled loop (numba) over the UTF-8 bytes, from weights read out of the loaded pipeline once:

- tokens: the Han runs of the word head, joined by newlines, go to the engine in ONE call
  (`Tokenizer.cut_runs`); a newline is never inside a jieba block, so each run is segmented exactly as
  `Tokenizer.cut` segments it on its own. Numbers and Latin words between the runs are found here with the
  rules of `tokenizer._OTHER_TOKEN` (a number is folded to "0" as `features.word_column` does), so the
  word column is the slow path's, byte for byte (tests/unit/classifier/test_fastpath.py).
- hashing: MurmurHash3 x86 32-bit, seed 0, `abs(h) % n_features` (with scikit-learn's rule for -2**31),
  counts summed per index, as `HashingVectorizer(alternate_sign=False, norm=None)`.
- TF-IDF: `1 + log(count)` times the fitted idf, L2 norm per block (word, character), as
  `TfidfTransformer(sublinear_tf=True)`; computed in float64 where scikit-learn keeps float32, so
  probabilities agree to ~1e-7.
- probabilities: the decision function of each calibrated classifier, the sigmoid calibrators, the
  normalisation over classes and the mean over calibrated classifiers of
  `CalibratedClassifierCV.predict_proba`.

A pipeline of another shape (other n-gram ranges, analyzers or settings) is refused by `unsupported`,
and the engine keeps scikit-learn's path for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from classifier import features


def unsupported(pipeline) -> str | None:
    """Why the fast path cannot reproduce this pipeline, or None when it can."""
    try:
        feats = pipeline.named_steps["features"]
        clf = pipeline.named_steps["clf"]
        (wname, wpipe, wcol), (cname, cpipe, ccol) = [t for t in feats.transformers_ if t[0] != "remainder"]
    except (AttributeError, KeyError, ValueError, TypeError) as exc:
        return f"not a (features, clf) pipeline with two hashed columns: {exc}"
    if (wcol, ccol) != (0, 1):
        return f"columns {wcol!r}, {ccol!r} are not (0, 1)"
    expected = {
        wname: dict(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), tokenizer=None, preprocessor=None),
        cname: dict(analyzer="char", ngram_range=(2, 3), preprocessor=None),
    }
    for name, part in ((wname, wpipe), (cname, cpipe)):
        try:
            hasher, tfidf = part.named_steps["hash"], part.named_steps["tfidf"]
        except (AttributeError, KeyError):
            return f"{name}: not a hash + tfidf pipeline"
        settings = dict(expected[name], lowercase=False, alternate_sign=False, norm=None, strip_accents=None,
                        stop_words=None, input="content", encoding="utf-8", decode_error="strict")
        for key, want in settings.items():
            if getattr(hasher, key, None) != want:
                return f"{name}: {key}={getattr(hasher, key, None)!r}, expected {want!r}"
        if not (tfidf.sublinear_tf and tfidf.use_idf and tfidf.norm == "l2"):
            return f"{name}: TF-IDF is not sublinear, idf-weighted and L2-normalised"
    if getattr(clf, "method", None) != "sigmoid":
        return f"calibration {getattr(clf, 'method', None)!r} is not sigmoid"
    for cc in clf.calibrated_classifiers_:
        if not hasattr(cc.estimator, "coef_") or cc.estimator.coef_.shape[0] < 3:
            return "the calibrated estimator is not a linear multi-class model"
    if len(clf.classes_) < 3:
        return "fewer than three classes"
    return None


class FastPath:
    """Calibrated probabilities for documents (classifier.features.document, normalised), as the pipeline's."""

    def __init__(self, pipeline, tokenizer):
        reason = unsupported(pipeline)
        if reason:
            raise ValueError(f"the fast path cannot reproduce this pipeline: {reason}")
        self.tokenizer = tokenizer
        feats = pipeline.named_steps["features"]
        clf = pipeline.named_steps["clf"]
        (_, wpipe, _), (_, cpipe, _) = [t for t in feats.transformers_ if t[0] != "remainder"]
        self.n_word = int(wpipe.named_steps["hash"].n_features)
        self.n_char = int(cpipe.named_steps["hash"].n_features)
        self._idf_word = np.ascontiguousarray(wpipe.named_steps["tfidf"].idf_, dtype=np.float64)
        self._idf_char = np.ascontiguousarray(cpipe.named_steps["tfidf"].idf_, dtype=np.float64)
        self.classes = [str(c) for c in clf.classes_]
        ccs = clf.calibrated_classifiers_
        # One weight row per feature, one column per (calibrated classifier, estimator class).
        coef = np.vstack([np.asarray(cc.estimator.coef_, dtype=np.float64) for cc in ccs])
        # One row per feature (word block, then character block): its idf, then one weight per column of
        # `coef`, in float32 padded to 8 values so two rows share a 64-byte cache line: the kernel reads one
        # line per n-gram, and the 8 MB table stays in cache better than float64 would.
        width = -(-(1 + coef.shape[0]) // 8) * 8
        table = _aligned((self.n_word + self.n_char, width))
        table[:, 0] = np.concatenate([self._idf_word, self._idf_char])
        table[:, 1:1 + coef.shape[0]] = coef.T
        table[:, 1 + coef.shape[0]:] = 0.0
        self._table = table
        self._n_columns = coef.shape[0]
        self._intercept = np.concatenate([np.asarray(cc.estimator.intercept_, dtype=np.float64) for cc in ccs])
        self._calibration = []  # per calibrated classifier: (column slice, class index per column, a, b)
        start = 0
        for cc in ccs:
            k = len(cc.estimator.classes_)
            positions = [self.classes.index(str(c)) for c in cc.estimator.classes_]
            a = np.array([float(cal.a_) for cal in cc.calibrators])
            b = np.array([float(cal.b_) for cal in cc.calibrators])
            self._calibration.append((slice(start, start + k), np.array(positions), a, b))
            start += k
        self.predict_proba(["预热 warm-up 1.5"])  # compile (or load from numba's cache) now, not on the first article

    # -- inputs ---------------------------------------------------------------------------------------
    def _inputs(self, docs: list[str]):
        """UTF-8 of each document's word head and of its segmented Han runs, concatenated, with offsets."""
        # A lone surrogate (hostile JSON) cannot be UTF-8: kept as its 3-byte form, never a Han, digit or space.
        # Full-width digits and points are read as ASCII ones by the kernels (numerals.normalise_digits's
        # regex scan cost more than the whole encode).
        head, head_off = _concat([d[: features.MAX_WORD_CHARS].encode("utf-8", "surrogatepass") for d in docs])
        runs, runs_off = _kernels().han_runs(head, head_off)
        runs = runs.tobytes()
        cut = self.tokenizer.cut_runs
        seg, seg_off = _concat([cut(runs[a:b].decode("utf-8")).encode("utf-8")
                                for a, b in zip(runs_off[:-1].tolist(), runs_off[1:].tolist())])
        return head, head_off, seg, seg_off

    # -- outputs --------------------------------------------------------------------------------------
    def inputs(self, docs: list[str]):
        """The kernel's inputs for `docs` (segmented once): pass them to predict_proba and word_row."""
        return self._inputs(docs)

    def decision(self, docs: list[str], inputs=None) -> np.ndarray:
        """Each calibrated classifier's decision function, side by side: (n, sum of estimator classes)."""
        if not docs:
            return np.zeros((0, self._n_columns))
        out = np.zeros((len(docs), self._n_columns))
        _kernels().score_batch(*(inputs or self._inputs(docs)), features.MAX_CHAR_CHARS, _char_classes(), self.n_word, self.n_char,
                               self._table, out)
        return out + self._intercept

    def predict_proba(self, docs: list[str], inputs=None) -> np.ndarray:
        """As CalibratedClassifierCV.predict_proba on the pipeline's features of `docs` (`inputs`: theirs, if made)."""
        dec = self.decision(docs, inputs)
        n_classes = len(self.classes)
        mean = np.zeros((len(docs), n_classes))
        for cols, positions, a, b in self._calibration:
            proba = np.zeros((len(docs), n_classes))
            proba[:, positions] = 1.0 / (1.0 + np.exp(a * dec[:, cols] + b))  # expit(-(a * d + b))
            denominator = proba.sum(axis=1)[:, None]
            proba = np.divide(proba, denominator, out=np.full_like(proba, 1 / n_classes), where=denominator != 0)
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean += proba
        return mean / len(self._calibration)

    def word_row(self, doc: str, inputs=None, i: int = 0):
        """The word block of one document: column indices (ascending), TF-IDF values, and a function from
        wanted indices to the term behind each (decoded only for those).

        A term is the first unigram hashed to the index, else the first bigram, as
        `classifier.model.feature_names` names it. `inputs` (from `inputs(docs)`, doc being docs[i]) saves
        segmenting the document again."""
        indices, values, spans, column = self._word_block(doc, inputs, i)
        order = np.argsort(indices)
        indices, values, spans = indices[order].astype(np.int64), values[order].astype(np.float32), spans[order]

        def name_of(wanted) -> dict[int, str]:
            want = np.fromiter(wanted, dtype=np.int64)
            pos = np.searchsorted(indices, want)
            out = {}
            for j, p in zip(want.tolist(), pos.tolist()):
                if p < len(indices) and indices[p] == j:
                    out[j] = column[spans[p, 0]:spans[p, 1]].decode("utf-8", "surrogatepass")
            return out

        return indices, values, name_of

    def word_column(self, doc: str) -> str:
        """The word column the kernel hashed: tokens joined by spaces, numbers as "0" (features.word_column's)."""
        return self._word_block(doc)[3].decode("utf-8", "surrogatepass")

    def _word_block(self, doc: str, inputs=None, i: int = 0):
        if inputs is None:
            head, _, seg, _ = self._inputs([doc])
        else:
            head, head_off, seg, seg_off = inputs
            head, seg = head[head_off[i]:head_off[i + 1]], seg[seg_off[i]:seg_off[i + 1]]
        indices, values, spans, column = _kernels().word_row(head, seg, _char_classes(), self._idf_word)
        return indices, values, spans, column.tobytes()


def _concat(parts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The parts as one uint8 array, and the offsets where each starts (plus the end)."""
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    return np.frombuffer(b"".join(parts), dtype=np.uint8), offsets


def _aligned(shape: tuple[int, int]) -> np.ndarray:
    """An uninitialised float32 array that starts on a 64-byte boundary."""
    n = shape[0] * shape[1]
    raw = np.empty(n + 16, dtype=np.float32)
    skip = (-raw.ctypes.data % 64) // 4
    return raw[skip:skip + n].reshape(shape)


DIGIT, SPACE = 1, 2  # bits of _char_classes


@lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """Per code point: DIGIT where Python's `\\d` matches it (the tokenizer's and features' number rule),
    SPACE where `\\s` does (scikit-learn's whitespace collapse)."""
    table = np.zeros(0x110000, dtype=np.uint8)
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    for bit, pattern in ((DIGIT, r"\d"), (SPACE, r"\s")):
        for m in re.finditer(pattern, every):
            table[ord(m.group())] |= bit
    return table


@lru_cache(maxsize=1)
def _kernels():
    """The compiled functions (score_batch and word_row are the entry points); numba caches them beside this module."""
    import numba as nb

    jit = nb.njit(cache=True, nogil=True)

    u32, u64 = nb.uint32, nb.uint64
    inline = nb.njit(cache=True, nogil=True, inline="always")

    @inline
    def rotl(x, r):
        return (x << u32(r)) | (x >> u32(32 - r))

    @inline
    def mix(k):
        return u32(rotl(u32(k * u32(0xCC9E2D51)), 15) * u32(0x1B873593))

    @inline
    def murmur(buf, start, end):
        # MurmurHash3_x86_32 with seed 0 over buf[start:end], as sklearn.utils.murmurhash3_32 (signed).
        # Unsigned positions: numba then emits no negative-index check per byte, and LLVM merges the four
        # byte loads of a block into one (1.3-1.7x faster on 6-13-byte n-grams).
        h = u32(0)
        p = u64(start)
        stop = u64(start + ((end - start) & ~3))
        while p < stop:
            k = (u32(buf[p]) | (u32(buf[p + u64(1)]) << u32(8)) | (u32(buf[p + u64(2)]) << u32(16))
                 | (u32(buf[p + u64(3)]) << u32(24)))
            h = u32(rotl(u32(h ^ mix(k)), 13) * u32(5) + u32(0xE6546B64))
            p += u64(4)
        rest = end - stop
        if rest:
            k = u32(buf[p])
            if rest >= 2:
                k = k ^ (u32(buf[p + u64(1)]) << u32(8))
            if rest == 3:
                k = k ^ (u32(buf[p + u64(2)]) << u32(16))
            h = u32(h ^ mix(k))
        h = u32(h ^ u32(end - start))
        h = u32((h ^ (h >> u32(16))) * u32(0x85EBCA6B))
        h = u32((h ^ (h >> u32(13))) * u32(0xC2B2AE35))
        return np.int32(h ^ (h >> u32(16)))

    @jit
    def column(h, n_features):
        if h == -2147483648:
            return (2147483647 - (n_features - 1)) % n_features
        if n_features & (n_features - 1) == 0:  # a power of two (the shipped sizes): a mask, not a division
            return abs(h) & (n_features - 1)
        return abs(h) % n_features

    @inline
    def codepoint(buf, p, end):
        # (code point, its length in bytes) of the UTF-8 sequence at p (input is valid UTF-8 from str.encode);
        # unsigned positions, as in murmur.
        q = u64(p)
        b = np.int64(buf[q])
        if b < 0x80:
            return b, 1
        if b < 0xE0:
            return ((b & 0x1F) << 6) | (np.int64(buf[q + u64(1)]) & 0x3F), 2
        if b < 0xF0:
            return (((b & 0x0F) << 12) | ((np.int64(buf[q + u64(1)]) & 0x3F) << 6)
                    | (np.int64(buf[q + u64(2)]) & 0x3F)), 3
        return (((b & 0x07) << 18) | ((np.int64(buf[q + u64(1)]) & 0x3F) << 12)
                | ((np.int64(buf[q + u64(2)]) & 0x3F) << 6) | (np.int64(buf[q + u64(3)]) & 0x3F)), 4

    @jit
    def digits_end(buf, p, end, classes):
        while p < end:
            cp, ln = codepoint(buf, p, end)
            if not classes[cp] & DIGIT:
                break
            p += ln
        return p

    @jit
    def number_end(buf, p, end, classes):
        # Where the number starting at p ends: \d+(?:\.\d+)?, the rule of tokenizer._OTHER_TOKEN and
        # features._DIGIT_RUN, after numerals.normalise_digits (so the point may be the full-width U+FF0E).
        p = digits_end(buf, p, end, classes)
        point = 1 if p + 1 < end and buf[p] == 46 else 0
        if not point and p + 3 < end and buf[p] == 0xEF and buf[p + 1] == 0xBC and buf[p + 2] == 0x8E:
            point = 3
        if point:
            cp, ln = codepoint(buf, p + point, end)
            if classes[cp] & DIGIT:
                p = digits_end(buf, p + point, end, classes)
        return p

    @jit
    def words(head, hs, he, seg, ss, se, classes, wbuf, tstart, tend):
        # The word column (tokens joined by one space) into wbuf; token spans into tstart/tend; returns count.
        ntok = 0
        w = 0
        p = hs
        q = ss
        while p < he:
            cp, ln = codepoint(head, p, he)
            if 0x4E00 <= cp <= 0x9FFF:
                while p < he:  # skip the Han run: its tokens come from the segmenter's output
                    cp, ln = codepoint(head, p, he)
                    if not (0x4E00 <= cp <= 0x9FFF):
                        break
                    p += ln
                while q < se:  # tokens of this run up to the "\n" separator token
                    t0 = q
                    while q < se and seg[q] != 32:
                        q += 1
                    t1 = q
                    q += 1  # the space after the token
                    if t1 - t0 == 1 and seg[t0] == 10:
                        break
                    if ntok:
                        wbuf[w] = 32
                        w += 1
                    tstart[ntok] = w
                    for i in range(t0, t1):
                        wbuf[w] = seg[i]
                        w += 1
                    tend[ntok] = w
                    ntok += 1
            elif classes[cp] & DIGIT:
                p = number_end(head, p, he, classes)
                if ntok:
                    wbuf[w] = 32
                    w += 1
                tstart[ntok] = w
                wbuf[w] = 48  # a number is folded to "0"
                w += 1
                tend[ntok] = w
                ntok += 1
            elif (65 <= cp <= 90) or (97 <= cp <= 122):
                if ntok:
                    wbuf[w] = 32
                    w += 1
                tstart[ntok] = w
                while p < he and ((65 <= head[p] <= 90) or (97 <= head[p] <= 122)):
                    wbuf[w] = head[p]
                    w += 1
                    p += 1
                tend[ntok] = w
                ntok += 1
            else:
                p += ln
        return ntok

    @jit
    def tally(cols, ncols, keys, counts, slots):
        # Counts per column index in a small open-addressing table that stays in L1 (the model's arrays do
        # not: a lookup per n-gram in them would cost a cache miss each). Returns the used slots.
        mask = keys.shape[0] - 1
        nslots = 0
        for j in range(ncols):
            c = cols[j]
            s = (c * 2654435761) & mask
            while keys[s] != c and keys[s] != -1:
                s = (s + 1) & mask
            if keys[s] == -1:
                keys[s] = c
                slots[nslots] = s
                nslots += 1
            counts[s] += 1
        return nslots

    @jit
    def score_block(keys, counts, slots, nslots, table, offset, out_row):
        # Sublinear TF-IDF, L2-normalised, dotted with the weights: one table row (idf, weights) per
        # distinct n-gram. Clears the slots it used.
        ncls = out_row.shape[0]
        acc = np.zeros(ncls)
        norm2 = 0.0
        for j in range(nslots):
            s = slots[j]
            row = table[offset + keys[s]]
            idf = np.float64(row[0])
            v = idf if counts[s] == 1 else (1.0 + np.log(np.float64(counts[s]))) * idf
            norm2 += v * v
            for k in range(ncls):
                acc[k] += v * np.float64(row[1 + k])
            keys[s] = -1
            counts[s] = 0
        if norm2 > 0:
            inv = 1.0 / np.sqrt(norm2)
            for k in range(ncls):
                out_row[k] += acc[k] * inv

    @jit
    def word_columns(wbuf, tstart, tend, ntok, n_features, cols):
        n = 0
        for t in range(ntok):
            cols[n] = column(murmur(wbuf, tstart[t], tend[t]), n_features)
            n += 1
        for t in range(ntok - 1):
            cols[n] = column(murmur(wbuf, tstart[t], tend[t + 1]), n_features)
            n += 1
        return n

    @jit
    def char_columns(buf, s, e, n_features, bounds, cols):
        nb_ = 0
        for p in range(s, e):
            if (buf[p] & 0xC0) != 0x80:
                bounds[nb_] = p
                nb_ += 1
        bounds[nb_] = e
        n = 0
        for width in (2, 3):
            for i in range(nb_ - width + 1):
                cols[n] = column(murmur(buf, bounds[i], bounds[i + width]), n_features)
                n += 1
        return n

    @jit
    def han_runs(head, head_off):
        # Per document, its Han runs (tokenizer.HAN_RUN) joined by "\n": what Tokenizer.cut_runs segments.
        out = np.empty(head.shape[0], np.uint8)
        off = np.zeros(head_off.shape[0], np.int64)
        w = 0
        for i in range(head_off.shape[0] - 1):
            p, e = head_off[i], head_off[i + 1]
            inside = False
            first = True
            while p < e:
                cp, ln = codepoint(head, p, e)
                if 0x4E00 <= cp <= 0x9FFF:
                    if not inside and not first:
                        out[w] = 10
                        w += 1
                    inside = True
                    first = False
                    for j in range(ln):
                        out[w] = head[p + j]
                        w += 1
                else:
                    inside = False
                p += ln
            off[i + 1] = w
        return out[:w], off

    @jit
    def char_text(head, hs, he, limit, classes, cbuf):
        # features.char_column of the first `limit` code points (full-width digits and points as ASCII,
        # numbers folded to "0"), then scikit-learn's \s\s+ -> " "; into cbuf, returns its length.
        end = hs
        n = 0
        while end < he and n < limit:
            cp, ln = codepoint(head, end, he)
            end += ln
            n += 1
        p = hs
        w = 0
        while p < end:
            cp, ln = codepoint(head, p, end)
            if classes[cp] & DIGIT:
                p = number_end(head, p, end, classes)
                cbuf[w] = 48
                w += 1
            elif classes[cp] & SPACE:
                q = p
                run = 0
                while q < end:
                    cp, ln = codepoint(head, q, end)
                    if not classes[cp] & SPACE:
                        break
                    q += ln
                    run += 1
                if run >= 2:
                    cbuf[w] = 32
                    w += 1
                else:
                    for j in range(p, q):
                        cbuf[w] = head[j]
                        w += 1
                p = q
            elif cp == 0xFF0E:  # a full-width point outside a number: "." after normalise_digits
                cbuf[w] = 46
                w += 1
                p += ln
            else:
                for j in range(ln):
                    cbuf[w] = head[p + j]
                    w += 1
                p += ln
        return w

    @jit
    def score_batch(head, head_off, seg, seg_off, char_limit, classes, n_word, n_char, table, out):
        most = 1
        for i in range(out.shape[0]):
            most = max(most, head_off[i + 1] - head_off[i])
        wbuf = np.empty(2 * most + 2, np.uint8)
        cbuf = np.empty(most + 1, np.uint8)
        tstart = np.empty(most + 1, np.int64)
        tend = np.empty(most + 1, np.int64)
        cols = np.empty(2 * most + 2, np.int64)
        bounds = np.empty(most + 1, np.int64)
        size = 1024
        while size < 4 * most + 4:  # at most 2 * most n-grams per block: the table stays under half full
            size *= 2
        keys = np.full(size, -1, np.int64)
        counts = np.zeros(size, np.int32)
        slots = np.empty(size, np.int64)
        for i in range(out.shape[0]):
            ntok = words(head, head_off[i], head_off[i + 1], seg, seg_off[i], seg_off[i + 1], classes,
                         wbuf, tstart, tend)
            n = word_columns(wbuf, tstart, tend, ntok, n_word, cols)
            score_block(keys, counts, slots, tally(cols, n, keys, counts, slots), table, 0, out[i])
            w = char_text(head, head_off[i], head_off[i + 1], char_limit, classes, cbuf)
            n = char_columns(cbuf, 0, w, n_char, bounds, cols)
            score_block(keys, counts, slots, tally(cols, n, keys, counts, slots), table, n_word, out[i])

    @jit
    def word_row(head, seg, classes, idf_word):
        # One document's word block: indices (first-seen order), TF-IDF values, and the byte span in the
        # returned word column of the first unigram (else bigram) behind each index.
        n_word = idf_word.shape[0]
        most = head.shape[0] + 1
        wbuf = np.empty(2 * most + 2, np.uint8)
        tstart = np.empty(most + 1, np.int64)
        tend = np.empty(most + 1, np.int64)
        cols = np.empty(2 * most + 2, np.int64)
        ntok = words(head, 0, head.shape[0], seg, 0, seg.shape[0], classes, wbuf, tstart, tend)
        n = word_columns(wbuf, tstart, tend, ntok, n_word, cols)
        counts = np.zeros(n_word, np.int32)
        touched = np.empty(n, np.int64)
        spans = np.empty((n, 2), np.int64)
        nt = 0
        for j in range(n):
            c = cols[j]
            if counts[c] == 0:
                touched[nt] = c
                t = j if j < ntok else j - ntok  # unigrams first, then bigram t = tokens t, t + 1
                spans[nt, 0] = tstart[t]
                spans[nt, 1] = tend[t] if j < ntok else tend[t + 1]
                nt += 1
            counts[c] += 1
        values = np.empty(nt, np.float64)
        norm2 = 0.0
        for j in range(nt):
            values[j] = (1.0 + np.log(np.float64(counts[touched[j]]))) * idf_word[touched[j]]
            norm2 += values[j] * values[j]
        if norm2 > 0:
            values /= np.sqrt(norm2)
        wlen = tend[ntok - 1] if ntok else 0
        return touched[:nt].copy(), values, spans[:nt].copy(), wbuf[:wlen].copy()

    return SimpleNamespace(**{f.__name__: f for f in (murmur, words, han_runs, char_text, word_columns, char_columns,
                                                      tally, score_block, score_batch, word_row)})
