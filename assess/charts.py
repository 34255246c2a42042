"""Plotly figure builders (radar charts, heatmaps) and the self-contained HTML candidate report."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinct for the common colour-vision deficiencies, so five candidates stay apart.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
)
TARGET_COLOUR = "#3C3C3C"
# ColorBrewer Blues, light (low fit) to dark (high fit), spelled out: plotly.js's own "Blues"
# runs the other way, and the figures skip the plotly.py validator that would translate the name.
FIT_COLOURSCALE: tuple[tuple[float, str], ...] = (
    (0.0, "rgb(247,251,255)"),
    (0.125, "rgb(222,235,247)"),
    (0.25, "rgb(198,219,239)"),
    (0.375, "rgb(158,202,225)"),
    (0.5, "rgb(107,174,214)"),
    (0.625, "rgb(66,146,198)"),
    (0.75, "rgb(33,113,181)"),
    (0.875, "rgb(8,81,156)"),
    (1.0, "rgb(8,48,107)"),
)
RADIAL_RANGE = (0.0, 5.0)
NOT_ASSESSED = "not assessed"

# Pages annotate with this alias, so that plotly stays imported by this module alone.
Figure = go.Figure


def plain(text: str) -> str:
    """`text` for a plotly title, legend entry, axis label or hover label, shown as written.

    plotly.js draws these as a small HTML subset (<a href>, <span style>, <b>, <br>) and then
    decodes &lt; &gt; &amp; and numeric entities, so escaping those three characters (quotes
    stay: plotly would show "&quot;" as it is) makes a name that looks like HTML plain text.
    """
    return html.escape(text, quote=False)


def _template_text(text: str) -> str:
    # In a hovertemplate "%{...}" would be filled in; "&#37;" shows a percent sign instead.
    return plain(text).replace("%", "&#37;")


class _FrozenFigure(go.Figure):  # type: ignore[misc]  # plotly ships no type information
    """A figure whose dict is made once (see `frozen`)."""

    def to_dict(self) -> dict[str, Any]:
        made: dict[str, Any] | None = self.__dict__.get("_frozen_dict")
        if made is None:
            made = super().to_dict()
            self.__dict__["_frozen_dict"] = made
        return made


def frozen(fig: go.Figure) -> go.Figure:
    """`fig` as a figure that is never changed again, whose dict is made once and then shared.

    For a figure a cache keeps and the app shows on every rerun: each showing asks for the dict,
    which plotly otherwise deep-copies anew (most of the cost of showing a chart). The caller
    must not change the figure or the dict it gives.
    """
    return _FrozenFigure(fig.to_dict(), _validate=False)


def _value(x: float | None) -> float | None:
    # plotly serialises NaN as null anyway; None keeps the figure data JSON-clean and testable
    if x is None:
        return None
    value = float(x)
    return None if math.isnan(value) else value


def _closed(
    values: Mapping[str, float | None], labels: Mapping[str, str]
) -> tuple[list[float | None], list[str]]:
    """r and theta over the axes in `labels` order, repeating the first point to close the loop."""
    keys = list(labels)
    if not keys:
        raise ValueError("a radar chart needs at least one axis label")
    r = [_value(values.get(k)) for k in keys]
    theta = [plain(labels[k]) for k in keys]
    return [*r, r[0]], [*theta, theta[0]]


Spec = dict[str, Any]


def _figure(data: list[Spec], layout: Spec) -> go.Figure:
    """A Figure from plain dicts.

    plotly's per-property validation costs ~15 ms per radar, most of a dashboard rerun; the
    specs built here are fixed in shape, and tests validate every builder's output once.
    """
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _polar_layout(title: str | None, height: int) -> Spec:
    layout: Spec = {
        "height": height,
        # room for the competency names around the circle
        "margin": {"l": 120, "r": 120, "t": 80 if title else 50, "b": 40},
        "polar": {
            "radialaxis": {
                "range": list(RADIAL_RANGE),
                "tickvals": [1, 2, 3, 4, 5],
                "angle": 90,
                "tickangle": 90,
            },
            "angularaxis": {"direction": "clockwise", "rotation": 90},
        },
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0.5, "xanchor": "center"},
        "showlegend": True,
    }
    if title:
        layout["title"] = _title(title)
    return layout


def _title(text: str) -> Spec:
    """A chart title set like the page's subheadings: large, left, at the top of the figure
    (above a heatmap's top axis labels, which get the margin below it)."""
    return {
        "text": plain(text),
        "font": {"size": 24},
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 12, "l": 4},
    }


