"""Radius search over 256-bit PDQ hashes: multi-index hashing (MIH) over direct-addressed tables, a brute
force popcount scan for small sets, and a delta buffer + tombstones so adds and removes never rebuild.

Why our own MIH rather than faiss: measured on this 2-core machine (docs/HASHING.md), faiss
``IndexBinaryMultiHash`` answers 970 (16x16 bits, 1 flip) to 2,960 (11x23 bits, 2 flips) radius-31 queries/s
over 1M hashes and its hash maps need ~350 MB per million codes, so 10M would not fit in 2 GB;
``IndexBinaryFlat`` is exhaustive (~1,700 q/s at 1M, ~170 at 10M). The layout below is the same algorithm
(Norouzi et al., "Fast exact search in Hamming space with multi-index hashing") with flat numpy arrays:

- the 256 bits are cut into M = 11 substrings of 23 bits. By the pigeonhole principle any code within
  Hamming distance 31 of the query differs in at most floor(31 / 11) = 2 bits in at least one substring,
  so probing every substring key within 2 flips (1 + 23 + 253 = 277 keys per table) finds *every* match:
  the search is exact for radius <= 32 - 1 = 31 (and for any radius < 3 * 11 = 33);
- each table is an ``offsets`` array indexed directly by the 23-bit key (2^23 + 1 int32) and the entry
  ids sorted by key (int32): a probe is two array reads, no hashing;
- candidates are verified with a vectorised XOR + popcount on the packed codes.

Memory for N codes: 32 N (codes) + 44 N (ids) + 11 x 32 MiB (offsets) = ~1.1 GB for 10M.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

BITS = 256
WORDS = 4
M = 11  # substrings
SUB = 23  # bits per substring
MAX_FLIPS = 2
EXACT_RADIUS = 32  # 11 substrings all >= 3 bits apart means >= 33: every match within 32 is found
BRUTE_FORCE_BELOW = 50_000  # below this a popcount scan is ~0.2 ms/query and not worth 352 MiB of tables
DELTA_MERGE = 200_000  # added codes are scanned by brute force until there are this many, then merged
QUERY_BATCH = 256


def _huge_zeros(shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """Zeroed array on anonymous memory advised for transparent huge pages: the probe tables are read at
    random, and 2 MiB pages cut the TLB misses that otherwise dominate a probe (measured in HASHING.md)."""
    import mmap

    n = int(np.prod(shape)) * np.dtype(dtype).itemsize
    buf = mmap.mmap(-1, max(n, 1), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if hasattr(mmap, "MADV_HUGEPAGE"):
        buf.madvise(mmap.MADV_HUGEPAGE)
    return np.frombuffer(buf, dtype=dtype, count=int(np.prod(shape))).reshape(shape)


def hex_to_words(hexes: Iterable[str]) -> np.ndarray:
    """64-hex PDQ strings -> (n, 4) uint64, big-endian words (bit 0 = the first hex digit's top bit)."""
    raw = b"".join(bytes.fromhex(h) for h in hexes)
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, WORDS)


def words_to_hex(words: np.ndarray) -> list[str]:
    return [r.astype(">u8").tobytes().hex() for r in np.atleast_2d(words)]


def _substring(words: np.ndarray, i: int) -> np.ndarray:
    """Bits [i*SUB, (i+1)*SUB) of each code as int64 keys."""
    start = i * SUB
    w, off = divmod(start, 64)
    mask = np.uint64((1 << SUB) - 1)
    if off + SUB <= 64:
        return ((words[:, w] >> np.uint64(64 - off - SUB)) & mask).astype(np.int64)
    lo_bits = off + SUB - 64  # bits taken from the next word
    hi = (words[:, w] & np.uint64((1 << (64 - off)) - 1)) << np.uint64(lo_bits)
    lo = words[:, w + 1] >> np.uint64(64 - lo_bits)
    return ((hi | lo) & mask).astype(np.int64)


def _flip_masks() -> np.ndarray:
    masks = [sum(1 << b for b in bits) for f in range(MAX_FLIPS + 1) for bits in itertools.combinations(range(SUB), f)]
    return np.array(masks, dtype=np.int64)


FLIPS = _flip_masks()  # by number of bits flipped: 1 key with none, SUB with one, then the pairs


