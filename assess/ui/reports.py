"""Reports page: CSV downloads (plain or Excel-Swedish), a candidate's HTML report, file import."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from assess.domain import reports
from assess.domain.i18n import t
from assess.domain.rubric import Rubric
from assess.imports import csv_file as io_csv
from assess.imports.csv_file import ImportFailed
from assess.imports.greenhouse import UnmappedAttributes, mapping_path_for, mapping_template
from assess.services import imports
from assess.ui import cache, common, scope, views

FORMAT_KEY = "rep.format"
CANDIDATE_KEY = "rep.candidate"
UPLOAD_KEY = "rep_upload"
MAPPING_KEY = "rep_mapping"
FAILED_KEY = "rep.failed_import"
SKIP_KEY = "rep.skip_unmapped"


def file_slug(text: str) -> str:
    """A file-name-safe version of a name: letters (å ä ö kept), digits and dashes."""
    slug = re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-")
    return slug or "report"


def _csv_maker(table: Callable[[], pd.DataFrame], excel: str | None) -> Callable[[], bytes]:
    # deferred: the export is built when the button is clicked, not on every rerun
    return lambda: io_csv.to_csv(table(), excel=excel)


def _file_part(chosen: scope.Scope) -> str:
    """What a report's file name says of its target: the search, or the archetype and stage."""
    if chosen.search is not None:
        return f"-search-{chosen.search}"
    return f"-{chosen.profile.archetype}-{chosen.profile.stage}"


def _downloads(version: str, rubric: Rubric, chosen: scope.Scope, lang: str, adjust: bool) -> None:
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
    # a search's reports hold its candidates against its own profile, as `report --search`
    ratings = cache.ratings(version, search=chosen.search)
    locale = "-excel-sv" if excel_arg else ""
    profile_part = _file_part(chosen)
    profile = chosen.profile

    def table_of(kind: str) -> Callable[[], pd.DataFrame]:
        return lambda: reports.build_report(
            kind, ratings, rubric, profile=profile, lang=lang, adjust_leniency=adjust
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


def _html_report(
    version: str, rubric: Rubric, chosen: scope.Scope, lang: str, adjust: bool
) -> None:
    st.subheader(t("rep.html", lang))
    profile = chosen.profile
    ranked = cache.ranking(version, profile, search=chosen.search, adjust=adjust, lang=lang)
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
    gaps = cache.gaps(version, candidate, profile, search=chosen.search, adjust=adjust)
    name = names[candidate]

    def build() -> str:
        return views.report_html(
            row,
            gaps,
            profile,
            rubric,
            lang,
            name,
            adjusted=adjust,
            target_name=chosen.target_name,
        )

    st.download_button(
        t("rep.html_button", lang),
        data=build,
        file_name=f"{file_slug(name)}{_file_part(chosen)}.html",
        mime="text/html",
        key="rep_download_html",
        on_click="ignore",
    )


def _import(rubric: Rubric, lang: str) -> None:
    st.subheader(t("rep.import", lang))
    upload = st.file_uploader(t("rep.upload", lang), type=["csv", "json"], key=UPLOAD_KEY)
    mapping = st.file_uploader(t("rep.mapping", lang), type=["yaml", "yml"], key=MAPPING_KEY)
    skip = st.checkbox(t("rep.skip_unmapped", lang), key=SKIP_KEY)
    if upload is None:
        return
    failed = st.session_state.get(FAILED_KEY)
    if st.button(t("rep.import_button", lang), key="rep_import"):
        failed = None
        try:
            outcome = cache.write(
                imports.import_file,
                upload.getvalue(),
                rubric=rubric,
                name=upload.name,
                mapping=None if mapping is None else mapping.getvalue(),
                mapping_name="mapping.yaml" if mapping is None else mapping.name,
                skip_unmapped=skip,
            )
        except UnmappedAttributes as exc:
            template = mapping_template(exc.names, rubric, source=upload.name)
            failed = (upload.file_id, exc.problems, template)
        except ImportFailed as exc:
            failed = (upload.file_id, exc.problems, None)
        else:
            summary = outcome.summary
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
        st.session_state[FAILED_KEY] = failed
    # a failure stays on the page (with its mapping download) while the same file is chosen
    if failed is None or failed[0] != upload.file_id:
        return
    _, problems, template = failed
    st.error(t("rep.import_failed", lang, count=len(problems)))
    st.code("\n".join(problems), language=None)
    if template is not None:
        st.info(t("rep.mapping_hint", lang))
        st.download_button(
            t("rep.mapping_download", lang),
            data=template.encode("utf-8"),
            file_name=mapping_path_for(upload.name).name,
            mime="application/yaml",
            key="rep_mapping_download",
            on_click="ignore",
        )


def main(lang: str) -> None:
    rubric = cache.rubric()
    version = cache.data_version()
    chosen = scope.analysis_scope(rubric, lang, version)
    adjust = common.leniency_toggle(lang)
    st.title(t("rep.title", lang))
    scope.showing(chosen, lang)
    _downloads(version, rubric, chosen, lang, adjust)
    _html_report(version, rubric, chosen, lang, adjust)
    _import(rubric, lang)
