"""A YAML mistake anywhere in the real data file is reported at the line the editor got wrong.

Each class of syntax error is injected at lines of a copy of data/initiatives.yaml chosen by
hypothesis: keys, lines inside folded (`>-`) texts and lines right after them. The loader must
report the injected line (or the one next to it, where YAML only notices on the next line); an
unclosed quotation mark or bracket exactly at its opening line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.errors import DataError
from generator.loader import load_text

REAL_DATA = Path(__file__).resolve().parent.parent / "data" / "initiatives.yaml"
LINES = REAL_DATA.read_text("utf-8").split("\n")
KEY = re.compile(r"^( *)((?:- )?)([A-Za-z_][\w-]*):(?= |$)")
BLOCK_SCALAR = re.compile(r": [>|][-+]?$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    kind: str  # "key", "folded" (a line of a >- text), "after folded" (the key right after one) or "other"
    indent: int  # where a line of stray text would start: the key's column, or the owning key's


def classify(lines: list[str]) -> list[Line]:
    result, block_owner, after_block = [], None, False
    for number, text in enumerate(lines, start=1):
        indent = len(text) - len(text.lstrip(" "))
        if block_owner is not None and (not text.strip() or indent > block_owner):
            result.append(Line(number, "folded" if text.strip() else "other", block_owner))
            after_block = True
            continue
        block_owner, key = None, KEY.match(text)
        if key and not text.lstrip().startswith("#"):
            result.append(Line(number, "after folded" if after_block else "key", indent))
            if BLOCK_SCALAR.search(text):
                block_owner = indent + len(key[2])
        else:
            result.append(Line(number, "other", indent))
        after_block = False
    return result


CLASSIFIED = classify(LINES)


@dataclass(frozen=True)
class Injection:
    error: str
    line: int  # 1-based line of the mistake in the changed file
    new_lines: tuple[str, ...] = field(repr=False)
    exact: bool  # an unclosed quote or bracket must be located at its opening line exactly

    @property
    def changed(self) -> str:
        return self.new_lines[self.line - 1]

    def text(self) -> str:
        return "\n".join(self.new_lines)


def _replace(line: Line, new: str, error: str, exact: bool = False) -> Injection:
    lines = list(LINES)
    lines[line.number - 1] = new
    return Injection(error, line.number, tuple(lines), exact)


def _has_sibling_above(line: Line) -> bool:
    """The key is not the first of its mapping, so indenting it differently cannot be valid YAML."""
    column = KEY.match(LINES[line.number - 1])
    assert column is not None
    own = len(column[1]) + len(column[2])
    for above in reversed(CLASSIFIED[: line.number - 1]):
        match = KEY.match(LINES[above.number - 1]) if above.kind in {"key", "after folded"} else None
        if match and len(match[1]) + len(match[2]) <= own:
            return len(match[1]) + len(match[2]) == own
    return False


def injections(line: Line) -> list[Injection]:
    text = LINES[line.number - 1]
    found = []
    if line.kind in {"key", "after folded"}:
        if _has_sibling_above(line) and not text.lstrip().startswith("- ") and line.indent > 0:
            found.append(_replace(line, " " + text, "indentation"))
            found.append(_replace(line, text[1:], "indentation"))
        found.append(_replace(line, re.sub(r":(?= |$)", "", text, count=1), "missing colon"))
        value = re.match(r"^(.*?: )(.*)$", text)
        if value and value[2] and value[2][0] not in ">|[{#'":
            unclosed = text[:-1] if value[2].startswith('"') and value[2].endswith('"') else f'{value[1]}"{value[2]}'
            found.append(_replace(line, unclosed, "unclosed quote", exact=True))
        if text.rstrip().endswith(("]", "}")):
            found.append(_replace(line, text.rstrip()[:-1], "unclosed bracket", exact=True))
    if line.kind in {"key", "after folded", "folded"}:
        found.append(_replace(line, "\t" + text.lstrip(" "), "tab"))
        stray = list(LINES)
        stray.insert(line.number - 1, " " * line.indent + "some stray words")
        found.append(Injection("stray text", line.number, tuple(stray), False))
    return found


ALL = [injection for line in CLASSIFIED for injection in injections(line)]
BY_ERROR = {error: [i for i in ALL if i.error == error] for error in sorted({i.error for i in ALL})}
IN_OR_AFTER_FOLDED = [i for i in ALL if CLASSIFIED[i.line - 1].kind in {"folded", "after folded"}]


def located_line(injection: Injection) -> int:
    with pytest.raises(DataError) as caught:
        load_text(injection.text(), "data/initiatives.yaml")
    return caught.value.problems[0].line


def test_the_real_data_file_offers_every_kind_of_place_to_make_a_mistake() -> None:
    assert set(BY_ERROR) == {
        "indentation",
        "missing colon",
        "tab",
        "unclosed quote",
        "unclosed bracket",
        "stray text",
    }
    assert {CLASSIFIED[i.line - 1].kind for i in IN_OR_AFTER_FOLDED} == {"folded", "after folded"}
    assert load_text("\n".join(LINES), "data/initiatives.yaml").data  # the copy itself is valid


def _find(error: str, line_text: str, new_text: str) -> Injection:
    for injection in reversed(BY_ERROR[error]):  # the last: after line 296
        if LINES[injection.line - 1].strip() == line_text and new_text in injection.new_lines:
            return injection
    raise AssertionError(f"no {error} injection at {line_text!r}")


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.sampled_from(sorted(BY_ERROR)).flatmap(lambda error: st.sampled_from(BY_ERROR[error])),
        st.sampled_from(IN_OR_AFTER_FOLDED),
    )
)
# A quotation mark inside a folded text (line 296) is no unclosed one: a mistake a few lines later is
# reported at its own line, not at line 296.
@example(_find("indentation", "number: 12", "     number: 12"))
@example(_find("missing colon", "status: announced", "    status announced"))
def test_a_syntax_error_is_reported_at_the_line_of_the_mistake(injection: Injection) -> None:
    line = located_line(injection)
    if injection.exact:
        assert line == injection.line, (injection, injection.changed)
    else:
        assert abs(line - injection.line) <= 1, (injection, injection.changed)
