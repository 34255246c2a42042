"""User text inside Streamlit Markdown (messages, toasts, confirmations) shown as typed."""

from __future__ import annotations

import re
from typing import Final

from assess.domain.i18n import t

WORD_JOINER: Final = "\u2060"
# Only what could start markup is escaped, so a plain sentence ("scorecard[0].id: must be ...")
# stays as it is. A backslash before ASCII punctuation shows the character itself (CommonMark).
_MARKUP: Final = re.compile(
    r"[\\*~|$]"  # escapes, emphasis, strikethrough, tables, LaTeX
    r"|(?<![^\W_])_|_(?![^\W_])"  # underscores that are not inside a word
    r"|\](?=[(\[:])"  # the end of a link, image, reference or footnote
    r"|<(?=[A-Za-z/!?])"  # HTML tags and comments
    r"|&(?=#?[A-Za-z0-9]+;)"  # HTML entities
    r"|:(?=[\w+-]+[:\[]|material/)"  # Streamlit's :red[...], :emoji: and :material/icon:
    # at a line start: a quote, a heading, a list item, a rule or a setext underline
    r"|(?:^|(?<=\n)) {0,3}(?:>|#|[-+=](?=[-+= \t]|$))"
)
# GFM turns bare URLs and email addresses into links whatever their escapes, so an invisible
# word joiner goes inside "http:", "www." and before "@"; the text still reads the same.
_AUTOLINK: Final = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|(?=@)")
# A code span shows its content as it is, so spans are kept (a command in a message stays code).
_CODE_SPAN: Final = re.compile(r"`[^`\n]+`")


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if found == ":":
        # :emoji: and :material/icon: are found in the text after escapes are read: a word
        # joiner after the colon breaks the pattern, the backslash stops a :directive[...]
        return "\\:" + WORD_JOINER
    stripped = found.lstrip(" ")
    return found[: len(found) - len(stripped)] + "\\" + stripped


# "1. " or "1) " at a line start is an ordered list; the dot or parenthesis gets the escape.
_LIST_NUMBER: Final = re.compile(r"(?:^|(?<=\n))( {0,3}\d{1,9})([.)])(?=[ \t]|$)")


def _plain(text: str) -> str:
    unlinked = _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, text)
    escaped = _MARKUP.sub(_escape, unlinked)
    return _LIST_NUMBER.sub(r"\1\\\2", escaped)


def md(text: str) -> str:
    """`text` as Markdown that renders exactly `text`: whatever could start Markdown, HTML,
    LaTeX or a Streamlit directive is backslash-escaped, URLs and email addresses are kept
    from becoming links, code spans stay code, and line breaks stay line breaks."""
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        out += [_plain(text[last : span.start()]), span.group()]
        last = span.end()
    out.append(_plain(text[last:]))
    return "".join(out).replace("\n", "  \n")


def t_md(key: str, lang: str, **values: object) -> str:
    """The message `key` with every text value escaped by `md` (numbers as they are), for a
    Markdown-rendering element; the message itself may use Markdown."""
    return t(key, lang, **{k: md(v) if isinstance(v, str) else v for k, v in values.items()})
