"""Scorecard page: one interviewer rates one candidate, competency by competency, on anchors.

It opens on the signed-in user's own interviews still to score (across the searches they are
on): the chosen interview fixes candidate, interview type, date and search, its focus
competencies come first and the others wait, folded away. Without such interviews, or with
"another interview" chosen, the interviewer picks the candidate and interview themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import streamlit as st

from assess.domain import vocab
from assess.domain.i18n import t
from assess.domain.kit import kind_label, kit_file_name
from assess.domain.permissions import allowed
from assess.domain.rubric import Competency, Rubric
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.services import candidates, scorecards
from assess.services import searches as search_service
from assess.services.searches import OpenInterview
from assess.ui import cache, common

NOT_ASSESSED = "na"
RATING_OPTIONS: tuple[str | int, ...] = (NOT_ASSESSED, 1, 2, 3, 4, 5)
CANDIDATE_KEY = "sc.candidate"
TYPE_KEY = "sc.type"
DATE_KEY = "sc.date"
RECOMMENDATION_KEY = "sc.recommendation"
NOTES_KEY = "sc.notes"
LOADED_KEY = "_sc.loaded"
# the chosen one of the user's own interviews (an OpenInterview's key), or FREE
MINE_KEY: Final = "sc.mine"
MINE_DATE_KEY: Final = "sc.mine_date"
FREE: Final = "free"


@dataclass(frozen=True)
class Subject:
    """Whose interview the form is about: the candidate, the interview type and date, and the
    search the card belongs to (None: chosen freely, in no search)."""

    candidate: int
    name: str
    interview_type: str
    date: dt.date
    search: int | None = None
    interview: int | None = None


def mine_key(o: OpenInterview) -> str:
    """A stable option value for one of the user's interviews."""
    return f"{o.search.id}:{o.interview.id}:{o.candidate}"


def rating_key(competency: str) -> str:
    return f"sc.rating.{competency}"


def evidence_key(competency: str) -> str:
    return f"sc.evidence.{competency}"


def _identity(subject: Subject) -> tuple[Any, ...]:
    return (
        subject.candidate,
        cache.app_actor().name,
        subject.date,
        subject.interview_type,
        subject.search,
    )


def _clear_form(rubric: Rubric) -> None:
    for comp in rubric.competencies:
        st.session_state[rating_key(comp.id)] = NOT_ASSESSED
        st.session_state[evidence_key(comp.id)] = ""
    st.session_state[RECOMMENDATION_KEY] = None
    st.session_state[NOTES_KEY] = ""


def card_from_state(rubric: Rubric, subject: Subject, state: str) -> ScorecardIn:
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
        candidate=CandidateRef(name=subject.name),
        interviewer=cache.app_actor().name,
        interview_type=subject.interview_type,
        interview_date=subject.date,
        recommendation=values.get(RECOMMENDATION_KEY),
        state="submitted" if state == "submitted" else "draft",
        notes=str(values.get(NOTES_KEY) or ""),
        ratings=ratings,
    )


@common.safe_callback
def _save(state: str, subject: Subject, lang: str) -> None:
    rubric = cache.rubric()
    card = card_from_state(rubric, subject, state)
    card_id = cache.write(
        scorecards.save_scorecard,
        card,
        candidate_id=subject.candidate,
        search_id=subject.search,
    )
    key = "sc.submitted" if state == "submitted" else "sc.saved_draft"
    common.flash("success", t(key, lang, id=card_id))


