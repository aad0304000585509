"""YAML text -> plain data, with the line and column of every key and value.

Why not ``yaml.safe_load``: it keeps the last of two duplicate keys (losing the editor's text),
expands alias bombs, and resolves scalars by YAML 1.1 (``no`` -> False, ``2020-04-20`` -> date),
while the editors' tools (and the JSON Schema) read YAML 1.2. So we walk the parser's events
ourselves: plain scalars are resolved by the YAML 1.2 core schema, quoted ones are always text,
anchors/aliases/tags are refused, and each value remembers where it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem, describe_path

MAX_FILE_BYTES = 64 * 1024 * 1024  # the 5,000-initiative benchmark file is about 25 MB
MAX_DEPTH = 32

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_DEC = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_STR_TAGS = {"!", "tag:yaml.org,2002:str"}

Position = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True)
class Locations:
    """Where each value (and each mapping key) was written, by data path."""

    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # source text of plain scalars that are not text

    def of(self, path: str, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        while True:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = parent_path(path)


@dataclass(frozen=True)
class LocatedDocument:
    file: str
    data: Any
    locations: Locations
    text: str

    def problem(self, path: str, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.locations.of(path, key=key)
        where = describe_path(self.data, path)
        return Problem(self.file, line, column, path, message, severity, where)  # type: ignore[arg-type]


def child_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def parent_path(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def load_file(path: Path, display_name: str | None = None) -> LocatedDocument:
    name = display_name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError([Problem(name, 1, 1, "", f"cannot read the file: {error.strerror}")]) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, file: str) -> LocatedDocument:
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (64 MiB): "
                    "split it or remove unused text",
                )
            ]
        )
    text = _decode_utf8(raw, file)
    return load_text(text, file)


def load_text(text: str, file: str) -> LocatedDocument:
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark, as some Windows editors write it
    builder = _Builder(file)
    try:
        data = builder.build(_FAST_LOADER(text))
    except yaml.MarkedYAMLError:
        raise DataError([_syntax_problem(text, file)]) from None
    except yaml.YAMLError as error:  # errors without a position (rare)
        raise DataError([Problem(file, 1, 1, "", f"YAML error: {error}")]) from None
    if builder.problems:
        raise DataError(replace(problem, where=describe_path(data, problem.path)) for problem in builder.problems)
    return LocatedDocument(file, data, builder.locations, text)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _decode_utf8(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        bad = raw[error.start : error.start + 1].hex()
        raise DataError(
            [
                Problem(
                    file,
                    line,
                    column,
                    "",
                    f"the file is not valid UTF-8 (byte 0x{bad}); save it with the UTF-8 encoding",
                )
            ]
        ) from None


def _syntax_problem(text: str, file: str) -> Problem:
    # The pure-Python parser gives the same verdict as the C one, with messages we can explain.
    try:
        for _ in yaml.parse(text, Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as error:
        problem = _explain_syntax_error(error, file)
        return _unclosed_quote_before(text, problem) or problem
    return Problem(file, 1, 1, "", "YAML syntax error")


_QUOTED_VALUE = re.compile(r'^\s*(?:- )?(?:[\w.-]+: )?(")')


def _unclosed_quote_before(text: str, problem: Problem) -> Problem | None:
    """A quoted value left open swallows the following lines, so YAML fails further down; point at it."""
    for number, line in enumerate(text.splitlines()[: problem.line], start=1):
        match = _QUOTED_VALUE.match(line)
        if match and (line.count('"') - line.count('\\"')) % 2 == 1:
            return Problem(
                problem.file,
                number,
                match.start(1) + 1,
                "",
                f"this quotation mark is never closed (YAML reads on to line {problem.line}): "
                "add the closing quotation mark",
            )
    return None


def _explain_syntax_error(error: yaml.MarkedYAMLError, file: str) -> Problem:
    problem = error.problem or "syntax error"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    assert mark is not None
    if "'\\t'" in problem or "\t" in problem:
        message = "a tab character here: YAML indentation must use spaces, not tabs"
    elif "quoted scalar" in context and "end of stream" in problem and error.context_mark is not None:
        mark = error.context_mark
        message = "this quotation mark is never closed: add the closing quotation mark"
    elif "quoted scalar" in context:
        message = f"inside quoted text: {problem}; check the quotation marks"
    elif "mapping values are not allowed" in problem:
        message = "unexpected ':' here: check the indentation of this line, or put text that contains ': ' in quotes"
    elif "expected <block end>" in problem or "did not find expected" in problem or "expected ':'" in problem:
        message = "bad indentation or a missing ':' here: align this line with the keys above it"
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(file, mark.line + 1, mark.column + 1, "", message)


class _Builder:
    """Builds plain Python data from parser events, recording positions and problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.locations = Locations()
        self.problems: list[Problem] = []

    def build(self, parser: Any) -> Any:
        # The parser's own peek_event/get_event (written in C for libyaml) walk the events without
        # the cost of a Python generator around them.
        stream = _Events(parser)
        stream.expect(yaml.StreamStartEvent)
        if isinstance(stream.peek(), yaml.StreamEndEvent):
            self._problem_at(1, 1, "", "the file is empty: it must contain source, themes and initiatives")
            return None
        stream.expect(yaml.DocumentStartEvent)
        data = self._node(stream, "", 0)
        stream.expect(yaml.DocumentEndEvent)
        extra = stream.peek()
        if isinstance(extra, yaml.DocumentStartEvent):
            self._problem_mark(
                extra.start_mark, "", "a second YAML document ('---') starts here: keep one document per file"
            )
        return data

    def _node(self, stream: _Events, path: str, depth: int) -> Any:
        event = stream.next()
        self.locations.values[path] = _position(event.start_mark)
        if depth > MAX_DEPTH:
            self._problem_mark(event.start_mark, path, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(event, yaml.AliasEvent):
            self._problem_mark(event.start_mark, path, _ANCHOR_MESSAGE)
            return None
        if getattr(event, "anchor", None):
            self._problem_mark(event.start_mark, path, _ANCHOR_MESSAGE)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            self._refuse_tag(event, path)
            items: list[Any] = []
            while not isinstance(stream.peek(), yaml.SequenceEndEvent):
                items.append(self._node(stream, child_path(path, len(items)), depth + 1))
            stream.next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            self._refuse_tag(event, path)
            return self._mapping(stream, path, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")

    def _mapping(self, stream: _Events, path: str, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not isinstance(stream.peek(), yaml.MappingEndEvent):
            key_event = stream.next()
            if not isinstance(key_event, yaml.ScalarEvent):
                self._problem_mark(key_event.start_mark, path, "a key must be a plain word such as 'title'")
                self._skip_rest_of_node(stream, key_event)
                self._node(stream, path + ".?", depth + 1)
                continue
            key = key_event.value
            child = child_path(path, key)
            if key in mapping:
                first_line, first_column = self.locations.keys[child]
                self._problem_mark(
                    key_event.start_mark,
                    child,
                    f"duplicate key '{key}': it is also written at line {first_line}, column {first_column}; "
                    "keep one of them (YAML would silently drop the first)",
                )
                self._node(stream, child + "#duplicate", depth + 1)
                continue
            self.locations.keys[child] = _position(key_event.start_mark)
            mapping[key] = self._node(stream, child, depth + 1)
        stream.next()
        return mapping

    def _skip_rest_of_node(self, stream: _Events, start: yaml.Event) -> None:
        level = 1
        while level and not isinstance(start, yaml.ScalarEvent | yaml.AliasEvent):
            event = stream.next()
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                level += 1
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                level -= 1

    def _scalar(self, event: yaml.ScalarEvent, path: str) -> Any:
        if event.tag is not None and event.tag not in _STR_TAGS and not event.implicit[0]:
            self._problem_mark(event.start_mark, path, _tag_message(event.tag))
            return event.value
        if event.style or event.tag in _STR_TAGS:  # plain style is None (Python) or "" (libyaml)
            return event.value
        value = resolve_plain_scalar(event.value)
        if not isinstance(value, str):
            self.locations.raw[path] = event.value
        return value

    def _refuse_tag(self, event: yaml.CollectionStartEvent, path: str) -> None:
        if event.tag is not None and not event.implicit:
            self._problem_mark(event.start_mark, path, _tag_message(event.tag))

    def _problem_mark(self, mark: Any, path: str, message: str) -> None:
        self._problem_at(mark.line + 1, mark.column + 1, path, message)

    def _problem_at(self, line: int, column: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, column, path.split("#")[0], message))


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tags such as '{shown}' are not supported: remove it"


_ANCHOR_MESSAGE = "anchors (&name) and aliases (*name) are not supported: write the value out in full"


def resolve_plain_scalar(value: str) -> Any:
    """Resolve an unquoted scalar as YAML 1.2's core schema does (so ``no`` stays text)."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT_DEC.match(value):
        return int(value, 10)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) or _FLOAT_SPECIAL.match(value):
        return float(value.replace(".", "", 1) if _FLOAT_SPECIAL.match(value) else value)
    return value


def _position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


class _Events:
    def __init__(self, parser: Any) -> None:
        self.peek = parser.peek_event
        self.next = parser.get_event

    def expect(self, kind: type[yaml.Event]) -> yaml.Event:
        event = self.next()
        assert isinstance(event, kind), f"expected {kind.__name__}, got {event!r}"
        return event
