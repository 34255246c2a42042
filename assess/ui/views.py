"""What the pages show, built from cached data: localised tables and the candidate radar."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from assess import charts
from assess.i18n import t
from assess.reports import TALLY_ORDER
from assess.rubric import Profile, Rubric
from assess.ui import common


def pct(value: float) -> str:
    """A percentage with one decimal, or a dash when there is none."""
    return "–" if math.isnan(value) else f"{value:.1f} %"


def ranking_table(ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranking as shown: localised headers, fit and coverage rounded to one decimal."""
    return pd.DataFrame(
        {
            t("dash.rank", lang): ranked["rank"],
            t("common.candidate", lang): ranked["name"],
            t("dash.fit", lang): ranked["fit"].round(1),
            t("dash.coverage", lang): ranked["coverage"].round(1),
            t("dash.critical_gaps", lang): ranked["critical_gaps"].map(
                lambda n: f"⚠ {n}" if n else ""
            ),
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


def gap_view(gaps: pd.DataFrame, rubric: Rubric, lang: str) -> pd.DataFrame:
    """The gap table as shown: competency names in `lang`, numbers rounded to two decimals."""
    names = common.competency_labels(rubric, lang)
    return pd.DataFrame(
        {
            t("common.competency", lang): gaps["competency"].map(names),
            t("gap.target", lang): gaps["target"],
            t("gap.level", lang): gaps["level"].round(2),
            t("gap.count", lang): gaps["count"],
            t("gap.spread", lang): gaps["spread"].round(2),
            t("gap.weight", lang): gaps["weight"],
            t("gap.share", lang): gaps["share"].round(2),
            t("gap.points_lost", lang): gaps["points_lost"].round(2),
            t("gap.critical", lang): gaps["critical_gap"].map(lambda x: "⚠" if x else ""),
        }
    )


def candidate_radar(
    gaps: pd.DataFrame, profile: Profile, rubric: Rubric, lang: str, name: str
) -> charts.Figure:
    """The radar of one candidate's levels (from the gap table) against the profile's targets."""
    return charts.radar(
        dict(zip(gaps["competency"], gaps["level"], strict=True)),
        {x.competency: float(x.level) for x in profile.targets},
        common.competency_labels(rubric, lang),
        name=name,
        target_name=common.profile_name(profile, rubric, lang),
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
    row: pd.DataFrame, gaps: pd.DataFrame, profile: Profile, rubric: Rubric, lang: str, name: str
) -> str:
    """The one-page HTML report of one candidate: key facts from their ranking row (a one-row
    frame of `cache.ranking`), the radar against the profile and the gap table."""
    first = row.iloc[0]
    facts = [
        (t("fact.fit", lang), pct(float(first["fit"]))),
        (t("fact.coverage", lang), pct(float(first["coverage"]))),
        (t("fact.critical", lang), str(int(first["critical_gaps"]))),
        (t("fact.scorecards", lang), str(int(first["scorecards"]))),
        (t("dash.recommendations", lang), recommendation_tally(row, lang)[0]),
    ]
    return charts.candidate_report_html(
        title=name,
        subtitle=t("rep.html_subtitle", lang, profile=common.profile_name(profile, rubric, lang)),
        facts=facts,
        table=gap_view(gaps, rubric, lang),
        figure=candidate_radar(gaps, profile, rubric, lang, name),
        lang=lang,
        footer=t("rep.html_footer", lang),
    )
