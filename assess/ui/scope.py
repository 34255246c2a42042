"""The analysis pages' search choice: one search (kept in the URL as ?search=ID) or all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import streamlit as st

from assess.domain.i18n import t
from assess.domain.rubric import Profile, Rubric
from assess.domain.searches import OVERRIDE_SOURCE, SearchProfile
from assess.services import searches as svc
from assess.ui import cache, common, text
from assess.ui.searches import remember, search_label, wanted_search

# The select box's option for "All candidates" (search ids start at 1).
ALL: Final = 0
CHOICE_KEY: Final = "scope.choice"


@dataclass(frozen=True)
class Scope:
    """What an analysis page works on: `search` (None: every candidate the actor may see),
    the profile it scores against, and for a search, the search and its sourced profile."""

    search: int | None
    profile: Profile
    info: svc.SearchInfo | None = None
    target: SearchProfile | None = None

    @property
    def target_name(self) -> str | None:
        """What the charts and reports call the target: the search ("2: CTO, Beta"), or None
        for the archetype x stage name."""
        return None if self.info is None else search_label(self.info)


def _picked(key: str) -> None:
    value = int(st.session_state[key])
    remember(None if value == ALL else value)


def choose_search(lang: str, version: str) -> int | None:
    """The sidebar's search choice: "All candidates" (None) or a search the actor may see,
    as the URL or the session names it; a search the actor cannot see falls back to all."""
    found = cache.search_list(version)
    names = {s.id: search_label(s) for s in found}
    wanted = wanted_search()
    search = wanted if wanted in names else None
    remember(search)
    # one widget per language: a select box keeps the option texts it was first drawn with
    key = f"{CHOICE_KEY}.{lang}"
    value = ALL if search is None else search
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    st.sidebar.selectbox(
        t("scope.search", lang),
        [ALL, *names],
        format_func=lambda v: t("scope.all", lang) if v == ALL else names[v],
        key=key,
        on_change=_picked,
        args=(key,),
        persist_state="session",
    )
    return search


def analysis_scope(rubric: Rubric, lang: str, version: str) -> Scope:
    """The search choice, then for "All candidates" the archetype x stage picker, for a search
    its profile in the sidebar with where each number comes from."""
    search = choose_search(lang, version)
    if search is None:
        return Scope(None, common.profile_picker(rubric, lang))
    info, target = cache.search_target(version, search)
    st.sidebar.markdown(profile_markdown(info, target, rubric, lang))
    return Scope(search, target.profile, info, target)


MARK: Final = "✎"


def profile_markdown(info: svc.SearchInfo, target: SearchProfile, rubric: Rubric, lang: str) -> str:
    """A search's profile as sidebar Markdown: competency, target level and weight (three
    columns fit the narrow sidebar), a number the search sets marked, then each override with
    its reason and who set it, as typed; the unmarked numbers come from archetype x stage."""
    names = common.competency_labels(rubric, lang)

    def cell(value: int, source: str) -> str:
        return f"**{value}** {MARK}" if source == OVERRIDE_SOURCE else str(value)

    rows = [
        f"| {names[x.competency]} | {cell(x.level, x.level_source)} "
        f"| {cell(x.weight, x.weight_source)} |"
        for x in target.targets
    ]
    head = (
        f"| {t('common.competency', lang)} | {t('common.target', lang)} "
        f"| {t('common.weight', lang)} |\n|---|---:|---:|"
    )
    notes = [
        f"- {names[x.competency]}: {text.md(x.reason or '')}"
        + (f" ({text.md(x.set_by)})" if x.set_by else "")
        for x in target.targets
        if x.source == OVERRIDE_SOURCE
    ]
    profile = common.profile_name(target.profile, rubric, lang)
    parts = [f"**{t('common.target_profile', lang)}**: {profile}", "\n".join([head, *rows])]
    if notes:
        parts.append(f"{MARK} {t('scope.overrides', lang)}:\n\n" + "\n".join(notes))
    legend = f"{t('scope.others', lang)} · {t('common.weight', lang)}: {common.weight_legend(lang)}"
    parts.append(f":small[{legend}]")
    return "\n\n".join(parts)


def showing(scope: Scope, lang: str) -> None:
    """Under a page's title: which search the page shows, when it shows one."""
    if scope.info is not None:
        st.caption(t("scope.showing", lang, search=text.md(search_label(scope.info))))
