"""Stakeholder alignment: how far the hiring team agrees on a target profile, and the consensus."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from assess.domain.reliability import alpha
from assess.domain.rubric import (
    Profile,
    ProfileTarget,
    Settings,
    YamlFileError,
    read_yaml_file,
)
from assess.domain.scoring import rank, score

# How many disputed competencies the team is asked to settle before interviewing.
DISPUTED_SHOWN: Final[int] = 3
LEVELS: Final[tuple[int, int]] = (1, 5)
WEIGHTS: Final[tuple[int, int]] = (0, 3)
# The `stage` label of a stakeholder's profile when it is scored: the profile is theirs, not a
# rubric archetype at a company stage.
STAKEHOLDER_STAGE: Final[str] = "stakeholder"

# name -> {competency id: (level 1-5, weight 0-3)}
StakeholderProfiles = Mapping[str, Mapping[str, tuple[int, int]]]


class AlignmentError(ValueError):
    """Stakeholder profiles the alignment cannot use; the message names who and what."""


@dataclass(frozen=True)
class CompetencyAgreement:
    """The stakeholders' targets for one competency, summarised."""

    competency: str
    mean_level: float
    mean_weight: float
    spread_level: int
    spread_weight: int


@dataclass(frozen=True)
class Alignment:
    """Agreement among stakeholders on levels and weights, the disputes, and the consensus."""

    stakeholders: tuple[str, ...]
    alpha_level: float
    alpha_weight: float
    per_competency: tuple[CompetencyAgreement, ...]
    most_disputed: tuple[str, ...]
    consensus: dict[str, tuple[int, int]]


def _whole(value: object, bounds: tuple[int, int]) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]
    )


def check_profiles(
    profiles: StakeholderProfiles, competencies: Sequence[str]
) -> dict[str, dict[str, tuple[int, int]]]:
    """The profiles, each in `competencies` order, or AlignmentError for the first problem.

    Needs at least two stakeholders with non-empty names; each gives every competency (and only
    those) a whole level 1-5 and a whole weight 0-3, and not every weight 0.
    """
    if len(profiles) < 2:
        raise AlignmentError(
            f"alignment needs at least 2 stakeholders, got {len(profiles)}: agreement among "
            "fewer is not defined"
        )
    known = list(competencies)
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for name, targets in profiles.items():
        if not isinstance(name, str) or not name.strip():
            raise AlignmentError(f"stakeholder name must be non-empty text, got {name!r}")
        who = f"stakeholder {name!r}"
        unknown = [c for c in targets if c not in known]
        if unknown:
            raise AlignmentError(f"{who}: unknown competency {unknown[0]!r}")
        missing = [c for c in known if c not in targets]
        if missing:
            raise AlignmentError(f"{who}: no target for competency {missing[0]!r}")
        checked: dict[str, tuple[int, int]] = {}
        for cid in known:
            target = targets[cid]
            if not isinstance(target, tuple | list) or len(target) != 2:
                raise AlignmentError(f"{who}: {cid}: must be (level, weight), got {target!r}")
            level, weight = target
            if not _whole(level, LEVELS):
                raise AlignmentError(
                    f"{who}: {cid}: level must be a whole number 1-5, got {level!r}"
                )
            if not _whole(weight, WEIGHTS):
                raise AlignmentError(
                    f"{who}: {cid}: weight must be a whole number 0-3, got {weight!r}"
                )
            checked[cid] = (level, weight)
        if all(w == 0 for _, w in checked.values()):
            raise AlignmentError(f"{who}: every weight is 0")
        out[name] = checked
    return out


def round_half_up(value: Fraction, low: int, high: int) -> int:
    """floor(value + 1/2), kept within low-high: 2.5 -> 3, 2.49 -> 2 (exact, no float error)."""
    return min(high, max(low, math.floor(value + Fraction(1, 2))))


