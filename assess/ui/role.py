"""Define the role page: the needs questionnaire for the chosen search and its recommendation,
the stakeholders' own target profiles, and how far they agree (with the consensus to adopt)."""

from __future__ import annotations

import datetime as dt
import math
import zlib
from typing import Any, Final

import pandas as pd
import streamlit as st

from assess import charts
from assess.domain.alignment import Alignment, AlignmentError, ViewError
from assess.domain.i18n import t
from assess.domain.needs import Answer, NeedsAnswerError, Ranked, Recommendation, chosen, recommend
from assess.domain.permissions import allowed
from assess.domain.rubric import NeedsQuestion, Rubric
from assess.domain.searches import SearchInputError
from assess.services import alignment as svc
from assess.services import searches as search_svc
from assess.ui import cache, common, text
from assess.ui.searches import chosen_search, pick_search

CHOICE_KEY: Final = "role.search"
# the answers of the last recommendation asked for, per search (kept across reruns)
ANSWERS_KEY: Final = "role.answers"
PICK_KEY: Final = "role.pick"
SHOWN: Final = 3
LEVELS: Final = (1, 2, 3, 4, 5)
WEIGHTS: Final = (0, 1, 2, 3)


# --- the needs questionnaire and its recommendation ----------------------------------------


def _question(q: NeedsQuestion, before: Answer | None, key: str, lang: str) -> Answer | None:
    """One question's widget, prefilled with `before`; None = not answered."""
    label = q.text.get(lang)
    if q.kind == "choice":
        options: list[str | None] = [None, *(a.value for a in q.answers)]
        names = {a.value: a.label.get(lang) for a in q.answers}
        index = options.index(before) if before in options else 0
        return st.selectbox(
            label,
            options,
            index=index,
            format_func=lambda v: t("role.unanswered", lang) if v is None else names[v],
            key=key,
        )
    assert q.min is not None and q.max is not None  # the rubric requires both
    if q.whole:
        start = int(before) if isinstance(before, int | float) else None
        return st.number_input(
            label, min_value=int(q.min), max_value=int(q.max), value=start, step=1, key=key
        )
    start_f = float(before) if isinstance(before, int | float) else None
    return st.number_input(
        label, min_value=q.min, max_value=q.max, value=start_f, step=0.05, key=key
    )


def _answers_form(
    search_id: int, rubric: Rubric, before: dict[str, Answer], lang: str
) -> dict[str, Answer] | None:
    """The questionnaire as a form; the answers given when it was submitted, else None."""
    given: dict[str, Answer | None] = {}
    with st.form(f"role.needs_form.{search_id}"):
        for q in rubric.needs:
            key = f"role.q.{search_id}.{lang}.{q.id}"
            given[q.id] = _question(q, before.get(q.id), key, lang)
        if not st.form_submit_button(t("role.recommend", lang)):
            return None
    return {qid: value for qid, value in given.items() if value is not None}


def _target_name(rubric: Rubric, target: str, lang: str) -> str:
    if target in rubric.archetype_ids:
        return rubric.archetype(target).name.get(lang)
    return t("role.stage_of", lang, stage=rubric.stage(target).name.get(lang))


def reasons_frame(pair: Ranked, rubric: Rubric, lang: str) -> pd.DataFrame:
    """A ranked pair's reasons: the points, what they move, the question and answer given, and
    the seed passage that justifies them."""
    rows: list[dict[str, Any]] = []
    for why in pair.reasons:
        q = rubric.question(why.question)
        option = chosen(q, why.answer)
        answer = option.label.get(lang)
        if q.kind == "number":
            answer = f"{why.answer} ({answer})"
        rows.append(
            {
                t("role.effect", lang): f"{why.effect:+d}",
                t("role.moves", lang): _target_name(rubric, why.target, lang),
                t("role.question", lang): q.text.get(lang),
                t("role.answer", lang): answer,
                t("role.seed", lang): why.seed,
                t("role.quote", lang): why.quote,
            }
        )
    return pd.DataFrame(rows)


