"""Which CTO do you need: check questionnaire answers, rank archetype x stage, give the profile."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from assess.domain.rubric import (
    NeedsAnswer,
    NeedsBand,
    NeedsQuestion,
    Profile,
    Rubric,
    YamlFileError,
    _UniqueKeyLoader,
    read_yaml_file,
)

# An answers file is a dozen lines; anything near this size is not one.
MAX_ANSWERS_BYTES: Final[int] = 1_000_000
# Long user values are cut in messages: the message names the problem, not the whole input.
_SHOWN_CHARS: Final[int] = 40

Answer = str | int | float


class NeedsAnswerError(ValueError):
    """Answers that cannot be used; `problems` holds one `question: message` line each
    (`FILE: question: message` when they were read from a file)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Reason:
    """One answer's effect on the archetype or the stage of a ranked pair."""

    question: str
    answer: Answer
    target: str
    effect: int
    seed: str
    quote: str


@dataclass(frozen=True)
class Ranked:
    """One archetype x stage pair, its score and the effects that make it up."""

    archetype: str
    stage: str
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Recommendation:
    """Every archetype x stage, best first, and the target profile of the first."""

    answers: dict[str, Answer]
    ranking: tuple[Ranked, ...]
    profile: Profile


def _shown(value: object) -> str:
    """A value as a message shows it: quoted and escaped (repr), cut when long."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return repr(value[:_SHOWN_CHARS]) + "..."
    return repr(value)


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _check_number(q: NeedsQuestion, value: object) -> tuple[Answer | None, str | None]:
    """(the number, None) or (None, the message) for one answer to a number question."""
    low, high = q.min, q.max
    assert low is not None and high is not None  # load_rubric requires both
    kind = "a whole number" if q.whole else "a number"
    expected = f"must be {kind} from {_number_text(low)} to {_number_text(high)}"
    # bool is an int in Python, but `employees: true` is no head count
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{expected}, got {_shown(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{expected}, got {_shown(value)}"
    if q.whole and value != int(value):
        return None, f"{expected}, got {_shown(value)}"
    if not low <= value <= high:
        return None, f"{expected}, got {_number_text(value)}"
    return (int(value) if q.whole else value), None


def check_answers(answers: object, rubric: Rubric) -> dict[str, Answer]:
    """The answers as {question id: value}, in questionnaire order, or NeedsAnswerError.

    `answers` maps question ids to an answer value (choice questions) or a number (number
    questions, within the question's min-max; whole numbers where the question says so). A
    question left out or answered null is unanswered. Every problem is listed, each as
    `question: message`; at least one question must be answered.
    """
    if not rubric.needs:
        raise NeedsAnswerError(["top: the rubric has no needs questionnaire (needs.yaml)"])
    if not isinstance(answers, Mapping):
        raise NeedsAnswerError(["top: must be a mapping of question id to answer"])
    known = {q.id: q for q in rubric.needs}
    problems: list[str] = []
    given: dict[str, Answer] = {}
    for key, value in answers.items():
        q = known.get(key) if isinstance(key, str) else None
        if q is None:
            ids = ", ".join(known)
            problems.append(f"{key}: unknown question {_shown(key)}; questions are {ids}")
            continue
        if value is None:
            continue
        if q.kind == "number":
            number, message = _check_number(q, value)
            if message is not None:
                problems.append(f"{q.id}: {message}")
            elif number is not None:
                given[q.id] = number
            continue
        values = [a.value for a in q.answers]
        if isinstance(value, str) and value in values:
            given[q.id] = value
        elif isinstance(value, str):
            problems.append(
                f"{q.id}: unknown answer {_shown(value)}; answers are {', '.join(values)}"
            )
        else:
            problems.append(f"{q.id}: must be one of {', '.join(values)}, got {_shown(value)}")
    if problems:
        raise NeedsAnswerError(problems)
    if not given:
        raise NeedsAnswerError(["top: no question answered"])
    return {q.id: given[q.id] for q in rubric.needs if q.id in given}


def chosen(question: NeedsQuestion, answer: Answer) -> NeedsAnswer | NeedsBand:
    """The answer a choice question was given, or the band a number falls in.

    A band holds the numbers from the band before's `below` (or the question's min) up to, not
    including, its own `below`; the last band holds the rest, up to max.
    """
    if question.kind == "choice":
        return next(a for a in question.answers if a.value == answer)
    assert isinstance(answer, int | float)
    for band in question.bands:
        if band.below is None or answer < band.below:
            return band
    return question.bands[-1]


def recommend(answers: object, rubric: Rubric) -> Recommendation:
    """Rank every archetype x stage for the company the answers describe.

    Each answered question q picks one answer (choice) or band (number), whose effects give
    points P_q(x) to archetypes and stages x (P_q(x) = 0 when the answer names no effect on x):

        score(a, s) = sum over answered q of  P_q(a) + P_q(s)

    so an archetype and a stage gain independently and the best pair is the best archetype at
    the best stage. The reasons of a pair are the effects on a and on s, in questionnaire order
    (within one answer, the effect on a first); their effects add up to its score. Ties keep the
    rubric's order (archetypes.yaml, then stages.yaml), so the ranking is deterministic. The
    profile is the rubric's resolution of the first pair (`Rubric.profile`).
    """
    given = check_answers(answers, rubric)
    reasons: dict[str, list[Reason]] = {x: [] for x in [*rubric.archetype_ids, *rubric.stage_ids]}
    for qid, answer in given.items():
        for effect in chosen(rubric.question(qid), answer).effects:
            reasons[effect.target].append(
                Reason(qid, answer, effect.target, effect.points, effect.seed, effect.quote)
            )
    order = {qid: i for i, qid in enumerate(given)}
    pairs = []
    for a in rubric.archetype_ids:
        for s in rubric.stage_ids:
            why = sorted([*reasons[a], *reasons[s]], key=lambda r: order[r.question])
            pairs.append(Ranked(a, s, sum(r.effect for r in why), tuple(why)))
    # sorted() is stable: equal scores keep the archetype-major rubric order built above
    ranking = tuple(sorted(pairs, key=lambda p: -p.score))
    top = ranking[0]
    return Recommendation(given, ranking, rubric.profile(top.archetype, top.stage))


def recommendation_as_dict(rec: Recommendation) -> dict[str, Any]:
    """The JSON document of `assess recommend --json`."""
    return {
        "ranking": [
            {
                "archetype": r.archetype,
                "stage": r.stage,
                "score": r.score,
                "reasons": [
                    {
                        "question": why.question,
                        "answer": why.answer,
                        "effect": why.effect,
                        "seed": why.seed,
                        "quote": why.quote,
                    }
                    for why in r.reasons
                ],
            }
            for r in rec.ranking
        ],
        "profile": {
            t.competency: {"level": t.level, "weight": t.weight} for t in rec.profile.targets
        },
    }


class _AnswersLoader(_UniqueKeyLoader):
    """The rubric's safe loader without YAML 1.1 booleans: `cto_codes: yes` stays "yes", and
    `true` is an unknown answer rather than a silent yes."""


# Copied, not shared: the resolver table is a class attribute, and editing it in place would
# change every SafeLoader.
_AnswersLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _UniqueKeyLoader.yaml_implicit_resolvers.items()
}


def load_answers(path: str | Path, rubric: Rubric) -> dict[str, Answer]:
    """Read and check an answers file; NeedsAnswerError lines read `FILE: question: message`."""
    label = str(path)
    try:
        raw = read_yaml_file(
            path, what="an answers file", max_bytes=MAX_ANSWERS_BYTES, loader=_AnswersLoader
        )
    except YamlFileError as exc:
        raise NeedsAnswerError([str(exc)]) from None
    try:
        return check_answers(raw, rubric)
    except NeedsAnswerError as exc:
        raise NeedsAnswerError([f"{label}: {p}" for p in exc.problems]) from None
