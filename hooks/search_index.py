"""The search index: Pagefind over each language's built pages, merged into one bundle for the site.

Pagefind (its extended build) makes one index per language from each page's `<html lang>` and
writes `pagefind/` at the site root: an index split into chunks that the browser fetches per query.
Each language's build indexes its own pages as soon as they are written (`index_pages`), while the
other language may still be building; the Chinese build then merges the English bundle into its own
(`merge_bundle`). Pagefind indexes each language on its own, so the merged bundle is, byte for byte,
the one a single run over both languages writes: the files of each language, the shared scripts,
and the entry file that lists both languages.

Only the parts of pages marked `data-pagefind-body` are indexed (overrides/main.html marks the
content of every page but the aggregate ones, which list or repeat other pages' text). Pagefind reads
a copy of those pages beside the site, which each build writes as it writes the page
(`keep_for_index`), so no page is read back from disk.

Chinese: in that copy every Chinese character is a word of its own, and the search box turns a
Chinese query into the quoted phrase of its characters ("一 次 办 好"). Measured on
bench/search_queries.yaml, this finds every word where it stands, also inside compounds (卫生 in
公共卫生) and in the Chinese original on English pages, where Pagefind's English index would keep a
whole run of Chinese as one "word"; Pagefind's own segmentation of the index (jieba) and of the query
(in the browser) disagreed on words such as 博山 and missed them. The pages themselves are unchanged.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import second_language
import site_swap
from pagefind_bin_extended import get_executable  # the build with Chinese segmentation

BUNDLE = "pagefind"
log = logging.getLogger("mkdocs.plugins.zibo")
ENTRY = "pagefind-entry.json"
BODY_MARK = "data-pagefind-body"
_TAG = re.compile(r"(<[^>]*>)")
# Chinese characters and Chinese punctuation (、。「」 and the full-width forms ，：（）).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_EDGE = re.compile(f"(?<=[{_CJK}])(?=\\S)|(?<=\\S)(?=[{_CJK}])")


_REPORTED = re.compile(r"Search index \([^)]*\): (\d+) pages in ([0-9.]+) s")


class SearchIndexError(RuntimeError):
    pass


@dataclass
class _Copy:
    dirty: bool = False  # a dirty rebuild (`mkdocs serve --dirty`) writes only the pages that changed
    folder: Path | None = None  # this build's copy of its pages, which Pagefind reads
    prefix: str = ""  # the folder of this build's language in the site


_copy = _Copy()


def start(*, dirty: bool) -> None:
    """At MkDocs' startup."""
    _copy.dirty = dirty


def forget_parent_build() -> None:
    """In a forked copy of a build (second_language.py): the parent's copy of its pages is not this build's."""
    global _copy
    _copy = _Copy()


def begin(site_dir: Path, prefix: str) -> None:
    """Before a language's build: a new folder for the copy of its pages (for the language in ``prefix``).

    Beside the site folder: for a `mkdocs build`, in .site-builds/, where a killed build's debris is removed."""
    discard()
    _copy.folder = site_swap.new_folder(site_dir.parent, ".zibo-search-")
    _copy.prefix = prefix


def keep_page(html: str, dest_uri: str) -> None:
    """As the build writes a page (at ``dest_uri`` of its language's site): keep it for the index."""
    if _copy.folder is not None:
        keep_for_index(html, _copy.folder / _copy.prefix / dest_uri)


def index_language(site_dir: Path, tag: str, leave_out: Path) -> tuple[int, float]:
    """Index the pages this build kept into ``site_dir/pagefind``, then remove the copy; report and
    return (pages, seconds). ``leave_out``: the folder of ``site_dir`` where the other language's site goes."""
    assert _copy.folder is not None
    try:
        if _copy.dirty:
            keep_built_pages_for_index(site_dir, _copy.folder / _copy.prefix, leave_out=leave_out)
        pages, seconds = index_pages(_copy.folder, site_dir / BUNDLE)
    finally:
        discard()
    log.info("Search index (%s): %d pages in %.2f s", tag, pages, seconds)
    return pages, seconds


