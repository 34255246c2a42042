"""The interview kit: its exact text in English and Swedish, user text escaped, print layout."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import HTML_NAME, write_tiny_rubric

from assess.domain.kit import KitInterview, interview_kit_html, kit_file_name
from assess.domain.rubric import Rubric, load_rubric


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(Path(tmp_path_factory.mktemp("rubric"))))


class _Text(HTMLParser):
    """The text a reader sees, one string per text node (the style sheet and title left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.lines.append(data.strip())


def visible(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return parser.lines


KIT = KitInterview(
    search_title="CTO, Acme",
    client="Acme AB",
    name="Deep dive",
    kind="technical",
    focus=("people_leadership", "hands_on_engineering"),
    date=dt.date(2026, 11, 2),
    candidate="Anna Berg",
)


def _section_en(n: int, name: str) -> list[str]:
    return [
        f"{n} of 2", name, f"About {name}.", "Questions to ask", "Tell me about it.",
        "What went wrong?", "Level descriptions",
        "1 · Level 1", "Anchor 1.", "2 · Level 2", "Anchor 2.", "3 · Level 3", "Anchor 3.",
        "4 · Level 4", "Anchor 4.", "5 · Level 5", "Anchor 5.",
        "Notes and evidence", "Rating:", "☐ 1", "☐ 2", "☐ 3", "☐ 4", "☐ 5", "☐ not assessed",
    ]  # fmt: skip


def _section_sv(n: int, name: str, en_name: str) -> list[str]:
    return [
        f"{n} av 2", name, f"About {en_name}. (sv)", "Frågor att ställa",
        "Tell me about it. (sv)", "What went wrong? (sv)", "Nivåbeskrivningar",
        "1 · Level 1 (sv)", "Anchor 1. (sv)", "2 · Level 2 (sv)", "Anchor 2. (sv)",
        "3 · Level 3 (sv)", "Anchor 3. (sv)", "4 · Level 4 (sv)", "Anchor 4. (sv)",
        "5 · Level 5 (sv)", "Anchor 5. (sv)",
        "Anteckningar och belägg", "Betyg:", "☐ 1", "☐ 2", "☐ 3", "☐ 4", "☐ 5", "☐ ej bedömd",
    ]  # fmt: skip


EXPECTED = {
    "en": [
        "Interview kit: Deep dive", "Technical · CTO, Acme · Acme AB",
        "Search", "CTO, Acme", "Client", "Acme AB", "Interview", "Deep dive",
        "Interview type", "Technical", "Date", "2026-11-02", "Candidate", "Anna Berg",
        "Interviewer",
        "Ask the questions, write down what the candidate did and said, then rate each "
        "competency 1-5 against its level descriptions, on your own, before any debrief. "
        "Leave a competency not assessed when the interview showed no evidence of it.",
        *_section_en(1, "People leadership"),
        *_section_en(2, "Hands-on engineering"),
        "CTO Assess · interview kit · 2 focus competencies",
    ],
    "sv": [
        "Intervjuunderlag: Deep dive", "Teknisk · CTO, Acme · Acme AB",
        "Rekrytering", "CTO, Acme", "Kund", "Acme AB", "Intervju", "Deep dive",
        "Intervjutyp", "Teknisk", "Datum", "2026-11-02", "Kandidat", "Anna Berg",
        "Intervjuare",
        "Ställ frågorna, skriv ner vad kandidaten gjort och sagt och bedöm sedan varje "
        "kompetens 1-5 mot nivåbeskrivningarna, på egen hand, före varje avstämning. Lämna en "
        "kompetens ej bedömd när intervjun inte gav några belägg för den.",
        *_section_sv(1, "Personalledarskap", "People leadership"),
        *_section_sv(2, "Praktiskt ingenjörsarbete", "Hands-on engineering"),
        "CTO Assess · intervjuunderlag · 2 fokuskompetenser",
    ],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_kit_reads_exactly_so(tiny: Rubric, lang: str) -> None:
    assert visible(interview_kit_html(KIT, tiny, lang)) == EXPECTED[lang]


def test_without_a_candidate_or_date_the_kit_leaves_them_blank_to_fill_in(tiny: Rubric) -> None:
    page = interview_kit_html(
        KitInterview("CTO, Acme", "", "Deep dive", "board talk", ("tech_vision",)), tiny
    )
    lines = visible(page)
    # an interview type of the plan's own is kept as written; no client, no date, no candidate
    assert lines[:9] == [
        "Interview kit: Deep dive", "board talk · CTO, Acme", "Search", "CTO, Acme", "Client",
        "Interview", "Deep dive", "Interview type", "board talk",
    ]  # fmt: skip
    assert lines[9:12] == ["Date", "Candidate", "Interviewer"]
    assert lines[12].startswith("Ask the questions")
    assert page.count('<td class="blank"></td>') == 4


def test_user_text_is_escaped(tiny: Rubric) -> None:
    hostile = "<script>alert(1)</script>"
    page = interview_kit_html(
        KitInterview(
            search_title=HTML_NAME,
            client='Acme "&" Co',
            name=hostile,
            kind="<b>case</b>",
            focus=("tech_vision",),
            candidate="<img src=x onerror=alert(1)>",
        ),
        tiny,
    )
    assert "<script" not in page
    assert "<img" not in page and "<a href" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Acme &quot;&amp;&quot; Co" in page
    # and read back, every text is what was typed
    lines = visible(page)
    assert f"Interview kit: {hostile}" in lines
    assert HTML_NAME in lines and "<img src=x onerror=alert(1)>" in lines


def test_the_kit_prints_one_competency_a_page_and_needs_nothing_else(tiny: Rubric) -> None:
    page = interview_kit_html(KIT, tiny)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert "@media print" in page
    assert ".competency { break-before: page; page-break-before: always;" in page
    assert page.count('<section class="competency"') == 2
    assert page.count('<div class="notes"></div>') == 2
    # self-contained: no script, no style sheet or image from elsewhere
    for outside in ("<script", "<link", "src=", "http://", "https://"):
        assert outside not in page


def test_the_shipped_rubric_kit_shows_the_focus_in_the_plans_order() -> None:
    rubric = load_rubric()
    focus = ("security_compliance", "tech_vision", "people_leadership")
    kit = KitInterview("CTO", "", "Panel", "leadership", focus)
    lines = visible(interview_kit_html(kit, rubric, "sv"))
    names = [rubric.competency(c).name.get("sv") for c in focus]
    assert [line for line in lines if line in names] == names
    vision = rubric.competency("tech_vision")
    start = lines.index(vision.name.sv)
    assert lines[start + 1] == vision.description.sv
    assert lines[start + 3 : start + 6] == [q.sv for q in vision.questions]


def test_the_file_name() -> None:
    assert kit_file_name(3, 7, "sv") == "interview-kit-3-7-sv.html"