def probes_per_table(radius: int) -> np.ndarray:
    """How many of FLIPS each table tries for ``radius`` <= EXACT_RADIUS. Norouzi et al.'s tighter pigeonhole:
    with radius = s * M + a (0 <= a < M), a match within the radius differs in <= s bits in one of the first
    a + 1 substrings or in <= s - 1 bits in one of the others (else the distance is >= (a + 1)(s + 1) +
    (M - a - 1) s = radius + 1). At radius 31 (s = 2, a = 9) the last table needs 24 keys, not 277."""
    s, a = divmod(radius, M)
    upto = np.cumsum([math.comb(SUB, f) for f in range(MAX_FLIPS + 1)])  # keys within 0, 1, ... flips
    per = [int(upto[s]) if t <= a else (int(upto[s - 1]) if s > 0 else 0) for t in range(M)]
    return np.array(per, dtype=np.int64)


try:  # the compiled kernel: ~20x faster than the vectorised numpy path on 10M codes (docs/HASHING.md)
    from llvmlite import ir
    from numba import njit, types
    from numba.core import cgutils
    from numba.extending import intrinsic

    HAVE_NUMBA = True

    @intrinsic
    def _prefetch(typingctx, arr, i, j):  # type: ignore[no-untyped-def]
        """Software prefetch of ``arr[i, j]`` (LLVM's llvm.prefetch: read, keep in all cache levels). numba
        has no prefetch of its own. The kernel below knows thousands of addresses it will read at random
        long before it reads them; without hints the CPU only overlaps the few misses its reorder window
        holds. Measured: 2x lookups per CPU-second at 10M codes (docs/HASHING.md)."""
        sig = types.void(arr, i, j)

        def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
            aryty = signature.args[0]
            ary = context.make_array(aryty)(context, builder, args[0])
            ptr = cgutils.get_item_pointer(context, builder, aryty, ary, [args[1], args[2]])
            i8p = ir.IntType(8).as_pointer()
            fnty = ir.FunctionType(ir.VoidType(), [i8p, ir.IntType(32), ir.IntType(32), ir.IntType(32)])
            fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0i8")
            flags = [ir.Constant(ir.IntType(32), v) for v in (0, 3, 1)]  # read, high locality, data
            builder.call(fn, [builder.bitcast(ptr, i8p), *flags])
            return context.get_dummy_value()

        return sig, codegen

except ImportError:  # pragma: no cover - numpy path below still works, slower
    HAVE_NUMBA = False

    def njit(*a, **k):  # type: ignore[no-redef]
        return lambda f: f

    def _prefetch(arr, i, j):  # type: ignore[no-untyped-def]
        pass

PREFETCH_AHEAD = 64  # candidates (and probe ranges) ahead of the one being read: ~the memory latency's worth