def _recommendation(
    search_id: int,
    rec: Recommendation,
    rubric: Rubric,
    current: svc.NeedsRecord | None,
    may_choose: bool,
    lang: str,
) -> None:
    st.subheader(t("role.recommendation", lang))
    for place, pair in enumerate(rec.ranking[:SHOWN], start=1):
        archetype = rubric.archetype(pair.archetype).name.get(lang)
        stage = rubric.stage(pair.stage).name.get(lang)
        heading = t(
            "role.pair", lang, place=place, archetype=archetype, stage=stage, score=pair.score
        )
        is_choice = (
            current is not None
            and (current.archetype, current.stage) == (pair.archetype, pair.stage)
            and current.answers == rec.answers
        )
        st.markdown(
            "**" + text.md(heading) + "**" + (f" ({t('role.chosen', lang)})" if is_choice else "")
        )
        common.show_table(
            reasons_frame(pair, rubric, lang), lang, key=f"role.reasons.{search_id}.{place}"
        )
        if may_choose and st.button(t("role.use", lang), key=f"role.use.{search_id}.{place}"):
            cache.write(
                svc.save_needs,
                search_id,
                rubric=rubric,
                answers=rec.answers,
                archetype=pair.archetype,
                stage=pair.stage,
            )
            common.flash("success", t("role.used", lang, archetype=archetype, stage=stage))
            st.rerun()
    top = rec.ranking[0]
    st.caption(
        t(
            "role.profile",
            lang,
            archetype=rubric.archetype(top.archetype).name.get(lang),
            stage=rubric.stage(top.stage).name.get(lang),
        )
    )
    frame = pd.DataFrame(
        {
            t("common.competency", lang): [
                rubric.competency(x.competency).name.get(lang) for x in rec.profile.targets
            ],
            t("search.level", lang): [x.level for x in rec.profile.targets],
            t("common.weight", lang): [x.weight for x in rec.profile.targets],
        }
    )
    common.show_table(frame, lang, key=f"role.rec_profile.{search_id}")


def _needs(search_id: int, rubric: Rubric, role: str, lang: str) -> None:
    st.header(t("role.needs", lang))
    st.caption(t("role.needs_help", lang))
    current = cache.read(svc.search_needs, search_id)
    kept: dict[int, dict[str, Answer]] = st.session_state.setdefault(ANSWERS_KEY, {})
    before = kept.get(search_id) or (current.answers if current is not None else {})
    submitted = _answers_form(search_id, rubric, before, lang)
    if submitted is not None:
        kept[search_id] = submitted
    answers = kept.get(search_id) or (current.answers if current is not None else None)
    if not answers:
        return
    try:
        rec = recommend(answers, rubric)
    except NeedsAnswerError as exc:
        st.error("\n\n".join(text.md(p) for p in exc.problems))
        return
    _recommendation(search_id, rec, rubric, current, allowed(role, "searches.manage"), lang)


# --- stakeholders' views --------------------------------------------------------------------


def views_frame(found: list[svc.Stakeholder], rubric: Rubric, lang: str) -> pd.DataFrame:
    """One row per competency, one column per stakeholder: "level / weight"."""
    data: dict[str, list[str]] = {
        t("common.competency", lang): [c.name.get(lang) for c in rubric.competencies]
    }
    for s in found:
        # "–" for a competency the rubric gained after the view was set
        data[s.name] = [
            f"{s.targets[c][0]} / {s.targets[c][1]}" if c in s.targets else "–"
            for c in rubric.competency_ids
        ]
    return pd.DataFrame(data)