def _load_saved(rubric: Rubric, subject: Subject, lang: str) -> None:
    """When the interview named changes, fill the form from this interviewer's stored card;
    moving to or from one of the user's planned interviews starts from an empty form, so one
    interview's ratings never carry over into the next one's."""
    identity = _identity(subject)
    before = st.session_state.get(LOADED_KEY)
    if identity == before:
        return
    st.session_state[LOADED_KEY] = identity
    if before is not None and (subject.search is not None or before[-1] is not None):
        _clear_form(rubric)
    # only this interviewer's own card for this interview: never others' ratings
    saved = cache.read(
        scorecards.own_scorecard,
        subject.candidate,
        interview_date=subject.date,
        interview_type=subject.interview_type,
        search_id=subject.search,
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


def _rating_body(comp: Competency, rubric: Rubric, lang: str) -> None:
    """A competency's definition, questions, and its rating with the five level anchors."""
    labels = {lv.value: lv.label.get(lang) for lv in rubric.levels}
    st.caption(comp.description.get(lang))
    questions = "\n".join(f"- {q.get(lang)}" for q in comp.questions)
    st.markdown(f"**{t('sc.questions', lang)}**\n\n{questions}")
    st.radio(
        t("sc.rating", lang),
        RATING_OPTIONS,
        format_func=lambda v: (
            t("sc.not_assessed", lang) if v == NOT_ASSESSED else f"{v} · {labels.get(int(v), '')}"
        ),
        captions=["", *(comp.levels[v].get(lang) for v in (1, 2, 3, 4, 5))],
        key=rating_key(comp.id),
        persist_state="session",
    )
    st.text_area(
        t("sc.evidence", lang), key=evidence_key(comp.id), height=80, persist_state="session"
    )


def _rating_row(comp: Competency, rubric: Rubric, lang: str) -> None:
    with st.expander(comp.name.get(lang)):
        _rating_body(comp, rubric, lang)


def _all_competencies(rubric: Rubric, lang: str) -> None:
    """Every competency by cluster, each folded (a freely chosen interview has no focus)."""
    for cluster in rubric.clusters:
        st.markdown(f"#### {cluster.name.get(lang)}")
        for comp in rubric.competencies:
            if comp.cluster == cluster.id:
                _rating_row(comp, rubric, lang)


def _focus_first(rubric: Rubric, focus: tuple[str, ...], lang: str) -> None:
    """The interview's focus competencies open, in the plan's order; the others folded away
    in one expander, still ratable."""
    st.subheader(t("sc.focus", lang))
    for cid in focus:
        comp = rubric.competency(cid)
        with st.container(border=True):
            st.markdown(f"#### {comp.name.get(lang)}")
            _rating_body(comp, rubric, lang)
    others = [c for c in rubric.competencies if c.id not in focus]
    if not others:
        return
    with st.expander(t("sc.others", lang, count=len(others)), expanded=False):
        for comp in others:
            st.markdown(f"#### {comp.name.get(lang)}")
            _rating_body(comp, rubric, lang)


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
                f"{by_id[i].interviewer} · {kind_label(by_id[i].interview_type, lang)} · "
                f"{by_id[i].interview_date.isoformat()}"
            ),
            key="sc.reopen.pick",
        )
        reason = st.text_input(t("sc.reopen_reason", lang), key="sc.reopen.reason")
        if st.button(t("sc.reopen_button", lang), key="sc_reopen") and picked is not None:
            cache.write(scorecards.reopen_scorecard, int(picked), reason=reason)
            common.flash("success", t("sc.reopened", lang))
            st.rerun()


def _mine_label(o: OpenInterview, lang: str) -> str:
    parts = [
        o.candidate_name,
        o.interview.name,
        o.search.title,
        o.interview.date.isoformat() if o.interview.date else t("sc.no_date", lang),
        t(f"progress.{o.state}", lang),
    ]
    if o.overdue:
        parts.append(t("sc.mine_overdue", lang))
    return " · ".join(parts)


def _choose_mine(mine: list[OpenInterview], lang: str) -> OpenInterview | None:
    """The select of the user's own interviews still to score (overdue ones marked), and
    "another interview"; the chosen one, or None for a free choice. A choice that left the
    list (just submitted) moves on to the first one still open."""
    by_key = {mine_key(o): o for o in mine}
    options = [*by_key, FREE]
    if st.session_state.get(MINE_KEY) not in options:
        st.session_state[MINE_KEY] = options[0]
    st.subheader(t("sc.mine", lang))
    overdue = sum(o.overdue for o in mine)
    st.caption(t("sc.mine_count", lang, count=len(mine), overdue=overdue))
    key = common.localized_key(MINE_KEY, lang, options[0])
    st.selectbox(
        t("sc.mine_pick", lang),
        options,
        format_func=lambda k: (
            t("sc.mine_free", lang) if k == FREE else _mine_label(by_key[k], lang)
        ),
        key=key,
        on_change=common.keep,
        args=(key, MINE_KEY),
    )
    return by_key.get(str(st.session_state[MINE_KEY]))


