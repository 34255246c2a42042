"""Scoring engine: exact cases, the DESIGN worked example, invariants, and fast == reference."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.domain.reference import reference_levels, reference_score
from assess.domain.rubric import Profile, ProfileTarget, Settings, load_rubric
from assess.domain.scoring import (
    CodedRatings,
    aggregate,
    aggregate_codes,
    best_fit,
    gap_matrix,
    gap_table,
    rank,
    score,
    score_arrays,
    small_ratings,
)

SETTINGS = Settings(min_raters=2, critical_weight=3, critical_gap=1.0)
COMPS = ("a", "b", "c", "d", "e")


def profile(targets: list[int], weights: list[int], name: str = "p", stage: str = "s") -> Profile:
    return Profile(
        archetype=name,
        stage=stage,
        targets=tuple(
            ProfileTarget(competency=c, level=t, weight=w, base_level=t, base_weight=w)
            for c, t, w in zip(COMPS, targets, weights, strict=True)
        ),
    )


def ratings(rows: list[tuple[object, str, str, float | None]]) -> pd.DataFrame:
    """Rows of (candidate, interviewer, competency, rating); one interview per interviewer."""
    return pd.DataFrame(
        [
            {
                "candidate": c,
                "interviewer": i,
                "interview": f"{c}-{i}",
                "competency": k,
                "rating": r,
            }
            for c, i, k, r in rows
        ],
        columns=["candidate", "interviewer", "interview", "competency", "rating"],
    ).astype({"rating": float})


def levels_table(levels: dict[str, float], candidate: object = "x") -> pd.DataFrame:
    idx = pd.MultiIndex.from_tuples(
        [(candidate, k) for k in levels], names=["candidate", "competency"]
    )
    return pd.DataFrame({"level": list(levels.values()), "count": 1, "spread": 0.0}, index=idx)


def test_design_worked_example() -> None:
    """DESIGN.md section 2: weights .25/.20/.15/.25/.15 (5:4:3:5:3), targets 4/4/3/3/3."""
    prof = profile([4, 4, 3, 3, 3], [5, 4, 3, 5, 3])
    lv = levels_table({"a": 3.3, "b": 3.7, "c": 2.0, "d": 3.5, "e": 4.0})
    gaps = gap_table(None, "x", prof, settings=SETTINGS, levels=lv)
    assert gaps["points_lost"].round(2).tolist() == [5.83, 2.00, 7.50, 0.00, 0.00]
    fit = score(None, [prof], settings=SETTINGS, levels=lv)["fit"].iloc[0]
    assert round(fit, 2) == 84.67
    assert gaps["points_lost"].sum() == pytest.approx(100 - fit, abs=1e-9)


@pytest.mark.parametrize(
    ("case", "targets", "weights", "levels", "fit", "coverage", "critical"),
    [
        ("all at target", [4, 4, 3, 3, 2], [3, 2, 1, 1, 1], [4, 4, 3, 3, 2], 100.0, 100.0, 0),
        ("all above target", [4, 4, 3, 3, 2], [3, 2, 1, 1, 1], [5, 5, 5, 5, 5], 100.0, 100.0, 0),
        ("all at 1", [4, 4, 3, 3, 2], [3, 2, 1, 1, 1], [1, 1, 1, 1, 1], 0.0, 100.0, 1),
        (
            "target 1 is always met",
            [1, 1, 1, 1, 1],
            [1, 1, 1, 1, 1],
            [1, 1, 1, 1, 1],
            100.0,
            100.0,
            0,
        ),
        # b and e not assessed: weights 3+1+1 of 8 assessed, fit over those only
        (
            "missing excluded",
            [5, 4, 3, 3, 2],
            [3, 2, 1, 1, 1],
            [3, None, 3, 2, None],
            60.0,
            62.5,
            1,
        ),
        # the critical competency half a point short: below the 1.0 margin, no flag
        (
            "near miss not critical",
            [4, 3, 3, 3, 3],
            [3, 1, 1, 1, 0],
            [3.5, 3, 3, 3, 3],
            275 / 3,
            100.0,
            0,
        ),
        ("weight 0 ignored", [5, 3, 3, 3, 3], [0, 1, 1, 1, 1], [1, 3, 3, 3, 3], 100.0, 100.0, 0),
        (
            "nothing weighted assessed",
            [5, 3, 3, 3, 3],
            [3, 0, 0, 0, 0],
            [None, 3, 3, 3, 3],
            math.nan,
            0.0,
            0,
        ),
    ],
)
def test_exact_cases(
    case: str,
    targets: list[int],
    weights: list[int],
    levels: list[float | None],
    fit: float,
    coverage: float,
    critical: int,
) -> None:
    prof = profile(targets, weights)
    rows = [("x", "i1", k, v) for k, v in zip(COMPS, levels, strict=True)]
    out = score(ratings(rows), [prof], settings=SETTINGS).iloc[0]
    if math.isnan(fit):
        assert math.isnan(out["fit"])
    else:
        assert out["fit"] == pytest.approx(fit, abs=1e-9), case
    assert out["coverage"] == pytest.approx(coverage, abs=1e-9)
    assert out["critical_gaps"] == critical


def test_aggregate_mean_count_spread_and_missing() -> None:
    table = aggregate(
        ratings(
            [
                ("x", "i1", "a", 2),
                ("x", "i2", "a", 5),
                ("x", "i3", "a", None),
                ("x", "i1", "b", None),
                ("y", "i1", "a", 4),
            ]
        )
    )
    assert table.loc[("x", "a")].to_dict() == {
        "level": 3.5,
        "count": 2,
        "spread": 3.0,
        "low": 2.0,
        "high": 5.0,
    }
    assert ("x", "b") not in table.index  # only "not assessed": no level, never a zero
    assert table.loc[("y", "a"), "count"] == 1


def test_critical_flag_and_gap_table() -> None:
    prof = profile([4, 3, 3, 3, 3], [3, 1, 1, 1, 1])
    rows = [("x", "i1", "a", 2), ("x", "i2", "a", 3), ("x", "i1", "b", 3)]
    gaps = gap_table(ratings(rows), "x", prof, settings=SETTINGS)
    first = gaps.iloc[0]
    assert (first["level"], first["count"], first["spread"], first["critical_gap"]) == (
        2.5,
        2,
        1.0,
        True,
    )
    assert first["share"] == pytest.approx(75.0)
    assert first["points_lost"] == pytest.approx(75.0 * (1 - 1.5 / 3))
    assert gaps["critical_gap"].tolist() == [True, False, False, False, False]
    assert np.isnan(gaps.loc[2, "level"]) and np.isnan(gaps.loc[2, "share"])


def test_rank_orders_by_fit_then_coverage_and_ties_share_rank() -> None:
    prof = profile([3, 3, 3, 3, 3], [1, 1, 1, 1, 1])
    rows = [
        ("ann", "i", "a", 3),
        ("bo", "i", "a", 2),
        ("cy", "i", "a", 3),
        ("cy", "i", "b", 3),
        ("di", "i", "a", 3),
    ]
    ranked = rank(score(ratings(rows), [prof], settings=SETTINGS))
    assert ranked[["rank", "candidate"]].values.tolist() == [
        [1, "cy"],
        [1, "ann"],
        [1, "di"],
        [4, "bo"],
    ]


def test_best_fit_lists_every_profile_best_first() -> None:
    from assess.domain.rubric import load_rubric

    rubric = load_rubric()
    leader = rubric.profile("technical_leader", "pre_seed")
    rows = [("x", "i1", t.competency, t.level) for t in leader.targets]
    table = best_fit(ratings(rows), "x", rubric)
    assert len(table) == len(rubric.archetypes) * len(rubric.stages) == 24
    assert table["fit"].is_monotonic_decreasing
    mine = table[(table["archetype"] == "technical_leader") & (table["stage"] == "pre_seed")]
    assert mine["fit"].tolist() == [100.0]
    assert table.iloc[0]["fit"] == 100.0
    # a visionary profile asks for more vision than this hands-on candidate shows
    assert table[table["archetype"] == "technology_visionary"]["fit"].max() < 100.0


# ---- properties --------------------------------------------------------------------------

rating_values = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
targets_st = st.lists(st.integers(1, 5), min_size=5, max_size=5)
weights_st = st.lists(st.integers(0, 3), min_size=5, max_size=5).filter(lambda w: sum(w) > 0)
grid_st = st.lists(st.lists(rating_values, min_size=5, max_size=5), min_size=1, max_size=4)


def grid_rows(grid: list[list[int | None]], candidate: object = "x") -> list:
    return [
        (candidate, f"i{r}", k, v)
        for r, row in enumerate(grid)
        for k, v in zip(COMPS, row, strict=True)
    ]


@settings(max_examples=150, deadline=None)
@given(targets_st, weights_st, grid_st)
def test_fit_is_between_0_and_100(targets: list[int], weights: list[int], grid: list) -> None:
    out = score(ratings(grid_rows(grid)), [profile(targets, weights)], settings=SETTINGS)
    fit = out["fit"].dropna()
    assert ((fit >= 0) & (fit <= 100 + 1e-9)).all()
    assert ((out["coverage"] >= 0) & (out["coverage"] <= 100 + 1e-9)).all()


@settings(max_examples=150, deadline=None)
@given(targets_st, weights_st, grid_st, st.data())
def test_raising_a_rating_never_lowers_fit(
    targets: list[int], weights: list[int], grid: list, data: st.DataObject
) -> None:
    cells = [
        (r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v is not None and v < 5
    ]
    if not cells:
        return
    r, c = data.draw(st.sampled_from(cells))
    higher = [list(row) for row in grid]
    higher[r][c] = data.draw(st.integers(grid[r][c] + 1, 5))
    prof = [profile(targets, weights)]
    before = score(ratings(grid_rows(grid)), prof, settings=SETTINGS)["fit"].iloc[0]
    after = score(ratings(grid_rows(higher)), prof, settings=SETTINGS)["fit"].iloc[0]
    if np.isnan(before):  # nothing weighted assessed: the same cells stay unweighted
        assert np.isnan(after)
    else:
        assert after >= before - 1e-12


@settings(max_examples=100, deadline=None)
@given(targets_st, weights_st, grid_st, st.randoms(use_true_random=False))
def test_order_of_rows_and_interviewers_does_not_matter(targets, weights, grid, rnd) -> None:
    prof = [profile(targets, weights)]
    table = ratings(grid_rows(grid, "x") + grid_rows(list(reversed(grid)), "y"))
    shuffled = table.sample(frac=1.0, random_state=rnd.randint(0, 10**6)).reset_index(drop=True)
    renamed = shuffled.assign(interviewer=shuffled["interviewer"].map(lambda i: f"z{i}"))
    base = score(table, prof, settings=SETTINGS)
    if base.empty:  # nobody was rated at all
        return
    for other in (shuffled, renamed):
        pd.testing.assert_frame_equal(score(other, prof, settings=SETTINGS), base)
    # x and y hold the same ratings from interviewers in a different order: same scores
    assert base["fit"].iloc[0] == base["fit"].iloc[1] or np.isnan(base["fit"]).all()


def _random_ratings(rng: np.random.Generator, n_cand: int, comps: list[str]) -> pd.DataFrame:
    rows = []
    for c in range(n_cand):
        for i in range(rng.integers(1, 6)):
            for k in comps:
                r = rng.integers(1, 6)
                rows.append((c, f"i{i}", k, None if rng.random() < 0.2 else float(r)))
    return ratings(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_matches_reference(seed: int) -> None:
    """Levels, counts, spreads, coverage and critical gaps bit for bit; fits to 1e-12 (the
    kernel's matrix product sums in BLAS's order, the reference in rubric order)."""
    from assess.domain.rubric import load_rubric

    rubric = load_rubric()
    rng = np.random.default_rng(seed)
    table = _random_ratings(rng, 60, rubric.competency_ids)
    profiles = rubric.profiles()
    fast = score(table, profiles, settings=rubric.settings)
    rows = list(zip(table["candidate"], table["competency"], table["rating"], strict=True))
    ref = reference_score(rows, profiles, rubric.settings)
    assert len(fast) == len(ref)
    for rec in fast.itertuples(index=False):
        fit, coverage, critical = ref[(rec.candidate, rec.archetype, rec.stage)]
        assert abs(rec.fit - fit) <= 1e-12 or (math.isnan(rec.fit) and math.isnan(fit))
        assert rec.coverage == coverage
        assert rec.critical_gaps == critical
    agg = aggregate(table)
    ref_levels = reference_levels(rows)
    assert len(agg) == len(ref_levels)
    for (cand, comp), (level, count, spread) in ref_levels.items():
        got = agg.loc[(cand, comp)]
        assert (got["level"], got["count"], got["spread"]) == (level, count, spread)


def test_gap_matrix_explains_every_fit_of_every_candidate_and_profile() -> None:
    """The gap tables of all candidates at once: points lost add up to 100 - fit from score()."""
    from assess.domain.rubric import load_rubric

    rubric = load_rubric()
    table = _random_ratings(np.random.default_rng(5), 40, rubric.competency_ids)
    levels = aggregate(table)
    people = sorted(table["candidate"].unique())
    scores = score(table, rubric.profiles(), settings=rubric.settings)
    for prof in rubric.profiles():
        gaps = gap_matrix(levels, prof, rubric.settings, people)
        mine = scores[(scores["archetype"] == prof.archetype) & (scores["stage"] == prof.stage)]
        fit = mine.set_index("candidate").loc[people, "fit"].to_numpy()
        np.testing.assert_allclose(np.nansum(gaps.points_lost, axis=1), 100 - fit, atol=1e-9)
        np.testing.assert_array_equal(gaps.critical.sum(axis=1), mine["critical_gaps"].to_numpy())
        one = gap_table(table, people[3], prof, settings=rubric.settings)
        np.testing.assert_array_equal(one["points_lost"].to_numpy(), gaps.points_lost[3])


# ---- the kernel on integer codes against the plain-Python reference -----------------------

RUBRIC = load_rubric()
PROFILES = RUBRIC.profiles()


def _coded(cand: np.ndarray, comp: np.ndarray, rating: np.ndarray, n_cand: int) -> CodedRatings:
    return CodedRatings(
        candidates=np.arange(n_cand),
        competencies=tuple(RUBRIC.competency_ids),
        candidate=cand,
        competency=comp,
        rating=small_ratings(rating),
    )


def _check_against_reference(coded: CodedRatings) -> None:
    values = coded.rating.astype(float)
    if coded.rating.dtype.kind in "iu":  # int8 codes: 0 is not assessed
        values[coded.rating == 0] = np.nan
    rows = [
        (int(c), coded.competencies[k], None if np.isnan(r) else float(r))
        for c, k, r in zip(coded.candidate, coded.competency, values, strict=True)
    ]
    ref_levels = reference_levels(rows)
    arrays = aggregate_codes(coded)
    for (cand, comp), (level, count, spread) in ref_levels.items():
        k = coded.competencies.index(comp)
        # bit for bit: the sums run in row order, as the reference's loop does
        assert arrays.level[cand, k] == level
        assert arrays.count[cand, k] == count
        assert arrays.spread[cand, k] == spread
    assert int((arrays.count > 0).sum()) == len(ref_levels)
    assert np.isnan(arrays.level[arrays.count == 0]).all()
    scores = score_arrays(arrays, PROFILES, settings=RUBRIC.settings)
    ref = reference_score(rows, PROFILES, RUBRIC.settings)
    for (cand, archetype, stage), (fit, coverage, critical) in ref.items():
        p = scores.column(archetype, stage)
        got = scores.fit[cand, p]
        assert abs(got - fit) <= 1e-12 or (math.isnan(got) and math.isnan(fit))
        assert scores.coverage[cand, p] == coverage
        assert scores.critical[cand, p] == critical


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 30),
    st.integers(0, 2**32 - 1),
    st.floats(0.0, 0.9),
    st.booleans(),
)
def test_kernel_matches_reference_on_random_data(
    n_cand: int, seed: int, missing: float, whole: bool
) -> None:
    """Random candidates, 1-6 ratings per competency in shuffled order, some not assessed;
    whole points (the histogram path) or any value in [1, 5] (the weighted-bincount path)."""
    rng = np.random.default_rng(seed)
    n_comp = len(RUBRIC.competency_ids)
    per = rng.integers(1, 7, size=(n_cand, n_comp))
    cand = np.repeat(np.repeat(np.arange(n_cand), n_comp), per.ravel())
    comp = np.repeat(np.tile(np.arange(n_comp), n_cand), per.ravel())
    order = rng.permutation(len(cand))
    cand, comp = cand[order], comp[order]
    rating = (
        rng.integers(1, 6, size=len(cand)).astype(float) if whole else rng.uniform(1, 5, len(cand))
    )
    rating[rng.random(len(cand)) < missing] = np.nan
    coded = _coded(cand, comp, rating, n_cand)
    assert coded.rating.dtype == (np.int8 if whole else np.float64)
    _check_against_reference(coded)


def test_kernel_worked_example_from_codes() -> None:
    """The DESIGN worked example through the kernel: levels 3.3/3.7/2.0/3.5/4.0 as ratings."""
    prof = profile([4, 4, 3, 3, 3], [5, 4, 3, 5, 3])
    coded = CodedRatings(
        candidates=np.array(["x"], dtype=object),
        competencies=COMPS,
        candidate=np.zeros(5, dtype=np.intp),
        competency=np.arange(5),
        rating=np.array([3.3, 3.7, 2.0, 3.5, 4.0]),
    )
    scores = score_arrays(aggregate_codes(coded), [prof], settings=SETTINGS)
    assert round(float(scores.fit[0, 0]), 2) == 84.67
    lost = 100.0 * np.array([5, 4, 3, 5, 3]) / 20 * (1 - np.array([2.3 / 3, 2.7 / 3, 0.5, 1, 1]))
    assert lost.round(2).tolist() == [5.83, 2.00, 7.50, 0.00, 0.00]
    assert float(scores.fit[0, 0]) == pytest.approx(100 - lost.sum(), abs=1e-12)
    # c is a full point short at weight 3 (= critical_weight): the one critical gap
    assert (scores.coverage[0, 0], scores.critical[0, 0]) == (100.0, 1)


@pytest.mark.parametrize("n_cand", [1, 37, 63, 64, 65, 999, 4097])
def test_candidates_with_the_same_levels_get_the_same_fit(n_cand: int) -> None:
    """Ties share a rank, so the kernel rounds every row alike wherever it sits in the matrix."""
    rng = np.random.default_rng(n_cand)
    n_comp = len(RUBRIC.competency_ids)
    base = rng.integers(1, 6, size=(7, 5, n_comp)).astype(float)
    base[rng.random(base.shape) < 0.15] = np.nan
    who = rng.integers(0, 7, size=n_cand)
    rating = base[who].ravel()
    cand = np.repeat(np.arange(n_cand), 5 * n_comp)
    comp = np.tile(np.arange(n_comp), n_cand * 5)
    scores = score_arrays(
        aggregate_codes(_coded(cand, comp, rating, n_cand)), PROFILES, settings=RUBRIC.settings
    )
    first = {int(w): i for i, w in reversed(list(enumerate(who)))}
    same = np.array([first[int(w)] for w in who])
    np.testing.assert_array_equal(scores.fit, scores.fit[same])


def test_a_fit_does_not_depend_on_what_is_scored_with_it() -> None:
    """One profile or all 24, ten candidates or a thousand: every fit rounds alike, so that the
    dashboard's ranking, a report and a best-fit chart agree to the last bit."""
    rng = np.random.default_rng(4)
    n_cand, n_comp = 1000, len(RUBRIC.competency_ids)
    rating = rng.integers(1, 6, size=(n_cand, 3, n_comp)).astype(float)
    rating[rng.random(rating.shape) < 0.1] = np.nan
    cand = np.repeat(np.arange(n_cand), 3 * n_comp)
    comp = np.tile(np.arange(n_comp), n_cand * 3)
    levels = aggregate_codes(_coded(cand, comp, rating.ravel(), n_cand))
    full = score_arrays(levels, PROFILES, settings=RUBRIC.settings).fit
    for p, prof in enumerate(PROFILES):
        alone = score_arrays(levels, [prof], settings=RUBRIC.settings).fit[:, 0]
        np.testing.assert_array_equal(alone, full[:, p])
    few = levels.rows(np.arange(n_cand) % 97 == 3)
    np.testing.assert_array_equal(
        score_arrays(few, PROFILES[5:8], settings=RUBRIC.settings).fit,
        full[np.arange(n_cand) % 97 == 3][:, 5:8],
    )
