"""Typed, frozen models of the data file; their JSON Schema is what editors' tools check against.

The models describe the *structure* (types, required and unknown fields, allowed values, id and
date patterns). Rules that span records (unique ids, references, numbering, dates against other
dates) live in ``validate.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, WithJsonSchema
from pydantic_core import PydanticCustomError

from .characters import character_class, draws_nothing, is_invisible
from .normalize import RULE_NAMES

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FINGERPRINT_PATTERN = r"^[0-9a-f]{8}$"


def _in_a_host_name(character: str) -> bool:
    """A letter of any script, a mark that goes with it, or a digit (and not one that draws nothing)."""
    category = unicodedata.category(character)
    return (category[0] in "LM" or category == "Nd") and not draws_nothing(character)


# No address may hold a character a reader cannot see (``https://exa\u200bmple.com/`` is not example.com), nor a
# backslash, which browsers read as '/' (``https://evil.example\\www.gov.cn/`` leads to evil.example).
_HIDDEN_IN_ADDRESSES = character_class(draws_nothing)
_URL_CHARACTER = rf'[^\s<>"\\\x00-\x1f\x7f-\x9f{_HIDDEN_IN_ADDRESSES}]'
# A host name is labels of letters, digits and hyphens joined by single dots (www.gov.cn, 例子.中国), or an IPv6
# address in brackets. Its letters are those of the Basic Multilingual Plane, as the JSON Schema can check.
_LABEL = f"[-{character_class(_in_a_host_name)}]+"
_HOST = rf"(?:\[[0-9A-Fa-f:.]+\]|{_LABEL}(?:\.{_LABEL})*)"
_PORT = r"0*(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
# What the JSON Schema can check (characters of the Basic Multilingual Plane only: editors' tools read the
# pattern as JavaScript, whose escapes stop there): a scheme in small letters, a host with no user name or
# password before it, a port from 1 to 65535, then a path. ``_check_url`` checks all this, in words.
URL_PATTERN = rf"^https?://{_HOST}(?::{_PORT})?(?:[/?#]{_URL_CHARACTER}*)?$"
MAX_PORT = 65535
MAX_ID_LENGTH = 80

Status = Literal["announced", "in-progress", "completed", "stalled", "superseded"]
STATUSES: tuple[Status, ...] = get_args(Status)  # in the order pages list them
# Words an editor writes for a status that are not one: the status each means.
STATUS_MEANINGS: dict[str, Status] = {
    "done": "completed",
    "finished": "completed",
    "complete": "completed",
    "ongoing": "in-progress",
    "started": "in-progress",
    "paused": "stalled",
    "replaced": "superseded",
}
NormalizationRule = Literal["fullwidth-punctuation", "remove-stray-spaces", "replace"]
assert set(NormalizationRule.__args__) == set(RULE_NAMES)  # type: ignore[attr-defined]


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "the text is empty: write the text, or remove the field")
    if is_invisible(value):
        raise PydanticCustomError(
            "invisible_text",
            "the text has no visible character (only spaces or invisible characters such as U+200B): "
            "write the text, or remove the field",
        )
    return value


def _check_id(value: str) -> str:
    if not re.fullmatch(ID_PATTERN, value) or len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "invalid_id",
            "'{value}' is not a valid id: use lowercase ASCII letters, digits and single hyphens "
            "(at most {limit} characters), e.g. 'business-environment'",
            {"value": value, "limit": MAX_ID_LENGTH},
        )
    return value


def _check_date(value: str) -> str:
    try:
        if not re.fullmatch(DATE_PATTERN, value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "invalid_date", '\'{value}\' is not a date: write it as "YYYY-MM-DD", e.g. "2020-04-16"', {"value": value}
        ) from None
    return value


def _check_url(value: str) -> str:
    # An address with an '@' is never repeated: what stands before the '@' may be a password, cut anywhere.
    shown = "this address" if "@" in value else f"'{value}'"
    if not re.match(r"https?://", value):
        scheme = re.match(r"https?://", value, re.IGNORECASE)
        if scheme:
            raise PydanticCustomError(
                "url_scheme_case",
                "this address begins with '{scheme}': write https:// or http:// in small letters",
                {"scheme": scheme[0]},
            )
        raise PydanticCustomError(
            "invalid_url", "{address} is not a web address: it must start with https:// or http://", {"address": shown}
        )
    hidden = next((character for character in value if draws_nothing(character)), None)
    if hidden is not None:
        raise PydanticCustomError(
            "hidden_in_url",
            "this address has an invisible or space character ({character}) in it, which readers cannot see and "
            "which makes it another address: type the address again by hand, without spaces",
            {"character": f"U+{ord(hidden):04X}"},
        )
    if "\\" in value:
        raise PydanticCustomError(
            "backslash_in_url",
            "a backslash (\\) in this address is read as '/' by browsers (https://evil.example\\www.gov.cn/ leads to "
            "evil.example): write '/' in its place, or %5C where the address really has a backslash",
        )
    authority = re.split(r"[/?#]", value.split("://", 1)[1], maxsplit=1)[0]
    _, at, host_and_port = authority.rpartition("@")
    if at:
        raise PydanticCustomError(
            "user_in_url",
            "this address has a user name or password before '@' (https://…@{host}): a reader's browser goes to "
            "{host}, whatever stands before '@'; write the address without the part before '@' (and never "
            "publish a password)",
            {"host": host_and_port or "nothing"},
        )
    port = _port_of(host_and_port)
    if port is not None and not re.fullmatch("[0-9]+", port):
        # Never repeated either: it may be a password cut at a '/', '?' or '#' (https://user:pass/word@…).
        raise PydanticCustomError(
            "not_a_port_in_url",
            "the part after the host's ':' is not a port number from 1 to {limit}: if the address holds a user "
            "name and password (user:password@…), write it without them and without the '@' (they never belong in "
            "an address); else write the port's number after ':', or remove the ':' for the usual port",
            {"limit": MAX_PORT},
        )
    if port is not None and not (len(port) <= len(str(MAX_PORT)) + 5 and 1 <= int(port) <= MAX_PORT):
        raise PydanticCustomError(
            "port_in_url",
            "{address} has the port ':{port}', which no server can have (a port is a number from 1 to {limit}): "
            "correct the number after ':', or remove ':{port}' for the usual port",
            {"address": shown, "port": port, "limit": MAX_PORT},
        )
    host = host_and_port if port is None else host_and_port[: -len(port) - 1]
    if host and not (re.fullmatch(_HOST, host) and _host_of(value)):
        raise PydanticCustomError(
            "not_a_host_in_url",
            "the host of {address} is not a host name: a host name is words of letters, digits and hyphens joined "
            "by single dots (e.g. www.gov.cn or 例子.中国), or an IPv6 address in brackets (e.g. [2001:db8::1])",
            {"address": shown},
        )
    if not re.fullmatch(URL_PATTERN, value) or not host:
        raise PydanticCustomError(
            "url_without_host",
            "{address} is not a web address: after https:// or http:// comes a host name (e.g. "
            "https://example.org/page), and an address has no spaces, quotation marks, < or >",
            {"address": shown},
        )
    return value


def _host_of(value: str) -> str | None:
    try:
        return urlsplit(value).hostname
    except ValueError:  # brackets that hold no IPv6 address
        return None


def _port_of(host_and_port: str) -> str | None:
    """What follows the host's ':' (the port as written), or None when there is no ':'."""
    host_end = host_and_port.rfind("]") + 1  # an IPv6 host ([::1]) has colons of its own
    _, colon, port = host_and_port[host_end:].rpartition(":")
    return port if colon else None


