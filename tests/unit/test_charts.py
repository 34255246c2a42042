"""Figure builders: exact trace data (r, theta), styles, fixed radial range, heatmap cells."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess import charts

LABELS = {"a": "Alpha", "b": "Beta", "c": "Gamma"}
TARGET = {"a": 4.0, "b": 3.0, "c": 2.0}


def test_radar_traces_are_target_then_candidate_closed_loops() -> None:
    fig = charts.radar(
        {"a": 3.5, "b": 2.0, "c": 4.25}, TARGET, LABELS, name="Ada", target_name="Goal"
    )
    target, cand = fig.data
    assert target.name == "Goal"
    assert list(target.r) == [4.0, 3.0, 2.0, 4.0]
    assert list(target.theta) == ["Alpha", "Beta", "Gamma", "Alpha"]
    assert target.line.dash == "dash"
    assert cand.name == "Ada"
    assert list(cand.r) == [3.5, 2.0, 4.25, 3.5]
    assert list(cand.theta) == ["Alpha", "Beta", "Gamma", "Alpha"]
    assert cand.line.dash is None
    assert cand.fill == "toself"
    assert tuple(fig.layout.polar.radialaxis.range) == (0.0, 5.0)
    assert fig.layout.showlegend is True


def test_radar_leaves_a_gap_for_unassessed_never_a_zero() -> None:
    fig = charts.radar({"a": 3.0, "b": math.nan}, TARGET, LABELS, name="Ada")
    target, cand = fig.data
    assert list(cand.r) == [3.0, None, None, 3.0]
    # the outline and its fill bridge the unassessed axes, so the polygon stays closed
    assert cand.connectgaps is True
    assert cand.fill == "toself"
    assert list(cand.text) == ["3.00", "not assessed", "not assessed", "3.00"]
    assert cand.hovertemplate == "%{theta}: %{text}<extra>Ada</extra>"
    # no candidate point to hover on an unassessed axis: the target's point there says it
    assert list(target.customdata) == [
        "",
        "<br>Ada: not assessed",
        "<br>Ada: not assessed",
        "",
    ]
    assert target.hovertemplate == "%{theta}: %{r}%{customdata}<extra>Target</extra>"


def test_radar_closes_on_the_first_assessed_axis() -> None:
    fig = charts.radar(
        {"a": math.nan, "b": 2.0, "c": 4.0}, TARGET, LABELS, not_assessed="ej bedömd"
    )
    cand = fig.data[1]
    assert list(cand.r) == [None, 2.0, 4.0, 2.0]
    assert list(cand.theta) == ["Alpha", "Beta", "Gamma", "Beta"]
    assert list(cand.text) == ["ej bedömd", "2.00", "4.00", "2.00"]
    assert list(fig.data[0].customdata) == [
        "<br>Candidate: ej bedömd",
        "",
        "",
        "<br>Candidate: ej bedömd",
    ]


def test_radar_fully_assessed_has_plain_target_hover() -> None:
    fig = charts.radar({"a": 1.0, "b": 2.0, "c": 3.0}, TARGET, LABELS)
    assert fig.data[0].customdata is None
    assert fig.data[0].hovertemplate == "%{theta}: %{r}<extra>Target</extra>"


def test_compare_radar_target_hover_names_who_was_not_assessed() -> None:
    fig = charts.compare_radar(
        {"Ada": {"a": 3.0, "b": 2.0}, "Bo <&>": {"a": 2.0}},
        TARGET,
        LABELS,
        not_assessed="ej bedömd",
    )
    target, ada, bo = fig.data
    assert list(target.customdata) == [
        "",
        "<br>Bo &lt;&amp;&gt;: ej bedömd",
        "<br>Ada, Bo &lt;&amp;&gt;: ej bedömd",
        "",
    ]
    assert (ada.connectgaps, bo.connectgaps) == (True, True)
    assert list(bo.text) == ["2.00", "ej bedömd", "ej bedömd", "2.00"]


def test_radar_axis_order_follows_labels() -> None:
    fig = charts.radar({"a": 1.0, "b": 2.0, "c": 3.0}, TARGET, {"c": "C", "a": "A", "b": "B"})
    assert list(fig.data[1].r) == [3.0, 1.0, 2.0, 3.0]
    assert list(fig.data[0].theta) == ["C", "A", "B", "C"]


def test_radar_without_labels_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one axis label"):
        charts.radar({}, {}, {})


def test_compare_radar_five_candidates_distinct_colours_and_legend() -> None:
    cands = {f"C{i}": {"a": 1.0 + i * 0.5, "b": 2.0, "c": 3.0} for i in range(5)}
    fig = charts.compare_radar(cands, TARGET, LABELS, target_name="Goal")
    assert [tr.name for tr in fig.data] == ["Goal", "C0", "C1", "C2", "C3", "C4"]
    assert fig.data[0].line.dash == "dash"
    colours = [tr.line.color for tr in fig.data[1:]]
    assert colours == list(charts.PALETTE[:5])
    assert len(set(colours)) == 5
    assert [tr.r[0] for tr in fig.data[1:]] == [1.0, 1.5, 2.0, 2.5, 3.0]
    assert all(tr.fill == "none" for tr in fig.data[1:])
    assert tuple(fig.layout.polar.radialaxis.range) == (0.0, 5.0)


@pytest.mark.parametrize(
    ("count", "message"),
    [(0, "at least one candidate"), (8, "at most 7 candidates, got 8")],
)
def test_compare_radar_rejects_bad_counts(count: int, message: str) -> None:
    cands = {f"C{i}": {"a": 2.0} for i in range(count)}
    with pytest.raises(ValueError, match=message):
        charts.compare_radar(cands, TARGET, LABELS)


def test_profile_radar_first_solid_with_weight_markers_then_dashed() -> None:
    fig = charts.profile_radar(
        {"Now": TARGET, "Before": {"a": 3.0, "b": 3.0, "c": 3.0}},
        LABELS,
        weights={"a": 3, "b": 0, "c": 1},
    )
    now, before = fig.data
    assert list(now.r) == [4.0, 3.0, 2.0, 4.0]
    assert now.line.dash is None
    assert list(now.marker.size) == [17, 5, 9, 17]
    assert list(now.customdata) == [3, 0, 1, 3]
    assert list(before.r) == [3.0, 3.0, 3.0, 3.0]
    assert before.line.dash == "dash"
    assert tuple(fig.layout.polar.radialaxis.range) == (0.0, 5.0)


def test_best_fit_heatmap_cells_follow_label_order() -> None:
    fits = pd.DataFrame(
        {
            "archetype": ["x", "x", "y", "y"],
            "stage": ["s", "t", "s", "t"],
            "fit": [84.666, 50.0, math.nan, 100.0],
        }
    )
    fig = charts.best_fit_heatmap(
        fits, {"y": "Why", "x": "Ex"}, {"t": "Tee", "s": "Ess"}, colorbar_title="Fit %"
    )
    heat = fig.data[0]
    assert [list(row) for row in heat.z] == [[100.0, None], [50.0, 84.666]]
    assert [list(row) for row in heat.text] == [["100", ""], ["50", "85"]]
    assert list(heat.x) == ["Tee", "Ess"]
    assert list(heat.y) == ["Why", "Ex"]
    assert (heat.zmin, heat.zmax) == (0, 100)
    assert heat.colorbar.title.text == "Fit %"
    # low fit light, high fit dark, whatever plotly.js's named scales do
    assert tuple(heat.colorscale[0]) == (0.0, "rgb(247,251,255)")
    assert tuple(heat.colorscale[-1]) == (1.0, "rgb(8,48,107)")


def test_best_fit_heatmap_names_missing_columns() -> None:
    with pytest.raises(ValueError, match=r"fits lacks column\(s\): fit"):
        charts.best_fit_heatmap(pd.DataFrame({"archetype": [], "stage": []}), {}, {})


def test_candidate_report_html_is_self_contained_and_escaped() -> None:
    fig = charts.radar({"a": 3.0, "b": 2.0, "c": 1.0}, TARGET, LABELS, name="Ada")
    page = charts.candidate_report_html(
        title="Ada <Lovelace>",
        subtitle="Target profile: X",
        facts=[("Fit", "84.67 %")],
        table=pd.DataFrame({"Competency": ["Alpha & co"], "Points lost": [5.8333]}),
        figure=fig,
        lang="sv",
        footer="f",
    )
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<title>Ada &lt;Lovelace&gt;</title>" in page
    assert "<td>Alpha &amp; co</td>" in page
    assert '<td class="num">5.83</td>' in page
    assert "<tr><td>Fit</td><td>84.67 %</td></tr>" in page
    # plotly.js is inlined, no script is fetched from a CDN: the file opens offline
    assert re.search(r"<script[^>]*\bsrc=", page) is None
    assert "Plotly.newPlot" in page
    assert len(page) > 1_000_000


@given(
    st.lists(
        st.one_of(st.floats(min_value=1, max_value=5), st.just(math.nan)), min_size=3, max_size=3
    )
)
def test_radar_r_matches_levels_for_any_ratings(values: list[float]) -> None:
    levels = dict(zip(LABELS, values, strict=True))
    fig = charts.radar(levels, TARGET, LABELS)
    expected = [None if math.isnan(v) else v for v in values]
    # the loop closes on the first assessed axis (the first axis when none is assessed)
    first = next((v for v in expected if v is not None), None)
    assert list(fig.data[1].r) == [*expected, first]
    assert fig.data[1].connectgaps is True
    texts = list(fig.data[1].text)
    assert [t == "not assessed" for t in texts[:3]] == [v is None for v in expected]


def test_every_builder_makes_a_figure_plotly_validates() -> None:
    """The builders skip plotly's slow per-property checks; the full validation must pass."""
    import plotly.graph_objects as go

    fits = pd.DataFrame({"archetype": ["x"], "stage": ["s"], "fit": [70.0]})
    figures = [
        charts.radar({"a": 3.0}, TARGET, LABELS, title="T"),
        charts.compare_radar({"A": {"a": 3.0}, "B": {"b": 2.0}}, TARGET, LABELS),
        charts.radar({"a": math.nan, "b": 2.0}, TARGET, LABELS),
        charts.profile_radar({"P": TARGET, "Q": TARGET}, LABELS, weights={"a": 3}),
        charts.best_fit_heatmap(fits, {"x": "X"}, {"s": "S"}, title="T"),
        charts.stakeholder_radar(
            {"A": {"a": (3, 2), "b": (4, 0)}},
            {"a": "A", "b": "B"},
            consensus={"a": (3, 2), "b": (4, 0)},
            title="T",
        ),
    ]
    for fig in figures:
        checked = go.Figure(fig.to_dict())  # raises ValueError on any invalid property
        # validation may expand values (a named colorscale into its stops); the traces stay
        assert [tr.type for tr in checked.data] == [tr.type for tr in fig.data]
        assert [tr.name for tr in checked.data] == [tr.name for tr in fig.data]


