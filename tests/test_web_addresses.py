"""Web addresses (``source.url``, an update's or a glossary term's source, ``corrections``): an address leads
where it says, to a server that can exist, with nothing in it a reader cannot see."""

from __future__ import annotations

import codecs
import json
import re
import string
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator.models import URL_PATTERN, Url
from tests.samples import problems_of, vary

URL = TypeAdapter(Url)
AT_THE_SOURCE_URL = "data.yaml:6:8: source.url: "
# Characters that draw nothing although Unicode counts them as letters, marks or symbols.
BLANK_LETTERS = "\u3164\u115f\u034f\u2800\uffa0"
NOT_A_PORT = "the part after the host's ':' is not a port number from 1 to 65535: if the address holds a user name and password (user:password@…), write it without them and without the '@' (they never belong in an address); else write the port's number after ':', or remove the ':' for the usual port"


def not_a_host(address: str) -> str:
    return (
        f"the host of {address} is not a host name: a host name is words of letters, digits and hyphens joined by "
        "single dots (e.g. www.gov.cn or 例子.中国), or an IPv6 address in brackets (e.g. [2001:db8::1])"
    )


def problems_for(address: str) -> list[str]:
    return problems_of(vary("  announced:", f"  url: {json.dumps(address)}\n  announced:"))


@pytest.mark.parametrize(
    "address,message",
    [
        (
            "https://www.gov.cn@evil.example/",
            "this address has a user name or password before '@' (https://…@evil.example): a reader's browser goes "
            "to evil.example, whatever stands before '@'; write the address without the part before '@' (and never "
            "publish a password)",
        ),
        (
            "https://user:secret-token@example.org/",
            "this address has a user name or password before '@' (https://…@example.org): a reader's browser goes "
            "to example.org, whatever stands before '@'; write the address without the part before '@' (and never "
            "publish a password)",
        ),
        (
            "https://exa\u200bmple.com/",
            "this address has an invisible or space character (U+200B) in it, which readers cannot see and which "
            "makes it another address: type the address again by hand, without spaces",
        ),
        (
            "https://example.org/a\u00a0b",
            "this address has an invisible or space character (U+00A0) in it, which readers cannot see and which "
            "makes it another address: type the address again by hand, without spaces",
        ),
        (
            "https://example.com:99999/",
            "'https://example.com:99999/' has the port ':99999', which no server can have (a port is a number from 1 "
            "to 65535): correct the number after ':', or remove ':99999' for the usual port",
        ),
        (
            "https://example.com:0/",
            "'https://example.com:0/' has the port ':0', which no server can have (a port is a number from 1 to "
            "65535): correct the number after ':', or remove ':0' for the usual port",
        ),
        (
            "https:///example.org/x",
            "'https:///example.org/x' is not a web address: after https:// or http:// comes a host name (e.g. "
            "https://example.org/page), and an address has no spaces, quotation marks, < or >",
        ),
        ("https://user:sec/ret-token@example.org/", NOT_A_PORT),
        ("https://user:secret-token#x@example.org/", NOT_A_PORT),
        ("https://user:secret?token@example.org/", NOT_A_PORT),
        ("https://example.org:80x/", NOT_A_PORT),
        (
            "https://example.com:99999/@editor",
            "this address has the port ':99999', which no server can have (a port is a number from 1 to 65535): "
            "correct the number after ':', or remove ':99999' for the usual port",
        ),
        (
            "HTTPS://user:secret-token@example.org/",
            "this address begins with 'HTTPS://': write https:// or http:// in small letters",
        ),
        ("Https://www.gov.cn/", "this address begins with 'Https://': write https:// or http:// in small letters"),
        *(
            (
                f"https://exa{blank}mple.com/",
                f"this address has an invisible or space character (U+{ord(blank):04X}) in it, which readers cannot "
                "see and which makes it another address: type the address again by hand, without spaces",
            )
            for blank in BLANK_LETTERS
        ),
        ("https://.../", not_a_host("'https://.../'")),
        ("https://www..gov.cn/", not_a_host("'https://www..gov.cn/'")),
        ("https://www.gov.cn%40evil.example/", not_a_host("'https://www.gov.cn%40evil.example/'")),
        ("https://www.gov.cn∕evil.example/", not_a_host("'https://www.gov.cn∕evil.example/'")),
        ("https://exa_mple.org/@editor", not_a_host("this address")),
        (
            "https://evil.example\\www.gov.cn/",
            "a backslash (\\) in this address is read as '/' by browsers (https://evil.example\\www.gov.cn/ leads to "
            "evil.example): write '/' in its place, or %5C where the address really has a backslash",
        ),
    ],
)
def test_an_address_that_leads_elsewhere_gets_its_own_located_message(address: str, message: str) -> None:
    assert problems_for(address) == [AT_THE_SOURCE_URL + message]


