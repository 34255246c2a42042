"""What the pages show, built from cached data: localised tables and the candidate radar."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from assess import charts
from assess.domain.i18n import t
from assess.domain.reports import TALLY_ORDER
from assess.domain.rubric import Profile, Rubric
from assess.ui import common


def pct(value: float) -> str:
    """A percentage with one decimal, or a dash when there is none."""
    return "–" if math.isnan(value) else f"{value:.1f} %"


def fit_interval(fit: float, low: float, high: float) -> str:
    """E.g. "88.9 (72.1-97.0)": the fit and the interval rater noise allows; "–" without a fit."""
    if math.isnan(fit):
        return "–"
    return f"{fit:.1f} ({low:.1f}-{high:.1f})"


OVERLAP_MARK = "≈"


def fit_summary(fit: float, low: float, high: float) -> str:
    """E.g. "88.9 % (72.1-97.0)" for the sentence under the ranking; "–" without a fit."""
    if math.isnan(fit):
        return "–"
    return f"{fit:.1f} % ({low:.1f}-{high:.1f})"


def ranking_table(ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranking as shown: localised headers, fit with its interval and the overlap mark,
    coverage rounded to one decimal, the competencies with thin evidence or split ratings."""
    fits = [
        fit_interval(f, lo, hi) + (f" {OVERLAP_MARK}" if near else "")
        for f, lo, hi, near in zip(
            ranked["fit"].to_numpy(dtype=float),
            ranked["fit_low"].to_numpy(dtype=float),
            ranked["fit_high"].to_numpy(dtype=float),
            ranked["overlaps"].fillna(False).to_numpy(dtype=bool),
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            t("dash.rank", lang): ranked["rank"],
            t("common.candidate", lang): ranked["name"],
            t("dash.fit", lang): fits,
            t("dash.coverage", lang): ranked["coverage"].round(1),
            t("dash.critical_gaps", lang): ranked["critical_gaps"].map(
                lambda n: f"⚠ {n}" if n else ""
            ),
            t("dash.insufficient", lang): ranked["insufficient_evidence"].fillna(""),
            t("dash.disagreements", lang): ranked["disagreements"].fillna(""),
            t("dash.scorecards", lang): ranked["scorecards"],
            t("dash.recommendations", lang): recommendation_tally(ranked, lang),
        }
    )


def recommendation_tally(ranked: pd.DataFrame, lang: str) -> list[str]:
    """Per row, e.g. "Strong yes 1, Yes 2, No 1": most favourable first, absent ones left out."""
    labels = [t(f"rec.{r}", lang) for r in TALLY_ORDER]
    counts = [ranked[f"rec.{r}"].to_numpy() for r in TALLY_ORDER]
    return [
        ", ".join(f"{label} {n}" for label, n in zip(labels, row, strict=True) if n)
        for row in zip(*counts, strict=True)
    ]


def level_interval(low: float, high: float) -> str:
    """E.g. "3.1-4.9"; empty when the competency was not assessed."""
    if math.isnan(low) or math.isnan(high):
        return ""
    return f"{low:.1f}-{high:.1f}"


def gap_view(gaps: pd.DataFrame, rubric: Rubric, lang: str) -> pd.DataFrame:
    """The gap table as shown: competency names in `lang`, the level's interval, the evidence
    and the gap status in words; numbers unrounded (`common.show_table` shows two decimals),
    so the points lost still add up to 100 - fit exactly."""
    names = common.competency_labels(rubric, lang)
    return pd.DataFrame(
        {
            t("common.competency", lang): gaps["competency"].map(names),
            t("gap.target", lang): gaps["target"],
            t("gap.level", lang): gaps["level"],
            t("gap.interval", lang): [
                level_interval(lo, hi)
                for lo, hi in zip(
                    gaps["low"].to_numpy(dtype=float),
                    gaps["high"].to_numpy(dtype=float),
                    strict=True,
                )
            ],
            t("gap.count", lang): gaps["count"],
            t("gap.evidence", lang): gaps["evidence"].map(lambda e: t(f"evidence.{e}", lang)),
            t("gap.status", lang): gaps["gap_status"].map(lambda g: t(f"status.{g}", lang)),
            t("gap.spread", lang): gaps["spread"],
            t("gap.weight", lang): gaps["weight"],
            t("gap.share", lang): gaps["share"],
            t("gap.points_lost", lang): gaps["points_lost"],
            t("gap.critical", lang): gaps["critical_gap"].map(lambda x: "⚠" if x else ""),
        }
    )


def candidate_radar(
    gaps: pd.DataFrame,
    profile: Profile,
    rubric: Rubric,
    lang: str,
    name: str,
    *,
    title: str | None = None,
    target_name: str | None = None,
) -> charts.Figure:
    """The radar of one candidate's levels (from the gap table) against the profile's targets,
    named `target_name` (a search's), else by its archetype x stage."""
    return charts.radar(
        dict(zip(gaps["competency"], gaps["level"], strict=True)),
        {x.competency: float(x.level) for x in profile.targets},
        common.competency_labels(rubric, lang),
        name=name,
        target_name=target_name or common.profile_name(profile, rubric, lang),
        not_assessed=t("common.not_assessed", lang),
        title=title,
    )


def side_by_side(
    gaps: dict[str, pd.DataFrame], profile: Profile, rubric: Rubric, lang: str
) -> pd.DataFrame:
    """Per competency: the target, then each candidate's level and shortfall (target - level,
    0 when met, empty when not assessed), rounded to two decimals."""
    labels = common.competency_labels(rubric, lang)
    out = pd.DataFrame(
        {
            t("common.competency", lang): [labels[x.competency] for x in profile.targets],
            t("common.target", lang): [x.level for x in profile.targets],
        }
    )
    for name, table in gaps.items():
        level = table["level"].to_numpy(dtype=float)
        target = table["target"].to_numpy(dtype=float)
        out[name] = np.round(level, 2)
        out[t("cmp.gap", lang, name=name)] = np.round(np.clip(target - level, 0.0, None), 2)
    return out


