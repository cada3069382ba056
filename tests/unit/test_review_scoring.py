"""The lead score: parts that add up, stay within their weights, and react to the right facts."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from store.queries import InvalidFilter, LeadFilter, Sort
from store.scoring import WEIGHTS, LeadFacts, compute_score, keyword_hits

NOW = datetime(2026, 11, 23, tzinfo=timezone.utc)


def facts(**overrides: object) -> LeadFacts:
    values: dict[str, object] = {"present_fields": 7, "contact_points": 2, "verified_contact_points": 2,
                                 "texts": ("Quiere un presupuesto urgente para una demo",), "interactions": 5,
                                 "last_interaction_at": NOW - timedelta(days=1)}
    values.update(overrides)
    return LeadFacts(**values)  # type: ignore[arg-type]


def test_a_complete_engaged_recent_buyer_scores_100() -> None:
    score = compute_score(facts(), now=NOW)
    assert score.total == 100 and score.parts == WEIGHTS


def test_each_part_reacts_to_its_fact() -> None:
    base = compute_score(facts(), now=NOW).parts
    assert compute_score(facts(present_fields=0), now=NOW).parts["completeness"] == 0 < base["completeness"]
    assert compute_score(facts(verified_contact_points=0), now=NOW).parts["verified"] == 0
    assert compute_score(facts(texts=("hola",)), now=NOW).parts["keywords"] == 0
    assert compute_score(facts(interactions=1), now=NOW).parts["engagement"] == 4
    assert compute_score(facts(last_interaction_at=NOW - timedelta(days=400)), now=NOW).parts["recency"] == 0
    assert compute_score(facts(last_interaction_at=None), now=NOW).parts["recency"] == 0


def test_keywords_fold_accents_and_case_in_both_languages() -> None:
    assert keyword_hits(("COTIZACIÓN y Precio", "We need a QUOTE")) == 3
    assert keyword_hits(("presupuestos",)) == 0  # whole words only


@given(present=st.integers(0, 7), points=st.integers(0, 5), verified=st.integers(0, 5),
       interactions=st.integers(0, 1000), days=st.one_of(st.none(), st.integers(-5, 5000)),
       text=st.text(max_size=200))
def test_the_score_is_always_the_sum_of_bounded_parts(present: int, points: int, verified: int, interactions: int,
                                                      days: int | None, text: str) -> None:
    last = None if days is None else NOW - timedelta(days=days)
    score = compute_score(LeadFacts(present, points, min(verified, points), (text,), interactions, last), now=NOW)
    assert 0 <= score.total <= 100 and score.total == sum(score.parts.values())
    assert all(0 <= score.parts[name] <= weight for name, weight in WEIGHTS.items())


@given(st.dictionaries(st.sampled_from(["search", "status", "channel", "owner", "score_min", "score_max", "consent",
                                        "created_from", "created_to", "inactive_months", "page"]),
                       st.text(max_size=300)))
def test_any_filter_input_parses_or_is_refused_cleanly(values: dict[str, str]) -> None:
    with contextlib.suppress(InvalidFilter):
        LeadFilter.parse(values)


@given(st.text(max_size=50))
def test_any_sort_parses_or_is_refused_cleanly(value: str) -> None:
    with contextlib.suppress(InvalidFilter):
        Sort.parse(value)


def test_filters_round_trip_through_segment_json() -> None:
    lead_filter = LeadFilter.parse({"search": "garcía", "status": "won", "score_min": "40",
                                    "created_from": "2026-01-01", "inactive_months": "6", "unknown": "x"})
    assert LeadFilter.parse(lead_filter.as_json()) == lead_filter
