"""Translation freshness and quality reviews, and recording both in the data file.

Each English text records `en_from`, a fingerprint of the Chinese it was translated from. When the
Chinese changes and the English does not, the fingerprints differ and the translation is stale.

Freshness is not quality: `reviewed: {by, method, date, fingerprint}` records that someone who did not write
the text checked the English against the Chinese, how, and on what date. Its fingerprint covers both texts as
reviewed, so an edit to either afterwards shows as "changed since review" instead of silently keeping the old
verdict.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .edit_in_place import EditorFile
from .errors import DataError, Problem
from .models import Dataset, Glossary, GlossaryTerm, LocalizedText, Review, ShortTitle

TranslationState = Literal["current", "stale", "missing", "unreviewed"]
STATE_ORDER: tuple[TranslationState, ...] = ("missing", "stale", "unreviewed", "current")  # worst first
FINGERPRINT_KEY = "en_from"
SOURCE_RECORD = "source"
GLOSSARY_RECORD = "glossary"
REVIEW_KEY = "reviewed"
ReviewState = Literal["not-reviewed", "changed", "reviewed"]
REVIEW_ORDER: tuple[ReviewState, ...] = ("not-reviewed", "changed", "reviewed")  # worst first


# Cached: validation, each language's plan and the review list fingerprint the same texts again.
@functools.cache
def fingerprint(zh: str) -> str:
    """Short SHA-256 of the normalized Chinese text: changes when the text's meaning can change."""
    normalized = " ".join(unicodedata.normalize("NFC", zh).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:8]


def translation_state(text: LocalizedText) -> TranslationState:
    if text.en is None:
        return "missing"
    if text.en_from is None:
        return "unreviewed"
    return "current" if text.en_from == fingerprint(text.zh) else "stale"


def text_fingerprint(text: LocalizedText | ShortTitle) -> str:
    """What a review of ``text`` vouches for: its Chinese and its English together."""
    return fingerprint(f"{text.zh}\n{text.en or ''}")


def term_fingerprint(term: GlossaryTerm) -> str:
    """What a review of a glossary term vouches for: its renderings and its explanation."""
    parts = [term.zh, term.en, *term.variants, term.explanation.zh, term.explanation.en or ""]
    return fingerprint("\n".join(parts))


def review_state(review: Review | None, current: str) -> ReviewState:
    if review is None:
        return "not-reviewed"
    return "reviewed" if review.fingerprint == current else "changed"


def is_stale(text: LocalizedText) -> bool:
    return translation_state(text) == "stale"


def worst_state(states: Iterable[TranslationState]) -> TranslationState:
    found = set(states)
    return next((state for state in STATE_ORDER if state in found), "current")


@dataclass(frozen=True)
class TranslatedField:
    record_id: str  # initiative or theme id, or "source"
    kind: str  # "initiative", "theme" or "source"
    path: str  # data path of the bilingual text, e.g. "initiatives[0].measures[2]"
    field: str  # the same path inside its record, e.g. "measures[2]"
    state: TranslationState


def iter_record_texts(dataset: Dataset) -> Iterator[tuple[str, str, str, str, LocalizedText, bool]]:
    """(kind, record id, data path, field inside the record, text, is draft) for every bilingual text."""
    source = dataset.source
    for name in ("title", "outlet", "reporter", "lead"):
        yield "source", SOURCE_RECORD, f"source.{name}", name, getattr(source, name), False
    for index, theme in enumerate(dataset.themes):
        for name in ("label", "description"):
            yield "theme", theme.id, f"themes[{index}].{name}", name, getattr(theme, name), theme.draft
    for index, initiative in enumerate(dataset.initiatives):
        base = f"initiatives[{index}]"
        fields: list[tuple[str, LocalizedText]] = [(n, getattr(initiative, n)) for n in ("title", "summary", "body")]
        fields += [(f"measures[{m}]", measure) for m, measure in enumerate(initiative.measures)]
        for u, update in enumerate(initiative.updates):
            fields.append((f"updates[{u}].text", update.text))
            if not isinstance(update.source, str):
                fields.append((f"updates[{u}].source.title", update.source.title))
                if update.source.outlet:
                    fields.append((f"updates[{u}].source.outlet", update.source.outlet))
        for name, text in fields:
            yield "initiative", initiative.id, f"{base}.{name}", name, text, initiative.draft


def translation_report(dataset: Dataset) -> list[TranslatedField]:
    return [
        TranslatedField(record_id, kind, path, field, translation_state(text))
        for kind, record_id, path, field, text, _ in iter_record_texts(dataset)
    ]


