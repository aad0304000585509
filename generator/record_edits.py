"""Recording fingerprints (`make accept`) and reviews (`make review`) in the editors' YAML files.

Each recorded value is spliced into the text where its mapping is written (yaml_spans.py): a value in
place of the old one, or a `key: value` line (in a {…} mapping, a `, key: value` entry) after the text's
`en`. Every other byte stays as the editor wrote it: comments, quoting, escapes, long lines, line
endings, a missing final newline. The new text is read back before it is written; if it says anything but
the old data with the recorded values, nothing is written and the message names the first line that would
have changed. edit_in_place.py keeps the editor's last save and the file's protections.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import edit_in_place
from .errors import DataError, Problem, describe_path, display_path
from .loader import load_file, load_text, resolve_plain_scalar
from .project import glossary_beside
from .translation import ReviewedItem, fingerprint, iter_record_texts
from .validate import validate
from .yaml_spans import Mapping, mapping_spans

FINGERPRINT_KEY = "en_from"
REVIEW_KEY = "reviewed"
_KEY_AFTER = {FINGERPRINT_KEY: "en", REVIEW_KEY: FINGERPRINT_KEY}  # where a new key goes: en, en_from, reviewed
_COMMANDS = {FINGERPRINT_KEY: "`make accept`", REVIEW_KEY: "`make review`"}


@dataclass(frozen=True)
class _Record:
    """A value to record at ``key`` of the mapping at ``path``: as data, and as YAML text."""

    path: str
    key: str
    value: Any
    written: str


def accept_translations(data_path: Path, record_ids: set[str] | None, glossary_path: Path | None = None) -> list[str]:
    """Record the current Chinese fingerprints for the given records (all when None).

    Changes only the fingerprints' lines (see the module's description); refuses to write if the file
    changed since it was read (edit_in_place.py). Returns the data paths whose fingerprint was written.
    """
    display = display_path(data_path)
    file = edit_in_place.read(data_path, display)
    # The fingerprints come from the very text that is rewritten, never from an earlier read.
    glossary_path = glossary_path or glossary_beside(data_path)
    dataset = validate(load_text(file.text, display), load_file(glossary_path, display_path(glossary_path))).dataset
    records = []
    for _, record_id, path, _, text, _ in iter_record_texts(dataset):
        if (record_ids is None or record_id in record_ids) and text.en is not None:
            new = fingerprint(text.zh)
            if text.en_from != new:
                # Quoted: an unquoted 8561e367 would read as a number in YAML.
                records.append(_Record(path, FINGERPRINT_KEY, new, f'"{new}"'))
    _record(file, display, records)
    return [record.path for record in records]


def record_reviews_in_file(
    data_path: Path, items: Iterable[ReviewedItem], by: str, method: str, date: str, every: bool = False
) -> list[str]:
    """Write ``reviewed: {by, method, date, fingerprint}`` beside each item whose review is missing or out of
    date (``every``: beside each item, re-recording current reviews too).

    The same careful edit as ``accept_translations``, one line per review. Returns the data paths written.
    """
    records = []
    for item in items:
        if item.state == "reviewed" and not every:
            continue
        review = {"by": by, "method": method, "date": date, "fingerprint": item.fingerprint}
        written = f'{{by: {_flow_text(by)}, method: {_flow_text(method)}, date: "{date}", '
        written += f'fingerprint: "{item.fingerprint}"}}'
        records.append(_Record(item.path, REVIEW_KEY, review, written))
    if records:
        display = display_path(data_path)
        _record(edit_in_place.read(data_path, display), display, records)
    return [record.path for record in records]


# Text YAML reads as itself when written without quotes inside a {…} mapping.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:\r\n\t\"]*(?<! )")


def _flow_text(text: str) -> str:
    if _PLAIN.fullmatch(text) and resolve_plain_scalar(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML string


def _record(file: edit_in_place.EditorFile, display: str, records: list[_Record]) -> None:
    if not records:
        return
    spans = mapping_spans(file.text)
    splices = sorted((*_splice(file.text, spans[record.path], record), record) for record in records)
    data = load_text(file.text, display).data
    text = _spliced(file.text, splices)
    if not _reads_as(display, data, text, splices):
        _refuse(display, file.text, data, splices)
    edit_in_place.replace(file, text, display)


Splice = tuple[int, int, str, _Record]  # replace text[start:end] with the new text, for the record


def _spliced(text: str, splices: list[Splice]) -> str:
    # From the end of the text back, so that the places found in the original text stay right.
    for at, end, new, _ in reversed(splices):
        text = text[:at] + new + text[end:]
    return text


def _reads_as(display: str, data: Any, text: str, splices: list[Splice]) -> bool:
    """Whether ``text`` reads as ``data`` with the splices' recorded values, and nothing else changed."""
    expected = copy.deepcopy(data)
    for *_, record in splices:
        _node_at(expected, record.path)[record.key] = record.value
    try:
        return bool(load_text(text, display).data == expected)
    except DataError:
        return False


def _splice(text: str, mapping: Mapping, record: _Record) -> tuple[int, int, str]:
    """(start, end, new text): the recorded value in place of the old one, or after the text's `en`."""
    old = mapping.values.get(record.key)
    if old is not None and (old.empty or old.kind == "block"):  # a value of several lines becomes one line
        colon = text.index(":", old.key_end) + 1
        return colon, colon if old.empty else old.end, " " + record.written
    if old is not None:
        return old.start, old.end, record.written
    anchor = mapping.values.get(_KEY_AFTER[record.key]) or list(mapping.values.values())[-1]
    if mapping.flow:
        return anchor.end, anchor.end, f", {record.key}: {record.written}"
    line = f"{' ' * mapping.column}{record.key}: {record.written}"
    at = anchor.after
    if at == len(text) and not text.endswith(("\n", "\r")):  # the file has no final newline: add none
        return at, at, _line_break(text, at) + line
    return at, at, line + _line_break(text, at)


def _line_break(text: str, at: int) -> str:
    """The line break that ends the line before ``at`` (else the text's first one): the editor's own."""
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending, 0, at):
            return ending
    found = _LINE_BREAK.search(text)
    return found[0] if found else "\n"


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _refuse(display: str, text: str, data: Any, splices: list[Splice]) -> None:
    """Refuse at the first splice after which the text no longer reads as it should: a bisection, so that
    a file of thousands of texts is read a dozen times, not thousands."""
    good, bad = 0, len(splices)  # the first `good` splices read well; the first `bad` do not
    while bad - good > 1:
        middle = (good + bad) // 2
        if _reads_as(display, data, _spliced(text, splices[:middle]), splices[:middle]):
            good = middle
        else:
            bad = middle
    at, end, new, record = splices[bad - 1]
    line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    line_end = _LINE_BREAK.search(text, end)
    changed = text[line_start:at] + new + text[end : line_end.start() if line_end else len(text)]
    shown = changed if len(changed) <= 160 else changed[:157] + "..."
    message = (
        f"this line would change beyond the {record.key} that {_COMMANDS[record.key]} records: it would read "
        f"{shown!r}; nothing was written. Write the text before it on one line, in quotes (or end the file "
        "with a line break after it), then try again"
    )
    line = len(_LINE_BREAK.findall(text, 0, line_start)) + 1
    where = describe_path(data, record.path)
    raise DataError([Problem(display, line, at - line_start + 1, record.path, message, where=where)])


def _node_at(document: Any, path: str) -> Any:
    node = document
    for part in path.replace("[", ".[").split("."):
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node