def _target_trace(
    target: Mapping[str, float],
    labels: Mapping[str, str],
    name: str,
    missing: Mapping[str, Sequence[str]] | None = None,
    not_assessed: str = NOT_ASSESSED,
) -> Spec:
    """The dashed target outline; `missing` (axis -> names of the candidates without a level
    there) goes into the hover text, because an unassessed axis has no candidate point to hover."""
    r, theta = _closed(target, labels)
    trace: Spec = {
        "type": "scatterpolar",
        "r": r,
        "theta": theta,
        "name": plain(name),
        "mode": "lines",
        "line": {"color": TARGET_COLOUR, "dash": "dash", "width": 2},
        "hovertemplate": "%{theta}: %{r}<extra>" + _template_text(name) + "</extra>",
    }
    if missing and any(missing.get(k) for k in labels):
        notes = [
            f"<br>{_template_text(', '.join(missing[k]))}: {_template_text(not_assessed)}"
            if missing.get(k)
            else ""
            for k in labels
        ]
        trace["customdata"] = [*notes, notes[0]]
        trace["hovertemplate"] = (
            "%{theta}: %{r}%{customdata}<extra>" + _template_text(name) + "</extra>"
        )
    return trace


def _candidate_trace(
    levels: Mapping[str, float | None],
    labels: Mapping[str, str],
    name: str,
    colour: str,
    fill: bool,
    not_assessed: str = NOT_ASSESSED,
) -> Spec:
    """One candidate's outline. Unassessed axes are gaps in r that the line and fill bridge
    (connectgaps), so the polygon stays closed; the loop closes on the first assessed axis."""
    keys = list(labels)
    if not keys:
        raise ValueError("a radar chart needs at least one axis label")
    r = [_value(levels.get(k)) for k in keys]
    theta = [plain(labels[k]) for k in keys]
    text = [not_assessed if v is None else f"{v:.2f}" for v in r]
    first = next((i for i, v in enumerate(r) if v is not None), 0)
    return {
        "type": "scatterpolar",
        "r": [*r, r[first]],
        "theta": [*theta, theta[first]],
        "text": [*text, text[first]],
        "name": plain(name),
        "mode": "lines+markers",
        "line": {"color": colour, "width": 2.5},
        "marker": {"size": 7, "color": colour},
        "fill": "toself" if fill else "none",
        "connectgaps": True,
        "hovertemplate": "%{theta}: %{text}<extra>" + _template_text(name) + "</extra>",
    }


def _missing(
    candidates: Mapping[str, Mapping[str, float | None]], labels: Mapping[str, str]
) -> dict[str, list[str]]:
    """Axis -> the candidates with no level on it."""
    return {
        k: [name for name, levels in candidates.items() if _value(levels.get(k)) is None]
        for k in labels
    }


def radar(
    levels: Mapping[str, float | None],
    target: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    name: str = "Candidate",
    target_name: str = "Target",
    title: str | None = None,
    height: int = 480,
    not_assessed: str = NOT_ASSESSED,
) -> go.Figure:
    """One candidate's levels against a target profile.

    Axes follow the order of `labels` (competency id -> name in the chosen language); a competency
    missing from `levels` or NaN is not assessed: no point on that axis (never a zero), the
    outline bridges it, and the hover text says `not_assessed` (on the target's point there).
    The target is a dashed outline; the radial axis is fixed to [0, 5] so charts compare.
    """
    missing = _missing({name: levels}, labels)
    return _figure(
        [
            _target_trace(target, labels, target_name, missing, not_assessed),
            _candidate_trace(levels, labels, name, PALETTE[0], True, not_assessed),
        ],
        _polar_layout(title, height),
    )


