"""Where each mapping of a YAML text is written: its style, and where each of its values starts and ends.

`make accept` and `make review` change a file by splicing text at these places, so every other byte stays
as the editor wrote it. Offsets are in characters of the text as given (line breaks as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .loader import child_path

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Value:
    """One value of a mapping, as written."""

    key_end: int  # just after the key
    start: int
    end: int  # just after its last character that is not a trailing line break or blank line
    after: int  # where a line written after it starts: the next line, or the text's end
    kind: str  # "scalar", "flow" ([...] or {...}) or "block" (a mapping or list of lines)
    empty: bool = False  # nothing written after the key's ':'


@dataclass(frozen=True)
class Mapping:
    flow: bool
    column: int  # of its keys, when written in block style
    values: dict[str, Value] = field(default_factory=dict)


def mapping_spans(text: str) -> dict[str, Mapping]:
    """Every mapping of the (one-document, valid) YAML ``text``, by its data path."""
    found: dict[str, Mapping] = {}
    events = iter(yaml.parse(text, Loader=_FAST_LOADER))
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            _node(text, next(events), events, "", found)
            break
    return found


def _node(text: str, event: Any, events: Any, path: str, found: dict[str, Mapping]) -> tuple[int, int, str]:
    """Read the node that ``event`` starts: its (end, after, kind), recording the mappings in it."""
    if isinstance(event, yaml.ScalarEvent):
        return _scalar_end(text, event)
    flow, opened = bool(event.flow_style), event.start_mark
    mapping = Mapping(flow, opened.column) if isinstance(event, yaml.MappingStartEvent) else None
    if mapping is not None:
        found[path] = mapping
    end, after, index = opened.index, opened.index, 0
    while not isinstance(inner := next(events), yaml.MappingEndEvent | yaml.SequenceEndEvent):
        if mapping is not None:
            key = inner.value
            value_event = next(events)
            end, after, kind = _node(text, value_event, events, child_path(path, key), found)
            empty = isinstance(value_event, yaml.ScalarEvent) and not value_event.value and not value_event.style
            start = value_event.start_mark.index
            mapping.values[key] = Value(inner.end_mark.index, start, end, after, kind, empty)
        else:
            end, after, _ = _node(text, inner, events, child_path(path, index), found)
            index += 1
    if flow:
        closed: Any = inner.end_mark
        return closed.index, _next_line(text, closed.index), "flow"
    return end, after, "block"


def _scalar_end(text: str, event: Any) -> tuple[int, int, str]:
    start, end = event.start_mark.index, event.end_mark.index
    if event.style in ("|", ">"):
        header = _BLOCK_HEADER.match(text, start)
        trimmed = start + len(text[start:end].rstrip())
        if header and "+" in header[0]:  # kept trailing line breaks are part of the text
            return trimmed, end, "scalar"
        return trimmed, _next_line(text, trimmed), "scalar"
    return end, _next_line(text, end), "scalar"


def _next_line(text: str, at: int) -> int:
    found = _LINE_END.search(text, at)
    return found.end() if found else len(text)
