"""`make accept` and `make review` change only the lines they record, on any file `make check` accepts.

They either write (and the file still passes the check, with the same data but for the recorded keys, and
only the recorded lines changed) or refuse with a message located at the first line that would change.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.loader import load_text
from generator.pipeline import load_and_validate
from tests.samples import GLOSSARY, MINIMAL
from tests.support import copy_data

REPO = Path(__file__).resolve().parent.parent
ACCEPT = ["translations", "--accept-all"]
REVIEWER = ["--by", "independent reviewer", "--method", "bilingual review: against the article"]
REVIEW = ["translations", *REVIEWER, "--review", "first", "--review", "environment", "--on", "2026-11-27"]
RECORDED_KEYS = ("en_from", "reviewed")
BLOCK_BODY = "    body:\n      zh: 正文一\n      en: Text one\n"
FLOW_BODY = "    body: {zh: 正文一, en: Text one}\n"

# The surface forms of issue 29, item 10, and an en_from written without a value. The old round trip refused
# each at 1:1 or rewrote more than the recorded lines, except the tab escape (not refused on this sample).
SURFACE_FORMS = {
    "trailing spaces on a key line": MINIMAL.replace("    number: 1\n", "    number: 1   \n"),
    "a comment on the en_from line": MINIMAL.replace(FLOW_BODY, BLOCK_BODY + '      en_from: "00000000"  # by hand\n'),
    "a tab escape in a quoted text": MINIMAL.replace("en: Text one}", 'en: "Text\\tone"}'),
    "a Unicode escape in a quoted text": MINIMAL.replace("en: Text one}", 'en: "Caf\\u00e9 one"}'),
    "an explicit document end marker": MINIMAL + "...\n",
    "a kept folded block": MINIMAL.replace(FLOW_BODY, "    body:\n      zh: 正文一\n      en: >+\n        Text one\n"),
    "old Mac (CR) line endings": MINIMAL.replace("\n", "\r"),
    "a line over 4,096 characters": MINIMAL.replace("en: Text one}", f"en: {'Text one. ' * 450}}}"),
    "no final newline": MINIMAL.removesuffix("\n"),
    "a character beyond U+FFFF before the places written": MINIMAL.replace("zh: 第一项", "zh: 第一项𠀀"),
    "an en_from without a value": MINIMAL.replace(FLOW_BODY, BLOCK_BODY + "      en_from:  # to do\n"),
}


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def write_project(folder: Path, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    path = folder / "initiatives.yaml"
    path.write_bytes(data)
    return path


def lines_of(raw: bytes) -> list[str]:
    return re.split(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)", raw.decode("utf-8-sig"))


def ending(line: str) -> str:
    return line[len(ending_cut(line)) :]


def ending_cut(line: str) -> str:
    return line.rstrip("\r\n")


def without_recorded(data: object) -> object:
    if isinstance(data, dict):
        return {key: without_recorded(value) for key, value in data.items() if key not in RECORDED_KEYS}
    if isinstance(data, list):
        return [without_recorded(item) for item in data]
    return data


def recorded_spans(text: str) -> list[tuple[int, int]]:
    """Where each recorded key is written with its value (in a {…} mapping, with the ',' before it)."""
    spans: list[tuple[int, int]] = []
    stack: list[list[Any]] = []  # per open collection: is a mapping, a key comes next, a recorded key's start, flow
    last_end = key_end = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionEndEvent):
            last_end = event.end_mark.index if stack.pop()[3] else last_end
        top = stack[-1] if stack else None
        if isinstance(event, yaml.ScalarEvent):
            last_end = event.end_mark.index
        if top and top[0] and isinstance(event, yaml.NodeEvent):
            if top[1] and isinstance(event, yaml.ScalarEvent) and event.value in RECORDED_KEYS:
                top[2] = event.start_mark.index
                key_end = event.end_mark.index
            elif not top[1] and top[2] is not None and isinstance(event, yaml.ScalarEvent):
                empty = not event.value and not event.style  # nothing written: it ends at the ':'
                spans.append((top[2], text.index(":", key_end) + 1 if empty else last_end))
                top[2] = None
            top[1] = not top[1]
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([isinstance(event, yaml.MappingStartEvent), True, None, event.flow_style])
        elif isinstance(event, yaml.CollectionEndEvent) and top and top[0] and top[2] is not None:
            spans.append((top[2], last_end))  # a recorded key whose value is a mapping
            top[2] = None
    return [_with_comma_before(text, start, end) for start, end in spans]


def _with_comma_before(text: str, start: int, end: int) -> tuple[int, int]:
    before = text[:start].rstrip(" \t\r\n")
    return (len(before) - 1 if before.endswith(",") else start), end


def lines_without_recorded(text: str) -> list[str]:
    """The lines of ``text`` (without line breaks) with the recorded keys cut out, leaving out the lines
    that held nothing else."""
    cut = [False] * len(text)
    for start, end in recorded_spans(text):
        cut[start:end] = [True] * (end - start)
    lines: list[str] = []
    line: list[str] = []
    touched = False
    for index, (character, removed) in enumerate(zip(text, cut, strict=True)):
        if removed:
            touched = True
        elif character == "\n" and text[index - 1 : index] == "\r" and not cut[index - 1]:
            continue  # the second half of a Windows line break
        elif character in "\r\n":
            lines += [] if touched and not "".join(line).strip() else ["".join(line)]
            line, touched = [], False
        else:
            line.append(character)
    return lines + ([] if touched and not "".join(line).strip() else ["".join(line)])


def assert_only_recorded_lines_changed(before: bytes, after: bytes, key: str) -> None:
    """The same bytes but for lines (or flow entries) of ``key``; the same data but for the recorded keys."""
    assert after.startswith(codecs.BOM_UTF8) == before.startswith(codecs.BOM_UTF8)
    old, new = lines_of(before), lines_of(after)
    assert new[-1].endswith(("\r", "\n")) == old[-1].endswith(("\r", "\n"))  # no final newline added
    assert {ending(line) for line in new[:-1]} <= {ending(line) for line in old}  # the editor's line breaks
    changed = [
        line
        for line in difflib.unified_diff([*map(ending_cut, old)], [*map(ending_cut, new)], lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed and all(f"{key}: " in line for line in changed if line.startswith("+")), changed
    assert lines_without_recorded("".join(old)) == lines_without_recorded("".join(new))
    old_data, new_data = load_text(before.decode("utf-8"), "a").data, load_text(after.decode("utf-8"), "b").data
    assert without_recorded(old_data) == without_recorded(new_data)


def record_and_check(data: Path, argv: list[str], key: str) -> str:
    """Run ``argv`` on ``data``: it writes only ``key`` lines and the check still passes, or it refuses
    located at a line of the file and writes nothing. The refusal, or "" when it wrote."""
    before = data.read_bytes()
    code, output = run([*argv, str(data)])
    assert "Traceback" not in output
    if code != 0:
        found = re.match(rf"{re.escape(str(data))}:(\d+):(\d+): .*nothing was written", output)
        assert code == 1 and found, output
        assert 1 <= int(found[1]) <= len(lines_of(before)) and data.read_bytes() == before
        return output
    assert_only_recorded_lines_changed(before, data.read_bytes(), key)
    code, output = run(["check", str(data)])
    assert code == 0, output
    return ""


@pytest.mark.parametrize("form", SURFACE_FORMS)
def test_accept_and_review_write_only_their_lines_on_each_surface_form_the_check_accepts(
    tmp_path: Path, form: str
) -> None:
    data = write_project(tmp_path, SURFACE_FORMS[form].encode("utf-8"))
    code, output = run(["check", str(data)])
    assert code == 0, output
    assert record_and_check(data, ACCEPT, "en_from") == ""
    assert record_and_check(data, REVIEW, "reviewed") == ""
    assert record_and_check(data, [*REVIEW, "--all", "--on", "2026-11-28"], "reviewed") == ""  # replaces them


def test_a_comment_on_a_recorded_line_is_kept_when_its_value_is_replaced(tmp_path: Path) -> None:
    data = write_project(tmp_path, SURFACE_FORMS["a comment on the en_from line"].encode("utf-8"))
    assert record_and_check(data, ACCEPT, "en_from") == ""
    assert re.search(r'\n      en_from: "[0-9a-f]{8}"  # by hand\n', data.read_text("utf-8"))


def test_accepting_a_file_without_a_final_newline_adds_none(tmp_path: Path) -> None:
    # The last text of the file is in block style: its fingerprint becomes the new last line.
    text = MINIMAL.removesuffix(
        '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
    )
    text += '      - date: "2020-04-16"\n        status: announced\n        source: article\n'
    text += "        text:\n          zh: 部署\n          en: Set"
    data = write_project(tmp_path, text.encode("utf-8"))
    assert record_and_check(data, ACCEPT, "en_from") == ""
    assert re.search(r'\n          en: Set\n          en_from: "[0-9a-f]{8}"\Z', data.read_text("utf-8"))


# --- any surface form: hypothesis writes the sample data in random YAML styles ---------------------------

TEXT_KEYS = ("zh", "en")
STALE = "00000000"


class Writer:
    """Writes data as YAML text, drawing each style choice: block or {…}/[…], quoting, block scalars,
    comments at line ends and between keys, trailing spaces, blank lines, {…} over several lines."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) < percent

    def end(self) -> str:
        return self.draw(st.sampled_from(["", "", "", "  ", "\t", "  # note", " #: {not, [a] key}"]))

    def items(self, mapping: dict[str, object]) -> list[tuple[str, object]]:
        return self.draw(st.permutations(list(mapping.items()))) if self.chance(10) else list(mapping.items())

    def block_mapping(self, mapping: dict[str, object], indent: int) -> list[str]:
        lines: list[str] = []
        for position, (key, value) in enumerate(self.items(mapping)):
            if position and self.chance(10):
                lines.append(self.draw(st.sampled_from(["", " " * indent + "# between keys", "  # out of line"])))
            lines += self.value(f"{' ' * indent}{key}:", key, value, indent)
        return lines

    def value(self, prefix: str, key: str, value: object, indent: int) -> list[str]:
        if isinstance(value, dict) and value and self.chance(50):
            return [prefix + self.end(), *self.block_mapping(value, indent + 2)]
        if isinstance(value, list) and value and self.chance(50):
            lines = [prefix + self.end()]
            for item in value:
                if isinstance(item, dict) and self.chance(50):
                    inner = self.block_mapping(item, indent + 4)
                    lines += [f"{' ' * (indent + 2)}- {inner[0][indent + 4 :]}", *inner[1:]]
                else:
                    lines.append(f"{' ' * (indent + 2)}- {self.flow(item, indent + 4)}{self.end()}")
            return lines
        if key in TEXT_KEYS and isinstance(value, str) and self.chance(25):
            return self.block_scalar(prefix, value, indent + 2)
        return [f"{prefix} {self.flow(value, indent + 2)}{self.end()}"]

    def block_scalar(self, prefix: str, text: str, indent: int) -> list[str]:
        header = self.draw(st.sampled_from(["|", ">", "|-", ">-", "|+", ">+"]))
        blank = [""] * self.draw(st.integers(0, 2)) if header.endswith("+") else []
        return [f"{prefix} {header}{self.end()}", " " * indent + text, *blank]

    def flow(self, value: object, indent: int) -> str:
        if isinstance(value, dict):
            separator = f",\n{' ' * indent}" if len(value) > 1 and self.chance(15) else ", "
            return "{" + separator.join(f"{k}: {self.flow(v, indent + 2)}" for k, v in self.items(value)) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(item, indent + 2) for item in value) + "]"
        if value is None:
            return self.draw(st.sampled_from(["", "null", "~"]))
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        text = str(value)
        style = self.draw(st.sampled_from(["plain", "single", "double"]))
        if style == "plain" and re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^,\[\]{}#:]*(?<! )", text):
            return text
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        escaped = "".join(self.escape(character) for character in text)
        return f'"{escaped}"'

    def escape(self, character: str) -> str:
        if character in '"\\':
            return "\\" + character
        if character == " " and self.chance(5):
            return "\\t"
        if self.chance(20):
            forms = [f"\\u{ord(character):04x}", f"\\U{ord(character):08X}"]
            return self.draw(st.sampled_from([*forms, f"\\x{ord(character):02x}"] if ord(character) < 128 else forms))
        return character