@njit(cache=True, nogil=True, error_model="numpy", boundscheck=False)
def _popcount64(x):  # type: ignore[no-untyped-def]
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@njit(cache=True, nogil=True, error_model="numpy", boundscheck=False)
def _mih_kernel(q, radius, offsets, orders, codes, alive, flips, probes, out_q, out_row, out_d):  # type: ignore[no-untyped-def]
    """For each query: (1) compute every probe key and prefetch its offset-table entry, then read the
    ranges, (2) gather the candidate rows of all ranges into one array (prefetching the ranges ahead), then
    (3) verify them in one flat loop (prefetching the codes ahead). Every random read is issued long before
    it is needed, so many are in flight at once: a probe costs about one memory latency divided by the
    number in flight. Verifying range by range (a 0-3 iteration loop per probe) stalled on a mispredicted
    loop exit per probe; the flat loop does not. Returns the number of hits written, or -1 when the out
    arrays are too small. Duplicate hits (one entry reached through several substrings) are removed by the
    caller. ``probes[t]``: how many of ``flips`` table t tries."""
    n_hits = 0
    mask = np.uint64((1 << SUB) - 1)
    n_tables = offsets.shape[0]
    n_probe = 0
    for t in range(n_tables):
        n_probe += probes[t]
    keys = np.empty(n_probe, np.int64)
    starts = np.empty(n_probe, np.int64)
    ends = np.empty(n_probe, np.int64)
    tabs = np.empty(n_probe, np.int64)
    cand = np.empty(8192, np.int64)
    ahead = PREFETCH_AHEAD
    for qi in range(q.shape[0]):
        base = 0
        for t in range(n_tables):
            start = t * SUB
            w = start // 64
            off = start % 64
            if off + SUB <= 64:
                key = (q[qi, w] >> np.uint64(64 - off - SUB)) & mask
            else:
                lo_bits = off + SUB - 64
                hi = (q[qi, w] & np.uint64((1 << (64 - off)) - 1)) << np.uint64(lo_bits)
                key = (hi | (q[qi, w + 1] >> np.uint64(64 - lo_bits))) & mask
            ikey = np.int64(key)
            for f in range(probes[t]):
                k = ikey ^ flips[f]
                keys[base + f] = k
                tabs[base + f] = t
                _prefetch(offsets, t, k)
            base += probes[t]
        total = 0
        for j in range(n_probe):
            s = offsets[tabs[j], keys[j]]
            e = offsets[tabs[j], keys[j] + 1]
            starts[j] = s
            ends[j] = e
            total += e - s
        if total > cand.shape[0]:
            cand = np.empty(2 * total, np.int64)
        n_c = 0
        for j in range(n_probe):
            if j + ahead < n_probe:
                _prefetch(orders, tabs[j + ahead], starts[j + ahead])
            t = tabs[j]
            for p in range(starts[j], ends[j]):
                cand[n_c] = orders[t, p]
                n_c += 1
        for i in range(min(ahead, n_c)):
            _prefetch(codes, cand[i], 0)
        q0, q1, q2, q3 = q[qi, 0], q[qi, 1], q[qi, 2], q[qi, 3]
        for i in range(n_c):
            if i + ahead < n_c:
                _prefetch(codes, cand[i + ahead], 0)
            row = cand[i]
            d = _popcount64(codes[row, 0] ^ q0) + _popcount64(codes[row, 1] ^ q1)
            if d > radius:
                continue
            d += _popcount64(codes[row, 2] ^ q2) + _popcount64(codes[row, 3] ^ q3)
            if d <= radius and alive[row]:
                if n_hits >= out_q.shape[0]:
                    return -1
                out_q[n_hits] = qi
                out_row[n_hits] = row
                out_d[n_hits] = d
                n_hits += 1
    return n_hits


