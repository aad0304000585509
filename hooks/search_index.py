"""The search index: Pagefind over the complete built site, both languages, in one pass.

Run once, after both languages are in the (staged) site folder. Pagefind (its extended build)
makes one index per language from each page's `<html lang>` and writes `pagefind/` at the site
root: an index split into chunks that the browser fetches per query.

Only the parts of pages marked `data-pagefind-body` are indexed (overrides/main.html marks the
content of every page but the aggregate ones, which list or repeat other pages' text).

Chinese: Pagefind is given a copy of each page in which every Chinese character is a word of its
own, and the search box turns a Chinese query into the quoted phrase of its characters ("一 次 办
好"). Measured on bench/search_queries.yaml, this finds every word where it stands, also inside
compounds (卫生 in 公共卫生) and in the Chinese original on English pages, where Pagefind's English
index would keep a whole run of Chinese as one "word"; Pagefind's own segmentation of the index
(jieba) and of the query (in the browser) disagreed on words such as 博山 and missed them. The
pages themselves are unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pagefind_bin_extended import get_executable  # the build with Chinese segmentation

BUNDLE = "pagefind"
BODY_MARK = "data-pagefind-body"
_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')
_TAG = re.compile(r"(<[^>]*>)")
# Chinese characters and Chinese punctuation (、。「」 and the full-width forms ，：（）).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_EDGE = re.compile(f"(?<=[{_CJK}])(?=\\S)|(?<=\\S)(?=[{_CJK}])")


class SearchIndexError(RuntimeError):
    pass


def build_search_index(site_dir: Path) -> tuple[int, float]:
    """Index every page of ``site_dir`` marked for search into ``site_dir/pagefind``; (pages, seconds)."""
    started = time.perf_counter()
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    # Pagefind reads a copy of the pages it indexes: Chinese pages as built (hard links, no copying),
    # English pages with their Chinese one character per word. Beside the site: same disk.
    with tempfile.TemporaryDirectory(prefix=".zibo-search-", dir=site_dir.parent) as copy:
        pages = _pages_to_index(site_dir, Path(copy))
        # --exclude-selectors: the ¶ of headings is not a word of the page.
        command = [str(get_executable()), "--site", copy, "--output-path", str(bundle)]
        result = subprocess.run(
            [*command, "--exclude-selectors", ".headerlink", "--quiet"],
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
    make_deterministic(bundle)
    return pages, time.perf_counter() - started


def _pages_to_index(site_dir: Path, copy: Path) -> int:
    count = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text("utf-8")
        if BODY_MARK not in html:
            continue
        target = copy / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(one_word_per_chinese_character(html), "utf-8")
        count += 1
    return count


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
    # The languages, too, come in hash-map order.
    entry_file.write_text(json.dumps(json.loads(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":")))


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
