"""Scorecard page: one interviewer rates one candidate, competency by competency, on anchors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from assess.domain import vocab
from assess.domain.i18n import t
from assess.domain.permissions import allowed
from assess.domain.rubric import Competency, Rubric
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.services import candidates, scorecards
from assess.ui import cache, common

NOT_ASSESSED = "na"
RATING_OPTIONS: tuple[str | int, ...] = (NOT_ASSESSED, 1, 2, 3, 4, 5)
CANDIDATE_KEY = "sc.candidate"
TYPE_KEY = "sc.type"
DATE_KEY = "sc.date"
RECOMMENDATION_KEY = "sc.recommendation"
NOTES_KEY = "sc.notes"
LOADED_KEY = "_sc.loaded"


def rating_key(competency: str) -> str:
    return f"sc.rating.{competency}"


def evidence_key(competency: str) -> str:
    return f"sc.evidence.{competency}"


def _identity() -> tuple[Any, ...]:
    state = st.session_state
    return (
        state.get(CANDIDATE_KEY),
        cache.app_actor().name,
        state.get(DATE_KEY),
        state.get(TYPE_KEY),
    )


def card_from_state(rubric: Rubric, name: str, state: str) -> ScorecardIn:
    """The scorecard the widgets hold now: every competency, unrated ones as not assessed."""
    values = st.session_state
    ratings = []
    for comp in rubric.competencies:
        raw = values.get(rating_key(comp.id), NOT_ASSESSED)
        ratings.append(
            RatingIn(
                competency=comp.id,
                rating=None if raw in (NOT_ASSESSED, None) else int(raw),
                evidence=str(values.get(evidence_key(comp.id)) or "").strip(),
            )
        )
    return ScorecardIn(
        candidate=CandidateRef(name=name),
        interviewer=cache.app_actor().name,
        interview_type=str(values[TYPE_KEY]),
        interview_date=values[DATE_KEY],
        recommendation=values.get(RECOMMENDATION_KEY),
        state="submitted" if state == "submitted" else "draft",
        notes=str(values.get(NOTES_KEY) or ""),
        ratings=ratings,
    )


@common.safe_callback
def _save(state: str, name: str, lang: str) -> None:
    rubric = cache.rubric()
    card = card_from_state(rubric, name, state)
    card_id = cache.write(
        scorecards.save_scorecard,
        card,
        candidate_id=int(st.session_state[CANDIDATE_KEY]),
    )
    key = "sc.submitted" if state == "submitted" else "sc.saved_draft"
    common.flash("success", t(key, lang, id=card_id))


def _load_saved(rubric: Rubric, lang: str) -> None:
    """When the interview named changes, fill the form from this interviewer's stored card."""
    identity = _identity()
    if identity == st.session_state.get(LOADED_KEY):
        return
    st.session_state[LOADED_KEY] = identity
    candidate, interviewer, date, itype = identity
    if candidate is None or not interviewer or date is None or itype is None:
        return
    # only this interviewer's own card for this interview: never others' ratings
    saved = cache.read(
        scorecards.own_scorecard,
        int(candidate),
        interview_date=date,
        interview_type=itype,
    )
    if saved is None:
        return
    given = {r.competency: r for r in saved.ratings}
    for comp in rubric.competencies:
        r = given.get(comp.id)
        st.session_state[rating_key(comp.id)] = (
            NOT_ASSESSED if r is None or r.rating is None else r.rating
        )
        st.session_state[evidence_key(comp.id)] = "" if r is None else r.evidence
    st.session_state[RECOMMENDATION_KEY] = saved.recommendation
    st.session_state[NOTES_KEY] = saved.notes
    common.flash("info", t("sc.loaded", lang, state=t(f"state.{saved.state}", lang)))


def _rating_row(comp: Competency, rubric: Rubric, lang: str) -> None:
    labels = {lv.value: lv.label.get(lang) for lv in rubric.levels}
    with st.expander(comp.name.get(lang)):
        st.caption(comp.description.get(lang))
        questions = "\n".join(f"- {q.get(lang)}" for q in comp.questions)
        st.markdown(f"**{t('sc.questions', lang)}**\n\n{questions}")
        st.radio(
            t("sc.rating", lang),
            RATING_OPTIONS,
            format_func=lambda v: (
                t("sc.not_assessed", lang)
                if v == NOT_ASSESSED
                else f"{v} · {labels.get(int(v), '')}"
            ),
            captions=["", *(comp.levels[v].get(lang) for v in (1, 2, 3, 4, 5))],
            key=rating_key(comp.id),
            persist_state="session",
        )
        st.text_area(
            t("sc.evidence", lang), key=evidence_key(comp.id), height=80, persist_state="session"
        )