def with_recorded_keys(data: object, draw: st.DrawFn) -> object:
    """The data with some texts already carrying a (stale) fingerprint or review, to be replaced."""
    if isinstance(data, list):
        return [with_recorded_keys(item, draw) for item in data]
    if not isinstance(data, dict):
        return data
    result = {key: with_recorded_keys(value, draw) for key, value in data.items()}
    if set(TEXT_KEYS) <= result.keys():
        if draw(st.booleans()):
            result["en_from"] = draw(st.sampled_from([STALE, None]))
        if draw(st.integers(0, 3)) == 0:
            result["reviewed"] = {"by": "someone", "method": "a look", "date": "2026-11-01", "fingerprint": STALE}
    return result


@st.composite
def sample_files(draw: st.DrawFn) -> bytes:
    data = with_recorded_keys(load_text(MINIMAL, "minimal.yaml").data, draw)
    assert isinstance(data, dict)
    if draw(st.integers(0, 4)) == 0:  # a line over 4,096 characters
        data["initiatives"][1]["body"]["en"] = "Text two. " * 450
    lines = Writer(draw).block_mapping(data, 0)
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["---", "--- # the data", "# the data\n---"])))
    if draw(st.integers(0, 3)) == 0:
        lines.append("...")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", ""]))
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    return (codecs.BOM_UTF8 if draw(st.integers(0, 4)) == 0 else b"") + text.encode("utf-8")


