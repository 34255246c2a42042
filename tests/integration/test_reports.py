"""Report tables: exact CSV text of summary and detail (plain and Excel-sv), and the round trip."""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from builders import write_tiny_rubric
from sqlalchemy import Engine

from assess.domain.reports import (
    ReportError,
    build_report,
    detail_report,
    ratings_report,
    summary_report,
)
from assess.domain.rubric import Rubric, load_rubric
from assess.domain.scoring import score
from assess.imports.csv_file import LONG_COLUMNS, parse_scorecards, to_csv
from assess.services.actor import Actor
from assess.services.demo import load_demo
from assess.storage.store import (
    create_schema,
    import_scorecards,
    make_engine,
    ratings_frame,
    transaction,
)

NAN = np.nan


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("tiny") / "rubrics"))


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = make_engine("sqlite://")
    create_schema(eng)
    yield eng
    eng.dispose()


def frame(rows: list[tuple[int, str, str, int, str, str, float, str, str | None]]) -> pd.DataFrame:
    """A ratings frame shaped like store.ratings_frame (state submitted, date fixed)."""
    return pd.DataFrame(
        [
            {
                "candidate": cand,
                "candidate_name": name,
                "interviewer": who,
                "interview": card,
                "interview_type": kind,
                "interview_date": dt.date(2026, 3, 4),
                "competency": comp,
                "rating": rating,
                "evidence": evidence,
                "recommendation": rec,
                "state": "submitted",
            }
            for cand, name, who, card, kind, comp, rating, evidence, rec in rows
        ]
    )


# Åsa: hands-on 4 and 3 (3.5), vision 3 and not assessed, people 2 and 2.
# Bo: hands-on 2, vision not assessed, people 4.
RATINGS = frame(
    [
        (1, "Åsa Öberg", "Karin Ek", 10, "technical", "hands_on_engineering", 4, "Live fix", "yes"),
        (1, "Åsa Öberg", "Karin Ek", 10, "technical", "tech_vision", 3, "", "yes"),
        (1, "Åsa Öberg", "Karin Ek", 10, "technical", "people_leadership", 2, "", "yes"),
        (1, "Åsa Öberg", "Johan Berg", 11, "case", "hands_on_engineering", 3, "", "strong_yes"),
        (1, "Åsa Öberg", "Johan Berg", 11, "case", "tech_vision", NAN, "", "strong_yes"),
        (1, "Åsa Öberg", "Johan Berg", 11, "case", "people_leadership", 2, "=risk", "strong_yes"),
        (2, "Bo Ek", "Karin Ek", 12, "leadership", "hands_on_engineering", 2, "", "no"),
        (2, "Bo Ek", "Karin Ek", 12, "leadership", "tech_vision", NAN, "", "no"),
        (2, "Bo Ek", "Karin Ek", 12, "leadership", "people_leadership", 4, "", "no"),
    ]
)

# technical_leader x startup: targets 4/3/3, weights 3/1/2.
# Åsa: points lost 50 * (1 - 2.5/3) = 8.33 and 33.33 * (1 - 1/2) = 16.67: fit 75.
# Bo: vision unassessed, shares 60/40; hands-on (2-1)/3 of 60 lost 40: fit 60, coverage 5/6.
# Pooled rater SD: hands-on sqrt(0.5 / 1) (Åsa's 4 and 3), people 0 (Åsa's 2 and 2), vision
# unknown (nobody has two ratings: interval 1-5). Intervals are level -/+ 1.96 * sd / sqrt(n):
# Åsa hands-on 3.5 -/+ 0.98 = 2.52-4.48; Bo hands-on 2 -/+ 1.386 = 1 (clipped)-3.39.
# Åsa's fit at the low ends: 100 * (3/6 * 1.52/3 + 0 + 2/6 * 1/2) = 42.00; at the high ends
# 100 * (3/6 + 1/6 + 2/6 * 1/2) = 83.33. Bo: low 100 * 2/5 = 40.00, high
# 100 * (3/5 * 2.386/3 + 2/5) = 87.72. The intervals overlap: both are marked.
SUMMARY_PLAIN = (
    "rank,candidate,fit_pct,fit_low_pct,fit_high_pct,overlaps_neighbour,coverage_pct,"
    "critical_gaps,insufficient_evidence,disagreements,scorecards,recommendations,"
    "top_strengths,top_gaps,leniency_adjusted\r\n"
    "1,Åsa Öberg,75.00,42.00,83.33,yes,100.00,,Technology vision,,2,"
    '"strong_yes 1, yes 1",Technology vision,People leadership; Hands-on engineering,no\r\n'
    "2,Bo Ek,60.00,40.00,87.72,yes,83.33,Hands-on engineering,"
    "Hands-on engineering; People leadership,,1,no 1,People leadership,"
    "Hands-on engineering,no\r\n"
)
SUMMARY_SV = (
    "rank;candidate;fit_pct;fit_low_pct;fit_high_pct;overlaps_neighbour;coverage_pct;"
    "critical_gaps;insufficient_evidence;disagreements;scorecards;recommendations;"
    "top_strengths;top_gaps;leniency_adjusted\r\n"
    "1;Åsa Öberg;75,00;42,00;83,33;yes;100,00;;Teknisk vision;;2;strong_yes 1, yes 1;"
    'Teknisk vision;"Personalledarskap; Praktiskt ingenjörsarbete";no\r\n'
    "2;Bo Ek;60,00;40,00;87,72;yes;83,33;Praktiskt ingenjörsarbete;"
    '"Praktiskt ingenjörsarbete; Personalledarskap";;1;no 1;Personalledarskap;'
    "Praktiskt ingenjörsarbete;no\r\n"
)
DETAIL_PLAIN = (
    "rank,candidate,competency,target,level,count,spread,low,high,evidence,weight,points_lost,"
    "gap_status,critical_gap,leniency_adjusted\r\n"
    "1,Åsa Öberg,Hands-on engineering,4,3.50,2,1.00,2.52,4.48,ok,3,8.33,possible,no,no\r\n"
    "1,Åsa Öberg,Technology vision,3,3.00,1,0.00,1.00,5.00,insufficient,1,0.00,meets,no,no\r\n"
    "1,Åsa Öberg,People leadership,3,2.00,2,0.00,2.00,2.00,ok,2,16.67,clear,no,no\r\n"
    "2,Bo Ek,Hands-on engineering,4,2.00,1,0.00,1.00,3.39,insufficient,3,40.00,clear,yes,no\r\n"
    "2,Bo Ek,Technology vision,3,,0,,,,not_assessed,1,,not_assessed,no,no\r\n"
    "2,Bo Ek,People leadership,3,4.00,1,0.00,4.00,4.00,insufficient,2,0.00,meets,no,no\r\n"
)


