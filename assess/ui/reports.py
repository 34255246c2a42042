"""Reports page: CSV downloads (plain or Excel-Swedish), a candidate's HTML report, file import."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from assess.domain import reports
from assess.domain.i18n import t
from assess.domain.rubric import Profile, Rubric
from assess.domain.schemas import ScorecardIn
from assess.imports import csv_file as io_csv
from assess.storage import store
from assess.storage.db import transaction
from assess.ui import cache, common, views

FORMAT_KEY = "rep.format"
CANDIDATE_KEY = "rep.candidate"
UPLOAD_KEY = "rep_upload"
SKIP_KEY = "rep.skip_unmapped"


def file_slug(text: str) -> str:
    """A file-name-safe version of a name: letters (å ä ö kept), digits and dashes."""
    slug = re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-")
    return slug or "report"


def _csv_maker(table: Callable[[], pd.DataFrame], excel: str | None) -> Callable[[], bytes]:
    # deferred: the export is built when the button is clicked, not on every rerun
    return lambda: io_csv.to_csv(table(), excel=excel)


def _downloads(version: str, rubric: Rubric, profile: Profile, lang: str, adjust: bool) -> None:
    st.subheader(t("rep.downloads", lang))
    if adjust:
        st.info(t("rep.leniency_on", lang))
    key = common.localized_key(FORMAT_KEY, lang, "plain")
    excel = st.radio(
        t("rep.format", lang),
        ("plain", "sv"),
        format_func=lambda v: t("rep.plain", lang) if v == "plain" else t("rep.excel_sv", lang),
        key=key,
        horizontal=True,
        on_change=common.keep,
        args=(key, FORMAT_KEY),
    )
    excel_arg = None if excel == "plain" else "sv"
    ratings = cache.ratings(version)
    locale = "-excel-sv" if excel_arg else ""
    profile_part = f"-{profile.archetype}-{profile.stage}"
    archetype, stage = profile.archetype, profile.stage

    def table_of(kind: str) -> Callable[[], pd.DataFrame]:
        return lambda: reports.build_report(
            kind,
            ratings,
            rubric,
            archetype=archetype,
            stage=stage,
            lang=lang,
            adjust_leniency=adjust,
        )

    kinds = [(kind, f"rep.{kind}", table_of(kind)) for kind in reports.REPORT_KINDS]
    columns = st.columns(len(kinds))
    for column, (kind, label, table) in zip(columns, kinds, strict=True):
        column.download_button(
            t(label, lang),
            data=_csv_maker(table, excel_arg),
            file_name=f"{kind}{'' if kind == 'ratings' else profile_part}{locale}.csv",
            mime="text/csv",
            key=f"rep_download_{kind}",
            on_click="ignore",
        )


def _html_report(version: str, rubric: Rubric, profile: Profile, lang: str, adjust: bool) -> None:
    st.subheader(t("rep.html", lang))
    ranked = cache.ranking(version, profile.archetype, profile.stage, adjust=adjust, lang=lang)
    if ranked.empty:
        st.info(t("common.no_data", lang))
        return
    names = views.candidate_labels(ranked)
    ids = list(names)
    if st.session_state.get(CANDIDATE_KEY) not in ids:
        st.session_state[CANDIDATE_KEY] = ids[0]
    candidate = int(
        st.selectbox(
            t("common.candidate", lang),
            ids,
            format_func=names.__getitem__,
            key=CANDIDATE_KEY,
            persist_state="session",
        )
    )
    row = ranked[ranked["candidate"] == candidate]
    gaps = cache.gaps(version, candidate, profile.archetype, profile.stage, adjust=adjust)
    name = names[candidate]

    def build() -> str:
        return views.report_html(row, gaps, profile, rubric, lang, name, adjusted=adjust)

    st.download_button(
        t("rep.html_button", lang),
        data=build,
        file_name=f"{file_slug(name)}-{profile.archetype}-{profile.stage}.html",
        mime="text/html",
        key="rep_download_html",
        on_click="ignore",
    )


def parse_upload(
    data: bytes, filename: str, rubric: Rubric, *, skip_unmapped: bool
) -> list[ScorecardIn]:
    """The scorecards of an uploaded file: Greenhouse JSON by extension, else CSV."""
    if filename.lower().endswith(".json"):
        from assess.imports import greenhouse

        return greenhouse.parse_greenhouse(
            data, filename=filename, rubric=rubric, skip_unmapped=skip_unmapped
        ).cards
    return io_csv.parse_scorecards(data, name=filename, rubric=rubric)


def _import(rubric: Rubric, lang: str) -> None:
    st.subheader(t("rep.import", lang))
    upload = st.file_uploader(t("rep.upload", lang), type=["csv", "json"], key=UPLOAD_KEY)
    skip = st.checkbox(t("rep.skip_unmapped", lang), key=SKIP_KEY)
    if upload is None:
        return
    if not st.button(t("rep.import_button", lang), key="rep_import"):
        return
    try:
        cards = parse_upload(upload.getvalue(), upload.name, rubric, skip_unmapped=skip)
        with transaction(cache.engine()) as session:
            summary = store.import_scorecards(cards, session=session, actor="app import")
    except io_csv.ImportFailed as exc:
        st.error(t("rep.import_failed", lang, count=len(exc.problems)))
        st.code("\n".join(exc.problems), language=None)
        return
    cache.changed()
    st.success(
        t(
            "rep.imported",
            lang,
            candidates_added=summary.candidates_added,
            scorecards_added=summary.scorecards_added,
            scorecards_updated=summary.scorecards_updated,
            ratings_added=summary.ratings_added,
            ratings_changed=summary.ratings_changed,
        )
    )


def main(lang: str) -> None:
    rubric = cache.rubric()
    profile = common.profile_picker(rubric, lang)
    adjust = common.leniency_toggle(lang)
    st.title(t("rep.title", lang))
    version = cache.data_version()
    _downloads(version, rubric, profile, lang, adjust)
    _html_report(version, rubric, profile, lang, adjust)
    _import(rubric, lang)
