"""Dashboard page: ranking against a target profile, radar, gap table and best-fit heatmap."""

from __future__ import annotations

import streamlit as st

from assess.domain.i18n import t
from assess.ui import cache, common

CANDIDATE_KEY = "dash.candidate"


def main(lang: str) -> None:
    rubric = cache.rubric()
    profile = common.profile_picker(rubric, lang)
    adjust = common.leniency_toggle(lang)
    st.title(t("dash.title", lang))
    common.leniency_note(adjust, lang)
    version = cache.data_version()
    where = (profile.archetype, profile.stage)
    top = cache.ranking_panel(version, *where, adjust=adjust, lang=lang)
    if top.table is None:
        st.info(t("common.no_data", lang))
        st.page_link("assess/ui/pages/candidates_page.py", label=t("nav.candidates", lang))
        return
    st.subheader(t("dash.ranking", lang))
    common.show_table(top.table, lang, key="dash_ranking")
    if top.overlaps:
        st.caption(t("dash.overlap_note", lang))

    ids = list(top.labels)
    if st.session_state.get(CANDIDATE_KEY) not in ids:
        st.session_state[CANDIDATE_KEY] = ids[0]  # the top candidate, preselected
    candidate = int(
        st.selectbox(
            t("dash.candidate", lang),
            ids,
            format_func=top.labels.__getitem__,
            key=CANDIDATE_KEY,
            persist_state="session",
        )
    )
    panel = cache.candidate_panel(version, candidate, *where, adjust=adjust, lang=lang)
    if panel is None:
        st.info(t("common.no_data", lang))
        return
    st.markdown(panel.summary)
    if panel.low_coverage:
        st.warning(t("dash.low_coverage", lang))
    st.plotly_chart(panel.radar, key="dash_radar")  # headed by its title
    st.subheader(t("dash.gaps", lang))
    common.show_table(panel.gaps, lang, key="dash_gaps")
    st.plotly_chart(panel.best_fit, key="dash_best_fit")