def popcount_distances(codes: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Hamming distances from one query (4,) to many codes (n, 4)."""
    return np.bitwise_count(codes ^ q).sum(axis=1, dtype=np.int32)


@dataclass
class Hit:
    query: int  # index of the query in the batch
    id: int  # the entry id given at add()
    distance: int


def _last_per_id(codes: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One code per id, the last given: an id repeated within one call would otherwise leave its earlier code
    searchable after remove(), with no position to tombstone it by."""
    _, last_rev = np.unique(ids[::-1], return_index=True)
    if len(last_rev) == len(ids):
        return codes, ids
    keep = np.sort(len(ids) - 1 - last_rev)
    return codes[keep], ids[keep]


class PDQIndex:
    """Radius search over PDQ codes. ids are caller-chosen int64 (e.g. bank entry primary keys)."""

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads  # None: one per core
        self._codes = np.empty((0, WORDS), np.uint64)  # static part, indexed by MIH when large
        self._ids = np.empty(0, np.int64)
        self._alive = np.empty(0, bool)
        self._offsets = np.empty((0, 0), np.int32)  # (M, 2^SUB + 1): start of each key's run in _orders
        self._orders = np.empty((0, 0), np.int32)  # (M, N): static rows sorted by substring key
        self._delta_codes: list[np.ndarray] = []
        self._delta_ids: list[np.ndarray] = []
        self._delta_cache: tuple[np.ndarray, np.ndarray] | None = None
        self._id_order = np.empty(0, np.int64)  # rows of the static part sorted by id (no per-entry dict)
        self._pos: dict[int, int] = {}  # delta entries only: id -> n-th added
        self._removed_delta: set[int] = set()

    # ---- building -------------------------------------------------------------------------------------
    @classmethod
    def build(cls, codes: np.ndarray, ids: np.ndarray, threads: int | None = None) -> PDQIndex:
        idx = cls(threads)
        idx._set_static(*_last_per_id(np.ascontiguousarray(codes, np.uint64), np.asarray(ids, np.int64)))
        return idx

    def _set_static(self, codes: np.ndarray, ids: np.ndarray) -> None:
        self._codes, self._ids = codes, ids
        self._alive = np.ones(len(ids), bool)
        self._id_order = np.argsort(ids, kind="stable")
        self._pos = {}
        if len(codes) >= BRUTE_FORCE_BELOW:
            self._offsets = _huge_zeros((M, (1 << SUB) + 1), np.int32)
            self._orders = _huge_zeros((M, len(codes)), np.int32)
            for t in range(M):
                keys = _substring(codes, t)
                self._orders[t] = np.argsort(keys, kind="stable")
                np.cumsum(np.bincount(keys, minlength=1 << SUB), out=self._offsets[t, 1:])
                del keys
        else:
            self._offsets = np.empty((0, 0), np.int32)
            self._orders = np.empty((0, 0), np.int32)

    def add(self, codes: np.ndarray, ids: np.ndarray) -> None:
        """Incremental: goes to the delta buffer (brute force) until it is large enough to merge."""
        codes = np.ascontiguousarray(np.atleast_2d(codes), np.uint64)
        ids = np.asarray(ids, np.int64).reshape(-1)
        codes, ids = _last_per_id(codes, ids)
        self.remove(ids.tolist())  # re-adding an id replaces its code
        base = sum(len(x) for x in self._delta_ids)
        for k, i in enumerate(ids.tolist()):
            self._pos[i] = base + k
        self._delta_codes.append(codes)
        self._delta_ids.append(ids)
        self._delta_cache = None
        if base + len(ids) >= max(DELTA_MERGE, len(self._ids) // 10):
            self.compact()

    def remove(self, ids: Iterable[int]) -> int:
        """Tombstones: removed entries are filtered from results at once; memory is reclaimed at compact()."""
        n = 0
        for i in ids:
            row = self._static_row(int(i))
            if row is not None and self._alive[row]:
                self._alive[row] = False
                n += 1
            where = self._pos.pop(int(i), None)
            if where is not None:
                self._removed_delta.add(where)
                self._delta_cache = None
                n += 1
        return n

    def _static_row(self, entry_id: int) -> int | None:
        if not len(self._ids):
            return None
        k = int(np.searchsorted(self._ids, entry_id, sorter=self._id_order))
        if k < len(self._ids) and self._ids[self._id_order[k]] == entry_id:
            return int(self._id_order[k])
        return None

    def compact(self) -> None:
        codes, ids = self._all_alive()
        self._delta_codes, self._delta_ids, self._removed_delta = [], [], set()
        self._delta_cache = None
        self._set_static(codes, ids)

    def _delta(self) -> tuple[np.ndarray, np.ndarray]:
        if self._delta_cache is None:
            if self._delta_codes:
                c, i = np.concatenate(self._delta_codes), np.concatenate(self._delta_ids)
                if self._removed_delta:
                    keep = np.ones(len(i), bool)
                    keep[list(self._removed_delta)] = False
                    c, i = c[keep], i[keep]
            else:
                c, i = np.empty((0, WORDS), np.uint64), np.empty(0, np.int64)
            self._delta_cache = (c, i)
        return self._delta_cache

    def _all_alive(self) -> tuple[np.ndarray, np.ndarray]:
        dc, di = self._delta()
        return (np.concatenate([self._codes[self._alive], dc]), np.concatenate([self._ids[self._alive], di]))

    def __len__(self) -> int:
        return int(self._alive.sum()) + len(self._pos)

    @property
    def uses_mih(self) -> bool:
        return self._offsets.size > 0

    def memory_bytes(self) -> int:
        n = self._codes.nbytes + self._ids.nbytes + self._alive.nbytes + self._id_order.nbytes
        n += self._offsets.nbytes + self._orders.nbytes
        return n + sum(c.nbytes + i.nbytes for c, i in zip(self._delta_codes, self._delta_ids, strict=True))

    # ---- searching ------------------------------------------------------------------------------------
    def search(self, queries: np.ndarray, radius: int = 31) -> list[Hit]:
        """Every (query, id) within ``radius`` (exact for radius <= 31 with MIH; any radius by brute force)."""
        q = np.ascontiguousarray(np.atleast_2d(queries), np.uint64)
        hits: list[Hit] = []
        if len(self._ids):
            if self.uses_mih and radius <= EXACT_RADIUS:
                if HAVE_NUMBA:
                    hits += self._search_kernel(q, radius)
                else:
                    for s in range(0, len(q), QUERY_BATCH):
                        hits += self._search_mih(q[s : s + QUERY_BATCH], radius, s)
            else:
                hits += _brute(self._codes, self._ids, q, radius, self._alive)
        dc, di = self._delta()
        if len(di):
            hits += _brute(dc, di, q, radius, None)
        return hits

    def _search_kernel(self, q: np.ndarray, radius: int) -> list[Hit]:
        """The kernel releases the GIL: large batches are split over threads (one per core)."""
        import os
        from concurrent.futures import ThreadPoolExecutor

        threads = min(self.threads or (os.cpu_count() or 1), max(1, len(q) // 256))
        if threads <= 1:
            return self._search_kernel_one(q, radius, 0)
        # several slices per thread, taken in turn: a thread that the machine slows down (another process,
        # a neighbour on the host) holds up the batch by one small slice, not by half of it
        bounds = np.linspace(0, len(q), 4 * threads + 1).astype(int)
        with ThreadPoolExecutor(threads) as ex:
            parts = ex.map(lambda ab: self._search_kernel_one(q[ab[0] : ab[1]], radius, int(ab[0])),
                           zip(bounds[:-1], bounds[1:], strict=True))
            return [h for part in parts for h in part]

    def _search_kernel_one(self, q: np.ndarray, radius: int, base: int) -> list[Hit]:
        cap = max(1024, 64 * len(q))
        while True:
            out_q, out_row, out_d = np.empty(cap, np.int64), np.empty(cap, np.int64), np.empty(cap, np.int64)
            n = _mih_kernel(q, radius, self._offsets, self._orders, self._codes, self._alive, FLIPS,
                            probes_per_table(radius), out_q, out_row, out_d)
            if n >= 0:
                break
            cap *= 8  # more hits than room (a very common image): retry with more
        seen: set[tuple[int, int]] = set()
        hits: list[Hit] = []
        ids = self._ids[out_row[:n]]
        for a, b, c in zip(out_q[:n].tolist(), ids.tolist(), out_d[:n].tolist(), strict=True):
            if (a, b) not in seen:
                seen.add((a, b))
                hits.append(Hit(base + a, b, c))
        return hits

    def _search_mih(self, q: np.ndarray, radius: int, base: int) -> list[Hit]:
        """The numpy path (no numba): same probes, candidates expanded and verified in bulk."""
        nq = len(q)
        qi_parts, cand_parts = [], []
        probes = probes_per_table(radius)
        for t in range(M):
            offsets, order = self._offsets[t], self._orders[t]
            flips = FLIPS[: probes[t]]
            if not len(flips):
                continue
            keys = (_substring(q, t)[:, None] ^ flips[None, :]).reshape(-1)
            start = offsets[keys]
            counts = (offsets[keys + 1] - start).astype(np.int64)
            total = int(counts.sum())
            if total == 0:
                continue
            # expand the [start, start + count) ranges without a Python loop
            ends = np.cumsum(counts)
            pos = np.arange(total, dtype=np.int64) - np.repeat(ends - counts - start, counts)
            cand_parts.append(order[pos])
            qi_parts.append(np.repeat(np.repeat(np.arange(nq), len(flips)), counts))
        if not cand_parts:
            return []
        cand = np.concatenate(cand_parts)
        qi = np.concatenate(qi_parts)
        d = np.bitwise_count(self._codes[cand] ^ q[qi]).sum(axis=1, dtype=np.int32)
        ok = (d <= radius) & self._alive[cand]
        cand, qi, d = cand[ok], qi[ok], d[ok]
        if not len(cand):
            return []
        # a match is usually found through several substrings: keep one per (query, entry)
        key = qi.astype(np.int64) * (len(self._codes) + 1) + cand
        _, first = np.unique(key, return_index=True)
        return [Hit(base + int(qi[k]), int(self._ids[cand[k]]), int(d[k])) for k in first]


def _brute(codes: np.ndarray, ids: np.ndarray, q: np.ndarray, radius: int, alive: np.ndarray | None) -> list[Hit]:
    hits: list[Hit] = []
    for j in range(len(q)):
        d = popcount_distances(codes, q[j])
        ok = d <= radius
        if alive is not None:
            ok &= alive
        for r in np.flatnonzero(ok).tolist():
            hits.append(Hit(j, int(ids[r]), int(d[r])))
    return hits
