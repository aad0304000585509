"""Compiled Jinja templates, kept for the rest of the process and for the next build.

Parsing and compiling the generator's templates and the theme's (MkDocs' Jinja environment) took
about a quarter of each language's build, on every build. Here each template is compiled once: kept
in memory (both languages of a process, every rebuild of a preview) and in Jinja's own cache folder
for the user in the system's temporary directory, for the next build's processes.

A compiled template is used only for the same source (Jinja stores the source's checksum with it)
read by an environment with the same syntax settings (they are part of the key): a changed template
is compiled again, and two environments that read one file differently never share its code.
"""

from __future__ import annotations

import contextlib
import hashlib

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.BytecodeCache):
    """The compiled templates of environments that compile alike (``signature``)."""

    def __init__(self, signature: str, disk: jinja2.BytecodeCache | None) -> None:
        self.signature = signature
        self.memory: dict[str, bytes] = {}
        self.disk = disk

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"{self.signature}|{name}|{filename or ''}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.memory:
            bucket.bytecode_from_string(self.memory[bucket.key])
            return
        if self.disk is not None:
            with contextlib.suppress(Exception):  # unreadable, truncated or from another Python: compile it
                self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self.memory[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memory[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
                self.disk.dump_bytecode(bucket)


_caches: dict[str, CompiledTemplates] = {}


def use_for(environment: jinja2.Environment) -> None:
    """Keep the templates ``environment`` compiles, and compile none it compiled before (same source)."""
    signature = _signature(environment)
    if signature not in _caches:
        _caches[signature] = CompiledTemplates(signature, _disk_cache())
    environment.bytecode_cache = _caches[signature]


def _disk_cache() -> jinja2.BytecodeCache | None:
    try:  # Jinja's folder for this user (made private, its owner checked)
        return jinja2.FileSystemBytecodeCache(pattern="zibo-%s.cache")
    except (OSError, RuntimeError):  # no safe folder to be had: compile on each build
        return None


def _signature(environment: jinja2.Environment) -> str:
    # Everything Jinja reads when it compiles (not when it renders): the code depends on it.
    autoescape = environment.autoescape
    finalize = environment.finalize
    settings = (
        jinja2.__version__,
        type(environment).__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        sorted(environment.extensions),
        autoescape if isinstance(autoescape, bool) else _name(autoescape),
        None if finalize is None else _name(finalize),
    )
    return hashlib.sha1(repr(settings).encode()).hexdigest()[:16]


def _name(function: object) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', type(function).__qualname__)}"
