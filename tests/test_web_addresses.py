"""Web addresses (``source.url``, an update's or a glossary term's source, ``corrections``): an address leads
where it says, to a server that can exist, with nothing in it a reader cannot see."""

from __future__ import annotations

import json
import re
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
    for address in ("https://example.org:8443/a@b?c=d#e", "http://[2001:db8::1]:80/", "https://medium.com/@editor"):
        assert problems_for(address) == []


def _hidden(character: str) -> bool:
    return unicodedata.category(character) in {"Cf", "Zs", "Zl", "Zp"}


# Addresses made of the pieces that decide where an address leads: a scheme, what may stand before '@', a host,
# a port (a number in or out of range, or not a number), then a path; each piece may hold any character of the
# Basic Multilingual Plane (the JSON Schema's pattern stops there), often an invisible or a space one.
_BMP = st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",))
_PIECE = st.text(st.one_of(_BMP, st.sampled_from("\u200b\u00a0\u2028\ufeff@:/?#[] .")), max_size=8)
ADDRESSES = st.builds(
    lambda scheme, user, host, port, path: f"{scheme}{user}{host}{port}{path}",
    st.sampled_from(["https://", "http://", "ftp://", "https:/", ""]),
    st.one_of(st.just(""), _PIECE.map(lambda user: user + "@")),
    st.one_of(st.sampled_from(["example.org", "www.gov.cn", "exa\u200bmple.com"]), _PIECE),
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
    assert parts.username is None and parts.password is None and "@" not in parts.netloc
    assert parts.port is None or 1 <= parts.port <= 65535
    assert not any(_hidden(character) for character in address)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(ADDRESSES)
def test_the_json_schema_pattern_and_the_model_agree(address: str) -> None:
    # Hosts in brackets are left out: the pattern cannot tell an IPv6 address from other hex digits and colons.
    assume("[" not in address.partition("://")[2].partition("/")[0])
    assert (re.match(URL_PATTERN, address) is not None) == _accepted(address)
