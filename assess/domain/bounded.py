"""JSON and YAML parsing with the limits of domain/limits.py checked before Python recurses."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import yaml

from assess.domain import limits


class TooDeep(ValueError):
    """A document nested deeper than its limit; `line` and `column` (1-based) say where."""

    def __init__(self, limit: int, line: int, column: int) -> None:
        super().__init__(f"nested more than {limit} levels deep")
        self.limit, self.line, self.column = limit, line, column


@dataclass(frozen=True)
class LongNumber:
    """A JSON integer with more digits than NUMBER_MAX_DIGITS, kept unconverted: Python refuses
    to convert one of over 4,300 digits, and no id or rating needs more than 20."""

    digits: int


# Escapes are blanked first (a backslash and the byte after it), so that a string is then just
# quote, no quote, quote: both passes stay linear whatever the text (no backtracking into
# escaped quotes, at most one unterminated string scanned to the end).
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_JSON_STRING = re.compile(rb'"[^"]*"')
_OPEN, _CLOSE = frozenset(b"[{"), frozenset(b"]}")
_CHUNK = 1 << 20


def _blank(match: re.Match[bytes]) -> bytes:
    # same length, so offsets still point into the original text
    return b'"' + b" " * (len(match.group()) - 2) + b'"'


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def json_depth_check(text: str, limit: int = limits.JSON_MAX_DEPTH) -> None:
    """Raise TooDeep at the first `[` or `{` that opens level `limit + 1` (strings skipped).

    json.loads recurses once per level, so 100,000 nested arrays end in RecursionError; this
    counts brackets first, a megabyte at a time with numpy, in memory of that size.
    """
    if text.count("[") + text.count("{") <= limit:
        return
    data = text.encode("utf-8", errors="surrogatepass")
    structure = _JSON_STRING.sub(_blank, _ESCAPE.sub(b"  ", data))
    table = np.zeros(256, dtype=np.int8)
    table[list(_OPEN)] = 1
    table[list(_CLOSE)] = -1
    depth = 0
    for begin in range(0, len(structure), _CHUNK):
        chunk = np.frombuffer(
            structure, dtype=np.uint8, count=min(_CHUNK, len(structure) - begin), offset=begin
        )
        levels = np.cumsum(table[chunk], dtype=np.int64) + depth
        over = np.flatnonzero(levels > limit)
        if len(over):
            raise TooDeep(limit, *_position(data, begin + int(over[0])))
        depth = int(levels[-1])


def _int(text: str) -> int | LongNumber:
    digits = len(text.lstrip("-"))
    return LongNumber(digits) if digits > limits.NUMBER_MAX_DIGITS else int(text)


def load_json(text: str) -> Any:
    """json.loads within the limits: TooDeep for deep nesting, LongNumber for huge integers;
    json.JSONDecodeError for text that is not JSON."""
    json_depth_check(text)
    return json.loads(text, parse_int=_int)


def yaml_depth_check(text: str, limit: int = limits.YAML_MAX_DEPTH) -> None:
    """Raise TooDeep at the first mapping or list that opens level `limit + 1`.

    PyYAML's parser yields events from an explicit stack; only building the document recurses,
    so the events are counted first. yaml.YAMLError for text that is not YAML.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                mark = event.start_mark
                line, column = (0, 0) if mark is None else (mark.line, mark.column)
                raise TooDeep(limit, line + 1, column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
