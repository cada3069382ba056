"""Batch clustering: group a set of leads into people.

blocking → candidate pairs → pair scoring → union-find over "same" pairs,
strongest links first. Guards keep clusters sane: oversized blocks are
compared only within a sliding window (sorted neighbourhood) instead of all
pairs, generic contact keys (role inboxes, switchboards) do not block at all,
and two clusters are joined only when their members agree with each other
on the whole, not just through the one linking pair (no chaining of A≈B≈C
into one person when A and C are plainly different) and stay under a size
cap. 100,000 records take about 30 s of CPU, spread over the available cores.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from store.matching import (
    DEFAULT_THRESHOLDS,
    GenericKeys,
    LeadRecord,
    MatchKeys,
    Thresholds,
    blocking_keys,
    match_keys,
    score_pair,
)


@dataclass(frozen=True)
class ClusterConfig:
    """Tuning of batch clustering; defaults keep 100,000 records under a minute on 2 cores."""

    thresholds: Thresholds = DEFAULT_THRESHOLDS
    region: str | None = "ES"
    max_block: int = 40  # larger blocks fall back to a sorted-neighbourhood window
    window: int = 8
    max_name_block: int = 10  # the same for name-only blocks, which grow with common names
    name_window: int = 3
    max_cluster: int = 200  # hard guard against one giant cluster
    max_names_per_contact: int = 4  # more distinct names on one email/phone → generic key
    workers: int = 0  # processes for folding and scoring; 0 = one per available CPU, at most 4


def cluster_records(
    records: Sequence[LeadRecord],
    thresholds: Thresholds | None = None,
    *,
    config: ClusterConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[Any, Any]:
    """Map each record id to a cluster id: the smallest record id in its cluster.

    Record ids must be unique and hashable. Deterministic: the same input
    gives the same clusters, whatever ``config.workers``. Records with no
    usable field are clusters of their own. Large inputs are folded and
    scored in forked worker processes (``workers=1`` keeps everything in this
    process, e.g. inside a threaded server). ``progress`` receives short
    status lines (the CLI prints them to stderr).
    """
    config = config or ClusterConfig()
    if thresholds is not None:
        config = replace(config, thresholds=thresholds)
    report = progress or (lambda _message: None)
    keys = _parallel(_fold_range, len(records), (records, config.region), config)
    report(f"{len(records)} records folded")
    generic = GenericKeys.from_keys(keys, config.max_names_per_contact)
    pairs = sorted(candidate_pairs(keys, generic, config))
    report(f"{len(pairs)} candidate pairs")
    links = _parallel(_score_range, len(pairs), (keys, pairs, generic, config.thresholds), config)
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    report(f"{len(links)} links above the auto-merge threshold")
    roots = _union(keys, links, generic, config)
    return _cluster_ids(records, roots)


def candidate_pairs(
    keys: Sequence[MatchKeys], generic: GenericKeys, config: ClusterConfig
) -> set[tuple[int, int]]:
    """Index pairs (i < j) sharing a blocking key, with oversized blocks windowed."""
    blocks: dict[str, list[int]] = {}
    for index, record_keys in enumerate(keys):
        if record_keys.is_empty:
            continue
        for block in blocking_keys(record_keys):
            if _is_generic_block(block, generic):
                continue
            blocks.setdefault(block, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for block, members in blocks.items():
        if len(members) < 2:
            continue
        name_only = block.startswith(NAME_ONLY_BLOCK_PREFIXES)
        limit = config.max_name_block if name_only else config.max_block
        if len(members) <= limit:
            pairs.update(combinations(members, 2))
        else:
            pairs.update(_windowed_pairs(members, keys, config.name_window if name_only else config.window))
    return pairs


# Blocks keyed on the name alone grow with the commonest names (García, José):
# they only catch duplicates whose other fields all differ slightly, so they
# get a tighter cap and window than blocks that include a contact or a place.
NAME_ONLY_BLOCK_PREFIXES = ("gs:",)


def _is_generic_block(block: str, generic: GenericKeys) -> bool:
    kind, _, value = block.partition(":")
    return kind in {"e", "p", "p7"} and value in generic


def _windowed_pairs(members: list[int], keys: Sequence[MatchKeys], window: int) -> set[tuple[int, int]]:
    """Sorted neighbourhood: compare each record with the next ``window`` ones by name order."""
    def order(i: int) -> tuple:
        return (keys[i].surname, keys[i].given, keys[i].postcode, keys[i].city, i)

    ordered = sorted(members, key=order)
    pairs: set[tuple[int, int]] = set()
    for position, i in enumerate(ordered):
        for j in ordered[position + 1 : position + 1 + window]:
            pairs.add((min(i, j), max(i, j)))
    return pairs


# ---------------------------------------------------------------- parallel stages
# Folding and pair scoring are pure and CPU-bound: with a fork start method
# the inputs are inherited by the worker processes (no pickling), each worker
# handles a contiguous range and returns its results in order, so the outcome
# is identical to a single-process run.

PARALLEL_FROM = 20_000  # items; below this, process start-up costs more than it saves
_SHARED: tuple = ()


def _workers(config: ClusterConfig) -> int:
    if config.workers:
        return config.workers
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, available))


def _parallel(
    task: Callable[[tuple, int, int], list], count: int, shared: tuple, config: ClusterConfig
) -> list:
    global _SHARED
    workers = _workers(config)
    if workers == 1 or count < PARALLEL_FROM or not _safe_to_fork():
        return task(shared, 0, count)
    step = -(-count // workers)
    _SHARED = shared
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            ranges = [(task, i, min(i + step, count)) for i in range(0, count, step)]
            parts = pool.starmap(_run_shared, ranges)
    finally:
        _SHARED = ()
    return [item for part in parts for item in part]


def _safe_to_fork() -> bool:
    """Forking copies one thread and every lock: in a process running other threads (a server, a test runner)
    a child can inherit a lock held mid-operation and wait forever. The CLI is single-threaded; elsewhere the
    work runs in-process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run_shared(task: Callable[[tuple, int, int], list], start: int, stop: int) -> list:
    return task(_SHARED, start, stop)


