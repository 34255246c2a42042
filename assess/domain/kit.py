"""The interview kit: one interview's focus competencies as a self-contained HTML page to print."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from assess.domain.i18n import t
from assess.domain.rubric import Competency, Rubric
from assess.domain.vocab import INTERVIEW_TYPES

# On screen a readable column; on paper the facts make a cover page and every competency a page
# of its own, its notes box keeping room for an interviewer to write by hand.
KIT_CSS: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 860px; color: #222; line-height: 1.4; }
h1 { margin-bottom: .2em; } h2 { margin: 0 0 .3em; } h3 { margin: 1em 0 .3em; font-size: 1em; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .6em 0; font-size: 14px; width: 100%; }
th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
.facts td:first-child { font-weight: 600; width: 12em; }
.facts td.blank { height: 1.6em; }
.levels th { width: 13em; }
.competency { margin-top: 2em; }
.definition { font-style: italic; }
.notes { border: 1px solid #bbb; height: 16em; }
.rating span { display: inline-block; margin-right: 1.4em; }
footer { color: #777; font-size: 12px; margin-top: 2em; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .competency { break-before: page; page-break-before: always; margin-top: 0; }
  .levels tr, .notes { break-inside: avoid; page-break-inside: avoid; }
  .notes { height: 12em; }
}
"""
BOX: Final = "\u2610"  # ☐, a box to tick on paper


@dataclass(frozen=True)
class KitInterview:
    """What the kit says about the interview: its search, name, kind, date, focus, and the
    candidate when it is printed for one assignment."""

    search_title: str
    client: str
    name: str
    kind: str
    focus: tuple[str, ...]
    date: dt.date | None = None
    candidate: str | None = None


def kind_label(kind: str, lang: str) -> str:
    """An interview type in words: the vocabulary's own in `lang`, any other kept as written."""
    return t(f"itype.{kind}", lang) if kind in INTERVIEW_TYPES else kind


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _facts(interview: KitInterview, lang: str) -> str:
    rows: list[tuple[str, str | None]] = [
        (t("kit.search", lang), interview.search_title),
        (t("kit.client", lang), interview.client),
        (t("kit.interview", lang), interview.name),
        (t("kit.kind", lang), kind_label(interview.kind, lang)),
        (t("kit.date", lang), interview.date.isoformat() if interview.date else None),
        (t("kit.candidate", lang), interview.candidate),
        # the interviewer writes their own name on the printed kit
        (t("kit.interviewer", lang), None),
    ]
    cells = []
    for label, value in rows:
        if value is None or not value.strip():
            cells.append(f'<tr><td>{_e(label)}</td><td class="blank"></td></tr>')
        else:
            cells.append(f"<tr><td>{_e(label)}</td><td>{_e(value)}</td></tr>")
    return '<table class="facts">\n' + "\n".join(cells) + "\n</table>"


def _competency(comp: Competency, rubric: Rubric, n: int, total: int, lang: str) -> str:
    labels = {lv.value: lv.label.get(lang) for lv in rubric.levels}
    questions = "\n".join(f"<li>{_e(q.get(lang))}</li>" for q in comp.questions)
    levels = "\n".join(
        f"<tr><th>{v} · {_e(labels.get(v, ''))}</th><td>{_e(comp.levels[v].get(lang))}</td></tr>"
        for v in (1, 2, 3, 4, 5)
    )
    boxes = " ".join(
        f"<span>{BOX} {_e(str(v))}</span>"
        for v in ("1", "2", "3", "4", "5", t("kit.not_assessed", lang))
    )
    return (
        f'<section class="competency" id="{_e(comp.id)}">\n'
        f'<p class="sub">{_e(t("kit.of", lang, n=n, total=total))}</p>\n'
        f"<h2>{_e(comp.name.get(lang))}</h2>\n"
        f'<p class="definition">{_e(comp.description.get(lang))}</p>\n'
        f"<h3>{_e(t('kit.questions', lang))}</h3>\n<ol>\n{questions}\n</ol>\n"
        f"<h3>{_e(t('kit.levels', lang))}</h3>\n"
        f'<table class="levels">\n{levels}\n</table>\n'
        f"<h3>{_e(t('kit.notes', lang))}</h3>\n"
        f'<div class="notes"></div>\n'
        f'<p class="rating"><strong>{_e(t("kit.rating", lang))}:</strong> {boxes}</p>\n'
        "</section>"
    )


def interview_kit_html(interview: KitInterview, rubric: Rubric, lang: str = "en") -> str:
    """The interview kit as one self-contained HTML document (no scripts, no outside files):
    the interview's facts, how to use the kit, then per focus competency, in the plan's order,
    its name, definition, questions, the five level anchors, room for notes and the rating to
    tick. Every text, the rubric's as well as the user's, is HTML-escaped."""
    comps: Sequence[Competency] = [rubric.competency(c) for c in interview.focus]
    title = t("kit.title", lang, name=interview.name)
    sub = " · ".join(
        part
        for part in (
            kind_label(interview.kind, lang),
            interview.search_title,
            interview.client,
        )
        if part.strip()
    )
    sections = "\n".join(
        _competency(c, rubric, n, len(comps), lang) for n, c in enumerate(comps, start=1)
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{KIT_CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_e(title)}</h1>\n"
        f'<p class="sub">{_e(sub)}</p>\n'
        f"{_facts(interview, lang)}\n"
        f"<p>{_e(t('kit.how', lang))}</p>\n</header>\n"
        f"{sections}\n"
        f"<footer>{_e(t('kit.footer', lang, count=len(comps)))}</footer>\n"
        "</body>\n</html>\n"
    )


def kit_file_name(search_id: int, interview_id: int, lang: str) -> str:
    """The download's file name, e.g. interview-kit-3-7-sv.html."""
    return f"interview-kit-{search_id}-{interview_id}-{lang}.html"