REVIEWERS = [
    ("independent reviewer", "bilingual review"),
    ("reviewer: Li, Wang", "spot check # of the body"),
    ('a "quoted" name', "yes"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=sample_files(), reviewer=st.sampled_from(REVIEWERS))
def test_on_any_file_the_check_accepts_accept_and_review_write_only_their_lines_or_refuse_located(
    tmp_path: Path, file: bytes, reviewer: tuple[str, str]
) -> None:
    data = write_project(tmp_path / "project", file)
    code, output = run(["check", str(data)])
    assert code == 0, (output, file)  # the writer writes only valid files
    record_and_check(data, ACCEPT, "en_from")
    by, method = reviewer
    review = ["translations", "--by", by, "--method", method, "--review", "first", "--review", "environment"]
    record_and_check(data, [*review, "--on", "2026-11-27"], "reviewed")
    record_and_check(data, [*review, "--on", "2026-11-28", "--all"], "reviewed")


def test_a_recording_that_would_change_a_text_is_refused_at_the_first_line_it_would_change(tmp_path: Path) -> None:
    # A `|` text that ends the file without a line break: a line after it would give the text one.
    text = MINIMAL.removesuffix(
        '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
    )
    text += '      - date: "2020-04-16"\n        status: announced\n        source: article\n'
    text += "        text:\n          zh: 部署\n          en: |\n            Set"
    data = write_project(tmp_path, text.encode("utf-8"))
    last = len(text.splitlines())
    for argv, key in ((ACCEPT, "en_from"), (["translations", *REVIEWER, "--review", "second"], "reviewed")):
        refusal = record_and_check(data, argv, key)
        assert refusal.startswith(
            f"{data}:{last}:16: initiative 2 (second), updates, 1st entry, text — initiatives[1].updates[0].text: "
            f"this line would change beyond the {key} that "
        ), refusal
        assert (
            f"it would read '            Set\\n          {key}: " in refusal
            and "end the file with a line break" in refusal
        )


def windows_with_comments(text: str) -> bytes:
    """Windows line breaks, a byte-order mark, a comment on every en_from line, trailing spaces on every
    line that holds a key and a {…} or […] value, and an explicit end of the document."""
    text = re.sub(r'^( *en_from: "[0-9a-f]{8}")$', r"\1  # accepted", text, flags=re.MULTILINE)
    text = re.sub(r"^( *(?:- )?[a-z_]+: [\[{].*[\]}])$", r"\1   ", text, flags=re.MULTILINE)
    return codecs.BOM_UTF8 + (text + "...\n").replace("\n", "\r\n").encode("utf-8")


def old_mac_without_final_newline(text: str) -> bytes:
    return text.removesuffix("\n").replace("\n", "\r").encode("utf-8")


@pytest.mark.parametrize("variant", [windows_with_comments, old_mac_without_final_newline])
def test_on_the_real_data_written_otherwise_accept_and_review_write_only_their_lines(
    tmp_path: Path, variant: Callable[[str], bytes]
) -> None:
    data = copy_data(REPO, tmp_path) / "initiatives.yaml"  # in a messy review state: there is work to record
    first = load_and_validate(data).dataset.initiatives[0].id
    data.write_bytes(variant(data.read_text("utf-8")))
    code, output = run(["check", str(data)])
    assert code == 0, output
    assert record_and_check(data, ACCEPT, "en_from") == ""
    assert (
        record_and_check(data, ["translations", *REVIEWER, "--review", first, "--on", "2026-11-27"], "reviewed") == ""
    )