def _alpha(values: pd.DataFrame) -> float:
    # units are competencies, raters stakeholders; NaN when no value varies (alpha undefined)
    matrix = values.rename_axis(index="competency", columns="stakeholder")
    return alpha(matrix)


def align(profiles: StakeholderProfiles, competencies: Sequence[str]) -> Alignment:
    """Agreement of the stakeholders' target profiles, competency by competency.

    With n stakeholders and, for competency c, their levels L_1c..L_nc and weights W_1c..W_nc:

        alpha_level, alpha_weight  Krippendorff's alpha (interval) with competencies as units and
                                   stakeholders as raters (`reliability.alpha`); NaN when no value
                                   varies at all (alpha is undefined then)
        mean_level_c   = (L_1c + ... + L_nc) / n          mean_weight_c likewise
        spread_level_c = max L_ic - min L_ic              spread_weight_c likewise
        dispute_c      = spread_level_c / 4 + spread_weight_c / 3
                         (each spread over its scale's width: a full split on either counts 1)
        consensus_c    = (round_half_up(mean_level_c) within 1-5,
                          round_half_up(mean_weight_c) within 0-3)

    The most disputed competencies are the (at most) three with the largest dispute_c > 0;
    equal disputes go to the higher mean weight (it matters more to the team), then to the
    earlier competency in `competencies`. Competencies everyone agrees on are never listed.
    """
    checked = check_profiles(profiles, competencies)
    names = tuple(checked)
    comps = list(competencies)
    levels = pd.DataFrame({n: [checked[n][c][0] for c in comps] for n in names}, index=comps)
    weights = pd.DataFrame({n: [checked[n][c][1] for c in comps] for n in names}, index=comps)
    count = len(names)
    rows = []
    keys = []
    consensus: dict[str, tuple[int, int]] = {}
    for i, cid in enumerate(comps):
        lv = [checked[n][cid][0] for n in names]
        wt = [checked[n][cid][1] for n in names]
        rows.append(
            CompetencyAgreement(
                competency=cid,
                mean_level=sum(lv) / count,
                mean_weight=sum(wt) / count,
                spread_level=max(lv) - min(lv),
                spread_weight=max(wt) - min(wt),
            )
        )
        # 12 x dispute_c, and the weight sum for n x mean weight: integers, so ties are exact
        dispute = 3 * (max(lv) - min(lv)) + 4 * (max(wt) - min(wt))
        keys.append((-dispute, -sum(wt), i, cid))
        consensus[cid] = (
            round_half_up(Fraction(sum(lv), count), *LEVELS),
            round_half_up(Fraction(sum(wt), count), *WEIGHTS),
        )
    disputed = tuple(cid for neg, _, _, cid in sorted(keys) if neg < 0)[:DISPUTED_SHOWN]
    return Alignment(
        stakeholders=names,
        alpha_level=_alpha(levels),
        alpha_weight=_alpha(weights),
        per_competency=tuple(rows),
        most_disputed=disputed,
        consensus=consensus,
    )


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) else value


def alignment_as_dict(result: Alignment) -> dict[str, Any]:
    """The JSON document `alignment --json` prints (NaN alpha as null)."""
    return {
        "stakeholders": list(result.stakeholders),
        "alpha_weight": _json_number(result.alpha_weight),
        "alpha_level": _json_number(result.alpha_level),
        "per_competency": {
            row.competency: {
                "mean_level": row.mean_level,
                "mean_weight": row.mean_weight,
                "spread_level": row.spread_level,
                "spread_weight": row.spread_weight,
            }
            for row in result.per_competency
        },
        "most_disputed": list(result.most_disputed),
        "consensus": {
            cid: {"level": level, "weight": weight}
            for cid, (level, weight) in result.consensus.items()
        },
    }


