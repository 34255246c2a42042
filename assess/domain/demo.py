"""Demo data made by code: a dozen clearly marked demo candidates with realistic scorecards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np

from assess.domain.rubric import Rubric
from assess.domain.schemas import CandidateRef, RatingIn, Recommendation, ScorecardIn

SOURCE: Final = "demo"
NOTES: Final = "Demo data"
ACTOR: Final = "demo data"
DEFAULT_SEED: Final = 7
WINDOW_DAYS: Final = 60


@dataclass(frozen=True)
class DemoPerson:
    name: str
    title: str
    background: str


# Fictional people; "(demo)" in the name keeps them apart from real candidates everywhere. The
# n-th person leans towards the rubric's (n mod 6)-th archetype, in the rubric's archetype order.
PEOPLE: Final[tuple[DemoPerson, ...]] = (
    DemoPerson(
        "Anna Lindqvist (demo)",
        "Head of Platform, Nordic payments scale-up",
        "Ran the move of a card-processing platform to Kubernetes; PCI DSS owner.",
    ),
    DemoPerson(
        "Lena Vogel (demo)",
        "VP Engineering, developer-tools start-up",
        "Open-source maintainer; frequent conference speaker; built the developer community.",
    ),
    DemoPerson(
        "Sara Nilsson (demo)",
        "VP Product Engineering, consumer health app",
        "Grew the app to 2M users; ran customer research with the product team.",
    ),
    DemoPerson(
        "Jonas Berglund (demo)",
        "Founder and CTO, seed-stage climate analytics",
        "Raised a seed round; built the satellite-data pipeline with three engineers.",
    ),
    DemoPerson(
        "Marcus Ekström (demo)",
        "Principal Engineer, logistics SaaS",
        "Wrote the first routing engine; led a team of 12 through two rewrites.",
    ),
    DemoPerson(
        "Elin Håkansson (demo)",
        "Director of Engineering, B2B marketplace",
        "Scaled engineering from 25 to 90 people across three countries.",
    ),
    DemoPerson(
        "Oskar Lund (demo)",
        "Head of Infrastructure, telecom operator",
        "Runs network automation and SRE for 4M subscribers; led the on-call reform.",
    ),
    DemoPerson(
        "Priya Raman (demo)",
        "Head of AI, insurance group",
        "Took claims-triage models from pilot to production; EU AI Act working group.",
    ),
    DemoPerson(
        "Fatima Al-Sayed (demo)",
        "CTO, e-commerce agency",
        "Client-facing technical lead on 40 shop launches; manages vendor contracts.",
    ),
    DemoPerson(
        "Henrik Dahl (demo)",
        "Chief Digital Officer, media group",
        "Led the move from print to subscriptions; board member of two start-ups.",
    ),
    DemoPerson(
        "Ida Forsberg (demo)",
        "Staff Engineer, gaming studio",
        "Built the studio's real-time backend and mentors the backend guild.",
    ),
    DemoPerson(
        "Mikael Sundberg (demo)",
        "Head of Delivery, fintech consultancy",
        "Turned around a late core-banking programme; budget owner for 60 MSEK.",
    ),
)


@dataclass(frozen=True)
class Interviewer:
    name: str
    bias: float  # systematic lean in rating points; the calibration page should find it


INTERVIEWERS: Final[tuple[Interviewer, ...]] = (
    Interviewer("Karin Ek", 0.6),  # lenient
    Interviewer("Johan Berg", -0.6),  # harsh
    Interviewer("Maria Holm", 0.0),
    Interviewer("Erik Sjöberg", 0.1),
    Interviewer("Sofia Wallin", -0.1),
    Interviewer("Ahmed Khan", 0.0),
)

# Which competency clusters each interview type probes. As in a structured process, the first
# three interviews already give every competency two independent ratings (the rubric's
# min_raters); the screening samples most competencies, the later ones go deeper.
INTERVIEW_PLAN: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("screening", ("technical", "strategy", "leadership", "business")),
    ("technical", ("technical", "strategy")),
    ("leadership", ("leadership", "business")),
    ("strategy", ("strategy", "business")),
    ("case", ("business", "technical")),
)
SCREENING_SHARE: Final = 0.85

# The demo search: a panel of the same three interviewers (one lenient, one harsh, one neutral)
# rates the same six candidates on every competency, so that every statistic of the Calibration
# page has the full crossing it needs. Its cards come after the others, from a random stream of
# their own, so the other cards stay what they were.
SEARCH_TITLE: Final = "CTO, Nordic payments scale-up (demo)"
SEARCH_CLIENT: Final = "Demo client"
SEARCH_NOTES: Final = "Demo data: a panel of three interviewers rated six candidates on everything."
PANEL: Final[tuple[str, ...]] = ("Karin Ek", "Johan Berg", "Maria Holm")
PANEL_PEOPLE: Final = 6
PANEL_KIND: Final = "panel"

# Short, concrete evidence per competency: (weak, at the bar, strong).
EVIDENCE: Final[dict[str, tuple[str, str, str]]] = {
    "hands_on_engineering": (
        "Could not walk through code they wrote in the last two years.",
        "Reviewed a pull request live and spotted the missing error handling.",
        "Still ships: explained a tricky concurrency fix they made last month, with tests.",
    ),
    "architecture_infrastructure": (
        "Described the current architecture but not why it was chosen or what it costs.",
        "Explained a monolith split with clear service boundaries and a rollback plan.",
        "Designed multi-region failover; cut recovery time from hours to 4 minutes.",
    ),
    "security_compliance": (
        "Treats security as the ops team's job; no example of an incident they led.",
        "Ran a GDPR data mapping and fixed the access-control gaps it found.",
        "Owned ISO 27001 certification and led a ransomware tabletop with the board.",
    ),
    "data_ai": (
        "Talked about AI in general terms; no model or data product shipped.",
        "Put a recommendation model into production with monitoring for drift.",
        "Built the data platform and a governance process for ML models under the AI Act.",
    ),
    "tech_vision": (
        "Roadmap is a list of features; no view on where the technology should go.",
        "Presented a two-year technology roadmap tied to the company's goals.",
        "Reset the technology strategy and got the board to fund it; clear build/buy bets.",
    ),
    "innovation_research": (
        "No example of trying new technology beyond what the team already uses.",
        "Runs quarterly spikes on new tools and retires the ones that do not pay off.",
        "Set up an innovation lab that produced two patents and one new product line.",
    ),
    "business_strategy": (
        "Could not say how the product makes money or what the unit economics are.",
        "Linked the platform investment to gross margin and explained the trade-off.",
        "Co-wrote the company strategy with the CEO; priced a new enterprise tier.",
    ),
    "people_leadership": (
        "Blamed the team for a missed deadline; no example of developing anyone.",
        "Hired and onboarded eight engineers; gives regular one-to-one feedback.",
        "Grew three engineers into managers; attrition halved after their reorganisation.",
    ),
    "communication_influence": (
        "Answers were long and technical; lost the non-technical interviewer.",
        "Explained a technical risk to the board in plain language with a clear ask.",
        "Won over a sceptical sales team to a platform change with data and a pilot.",
    ),
    "change_management": (
        "Pushed a process change without consulting the team; it was rolled back.",
        "Moved teams from quarterly releases to continuous delivery over six months.",
        "Led an acquisition's engineering integration with no loss of key people.",
    ),
    "external_representation": (
        "Has not represented the company to customers, investors or partners.",
        "Joins customer calls and presented the security posture in due diligence.",
        "Keynote speaker; negotiated a strategic partnership with a cloud provider.",
    ),
    "product_customer": (
        "Sees product as someone else's job; no contact with customers.",
        "Sits in on user research and uses the findings to shape priorities.",
        "Built a customer advisory board; shipped features that cut churn by 20%.",
    ),
    "delivery_quality": (
        "No delivery metrics; releases are late and incidents recur.",
        "Tracks DORA metrics and runs blameless post-mortems after incidents.",
        "Took change failure rate from 30% to 5% while doubling deploy frequency.",
    ),
    "budget_vendors": (
        "Has never owned a budget; vendor choices made by others.",
        "Owns a 15 MSEK budget and renegotiated the main cloud contract.",
        "Cut cloud spend 35% with FinOps practices and ran a three-vendor tender.",
    ),
}


def _evidence(competency: str, name: str, rating: int) -> str:
    texts = EVIDENCE.get(competency)
    band = 0 if rating <= 2 else (1 if rating == 3 else 2)
    if texts is not None:
        return texts[band]
    kind = ("No convincing example of", "A solid example of", "An outstanding example of")[band]
    return f"{kind} {name.lower()}."


def _recommendation(mean: float) -> Recommendation:
    if mean >= 4.0:
        return "strong_yes"
    if mean >= 3.2:
        return "yes"
    if mean >= 2.5:
        return "no"
    return "strong_no"


def _latent(rubric: Rubric, person: int, rng: np.random.Generator) -> np.ndarray:
    """True levels of one demo candidate: near the targets of "their" archetype where it cares,
    modest elsewhere, so that different candidates fit different archetypes best."""
    archetype = rubric.archetypes[person % len(rubric.archetypes)]
    ability = rng.normal(0.1, 0.35)
    out = []
    for comp in rubric.competencies:
        target = archetype.targets[comp.id]
        if target.weight >= 2:
            centre = target.level + 0.1
        elif target.weight == 1:
            centre = 3.0
        else:
            centre = 2.4
        out.append(centre + ability + rng.normal(0.0, 0.4))
    levels: np.ndarray = np.clip(np.array(out), 1.0, 5.0)
    return levels


def demo_scorecards(
    rubric: Rubric, *, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> list[ScorecardIn]:
    """Scorecards of every demo candidate: 3-5 interviews each by a pool of six interviewers
    (one lenient, one harsh), ratings drawn around a latent profile per candidate, dates within
    the last 60 days; then the demo search's panel (`panel_scorecards`). The same seed and day
    give the same cards; external ids make a rerun update rather than duplicate."""
    rng = np.random.default_rng(seed)
    today = dt.date.today() if today is None else today
    comps = list(rubric.competencies)
    cards: list[ScorecardIn] = []
    latents: list[np.ndarray] = []
    for p, person in enumerate(PEOPLE):
        latent = _latent(rubric, p, rng)
        latents.append(latent)
        n_cards = int(rng.integers(3, 6))
        start = today - dt.timedelta(days=int(rng.integers(n_cards * 3, WINDOW_DAYS)))
        panel = rng.permutation(len(INTERVIEWERS))[:n_cards]
        date = start
        for k in range(n_cards):
            kind, clusters = INTERVIEW_PLAN[k]
            who = INTERVIEWERS[int(panel[k])]
            ratings: list[RatingIn] = []
            given: list[int] = []
            for i, comp in enumerate(comps):
                probed = comp.cluster in clusters or not any(c.cluster in clusters for c in comps)
                if not probed or (kind == "screening" and rng.random() > SCREENING_SHARE):
                    continue
                noise = rng.normal(who.bias, 0.5)
                if rng.random() < 0.08:
                    ratings.append(RatingIn(competency=comp.id, rating=None, evidence=""))
                    continue
                value = int(np.clip(np.rint(latent[i] + noise), 1, 5))
                given.append(value)
                text = _evidence(comp.id, comp.name.en, value)
                ratings.append(RatingIn(competency=comp.id, rating=value, evidence=text))
            # The last interview of every fourth candidate is still a draft in progress.
            draft = k == n_cards - 1 and p % 4 == 3
            cards.append(
                ScorecardIn(
                    candidate=CandidateRef(
                        name=person.name, source=SOURCE, external_id=f"demo-{p + 1:02d}"
                    ),
                    interviewer=who.name,
                    interview_type=kind,
                    interview_date=min(date, today),
                    recommendation=None
                    if draft or not given
                    else _recommendation(float(np.mean(given))),
                    state="draft" if draft else "submitted",
                    external_id=f"demo-{p + 1:02d}-{k + 1}",
                    notes=NOTES,
                    ratings=ratings,
                )
            )
            date += dt.timedelta(days=int(rng.integers(1, 6)))
    return cards + panel_scorecards(rubric, latents, seed=seed, today=today)


def is_panel_card(card: ScorecardIn) -> bool:
    """Whether a demo card is one of the demo search's panel."""
    return card.external_id is not None and "-panel-" in card.external_id


