"""Recording fingerprints (`make accept`) and reviews (`make review`) in the editors' YAML files.

The files are edited in place with a round-trip YAML library, so comments, key order, quoting and line
layout stay as the editor wrote them; an edit that would change anything but the recorded keys is
refused, and edit_in_place.py keeps the editor's last save and the file's protections.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import edit_in_place
from .errors import DataError, Problem, display_path
from .loader import load_file, load_text
from .project import glossary_beside
from .translation import ReviewedItem, fingerprint, iter_record_texts
from .validate import validate

FINGERPRINT_KEY = "en_from"
REVIEW_KEY = "reviewed"


def accept_translations(data_path: Path, record_ids: set[str] | None, glossary_path: Path | None = None) -> list[str]:
    """Record the current Chinese fingerprints for the given records (all when None).

    Edits the file in place with a round-trip YAML library, so comments, key order, quoting and line
    layout stay as the editor wrote them; refuses to write if anything but fingerprints would change,
    or if the file changed since it was read (edit_in_place.py). Returns the data paths whose
    fingerprint was written.
    """
    display = display_path(data_path)
    file = edit_in_place.read(data_path, display)
    # The fingerprints come from the very text that is rewritten, never from an earlier read.
    glossary_path = glossary_path or glossary_beside(data_path)
    dataset = validate(load_text(file.text, display), load_file(glossary_path, display_path(glossary_path))).dataset
    changes = {}
    for _, record_id, path, _, text, _ in iter_record_texts(dataset):
        if (record_ids is None or record_id in record_ids) and text.en is not None:
            new = fingerprint(text.zh)
            if text.en_from != new:
                # Quoted: an unquoted 8561e367 would read as a number in YAML.
                changes[path] = (FINGERPRINT_KEY, DoubleQuotedScalarString(new))
    _edit_data_file(file, display, changes)
    return list(changes)


def record_reviews_in_file(
    data_path: Path, items: Iterable[ReviewedItem], by: str, method: str, date: str, every: bool = False
) -> list[str]:
    """Write ``reviewed: {by, method, date, fingerprint}`` beside each item whose review is missing or out of
    date (``every``: beside each item, re-recording current reviews too).

    The same careful round-trip edit as ``accept_translations``. Returns the data paths written.
    """
    changes = {}
    for item in items:
        if item.state == "reviewed" and not every:
            continue
        review = CommentedMap(
            by=by,
            method=method,
            date=DoubleQuotedScalarString(date),
            fingerprint=DoubleQuotedScalarString(item.fingerprint),
        )
        review.fa.set_flow_style()  # one line, so the diff shows one review per line
        changes[item.path] = (REVIEW_KEY, review)
    if changes:
        display = display_path(data_path)
        _edit_data_file(edit_in_place.read(data_path, display), display, changes)
    return list(changes)


def _edit_data_file(file: edit_in_place.EditorFile, display: str, changes: dict[str, tuple[str, Any]]) -> None:
    """Set ``key: value`` in the mapping at each data path; keep everything else byte for byte."""
    if not changes:
        return
    yaml = _round_trip_yaml()
    document = yaml.load(file.text)
    for path, (key, value) in changes.items():
        _set_key(_node_at(document, path), key, value)
    output = io.StringIO()
    yaml.dump(document, output)
    _refuse_unrelated_changes(display, file.text, output.getvalue())
    edit_in_place.replace(file, output.getvalue(), display)


_KEY_AFTER = {FINGERPRINT_KEY: "en", REVIEW_KEY: FINGERPRINT_KEY}  # where a new key goes: en, en_from, reviewed


def _set_key(node: Any, key: str, value: Any) -> None:
    anchor = _KEY_AFTER.get(key)
    if key in node or anchor in node:
        if key in node:
            node[key] = value
        else:
            node.insert(list(node).index(anchor) + 1, key, value)
        return
    last = list(node)[-1] if node else None
    node[key] = value
    # The lines after a mapping's last value (a blank line, the next section's heading comment) belong after
    # the new last key: otherwise `reviewed:` would be written below the next section's heading.
    after = node.ca.items.get(last) if last is not None else None
    if after and len(after) > 2 and after[2] is not None and after[2].value.startswith("\n"):
        node.ca.items[key] = [None, None, after[2], None]
        after[2] = None


def _round_trip_yaml() -> YAML:
    yaml = YAML()  # round-trip mode: keeps comments, order, quotes, flow and block styles
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an editor's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _node_at(document: Any, path: str) -> Any:
    node = document
    for part in path.replace("[", ".[").split("."):
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


_FINGERPRINT = r"""(?:"[0-9a-f]{8}"|'[0-9a-f]{8}'|[0-9a-f]{8})"""
_FINGERPRINT_LINE = re.compile(rf"^[ \t]*{FINGERPRINT_KEY}: {_FINGERPRINT}[ \t]*\n", re.MULTILINE)
_FINGERPRINT_IN_FLOW = re.compile(rf",[ \t]*{FINGERPRINT_KEY}: {_FINGERPRINT}(?=[ \t]*[,}}])")


_REVIEW_LINE = re.compile(rf"^[ \t]*{REVIEW_KEY}: {{[^{{}}\n]*}}[ \t]*\n", re.MULTILINE)
_REVIEW_IN_FLOW = re.compile(rf",[ \t]*{REVIEW_KEY}: {{[^{{}}\n]*}}(?=[ \t]*[,}}])")


def _without_fingerprints(text: str) -> str:
    """The text without the lines (or flow entries) that recording fingerprints and reviews may write."""
    for pattern in (_REVIEW_IN_FLOW, _REVIEW_LINE, _FINGERPRINT_IN_FLOW, _FINGERPRINT_LINE):
        text = pattern.sub("", text)
    return text


def _refuse_unrelated_changes(display: str, before: str, after: str) -> None:
    old, new = _without_fingerprints(before).splitlines(), _without_fingerprints(after).splitlines()
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            raise DataError(
                [
                    Problem(
                        display,
                        1,
                        1,
                        "",
                        "recording fingerprints would also reformat this "
                        f"line: {line[1:].strip()[:80]!r}; nothing was written. Write multi-line "
                        "{…} mappings on one line or in block style, then try again.",
                    )
                ]
            )