def _check_fingerprint(value: str) -> str:
    if not re.fullmatch(FINGERPRINT_PATTERN, value):
        raise PydanticCustomError(
            "invalid_fingerprint",
            "'{value}' is not a fingerprint: remove this line, check that the English says what the Chinese says, "
            "then run `make accept ID=<the id of this initiative or theme>`",
            {"value": value},
        )
    return value


# For editors' tools (as they type): something not blank, and none of the characters that cannot be
# published (generator/characters.py, which the build applies, also catches the rarer ones).
TEXT_PATTERN = (
    r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]*$"
)
Text = Annotated[str, AfterValidator(_check_text), WithJsonSchema({"type": "string", "pattern": TEXT_PATTERN})]
Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH}),
]
IsoDate = Annotated[
    str, AfterValidator(_check_date), WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "format": "date"})
]
SHORT_ZH_LIMIT = 16
SHORT_EN_LIMIT = 40
ShortZh = Annotated[
    str,
    AfterValidator(_check_text),
    Field(max_length=SHORT_ZH_LIMIT),
    WithJsonSchema({"type": "string", "pattern": r"\S", "maxLength": SHORT_ZH_LIMIT}),
]
ShortEn = Annotated[
    str,
    AfterValidator(_check_text),
    Field(max_length=SHORT_EN_LIMIT),
    WithJsonSchema({"type": "string", "pattern": r"\S", "maxLength": SHORT_EN_LIMIT}),
]
Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "pattern": URL_PATTERN})]
Fingerprint = Annotated[
    str, AfterValidator(_check_fingerprint), WithJsonSchema({"type": "string", "pattern": FINGERPRINT_PATTERN})
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# The method of the reviews recorded before reviews said how they were made.
UNRECORDED_METHOD = "unrecorded"


class Review(Model):
    """A quality review of a translation: who checked it, how, when, and which text they checked. Written by
    someone who did not write the text (`make review ID=… BY=… METHOD=…`)."""

    by: Text = Field(
        description="Who reviewed the text: a role (`independent translation reviewer`) or a name; never the "
        "text's author"
    )
    method: Text = Field(
        description="How the text was reviewed, e.g. `independent bilingual review against the article`; "
        f"`{UNRECORDED_METHOD}` for the reviews recorded before the method was"
    )
    date: IsoDate = Field(description="Date of the review")
    fingerprint: Fingerprint = Field(
        description="Fingerprint of the Chinese and English as reviewed (written by `make review ID=<id>`); "
        "when either text changes later, the review no longer applies"
    )


class LocalizedText(Model):
    """A text in Chinese (the original) and its English translation."""

    zh: Text = Field(description="Chinese (Simplified): the original text")
    en: Text | None = Field(
        default=None,
        description="English translation. May be missing only while the entry is marked `draft: true`.",
    )
    en_from: Fingerprint | None = Field(
        default=None,
        description="Fingerprint of the Chinese text the English was translated from "
        "(written by `make accept ID=<initiative or theme id>` once the English says what the Chinese says; "
        "do not edit by hand).",
    )
    reviewed: Review | None = Field(
        default=None, description="The last quality review of the English (distinct from `en_from`, its freshness)"
    )

    def text(self, language: str) -> str | None:
        return self.zh if language == "zh" else self.en

    def text_or_chinese(self, language: str) -> str:
        """The text in ``language``; the Chinese while its translation is missing (a draft)."""
        return self.text(language) or self.zh

    def __hash__(self) -> int:
        # Texts key the renderer's caches, looked up for every text of every page: pydantic's hash of a
        # frozen model hashes every field, the fingerprint and review models too. Equal texts have
        # the same two texts, so these two are enough.
        return hash((self.zh, self.en))


class Normalization(Model):
    """One recorded difference between the source article and the published Chinese text."""

    model_config = ConfigDict(populate_by_name=True)

    field: str = Field(description="Which text, e.g. `body.zh`", pattern=r"^[a-z]+\.zh$")
    rule: NormalizationRule
    from_: str | None = Field(default=None, alias="from", description="For `replace`: the text in the source")
    to: str | None = Field(default=None, description="For `replace`: the published text")
    note: Text | None = Field(default=None, description="What changed, for readers of the about page")


class ExternalSource(Model):
    """A published source other than the 2020 article, the same for an update and a glossary term: a title,
    and what else lets another editor find it. A URL only when a real one exists (a printed source has none)."""

    title: LocalizedText = Field(description="Its title, in Chinese and English")
    outlet: LocalizedText | None = Field(
        default=None, description="Who published it (a newspaper, a publisher, a government office)"
    )
    date: IsoDate | None = Field(default=None, description="When it was published")
    url: Url | None = Field(default=None, description="Where it can be read, only when a real address exists")


# Field names editors wrote before a source had one shape (a glossary source's `publisher`): the field now.
RENAMED_FIELDS = {"publisher": "outlet"}


# The two kinds of an update's source, as pydantic names the branch in an error's location.
ARTICLE_SOURCE = "article"
EXTERNAL_SOURCE = "external source"
SOURCE_KINDS = (ARTICLE_SOURCE, EXTERNAL_SOURCE)


def _source_kind(value: Any) -> str:
    """Which branch an editor meant: a mapping (or a model) is an external source, anything else
    is meant as the word `article`, so that an error is about what they wrote, not the other kind."""
    return EXTERNAL_SOURCE if isinstance(value, dict | ExternalSource) else ARTICLE_SOURCE


UpdateSource = Annotated[
    Annotated[Literal["article"], Tag(ARTICLE_SOURCE)] | Annotated[ExternalSource, Tag(EXTERNAL_SOURCE)],
    Discriminator(_source_kind),
]


class Update(Model):
    """A dated step in what became of an initiative, with its source."""

    date: IsoDate
    text: LocalizedText
    status: Status | None = Field(default=None, description="The initiative's status after this update")
    source: UpdateSource = Field(
        description="`article` for the 2020 source article, or a title (and a URL where one really exists)"
    )


class Source(Model):
    """The article the initiatives come from."""

    title: LocalizedText
    outlet: LocalizedText
    date: IsoDate
    reporter: LocalizedText
    announced: IsoDate = Field(description="Date of the meeting that set the initiatives")
    copy_path: str | None = Field(
        default=None,
        alias="copy",
        description="Attributed copy of the article kept in this repository (a path from the project folder, e.g. "
        "`data/sources/….txt`): the Chinese texts must equal it. Required unless `verbatim` is false",
    )
    verbatim: bool = Field(
        default=True,
        description="`false` only for a dataset that has no archived article (and so no `copy`): its Chinese texts "
        "are then not checked against one, and the source page says so",
    )
    url: Url | None = Field(default=None, description="Address of the original article, where it is still published")
    archive: Url | None = Field(
        default=None,
        description="Address of an archived snapshot of the original (e.g. in a web archive), when one exists",
    )
    lead: LocalizedText
    normalizations: list[Normalization] = []


class ShortTitle(Model):
    """A short title for navigation, cards and the matrix. Editorial: it never replaces the full title."""

    zh: ShortZh = Field(description=f"Chinese short title (at most {SHORT_ZH_LIMIT} characters), by the editors")
    en: ShortEn | None = Field(default=None, description=f"English short title (at most {SHORT_EN_LIMIT} characters)")
    reviewed: Review | None = Field(
        default=None, description="The last quality review of the English short title, as for every other text"
    )

    def text(self, language: str) -> str | None:
        return self.zh if language == "zh" else self.en


class Change(Model):
    """One entry of the changelog of content changes that readers see on the about page."""

    date: IsoDate
    text: LocalizedText


class Publication(Model):
    """Who publishes this site and how readers reach them; set by the editors, never guessed."""

    maintainer: LocalizedText = Field(description="Who maintains the site, as readers should read it")
    corrections: Url | None = Field(
        default=None,
        description="Where readers report errors: an address or issue form the editors really watch. "
        "Leave it out while there is none; the site then shows no corrections route.",
    )
    changes: list[Change] = Field(
        min_length=1,
        description="Changelog of content changes, oldest first; the newest date is the edition date",
    )


class Theme(Model):
    id: Id
    label: LocalizedText
    description: LocalizedText
    draft: bool = False


class Initiative(Model):
    id: Id = Field(description="Stable address of the initiative's pages; never change it once published")
    number: int = Field(ge=1, description="Number in the source article (1, 2, 3, …)")
    title: LocalizedText
    short: ShortTitle | None = Field(
        default=None, description="Short title for navigation, cards and the matrix (the full title otherwise)"
    )
    summary: LocalizedText
    body: LocalizedText
    measures: list[LocalizedText] = Field(min_length=1)
    themes: list[Id] = Field(min_length=1, max_length=4)
    related: list[Id] = []
    status: Status
    updates: list[Update] = Field(min_length=1)
    normalizations: list[Normalization] = []
    checked: IsoDate | None = Field(
        default=None,
        description="Date an editor last looked for news of this initiative (set it only after really looking)",
    )
    draft: bool = False


class Dataset(Model):
    """The whole data file."""

    model_config = ConfigDict(title="Zibo key reform initiatives", populate_by_name=True)

    site: Publication | None = Field(default=None, description="Who publishes the site; its changelog")
    source: Source
    themes: list[Theme] = Field(min_length=1)
    initiatives: list[Initiative] = Field(min_length=1)

    def edition_date(self) -> str:
        """The date of this edition of the content: the newest changelog entry (else the article's date)."""
        if self.site is None:
            return self.source.date
        return max(change.date for change in self.site.changes)

    def first_edition_date(self) -> str:
        if self.site is None:
            return self.source.date
        return min(change.date for change in self.site.changes)


class Avoided(Model):
    """A rendering the translation reviewers rejected, and why: the check refuses it where it would stand."""

    en: Text = Field(description="The rejected English words (letter case does not matter)")
    why: Text = Field(description="Why it is wrong, in a sentence an editor understands")


class GlossaryTerm(Model):
    id: Id
    zh: Text
    en: Text
    kind: Literal["term", "place"] = "term"
    pinyin: str | None = Field(
        default=None,
        description="Pinyin of the Chinese, with tone marks, for sorting the Chinese glossary; reviewed by an "
        "editor (polyphonic characters such as 重, 长 and 行 need a check)",
    )
    variants: list[Text] = []
    avoid: list[Avoided] = Field(
        default=[],
        description="Rival renderings the English never uses where the Chinese has the term, each with `why`; "
        "a place whose English is not its pinyin lists the pinyin form here and says why",
    )
    aliases: list[Text] = Field(
        default=[],
        description="Short forms and abbreviations in real use for this term that the texts do not contain "
        "(e.g. 国企 and SOE for 国有企业): search finds the term's pages by them, and the glossary shows them "
        "beside the term. An alias belongs to one term only.",
    )
    explanation: LocalizedText
    basis: Literal["definition", "article"] | None = Field(
        default=None,
        description="What the explanation rests on: `definition` (only what the term itself means) or `article` "
        "(only what the source article says). Otherwise give a `source`.",
    )
    source: ExternalSource | None = Field(
        default=None,
        description="Where a fact in the explanation beyond the term and the article comes from, written like "
        "an update's source",
    )
    needs_source: list[Text] = Field(
        default=[],
        description="Words the translation reviewers found state a fact the article does not give (a place, "
        "a year, who set something): the explanation may use them only once the term cites a `source`. "
        "In English they count as whole words, in Chinese anywhere; letter case does not matter.",
    )
    reviewed: Review | None = Field(
        default=None, description="The last quality review of the rendering and the explanation"
    )

    def aliases_for(self, language: str) -> list[str]:
        """The aliases shown beside the term in ``language`` ("zh": those written in Chinese characters)."""
        return [alias for alias in self.aliases if has_han(alias) == (language == "zh")]


def has_han(text: str) -> bool:
    """Whether ``text`` has a Chinese character."""
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


class Rendering(Model):
    """A phrase of the article whose English the translation reviewers settled. Unlike a glossary term it is
    not explained to readers: it only tells translators what to write, and what never to write, for it."""

    zh: Text = Field(description="The Chinese phrase, as it appears in the texts")
    en: Text = Field(description="The English every text whose Chinese has the phrase must contain")
    variants: list[Text] = Field(default=[], description="Other wordings that are also accepted")
    avoid: list[Avoided] = Field(default=[], description="Renderings the English never uses for it, each with `why`")


class Hedge(Model):
    """A Chinese hedge (探索, 力争, 逐步): it commits to less than the plain verb, and the English keeps it."""

    model_config = ConfigDict(populate_by_name=True)

    zh: Text = Field(description="The hedge, as it appears in the texts")
    en: list[Text] = Field(
        min_length=1,
        description="Its accepted English renderings (whole words, any letter case): every English text says them "
        "at least as many times as its Chinese has the hedge",
    )
    except_: list[Text] = Field(
        default=[],
        alias="except",
        description="Longer Chinese words that contain the hedge but are not it (力争取 for 争取): not counted",
    )
    avoid: list[Avoided] = Field(default=[], description="Renderings the English never uses for it, each with `why`")


class Reading(Model):
    """The reading an editor checked for a word with a polyphonic character (重点 is zhòng diǎn, not chóng)."""

    zh: Text = Field(description="The word, in Chinese characters")
    pinyin: Text = Field(description="Its pinyin, with tone marks, one syllable per character")


class Synonym(Model):
    """Words readers search with that the texts do not use, and the words of the texts search finds for them
    (人才 → 招才引智). Not a term: the glossary page does not show it."""

    words: list[Text] = Field(min_length=1, description="What readers type (any language, any letter case)")
    finds: list[Text] = Field(
        min_length=1,
        description="Words of the texts that search also looks for when a reader types one of `words`; each "
        "occurs in the texts (Chinese in the Chinese texts, other words in the English, as whole words)",
    )
    both_ways: bool = Field(
        default=False,
        description="Also between the `finds`: a reader who types one of them is shown the pages of the others too",
    )


class Glossary(Model):
    model_config = ConfigDict(title="Zibo reforms glossary")

    terms: list[GlossaryTerm]
    readings: list[Reading] = Field(
        default=[],
        description="Checked readings of words with polyphonic characters: every term's pinyin agrees with them",
    )
    renderings: list[Rendering] = Field(
        default=[],
        description="Settled renderings of phrases that are not glossary terms (not shown to readers)",
    )
    hedges: list[Hedge] = Field(
        default=[],
        description="Chinese hedges and their accepted English renderings: the English keeps every hedge",
    )
    synonyms: list[Synonym] = Field(
        default=[],
        description="Words readers search with and the words of the texts they mean (search only; not shown "
        "on the glossary page)",
    )


def json_schema(model: type[BaseModel], schema_id: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, **schema}
