"""The explicit score: dense and pairwise agree, the order follows the criteria, and the
reasons name what fits and what is missing."""

from __future__ import annotations

import numpy as np
import pytest

from akasse.dataset import reference
from akasse.matching import explicit
from akasse.matching.features import Members, Openings, vocabulary
from akasse.matching.reasons import reasons
from tests.matching.helpers import members, openings


def _codes_sharing(digits: int) -> tuple[str, str]:
    """Two reference occupations sharing exactly ``digits`` leading digits."""
    codes = sorted(reference.disco_codes())
    for a in codes:
        for b in codes:
            shared = next((i for i in range(4) if a[i] != b[i]), 4)
            if a != b and shared == digits:
                return a, b
    pytest.skip(f"the reference list has no two occupations sharing {digits} digits")


def _random(n_members: int, n_openings: int, seed: int) -> tuple[Members, Openings]:
    v = vocabulary()
    rng = np.random.default_rng(seed)
    occ, places, words = len(v.discos), len(v.places), v.words
    m = Members(
        np.arange(n_members),
        rng.integers(-1, occ, n_members).astype(np.int32),
        rng.integers(-1, occ, (n_members, 3)).astype(np.int32),
        rng.integers(0, 2**8, (n_members, words)).astype(np.uint64),
        rng.integers(-1, 6, n_members).astype(np.int8),
        rng.random(n_members) < 0.7,
        rng.integers(-1, places, n_members).astype(np.int32),
        rng.integers(0, 3, n_members).astype(np.int8),
        rng.uniform(5, 80, n_members).astype(np.float32),
        rng.random(n_members) < 0.9,
    )
    o = Openings(
        np.arange(n_openings),
        rng.integers(-1, occ, n_openings).astype(np.int32),
        rng.integers(0, 2**8, (n_openings, words)).astype(np.uint64),
        rng.integers(-1, 6, n_openings).astype(np.int8),
        rng.random(n_openings) < 0.3,
        rng.integers(-1, places, n_openings).astype(np.int32),
        rng.random(n_openings) < 0.8,
    )
    return m, o


def test_the_dense_blocks_score_every_pair_as_the_pairwise_terms_do() -> None:
    m, o = _random(700, 300, 3)  # more members than one block
    dense = explicit.scores(m, o)
    rng = np.random.default_rng(4)
    i, j = rng.integers(0, m.size, 2000), rng.integers(0, o.size, 2000)
    pairs = explicit.terms(m.take(i), o.take(j)).score()
    np.testing.assert_allclose(dense[i, j], pairs, atol=1e-6)
    np.testing.assert_allclose(dense, explicit.terms(m, o, dense=True).score(), atol=1e-6)


def test_top_k_is_the_best_k_by_the_score_in_order() -> None:
    m, o = _random(200, 150, 5)
    index, value = explicit.top_k(m, o, 7)
    dense = explicit.scores(m, o)
    expected = -np.sort(-dense, axis=1)[:, :7]
    # The best k up to the tie-break (under 1e-4), best first, with their true scores.
    np.testing.assert_allclose(value, expected, atol=1e-4)
    np.testing.assert_allclose(np.take_along_axis(dense, index, axis=1), value, atol=1e-6)
    assert (np.diff(value, axis=1) <= 1e-4).all()
    assert all(len(set(row)) == 7 for row in index.tolist())


def test_ties_go_to_the_later_opening() -> None:
    m, o = _random(5, 40, 6)
    same = o.take(np.zeros(40, dtype=np.int64))  # forty copies of one opening
    index, _ = explicit.top_k(m, same, 3)
    assert index.tolist() == [[39, 38, 37]] * 5


def test_the_score_prefers_the_same_occupation_nearby_and_requirements_met() -> None:
    own, minor = _codes_sharing(3)
    _, other = _codes_sharing(0)
    m = members([{"disco": own, "municipality": "0101", "skills": [], "km": 30}])
    o = openings(
        [
            {"disco": own, "municipality": "0147"},  # same occupation, a few km
            {"disco": minor, "municipality": "0147"},  # same minor group
            {"disco": own, "municipality": "0630"},  # same occupation, ~190 km
            {"disco": other, "municipality": "0147"},
            {"disco": own, "municipality": "0147", "licence": True},
            {"disco": own, "municipality": "0147", "education": "long"},
        ]
    )
    m2 = members([{"disco": own, "municipality": "0101", "km": 30, "licence": False}])
    s = explicit.scores(m, o)[0]
    assert s[0] > s[1] > s[3]
    assert s[0] > s[2]
    assert explicit.scores(m2, o)[0][4] < s[4]
    assert s[5] < s[0]  # a vocational member, a long education asked for


def test_unknown_inputs_score_neutrally_and_are_named() -> None:
    own, _ = _codes_sharing(3)
    m = members([{"municipality": "0101", "cv": False}, {"disco": own, "municipality": "0101"}])
    o = openings([{"disco": None, "municipality": "0101"}, {"disco": own, "municipality": None}])
    s = explicit.scores(m, o)
    assert np.isfinite(s).all()
    assert "Fag ukendt: medlemmet har intet CV" in reasons(m, o, 0, 1)
    assert "Jobåbningen har ingen stillingskode (DISCO)" in reasons(m, o, 1, 0)
    assert "Arbejdssted ukendt" in reasons(m, o, 1, 1)


def test_reasons_name_the_occupation_distance_and_what_is_missing() -> None:
    own, _ = _codes_sharing(3)
    skills = list(reference.skills())[:2]
    m = members([{"disco": own, "municipality": "0101", "km": 10, "licence": False}])
    o = openings([{"disco": own, "municipality": "0630", "skills": skills, "licence": True}])
    text = reasons(m, o, 0, 0)
    title = reference.disco_titles()[own].lower()
    assert text[0] == f"Samme fag: {title}"
    assert any(r.endswith("km, over grænsen på 10 km") for r in text), text
    assert "Har 0 af 2 ønskede kompetencer" in text
    names = [reference.skills()[s] for s in skills]
    assert "Mangler: " + ", ".join(names) in text
    assert "Mangler kørekort" in text


def test_a_wished_occupation_counts_as_the_same() -> None:
    own, _ = _codes_sharing(3)
    _, other = _codes_sharing(0)
    m = members([{"disco": other, "wished": [own], "municipality": "0101"}])
    o = openings([{"disco": own, "municipality": "0101"}])
    assert reasons(m, o, 0, 0)[0] == f"Ønsket job: {reference.disco_titles()[own].lower()}"
    assert explicit.terms(m, o).level[0] == 4
