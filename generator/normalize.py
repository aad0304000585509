"""The recorded normalizations that turn the source article's text into the published Chinese text.

Each rule is named in the data (``normalizations: [{field: body.zh, rule: ...}]``) so that a
reader can see exactly how the published text differs from the article, and a test can prove
that nothing else changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

FULLWIDTH_PUNCTUATION = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})
# ASCII spaces, no-break spaces and ideographic spaces: Chinese prose has no word spaces.
STRAY_SPACES = str.maketrans({" ": None, "\u00a0": None, "\u3000": None})


def to_fullwidth_punctuation(text: str) -> str:
    return text.translate(FULLWIDTH_PUNCTUATION)


def remove_stray_spaces(text: str) -> str:
    return text.translate(STRAY_SPACES)


RULES: Mapping[str, Callable[[str], str]] = {
    "fullwidth-punctuation": to_fullwidth_punctuation,
    "remove-stray-spaces": remove_stray_spaces,
}
REPLACE_RULE = "replace"
RULE_NAMES = (*RULES, REPLACE_RULE)


def apply_normalizations(text: str, steps: Iterable[tuple[str, str | None, str | None]]) -> str:
    """Apply (rule, from, to) steps in order; ``replace`` uses from/to, the others ignore them."""
    for rule, old, new in steps:
        text = text.replace(old or "", new or "") if rule == REPLACE_RULE else RULES[rule](text)
    return text