def _editor(
    search_id: int,
    found: list[svc.Stakeholder],
    team: list[search_svc.Member],
    start: dict[str, tuple[int, int]],
    rubric: Rubric,
    lang: str,
) -> None:
    """Add a stakeholder (starting from the search's current target) or edit one."""
    names = [s.name for s in found]
    with st.expander(t("role.edit", lang), expanded=not found):
        pick_key = f"{PICK_KEY}.{search_id}"
        # a save or removal asks for the picker's next value; it is set before the widget exists
        if f"{pick_key}.next" in st.session_state:
            st.session_state[pick_key] = st.session_state.pop(f"{pick_key}.next")
        if st.session_state.get(pick_key) not in [None, *names]:
            st.session_state[pick_key] = None
        picked = st.selectbox(
            t("role.pick", lang),
            [None, *names],
            format_func=lambda n: t("role.new", lang) if n is None else n,
            key=pick_key,
        )
        targets = next((s.targets for s in found if s.name == picked), start)
        if picked is None:
            st.caption(t("role.start", lang))
        # the widgets are keyed by the values they start from too: a form drawn before the
        # search's target (or this view) changed would otherwise keep showing the old numbers
        start_digest = zlib.crc32(repr(sorted(targets.items())).encode())
        slot = ("new" if picked is None else f"n{names.index(picked)}") + f".{start_digest:x}"
        with st.form(f"role.view_form.{search_id}.{slot}"):
            name = st.text_input(
                t("role.name", lang),
                value=picked or "",
                max_chars=200,
                key=f"role.name.{search_id}.{slot.split('.')[0]}",
            )
            members = {m.user_id: m.name for m in team}
            linked = next((s.user_id for s in found if s.name == picked), None)
            options: list[int | None] = [None, *members]
            user = st.selectbox(
                t("role.user", lang),
                options,
                index=options.index(linked) if linked in options else 0,
                format_func=lambda u: t("role.no_user", lang) if u is None else members[u],
                key=f"role.user.{search_id}.{lang}.{slot}",
            )
            chosen_view: dict[str, dict[str, int]] = {}
            for comp in rubric.competencies:
                level, weight = targets.get(comp.id, start[comp.id])
                left, mid, right = st.columns([4, 1, 1])
                left.text(comp.name.get(lang))
                lv = mid.selectbox(
                    t("search.level", lang),
                    LEVELS,
                    index=LEVELS.index(level),
                    key=f"role.lv.{search_id}.{slot}.{comp.id}",
                )
                wt = right.selectbox(
                    t("common.weight", lang),
                    WEIGHTS,
                    index=WEIGHTS.index(weight),
                    key=f"role.wt.{search_id}.{slot}.{comp.id}",
                )
                chosen_view[comp.id] = {"level": int(lv), "weight": int(wt)}
            if st.form_submit_button(t("role.save", lang)):
                try:
                    made = cache.write(
                        svc.set_stakeholder,
                        search_id,
                        rubric=rubric,
                        name=name,
                        profile=chosen_view,
                        user_id=user,
                    )
                except SearchInputError as exc:
                    st.error(text.md(str(exc)))
                    return
                except ViewError as exc:
                    st.error("\n\n".join(text.md(p) for p in exc.problems))
                    return
                st.session_state[f"{pick_key}.next"] = made.name
                common.flash("success", t("role.saved", lang, name=text.md(made.name)))
                st.rerun()
        if picked is not None and st.button(t("role.remove", lang), key=f"role.remove.{search_id}"):
            cache.write(svc.remove_stakeholder, search_id, picked)
            st.session_state[f"{pick_key}.next"] = None
            common.flash("success", t("role.removed", lang, name=text.md(picked)))
            st.rerun()


# --- alignment --------------------------------------------------------------------------------


def _alpha(value: float, lang: str) -> str:
    return t("role.alpha_undefined", lang) if math.isnan(value) else f"{value:.2f}"


def agreement_frame(result: Alignment, rubric: Rubric, lang: str) -> pd.DataFrame:
    """Per competency: mean and spread of level and weight, and the consensus."""
    rows = []
    for row in result.per_competency:
        level, weight = result.consensus[row.competency]
        rows.append(
            {
                t("common.competency", lang): rubric.competency(row.competency).name.get(lang),
                t("role.mean_level", lang): row.mean_level,
                t("role.spread_level", lang): row.spread_level,
                t("role.mean_weight", lang): row.mean_weight,
                t("role.spread_weight", lang): row.spread_weight,
                t("role.consensus_level", lang): level,
                t("role.consensus_weight", lang): weight,
            }
        )
    return pd.DataFrame(rows)


def alignment_radar(
    found: list[svc.Stakeholder], result: Alignment, rubric: Rubric, lang: str
) -> charts.Figure:
    """Every stakeholder's target levels on one radar, the consensus dashed."""
    return charts.stakeholder_radar(
        {s.name: s.targets for s in found},
        {c.id: c.name.get(lang) for c in rubric.competencies},
        consensus=result.consensus,
        consensus_name=t("role.consensus", lang),
        level_word=t("role.level_word", lang),
        weight_word=t("role.weight_word", lang),
        title=t("role.radar", lang),
    )


