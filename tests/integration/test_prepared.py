"""The prepared, profile-independent data gives the rankings, gap tables and best fits that the
frame path (scores, summary report, gap table) gives, for every profile."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from builders import HANDS_ON, PEOPLE, VISION, card
from sqlalchemy import Engine

from assess.domain import prepared, reliability, reports, scoring, vocab
from assess.domain.ratings import RatingColumns
from assess.domain.rubric import Rubric, load_rubric
from assess.services.actor import Actor
from assess.services.demo import load_demo
from assess.storage.columnar import read_ratings
from assess.storage.db import transaction
from assess.storage.store import import_scorecards

RUBRIC = load_rubric()
SUMMARY_EXTRAS = {
    "fit_low_pct": "fit_low",
    "fit_high_pct": "fit_high",
    "overlaps_neighbour": "overlaps",
    "insufficient_evidence": "insufficient_evidence",
    "disagreements": "disagreements",
}


def frame_ranking(
    frame: pd.DataFrame, rubric: Rubric, archetype: str, stage: str, adjust: bool, lang: str
) -> pd.DataFrame:
    """The dashboard's ranking as the app built it from the long frame before."""
    levels = scoring.aggregate(reports.scoring_ratings(frame, adjust_leniency=adjust))
    scores = scoring.score(None, rubric.profiles(), settings=rubric.settings, levels=levels)
    ranked = scoring.rank(scores[(scores["archetype"] == archetype) & (scores["stage"] == stage)])
    summary = reports.summary_report(
        frame,
        rubric,
        rubric.profile(archetype, stage),
        lang=lang,
        adjust_leniency=adjust,
        with_ids=True,
    )
    extras = summary.set_index("candidate_id")[list(SUMMARY_EXTRAS)].rename(columns=SUMMARY_EXTRAS)
    cards = frame.drop_duplicates("interview")
    info = cards.groupby("candidate").agg(
        name=("candidate_name", "first"), scorecards=("interview", "size")
    )
    counts = pd.crosstab(cards["candidate"], cards["recommendation"])
    for rec in vocab.RECOMMENDATIONS:
        column = counts[rec] if rec in counts.columns else pd.Series(dtype="int64")
        info[f"rec.{rec}"] = column.reindex(info.index).fillna(0).astype("int64")
    return ranked.join(extras, on="candidate").join(info, on="candidate")


@pytest.fixture
def columns(engine: Engine) -> RatingColumns:
    load_demo(actor=Actor("test"), engine=engine, rubric=RUBRIC, today=dt.date(2026, 11, 23))
    with transaction(engine) as session:
        import_scorecards(
            [
                card("Zoe Draft", interviewer="Ann", state="draft"),
                card("Nils Blank", interviewer="Bo", ratings=((VISION, None, ""),)),
                card("Bert Ek", interviewer="Bo", ratings=((PEOPLE, 1, ""), (HANDS_ON, 5, ""))),
                card("Bert Ek", interviewer="Cy", ratings=((PEOPLE, 4, ""), (HANDS_ON, 5, ""))),
            ],
            session=session,
            actor="test",
        )
    with transaction(engine, readonly=True) as session:
        return read_ratings(session=session)


@pytest.mark.parametrize("adjust", [False, True])
def test_every_profile_ranks_as_the_frame_path(columns: RatingColumns, adjust: bool) -> None:
    frame = columns.frame()
    ready = prepared.prepare(columns, RUBRIC, adjust=adjust)
    assert ready.rated.sum() == len(ready.candidates) - 1  # Nils has nothing assessed
    for profile in RUBRIC.profiles():
        lang = "sv" if profile.stage == RUBRIC.stage_ids[0] else "en"
        got = prepared.ranking(ready, RUBRIC, profile, lang=lang)
        want = frame_ranking(frame, RUBRIC, profile.archetype, profile.stage, adjust, lang)
        assert list(got.columns) == list(prepared.RANKING_COLUMNS)
        pd.testing.assert_frame_equal(got, want[list(got.columns)], check_dtype=False)
        assert got["disagreements"].str.len().sum() > 0


@pytest.mark.parametrize("adjust", [False, True])
def test_gaps_and_best_fit_as_the_frame_path(columns: RatingColumns, adjust: bool) -> None:
    frame = columns.frame()
    scored = reports.scoring_ratings(frame, adjust_leniency=adjust)
    levels = scoring.aggregate(scored)
    intervals = reliability.level_intervals(scored, min_raters=RUBRIC.settings.min_raters)
    scores = scoring.score(None, RUBRIC.profiles(), settings=RUBRIC.settings, levels=levels)
    ready = prepared.prepare(columns, RUBRIC, adjust=adjust)
    for candidate in ready.candidates[ready.rated][:: max(1, int(ready.rated.sum()) // 7)]:
        for profile in RUBRIC.profiles()[::5]:
            table = scoring.gap_table(
                None, candidate, profile, settings=RUBRIC.settings, levels=levels
            )
            index = pd.MultiIndex.from_arrays(
                [[candidate] * len(table), table["competency"]], names=["candidate", "competency"]
            )
            sure = reliability.confidence(
                intervals,
                index,
                table["level"].to_numpy(dtype=float),
                table["target"].to_numpy(dtype=float),
            )
            want = pd.concat([table, sure], axis=1)
            got = prepared.gaps(ready, int(candidate), RUBRIC, profile)
            pd.testing.assert_frame_equal(got, want)
        best = scores[scores["candidate"] == candidate].drop(columns="candidate")
        pd.testing.assert_frame_equal(
            prepared.best_fit(ready, int(candidate), RUBRIC), best.reset_index(drop=True)
        )


def test_a_candidate_without_ratings_is_a_key_error(columns: RatingColumns) -> None:
    ready = prepared.prepare(columns, RUBRIC, adjust=False)
    with pytest.raises(KeyError):
        ready.row(int(np.max(ready.candidates)) + 1)
