"""The signed-in user's own interviews still to score, a scorecard saved into its search, and
the interview kit through the service and `search kit`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import DAY, HANDS_ON, PEOPLE, VISION, card, write_tiny_rubric
from sqlalchemy import Engine, select
from test_cli_data import run

from assess.domain.permissions import PermissionDenied
from assess.domain.rubric import Rubric, load_rubric
from assess.services import scorecards
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.candidates import add_candidate
from assess.services.users import add_user
from assess.storage.db import Scorecard, StoreError, open_database, transaction

CLI = Actor("Ada Admin", "cli")
# one user of each role, ids 1-5 in this order
ADMIN = Actor("Alva Admin", role="admin", user_id=1)
RECRUITER = Actor("Rita Rekryterare", role="recruiter", user_id=2)
MANAGER = Actor("Hans Chef", role="hiring_manager", user_id=3)
LENA = Actor("Lena Ek", role="interviewer", user_id=4)
PER = Actor("Per Holm", role="interviewer", user_id=5)
EVERYONE = (ADMIN, RECRUITER, MANAGER, LENA, PER)
TODAY = DAY + dt.timedelta(days=3)  # the deep dive (on DAY) is overdue from today


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("rubric") / "r"))


def _plan(engine: Engine, tiny: Rubric) -> dict[str, int]:
    """Two searches. Search 1 "CTO, Acme": Anna and Bo; the deep dive (DAY) and an undated
    panel. Search 2 "CTO, Beta": Cecilia; a case interview two days after DAY. Everyone but
    the recruiter interviews someone."""
    for who in EVERYONE:
        made = add_user(f"{who.name.split()[0].lower()}@example.com", actor=CLI, engine=engine,
                        name=who.name, role=who.role, sign_in_method="sso")  # fmt: skip
        assert made.id == who.user_id
    ids: dict[str, int] = {}
    for key, title in (("one", "CTO, Acme"), ("two", "CTO, Beta")):
        ids[key] = svc.add_search(actor=CLI, engine=engine, rubric=tiny, title=title,
                                  archetype="technical_leader", stage="startup").id  # fmt: skip
    for name in ("Anna", "Bo", "Cecilia"):
        ids[name] = add_candidate(name, actor=CLI, engine=engine).id
    for sid, who in (("one", "Anna"), ("one", "Bo"), ("two", "Cecilia")):
        svc.add_to_search(ids[sid], ids[who], actor=CLI, engine=engine)
    for sid, user, role in (("one", 1, "recruiter"), ("one", 3, "hiring_manager"),
                            ("one", 4, "interviewer"), ("one", 5, "interviewer"),
                            ("two", 4, "interviewer")):  # fmt: skip
        svc.set_team_member(ids[sid], actor=CLI, engine=engine, user_id=user, role=role)
    for key, sid, name, kind, focus, day in (
        ("deep", "one", "Deep dive", "technical", [PEOPLE, HANDS_ON, VISION], DAY),
        ("panel", "one", "Panel", "leadership", [VISION, PEOPLE, HANDS_ON], None),
        ("case", "two", "Case", "case", [HANDS_ON, VISION, PEOPLE], DAY + dt.timedelta(days=2)),
    ):
        ids[key] = svc.add_interview(ids[sid], actor=CLI, engine=engine, rubric=tiny, name=name,
                                     kind=kind, focus=focus, interview_date=day).id  # fmt: skip
    for interview, who, user in (("deep", "Anna", 4), ("deep", "Bo", 4), ("panel", "Anna", 4),
                                 ("case", "Cecilia", 4), ("deep", "Anna", 5),
                                 ("panel", "Bo", 1), ("deep", "Bo", 3)):  # fmt: skip
        svc.assign_interviewer(ids[interview], ids[who], user, actor=CLI, engine=engine)
    return ids


def _mine(actor: Actor, engine: Engine) -> list[tuple[str, str, str, str, bool]]:
    return [
        (o.search.title, o.interview.name, o.candidate_name, o.state, o.overdue)
        for o in svc.my_open_interviews(actor=actor, engine=engine, today=TODAY)
    ]


def test_each_role_sees_only_their_own_interviews_still_to_score(
    engine: Engine, tiny: Rubric
) -> None:
    _plan(engine, tiny)
    # overdue first, then by date (undated last), search, interview and candidate
    assert _mine(LENA, engine) == [
        ("CTO, Acme", "Deep dive", "Anna", "not_started", True),
        ("CTO, Acme", "Deep dive", "Bo", "not_started", True),
        ("CTO, Beta", "Case", "Cecilia", "not_started", False),
        ("CTO, Acme", "Panel", "Anna", "not_started", False),
    ]
    assert _mine(PER, engine) == [("CTO, Acme", "Deep dive", "Anna", "not_started", True)]
    assert _mine(MANAGER, engine) == [("CTO, Acme", "Deep dive", "Bo", "not_started", True)]
    # an admin sees every search, but among interviews only the ones they conduct
    assert _mine(ADMIN, engine) == [("CTO, Acme", "Panel", "Bo", "not_started", False)]
    assert _mine(RECRUITER, engine) == []
    # the command line's operator is no user of the app: no interviews of their own
    assert _mine(CLI, engine) == []


def test_a_draft_stays_open_and_a_submitted_card_leaves_the_list(
    engine: Engine, tiny: Rubric
) -> None:
    ids = _plan(engine, tiny)
    draft = card("Anna", interviewer="Lena Ek", state="draft", ratings=((PEOPLE, 3, ""),))
    scorecards.save_scorecard(draft, actor=LENA, engine=engine, candidate_id=ids["Anna"],
                              search_id=ids["one"])  # fmt: skip
    assert _mine(LENA, engine)[0] == ("CTO, Acme", "Deep dive", "Anna", "draft", True)
    done = card("Anna", interviewer="Lena Ek", ratings=((PEOPLE, 4, "grew two leads"),))
    card_id = scorecards.save_scorecard(done, actor=LENA, engine=engine,
                                        candidate_id=ids["Anna"], search_id=ids["one"])  # fmt: skip
    assert [m[1:3] for m in _mine(LENA, engine)] == [
        ("Deep dive", "Bo"),
        ("Case", "Cecilia"),
        ("Panel", "Anna"),
    ]
    # one card, in the search, submitted; progress says so; Per's own interview is still open
    with transaction(engine, readonly=True) as session:
        rows = session.execute(select(Scorecard.id, Scorecard.search_id, Scorecard.state)).all()
    assert [tuple(r) for r in rows] == [(card_id, ids["one"], "submitted")]
    cells = svc.search_progress(ids["one"], actor=CLI, engine=engine, today=TODAY)
    states = {(c.candidate, c.interview, c.interviewer): c.state for c in cells}
    assert states[(ids["Anna"], ids["deep"], "Lena Ek")] == "submitted"
    assert states[(ids["Anna"], ids["deep"], "Per Holm")] == "not_started"
    assert _mine(PER, engine) == [("CTO, Acme", "Deep dive", "Anna", "not_started", True)]


@pytest.mark.parametrize(
    ("who", "search", "candidate", "message"),
    [
        # Per interviews Anna only; he is not on search 2; Cecilia is in search 2 only
        (PER, "one", "Bo", "candidate: you do not interview candidate {Bo} in search {one}"),
        (PER, "two", "Cecilia", "search: no search with id {two}"),
        (LENA, "one", "Cecilia", "candidate: candidate {Cecilia} is not in search {one}"),
        (LENA, "missing", "Anna", "search: no search with id 99"),
    ],
)
def test_saving_into_a_search_the_actor_may_not_file_into_writes_nothing(
    engine: Engine, tiny: Rubric, who: Actor, search: str, candidate: str, message: str
) -> None:
    ids = _plan(engine, tiny) | {"missing": 99}
    sheet = card(candidate, interviewer=who.name, ratings=((PEOPLE, 3, ""),))
    with pytest.raises(StoreError) as caught:
        scorecards.save_scorecard(sheet, actor=who, engine=engine, candidate_id=ids[candidate],
                                  search_id=ids[search])  # fmt: skip
    assert str(caught.value) == message.format(**ids)
    with transaction(engine, readonly=True) as session:
        assert session.scalars(select(Scorecard.id)).all() == []


def test_a_card_of_another_search_is_not_taken_over(engine: Engine, tiny: Rubric) -> None:
    # the search is part of a scorecard's identity: the same interview saved into another
    # search is a card of its own, and each search's card is found and changed in it alone
    ids = _plan(engine, tiny)
    svc.add_to_search(ids["two"], ids["Anna"], actor=CLI, engine=engine)
    svc.assign_interviewer(ids["case"], ids["Anna"], 4, actor=CLI, engine=engine)
    sheet = card("Anna", interviewer="Lena Ek", state="draft", ratings=((PEOPLE, 3, ""),))
    first = scorecards.save_scorecard(sheet, actor=LENA, engine=engine, candidate_id=ids["Anna"],
                                      search_id=ids["two"])  # fmt: skip
    other = card("Anna", interviewer="Lena Ek", state="draft", ratings=((PEOPLE, 5, ""),))
    second = scorecards.save_scorecard(other, actor=LENA, engine=engine, candidate_id=ids["Anna"],
                                       search_id=ids["one"])  # fmt: skip
    assert second != first
    with transaction(engine, readonly=True) as session:
        assert session.execute(
            select(Scorecard.id, Scorecard.search_id).order_by(Scorecard.id)
        ).all() == [(first, ids["two"]), (second, ids["one"])]
    found = {
        search: scorecards.own_scorecard(
            ids["Anna"],
            actor=LENA,
            engine=engine,
            interview_date=sheet.interview_date,
            interview_type=sheet.interview_type,
            search_id=ids[search],
        )
        for search in ("one", "two")
    }
    assert {k: v.ratings[0].rating for k, v in found.items() if v is not None} == {
        "one": 5,
        "two": 3,
    }


def test_the_kit_through_the_service(engine: Engine, tiny: Rubric) -> None:
    ids = _plan(engine, tiny)
    page = svc.interview_kit(ids["one"], ids["deep"], actor=LENA, engine=engine, rubric=tiny,
                             lang="sv", candidate_id=ids["Anna"])  # fmt: skip
    assert "<h1>Intervjuunderlag: Deep dive</h1>" in page
    assert "<tr><td>Kandidat</td><td>Anna</td></tr>" in page
    order = [page.index(f'id="{c}"') for c in (PEOPLE, HANDS_ON, VISION)]
    assert order == sorted(order)
    # not in the search's plan, a candidate the interviewer does not interview, another search
    with pytest.raises(StoreError, match=r"^interview: no interview with id \d+ in search \d+$"):
        svc.interview_kit(ids["one"], ids["case"], actor=CLI, engine=engine, rubric=tiny)
    with pytest.raises(StoreError, match=r"^candidate: candidate \d+ is not in search \d+$"):
        svc.interview_kit(ids["one"], ids["deep"], actor=PER, engine=engine, rubric=tiny,
                          candidate_id=ids["Bo"])  # fmt: skip
    with pytest.raises(StoreError, match=r"^search: no search with id \d+$"):
        svc.interview_kit(ids["two"], ids["case"], actor=PER, engine=engine, rubric=tiny)


def test_search_kit_on_the_command_line(tmp_path: Path, tiny: Rubric) -> None:
    url = f"sqlite:///{tmp_path / 'kit.db'}"
    engine = open_database(url)
    ids = _plan(engine, tiny)
    engine.dispose()
    rubric = str(write_tiny_rubric(tmp_path / "rubric"))
    out = run(["search", "kit", str(ids["one"]), str(ids["deep"]), "--db", url,
               "--rubric", rubric])  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert out.stdout == svc.interview_kit(
        ids["one"], ids["deep"], actor=CLI, engine=open_database(url), rubric=tiny
    )
    target = tmp_path / "kit-sv.html"
    out = run(["search", "kit", str(ids["one"]), str(ids["panel"]), "--lang", "sv",
               "--candidate", str(ids["Bo"]), "--out", str(target), "--db", url,
               "--rubric", rubric])  # fmt: skip
    assert (out.exit_code, out.stdout) == (
        0,
        f"search {ids['one']}: interview {ids['panel']}'s kit written to {target}\n",
    )
    written = target.read_text(encoding="utf-8")
    assert "<h1>Intervjuunderlag: Panel</h1>" in written
    assert "<tr><td>Kandidat</td><td>Bo</td></tr>" in written
    for args, message in (
        (["1", "3"], "interview: no interview with id 3 in search 1\n"),
        (["7", "1"], "search: no search with id 7\n"),
        (["1", "1", "--candidate", "3"], "candidate: candidate 3 is not in search 1\n"),
    ):
        bad = run(["search", "kit", *args, "--db", url, "--rubric", rubric])
        assert (bad.exit_code, bad.stdout, bad.stderr) == (1, "", message)
    bad = run(["search", "kit", "1", "1", "--lang", "de", "--db", url, "--rubric", rubric])
    assert bad.exit_code == 2


def test_team_choices_are_for_whoever_manages_the_search(engine: Engine, tiny: Rubric) -> None:
    ids = _plan(engine, tiny)
    names = ["Alva Admin", "Hans Chef", "Lena Ek", "Per Holm", "Rita Rekryterare"]
    for who in (CLI, ADMIN, RECRUITER):
        got = svc.team_choices(ids["one"], actor=who, engine=engine)
        assert [c.name for c in got] == names
    assert svc.team_choices(ids["one"], actor=RECRUITER, engine=engine)[0] == svc.TeamChoice(
        1, "Alva Admin", "alva@example.com"
    )
    # a hiring manager on the search may not change its team; an interviewer elsewhere sees none
    with pytest.raises(PermissionDenied):
        svc.team_choices(ids["one"], actor=MANAGER, engine=engine)
    with pytest.raises(StoreError, match=r"^search: no search with id \d+$"):
        svc.team_choices(ids["two"], actor=PER, engine=engine)