@pytest.mark.parametrize(
    ("kind", "excel", "lang", "expected"),
    [
        ("summary", None, "en", SUMMARY_PLAIN.encode()),
        ("summary", "sv", "sv", codecs.BOM_UTF8 + SUMMARY_SV.encode()),
        ("detail", None, "en", DETAIL_PLAIN.encode()),
        (
            "detail",
            "sv",
            "en",
            # no name holds a comma or a dot: every comma is a separator, every dot a decimal
            codecs.BOM_UTF8 + DETAIL_PLAIN.replace(",", ";").replace(".", ",").encode(),
        ),
    ],
)
def test_exact_report_text(
    rubric: Rubric, kind: str, excel: str | None, lang: str, expected: bytes
) -> None:
    table = build_report(
        kind, RATINGS, rubric, archetype="technical_leader", stage="startup", lang=lang
    )
    assert to_csv(table, excel=excel) == expected


def test_detail_excel_sv_spot_check(rubric: Rubric) -> None:
    profile = rubric.profile("technical_leader", "startup")
    text = to_csv(detail_report(RATINGS, rubric, profile), excel="sv").decode("utf-8-sig")
    assert text.splitlines()[1] == (
        "1;Åsa Öberg;Hands-on engineering;4;3,50;2;1,00;2,52;4,48;ok;3;8,33;possible;no;no"
    )


def test_leniency_adjusted_reports_say_so_and_rescore(rubric: Rubric) -> None:
    """Karin Ek rated Åsa's hands-on 4 where Johan Berg gave 3, and the same 2 on people: her
    leniency is +0.5 over 2 shared ratings, shrunk to 0.5 * 2 / (2 + 10) = 1/12, Johan's -1/12.
    Åsa's vision (Karin's 3 alone) drops to 2.917 below target 3: 1/6 * 100 * (1 - 1.917/2)
    = 0.69 points lost, fit 74.31. Bo's hands-on 1.917: 60 * (1 - 0.917/3) lost, fit 58.33."""
    profile = rubric.profile("technical_leader", "startup")
    plain = summary_report(RATINGS, rubric, profile)
    adjusted = summary_report(RATINGS, rubric, profile, adjust_leniency=True)
    assert plain["leniency_adjusted"].tolist() == [False, False]
    assert adjusted["leniency_adjusted"].tolist() == [True, True]
    assert adjusted["fit_pct"].round(2).tolist() == [74.31, 58.33]
    detail = detail_report(RATINGS, rubric, profile, adjust_leniency=True)
    assert detail["leniency_adjusted"].all()
    # the ratings report keeps what the interviewers gave
    ratings = build_report("ratings", RATINGS, rubric, adjust_leniency=True)
    assert sorted(ratings["rating"].dropna().tolist()) == [2, 2, 2, 3, 3, 4, 4]


def test_points_lost_add_up_to_100_minus_fit(rubric: Rubric) -> None:
    for stage in rubric.stage_ids:
        detail = build_report(
            "detail", RATINGS, rubric, archetype="operational_manager", stage=stage
        )
        summary = build_report(
            "summary", RATINGS, rubric, archetype="operational_manager", stage=stage
        )
        lost = detail.groupby("candidate", sort=False)["points_lost"].sum()
        fit = summary.set_index("candidate")["fit_pct"]
        assert np.allclose(100 - lost[fit.index].to_numpy(), fit.to_numpy())