def compare_radar(
    candidates: Mapping[str, Mapping[str, float | None]],
    target: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    target_name: str = "Target",
    title: str | None = None,
    height: int = 560,
    not_assessed: str = NOT_ASSESSED,
) -> go.Figure:
    """Several candidates (name -> levels) on one radar with the target dashed; one colour each.

    Unassessed axes are handled as in `radar`; the target's hover names who was not assessed."""
    if not candidates:
        raise ValueError("compare_radar needs at least one candidate")
    if len(candidates) > len(PALETTE):
        raise ValueError(
            f"compare_radar shows at most {len(PALETTE)} candidates, got {len(candidates)}"
        )
    data = [_target_trace(target, labels, target_name, _missing(candidates, labels), not_assessed)]
    for colour, (name, levels) in zip(PALETTE, candidates.items(), strict=False):
        # no fill: overlapping filled areas hide each other beyond two candidates
        data.append(_candidate_trace(levels, labels, name, colour, False, not_assessed))
    return _figure(data, _polar_layout(title, height))


def profile_radar(
    profiles: Mapping[str, Mapping[str, float]],
    labels: Mapping[str, str],
    *,
    weights: Mapping[str, int] | None = None,
    title: str | None = None,
    height: int = 480,
) -> go.Figure:
    """Target profiles (name -> target level per competency) as outlines, first one solid.

    With `weights`, the first profile's markers grow with the competency's weight (0-3), so the
    critical competencies stand out; the later profiles are dashed for comparison (e.g. the
    archetype before its stage adjustment).
    """
    if not profiles:
        raise ValueError("profile_radar needs at least one profile")
    data: list[Spec] = []
    for i, (name, targets) in enumerate(profiles.items()):
        r, theta = _closed(targets, labels)
        colour = PALETTE[i % len(PALETTE)]
        trace: Spec = {
            "type": "scatterpolar",
            "r": r,
            "theta": theta,
            "name": plain(name),
            "mode": "lines+markers",
            "line": {"color": colour, "width": 2.5}
            if i == 0
            else {"color": colour, "width": 2, "dash": "dash"},
            "marker": {"color": colour, "size": 7},
            "fill": "toself" if i == 0 else "none",
            "hovertemplate": "%{theta}: %{r}<extra>" + _template_text(name) + "</extra>",
        }
        if i == 0 and weights is not None:
            w = [int(weights.get(k, 0)) for k in labels]
            trace["customdata"] = [*w, w[0]]
            trace["marker"]["size"] = [5 + 4 * x for x in trace["customdata"]]
            trace["hovertemplate"] = (
                "%{theta}: %{r} (w %{customdata})<extra>" + _template_text(name) + "</extra>"
            )
        data.append(trace)
    return _figure(data, _polar_layout(title, height))


def stakeholder_radar(
    profiles: Mapping[str, Mapping[str, tuple[int, int]]],
    labels: Mapping[str, str],
    *,
    consensus: Mapping[str, tuple[int, int]] | None = None,
    consensus_name: str = "Consensus",
    level_word: str = "level",
    weight_word: str = "weight",
    title: str | None = None,
    height: int = 560,
) -> go.Figure:
    """Every stakeholder's target (name -> competency -> (level, weight)) on one radar: one
    colour each, no fill (the outlines must stay readable when they cross), the level as the
    radius and the weight (0-3) as the marker's size and in the hover; the consensus dashed.

    Axes follow `labels`; colours repeat after the palette's seven."""
    if not profiles:
        raise ValueError("stakeholder_radar needs at least one stakeholder")

    def trace(name: str, targets: Mapping[str, tuple[int, int]], colour: str) -> Spec:
        r, theta = _closed({k: float(targets[k][0]) for k in labels}, labels)
        w = [int(targets[k][1]) for k in labels]
        return {
            "type": "scatterpolar",
            "r": r,
            "theta": theta,
            "customdata": [*w, w[0]],
            "name": plain(name),
            "mode": "lines+markers",
            "line": {"color": colour, "width": 2.5},
            "marker": {"color": colour, "size": [5 + 3 * x for x in [*w, w[0]]]},
            "fill": "none",
            "hovertemplate": f"%{{theta}}: {_template_text(level_word)} %{{r}}, "
            f"{_template_text(weight_word)} %{{customdata}}<extra>{_template_text(name)}</extra>",
        }

    data = [
        trace(name, targets, PALETTE[i % len(PALETTE)])
        for i, (name, targets) in enumerate(profiles.items())
    ]
    if consensus is not None:
        line = trace(consensus_name, consensus, TARGET_COLOUR)
        line["line"] = {"color": TARGET_COLOUR, "width": 2, "dash": "dash"}
        data.append(line)
    return _figure(data, _polar_layout(title, height))


