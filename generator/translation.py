"""Translation freshness and quality reviews: the state of every bilingual text (record_edits.py writes them).

Each English text records `en_from`, a fingerprint of the Chinese it was translated from. When the
Chinese changes and the English does not, the fingerprints differ and the translation is stale.

Freshness is not quality: `reviewed: {by, method, date, fingerprint}` records that someone who did not write
the text checked the English against the Chinese, how, and on what date. Its fingerprint covers both texts as
reviewed, so an edit to either afterwards shows as "changed since review" instead of silently keeping the old
verdict.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from .models import Dataset, Glossary, GlossaryTerm, LocalizedText, Review, ShortTitle

TranslationState = Literal["current", "stale", "missing", "not-accepted"]
STATE_ORDER: tuple[TranslationState, ...] = ("missing", "stale", "not-accepted", "current")  # worst first
SOURCE_RECORD = "source"
GLOSSARY_RECORD = "glossary"
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
        return "not-accepted"
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
