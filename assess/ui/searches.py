"""Searches page: pick or add a search (kept in the URL as ?search=ID), its target profile with
where each number comes from, its pipeline, hiring team, interview plan (with each interview's
kit to print) and its interview progress."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assess.domain.i18n import LANGUAGE_NAMES, LANGUAGES, t
from assess.domain.kit import kind_label, kit_file_name
from assess.domain.permissions import allowed
from assess.domain.rubric import Rubric
from assess.domain.searches import FOCUS_MAX, SearchInputError
from assess.domain.vocab import INTERVIEW_TYPES, PIPELINE_STAGES, SEARCH_ROLES
from assess.services import candidates as candidate_service
from assess.services import searches as svc
from assess.ui import cache, common, text

QUERY_KEY: Final = "search"
CHOICE_KEY: Final = "search.choice"
CURRENT_KEY: Final = "search.current"
LEVELS: Final = (None, 1, 2, 3, 4, 5)
WEIGHTS: Final = (None, 0, 1, 2, 3)


def search_label(found: svc.SearchInfo) -> str:
    """A search as the select boxes name it: "3: CTO, Acme (Acme AB)"."""
    return f"{found.id}: {found.title}" + (f" ({found.client})" if found.client else "")


def wanted_search() -> int | None:
    """The search the URL names, else the one this session chose last (a page switch leaves
    the URL without it), else None."""
    raw = st.query_params.get(QUERY_KEY)
    if raw is None:
        kept = st.session_state.get(CURRENT_KEY)
        return kept if isinstance(kept, int) else None
    try:
        return int(raw)
    except ValueError:
        return None


def chosen_search(found: list[svc.SearchInfo]) -> int | None:
    """The search named by ?search=ID when the actor may see it, else the one chosen last in
    this session, else the first one."""
    ids = [s.id for s in found]
    wanted = wanted_search()
    if wanted in ids:
        return wanted
    return ids[0] if ids else None


def remember(search: int | None) -> None:
    """Keep the chosen search (None: none) in the URL and the session, so that a reload or a
    link opens the same search and a choice made on one page carries over to the others."""
    st.session_state[CURRENT_KEY] = search
    if search is None:
        if QUERY_KEY in st.query_params:
            del st.query_params[QUERY_KEY]
    elif st.query_params.get(QUERY_KEY) != str(search):
        st.query_params[QUERY_KEY] = str(search)


def _picked(key: str) -> None:
    remember(int(st.session_state[key]))


def pick_search(
    found: list[svc.SearchInfo], search_id: int, lang: str, *, key: str = CHOICE_KEY
) -> None:
    """The select box of the searches the actor may see, on `search_id`; a choice is kept by
    `remember`. Each page has its own widget `key`, the value is shared."""
    labels = {s.id: search_label(s) for s in found}
    if st.session_state.get(key) != search_id:
        st.session_state[key] = search_id
    st.selectbox(
        t("search.choose", lang),
        list(labels),
        format_func=labels.__getitem__,
        key=key,
        on_change=_picked,
        args=(key,),
    )
    remember(search_id)


def _new_search(rubric: Rubric, lang: str) -> None:
    with st.expander(t("search.new", lang)), st.form("search.new_form", clear_on_submit=True):
        title = st.text_input(t("search.name", lang), max_chars=200)
        client = st.text_input(t("search.client", lang), max_chars=200)
        archetype = st.selectbox(
            t("common.archetype", lang),
            rubric.archetype_ids,
            format_func=lambda a: rubric.archetype(a).name.get(lang),
        )
        stage = st.selectbox(
            t("common.stage", lang),
            rubric.stage_ids,
            format_func=lambda s: rubric.stage(s).name.get(lang),
        )
        if st.form_submit_button(t("search.add", lang)):
            try:
                made = cache.write(
                    svc.add_search,
                    rubric=rubric,
                    title=title,
                    archetype=str(archetype),
                    stage=str(stage),
                    client=client,
                )
            except SearchInputError as exc:
                st.error(str(exc))
                return
            remember(made.id)
            common.flash("success", t("search.added", lang, id=made.id))
            st.rerun()


def _source(source: str, lang: str) -> str:
    """A number's source in words ("archetype+stage" has the label key source.archetype_stage)."""
    return t("source." + source.replace("+", "_"), lang)