def merge_language(site_dir: Path, own: tuple[str, int, float], other: tuple[str, str], output: str) -> None:
    """Merge the index of the other language (``other``: its tag and folder of ``site_dir``; its build
    printed ``output``) into this build's (``own``: its tag, pages and seconds), and report both."""
    (tag, pages, seconds), (other_tag, prefix) = own, other
    merge_bundle(site_dir / prefix / BUNDLE, site_dir / BUNDLE)
    other_pages, other_seconds = reported(output)
    log.info(
        "Search index: %d pages in %.2f s (%s %.2f s; %s %.2f s, in its own build)",
        pages + other_pages,
        seconds + other_seconds,
        tag,
        seconds,
        other_tag,
        other_seconds,
    )


def discard() -> None:
    """Remove this build's copy of its pages."""
    if _copy.folder is not None:
        shutil.rmtree(_copy.folder, ignore_errors=True)
        _copy.folder = None


def keep_for_index(html: str, copy: Path) -> bool:
    """Write the copy Pagefind indexes of a page being built, if the page is marked for search."""
    if BODY_MARK not in html:
        return False
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(one_word_per_chinese_character(html), "utf-8")
    return True


def keep_built_pages_for_index(site_dir: Path, copy: Path, *, leave_out: Path) -> None:
    """The copy of every page of ``site_dir`` but those under ``leave_out`` (the other language's), read
    from disk: for a dirty rebuild (`mkdocs serve --dirty`), which writes only the pages that changed."""
    for path in site_dir.rglob("*.html"):
        if not path.is_relative_to(leave_out):
            keep_for_index(path.read_text("utf-8"), copy / path.relative_to(site_dir))