def _planned(o: OpenInterview, lang: str) -> Subject:
    """The subject of one of the user's interviews: all fixed by the plan, the date too unless
    the interview has none yet."""
    day = o.interview.date
    if day is None:
        if not isinstance(st.session_state.get(MINE_DATE_KEY), dt.date):
            st.session_state[MINE_DATE_KEY] = dt.date.today()
        st.date_input(t("sc.interview_date", lang), key=MINE_DATE_KEY, persist_state="session")
        day = st.session_state[MINE_DATE_KEY]
    assert isinstance(day, dt.date)
    # names and titles are text (st.text), never Markdown
    st.text(
        t(
            "sc.for_interview",
            lang,
            candidate=o.candidate_name,
            interview=o.interview.name,
            kind=kind_label(o.interview.kind, lang),
            date=day.isoformat(),
            search=o.search.title,
        )
    )
    st.text(t("sc.interviewer_is", lang, name=cache.app_actor().name))
    return Subject(
        o.candidate, o.candidate_name, o.interview.kind, day, o.search.id, o.interview.id
    )


def _free(people: dict[int, str], lang: str) -> Subject:
    """The subject as the interviewer chooses it: candidate, interview type and date."""
    if st.session_state.get(CANDIDATE_KEY) not in people:
        st.session_state[CANDIDATE_KEY] = next(iter(people))
    if st.session_state.get(TYPE_KEY) not in vocab.INTERVIEW_TYPES:
        st.session_state[TYPE_KEY] = vocab.INTERVIEW_TYPES[0]
    if not isinstance(st.session_state.get(DATE_KEY), dt.date):
        st.session_state[DATE_KEY] = dt.date.today()
    left, right = st.columns(2)
    with left:
        st.selectbox(
            t("sc.candidate", lang),
            list(people),
            format_func=people.__getitem__,
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
    candidate = int(st.session_state[CANDIDATE_KEY])
    return Subject(
        candidate, people[candidate], str(st.session_state[TYPE_KEY]), st.session_state[DATE_KEY]
    )


def _kit_button(subject: Subject, rubric: Rubric, lang: str) -> None:
    """The chosen interview's kit to print, in the page's language, for this candidate."""
    if subject.search is None or subject.interview is None:
        return
    st.download_button(
        t("kit.download", lang),
        cache.read(
            search_service.interview_kit,
            subject.search,
            subject.interview,
            rubric=rubric,
            lang=lang,
            candidate_id=subject.candidate,
        ),
        file_name=kit_file_name(subject.search, subject.interview, lang),
        mime="text/html",
        key="sc.kit",
    )


def main(lang: str) -> None:
    rubric = cache.rubric()
    st.title(t("sc.title", lang))
    st.caption(t("sc.intro", lang))
    mine = cache.read(search_service.my_open_interviews)
    chosen = _choose_mine(mine, lang) if mine else None
    if chosen is not None:
        subject = _planned(chosen, lang)
    else:
        people = cache.read(candidates.list_candidates)
        if not people:
            st.info(t("common.no_candidates", lang))
            return
        subject = _free({c.id: c.name for c in people}, lang)
    _load_saved(rubric, subject, lang)
    common.show_flashes()
    if chosen is not None:
        _kit_button(subject, rubric, lang)
        _focus_first(rubric, chosen.interview.focus, lang)
    else:
        _all_competencies(rubric, lang)

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
    _reopen(subject.candidate, lang)
    draft, submit = st.columns(2)
    draft.button(
        t("sc.save_draft", lang),
        key="sc_save_draft",
        on_click=_save,
        args=("draft", subject, lang),
    )
    submit.button(
        t("sc.submit", lang),
        key="sc_submit",
        type="primary",
        on_click=_save,
        args=("submitted", subject, lang),
    )
