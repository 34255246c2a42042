"""Dashboard page: ranking against a target profile, radar, gap table and best-fit heatmap."""

from __future__ import annotations

import math

import streamlit as st

from assess.i18n import t
from assess.ui import cache, common, views

CANDIDATE_KEY = "dash.candidate"


def main(lang: str) -> None:
    rubric = cache.rubric()
    profile = common.profile_picker(rubric, lang)
    adjust = common.leniency_toggle(lang)
    st.title(t("dash.title", lang))
    common.leniency_note(adjust, lang)
    version = cache.data_version()
    ranked = cache.ranking(version, profile.archetype, profile.stage, adjust=adjust, lang=lang)
    if ranked.empty:
        st.info(t("common.no_data", lang))
        st.page_link("assess/ui/pages/candidates.py", label=t("nav.candidates", lang))
        return
    st.subheader(t("dash.ranking", lang))
    common.show_table(
        cache.ranking_view(version, profile.archetype, profile.stage, adjust=adjust, lang=lang),
        lang,
        key="dash_ranking",
        precision=1,
        widths={t("dash.insufficient", lang): "medium", t("dash.disagreements", lang): "medium"},
    )
    if ranked["overlaps"].any():
        st.caption(t("dash.overlap_note", lang))

    names = views.candidate_labels(ranked)
    ids = list(names)
    if st.session_state.get(CANDIDATE_KEY) not in ids:
        st.session_state[CANDIDATE_KEY] = ids[0]  # the top candidate, preselected
    candidate = int(
        st.selectbox(
            t("dash.candidate", lang),
            ids,
            format_func=names.__getitem__,
            key=CANDIDATE_KEY,
            persist_state="session",
        )
    )
    row = ranked[ranked["candidate"] == candidate].iloc[0]
    st.markdown(
        t(
            "dash.fit_summary",
            lang,
            fit=views.fit_summary(row["fit"], row["fit_low"], row["fit_high"]),
            coverage=views.pct(row["coverage"]),
        )
    )
    if not math.isnan(row["coverage"]) and row["coverage"] < 50:
        st.warning(t("dash.low_coverage", lang))

    name = names[candidate]
    where = (version, candidate, profile.archetype, profile.stage)
    st.subheader(t("dash.radar", lang, name=name))
    st.plotly_chart(cache.radar(*where, adjust=adjust, lang=lang, name=name), key="dash_radar")
    st.subheader(t("dash.gaps", lang))
    # the evidence column says "not assessed" in words; a dash in the numbers suffices
    common.show_table(cache.gap_view(*where, adjust=adjust, lang=lang), lang, key="dash_gaps")
    st.subheader(t("dash.best_fit", lang))
    st.plotly_chart(
        cache.best_fit_chart(version, candidate, adjust=adjust, lang=lang), key="dash_best_fit"
    )