def as_profile(
    name: str, targets: Mapping[str, tuple[int, int]], competencies: Sequence[str]
) -> Profile:
    """A stakeholder's (or the consensus's) targets as a Profile the scoring engine takes.

    `archetype` carries the name and `stage` is STAKEHOLDER_STAGE; there is no base archetype, so
    the base level and weight are the targets themselves.
    """
    return Profile(
        archetype=name,
        stage=STAKEHOLDER_STAGE,
        targets=tuple(
            ProfileTarget(
                competency=cid,
                level=targets[cid][0],
                weight=targets[cid][1],
                base_level=targets[cid][0],
                base_weight=targets[cid][1],
            )
            for cid in competencies
        ),
    )


@dataclass(frozen=True)
class RankingComparison:
    """The candidate ranking under each stakeholder's profile, and how alike the rankings are."""

    stakeholders: tuple[str, ...]
    # name -> (best candidate, its fit); (None, NaN) when no candidate has a fit
    top: dict[str, tuple[Any, float]]
    # fits: candidates x stakeholders (NaN = no weighted competency assessed)
    fits: pd.DataFrame
    # Spearman's rank correlation of every pair of stakeholders' fits (1 on the diagonal)
    spearman: pd.DataFrame


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho over the pairs where both x and y are numbers.

    rho = Pearson correlation of the ranks of x and of y (ties get their mean rank). NaN with
    fewer than 2 pairs or when either side's ranks do not vary.
    """
    keep = ~(np.isnan(x) | np.isnan(y))
    if keep.sum() < 2:
        return float("nan")
    rx = pd.Series(x[keep]).rank(method="average").to_numpy()
    ry = pd.Series(y[keep]).rank(method="average").to_numpy()
    dx, dy = rx - rx.mean(), ry - ry.mean()
    denominator = math.sqrt(float((dx**2).sum()) * float((dy**2).sum()))
    if denominator == 0.0:
        return float("nan")
    return float((dx * dy).sum()) / denominator


def compare_rankings(
    ratings: pd.DataFrame,
    profiles: StakeholderProfiles,
    competencies: Sequence[str],
    *,
    settings: Settings,
) -> RankingComparison:
    """Score every candidate against each stakeholder's profile (`scoring.score`, the same fit
    as everywhere) and compare: the top candidate under each (`scoring.rank`: fit, then
    coverage, then candidate id) and Spearman's rho between every two stakeholders' fits, over
    the candidates with a fit under both."""
    checked = check_profiles(profiles, competencies)
    names = tuple(checked)
    made = [as_profile(n, checked[n], competencies) for n in names]
    scored = score(ratings, made, settings=settings)
    # reindex: with no candidate scored yet there is no column to pick, only NaN
    fits = scored.pivot(index="candidate", columns="archetype", values="fit").reindex(
        columns=list(names)
    )
    fits.columns.name = "stakeholder"
    top: dict[str, tuple[Any, float]] = {}
    for name in names:
        ordered = rank(scored[scored["archetype"] == name])
        first = ordered.iloc[0] if len(ordered) else None
        if first is None or pd.isna(first["fit"]):
            top[name] = (None, float("nan"))
        else:
            top[name] = (first["candidate"], float(first["fit"]))
    values = fits.to_numpy(dtype=float)
    rho = np.array(
        [
            [spearman(values[:, i], values[:, j]) for j in range(len(names))]
            for i in range(len(names))
        ]
    )
    return RankingComparison(
        stakeholders=names,
        top=top,
        fits=fits,
        spearman=pd.DataFrame(rho, index=list(names), columns=list(names)),
    )


def comparison_as_dict(result: RankingComparison) -> dict[str, Any]:
    """The comparison as JSON: top candidate per stakeholder, rho per pair (NaN as null)."""

    def plain(value: Any) -> Any:
        return value.item() if isinstance(value, np.generic) else value

    rho = result.spearman.to_numpy(dtype=float)
    return {
        "stakeholders": list(result.stakeholders),
        "top": {
            name: {"candidate": plain(cand), "fit": _json_number(fit)}
            for name, (cand, fit) in result.top.items()
        },
        "spearman": {
            a: {b: _json_number(float(rho[i, j])) for j, b in enumerate(result.stakeholders)}
            for i, a in enumerate(result.stakeholders)
        },
    }


# --- one stakeholder's view, as a form or a PROFILE.yaml gives it -------------------------------

# A profile file is fourteen short lines; anything near this size is not one.
MAX_VIEW_BYTES: Final[int] = 1_000_000
MAX_NAME: Final[int] = 200


class ViewError(ValueError):
    """A stakeholder view that cannot be stored; `problems` holds one `where: message` line each
    (`FILE: where: message` when it was read from a file)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def check_name(name: object) -> str:
    """The stakeholder's name, stripped, or ViewError naming the field."""
    if not isinstance(name, str) or not name.strip():
        raise ViewError(["name: a stakeholder needs a name"])
    if len(name.strip()) > MAX_NAME:
        raise ViewError([f"name: at most {MAX_NAME} characters, got {len(name.strip())}"])
    return " ".join(name.split())


