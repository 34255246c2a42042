"""Dashboard page: ranking against a target profile, radar, gap table and best-fit heatmap."""

from __future__ import annotations

import streamlit as st

from assess.domain.i18n import t
from assess.ui import cache, common, scope

CANDIDATE_KEY = "dash.candidate"
CANDIDATE_QUERY = "candidate"


def _url_candidate(ids: list[int]) -> None:
    """A session that starts from a link or a reload takes the URL's candidate (?candidate=ID)
    when it is in the ranking; a choice made since is the session's."""
    if CANDIDATE_KEY in st.session_state:
        return
    try:
        wanted = int(st.query_params.get(CANDIDATE_QUERY, ""))
    except ValueError:
        return
    if wanted in ids:
        st.session_state[CANDIDATE_KEY] = wanted


def main(lang: str) -> None:
    rubric = cache.rubric()
    version = cache.data_version()
    chosen = scope.analysis_scope(rubric, lang, version)
    adjust = common.leniency_toggle(lang)
    st.title(t("dash.title", lang))
    scope.showing(chosen, lang)
    common.leniency_note(adjust, lang)
    search, profile = chosen.search, chosen.profile
    top = cache.ranking_panel(version, profile, search=search, adjust=adjust, lang=lang)
    if top.table is None:
        if CANDIDATE_QUERY in st.query_params:
            del st.query_params[CANDIDATE_QUERY]
        st.info(t("common.no_data", lang))
        st.page_link("assess/ui/pages/candidates_page.py", label=t("nav.candidates", lang))
        return
    st.subheader(t("dash.ranking", lang))
    common.show_table(top.table, lang, key="dash_ranking")
    if top.overlaps:
        st.caption(t("dash.overlap_note", lang))

    ids = list(top.labels)
    _url_candidate(ids)
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
    # the URL names the radar shown, so a link opens this candidate
    if st.query_params.get(CANDIDATE_QUERY) != str(candidate):
        st.query_params[CANDIDATE_QUERY] = str(candidate)
    panel = cache.candidate_panel(
        version,
        candidate,
        profile,
        search=search,
        target_name=chosen.target_name,
        adjust=adjust,
        lang=lang,
    )
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
