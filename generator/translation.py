"""Translation freshness: which English texts are missing, stale or current, and accepting reviews.

Each English text records `en_from`, a fingerprint of the Chinese it was translated from. When the
Chinese changes and the English does not, the fingerprints differ and the translation is stale.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import DataError, Problem
from .models import Dataset, LocalizedText

TranslationState = Literal["current", "stale", "missing", "unreviewed"]
STATE_ORDER: tuple[TranslationState, ...] = ("missing", "stale", "unreviewed", "current")  # worst first
FINGERPRINT_KEY = "en_from"
SOURCE_RECORD = "source"


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


def accept_translations(data_path: Path, dataset: Dataset, record_ids: set[str] | None) -> list[str]:
    """Record the current Chinese fingerprints for the given records (all when None).

    Edits the file in place with a round-trip YAML library, so comments, key order, quoting and line
    layout stay as the editor wrote them; refuses to write if anything but fingerprints would change.
    Returns the data paths whose fingerprint was written.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from .writer import write_atomically

    yaml = _round_trip_yaml(YAML)
    original = data_path.read_text("utf-8")
    document = yaml.load(original)
    changed = []
    for _, record_id, path, _, text, _ in iter_record_texts(dataset):
        if (record_ids is None or record_id in record_ids) and text.en is not None:
            new = fingerprint(text.zh)
            if text.en_from != new:
                # Quoted: an unquoted 8561e367 would read as a number in YAML.
                _node_at(document, path)[FINGERPRINT_KEY] = DoubleQuotedScalarString(new)
                changed.append(path)
    if not changed:
        return []
    output = io.StringIO()
    yaml.dump(document, output)
    _refuse_unrelated_changes(data_path, original, output.getvalue())
    write_atomically(data_path, output.getvalue().encode("utf-8"))
    return changed


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
_FINGERPRINT_IN_FLOW = re.compile(rf",[ \t]*{FINGERPRINT_KEY}: {_FINGERPRINT}(?=[ \t]*}})")


def _without_fingerprints(text: str) -> str:
    return _FINGERPRINT_IN_FLOW.sub("", _FINGERPRINT_LINE.sub("", text))


def _refuse_unrelated_changes(data_path: Path, before: str, after: str) -> None:
    old, new = _without_fingerprints(before).splitlines(), _without_fingerprints(after).splitlines()
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            raise DataError(
                [
                    Problem(
                        str(data_path),
                        1,
                        1,
                        "",
                        "recording fingerprints would also reformat this "
                        f"line: {line[1:].strip()[:80]!r}; nothing was written. Write multi-line "
                        "{…} mappings on one line or in block style, then try again.",
                    )
                ]
            )