def panel_scorecards(
    rubric: Rubric, latents: list[np.ndarray], *, seed: int, today: dt.date
) -> list[ScorecardIn]:
    """The demo search's panel: each of the first PANEL_PEOPLE demo candidates rated on every
    competency by each PANEL interviewer (their lean included) in one panel interview, a
    candidate a day over the last weeks; all submitted, none not assessed."""
    rng = np.random.default_rng([seed, 1])
    by_name = {i.name: i for i in INTERVIEWERS}
    cards: list[ScorecardIn] = []
    for p, person in enumerate(PEOPLE[:PANEL_PEOPLE]):
        date = today - dt.timedelta(days=2 * (PANEL_PEOPLE - p) + 1)
        for j, name in enumerate(PANEL):
            who = by_name[name]
            ratings: list[RatingIn] = []
            for i, comp in enumerate(rubric.competencies):
                value = int(np.clip(np.rint(latents[p][i] + rng.normal(who.bias, 0.5)), 1, 5))
                text = _evidence(comp.id, comp.name.en, value)
                ratings.append(RatingIn(competency=comp.id, rating=value, evidence=text))
            given = [r.rating for r in ratings if r.rating is not None]
            cards.append(
                ScorecardIn(
                    candidate=CandidateRef(
                        name=person.name, source=SOURCE, external_id=f"demo-{p + 1:02d}"
                    ),
                    interviewer=who.name,
                    interview_type=PANEL_KIND,
                    interview_date=date,
                    recommendation=_recommendation(float(np.mean(given))),
                    state="submitted",
                    external_id=f"demo-{p + 1:02d}-panel-{j + 1}",
                    notes=NOTES,
                    ratings=ratings,
                )
            )
    return cards
