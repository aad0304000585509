"""Compiled Jinja templates, kept for the rest of the process and for the next build.

Parsing and compiling the generator's templates and the theme's (MkDocs' Jinja environment) took
about a quarter of each language's build, on every build. Here each template is compiled once: kept
in memory (both languages of a process, every rebuild of a preview) and in Jinja's own cache folder
for the user in the system's temporary directory, for the next build's processes.

A compiled template is used only for the same source (Jinja stores the source's checksum with it)
compiled by an environment that compiles alike: the key holds its syntax settings and the code Jinja
compiles against — the source files of its extensions, filters, tests and finalize (Jinja decides at
compile time how each filter is called, and runs filters on constants then), Jinja's own included.
So a changed template, a changed extension or filter, and an upgraded Jinja, MkDocs or theme are
compiled again; two environments that read one file differently never share its code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
import weakref
from pathlib import Path

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.BytecodeCache):
    """The compiled templates of one environment, found under a key of what it compiles with."""

    def __init__(self, environment: jinja2.Environment, disk: jinja2.BytecodeCache | None) -> None:
        self.environment = weakref.ref(environment)
        self.disk = disk
        self._signature: str | None = None

    def signature(self) -> str:
        # Worked out at the first compile, not when the cache is set: filters are added after that.
        if self._signature is None:
            environment = self.environment()
            assert environment is not None  # (an environment compiling a template exists)
            self._signature = _signature(environment)
        return self._signature

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"{self.signature()}|{name}|{filename or ''}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in _memory:
            bucket.bytecode_from_string(_memory[bucket.key])
            return
        if self.disk is not None:
            with contextlib.suppress(Exception):  # unreadable, truncated or from another Python: compile it
                self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                _memory[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _memory[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
                self.disk.dump_bytecode(bucket)


_memory: dict[str, bytes] = {}  # compiled templates by key, for every environment of this process


def use_for(environment: jinja2.Environment) -> None:
    """Keep the templates ``environment`` compiles, and compile none it compiled before (same source)."""
    environment.bytecode_cache = CompiledTemplates(environment, _disk_cache())


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
        sorted((name, _name(f), _pass_arg(f)) for name, f in environment.filters.items()),
        sorted((name, _name(f), _pass_arg(f)) for name, f in environment.tests.items()),
        _code_digest(
            [
                *environment.filters.values(),
                *environment.tests.values(),
                *(type(extension) for extension in environment.extensions.values()),
                autoescape,
                finalize,
                jinja2.Environment,
            ]
        ),
    )
    return hashlib.sha1(repr(settings).encode()).hexdigest()[:16]


def _pass_arg(function: object) -> str:
    pass_arg = getattr(function, "jinja_pass_arg", None)
    return "" if pass_arg is None else str(pass_arg)


def _code_digest(objects: list[object]) -> str:
    """A digest of the source files that define ``objects`` (a file read once per process)."""
    files = set()
    for item in objects:
        module = sys.modules.get(getattr(item, "__module__", None) or "")
        if module is not None and getattr(module, "__file__", None):
            files.add(str(module.__file__))
    return hashlib.sha1("".join(f"{file}:{_file_digest(file)}|" for file in sorted(files)).encode()).hexdigest()


@functools.cache
def _file_digest(file: str) -> str:
    try:
        return hashlib.sha1(Path(file).read_bytes()).hexdigest()
    except OSError:  # no source to read (a frozen module): its name and the versions stand for it
        return ""


def _name(function: object) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', type(function).__qualname__)}"