def _type_label(interview_type: str, lang: str) -> str:
    # imports may bring interview types of their own, kept as written
    known = interview_type in vocab.INTERVIEW_TYPES
    return t(f"itype.{interview_type}", lang) if known else interview_type


def _reopen(candidate_id: int, lang: str) -> None:
    """For recruiters and admins: turn a submitted scorecard of this candidate back into a draft."""
    if not allowed(cache.app_actor().role, "scorecards.reopen"):
        return
    with st.expander(t("sc.reopen", lang)):
        cards = cache.read(scorecards.submitted_scorecards, candidate_id)
        if not cards:
            st.text(t("sc.reopen_none", lang))
            return
        by_id = {c.id: c for c in cards}
        picked = st.selectbox(
            t("sc.reopen_pick", lang),
            list(by_id),
            format_func=lambda i: (
                f"{by_id[i].interviewer} · {_type_label(by_id[i].interview_type, lang)} · "
                f"{by_id[i].interview_date.isoformat()}"
            ),
            key="sc.reopen.pick",
        )
        reason = st.text_input(t("sc.reopen_reason", lang), key="sc.reopen.reason")
        if st.button(t("sc.reopen_button", lang), key="sc_reopen") and picked is not None:
            cache.write(scorecards.reopen_scorecard, int(picked), reason=reason)
            common.flash("success", t("sc.reopened", lang))
            st.rerun()


def main(lang: str) -> None:
    rubric = cache.rubric()
    st.title(t("sc.title", lang))
    st.caption(t("sc.intro", lang))
    people = cache.read(candidates.list_candidates)
    if not people:
        st.info(t("common.no_candidates", lang))
        return
    names = {c.id: c.name for c in people}
    if st.session_state.get(CANDIDATE_KEY) not in names:
        st.session_state[CANDIDATE_KEY] = people[0].id
    if st.session_state.get(TYPE_KEY) not in vocab.INTERVIEW_TYPES:
        st.session_state[TYPE_KEY] = vocab.INTERVIEW_TYPES[0]
    if not isinstance(st.session_state.get(DATE_KEY), dt.date):
        st.session_state[DATE_KEY] = dt.date.today()
    left, right = st.columns(2)
    with left:
        st.selectbox(
            t("sc.candidate", lang),
            list(names),
            format_func=names.__getitem__,
            key=CANDIDATE_KEY,
            persist_state="session",
        )
        # the interviewer is the signed-in user, never a text box (st.text: a name is text)
        st.text(t("sc.interviewer_is", lang, name=cache.app_actor().name))
    with right:
        key = common.localized_key(TYPE_KEY, lang, vocab.INTERVIEW_TYPES[0])
        st.selectbox(
            t("sc.interview_type", lang),
            vocab.INTERVIEW_TYPES,
            format_func=lambda v: t(f"itype.{v}", lang),
            key=key,
            on_change=common.keep,
            args=(key, TYPE_KEY),
        )
        st.date_input(t("sc.interview_date", lang), key=DATE_KEY, persist_state="session")
    _load_saved(rubric, lang)
    common.show_flashes()

    for cluster in rubric.clusters:
        st.markdown(f"#### {cluster.name.get(lang)}")
        for comp in rubric.competencies:
            if comp.cluster == cluster.id:
                _rating_row(comp, rubric, lang)

    rated = sum(
        st.session_state.get(rating_key(c.id), NOT_ASSESSED) != NOT_ASSESSED
        for c in rubric.competencies
    )
    st.caption(t("sc.rated_count", lang, rated=rated, total=len(rubric.competencies)))
    key = common.localized_key(RECOMMENDATION_KEY, lang, None)
    st.selectbox(
        t("sc.recommendation", lang),
        vocab.RECOMMENDATIONS,
        index=None,
        format_func=lambda v: t(f"rec.{v}", lang),
        key=key,
        on_change=common.keep,
        args=(key, RECOMMENDATION_KEY),
    )
    st.text_area(t("sc.notes", lang), key=NOTES_KEY, persist_state="session")
    name = names[int(st.session_state[CANDIDATE_KEY])]
    _reopen(int(st.session_state[CANDIDATE_KEY]), lang)
    draft, submit = st.columns(2)
    draft.button(
        t("sc.save_draft", lang), key="sc_save_draft", on_click=_save, args=("draft", name, lang)
    )
    submit.button(
        t("sc.submit", lang),
        key="sc_submit",
        type="primary",
        on_click=_save,
        args=("submitted", name, lang),
    )
