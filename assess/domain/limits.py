"""Limits and character rules for incoming text and files, declared once for every path in."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Lengths in characters. Each is at most what its column holds (assess/storage/db.py), so
# PostgreSQL's `varchar(n)` never refuses a value that SQLite would have stored.
NAME_MAX: Final = 200  # candidates.name and current_title, scorecards.interviewer, interview_type
EMAIL_MAX: Final = 320  # candidates.email (RFC 5321: 64 + "@" + 255)
SOURCE_MAX: Final = 64  # candidates.source, scorecards.source
EXTERNAL_ID_MAX: Final = 128  # candidates.external_id, scorecards.external_id
COMPETENCY_MAX: Final = 64  # ratings.competency
# Text columns have no length in the database; these bound what one import may put there.
EVIDENCE_MAX: Final = 10_000  # ratings.evidence
NOTES_MAX: Final = 50_000  # scorecards.notes, candidates.notes
# A Greenhouse note or answer as HTML, before it is reduced to text (markup makes it longer).
HTML_MAX: Final = 200_000

# What a file may be before it is parsed at all.
FILE_MAX_BYTES: Final = 64 * 1024 * 1024  # an import file (CSV, JSON) or an upload
YAML_MAX_BYTES: Final = 4 * 1024 * 1024  # a rubric or mapping YAML file
JSON_MAX_DEPTH: Final = 32  # arrays/objects inside each other; a Harvest export needs 5
YAML_MAX_DEPTH: Final = 32  # the rubric needs 6
NUMBER_MAX_DIGITS: Final = 20  # digits of a JSON integer (a 64-bit id has 19)

# Bidirectional controls make text display in another order than it is stored ("Trojan
# Source"): embeddings and overrides, isolates, the marks LRM/RLM and the Arabic letter mark.
BIDI_CONTROLS: Final[frozenset[str]] = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
# Control characters evidence and notes may hold; one-line fields (names, emails) hold none.
TEXT_CONTROLS: Final[frozenset[str]] = frozenset({"\n", "\t"})
# Letters and symbols that draw nothing (Unicode calls them letters, so categories miss them).
_BLANK_GLYPHS: Final[frozenset[str]] = frozenset(
    {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}
)
# Categories that draw nothing on their own: format (zero-width space, joiners, BOM),
# combining marks without a base, separators, controls.
_INVISIBLE_CATEGORIES: Final[frozenset[str]] = frozenset({"Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc"})


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _refused(controls_allowed: str) -> re.Pattern[str]:
    """One character class of everything `character_problem` refuses: the bidirectional
    controls, category Cc (U+0000-U+001F, U+007F-U+009F; fixed by Unicode's stability policy)
    but for `controls_allowed`, category Cs (U+D800-U+DFFF)."""
    controls = "".join(
        re.escape(chr(c))
        for c in [*range(0x20), *range(0x7F, 0xA0)]
        if chr(c) not in controls_allowed
    )
    bidi = "".join(re.escape(ch) for ch in sorted(BIDI_CONTROLS))
    return re.compile(f"[{controls}{bidi}\ud800-\udfff]")


# Scanning in C instead of a category look-up per character: every imported name, email and
# evidence text passes through here (twice), which made it the slowest step of a large import.
_REFUSED_LINE: Final = _refused("")
_REFUSED_TEXT: Final = _refused("".join(sorted(TEXT_CONTROLS)))
# A printable ASCII character other than the space is always visible.
_ASCII_VISIBLE: Final = re.compile("[!-~]")


def character_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` would mislead a reader or break a database, or None when it is fine.

    Refused: a bidirectional control; a control character (NUL included; `multiline` text may
    keep line feeds and tabs); an unpaired surrogate (not encodable as UTF-8). The message names
    the first such character and its position (1 = the first character).
    """
    found = (_REFUSED_TEXT if multiline else _REFUSED_LINE).search(text)
    if found is None:
        return None
    ch, pos = found.group(), found.start() + 1
    if ch in BIDI_CONTROLS:
        return f"must not contain the bidirectional control {_code(ch)} (character {pos})"
    if unicodedata.category(ch) == "Cc":
        return f"must not contain the control character {_code(ch)} (character {pos})"
    return f"must not contain the unpaired surrogate {_code(ch)} (character {pos})"


def has_visible(text: str) -> bool:
    """True when `text` shows at least one character (not only spaces, zero-width characters,
    combining marks or blank letters)."""
    if _ASCII_VISIBLE.search(text):
        return True
    return any(
        ch not in _BLANK_GLYPHS and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
        for ch in text
    )


def line_problem(text: str, *, limit: int) -> str | None:
    """The problem of a one-line field (name, email, id): too long, misleading or blank."""
    if len(text) > limit:
        return f"must be at most {limit} characters, got {len(text)}"
    problem = character_problem(text)
    if problem is not None:
        return problem
    if text and not has_visible(text):
        return "has no visible character"
    return None


def text_problem(text: str, *, limit: int) -> str | None:
    """The problem of a multi-line text (evidence, notes): too long or misleading."""
    if len(text) > limit:
        return f"must be at most {limit} characters, got {len(text)}"
    return character_problem(text, multiline=True)


# The candidate fields a person types (the app's form) and their rules; names are checked by
# `line_problem(name, limit=NAME_MAX)` after the emptiness check of their own.
CANDIDATE_TEXT: Final[dict[str, tuple[bool, int]]] = {  # field -> (multi-line, limit)
    "email": (False, EMAIL_MAX),
    "current_title": (False, NAME_MAX),
    "source": (False, SOURCE_MAX),
    "external_id": (False, EXTERNAL_ID_MAX),
    "notes": (True, NOTES_MAX),
}


def candidate_problem(field: str, value: str) -> str | None:
    """The problem of one candidate field of CANDIDATE_TEXT, or None."""
    multiline, limit = CANDIDATE_TEXT[field]
    if multiline:
        return text_problem(value, limit=limit)
    return line_problem(value, limit=limit)
