"""Candidates page: search and list, add, edit, download everything held about a candidate,
erase (with confirmation), load demo data."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from assess.domain.i18n import t
from assess.services import candidates as service
from assess.services import privacy
from assess.services.candidates import CandidateInfo
from assess.services.demo import load_demo
from assess.ui import cache, common, text

CONFIRM_KEY = "cand.confirm_delete"


def candidate_table(infos: list[CandidateInfo], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("cand.name", lang): [c.name for c in infos],
            t("cand.email", lang): [c.email or "" for c in infos],
            t("cand.current_title", lang): [c.current_title for c in infos],
            t("cand.scorecards", lang): [f"{c.submitted}/{c.scorecards}" for c in infos],
            t("cand.source", lang): [c.source or "" for c in infos],
            t("cand.demo", lang): [c.is_demo for c in infos],
        }
    )


@common.safe_callback
def _load_demo(lang: str) -> None:
    summary = cache.write(load_demo, rubric=cache.rubric())
    common.flash(
        "success",
        t(
            "cand.demo_loaded",
            lang,
            candidates=summary.candidates_added,
            scorecards=summary.scorecards_added,
            ratings=summary.ratings_added,
        ),
    )


def _add(lang: str) -> None:
    with st.form("cand_add_form", clear_on_submit=True):
        name = st.text_input(t("cand.name", lang), key="cand.add.name")
        email = st.text_input(t("cand.email", lang), key="cand.add.email")
        title = st.text_input(t("cand.current_title", lang), key="cand.add.title")
        notes = st.text_area(t("cand.notes", lang), key="cand.add.notes")
        submitted = st.form_submit_button(t("cand.save_new", lang), key="cand_add_submit")
    if not submitted:
        return
    if not name.strip():
        st.error(t("cand.name_required", lang))
        return
    added = cache.write(
        service.add_candidate, name, email=email or None, current_title=title, notes=notes
    )
    common.flash("success", text.t_md("cand.added", lang, name=added.name))
    st.rerun()


def _pick(infos: list[CandidateInfo], lang: str, key: str) -> CandidateInfo | None:
    """A candidate chosen by name (the list shows names, the choice is by id)."""
    by_id = {c.id: c for c in infos}
    picked = st.selectbox(
        t("cand.pick", lang), list(by_id), format_func=lambda i: by_id[i].name, key=key
    )
    return None if picked is None else by_id[int(picked)]


def _edit(infos: list[CandidateInfo], lang: str) -> None:
    person = _pick(infos, lang, "cand.edit.pick")
    if person is None:
        return
    # keys carry the id, so switching candidates shows that candidate's stored values
    with st.form(f"cand_edit_form_{person.id}"):
        pid = person.id
        name = st.text_input(t("cand.name", lang), value=person.name, key=f"cand.edit.name.{pid}")
        email = st.text_input(
            t("cand.email", lang), value=person.email or "", key=f"cand.edit.email.{pid}"
        )
        title = st.text_input(
            t("cand.current_title", lang), value=person.current_title, key=f"cand.edit.title.{pid}"
        )
        notes = st.text_area(
            t("cand.notes", lang), value=person.notes, key=f"cand.edit.notes.{pid}"
        )
        submitted = st.form_submit_button(t("cand.save_edit", lang), key="cand_edit_submit")
    if not submitted:
        return
    if not name.strip():
        st.error(t("cand.name_required", lang))
        return
    updated = cache.write(
        service.update_candidate,
        person.id,
        name=name,
        email=email or None,
        current_title=title,
        notes=notes,
    )
    common.flash("success", text.t_md("cand.updated", lang, name=updated.name))
    st.rerun()


def _download_held(person: CandidateInfo, lang: str) -> None:
    """Everything held about the candidate as JSON (their right of access), made on click."""

    def build() -> bytes:
        held = cache.read(privacy.export_candidate, person.id)
        return (json.dumps(held, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    st.download_button(
        t("cand.export_button", lang),
        data=build,
        file_name=f"candidate-{person.id}.json",
        mime="application/json",
        key="cand_export",
        on_click="ignore",
        help=t("cand.export_help", lang),
    )


@common.safe_callback
def _set_keep(candidate_id: int, key: str) -> None:
    cache.write(privacy.mark_keep, candidate_id, keep=bool(st.session_state[key]))


def _erase(infos: list[CandidateInfo], lang: str) -> None:
    person = _pick(infos, lang, "cand.delete.pick")
    if person is None:
        return
    _download_held(person, lang)
    # the key carries the id, so switching candidates shows that candidate's stored mark
    keep_key = f"cand.keep.{person.id}"
    st.checkbox(
        t("cand.keep", lang),
        value=person.keep,
        key=keep_key,
        help=t("cand.keep_help", lang),
        on_change=_set_keep,
        args=(person.id, keep_key),
    )
    if st.session_state.get(CONFIRM_KEY) != person.id:
        if st.button(t("cand.delete_button", lang), key="cand_delete"):
            st.session_state[CONFIRM_KEY] = person.id
            st.rerun()
        return
    # the second step: erasure cannot be undone, so it takes an explicit confirmation
    st.warning(text.t_md("cand.delete_confirm", lang, name=person.name))
    yes, no = st.columns(2)
    if yes.button(t("cand.delete_yes", lang), key="cand_delete_yes", type="primary"):
        done = cache.write(service.erase_candidate, person.id)
        st.session_state.pop(CONFIRM_KEY, None)
        (erased,) = done.erased
        common.flash(
            "success",
            text.t_md(
                "cand.deleted",
                lang,
                name=person.name,
                scorecards=erased.rows.scorecards,
                ratings=erased.rows.ratings,
            ),
        )
        for warning in done.warnings:
            common.flash("warning", warning)
        st.rerun()
    if no.button(t("cand.delete_no", lang), key="cand_delete_no"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()


def main(lang: str) -> None:
    st.title(t("cand.title", lang))
    everyone = cache.read(service.list_candidates)
    if not everyone:
        st.info(t("cand.empty", lang))
        st.button(
            t("cand.load_demo", lang), key="cand_load_demo", on_click=_load_demo, args=(lang,)
        )
    else:
        search = st.text_input(t("cand.search", lang), key="cand.search", persist_state="session")
        shown = everyone
        if search.strip():
            shown = cache.read(service.list_candidates, search=search)
        if shown:
            st.dataframe(candidate_table(shown, lang), hide_index=True, key="cand_table")
        else:
            st.info(t("cand.none_found", lang))
    tab_add, tab_edit, tab_delete = st.tabs(
        [t("cand.add", lang), t("cand.edit", lang), t("cand.delete", lang)]
    )
    with tab_add:
        _add(lang)
    if everyone:
        with tab_edit:
            _edit(everyone, lang)
        with tab_delete:
            _erase(everyone, lang)
