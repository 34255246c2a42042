"""Rubric page: competencies with their anchors, questions and seed sources; profiles as radars."""

from __future__ import annotations

import streamlit as st

from assess import charts
from assess.domain.i18n import t
from assess.ui import cache, common


def _competencies(lang: str) -> None:
    rubric = cache.rubric()
    st.subheader(t("rub.scale", lang))
    for lv in rubric.levels:
        st.markdown(f"**{lv.value}. {lv.label.get(lang)}**: {lv.description.get(lang)}")
    st.subheader(t("rub.competencies", lang))
    for cluster in rubric.clusters:
        st.markdown(f"#### {cluster.name.get(lang)}")
        for comp in (c for c in rubric.competencies if c.cluster == cluster.id):
            with st.expander(comp.name.get(lang)):
                st.write(comp.description.get(lang))
                st.markdown(f"**{t('rub.levels', lang)}**")
                for value in sorted(comp.levels):
                    st.markdown(f"{value}. {comp.levels[value].get(lang)}")
                st.markdown(f"**{t('rub.questions', lang)}**")
                for q in comp.questions:
                    st.markdown(f"- {q.get(lang)}")
                st.markdown(f"**{t('rub.sources', lang)}**")
                for src in comp.sources:
                    st.caption(f"{src.seed}: “{src.quote}”")


def _profiles(lang: str) -> None:
    rubric = cache.rubric()
    profile = common.profile_picker(rubric, lang)
    archetype = rubric.archetype(profile.archetype)
    stage = rubric.stage(profile.stage)
    labels = common.competency_labels(rubric, lang)
    name = common.profile_name(profile, rubric, lang)
    fig = charts.profile_radar(
        {
            name: {x.competency: x.level for x in profile.targets},
            t("rub.base", lang, name=archetype.name.get(lang)): {
                x.competency: x.base_level for x in profile.targets
            },
        },
        labels,
        weights={x.competency: x.weight for x in profile.targets},
    )
    st.plotly_chart(fig, key="rubric_profile_radar")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{archetype.name.get(lang)}**")
        st.write(archetype.description.get(lang))
        for src in archetype.sources:
            st.caption(f"{src.seed}: “{src.quote}”")
    with right:
        st.markdown(f"**{stage.name.get(lang)}**")
        st.write(stage.description.get(lang))
        for src in stage.sources:
            st.caption(f"{src.seed}: “{src.quote}”")
    table = common.profile_table(profile, rubric, lang)
    table[t("rub.base_level", lang)] = [x.base_level for x in profile.targets]
    table[t("rub.base_weight", lang)] = [x.base_weight for x in profile.targets]
    st.dataframe(table, hide_index=True)


def main(lang: str) -> None:
    st.title(t("rub.title", lang))
    tab_comp, tab_prof = st.tabs([t("rub.competencies", lang), t("rub.profiles", lang)])
    with tab_comp:
        _competencies(lang)
    with tab_prof:
        _profiles(lang)