def _bad(value: object) -> str:
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else (
        repr(value) if not isinstance(value, str) or len(value) <= 40 else repr(value[:40]) + "..."
    )  # fmt: skip


def check_view(raw: object, competencies: Sequence[str]) -> dict[str, tuple[int, int]]:
    """A stakeholder's targets {competency: (level, weight)} in `competencies` order, or
    ViewError listing every problem as `competency.field: message`.

    `raw` maps every competency id (and only those) to `{level, weight}` (or a `(level,
    weight)` pair): a whole level 1-5 and a whole weight 0-3; not every weight may be 0."""
    if not isinstance(raw, Mapping):
        raise ViewError(["top: must be a mapping of competency id to {level, weight}"])
    known = list(competencies)
    problems: list[str] = []
    out: dict[str, tuple[int, int]] = {}
    for key in raw:
        if key not in known:
            problems.append(f"{key}: unknown competency {_bad(key)}; competencies are "
                            f"{', '.join(known)}")  # fmt: skip
    for cid in known:
        if cid not in raw:
            problems.append(f"{cid}: missing: every competency needs a level and a weight")
            continue
        value = raw[cid]
        if isinstance(value, tuple | list) and len(value) == 2:
            value = {"level": value[0], "weight": value[1]}
        if not isinstance(value, Mapping):
            problems.append(f"{cid}: must be a mapping with level and weight, got {_bad(value)}")
            continue
        extra = [k for k in value if k not in ("level", "weight")]
        if extra:
            problems.append(f"{cid}.{extra[0]}: unknown field; only level and weight")
        pair: list[int] = []
        for field, bounds in (("level", LEVELS), ("weight", WEIGHTS)):
            if field not in value:
                problems.append(f"{cid}.{field}: missing")
            elif not _whole(value[field], bounds):
                problems.append(
                    f"{cid}.{field}: must be a whole number {bounds[0]}-{bounds[1]}, "
                    f"got {_bad(value[field])}"
                )
            else:
                pair.append(value[field])
        if len(pair) == 2:
            out[cid] = (pair[0], pair[1])
    if not problems and all(w == 0 for _, w in out.values()):
        problems.append("top: every weight is 0; at least one competency must count")
    if problems:
        raise ViewError(problems)
    return out


def load_view(path: str | Path, competencies: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Read and check a PROFILE.yaml; ViewError lines read `FILE: where: message`."""
    label = str(path)
    try:
        raw = read_yaml_file(path, what="a profile file", max_bytes=MAX_VIEW_BYTES)
    except YamlFileError as exc:
        raise ViewError([str(exc)]) from None
    try:
        return check_view(raw, competencies)
    except ViewError as exc:
        raise ViewError([f"{label}: {p}" for p in exc.problems]) from None


def consensus_reason(count: int, day: dt.date) -> str:
    """The reason an adopted consensus carries on each target: who agreed, and when."""
    return f"consensus of {count} stakeholders on {day.isoformat()}"