def profile_frame(view: svc.SearchView, rubric: Rubric, lang: str) -> pd.DataFrame:
    """The search's profile as a table: each number with where it comes from."""
    rows: list[dict[str, Any]] = []
    for target in view.profile.targets:
        rows.append(
            {
                t("common.competency", lang): rubric.competency(target.competency).name.get(lang),
                t("search.level", lang): target.level,
                t("search.level_source", lang): _source(target.level_source, lang),
                t("common.weight", lang): target.weight,
                t("search.weight_source", lang): _source(target.weight_source, lang),
                t("search.reason", lang): target.reason or "",
                t("search.set_by", lang): target.set_by or "",
            }
        )
    return pd.DataFrame(rows)


def _override(search_id: int, rubric: Rubric, lang: str) -> None:
    with st.expander(t("search.override", lang)), st.form("search.override_form"):
        competency = st.selectbox(
            t("common.competency", lang),
            rubric.competency_ids,
            format_func=lambda c: rubric.competency(c).name.get(lang),
        )
        left, right = st.columns(2)
        level = left.selectbox(
            t("search.level", lang),
            LEVELS,
            format_func=lambda v: t("search.keep", lang) if v is None else str(v),
        )
        weight = right.selectbox(
            t("common.weight", lang),
            WEIGHTS,
            format_func=lambda v: t("search.keep", lang) if v is None else str(v),
        )
        reason = st.text_input(t("search.reason", lang), max_chars=500)
        if st.form_submit_button(t("search.set_target", lang)):
            try:
                cache.write(
                    svc.set_target,
                    search_id,
                    rubric=rubric,
                    competency=str(competency),
                    level=level,
                    weight=weight,
                    reason=reason,
                )
            except SearchInputError as exc:
                st.error(str(exc))
                return
            common.flash("success", t("search.target_set", lang))
            st.rerun()


def _pipeline(view: svc.SearchView, lang: str) -> None:
    st.subheader(t("search.pipeline", lang))
    if view.pipeline:
        frame = pd.DataFrame(
            {
                t("common.candidate", lang): [p.name for p in view.pipeline],
                t("search.pipeline_stage", lang): [
                    t(f"pipe.{p.stage}", lang) for p in view.pipeline
                ],
            }
        )
        common.show_table(frame, lang, key="search.pipeline_table")
    else:
        st.caption(t("search.no_candidates", lang))
    left, right = st.columns(2)
    if allowed(view.role, "searches.manage"):
        _add_candidate(view, left, lang)
    if allowed(view.role, "searches.move"):
        _move(view, right, lang)


def _add_candidate(view: svc.SearchView, column: DeltaGenerator, lang: str) -> None:
    search_id = view.search.id
    inside = {p.candidate for p in view.pipeline}
    outside = [c for c in cache.read(candidate_service.list_candidates) if c.id not in inside]
    with column, st.form("search.add_candidate_form"):
        names = {c.id: c.name for c in outside}
        chosen = st.selectbox(
            t("common.candidate", lang), list(names), format_func=names.__getitem__
        )
        if st.form_submit_button(t("search.add_candidate", lang)) and chosen is not None:
            cache.write(svc.add_to_search, search_id, int(chosen))
            common.flash("success", t("search.candidate_added", lang))
            st.rerun()


def _move(view: svc.SearchView, column: DeltaGenerator, lang: str) -> None:
    search_id = view.search.id
    with column, st.form("search.move_form"):
        names = {p.candidate: p.name for p in view.pipeline}
        who = st.selectbox(t("common.candidate", lang), list(names), format_func=names.__getitem__)
        stage = st.selectbox(
            t("search.pipeline_stage", lang),
            PIPELINE_STAGES,
            format_func=lambda s: t(f"pipe.{s}", lang),
        )
        reason = st.text_input(t("search.reason", lang), max_chars=500)
        if st.form_submit_button(t("search.move", lang)) and who is not None:
            try:
                cache.write(
                    svc.move_candidate, search_id, int(who), stage=str(stage), reason=reason
                )
            except SearchInputError as exc:
                st.error(str(exc))
                return
            common.flash("success", t("search.moved", lang))
            st.rerun()


def team_frame(view: svc.SearchView, lang: str) -> pd.DataFrame:
    """The search's hiring team: name and role on this search."""
    return pd.DataFrame(
        {
            t("search.member", lang): [m.name for m in view.team],
            t("search.role", lang): [t(f"role.{m.role}", lang) for m in view.team],
        }
    )


