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
from dataclasses import dataclass, field, replace
from typing import Any

from store.blocking import DEFAULT_LIMITS, BlockLimits, GenericKeys, candidate_pairs
from store.matching import (
    DEFAULT_THRESHOLDS,
    LeadRecord,
    MatchKeys,
    MatchScore,
    Thresholds,
    match_keys,
    score_pair,
)
from store.record_keys import without_record_labels


@dataclass(frozen=True)
class ClusterConfig:
    """Tuning of batch clustering; defaults keep 100,000 records under a minute on 2 cores."""

    thresholds: Thresholds = DEFAULT_THRESHOLDS
    region: str | None = "ES"
    limits: BlockLimits = DEFAULT_LIMITS  # larger blocks fall back to a sorted-neighbourhood window
    max_cluster: int = 200  # hard guard against one giant cluster
    max_names_per_contact: int = 4  # more distinct names on one email/phone → generic key
    workers: int = 0  # processes for folding and scoring; 0 = one per available CPU, at most 4


@dataclass
class Clustering:
    """The outcome of clustering a batch, with what is needed to explain it.

    ``clusters`` maps each record id to its cluster id (the smallest id in
    it); ``joined`` holds every link that joined two clusters and ``review``
    every pair scored "review" (index pairs with their score), so that
    ``explain`` can say which fields moved each record into its cluster, or
    nearly did.
    """

    clusters: dict[Any, Any]
    keys: list[MatchKeys]
    generic: GenericKeys
    thresholds: Thresholds
    joined: list[tuple[float, int, int]] = field(default_factory=list)
    review: list[tuple[float, int, int]] = field(default_factory=list)

    def explain(self, records: Sequence[LeadRecord]) -> dict[Any, dict[str, Any]]:
        """For each record id, the strongest link that joined it and the strongest "review" pair, field by field."""
        best: dict[tuple[str, int], tuple[float, int]] = {}
        for kind, links in (("joined_by", self.joined), ("review", self.review)):
            for score, i, j in links:
                for own, other in ((i, j), (j, i)):
                    if score > best.get((kind, own), (-1.0, 0))[0]:
                        best[(kind, own)] = (score, other)
        explained: dict[Any, dict[str, Any]] = {record.id: {} for record in records}
        for (kind, own), (_score, other) in sorted(best.items()):
            result = score_pair(self.keys[own], self.keys[other], self.thresholds, generic=self.generic)
            explained[records[own].id][kind] = {"id": records[other].id, **describe(result)}
        return explained


def describe(result: MatchScore) -> dict[str, Any]:
    """A score as JSON: the score, the model's prior and each field's level and bits, strongest first."""
    fields = sorted(result.parts.items(), key=lambda item: -abs(item[1][1]))
    return {"score": result.score, "decision": result.decision, "prior_bits": round(result.prior, 3),
            "fields": {name: {"level": level, "bits": round(bits, 3)} for name, (level, bits) in fields}}


def cluster_records(
    records: Sequence[LeadRecord],
    thresholds: Thresholds | None = None,
    *,
    config: ClusterConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[Any, Any]:
    """Map each record id to a cluster id: the smallest record id in its cluster (see ``cluster``)."""
    return cluster(records, thresholds, config=config, progress=progress).clusters


def cluster(
    records: Sequence[LeadRecord],
    thresholds: Thresholds | None = None,
    *,
    config: ClusterConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> Clustering:
    """Cluster the records; the result also holds the links, for ``Clustering.explain``.

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
    keys = [match_keys(record, config.region) for record in records]  # in this process: sending 100,000
    # folded records back from workers costs more than folding them (measured: 10 s against 7 s)
    keys = without_record_labels(keys)
    report(f"{len(records)} records folded")
    generic = GenericKeys.from_keys(keys, config.max_names_per_contact)
    pairs = sorted(candidate_pairs(keys, generic, config.limits))
    report(f"{len(pairs)} candidate pairs")
    scored = _parallel(_score_range, len(pairs), (keys, pairs, generic, config.thresholds), config)
    links = sorted(((score, i, j) for same, score, i, j in scored if same), key=lambda link: (-link[0], *link[1:]))
    report(f"{len(links)} links above the auto-merge threshold")
    roots, joined = _union(keys, links, generic, config)
    review = [(score, i, j) for same, score, i, j in scored if not same]
    return Clustering(_cluster_ids(records, roots), keys, generic, config.thresholds, joined, review)


# ---------------------------------------------------------------- parallel stages
# Pair scoring is pure and CPU-bound: with a fork start method the inputs are
# inherited by the worker processes (no pickling), each worker handles a
# contiguous range and returns its results in order, so the outcome is
# identical to a single-process run.

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


def _score_range(shared: tuple, start: int, stop: int) -> list[tuple[bool, float, int, int]]:
    """(is "same", score, i, j) of each pair of the range scored "same" or "review"."""
    keys, pairs, generic, thresholds = shared
    links = []
    for i, j in pairs[start:stop]:
        result = score_pair(keys[i], keys[j], thresholds, generic=generic)
        if result.decision != "distinct":
            links.append((result.decision == "same", result.score, i, j))
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
HARD_CONFLICT_BITS = -8.0
# Least mean score of the cross pairs: members must agree more often than not.
MIN_MEAN_CROSS_SCORE = 0.5


def _union(keys: Sequence[MatchKeys], links: list[tuple[float, int, int]], generic: GenericKeys,
           config: ClusterConfig) -> tuple[list[int], list[tuple[float, int, int]]]:
    """Each record's cluster root, and the links that joined two clusters."""
    clusters = _Clusters(keys, generic, config)
    joined = []
    for link in links:
        a, b = clusters.find(link[1]), clusters.find(link[2])
        if a != b and clusters.can_join(a, b):
            clusters.join(a, b)
            joined.append(link)
    return [clusters.find(i) for i in range(len(keys))], joined


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