def test_a_message_never_repeats_a_password_nor_asks_an_https_address_to_start_with_https() -> None:
    for address in ("https://user:secret-token@example.org/", "https://a b.org/", "https://x.org:1x/", "https://"):
        [problem] = problems_for(address)
        assert "secret-token" not in problem
        assert "must start with" not in problem


def test_an_address_with_a_port_host_and_path_of_its_own_is_accepted() -> None:
    for address in (
        "https://example.org:8443/a@b?c=d#e",
        "http://[2001:db8::1]:80/",
        "https://medium.com/@editor",
        "https://例子.中国/",
        "https://xn--fsqu00a.xn--fiqs8s/",
        "http://192.0.2.1:8080/x",
        "http://www.gov.cn",
        "https://हिन्दी.भारत/",  # letters and marks (the virama, the vowel sign) of another script
    ):
        assert problems_for(address) == []


def _message(address: str) -> str | None:
    try:
        URL.validate_python(address)
    except ValidationError as error:
        return str(error.errors()[0]["msg"])
    return None


# A password with the characters that end a host for a browser ('/', '?', '#') or a port (':'), around a marker
# that no message has: wherever it is cut, no part of it is shown.
SECRETS = st.builds(
    lambda before, after: before + "ZQX" + after,
    *[st.text(st.sampled_from(string.ascii_letters + string.digits + "/#?:.-_"), max_size=12)] * 2,
)
SCHEMES = st.sampled_from(["https", "http"]).flatmap(
    lambda scheme: st.tuples(*(st.sampled_from([letter, letter.upper()]) for letter in scheme)).map("".join)
)


@settings(max_examples=300)
@given(SECRETS, SCHEMES)
def test_no_message_shows_a_password_whatever_it_holds_and_however_the_scheme_is_written(
    secret: str, scheme: str
) -> None:
    address = f"{scheme}://user:{secret}@example.org/"
    message = _message(address)
    assert message is None or "ZQX" not in message
    # Nor any letter of it: the message is the same for another password of the same shape.
    other = codecs.encode(secret, "rot13")
    assert _message(f"{scheme}://user:{other}@example.org/") == message


def _hidden(character: str) -> bool:
    return unicodedata.category(character) in {"Cf", "Zs", "Zl", "Zp"} or character in BLANK_LETTERS


# Addresses made of the pieces that decide where an address leads: a scheme, what may stand before '@', a host,
# a port (a number in or out of range, or not a number), then a path; each piece may hold any character of the
# Basic Multilingual Plane (the JSON Schema's pattern stops there), often an invisible or a space one.
_BMP = st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",))
_PIECE = st.text(
    st.one_of(_BMP, st.sampled_from(f"\u200b\u00a0\u2028\ufeff{BLANK_LETTERS}@:/?#[] .%\\-_aé中")), max_size=8
)
ADDRESSES = st.builds(
    lambda scheme, user, host, port, path: f"{scheme}{user}{host}{port}{path}",
    st.sampled_from(["https://", "http://", "ftp://", "https:/", "", "HTTPS://", "Https://", "hTTp://"]),
    st.one_of(st.just(""), _PIECE.map(lambda user: user + "@")),
    st.one_of(
        st.sampled_from(
            [
                "example.org",
                "www.gov.cn",
                "例子.中国",
                "exa\u200bmple.com",
                "exa\u3164mple.com",
                "...",
                "www..gov.cn",
                ".example.org",
                "example.org.",
                "www.gov.cn%40evil.example",
                "evil.example\\www.gov.cn",
                "192.0.2.1",
            ]
        ),
        _PIECE,
    ),
    st.one_of(st.just(""), st.integers(-1, 100_000).map(lambda port: f":{port}"), _PIECE.map(lambda port: ":" + port)),
    st.one_of(st.just("/"), _PIECE.map(lambda path: "/" + path)),
)