def _team(view: svc.SearchView, lang: str) -> None:
    st.subheader(t("search.team", lang))
    if view.team:
        common.show_table(team_frame(view, lang), lang, key="search.team_table")
    else:
        st.caption(t("search.no_team", lang))
    if not allowed(view.role, "searches.manage"):
        return
    search_id = view.search.id
    left, right = st.columns(2)
    users = {u.user_id: u for u in cache.read(svc.team_choices, search_id)}
    with left, st.form("search.team_form"):
        who = st.selectbox(
            t("search.user", lang),
            list(users),
            format_func=lambda u: f"{users[u].name} ({users[u].email})",
            key="search.team_user",
        )
        role = st.selectbox(
            t("search.role", lang),
            SEARCH_ROLES,
            index=SEARCH_ROLES.index("interviewer"),
            format_func=lambda r: t(f"role.{r}", lang),
            key="search.team_role",
        )
        if st.form_submit_button(t("search.set_member", lang)) and who is not None:
            cache.write(svc.set_team_member, search_id, user_id=int(who), role=str(role))
            common.flash(
                "success",
                text.t_md(
                    "search.member_set", lang, name=users[who].name, role=t(f"role.{role}", lang)
                ),
            )
            st.rerun()
    if not view.team:
        return
    members = {m.user_id: m.name for m in view.team}
    with right, st.form("search.team_remove_form"):
        gone = st.selectbox(
            t("search.member", lang),
            list(members),
            format_func=members.__getitem__,
            key="search.team_remove_user",
        )
        if st.form_submit_button(t("search.remove_member", lang)) and gone is not None:
            cache.write(svc.remove_team_member, search_id, int(gone))
            common.flash("success", text.t_md("search.member_removed", lang, name=members[gone]))
            st.rerun()


def plan_frame(view: svc.SearchView, rubric: Rubric, lang: str) -> pd.DataFrame:
    """The search's interviews: name, type, focus competencies in order, date."""
    return pd.DataFrame(
        {
            t("search.interview", lang): [i.name for i in view.interviews],
            t("search.kind", lang): [kind_label(i.kind, lang) for i in view.interviews],
            t("search.focus_short", lang): [
                "; ".join(rubric.competency(c).name.get(lang) for c in i.focus)
                for i in view.interviews
            ],
            t("search.date", lang): [i.date.isoformat() if i.date else "" for i in view.interviews],
        }
    )


def _plan(view: svc.SearchView, rubric: Rubric, lang: str) -> None:
    st.subheader(t("search.plan", lang))
    if view.interviews:
        common.show_table(plan_frame(view, rubric, lang), lang, key="search.plan_table")
        _kit(view, rubric, lang)
    else:
        st.caption(t("search.no_interviews", lang))
    if not allowed(view.role, "searches.manage"):
        return
    _new_interview(view, rubric, lang)
    # an assignment needs an interview, a candidate of the search and someone on its team
    if view.interviews and view.pipeline and view.team:
        _assign(view, lang)


def _kit(view: svc.SearchView, rubric: Rubric, lang: str) -> None:
    """One interview's kit to download: for a candidate or none, in English or Swedish."""
    interviews = {i.id: i.name for i in view.interviews}
    # 0: a kit for no one in particular (a None option would show as a cleared select)
    people: dict[int, str] = {0: t("search.kit_no_candidate", lang)}
    people.update({p.candidate: p.name for p in view.pipeline})
    left, middle, right = st.columns(3)
    interview = left.selectbox(
        t("search.kit_for", lang),
        list(interviews),
        format_func=interviews.__getitem__,
        key="search.kit_interview",
    )
    candidate = middle.selectbox(
        t("common.candidate", lang),
        list(people),
        format_func=people.__getitem__,
        key="search.kit_candidate",
    )
    kit_lang = right.selectbox(
        t("search.kit_language", lang),
        LANGUAGES,
        index=LANGUAGES.index(lang),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="search.kit_lang",
    )
    if interview is None:
        return
    st.download_button(
        t("kit.download", lang),
        cache.read(
            svc.interview_kit,
            view.search.id,
            int(interview),
            rubric=rubric,
            lang=str(kit_lang),
            candidate_id=int(candidate) if candidate else None,
        ),
        file_name=kit_file_name(view.search.id, int(interview), str(kit_lang)),
        mime="text/html",
        key="search.kit_download",
    )


