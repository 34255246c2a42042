"""Calibration page: rater agreement per competency, interviewer leniency, large disagreements."""

from __future__ import annotations

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
    agreement = reliability.agreement(ratings, rubric.competency_ids)
    agreement["competency"] = agreement["competency"].map(labels)
    agreement["verdict"] = agreement["verdict"].map(lambda v: t(VERDICTS[v], lang))
    st.dataframe(
        agreement.round(3).rename(
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
    lenient = reliability.leniency(ratings).round(2).reset_index()
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
