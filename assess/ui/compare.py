"""Compare page: two to five candidates on one radar against the target, with levels and gaps."""

from __future__ import annotations

import streamlit as st

from assess import charts
from assess.domain.i18n import t
from assess.ui import cache, common, scope, views

PICK_KEY = "cmp.candidates"
MAX_CANDIDATES = 5


def main(lang: str) -> None:
    rubric = cache.rubric()
    version = cache.data_version()
    where = scope.analysis_scope(rubric, lang, version)
    profile = where.profile
    adjust = common.leniency_toggle(lang)
    st.title(t("cmp.title", lang))
    scope.showing(where, lang)
    common.leniency_note(adjust, lang)
    ranked = cache.ranking(version, profile, search=where.search, adjust=adjust, lang=lang)
    if ranked.empty:
        st.info(t("common.no_data", lang))
        return
    names = views.candidate_labels(ranked)
    ids = list(names)
    chosen = [c for c in st.session_state.get(PICK_KEY, []) if c in names]
    st.session_state[PICK_KEY] = chosen or ids[: min(3, len(ids))]
    picked = st.multiselect(
        t("cmp.pick", lang),
        ids,
        format_func=names.__getitem__,
        max_selections=MAX_CANDIDATES,
        key=PICK_KEY,
        persist_state="session",
    )
    if not 2 <= len(picked) <= MAX_CANDIDATES:
        st.info(t("cmp.pick_more", lang))
        return
    gaps = {
        names[c]: cache.gaps(version, c, profile, search=where.search, adjust=adjust)
        for c in picked
    }
    fig = charts.compare_radar(
        {name: dict(zip(g["competency"], g["level"], strict=True)) for name, g in gaps.items()},
        {x.competency: float(x.level) for x in profile.targets},
        common.competency_labels(rubric, lang),
        target_name=where.target_name or common.profile_name(profile, rubric, lang),
        not_assessed=t("common.not_assessed", lang),
    )
    st.subheader(t("cmp.radar", lang))
    st.plotly_chart(fig, key="cmp_radar")
    common.show_table(
        views.side_by_side(gaps, profile, rubric, lang),
        lang,
        key="cmp_table",
        not_assessed=list(gaps),
    )
