"""Calibration page: rater agreement per competency, interviewer leniency, large disagreements."""

from __future__ import annotations

import math

import streamlit as st

from assess.domain import reliability
from assess.domain.i18n import t
from assess.ui import cache, common, scope

VERDICTS = {
    reliability.VERDICT_RELIABLE: "verdict.reliable",
    reliability.VERDICT_TENTATIVE: "verdict.tentative",
    reliability.VERDICT_UNRELIABLE: "verdict.unreliable",
    reliability.VERDICT_INSUFFICIENT: "verdict.insufficient",
}


def _cell(
    value: float, reason: reliability.Reason | None, lang: str, digits: int, *, sign: bool = False
) -> str:
    """A statistic as the table shows it: the number rounded, or why there is none."""
    if math.isnan(value):
        return "" if reason is None else reason.text(lang)
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def main(lang: str) -> None:
    rubric = cache.rubric()
    version = cache.data_version()
    search = scope.choose_search(lang, version)
    st.title(t("cal.title", lang))
    ratings = cache.ratings(version, search=search)
    if ratings.empty:
        st.info(t("common.no_data", lang))
        return
    st.caption(t("cal.intro", lang))
    labels = common.competency_labels(rubric, lang)

    st.subheader(t("cal.agreement", lang))
    agreement, why = reliability.agreement_explained(ratings, rubric.competency_ids)
    for key in reliability.STATISTICS:
        agreement[key] = [
            _cell(float(value), reasons.get(key), lang, 3)
            for value, reasons in zip(agreement[key], why, strict=True)
        ]
    agreement["competency"] = agreement["competency"].map(labels)
    agreement["verdict"] = agreement["verdict"].map(lambda v: t(VERDICTS[v], lang))
    st.dataframe(
        agreement.rename(
            columns={
                "competency": t("common.competency", lang),
                "candidates": t("cal.candidates", lang),
                "ratings": t("cal.ratings", lang),
                "icc_candidates": t("cal.icc_candidates", lang),
                "verdict": t("cal.verdict", lang),
            }
        ),
        hide_index=True,
        key="cal_agreement",
    )

    st.subheader(t("cal.leniency", lang))
    table = reliability.leniency(ratings)
    not_shared = reliability.leniency_reasons(table)
    lenient = table.reset_index()
    lenient["leniency"] = [
        _cell(float(value), not_shared.get(who), lang, 2, sign=True)
        for who, value in zip(table.index, table["leniency"], strict=True)
    ]
    st.dataframe(
        lenient.rename(
            columns={
                "interviewer": t("cal.interviewer", lang),
                "leniency": t("cal.leniency_points", lang),
                "shared": t("cal.shared", lang),
                "ratings": t("cal.ratings", lang),
            }
        ),
        hide_index=True,
        key="cal_leniency",
    )

    st.subheader(t("cal.disagreements", lang))
    flagged = reliability.disagreements(ratings)
    if flagged.empty:
        st.info(t("cal.none", lang))
        return
    flagged["competency"] = flagged["competency"].map(labels)
    st.dataframe(
        flagged.drop(columns="candidate").rename(
            columns={
                "candidate_name": t("common.candidate", lang),
                "competency": t("common.competency", lang),
                "low": t("cal.low", lang),
                "high": t("cal.high", lang),
                "spread": t("cal.spread", lang),
                "interviewers": t("cal.interviewers", lang),
                "ratings": t("cal.ratings", lang),
                "evidence": t("cal.evidence", lang),
            }
        ),
        hide_index=True,
        key="cal_disagreements",
    )
