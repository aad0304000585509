"""Which characters may be published: every text of the data goes into HTML, XML (the Atom feed),
JSON-LD, JSON and CSV, and some of those formats cannot carry some characters at all.

Refused anywhere in the data:
- control characters (C0, DEL, C1) other than newline and tab: XML 1.0 cannot hold most of them,
  and a terminal that prints an error message would obey them;
- noncharacters (U+FDD0-U+FDEF and the last two code points of every plane): Unicode reserves
  them for a program's internal use; XML parsers and MkDocs' front matter refuse them;
- lone surrogates: they are halves of a UTF-16 pair, not characters; no UTF-8 file can hold them;
- bidirectional overrides and isolates: they reorder what a reader sees without being seen;
- the line and paragraph separators U+2028 and U+2029 (written as escapes: the file itself cannot
  hold them, generator/loader.py): a page shows no break, old JavaScript ends a string at them.

A text that has no visible character at all (only spaces, zero-width and other invisible
characters) is as empty as no text: ``is_invisible`` tells, from Unicode's categories.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_NONCHARACTERS = [chr(code) for code in range(0xFDD0, 0xFDF0)] + [
    chr(plane << 16 | last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
]
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SEPARATORS = "\u2028\u2029"
# Ranges only: a class that lists characters beyond U+FFFF one by one makes every search ten times
# slower. Anything beyond U+FFFF is matched, then checked for being one of the noncharacters there.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)


def find_unpublishable(text: str) -> int | None:
    """The index of the first character that cannot be published, or None."""
    match = _SUSPECT.search(text)
    while match is not None:
        if ord(match[0]) <= 0xFFFF or ord(match[0]) & 0xFFFE == 0xFFFE:
            return match.start()
        match = _SUSPECT.search(text, match.end())
    return None


def describe(character: str) -> str:
    """A character as an editor can find it: its code point and name, e.g. "U+202E (RIGHT-TO-LEFT OVERRIDE)"."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate: half of a UTF-16 pair, not a character"
    elif character in _NONCHARACTERS:
        kind = "a noncharacter, reserved by Unicode for programs' internal use"
    elif character in _BIDI_CONTROLS:
        kind = f"{unicodedata.name(character)}: it reorders the text a reader sees without being seen"
    elif character in _SEPARATORS:
        kind = f"{unicodedata.name(character)}: an invisible line break; start a new text or use a space"
    else:
        kind = "a control character" + (f": {_CONTROL_NAMES[code]}" if code in _CONTROL_NAMES else "")
    return f"U+{code:04X} ({kind})"


_CONTROL_NAMES = {0x00: "NULL", 0x1B: "ESCAPE, as in terminal colour codes", 0x7F: "DELETE", 0x85: "NEXT LINE"}


# Letters, marks, numbers, punctuation and symbols are what a reader sees; separators and the "other"
# categories (controls, format characters such as U+200B and U+FEFF, unassigned) are not.
_VISIBLE_CATEGORIES = {"L", "N", "P", "S"}
_BLANK_CATEGORIES = ("Cf", "Zs", "Zl", "Zp")
# Characters that draw nothing although their category is a letter's, a mark's or a symbol's: the Hangul
# fillers (U+115F, U+1160, U+3164, U+FFA0, whose names end in FILLER), the blank Braille pattern (U+2800),
# the combining grapheme joiner (U+034F) and the variation selectors (U+FE00-U+FE0F and others).
_BLANK_NAMES = {"BRAILLE PATTERN BLANK", "COMBINING GRAPHEME JOINER"}


def is_invisible(text: str) -> bool:
    """True when no character of the text would show: only spaces, zero-width or filler characters."""
    return not any(_is_visible(character) for character in text)


def _is_visible(character: str) -> bool:
    return unicodedata.category(character)[0] in _VISIBLE_CATEGORIES and not draws_nothing(character)


def draws_nothing(character: str) -> bool:
    """True for a character a reader cannot see, even between others: a space or line separator, a format
    character (U+200B, U+FEFF), a Hangul filler (U+3164), the blank Braille pattern (U+2800), U+034F."""
    if unicodedata.category(character) in _BLANK_CATEGORIES:
        return True
    name = unicodedata.name(character, "")
    return name.endswith(" FILLER") or name in _BLANK_NAMES or "VARIATION SELECTOR" in name


def escape_for_terminal(text: str) -> str:
    """Text with every control, format (ESC of colour codes, invisible and bidirectional marks),
    surrogate, private-use or unassigned character written as an escape, so that a message shows
    the data as it is and a terminal never obeys it."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _ESCAPED_CATEGORIES else c for c in text)


_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(character: str) -> str:
    code = ord(character)
    if character in _SHORT:
        return _SHORT[character]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def character_class(belongs: Callable[[str], bool], limit: int = 0xFFFF) -> str:
    """The characters up to ``limit`` that ``belongs`` accepts, as the inside of a regular expression's [...]
    that Python and JavaScript read alike (ranges of escapes; ASCII letters and digits as themselves)."""
    ranges: list[tuple[int, int]] = []
    for code in range(limit + 1):
        if belongs(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(_in_class(first) + (f"-{_in_class(last)}" if last > first else "") for first, last in ranges)


def _in_class(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else f"\\u{code:04x}"