def _rankings(search_id: int, rubric: Rubric, lang: str) -> None:
    ranked = cache.read(svc.stakeholder_rankings, search_id, rubric=rubric)
    cmp = ranked.comparison
    st.subheader(t("role.ranking", lang))
    top = pd.DataFrame(
        {
            t("role.pick", lang): list(cmp.stakeholders),
            t("role.top", lang): [
                t("role.no_fit", lang) if cand is None else ranked.names.get(int(cand), str(cand))
                for cand, _ in cmp.top.values()
            ],
            t("role.fit", lang): [fit for _, fit in cmp.top.values()],
        }
    )
    common.show_table(top, lang, key=f"role.top.{search_id}", precision=1)
    st.caption(t("role.spearman", lang))
    rho = cmp.spearman.reset_index(names=t("role.pick", lang))
    common.show_table(rho, lang, key=f"role.rho.{search_id}")


def _alignment(
    search_id: int, found: list[svc.Stakeholder], rubric: Rubric, role: str, lang: str
) -> None:
    st.header(t("role.alignment", lang))
    if len(found) < 2:
        st.info(t("role.need_two", lang, count=len(found)))
        return
    try:
        result = cache.read(svc.search_alignment, search_id, rubric=rubric)
    except AlignmentError as exc:  # a view stored under an older rubric
        st.error(text.md(str(exc)))
        return
    left, right = st.columns(2)
    left.metric(t("role.alpha_level", lang), _alpha(result.alpha_level, lang))
    right.metric(t("role.alpha_weight", lang), _alpha(result.alpha_weight, lang))
    st.caption(t("role.alpha_help", lang))
    if result.most_disputed:
        names = ", ".join(rubric.competency(c).name.get(lang) for c in result.most_disputed)
        st.warning(text.md(t("role.disputed", lang, names=names)))
    else:
        st.success(t("role.agreed", lang))
    common.show_table(agreement_frame(result, rubric, lang), lang, key=f"role.agree.{search_id}")
    st.plotly_chart(alignment_radar(found, result, rubric, lang), key=f"role.radar.{search_id}")
    if allowed(role, "results.read"):
        _rankings(search_id, rubric, lang)
    if allowed(role, "searches.manage") and st.button(
        t("role.adopt", lang), key=f"role.adopt.{search_id}", type="primary"
    ):
        day = dt.datetime.now(dt.UTC).date()
        cache.write(svc.adopt_consensus, search_id, rubric=rubric, today=day)
        common.flash("success", t("role.adopted", lang, count=len(found), date=day.isoformat()))
        st.rerun()


def main(lang: str) -> None:
    st.title(t("role.title", lang))
    rubric = cache.rubric()
    found = cache.read(search_svc.list_searches)
    search_id = chosen_search(found)
    if search_id is None:
        st.info(t("role.none", lang))
        return
    pick_search(found, search_id, lang, key=CHOICE_KEY)
    view = cache.read(search_svc.show_search, search_id, rubric=rubric)
    s = view.search
    st.caption(
        t(
            "role.current",
            lang,
            archetype=rubric.archetype(s.archetype).name.get(lang),
            stage=rubric.stage(s.stage).name.get(lang),
        )
    )
    try:
        _needs(search_id, rubric, view.role, lang)
    except SearchInputError as exc:
        st.error(text.md(str(exc)))
    st.header(t("role.stakeholders", lang))
    st.caption(t("role.stakeholders_help", lang))
    stakeholders = cache.read(svc.list_stakeholders, search_id)
    if stakeholders:
        common.show_table(
            views_frame(stakeholders, rubric, lang), lang, key=f"role.views.{search_id}"
        )
    else:
        st.caption(t("role.no_stakeholders", lang))
    if allowed(view.role, "stakeholders.write"):
        start = {x.competency: (x.level, x.weight) for x in view.profile.targets}
        _editor(search_id, stakeholders, view.team, start, rubric, lang)
    _alignment(search_id, stakeholders, rubric, view.role, lang)