def _fold_range(shared: tuple, start: int, stop: int) -> list[MatchKeys]:
    records, region = shared
    return [match_keys(records[i], region) for i in range(start, stop)]


def _score_range(shared: tuple, start: int, stop: int) -> list[tuple[float, int, int]]:
    keys, pairs, generic, thresholds = shared
    links = []
    for i, j in pairs[start:stop]:
        result = score_pair(keys[i], keys[j], thresholds, generic=generic)
        if result.decision == "same":
            links.append((result.score, i, j))
    return links


class _Clusters:
    """Union-find whose joins must keep each cluster coherent.

    Single-link chaining is how one bad link glues two people together (A≈B,
    B≈C, yet A and C are plainly different people). Before joining two
    clusters the cross pairs of members (up to ``_MAX_SIDE`` per side) are
    scored: the join is refused when they disagree more often than not (mean
    score below one half) or when any cross pair is a hard conflict.
    """

    def __init__(self, keys: Sequence[MatchKeys], generic: GenericKeys, config: ClusterConfig) -> None:
        self.keys = keys
        self.generic = generic
        self.config = config
        self.parent = list(range(len(keys)))
        self.members: list[list[int]] = [[i] for i in range(len(keys))]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_join(self, a: int, b: int) -> bool:
        if len(self.members[a]) + len(self.members[b]) > self.config.max_cluster:
            return False
        if len(self.members[a]) == len(self.members[b]) == 1:
            return True  # the link itself was scored
        cross = [(i, j) for i in self.members[a][:_MAX_SIDE] for j in self.members[b][:_MAX_SIDE]]
        scores = [score_pair(self.keys[i], self.keys[j], self.config.thresholds, generic=self.generic)
                  for i, j in cross]
        if any(s.bits < HARD_CONFLICT_BITS for s in scores):
            return False
        return sum(s.score for s in scores) / len(scores) >= MIN_MEAN_CROSS_SCORE

    def join(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members[b])
        self.members[b] = []


# Members per side scored when joining two clusters; real clusters are small.
_MAX_SIDE = 6
# A cross pair this far below even odds is two different people: no join.
HARD_CONFLICT_BITS = -12.0
# Least mean score of the cross pairs: members must agree more often than not.
MIN_MEAN_CROSS_SCORE = 0.5


def _union(keys: Sequence[MatchKeys], links: list[tuple[float, int, int]], generic: GenericKeys,
           config: ClusterConfig) -> list[int]:
    clusters = _Clusters(keys, generic, config)
    for _score, i, j in links:
        a, b = clusters.find(i), clusters.find(j)
        if a != b and clusters.can_join(a, b):
            clusters.join(a, b)
    return [clusters.find(i) for i in range(len(keys))]


def _cluster_ids(records: Sequence[LeadRecord], roots: list[int]) -> dict[Any, Any]:
    smallest: dict[int, Any] = {}
    for record, root in zip(records, roots, strict=True):
        if root not in smallest or _id_order(record.id) < _id_order(smallest[root]):
            smallest[root] = record.id
    return {record.id: smallest[root] for record, root in zip(records, roots, strict=True)}


def _id_order(value: Hashable) -> tuple[int, Any]:
    """Numbers sort before strings, each in its natural order, so mixed ids still compare."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value))


