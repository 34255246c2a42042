"""User text inside Streamlit Markdown (messages, toasts, confirmations) shown as typed."""

from __future__ import annotations

import re
import string
from typing import Final

from assess.domain.i18n import t

# CommonMark lets a backslash precede any ASCII punctuation and then shows the character
# itself; that also stops Streamlit's :colour[...] directives, :emoji: codes, $LaTeX$ and
# HTML tags, whose markers are all ASCII punctuation.
_MARKUP: Final = re.compile("([" + re.escape(string.punctuation) + "])")
# GFM turns bare URLs and email addresses into links after escapes are read, so a backslash
# cannot stop it; an invisible word joiner (U+2060) inside "http:", "www." and before "@"
# can, and the text still reads the same.
_AUTOLINK: Final = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(?=:)|\b(www)(?=\.)|(?=@)")
WORD_JOINER: Final = "\u2060"


def md(text: str) -> str:
    """`text` as Markdown that renders exactly `text`: every ASCII punctuation character is
    backslash-escaped, URLs and email addresses are kept from becoming links, and line breaks
    stay line breaks."""
    unlinked = _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, text)
    return _MARKUP.sub(r"\\\1", unlinked).replace("\n", "  \n")


def t_md(key: str, lang: str, **values: object) -> str:
    """The message `key` with every text value escaped by `md` (numbers as they are), for a
    Markdown-rendering element; the message itself may use Markdown."""
    return t(key, lang, **{k: md(v) if isinstance(v, str) else v for k, v in values.items()})