@dataclass(frozen=True)
class ReviewedItem:
    record_id: str  # initiative or theme id, "source" or "glossary"
    kind: str  # "initiative", "theme", "source" or "glossary"
    path: str  # data path of the reviewed mapping, e.g. "initiatives[0].body" or "terms[3]"
    field: str  # the same inside its record, e.g. "body", or the glossary term's id
    fingerprint: str  # of the text as it is now
    review: Review | None

    @property
    def state(self) -> ReviewState:
        return review_state(self.review, self.fingerprint)


def review_report(dataset: Dataset, glossary: Glossary | None = None) -> list[ReviewedItem]:
    """Every translated text (short titles too, and glossary terms) with its review, if any."""
    items = [
        ReviewedItem(record_id, kind, path, field, text_fingerprint(text), text.reviewed)
        for kind, record_id, path, field, text, _ in iter_record_texts(dataset)
        if text.en is not None
    ]
    items += [
        ReviewedItem(
            i.id, "initiative", f"initiatives[{index}].short", "short", text_fingerprint(i.short), i.short.reviewed
        )
        for index, i in enumerate(dataset.initiatives)
        if i.short is not None and i.short.en is not None
    ]
    return items + (term_reviews(glossary) if glossary else [])


def term_reviews(glossary: Glossary) -> list[ReviewedItem]:
    return [
        ReviewedItem(
            GLOSSARY_RECORD, GLOSSARY_RECORD, f"terms[{index}]", term.id, term_fingerprint(term), term.reviewed
        )
        for index, term in enumerate(glossary.terms)
    ]


@dataclass(frozen=True)
class RecordReview:
    """How far the texts of one page's record are reviewed."""

    state: ReviewState  # the worst among its texts
    reviewed: int  # texts whose review still applies
    total: int
    reviews: tuple[Review, ...]  # who reviewed them and how: the latest review of each, newest first


def record_reviews(dataset: Dataset, glossary: Glossary | None = None) -> dict[str, RecordReview]:
    grouped: dict[str, list[ReviewedItem]] = {}
    for item in review_report(dataset, glossary):
        grouped.setdefault(item.record_id, []).append(item)
    result = {}
    for record_id, items in grouped.items():
        current = [item.review for item in items if item.state == "reviewed" and item.review]
        found = {item.state for item in items}
        state = next(s for s in REVIEW_ORDER if s in found)
        latest: dict[tuple[str, str], Review] = {}
        for review in sorted(current, key=lambda review: review.date, reverse=True):
            latest.setdefault((review.by, review.method), review)
        result[record_id] = RecordReview(state, len(current), len(items), tuple(latest.values()))
    return result


def record_states(dataset: Dataset) -> dict[str, TranslationState]:
    """The worst state among the texts of each initiative, theme and the source."""
    states: dict[str, list[TranslationState]] = {}
    for item in translation_report(dataset):
        states.setdefault(item.record_id, []).append(item.state)
    return {record_id: worst_state(found) for record_id, found in states.items()}


def page_states(dataset: Dataset) -> dict[str, TranslationState]:
    """What each record's English page says at its top: "missing" only for a draft, whose whole page is
    the Chinese; elsewhere an untranslated text is labelled where it stands, not the page."""
    states: dict[str, list[TranslationState]] = {}
    for _, record_id, _, _, text, draft in iter_record_texts(dataset):
        state = translation_state(text)
        states.setdefault(record_id, []).append("current" if state == "missing" and not draft else state)
    return {record_id: worst_state(found) for record_id, found in states.items()}


# --- accepting reviewed translations: a round-trip edit of the data file --------------------------


def accept_translations(data_path: Path, record_ids: set[str] | None, glossary_path: Path | None = None) -> list[str]:
    """Record the current Chinese fingerprints for the given records (all when None).

    Edits the file in place with a round-trip YAML library, so comments, key order, quoting and line
    layout stay as the editor wrote them; refuses to write if anything but fingerprints would change,
    or if the file changed since it was read (edit_in_place.py). Returns the data paths whose
    fingerprint was written.
    """
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from . import edit_in_place
    from .errors import display_path
    from .loader import load_file, load_text
    from .pipeline import GLOSSARY_NAME
    from .validate import validate

    display = display_path(data_path)
    file = edit_in_place.read(data_path, display)
    # The fingerprints come from the very text that is rewritten, never from an earlier read.
    glossary_path = glossary_path or data_path.parent / GLOSSARY_NAME
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
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from . import edit_in_place
    from .errors import display_path

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


def _edit_data_file(file: EditorFile, display: str, changes: dict[str, tuple[str, Any]]) -> None:
    """Set ``key: value`` in the mapping at each data path; keep everything else byte for byte."""
    from ruamel.yaml import YAML

    from . import edit_in_place

    if not changes:
        return
    yaml = _round_trip_yaml(YAML)
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


def _round_trip_yaml(yaml_class: Any) -> Any:
    yaml = yaml_class()  # round-trip mode: keeps comments, order, quotes, flow and block styles
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
