"""Dashboard page: ranking against a target profile, radar, gap table and best-fit heatmap."""

from __future__ import annotations

import math

import streamlit as st

from assess import charts
from assess.i18n import t
from assess.ui import cache, common, views

CANDIDATE_KEY = "dash.candidate"


def main(lang: str) -> None:
    rubric = cache.rubric()
    profile = common.profile_picker(rubric, lang)
    st.title(t("dash.title", lang))
    version = cache.data_version()
    ranked = cache.ranking(version, profile.archetype, profile.stage)
    if ranked.empty:
        st.info(t("common.no_data", lang))
        st.page_link("assess/ui/candidates.py", label=t("nav.candidates", lang))
        return
    st.subheader(t("dash.ranking", lang))
    st.dataframe(views.ranking_table(ranked, lang), hide_index=True, key="dash_ranking")

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
        t("dash.fit_summary", lang, fit=views.pct(row["fit"]), coverage=views.pct(row["coverage"]))
    )
    if not math.isnan(row["coverage"]) and row["coverage"] < 50:
        st.warning(t("dash.low_coverage", lang))

    gaps = cache.gaps(version, candidate, profile.archetype, profile.stage)
    st.subheader(t("dash.radar", lang, name=names[candidate]))
    st.plotly_chart(
        views.candidate_radar(gaps, profile, rubric, lang, names[candidate]), key="dash_radar"
    )
    st.subheader(t("dash.gaps", lang))
    st.dataframe(views.gap_view(gaps, rubric, lang), hide_index=True, key="dash_gaps")
    st.subheader(t("dash.best_fit", lang))
    st.plotly_chart(
        charts.best_fit_heatmap(
            cache.best_fit(version, candidate),
            {a.id: a.name.get(lang) for a in rubric.archetypes},
            {s.id: s.name.get(lang) for s in rubric.stages},
            colorbar_title=t("dash.fit", lang),
        ),
        key="dash_best_fit",
    )


if __name__ == "__main__":
    common.run_page(main)
