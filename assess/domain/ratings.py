"""The ratings as read from the database: columnar arrays, the long frame's columns, drafts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from assess.domain.scoring import CodedRatings

# The long ratings frame (`RatingColumns.frame`, `store.ratings_frame`), named once.
RATINGS_FRAME_COLUMNS: Final[tuple[str, ...]] = (
    "candidate",
    "candidate_name",
    "interviewer",
    "interview",
    "interview_type",
    "interview_date",
    "competency",
    "rating",
    "evidence",
    "recommendation",
    "state",
    "candidate_email",
)
# Per scorecard, in `RatingColumns.cards`: the frame's scorecard columns.
CARD_COLUMNS: Final[tuple[str, ...]] = (
    "interview",
    "candidate",
    "interviewer",
    "interview_type",
    "interview_date",
    "recommendation",
    "state",
)
# Per candidate, in `RatingColumns.people`: what is only shown, never computed with.
PEOPLE_COLUMNS: Final[tuple[str, ...]] = ("candidate", "candidate_name", "candidate_email")
# The one state whose ratings count: a draft is private to its interviewer and never scored.
SCORED_STATE: Final = "submitted"


def is_scored(states: pd.Series | np.ndarray) -> np.ndarray:
    """Per scorecard state, whether its ratings are scored, reported and calibrated (the one
    rule by which drafts are dropped, wherever ratings come from)."""
    scored: np.ndarray = np.asarray(pd.Series(states).astype(object) == SCORED_STATE, dtype=bool)
    return scored


def submitted(ratings: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ratings table whose scorecard is submitted; a table without a `state`
    column holds submitted ratings only (an import, a test) and is returned as it is."""
    if "state" not in ratings.columns:
        return ratings
    keep = is_scored(ratings["state"])
    return ratings if keep.all() else ratings[keep]


@dataclass(frozen=True)
class RatingColumns:
    """Every rating as integer codes, one array per column, ordered by candidate id, scorecard
    id, then competency id; names and other display text sit in two small tables.

    Per rating i: candidate code `candidate[i]` (into `candidate_ids` and the rows of
    `people`), scorecard code `card[i]` (into the rows of `cards`), competency code
    `competency[i]` (into `competencies`), rating as int8 with 0 = not assessed, and, when
    read, `evidence[i]`. Per scorecard, `interviewer` codes into `interviewers`.
    """

    candidate_ids: np.ndarray
    people: pd.DataFrame
    cards: pd.DataFrame
    interviewers: tuple[str, ...]
    interviewer: np.ndarray
    competencies: tuple[str, ...]
    candidate: np.ndarray
    card: np.ndarray
    competency: np.ndarray
    rating: np.ndarray
    evidence: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.rating)

    def coded(self) -> CodedRatings:
        """The ratings as scoring's input: candidate ids, competency codes, int8 ratings."""
        return CodedRatings(
            candidates=self.candidate_ids,
            competencies=self.competencies,
            candidate=self.candidate,
            competency=self.competency,
            rating=self.rating,
        )

    def frame(self) -> pd.DataFrame:
        """The long ratings frame, columns RATINGS_FRAME_COLUMNS: `candidate` and `interview`
        are the candidate and scorecard ids (int64), `rating` float64 (NaN = not assessed),
        `evidence` "" unless read; names and scorecard fields joined in from the small tables."""
        cards = self.cards.iloc[self.card]
        people = self.people.iloc[self.candidate]
        rating = self.rating.astype(np.float64)
        rating[self.rating == 0] = np.nan
        frame = pd.DataFrame(
            {
                "candidate": self.candidate_ids[self.candidate].astype(np.int64),
                "candidate_name": people["candidate_name"].to_numpy(),
                "interviewer": cards["interviewer"].to_numpy(),
                "interview": cards["interview"].to_numpy(dtype=np.int64),
                "interview_type": cards["interview_type"].to_numpy(),
                "interview_date": cards["interview_date"].to_numpy(),
                "competency": np.asarray(self.competencies, dtype=object)[self.competency],
                "rating": rating,
                "evidence": self.evidence if self.evidence is not None else "",
                "recommendation": cards["recommendation"].to_numpy(),
                "state": cards["state"].to_numpy(),
                "candidate_email": people["candidate_email"].to_numpy(),
            },
            columns=list(RATINGS_FRAME_COLUMNS),
        )
        # Text columns as str however many rows there are (an empty array would come back as
        # object, and an all-empty email column too).
        text = (
            "candidate_name",
            "interviewer",
            "interview_type",
            "competency",
            "evidence",
            "recommendation",
            "state",
        )
        return frame.astype({"candidate_email": "str", **dict.fromkeys(text, "str")})

    def only_candidates(self, ids: np.ndarray) -> RatingColumns:
        """The ratings, scorecards and people of the candidates with these ids only, codes
        renumbered (interviewer names kept, so the codes into them stay valid)."""
        kept = np.isin(self.candidate_ids, ids)
        keep = kept[self.candidate]
        card_kept = np.isin(self.cards["candidate"].to_numpy(), self.candidate_ids[kept])
        candidate_code = np.cumsum(kept) - 1
        card_code = np.cumsum(card_kept) - 1
        return RatingColumns(
            candidate_ids=self.candidate_ids[kept],
            people=self.people[kept].reset_index(drop=True),
            cards=self.cards[card_kept].reset_index(drop=True),
            interviewers=self.interviewers,
            interviewer=self.interviewer[card_kept],
            competencies=self.competencies,
            candidate=candidate_code[self.candidate[keep]],
            card=card_code[self.card[keep]],
            competency=self.competency[keep],
            rating=self.rating[keep],
            evidence=self.evidence[keep] if self.evidence is not None else None,
        )

    def only_cards(self, kept: np.ndarray) -> RatingColumns:
        """The ratings of the scorecards whose rows in `cards` are True in `kept` only, with
        the candidates who still hold a rating (as a read lists them), codes renumbered."""
        kept = np.asarray(kept, dtype=bool)
        keep = kept[self.card]
        has = np.zeros(len(self.candidate_ids), dtype=bool)
        has[self.candidate[keep]] = True
        card_kept = kept & np.isin(self.cards["candidate"].to_numpy(), self.candidate_ids[has])
        candidate_code = np.cumsum(has) - 1
        card_code = np.cumsum(card_kept) - 1
        return RatingColumns(
            candidate_ids=self.candidate_ids[has],
            people=self.people[has].reset_index(drop=True),
            cards=self.cards[card_kept].reset_index(drop=True),
            interviewers=self.interviewers,
            interviewer=self.interviewer[card_kept],
            competencies=self.competencies,
            candidate=candidate_code[self.candidate[keep]],
            card=card_code[self.card[keep]],
            competency=self.competency[keep],
            rating=self.rating[keep],
            evidence=self.evidence[keep] if self.evidence is not None else None,
        )

    def names(self) -> dict[int, str]:
        """Candidate id -> name, for display."""
        return dict(
            zip(
                self.people["candidate"].tolist(),
                self.people["candidate_name"].tolist(),
                strict=True,
            )
        )
