"""Shared test builders: a tiny rubric folder, the long CSV header and one scorecard builder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from assess.domain.schemas import ScorecardIn

HEADER = "candidate,email,interviewer,interview_date,interview_type,competency,rating,evidence"

# A small rubric of three competencies, so that the exact numbers in these tests do not move when
# the shipped rubric is tuned.
TINY_COMPETENCIES = (
    ("hands_on_engineering", "technical", "Hands-on engineering", "Praktiskt ingenjörsarbete"),
    ("tech_vision", "strategy", "Technology vision", "Teknisk vision"),
    ("people_leadership", "leadership", "People leadership", "Personalledarskap"),
)
TINY_ARCHETYPES = {
    "technical_leader": {"hands_on_engineering": (4, 3), "tech_vision": (3, 1),
                         "people_leadership": (3, 2)},
    "operational_manager": {"hands_on_engineering": (2, 0), "tech_vision": (4, 2),
                            "people_leadership": (5, 3)},
}  # fmt: skip


def _text(en: str, sv: str | None = None) -> dict[str, str]:
    return {"en": en, "sv": sv or f"{en} (sv)"}


SOURCE = [{"seed": "000_6b7f2ecfeb9e1e67.txt", "quote": "a CTO"}]


def write_tiny_rubric(folder: Path) -> Path:
    """A valid rubric folder with TINY_COMPETENCIES, two archetypes and two stages."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Any] = {
        "scale.yaml": {
            "levels": [
                {"value": v, "label": _text(f"Level {v}"), "description": _text(f"Level {v}.")}
                for v in range(1, 6)
            ]
        },
        "competencies.yaml": {
            "clusters": [
                {"id": c, "name": _text(c.title())} for c in ("technical", "strategy", "leadership")
            ],
            "competencies": [
                {
                    "id": cid,
                    "cluster": cluster,
                    "name": _text(en, sv),
                    "description": _text(f"About {en}."),
                    "questions": [_text("Tell me about it."), _text("What went wrong?")],
                    "levels": {v: _text(f"Anchor {v}.") for v in range(1, 6)},
                    "sources": SOURCE,
                }
                for cid, cluster, en, sv in TINY_COMPETENCIES
            ],
        },
        "archetypes.yaml": {
            "archetypes": [
                {
                    "id": aid,
                    "name": _text(aid.replace("_", " ").title()),
                    "description": _text("An archetype."),
                    "sources": SOURCE,
                    "targets": {c: {"level": lv, "weight": w} for c, (lv, w) in targets.items()},
                }
                for aid, targets in TINY_ARCHETYPES.items()
            ]
        },
        "stages.yaml": {
            "stages": [
                {
                    "id": "startup",
                    "name": _text("Startup"),
                    "description": _text("Small."),
                    "sources": SOURCE,
                },
                {
                    "id": "growth",
                    "name": _text("Growth"),
                    "description": _text("Bigger."),
                    "sources": SOURCE,
                    "adjustments": {"people_leadership": {"level": 1}},
                },
            ]
        },
    }
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


DAY = dt.date(2026, 11, 2)
HANDS_ON, VISION, PEOPLE = "hands_on_engineering", "tech_vision", "people_leadership"
Ratings = tuple[tuple[str, int | None, str], ...]


def card(
    name: str | None = "Anna Berg",
    *,
    email: str | None = None,
    source: str | None = None,
    candidate_external_id: str | None = None,
    interviewer: str = "Lena Ek",
    interview_type: str = "technical",
    day: dt.date = DAY,
    ratings: Ratings = ((HANDS_ON, 4, "built the platform"), (VISION, None, "")),
    state: str = "submitted",
    recommendation: str | None = "yes",
    external_id: str | None = None,
    notes: str = "",
) -> ScorecardIn:
    return ScorecardIn.model_validate(
        {
            "candidate": {
                "name": name,
                "email": email,
                "source": source,
                "external_id": candidate_external_id,
            },
            "interviewer": interviewer,
            "interview_type": interview_type,
            "interview_date": day,
            "recommendation": recommendation,
            "state": state,
            "external_id": external_id,
            "notes": notes,
            "ratings": [{"competency": c, "rating": r, "evidence": e} for c, r, e in ratings],
        }
    )


# Text an attacker would try: spreadsheet formulas (plain, after a blank, fullwidth, on a second
# line) and markup for Markdown, Streamlit directives, LaTeX and HTML.
FORMULAS = ("=1+1", " =1+1", "\n=3+3", "\uff1d1+1", "+5", "-2", "@SUM(1)", "\t=1", "-=1")
MARKDOWN_NAME = r"**bold** [web](http://127.0.0.1:9/p) :red[red] $\LaTeX$"
HTML_NAME = '<a href="http://127.0.0.1:9/phish">Open CV</a><span style="font-size:60px">HUGE</span>'
