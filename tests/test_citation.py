"""The BibTeX entry of a page (generator/citation.py), read back by a BibTeX parser: whatever the title says."""

from __future__ import annotations

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.citation import bibtex_entry, bibtex_url, escape_bibtex
from generator.languages import LANGUAGES
from generator.models import Initiative, LocalizedText
from tests.samples import MINIMAL, validate_text

SPECIALS = "\\^~&%$#_{}"
TITLES = st.text(alphabet=st.sampled_from(f"{SPECIALS}aZ09 淄博-'`\".,:;()[]<>@!?/"), min_size=1, max_size=40).filter(
    str.strip
)
SITE_NAME = "Zibo's 15 Key Reform Initiatives"


def entry_fields(entry: str, *, decode: bool = False) -> dict[str, str]:
    """The fields of the one entry a BibTeX parser reads in ``entry``; with ``decode``, as LaTeX prints them."""
    library = bibtexparser.parse_string(entry, append_middleware=[LatexDecodingMiddleware()] if decode else [])
    assert library.failed_blocks == [] and len(library.entries) == 1, entry
    return {field.key: field.value for field in library.entries[0].fields}


def printed(text: str) -> str:
    # pylatexenc prints \textasciicircum as U+02C6, the modifier letter that looks like ^.
    return text.replace("\u02c6", "^")


def initiative_titled(title: str) -> Initiative:
    initiative = validate_text(MINIMAL).dataset.initiatives[0]
    return initiative.model_copy(update={"title": LocalizedText(zh=title, en=title)})


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(TITLES)
def test_every_special_character_of_a_title_is_escaped_and_reads_back_as_written(title: str) -> None:
    for language in LANGUAGES.values():
        url = "https://example.org/zibo/initiatives/first/"
        entry = bibtex_entry(initiative_titled(title), language, url, SITE_NAME, "2026-11-26", "Edition of 26 Nov")
        raw = entry_fields(entry)
        assert raw["title"].startswith("{") and raw["title"].endswith("}")  # protected: styles keep its case
        assert raw["author"] == "{" + escape_bibtex(SITE_NAME) + "}"  # a corporate name, never "Initiatives, Z."
        decoded = entry_fields(entry, decode=True)
        assert printed(decoded["title"]).strip() == " ".join(title.split())
        assert decoded["author"] == SITE_NAME and raw["url"] == url and raw["year"] == "2026"


def test_each_tex_special_has_its_escape_and_a_backslash_is_never_a_line_break() -> None:
    assert escape_bibtex(SPECIALS) == (r"\textbackslash{}\textasciicircum{}\textasciitilde{}\&\%\$\#\_\{\}")
    assert "\\\\" not in escape_bibtex("a\\b")


def test_an_address_stays_verbatim_but_never_unbalances_the_entry() -> None:
    assert bibtex_url("https://example.org/~a/b_c%20d#e") == "https://example.org/~a/b_c%20d#e"
    assert bibtex_url("https://example.org/a{b}\\c") == "https://example.org/a%7Bb%7D%5Cc"