def _new_interview(view: svc.SearchView, rubric: Rubric, lang: str) -> None:
    with (
        st.expander(t("search.new_interview", lang)),
        st.form("search.interview_form", clear_on_submit=True),
    ):
        name = st.text_input(t("search.interview_name", lang), max_chars=200)
        kind = st.selectbox(
            t("search.kind", lang),
            INTERVIEW_TYPES,
            format_func=lambda k: t(f"itype.{k}", lang),
        )
        focus = st.multiselect(
            t("search.focus", lang),
            rubric.competency_ids,
            format_func=lambda c: rubric.competency(c).name.get(lang),
            max_selections=FOCUS_MAX,
        )
        dated = st.checkbox(t("search.set_date", lang), value=True)
        day = st.date_input(t("search.date", lang), value=dt.date.today())
        if st.form_submit_button(t("search.add_interview", lang)):
            try:
                made = cache.write(
                    svc.add_interview,
                    view.search.id,
                    rubric=rubric,
                    name=name,
                    kind=str(kind),
                    focus=[str(c) for c in focus],
                    interview_date=day if dated and isinstance(day, dt.date) else None,
                )
            except SearchInputError as exc:
                st.error(str(exc))
                return
            common.flash("success", t("search.interview_added", lang, id=made.id))
            st.rerun()


def _assign(view: svc.SearchView, lang: str) -> None:
    interviews = {i.id: i.name for i in view.interviews}
    people = {p.candidate: p.name for p in view.pipeline}
    members = {m.user_id: f"{m.name} ({t(f'role.{m.role}', lang)})" for m in view.team}
    with st.expander(t("search.assign", lang)), st.form("search.assign_form"):
        interview = st.selectbox(
            t("search.interview", lang), list(interviews), format_func=interviews.__getitem__
        )
        candidate = st.selectbox(
            t("common.candidate", lang), list(people), format_func=people.__getitem__
        )
        who = st.selectbox(
            t("search.interviewer", lang), list(members), format_func=members.__getitem__
        )
        if st.form_submit_button(t("search.assign_button", lang)):
            if interview is None or candidate is None or who is None:
                return
            try:
                done = cache.write(svc.assign_interviewer, int(interview), int(candidate), int(who))
            except SearchInputError as exc:
                st.error(str(exc))
                return
            common.flash(
                "success" if done else "info",
                t("search.assigned" if done else "search.already_assigned", lang),
            )
            st.rerun()


def progress_frame(view: svc.SearchView, lang: str) -> pd.DataFrame:
    """Every candidate x interview of the search: who, its state, and whether it is overdue."""
    cells = cache.read(svc.search_progress, view.search.id)
    names = {p.candidate: p.name for p in view.pipeline}
    interviews = {i.id: i.name for i in view.interviews}
    return pd.DataFrame(
        {
            t("common.candidate", lang): [names.get(c.candidate, "") for c in cells],
            t("search.interview", lang): [interviews[c.interview] for c in cells],
            t("search.interviewer", lang): [c.interviewer or "" for c in cells],
            t("search.state", lang): [t(f"progress.{c.state}", lang) for c in cells],
            t("search.overdue", lang): [c.overdue for c in cells],
        }
    )


def main(lang: str) -> None:
    st.title(t("search.title", lang))
    rubric = cache.rubric()
    found = cache.read(svc.list_searches)
    search_id = chosen_search(found)
    may_add = allowed(cache.app_actor().role, "searches.manage")
    if search_id is None:
        st.info(t("search.none", lang))
        if may_add:
            _new_search(rubric, lang)
        return
    pick_search(found, search_id, lang)
    view = cache.read(svc.show_search, search_id, rubric=rubric)
    s = view.search
    st.caption(
        f"{t('search.status', lang)}: {t(f'sstatus.{s.status}', lang)} · "
        f"{rubric.archetype(s.archetype).name.get(lang)} x {rubric.stage(s.stage).name.get(lang)}"
    )
    st.subheader(t("search.profile", lang))
    common.show_table(profile_frame(view, rubric, lang), lang, key="search.profile_table")
    if allowed(view.role, "searches.manage"):
        _override(search_id, rubric, lang)
    _pipeline(view, lang)
    _team(view, lang)
    _plan(view, rubric, lang)
    # without a plan there is no progress to show; the plan's section says so
    if view.interviews:
        st.subheader(t("search.progress", lang))
        common.show_table(progress_frame(view, lang), lang, key="search.progress_table")
    if may_add:
        _new_search(rubric, lang)