def test_frozen_figure_shows_the_same_and_makes_its_dict_once() -> None:
    import plotly.io as pio

    fig = charts.radar({"a": 3.5, "b": math.nan, "c": 4.0}, TARGET, LABELS, name="Ada")
    frozen = charts.frozen(fig)
    assert pio.to_json(frozen, validate=False) == pio.to_json(fig, validate=False)
    assert list(frozen.data[1].r) == [3.5, None, 4.0, 3.5]
    first = frozen.to_dict()
    assert frozen.to_dict() is first  # made once, then handed out on every rerun
    assert fig.to_dict() is not fig.to_dict()  # a plain figure copies each time


def test_stakeholder_radar_draws_every_view_and_the_consensus_dashed() -> None:
    fig = charts.stakeholder_radar(
        {"CEO": {"a": (5, 3), "b": (2, 0)}, "<i>Board</i>": {"a": (1, 1), "b": (4, 2)}},
        {"a": "Alpha", "b": "Beta"},
        consensus={"a": (3, 2), "b": (3, 1)},
        consensus_name="Consensus",
        level_word="nivå",
        weight_word="vikt",
    )
    data = fig.to_dict()["data"]
    assert [t["name"] for t in data] == ["CEO", "&lt;i&gt;Board&lt;/i&gt;", "Consensus"]
    assert [t["r"] for t in data] == [[5.0, 2.0, 5.0], [1.0, 4.0, 1.0], [3.0, 3.0, 3.0]]
    assert [t["theta"] for t in data] == [["Alpha", "Beta", "Alpha"]] * 3
    assert [t["customdata"] for t in data] == [[3, 0, 3], [1, 2, 1], [2, 1, 2]]
    assert data[0]["marker"]["size"] == [14, 5, 14]
    assert [t["line"].get("dash") for t in data] == [None, None, "dash"]
    assert [t["line"]["color"] for t in data] == [*charts.PALETTE[:2], charts.TARGET_COLOUR]
    assert {t["fill"] for t in data} == {"none"}
    assert data[1]["hovertemplate"] == (
        "%{theta}: nivå %{r}, vikt %{customdata}<extra>&lt;i&gt;Board&lt;/i&gt;</extra>"
    )


def test_stakeholder_radar_needs_a_stakeholder() -> None:
    with pytest.raises(ValueError, match="at least one stakeholder"):
        charts.stakeholder_radar({}, {"a": "Alpha"})
