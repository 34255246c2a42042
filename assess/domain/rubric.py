"""The rubric files: strict pydantic models, loading with readable errors, profile resolution."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from assess.domain import bounded, limits

DEFAULT_RUBRIC_DIR = Path(__file__).resolve().parents[2] / "rubrics"
RUBRIC_FILES = ("scale.yaml", "competencies.yaml", "archetypes.yaml", "stages.yaml", "needs.yaml")
LANGUAGES = ("en", "sv")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class RubricError(Exception):
    """A rubric folder that cannot be used; `problems` holds one `file: location: message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A piece of text in every interface language."""

    en: NonEmpty
    sv: NonEmpty

    def get(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


SeedName = Annotated[str, StringConstraints(pattern=r"^[0-9]{3}_[0-9a-f]+\.txt$")]


class Source(_Strict):
    seed: SeedName
    quote: NonEmpty


class ScaleLevel(_Strict):
    value: Annotated[int, Field(ge=1, le=5)]
    label: Text
    description: Text


class Settings(_Strict):
    min_raters: Annotated[int, Field(ge=1, le=10)] = 2
    critical_weight: Annotated[int, Field(ge=1, le=3)] = 3
    critical_gap: Annotated[float, Field(gt=0, le=4)] = 1.0


class ScaleFile(_Strict):
    levels: list[ScaleLevel]
    settings: Settings = Settings()


class Cluster(_Strict):
    id: Identifier
    name: Text


class Competency(_Strict):
    id: Identifier
    cluster: Identifier
    name: Text
    description: Text
    questions: Annotated[list[Text], Field(min_length=2, max_length=4)]
    levels: dict[Literal[1, 2, 3, 4, 5], Text]
    sources: Annotated[list[Source], Field(min_length=1)]


class CompetenciesFile(_Strict):
    clusters: Annotated[list[Cluster], Field(min_length=1)]
    competencies: Annotated[list[Competency], Field(min_length=1)]


class Target(_Strict):
    level: Annotated[int, Field(ge=1, le=5)]
    weight: Annotated[int, Field(ge=0, le=3)]


class Archetype(_Strict):
    id: Identifier
    name: Text
    description: Text
    sources: Annotated[list[Source], Field(min_length=1)]
    targets: dict[str, Target]


class ArchetypesFile(_Strict):
    archetypes: Annotated[list[Archetype], Field(min_length=1)]


class Adjustment(_Strict):
    level: Annotated[int, Field(ge=-4, le=4)] = 0
    weight: Annotated[int, Field(ge=-3, le=3)] = 0


class Stage(_Strict):
    id: Identifier
    name: Text
    description: Text
    sources: Annotated[list[Source], Field(min_length=1)]
    adjustments: dict[str, Adjustment] = {}


class StagesFile(_Strict):
    stages: Annotated[list[Stage], Field(min_length=1)]


class NeedsEffect(_Strict):
    """What one answer does to one archetype or one stage: `points` added to its score."""

    archetype: Identifier | None = None
    stage: Identifier | None = None
    points: Annotated[int, Field(ge=-3, le=3)]
    seed: SeedName
    quote: NonEmpty

    @property
    def target(self) -> str:
        """The archetype or stage id the effect moves."""
        return self.archetype or self.stage or ""


class NeedsAnswer(_Strict):
    """One value a choice question accepts."""

    value: Identifier
    label: Text
    effects: list[NeedsEffect] = []


class NeedsBand(_Strict):
    """One range of a number question: from the band before's `below` up to its own `below`."""

    value: Identifier
    below: float | None = None
    label: Text
    effects: list[NeedsEffect] = []


class NeedsQuestion(_Strict):
    """One question about the company: a choice of answers, or a number read through bands."""

    id: Identifier
    kind: Literal["choice", "number"]
    text: Text
    sources: Annotated[list[Source], Field(min_length=1)]
    answers: list[NeedsAnswer] = []
    whole: bool = False
    min: float | None = None
    max: float | None = None
    bands: list[NeedsBand] = []

    @property
    def options(self) -> Sequence[NeedsAnswer | NeedsBand]:
        """The answers of a choice question, the bands of a number question."""
        return self.answers if self.kind == "choice" else self.bands


class NeedsFile(_Strict):
    questions: Annotated[list[NeedsQuestion], Field(min_length=1)]


@dataclass(frozen=True)
class ProfileTarget:
    competency: str
    level: int
    weight: int
    base_level: int
    base_weight: int


@dataclass(frozen=True)
class Profile:
    """A target profile: an archetype adjusted for a company stage."""

    archetype: str
    stage: str
    targets: tuple[ProfileTarget, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.archetype, self.stage)

    def target(self, competency: str) -> ProfileTarget:
        for t in self.targets:
            if t.competency == competency:
                return t
        raise KeyError(competency)


@dataclass(frozen=True)
class Rubric:
    """The loaded, cross-checked rubric."""

    levels: tuple[ScaleLevel, ...]
    settings: Settings
    clusters: tuple[Cluster, ...]
    competencies: tuple[Competency, ...]
    archetypes: tuple[Archetype, ...]
    stages: tuple[Stage, ...]
    needs: tuple[NeedsQuestion, ...] = ()
    # Profiles resolved so far: the app asks for the chosen one on every rerun.
    _profiles: dict[tuple[str, str], Profile] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def competency_ids(self) -> list[str]:
        return [c.id for c in self.competencies]

    @property
    def archetype_ids(self) -> list[str]:
        return [a.id for a in self.archetypes]

    @property
    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def competency(self, competency_id: str) -> Competency:
        for c in self.competencies:
            if c.id == competency_id:
                return c
        raise KeyError(competency_id)

    def archetype(self, archetype_id: str) -> Archetype:
        for a in self.archetypes:
            if a.id == archetype_id:
                return a
        raise KeyError(archetype_id)

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)

    def question(self, question_id: str) -> NeedsQuestion:
        for q in self.needs:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def profile(self, archetype_id: str, stage_id: str) -> Profile:
        """The profile of one archetype at one stage (`resolve_profile`), resolved once."""
        key = (archetype_id, stage_id)
        made = self._profiles.get(key)
        if made is None:
            made = resolve_profile(self.archetype(archetype_id), self.stage(stage_id), self)
            self._profiles[key] = made
        return made

    def profiles(self) -> list[Profile]:
        """Every archetype x stage profile, archetype-major in file order."""
        return [resolve_profile(a, s, self) for a in self.archetypes for s in self.stages]


def resolve_profile(archetype: Archetype, stage: Stage, rubric: Rubric) -> Profile:
    """Combine an archetype with a company stage into a target profile.

    For every competency c, with the archetype's target level L_c and weight W_c and the
    stage's adjustment (dL_c, dW_c) (zero when the stage does not name c):

        level_c  = min(5, max(1, L_c + dL_c))
        weight_c = min(3, max(0, W_c + dW_c))

    The stage shifts what the archetype asks for; clamping keeps every result on the rubric's
    scales, so any archetype x stage pair is a valid profile.
    """
    targets = []
    for comp in rubric.competencies:
        base = archetype.targets[comp.id]
        adj = stage.adjustments.get(comp.id, Adjustment())
        targets.append(
            ProfileTarget(
                competency=comp.id,
                level=min(5, max(1, base.level + adj.level)),
                weight=min(3, max(0, base.weight + adj.weight)),
                base_level=base.level,
                base_weight=base.weight,
            )
        )
    return Profile(archetype=archetype.id, stage=stage.id, targets=tuple(targets))


_LANGUAGE_NAMES = {"en": "English (en)", "sv": "Swedish (sv)"}
_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "unknown key",
}


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    previous: int | str = ""
    for part in loc:
        if isinstance(part, int) and previous == "levels":
            out += f".{part}"  # a level number is a mapping key, as written in the file
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
        previous = part
    return out


def _message(err: Any) -> str:
    kind = err["type"]
    loc = err["loc"]
    field = str(loc[-1]) if loc else ""
    ctx = err.get("ctx") or {}
    if kind == "missing" and field in LANGUAGES:
        return f"missing {_LANGUAGE_NAMES[field]} translation"
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind in ("greater_than_equal", "less_than_equal") and field in ("level", "weight", "value"):
        bounds = {"level": "1-5", "weight": "0-3", "value": "1-5"}
        if loc[0] == "stages":
            bounds = {"level": "-4 to 4", "weight": "-3 to 3"}
        return f"{field} must be {bounds[field]}"
    if kind in ("greater_than_equal", "less_than_equal") and field == "points":
        return "points must be -3 to 3"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        if field == "seed":
            return "must name a seed file like 000_6b7f2ecfeb9e1e67.txt"
        return "must be lower_snake_case (a-z, 0-9, _)"
    if kind in ("too_short", "too_long") and field == "questions":
        return "needs 2-4 questions"
    if kind == "literal_error" and loc and loc[-2:-1] == ("levels",):
        return "levels must be 1, 2, 3, 4, 5"
    msg: str = err["msg"]
    if ctx.get("error"):
        msg = str(ctx["error"])
    return msg[0].lower() + msg[1:] if msg else kind


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key '{key}'")
        self.problem = f"duplicate key '{key}'"
        self.line = line


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.safe_load, except that a key written twice in one mapping is an error: plain YAML
    keeps the last one silently, and a recruiter would never learn which target won."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def yaml_problem(label: str, exc: yaml.YAMLError) -> str:
    """`label: line N: not valid YAML: problem` for a file PyYAML could not parse."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else "top"
    return f"{label}: {where}: not valid YAML: {getattr(exc, 'problem', None) or exc}"


class YamlFileError(ValueError):
    """A small YAML input file that could not be read; the message is one `FILE: where:
    message` line."""


def read_yaml_file(
    path: str | Path,
    *,
    what: str,
    max_bytes: int,
    loader: type[_UniqueKeyLoader] = _UniqueKeyLoader,
) -> Any:
    """The document of a small YAML file a person hands in (answers, a stakeholder's profile),
    parsed with `loader` (a SafeLoader refusing duplicate keys) after the size and nesting
    checks; `what` names the kind of file in the too-large message ("an answers file")."""
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise YamlFileError(f"{label}: top: file is missing") from None
    except OSError as exc:
        raise YamlFileError(f"{label}: top: cannot read: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise YamlFileError(f"{label}: top: larger than {max_bytes // 1_000_000} MB; not {what}")
    try:
        text = data.decode("utf-8")
        bounded.yaml_depth_check(text)  # before building the document, which recurses
        return yaml.load(text, Loader=loader)  # a SafeLoader
    except UnicodeDecodeError:
        raise YamlFileError(f"{label}: top: not UTF-8 text") from None
    except (bounded.TooDeep, RecursionError):
        raise YamlFileError(f"{label}: top: nested too deeply") from None
    except _DuplicateKey as exc:
        raise YamlFileError(f"{label}: line {exc.line}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise YamlFileError(yaml_problem(label, exc)) from None


def _read(path: Path, model: type[_Strict], problems: list[str], label: str) -> Any:
    try:
        if path.stat().st_size > limits.YAML_MAX_BYTES:
            problems.append(f"{label}: top: the file is larger than {limits.YAML_MAX_BYTES} bytes")
            return None
        text = path.read_text(encoding="utf-8")
        bounded.yaml_depth_check(text)
        # _UniqueKeyLoader is a SafeLoader: no arbitrary objects, only the duplicate-key check
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except bounded.TooDeep as exc:
        problems.append(f"{label}: line {exc.line}: {exc} (mappings and lists)")
        return None
    except _DuplicateKey as exc:
        problems.append(f"{label}: line {exc.line}: {exc.problem}")
        return None
    except FileNotFoundError:
        problems.append(f"{label}: file is missing")
        return None
    except yaml.YAMLError as exc:
        problems.append(yaml_problem(label, exc))
        return None
    except UnicodeDecodeError:
        problems.append(f"{label}: top: not UTF-8 text")
        return None
    if not isinstance(raw, dict):
        problems.append(f"{label}: top: must be a mapping")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            message = _message(err)
            # "weight must be 0-3" names its field already: the location stops at the target
            if loc and message.startswith(f"{loc[-1]} must be"):
                loc = loc[:-1]
            problems.append(f"{label}: {_location(loc)}: {message}")
        # The file did not validate, but its duplicate ids are worth knowing in the same pass.
        for key, items in raw.items():
            if isinstance(items, list):
                ids = [item.get("id") if isinstance(item, dict) else None for item in items]
                _duplicates(label, str(key), ids, problems)
        return None


def _duplicates(label: str, kind: str, ids: list[Any], problems: list[str]) -> None:
    seen: set[Any] = set()
    for i, ident in enumerate(ids):
        if ident is None:
            continue
        if ident in seen:
            problems.append(f"{label}: {kind}[{i}].id: duplicate id '{ident}'")
        seen.add(ident)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _check_bands(lab: str, q: NeedsQuestion, problems: list[str]) -> None:
    """A number question's range and bands: ordered bounds inside min-max, the last unbounded."""
    if q.answers:
        problems.append(f"{lab}.answers: only a choice question has answers; use bands")
    for name in ("min", "max"):
        if getattr(q, name) is None:
            problems.append(f"{lab}.{name}: is required for a number question")
    if not q.bands:
        problems.append(f"{lab}.bands: is required for a number question")
    if q.min is None or q.max is None:
        return
    if q.min >= q.max:
        problems.append(f"{lab}.max: must be greater than min ({_number(q.min)})")
        return
    if q.whole:
        for name in ("min", "max"):
            if getattr(q, name) != int(getattr(q, name)):
                problems.append(f"{lab}.{name}: must be a whole number (the question is whole)")
    previous = q.min
    for j, band in enumerate(q.bands):
        where = f"{lab}.bands[{j}].below"
        last = j == len(q.bands) - 1
        if band.below is None:
            if not last:
                problems.append(f"{where}: is required on every band but the last")
            continue
        if last:
            problems.append(f"{where}: the last band has no bound; it runs up to max")
        elif band.below <= previous:
            problems.append(f"{where}: must be greater than {_number(previous)}")
        elif band.below > q.max:
            problems.append(f"{where}: must not exceed max ({_number(q.max)})")
        elif q.whole and band.below != int(band.below):
            problems.append(f"{where}: must be a whole number (the question is whole)")
        previous = band.below


def _check_needs(
    label: str,
    needs: NeedsFile,
    archetype_ids: set[str] | None,
    stage_ids: set[str] | None,
    problems: list[str],
) -> None:
    """Cross-checks of needs.yaml: question kinds, bands, and effects naming known ids."""
    _duplicates(label, "questions", [q.id for q in needs.questions], problems)
    for i, q in enumerate(needs.questions):
        lab = f"{label}: questions[{i}]"
        if q.kind == "choice":
            if len(q.answers) < 2:
                problems.append(f"{lab}.answers: needs at least 2 answers")
            extra = [n for n in ("bands", "min", "max", "whole") if n in q.model_fields_set]
            for name in extra:
                problems.append(f"{lab}.{name}: only a number question has {name}")
        else:
            _check_bands(lab, q, problems)
        kind = "answers" if q.kind == "choice" else "bands"
        values: set[str] = set()
        for j, option in enumerate(q.options):
            if option.value in values:
                problems.append(f"{lab}.{kind}[{j}].value: duplicate value '{option.value}'")
            values.add(option.value)
            seen: set[str] = set()
            for k, effect in enumerate(option.effects):
                where = f"{lab}.{kind}[{j}].effects[{k}]"
                if (effect.archetype is None) == (effect.stage is None):
                    problems.append(f"{where}: needs exactly one of archetype, stage")
                    continue
                if effect.points == 0:
                    problems.append(f"{where}: points must not be 0")
                known, field_name = (
                    (archetype_ids, "archetype") if effect.archetype else (stage_ids, "stage")
                )
                if known is not None and effect.target not in known:
                    problems.append(f"{where}.{field_name}: unknown {field_name} '{effect.target}'")
                if effect.target in seen:
                    problems.append(f"{where}: second effect on '{effect.target}'")
                seen.add(effect.target)


def load_rubric(path: str | Path = DEFAULT_RUBRIC_DIR) -> Rubric:
    """Load and cross-check the rubric folder; raise RubricError listing every problem."""
    folder = Path(path)
    problems: list[str] = []
    if not folder.is_dir():
        raise RubricError([f"{folder}: top: not a folder"])

    def label(name: str) -> str:
        return f"{folder.name}/{name}"

    scale = _read(folder / "scale.yaml", ScaleFile, problems, label("scale.yaml"))
    comps = _read(
        folder / "competencies.yaml", CompetenciesFile, problems, label("competencies.yaml")
    )
    arch = _read(folder / "archetypes.yaml", ArchetypesFile, problems, label("archetypes.yaml"))
    stages = _read(folder / "stages.yaml", StagesFile, problems, label("stages.yaml"))
    # Optional: a rubric folder written before the questionnaire existed still scores candidates.
    needs = None
    if (folder / "needs.yaml").exists():
        needs = _read(folder / "needs.yaml", NeedsFile, problems, label("needs.yaml"))

    if scale is not None:
        values = [lv.value for lv in scale.levels]
        if sorted(values) != [1, 2, 3, 4, 5]:
            problems.append(
                f"{label('scale.yaml')}: levels: must define each of 1, 2, 3, 4, 5 once"
            )
    comp_ids: list[str] = []
    before = len(problems)
    if comps is not None:
        lab = label("competencies.yaml")
        _duplicates(lab, "clusters", [c.id for c in comps.clusters], problems)
        _duplicates(lab, "competencies", [c.id for c in comps.competencies], problems)
        cluster_ids = {c.id for c in comps.clusters}
        for i, c in enumerate(comps.competencies):
            if c.cluster not in cluster_ids:
                problems.append(f"{lab}: competencies[{i}].cluster: unknown cluster '{c.cluster}'")
            missing = sorted({1, 2, 3, 4, 5} - set(c.levels))
            if missing:
                nums = ", ".join(str(m) for m in missing)
                problems.append(f"{lab}: competencies[{i}].levels: missing level {nums}")
        comp_ids = [c.id for c in comps.competencies]
    # Cross-file checks against a competencies file that is itself broken only repeat its errors.
    comps_ok = comps is not None and len(problems) == before
    if arch is not None:
        lab = label("archetypes.yaml")
        _duplicates(lab, "archetypes", [a.id for a in arch.archetypes], problems)
        if comps_ok:
            for i, a in enumerate(arch.archetypes):
                for cid in a.targets:
                    if cid not in comp_ids:
                        problems.append(
                            f"{lab}: archetypes[{i}].targets.{cid}: unknown competency '{cid}'"
                        )
                for cid in comp_ids:
                    if cid not in a.targets:
                        problems.append(
                            f"{lab}: archetypes[{i}].targets: no target for competency '{cid}'"
                        )
                if all(t.weight == 0 for t in a.targets.values()):
                    problems.append(f"{lab}: archetypes[{i}].targets: every weight is 0")
    if stages is not None:
        lab = label("stages.yaml")
        _duplicates(lab, "stages", [s.id for s in stages.stages], problems)
        if comps_ok:
            for i, s in enumerate(stages.stages):
                for cid in s.adjustments:
                    if cid not in comp_ids:
                        problems.append(
                            f"{lab}: stages[{i}].adjustments.{cid}: unknown competency '{cid}'"
                        )
    if needs is not None:
        _check_needs(
            label("needs.yaml"),
            needs,
            None if arch is None else {a.id for a in arch.archetypes},
            None if stages is None else {s.id for s in stages.stages},
            problems,
        )
    if problems:
        raise RubricError(problems)

    rubric = Rubric(
        levels=tuple(sorted(scale.levels, key=lambda lv: lv.value)),
        settings=scale.settings,
        clusters=tuple(comps.clusters),
        competencies=tuple(comps.competencies),
        archetypes=tuple(arch.archetypes),
        stages=tuple(stages.stages),
        needs=() if needs is None else tuple(needs.questions),
    )
    for ai, a in enumerate(rubric.archetypes):
        for s in rubric.stages:
            if all(t.weight == 0 for t in resolve_profile(a, s, rubric).targets):
                problems.append(
                    f"{label('stages.yaml')}: stages[{rubric.stages.index(s)}].adjustments: "
                    f"leaves archetype '{rubric.archetypes[ai].id}' with every weight 0"
                )
    if problems:
        raise RubricError(problems)
    return rubric


def rubric_as_dict(rubric: Rubric) -> dict[str, Any]:
    """The rubric as the JSON document of `assess rubric show --json`."""

    def text(t: Text) -> dict[str, str]:
        return {"en": t.en, "sv": t.sv}

    def sources(items: list[Source]) -> list[dict[str, str]]:
        return [{"seed": s.seed, "quote": s.quote} for s in items]

    def number(q: NeedsQuestion, value: float | None) -> float | int | None:
        # a whole-number question's bounds print as 10, not 10.0
        return int(value) if q.whole and value is not None else value

    def option(q: NeedsQuestion, o: NeedsAnswer | NeedsBand) -> dict[str, Any]:
        out: dict[str, Any] = {"value": o.value, "label": text(o.label)}
        if isinstance(o, NeedsBand):
            out["below"] = number(q, o.below)
        out["effects"] = [
            {
                ("archetype" if e.archetype else "stage"): e.target,
                "points": e.points,
                "seed": e.seed,
                "quote": e.quote,
            }
            for e in o.effects
        ]
        return out

    def question(q: NeedsQuestion) -> dict[str, Any]:
        out: dict[str, Any] = {"id": q.id, "kind": q.kind, "text": text(q.text)}
        out["sources"] = sources(q.sources)
        if q.kind == "number":
            out.update({"whole": q.whole, "min": number(q, q.min), "max": number(q, q.max)})
            out["bands"] = [option(q, b) for b in q.bands]
        else:
            out["answers"] = [option(q, a) for a in q.answers]
        return out

    return {
        "scale": [
            {"value": lv.value, "label": text(lv.label), "description": text(lv.description)}
            for lv in rubric.levels
        ],
        "settings": rubric.settings.model_dump(),
        "clusters": [{"id": c.id, "name": text(c.name)} for c in rubric.clusters],
        "competencies": [
            {
                "id": c.id,
                "cluster": c.cluster,
                "name": text(c.name),
                "description": text(c.description),
                "levels": {str(k): text(c.levels[k]) for k in sorted(c.levels)},
                "questions": [text(q) for q in c.questions],
                "sources": sources(c.sources),
            }
            for c in rubric.competencies
        ],
        "archetypes": [
            {
                "id": a.id,
                "name": text(a.name),
                "description": text(a.description),
                "sources": sources(a.sources),
                "targets": {
                    cid: {"level": a.targets[cid].level, "weight": a.targets[cid].weight}
                    for cid in rubric.competency_ids
                },
            }
            for a in rubric.archetypes
        ],
        "stages": [
            {
                "id": s.id,
                "name": text(s.name),
                "description": text(s.description),
                "sources": sources(s.sources),
                "adjustments": {
                    cid: {"level": adj.level, "weight": adj.weight}
                    for cid, adj in s.adjustments.items()
                },
            }
            for s in rubric.stages
        ],
        "profiles": [
            {
                "archetype": p.archetype,
                "stage": p.stage,
                "targets": {
                    t.competency: {"level": t.level, "weight": t.weight} for t in p.targets
                },
            }
            for p in rubric.profiles()
        ],
        "needs": [question(q) for q in rubric.needs],
    }