def best_fit_heatmap(
    fits: pd.DataFrame,
    archetype_labels: Mapping[str, str],
    stage_labels: Mapping[str, str],
    *,
    title: str | None = None,
    colorbar_title: str = "Fit %",
    height: int = 420,
) -> go.Figure:
    """Fit (0-100) of one candidate per archetype (rows) x company stage (columns).

    `fits` has columns archetype, stage, fit (as `scoring.best_fit` returns); rows and columns
    follow the label mappings' order; a profile without a fit shows an empty cell.
    """
    missing = [c for c in ("archetype", "stage", "fit") if c not in fits.columns]
    if missing:
        raise ValueError(f"best_fit_heatmap: fits lacks column(s): {', '.join(missing)}")
    lookup = {
        (str(a), str(s)): _value(float(f))
        for a, s, f in zip(fits["archetype"], fits["stage"], fits["fit"], strict=True)
    }
    z: list[list[float | None]] = [
        [lookup.get((a, s)) for s in stage_labels] for a in archetype_labels
    ]
    text = [["" if v is None else f"{v:.0f}" for v in row] for row in z]
    layout: Spec = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 90 if title else 20, "b": 10},
        "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": {"side": "top", "automargin": True},
    }
    if title:
        layout["title"] = _title(title)
    heat: Spec = {
        "type": "heatmap",
        "z": z,
        "x": [plain(x) for x in stage_labels.values()],
        "y": [plain(y) for y in archetype_labels.values()],
        "text": text,
        "texttemplate": "%{text}",
        "zmin": 0,
        "zmax": 100,
        "colorscale": [list(stop) for stop in FIT_COLOURSCALE],
        "colorbar": {"title": {"text": plain(colorbar_title)}},
        "hovertemplate": "%{y} / %{x}: %{z:.1f}<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    return _figure([heat], layout)


def figure_html(fig: go.Figure) -> str:
    """The figure as an HTML fragment with plotly.js inlined, so it renders offline."""
    out: str = fig.to_html(include_plotlyjs=True, full_html=False, config={"displaylogo": False})
    return out


_REPORT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 960px; color: #222; }
h1 { margin-bottom: .2em; } .sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
td.num { text-align: right; } .facts td:first-child { font-weight: 600; }
footer { color: #777; font-size: 12px; margin-top: 2em; }
"""


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    if value is None:
        return ""
    return str(value)


def candidate_report_html(
    *,
    title: str,
    subtitle: str,
    facts: Sequence[tuple[str, str]],
    table: pd.DataFrame,
    figure: go.Figure,
    lang: str = "en",
    footer: str = "",
) -> str:
    """A one-page, self-contained HTML report: heading, key facts, the radar, a table.

    Every text is HTML-escaped; plotly.js is inlined by `figure_html`, so the file opens offline.
    """
    fact_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in facts
    )
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    body_rows = []
    for row in table.itertuples(index=False):
        cells = []
        for value in row:
            css = (
                ' class="num"'
                if isinstance(value, int | float) and not isinstance(value, bool)
                else ""
            )
            cells.append(f"<td{css}>{html.escape(_cell(value))}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_REPORT_CSS}</style>\n</head>\n<body>\n"
        f'<h1>{html.escape(title)}</h1>\n<p class="sub">{html.escape(subtitle)}</p>\n'
        f'<table class="facts">{fact_rows}</table>\n'
        f"{figure_html(figure)}\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody></table>\n"
        f"<footer>{html.escape(footer)}</footer>\n</body>\n</html>\n"
    )
