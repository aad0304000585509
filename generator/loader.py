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

from .characters import describe, find_unpublishable
from .errors import DataError, Problem, describe_path

MAX_FILE_BYTES = 64 * 1024 * 1024  # the 5,000-initiative benchmark file is about 25 MB
MAX_DEPTH = 32
MAX_NUMBER_LENGTH = 100  # Python refuses integers of more than 4,300 digits; no number of the data comes close

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


def at_pattern(document: LocatedDocument, problem: Problem, pattern: re.Pattern[str]) -> Problem:
    """The problem at the first match of ``pattern`` in the text it is about, when the match is written on
    one line of the file; otherwise at the text itself."""
    lines = document.text.splitlines()
    for number in range(problem.line, min(problem.line + 40, len(lines)) + 1):
        line = lines[number - 1]
        start = problem.column - 1 if number == problem.line else 0
        found = pattern.search(line, start)
        if found:
            return replace(problem, line=number, column=found.start() + 1)
        if number > problem.line and re.match(r"\s*(?:- )?[A-Za-z_]+:(?:\s|$)", line):
            break  # the next field: the words are split across lines; keep the text's own position
    return problem


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
    _refuse_line_breaks_readers_disagree_on(text, file)
    _refuse_runaway_brackets(text, file)
    builder = _Builder(file, text)
    try:
        data = builder.build(_FAST_LOADER(text))
    except yaml.MarkedYAMLError as error:
        raise DataError([_with_where(text, _syntax_problem(text, file, error))]) from None
    except yaml.reader.ReaderError as error:
        raise DataError([_with_where(text, _reader_problem(text, file, error))]) from None
    except yaml.YAMLError as error:  # errors without a position (rare)
        raise DataError([Problem(file, 1, 1, "", f"YAML error: {error}")]) from None
    if builder.problems:
        raise DataError(replace(problem, where=describe_path(data, problem.path)) for problem in builder.problems)
    return LocatedDocument(file, data, builder.locations, text)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml's time grows with the square of the nesting depth (20,000 '[' take seconds, 100,000 take
# minutes), so brackets open that deep are refused before parsing. The data's own limit, MAX_DEPTH,
# is checked while building; this one only keeps a runaway file from stalling a build or the preview.
MAX_OPEN_BRACKETS = 2000
# What opens or closes a flow collection, a quoted or block scalar, a comment, a line.
_FLOW_TOKEN = re.compile(r"""[\[\]{}"'#|>\n]""")
_DASHES = re.compile(r" *(?:- +)*-")  # list items' dashes: a node may follow them
_BLOCK_INDICATOR = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")


def _refuse_runaway_brackets(text: str, file: str) -> None:
    """Refuse brackets opened deeper than MAX_OPEN_BRACKETS, counting only those that open flow
    collections: not a bracket in a quoted, plain or block scalar, nor in a comment."""
    depth, at, line_start, block_indent = 0, 0, 0, -1
    while match := _FLOW_TOKEN.search(text, at):
        token, start, at = match[0], match.start(), match.end()
        if token == "\n":
            line_start = at
            at, block_indent = _next_line(text, at, block_indent)
        elif token == "#":
            at = _line_end(text, at) if start == line_start or text[start - 1] in " \t" else at  # a comment
        elif token in "]}":
            depth = max(depth - 1, 0)
        elif not _starts_node(text, line_start, start, depth):
            continue  # inside a plain scalar: text
        elif token in "\"'":
            at = _end_of_quoted(text, at, token)
        elif token in "|>":
            if not depth and _BLOCK_INDICATOR.match(text, start, _line_end(text, at)):
                block_indent = _indentation(text[line_start:start])
        else:
            depth += 1
            if depth > MAX_OPEN_BRACKETS:
                raise _too_deep(text, file, start)


def _starts_node(text: str, line_start: int, at: int, depth: int) -> bool:
    """Whether a node may start at ``at`` (inside brackets when ``depth``), from what stands before it on its
    line. Looked at from ``at`` backwards, past the blanks only: a long line is not read again for each token."""
    end = at
    while end > line_start and text[end - 1] in (" \t" if depth else " "):
        end -= 1
    last = text[end - 1] if end > line_start else ""
    if depth:
        return last in ("", ",", "[", "{", ":")
    return last in ("", ":") or (last == "-" and bool(_DASHES.fullmatch(text, line_start, end)))


def _too_deep(text: str, file: str, at: int) -> DataError:
    line, column = _position_of_index(text, at)
    message = (
        f"more than {MAX_OPEN_BRACKETS:,} '[' or '{{' are open here: data may be nested at most "
        f"{MAX_DEPTH} levels deep; remove the stray brackets"
    )
    return DataError([Problem(file, line, column, "", message)])


def _next_line(text: str, at: int, block_indent: int) -> tuple[int, int]:
    """Where to go on from the line starting at ``at``, and whether a block scalar goes on there: while its
    lines are blank or indented deeper than its key, they are its text."""
    line = text[at : _line_end(text, at)]
    if block_indent >= 0 and (not line.strip() or _indentation(line) > block_indent):
        return _line_end(text, at), block_indent
    return at, -1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _end_of_quoted(text: str, at: int, quote: str) -> int:
    """Where the quoted scalar whose opening quote ends at ``at`` ends (the text's end if it never does)."""
    closing = re.compile(r'\\.|"' if quote == '"' else "''|'", re.DOTALL)
    while found := closing.search(text, at):
        at = found.end()
        if found[0] == quote:
            return at
    return len(text)


# YAML 1.1 (libyaml, which reads the data and finds where `make accept` splices) ends a line at these; YAML 1.2
# (editors, yaml-language-server) reads them as ordinary characters: both must see one document.
_DISPUTED_BREAKS = {
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}
_DISPUTED = re.compile(f"[{''.join(_DISPUTED_BREAKS)}]")
_EDITORS_LINE_BREAK = re.compile("\r\n|[\r\n]")


def invisible_line_breaks(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` has one of these characters, as editors count lines and columns (CR LF, LF or CR
    alone ends a line, these characters do not), with the character's name."""
    found = []
    for match in _DISPUTED.finditer(text):
        lines = _EDITORS_LINE_BREAK.split(text[: match.start()])
        found.append((len(lines), len(lines[-1]) + 1, _DISPUTED_BREAKS[match[0]]))
    return found


def _refuse_line_breaks_readers_disagree_on(text: str, file: str) -> None:
    advice = (
        "(often pasted from a PDF or a web page): YAML readers disagree on whether it ends the line. Delete it "
        "(in a text, a space or a new paragraph written as usual)"
    )
    breaks = invisible_line_breaks(text)
    if breaks:
        raise DataError(
            [Problem(file, line, col, "", f"an invisible {name} character here {advice}") for line, col, name in breaks]
        )


# What YAML counts as the end of a line (marks count lines the same way).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


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


def _position_of_index(text: str, index: int) -> Position:
    before = _LINE_BREAK.split(text[:index])
    return (len(before), len(before[-1]) + 1)


def _reader_problem(text: str, file: str, error: yaml.reader.ReaderError) -> Problem:
    # libyaml counts the position in bytes of UTF-8.
    index = len(text.encode("utf-8", "surrogatepass")[: error.position].decode("utf-8", "replace"))
    if index >= len(text) or ord(text[index]) != error.character:
        index = min(error.position, len(text))
    line, column = _position_of_index(text, index)
    message = f"{describe(chr(error.character))} cannot be published: remove it"
    return Problem(file, line, column, "", message)


def _syntax_problem(text: str, file: str, error: yaml.MarkedYAMLError) -> Problem:
    """The YAML library's own verdict, located where the editor must look.

    Most errors are where libyaml's ``problem_mark`` says. Three are not, and libyaml names their
    start in ``context_mark`` or in the events before the error: a key without ':' (or a line of
    stray text) is found only on a later line, and an unclosed quotation mark or bracket reads on
    through the following lines until something fails far below.
    """
    lines = _LINE_BREAK.split(text)
    problem = error.problem or "syntax error"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    assert mark is not None
    opened = error.context_mark
    if (
        opened is not None
        and ("quoted scalar" in context or "flow" in context)
        and (
            "end of stream" in problem
            or mark.index >= len(text.rstrip())  # the file ended inside it
            or _reads_past_its_block(lines, opened.line, mark.line, opened.column)
        )
    ):
        return _unclosed(file, lines, opened.line, opened.column)
    quote = _open_quote_before(text, lines)
    if quote is not None:
        return _unclosed(file, lines, *quote)
    line, column = mark.line, mark.column
    if opened is not None and "simple key" in context:
        line, column = opened.line, opened.column
        message = (
            "this line has no ':' after its key: write 'key: value'; if it is stray text, remove it, "
            "and if it continues the text above, indent it like that text"
        )
    elif _char_at(lines, line, column) == "\t" or "tab" in problem:
        message = (
            "a tab character here: YAML indentation must use spaces, not tabs; indent with spaces, like the line above"
        )
    elif "escape" in problem and "quoted scalar" in context:
        column = max(lines[line].rfind("\\", 0, column + 1), 0)
        if "Unicode" in problem:
            message = (
                "this escape does not write a character (\\ud800-\\udfff are halves of a UTF-16 pair): "
                "write the character itself"
            )
        else:
            message = "unknown escape in double-quoted text: write a backslash as \\\\, or use single quotes"
    elif "mapping values are not allowed" in problem and _is_key_without_colon(lines, line - 1, line):
        line, column = line - 1, _indentation(lines[line - 1])
        message = "this line has no ':' after its key: write 'key: value', or remove the stray text"
    elif "mapping values are not allowed" in problem:
        message = "unexpected ':' here: check the indentation of this line, or put text that contains ': ' in quotes"
    elif "expected key" in problem or "expected '-'" in problem or "expected ':'" in problem:
        message = "bad indentation or a missing ':' here: align this line with the keys above it"
    elif "flow" in context and opened is not None:
        message = f"YAML syntax error in the [...] or {{...}} that starts at line {opened.line + 1}: {problem}"
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(file, line + 1, column + 1, "", message)


_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_]+):[ \t]*(?:#.*)?$")
_RECORD_KEY = re.compile(r"(id|number):[ \t]+(.*?)[ \t]*(?:#.*)?$")
_FLOW_RECORD_KEY = re.compile(r"[{,][ \t]*(id|number):[ \t]+([^,{}\[\]]+)")


def _with_where(text: str, problem: Problem) -> Problem:
    """A syntax error has no parsed data to name its record by: the record is found in the text above it."""
    return replace(problem, where=_where_in_text(_LINE_BREAK.split(text), problem.line - 1))


def _where_in_text(lines: list[str], line: int) -> str:
    """The record that line ``line`` (0-based) is written in, in the editor's words ("initiative 14
    (cadre-selection-system)"), from the `- ` items of the top-level list above it and their `id:` and
    `number:` lines; "" outside a list of records."""
    line = min(line, len(lines) - 1)
    section = next((index for index in range(line, -1, -1) if lines[index][:1] not in ("", " ", "\t", "#", "-")), None)
    found = _TOP_LEVEL_KEY.match(lines[section]) if section is not None else None
    if section is None or found is None:
        return ""
    starts: list[int] = []
    item_indent = -1
    for index in range(section + 1, line + 1):
        stripped = lines[index].lstrip(" ")
        if stripped.startswith("- ") or stripped == "-":
            indent = len(lines[index]) - len(stripped)
            item_indent = indent if item_indent < 0 else item_indent
            if indent == item_indent:
                starts.append(index)
    if not starts:
        return ""
    record: dict[str, Any] = {}
    for index in range(starts[-1], len(lines)):
        current = lines[index]
        stripped = current.lstrip(" ")
        tabbed = "\t" in current[: len(current) - len(current.lstrip(" \t"))]  # the error: still in its record
        if (
            index > starts[-1]
            and stripped
            and not stripped.startswith("#")
            and not tabbed
            and len(current) - len(stripped) <= item_indent
        ):
            break  # the next record, or the next top-level key
        for name, written in _record_keys(current, item_indent, first=index == starts[-1]):
            value = written.strip().strip("\"'")
            number = name == "number" and value.isascii() and value.isdigit() and len(value) <= MAX_NUMBER_LENGTH
            record.setdefault(name, int(value) if number else value)
    records: list[dict[str, Any]] = [{} for _ in starts[:-1]] + [record]
    return describe_path({found.group(1): records}, f"{found.group(1)}[{len(starts) - 1}]")


def _record_keys(line: str, item_indent: int, *, first: bool) -> list[tuple[str, str]]:
    """The `id:` and `number:` written on a line of a record (its first line may be `- {id: x, number: 3, …}`)."""
    if first and line.startswith("{", item_indent + 2):
        return [(key.group(1), key.group(2)) for key in _FLOW_RECORD_KEY.finditer(line)]
    key = None
    if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:  # indented with a tab: the error being reported
        key = _RECORD_KEY.match(line.lstrip(" \t"))
    elif line[: item_indent + 2].strip(" -") == "":
        key = _RECORD_KEY.match(line, item_indent + 2)
    return [(key.group(1), key.group(2))] if key else []


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_key_without_colon(lines: list[str], previous: int, line: int) -> bool:
    """Whether line ``previous`` is a lone word at the indentation of the key on ``line`` (so YAML read
    both lines as one key, and found its ':' one line late)."""
    if previous < 0 or line >= len(lines):
        return False
    words = lines[previous].strip()
    return (
        bool(words)
        and _indentation(lines[previous]) == _indentation(lines[line])
        and not words.startswith(("#", "- "))
        and not re.search(r":(\s|$)", words)
    )


def _char_at(lines: list[str], line: int, column: int) -> str:
    return lines[line][column : column + 1] if line < len(lines) else ""


def _unclosed(file: str, lines: list[str], line: int, column: int) -> Problem:
    opening = _char_at(lines, line, column)
    if opening in "[{":
        closing = "]" if opening == "[" else "}"
        message = f"this '{opening}' is never closed: add the closing '{closing}'"
    else:
        message = "this quotation mark is never closed: add the closing quotation mark"
    return Problem(file, line + 1, column + 1, "", message)


def _reads_past_its_block(lines: list[str], first: int, last: int, column: int) -> bool:
    """Whether quoted text or a [...] / {...} that opens at ``column`` of line ``first`` runs on over a
    line indented no deeper than the key or '- ' it belongs to. YAML requires its continuation lines
    to be indented deeper, so such a line can only be the next key or item, swallowed by a missing
    quotation mark or bracket. (Lines of a folded ``>-`` text are indented deeper than their key, so
    a quotation mark in them never counts as such an opening.)"""
    if last <= first or first >= len(lines):
        return False
    owner = _owner_column(lines[first], column)
    return any(line.strip() and _indentation(line) <= owner for line in lines[first + 1 : last + 1])


def _owner_column(line: str, column: int) -> int:
    """The column of the key, or else of the '- ', that the value opening at ``column`` belongs to."""
    prefix = line[:column]
    flows = [index for index in (prefix.find("["), prefix.find("{")) if index >= 0]
    prefix = prefix[: min(flows)] if flows else prefix  # inside [...] or {...}: the block that holds it
    position = _indentation(prefix)
    owner = position - 1  # a value alone on its line: it must go deeper than the lines above it
    while prefix.startswith("- ", position):
        owner = position
        position = _indentation_at(prefix, position + 1)
    if re.match(r"[^\s#][^#]*?:(\s|$)", prefix[position:]):
        owner = position
    return owner


def _indentation_at(text: str, start: int) -> int:
    return start + len(text[start:]) - len(text[start:].lstrip(" "))


def _open_quote_before(text: str, lines: list[str]) -> tuple[int, int] | None:
    """The first quoted text before the error that swallowed the lines after it (0-based line, column)."""
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.ScalarEvent) and event.style in _QUOTE_STYLES:
                start, end = _marks(event)
                if end.line > start.line and _reads_past_its_block(lines, start.line, end.line, start.column):
                    return start.line, start.column
    except yaml.YAMLError:
        pass
    return None


_QUOTE_STYLES = {'"', "'"}


class _Builder:
    """Builds plain Python data from parser events, recording positions and problems."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self._lines: list[str] | None = None
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
            # Skipped without recursion: ~1,000 levels of '[' would otherwise exhaust Python's stack.
            self._problem_mark(
                event.start_mark,
                path,
                f"nested more than {MAX_DEPTH} levels deep: the data has at most 6 levels; "
                "look for a '[' or '{' that should not be there",
            )
            self._skip_rest_of_node(stream, event)
            return None
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
            self._check_characters(key_event, path)
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

    def _check_characters(self, event: yaml.ScalarEvent, path: str) -> None:
        """Refuse what cannot be published, located at the character itself (or at its escape)."""
        index = find_unpublishable(event.value)
        if index is not None:
            bad = event.value[index]
            line, column = self._where_written(event, bad)
            self._problem_at(line, column, path, f"{describe(bad)} cannot be published: remove it")

    def _where_written(self, event: yaml.ScalarEvent, character: str) -> Position:
        # The character itself, or the first escape in the quoted text that writes it (\x80, \ud800).
        first, last = _marks(event)
        start = first.index  # in characters, for both parsers
        source = self.text[start : last.index]
        found = source.find(character)
        escape = _escape_of(character).search(source) if event.style == '"' else None
        if escape is not None and (found < 0 or escape.start() < found):
            found = escape.start()
        return _position_of_index(self.text, start + found) if found >= 0 else _position(event.start_mark)

    def _check_closed(self, event: yaml.ScalarEvent, path: str) -> None:
        start, end = _marks(event)
        if end.line > start.line:
            if self._lines is None:
                self._lines = _LINE_BREAK.split(self.text)
            if _reads_past_its_block(self._lines, start.line, end.line, start.column):
                self._problem_mark(start, path, "this quotation mark is never closed: add the closing one")

    def _scalar(self, event: yaml.ScalarEvent, path: str) -> Any:
        self._check_characters(event, path)
        if event.style in _QUOTE_STYLES:
            self._check_closed(event, path)
        if event.tag is not None and event.tag not in _STR_TAGS and not event.implicit[0]:
            self._problem_mark(event.start_mark, path, _tag_message(event.tag))
            return event.value
        if event.style or event.tag in _STR_TAGS:  # plain style is None (Python) or "" (libyaml)
            return event.value
        long = len(event.value) > MAX_NUMBER_LENGTH
        if long and any(form.match(event.value) for form in (_INT_DEC, _INT_OCT, _INT_HEX)):
            message = (
                f"a number of {len(event.value):,} digits: no number here has more than {MAX_NUMBER_LENGTH}; "
                "check it (or put it in quotes if it is text)"
            )
            self._problem_mark(event.start_mark, path, message)
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


def _escape_of(character: str) -> re.Pattern[str]:
    """The ways a double-quoted YAML text can write ``character`` as an escape."""
    code = ord(character)
    forms = [f"x(?i:{code:02x})"] if code <= 0xFF else []
    forms += [f"u(?i:{code:04x})"] if code <= 0xFFFF else []
    forms += [f"U(?i:{code:08x})"]
    forms += [short for short, value in _SHORT_ESCAPES.items() if value == character]
    return re.compile(r"\\(?:" + "|".join(forms) + ")")


# YAML's one-letter escapes of characters that cannot be published.
_SHORT_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "L": "\u2028",
    "P": "\u2029",
}


def _marks(event: yaml.Event) -> tuple[Any, Any]:
    """Where an event starts and ends (the parsers always set both)."""
    return event.start_mark, event.end_mark


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