def candidate_labels(ranked: pd.DataFrame) -> dict[int, str]:
    """Candidate id -> name in ranking order; a name two candidates share gets the id appended,
    so pickers, legends and column headers never merge two people."""
    ids = [int(x) for x in ranked["candidate"]]
    names = [str(x) for x in ranked["name"]]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return {i: (n if seen[n] == 1 else f"{n} (#{i})") for i, n in zip(ids, names, strict=True)}


def report_html(
    row: pd.DataFrame,
    gaps: pd.DataFrame,
    profile: Profile,
    rubric: Rubric,
    lang: str,
    name: str,
    *,
    adjusted: bool = False,
    target_name: str | None = None,
) -> str:
    """The one-page HTML report of one candidate: key facts from their ranking row (a one-row
    frame of `cache.ranking`), the radar against the profile and the gap table; `adjusted`
    says the figures come from leniency-adjusted ratings."""
    first = row.iloc[0]
    low, high = float(first["fit_low"]), float(first["fit_high"])
    facts = [
        (t("fact.fit", lang), pct(float(first["fit"]))),
        (t("fact.fit_interval", lang), level_interval(low, high) or "–"),
        (t("fact.coverage", lang), pct(float(first["coverage"]))),
        (t("fact.critical", lang), str(int(first["critical_gaps"]))),
        (t("fact.scorecards", lang), str(int(first["scorecards"]))),
        (t("dash.recommendations", lang), recommendation_tally(row, lang)[0]),
    ]
    if adjusted:
        facts.append((t("fact.leniency", lang), t("common.leniency_on", lang)))
    return charts.candidate_report_html(
        title=name,
        subtitle=t(
            "rep.html_subtitle",
            lang,
            profile=target_name or common.profile_name(profile, rubric, lang),
        ),
        facts=facts,
        table=gap_view(gaps, rubric, lang),
        figure=candidate_radar(gaps, profile, rubric, lang, name, target_name=target_name),
        lang=lang,
        footer=t("rep.html_footer", lang),
    )


@dataclass(frozen=True)
class RankingPanel:
    """The dashboard above the candidate picker, for one profile: the ranking frame (of
    `cache.ranking`), its table as shown (None when nobody is scored yet), the candidate labels
    best first (`candidate_labels`), and whether any fit interval touches a neighbour's."""

    ranked: pd.DataFrame
    table: common.Grid | None
    labels: dict[int, str]
    overlaps: bool


def ranking_panel(ranked: pd.DataFrame, lang: str) -> RankingPanel:
    """The RankingPanel of a ranking frame, in `lang`."""
    if ranked.empty:
        return RankingPanel(ranked, None, {}, False)
    wide: dict[str, Literal["small", "medium", "large"]] = {
        t("dash.insufficient", lang): "medium",
        t("dash.disagreements", lang): "medium",
    }
    return RankingPanel(
        ranked,
        common.grid(ranking_table(ranked, lang), lang, precision=1, widths=wide),
        candidate_labels(ranked),
        bool(ranked["overlaps"].fillna(False).any()),
    )


@dataclass(frozen=True)
class CandidatePanel:
    """The dashboard below the candidate picker: the fit sentence, whether coverage is too low
    to trust the fit, the radar against the profile, the gap table and the best-fit heatmap."""

    summary: str
    low_coverage: bool
    radar: charts.Figure
    gaps: common.Grid
    best_fit: charts.Figure


def candidate_panel(
    row: pd.Series,
    gaps: pd.DataFrame,
    best_fit: pd.DataFrame,
    profile: Profile,
    rubric: Rubric,
    lang: str,
    name: str,
    *,
    target_name: str | None = None,
) -> CandidatePanel:
    """The CandidatePanel of one candidate from their ranking row, gap table (`cache.gaps`) and
    fit over every archetype x stage (`cache.best_fit`); figures frozen, as a cache keeps them."""
    coverage = float(row["coverage"])
    return CandidatePanel(
        summary=t(
            "dash.fit_summary",
            lang,
            fit=fit_summary(float(row["fit"]), float(row["fit_low"]), float(row["fit_high"])),
            coverage=pct(coverage),
        ),
        low_coverage=not math.isnan(coverage) and coverage < LOW_COVERAGE_PCT,
        # The charts carry their headings as titles, so a downloaded image says whom it shows.
        radar=charts.frozen(
            candidate_radar(
                gaps,
                profile,
                rubric,
                lang,
                name,
                title=t("dash.radar", lang, name=name),
                target_name=target_name,
            )
        ),
        # the evidence column says "not assessed" in words; a dash in the numbers suffices
        gaps=common.grid(gap_view(gaps, rubric, lang), lang),
        best_fit=charts.frozen(
            best_fit_chart(best_fit, rubric, lang, title=t("dash.best_fit", lang, name=name))
        ),
    )


# Below this coverage the dashboard warns that the fit rests on too little of the profile.
LOW_COVERAGE_PCT = 50.0


def best_fit_chart(
    best_fit: pd.DataFrame, rubric: Rubric, lang: str, *, title: str | None = None
) -> charts.Figure:
    """One candidate's fit over every archetype x stage (`cache.best_fit`) as a heatmap."""
    return charts.best_fit_heatmap(
        best_fit,
        {a.id: a.name.get(lang) for a in rubric.archetypes},
        {s.id: s.name.get(lang) for s in rubric.stages},
        title=title,
        colorbar_title=t("dash.fit", lang),
    )