def test_drafts_are_left_out(rubric: Rubric) -> None:
    drafts = RATINGS.assign(state=np.where(RATINGS["interview"] == 11, "draft", "submitted"))
    summary = build_report("summary", drafts, rubric, archetype="technical_leader", stage="startup")
    assert summary["scorecards"].tolist() == [1, 1]
    assert summary["recommendations"].tolist() == ["yes 1", "no 1"]
    assert len(ratings_report(drafts, rubric)) == 6


def test_empty_database_gives_header_only(rubric: Rubric) -> None:
    empty = RATINGS.iloc[0:0]
    for kind in ("summary", "detail"):
        table = build_report(kind, empty, rubric, archetype="technical_leader", stage="growth")
        assert to_csv(table).count(b"\r\n") == 1


@pytest.mark.parametrize(
    ("kind", "archetype", "stage", "message"),
    [
        ("summary", "cto", "growth", 'unknown archetype "cto" (one of technical_leader, '),
        ("detail", "technical_leader", "series_b", 'unknown stage "series_b" (one of startup, '),
        ("summary", None, "growth", "the summary report needs an archetype and a stage"),
        ("pdf", None, None, 'unknown report kind "pdf" (one of summary, detail, ratings)'),
    ],
)
def test_report_errors(
    rubric: Rubric, kind: str, archetype: str | None, stage: str | None, message: str
) -> None:
    with pytest.raises(ReportError) as info:
        build_report(kind, RATINGS, rubric, archetype=archetype, stage=stage)
    assert str(info.value).startswith(message)


def test_ratings_report_is_the_long_import_format(rubric: Rubric) -> None:
    table = ratings_report(RATINGS, rubric)
    assert tuple(table.columns) == LONG_COLUMNS
    text = to_csv(table).decode()
    assert text.splitlines()[:3] == [
        "candidate,email,interviewer,interview_date,interview_type,competency,rating,evidence,"
        "recommendation",
        "Bo Ek,,Karin Ek,2026-03-04,leadership,hands_on_engineering,2,,no",
        "Bo Ek,,Karin Ek,2026-03-04,leadership,tech_vision,,,no",
    ]
    assert "Åsa Öberg,,Johan Berg,2026-03-04,case,people_leadership,2,'=risk,strong_yes" in text


def _scores_by_name(ratings: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    named = ratings.assign(candidate=ratings["candidate_name"])
    return (
        score(named, rubric.profiles(), settings=rubric.settings)
        .sort_values(["candidate", "archetype", "stage"])
        .reset_index(drop=True)
    )


@pytest.mark.parametrize("excel", [None, "sv"])
def test_round_trip_ratings_report_reimports_to_the_same_scores(
    engine: Engine, tmp_path: Path, excel: str | None
) -> None:
    shipped = load_rubric()
    load_demo(actor=Actor("test"), engine=engine, rubric=shipped, today=dt.date(2026, 11, 23))
    with transaction(engine, readonly=True) as session:
        before = ratings_frame(session=session)
    data = to_csv(ratings_report(before, shipped), excel=excel)
    cards = parse_scorecards(data, name="ratings.csv", rubric=shipped)

    fresh = make_engine("sqlite://")
    create_schema(fresh)
    try:
        with transaction(fresh) as session:
            summary = import_scorecards(cards, session=session, actor="test")
        with transaction(fresh, readonly=True) as session:
            after = ratings_frame(session=session)
        with transaction(fresh) as session:
            again = import_scorecards(cards, session=session, actor="test")
    finally:
        fresh.dispose()
    assert summary.ratings_added == len(before)
    assert again.scorecards_added == again.ratings_added == again.ratings_changed == 0
    pd.testing.assert_frame_equal(_scores_by_name(before, shipped), _scores_by_name(after, shipped))
    # the evidence survives too, word for word
    key = ["candidate_name", "interviewer", "interview_type", "competency"]
    left = before.sort_values(key)[[*key, "rating", "evidence", "recommendation"]]
    right = after.sort_values(key)[[*key, "rating", "evidence", "recommendation"]]
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def test_a_candidate_rated_only_not_assessed_still_has_a_row(rubric: Rubric) -> None:
    """A submitted scorecard whose ratings are all N/A: the candidate is listed last, unranked,
    with coverage 0, their scorecard and recommendation counted."""
    only_na = frame([(3, "Cy Lund", "Karin Ek", 13, "case", "tech_vision", NAN, "", "no_decision")])
    table = pd.concat([RATINGS, only_na], ignore_index=True)
    profile = rubric.profile("technical_leader", "startup")
    summary = summary_report(table, rubric, profile)
    last = summary.iloc[-1]
    assert summary["candidate"].tolist() == ["Åsa Öberg", "Bo Ek", "Cy Lund"]
    assert pd.isna(last["rank"]) and pd.isna(last["fit_pct"]) and pd.isna(last["fit_low_pct"])
    assert (last["coverage_pct"], last["scorecards"], last["recommendations"]) == (
        0.0,
        1,
        "no_decision 1",
    )
    assert not last["overlaps_neighbour"]
    detail = detail_report(table, rubric, profile)
    assert (detail["candidate"] == "Cy Lund").sum() == 3