def _accepted(address: str) -> bool:
    try:
        URL.validate_python(address)
    except ValidationError:
        return False
    return True


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(ADDRESSES)
def test_every_accepted_address_has_no_user_a_real_port_and_nothing_hidden(address: str) -> None:
    if not _accepted(address):
        return
    parts = urlsplit(address)
    assert parts.scheme in {"https", "http"} and address.startswith(("https://", "http://"))
    assert parts.username is None and parts.password is None and "@" not in parts.netloc
    assert parts.port is None or 1 <= parts.port <= 65535
    assert not any(_hidden(character) for character in address)
    assert "\\" not in address and "%" not in parts.netloc
    assert parts.hostname and all(parts.hostname.split("."))  # labels, none empty


@pytest.mark.parametrize(
    "address",
    [
        "Https://www.gov.cn/",
        "HTTPS://user:secret-token@example.org/",
        "https://user:sec/ret-token@example.org/",
        "https://user:secret-token#x@example.org/",
        *(f"https://exa{blank}mple.com/" for blank in BLANK_LETTERS),
        "https://.../",
        "https://www..gov.cn/",
        "https://example.org./",
        "https://www.gov.cn%40evil.example/",
        "https://evil.example\\www.gov.cn/",
        "https://example.org/a\\b",
    ],
)
def test_the_json_schema_pattern_refuses_what_the_model_refuses(address: str) -> None:
    assert not _accepted(address)
    assert re.match(URL_PATTERN, address) is None


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(ADDRESSES)
def test_the_json_schema_pattern_and_the_model_agree(address: str) -> None:
    # Hosts in brackets are left out: the pattern cannot tell an IPv6 address from other hex digits and colons.
    assume("[" not in address.partition("://")[2].partition("/")[0])
    assert (re.match(URL_PATTERN, address) is not None) == _accepted(address)


@pytest.mark.parametrize("address", ["https://example.org/page\n", "https://example.org\n"])
def test_an_address_ending_in_a_line_break_is_refused(address: str) -> None:
    # A block text (`url: |`) ends in a line break, which Python's `$` lets through: published, the link broke.
    problems = problems_for(address)
    assert problems and all(p.startswith("data.yaml:6:") for p in problems), problems


def test_a_port_of_thousands_of_digits_gets_the_port_message_not_pythons() -> None:
    problems = problems_for("https://example.org:" + "9" * 5000 + "/")
    assert len(problems) == 1 and "which no server can have" in problems[0] and "sys.set_int" not in problems[0]


def test_an_id_ending_in_a_line_break_is_refused() -> None:
    assert any("is not a valid id" in p for p in problems_of(vary("  - id: first\n", "  - id: |\n      first\n")))


@pytest.mark.parametrize(
    "old,new",
    [
        ("source: article", "source: https://editor:Hunter2secret@www.zibo.gov.cn/x"),
        ("    status: announced\n", "    status: https://editor:Hunter2secret@x.org/\n"),
        ("  - id: first", "  - id: https://editor:Hunter2secret@x.org/"),
    ],
)
def test_a_password_in_an_address_written_where_no_address_belongs_is_never_shown(old: str, new: str) -> None:
    problems = problems_of(vary(old, new))
    assert problems and not any("Hunter2" in problem for problem in problems), problems
