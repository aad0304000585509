"""Fingerprints of the Chinese a translation was made from, and the state they imply."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Literal

from .models import LocalizedText

TranslationState = Literal["current", "stale", "missing", "unreviewed"]


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