def index_pages(copy: Path, bundle: Path) -> tuple[int, float]:
    """Index the pages kept in ``copy`` (keep_for_index) into ``bundle``; (pages, seconds)."""
    started = time.perf_counter()
    shutil.rmtree(bundle, ignore_errors=True)
    pages = sum(1 for _ in copy.rglob("*.html"))
    if pages:
        # --exclude-selectors: the ¶ of headings is not a word of the page.
        command = [str(get_executable()), "--site", str(copy), "--output-path", str(bundle)]
        result = subprocess.run(
            [*command, "--exclude-selectors", ".headerlink", "--quiet"],
            capture_output=True,
            text=True,
            # Killed with this build: the English build, killed, must not leave a Pagefind writing into
            # the folder its parent then removes (it would make the folder again: debris).
            preexec_fn=second_language.die_with(os.getpid()),
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
        make_deterministic(bundle)
    return pages, time.perf_counter() - started


def reported(output: str) -> tuple[int, float]:
    """(pages, seconds) of the index a build reported in its ``output`` (the glue's "Search index (…)" line)."""
    found = _REPORTED.search(output)
    return (int(found[1]), float(found[2])) if found else (0, 0.0)


def merge_bundle(other: Path, bundle: Path) -> None:
    """Move the bundle ``other`` (another language's, from index_pages) into ``bundle``.

    Files of both are Pagefind's shared scripts: they must be the same (one Pagefind wrote both)."""
    if not (other / ENTRY).exists():
        return
    if not (bundle / ENTRY).exists():
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.move(other, bundle)
        return
    entry = _merged_entry(_read_entry(bundle), _read_entry(other))
    files = [path for path in sorted(other.rglob("*")) if path.is_file() and path.name != ENTRY]
    for path in files:  # all checked before any is moved: a bundle that cannot be merged is left as it was
        target = bundle / path.relative_to(other)
        if target.exists() and not filecmp.cmp(path, target, shallow=False):
            raise SearchIndexError(f"the search indexes of the two languages differ in {path.relative_to(other)}")
    for path in files:
        target = bundle / path.relative_to(other)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
    shutil.rmtree(other)
    _write_entry(bundle / ENTRY, entry)


def _read_entry(bundle: Path) -> dict[str, object]:
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    if not isinstance(entry, dict):
        raise SearchIndexError(f"unexpected Pagefind entry format: {entry!r:.200}")
    return entry


def _merged_entry(first: dict[str, object], second: dict[str, object]) -> dict[str, object]:
    languages = {**_languages(first), **_languages(second)}
    if {key: value for key, value in first.items() if key != "languages"} != {
        key: value for key, value in second.items() if key != "languages"
    } or len(languages) != len(_languages(first)) + len(_languages(second)):
        raise SearchIndexError("the search indexes of the two languages were made differently")
    return {**first, "languages": languages}


def _languages(entry: dict[str, object]) -> dict[str, object]:
    languages = entry.get("languages")
    if not isinstance(languages, dict):
        raise SearchIndexError(f"unexpected Pagefind entry format: {entry!r:.200}")
    return languages


def _write_entry(path: Path, entry: object) -> None:
    # The languages, too, come in hash-map order: sorted, as every key.
    path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def one_word_per_chinese_character(html: str) -> str:
    """The HTML with a space on each side of every Chinese character and punctuation mark in its text,
    never inside tags: each is a word of its own. (The search box takes these spaces out of the
    excerpts it shows.)"""
    return "".join(piece if piece.startswith("<") else _CJK_EDGE.sub(" ", piece) for piece in _TAG.split(html))


# ---- Deterministic output --------------------------------------------------------------------
# Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to run, and the
# file names (content hashes) with them. Two builds of the same input must be byte-identical, so the
# filter files are rewritten with their values sorted, renamed after their new content, and the names
# updated where Pagefind refers to them (the language's metadata file, itself renamed, and the entry);
# the metadata's filter list and the entry's languages are sorted the same way.

_SIGNATURE = b"pagefind_dcd"


def make_deterministic(bundle: Path) -> None:
    entry_file = bundle / "pagefind-entry.json"
    entry = entry_file.read_text("utf-8")
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        old = path.stem
        data = _decompress(path.read_bytes())
        canonical = _SIGNATURE + _cbor_encode(_sorted_filter(_cbor_decode(data[len(_SIGNATURE) :])))
        new = _renamed(old, canonical)
        path.unlink()
        (bundle / "filter" / f"{new}.pf_filter").write_bytes(_compress(canonical))
        renamed[old] = new
    for path in sorted(bundle.glob("pagefind.*.pf_meta")):
        old = path.name.removeprefix("pagefind.").removesuffix(".pf_meta")
        data = _decompress(path.read_bytes())
        for before, after in renamed.items():
            data = data.replace(before.encode(), after.encode())  # same length: the CBOR stays valid
        data = _SIGNATURE + _cbor_encode(_sorted_meta(_cbor_decode(data[len(_SIGNATURE) :])))
        new = _renamed(old, data)
        path.unlink()
        (bundle / f"pagefind.{new}.pf_meta").write_bytes(_compress(data))
        entry = entry.replace(f'"{old}"', f'"{new}"')
    _write_entry(entry_file, json.loads(entry))


def _renamed(name: str, content: bytes) -> str:
    language, _, digest = name.rpartition("_")
    return f"{language}_{hashlib.sha256(content).hexdigest()[: len(digest)]}"


def _decompress(data: bytes) -> bytes:
    return gzip.decompress(data)


def _compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _sorted_filter(value: object) -> object:
    # [name, [[value, [pages…]], …]]: the values in order of their text.
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], list):
        return [value[0], sorted(value[1], key=lambda item: str(item[0]) if isinstance(item, list) else "")]
    return value


def _sorted_meta(value: object) -> object:
    # The metadata lists the filters as [[name, file], …], in hash-map order too: in order of name.
    if not isinstance(value, list):
        return value
    return [sorted(item, key=lambda pair: pair[0]) if _is_filter_list(item) else item for item in value]


def _is_filter_list(item: object) -> bool:
    return (
        isinstance(item, list)
        and bool(item)
        and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in item)
    )


def _cbor_decode(data: bytes) -> object:
    value, end = _cbor_item(data, 0)
    if end != len(data):
        raise SearchIndexError("unexpected Pagefind filter format: trailing bytes")
    return value


def _cbor_item(data: bytes, at: int) -> tuple[object, int]:
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        length = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise SearchIndexError(f"unexpected Pagefind filter format: CBOR item {data[at - 1]:#x}")
    if major == 0:
        return length, at
    if major in (2, 3):
        raw = data[at : at + length]
        return (raw.decode("utf-8") if major == 3 else raw), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _cbor_item(data, at)
            items.append(item)
        return items, at
    raise SearchIndexError(f"unexpected Pagefind filter format: CBOR major type {major}")


def _cbor_encode(value: object) -> bytes:
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    raise SearchIndexError(f"cannot encode {type(value).__name__}")


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise SearchIndexError("CBOR length too large")
