"""The English build, which the Chinese build runs in a process of its own, and which dies with it.

The Chinese build (`mkdocs build`, `mkdocs serve`) starts it (``begin``) before it generates its own
pages, so it runs on the other core meanwhile; ``finish`` waits for it and moves its site into the
Chinese site's `en/` folder, ``discard`` stops it and removes what it wrote.

On Linux a `mkdocs build` forks itself for it (``fork``): the copy starts with Python, MkDocs and the
generator imported, which a new process spends most of a second on, and it ends with os._exit,
without the interpreter's teardown. The copy starts from a build state of its own (``_build_here``):
it never runs the parent's cleanup, and it holds no lock of its own (the build lock's file is opened
by the parent's pid only; the copy never takes it).
A preview (`mkdocs serve`) rebuilds while its server's threads run, and a thread copied in the middle
of its work could hang the copy: before they start, it forks a process that only waits and forks an
English build for each rebuild (``prepare_for_previews``). Elsewhere the English build is a new
`mkdocs build --config-file mkdocs.en.yml` (``start``).

A build killed with SIGKILL runs no cleanup of its own; its English build must not go on writing
docs/en/ after the build lock is released. On Linux the kernel kills it when its parent dies
(prctl PR_SET_PDEATHSIG). macOS has no such call: there the English build watches its parent's
process id and exits when it changes (the parent died and it was handed to another process).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import site_swap
from click import ClickException
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator import Language

PARENT_PID = "ZIBO_SITE_PARENT_PID"  # in the English build's environment: the Chinese build's process id
CHILD_BUILD = "ZIBO_SITE_CHILD_BUILD"  # set in the environment of the English build we start
PREVIEW = "ZIBO_SITE_PREVIEW"  # ... when that build is part of a live preview
CONFIG_FILE = "mkdocs.en.yml"
_PR_SET_PDEATHSIG = 1
_PR_SET_NAME = 15
log = logging.getLogger("mkdocs.plugins.zibo")


@dataclass
class _Build:
    process: subprocess.Popen[bytes] | Forked | Requested | None = None
    folder: str | None = None  # where it builds its site


_build = _Build()
_parent_build: _Build | None = None  # in a forked English build: the state of the build it was forked from


@dataclass
class _Forker:
    """The process a preview forked before its threads started, which forks its English builds."""

    pid: int
    requests: int  # where a build is asked for: one JSON line each
    replies: int  # where it answers: the build's process id, then its exit code, a line each


_forker: _Forker | None = None


def is_child() -> bool:
    """This process is the English build a Chinese build started."""
    return bool(os.environ.get(CHILD_BUILD))


def in_preview() -> bool:
    """This process is the English build of a live preview."""
    return bool(os.environ.get(PREVIEW))


def die_with_parent() -> None:
    """In the English build: exit when the Chinese build does."""
    if sys.platform != "linux":  # on Linux the kernel kills it with its parent (``start``)
        watch_parent()


def begin(config: MkDocsConfig, preview: bool, forget_parent: Sequence[Callable[[], None]]) -> None:
    """Start the English build of the project of ``config`` (the Chinese build's), as strict as it is.

    ``forget_parent``: what a forked copy calls first, to drop the state of the parent's build."""
    config_file = Path(config.config_file_path).parent / CONFIG_FILE
    # Beside the site folder, on the same disk: moving it into place is then a rename, not a copy. For a
    # `mkdocs build` that is inside .site-builds/, where the next build removes it if this one is killed.
    folder = _build.folder = str(site_swap.new_folder(Path(config.site_dir).parent, ".zibo-site-en-"))
    env = {CHILD_BUILD: "1", **({PREVIEW: "1"} if preview else {})}
    if _forker is not None:
        _build.process = _ask_forker(_forker, [str(config_file), folder, config.strict], env)
    elif not preview:
        strict = config.strict
        _build.process = fork(lambda: _build_here(config_file, folder, strict, forget_parent), env)
    if _build.process is None:
        # Not --quiet: it would hide the warnings that --strict turns into failures.
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", folder]
        if config.strict:
            command.append("--strict")
        _build.process = start(command, {**os.environ, **env})


def _build_here(config_file: Path, site_dir: str, strict: bool, forget_parent: Sequence[Callable[[], None]]) -> None:
    """In the forked copy: what `mkdocs build --config-file … --site-dir … [--strict]` runs."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    global _build, _parent_build
    # MkDocs loads a hook once per process, so the copy starts with the hook modules' state of the
    # parent's build: each module drops it (and keeps it referenced: publishing.forget_parent_build).
    _parent_build, _build = _build, _Build()
    for forget in forget_parent:
        forget()
    for handler in logging.getLogger("mkdocs").handlers:  # as a new process's output to a pipe: no colours
        if handler.name == "MkDocsStreamHandler":
            handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    config = load_config(config_file=str(config_file), site_dir=site_dir, strict=True if strict else None)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def running() -> bool:
    return _build.process is not None


def finish(config: MkDocsConfig, language: Language) -> str:
    """Wait for the build of ``language``; move its site into its folder of ``config.site_dir``; its output.

    Raises PluginError if it failed; its warnings are this build's."""
    assert _build.process is not None and _build.folder is not None
    output, _ = _build.process.communicate()
    returncode = _build.process.returncode
    _build.process = None
    if returncode != 0:
        raise PluginError(f"the English build ({CONFIG_FILE}) failed:\n{output.decode('utf-8', 'replace')}")
    for line in output.decode("utf-8", "replace").splitlines():
        if "WARNING" in line or "ERROR" in line:
            log.warning("[%s] %s", language.key, line.strip())
    target = Path(config.site_dir) / language.prefix
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(_build.folder, target)
    _build.folder = None
    return output.decode("utf-8", "replace")


def kill() -> None:
    """On a signal: stop the English build at once."""
    if _build.process is not None:
        _build.process.kill()  # not wait(): the interrupted code may be inside the child's wait(), holding its lock


def end() -> None:
    """Stop the English build, if it runs, and wait for it to exit."""
    process, _build.process = _build.process, None
    if process is not None:
        stop(process)


def discard() -> None:
    """Stop the English build and remove what it wrote."""
    end()
    if _build.folder:
        shutil.rmtree(_build.folder, ignore_errors=True)
        _build.folder = None


def start(command: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start ``command``, its output collected, to be killed if this process dies first."""
    return subprocess.Popen(
        list(command),
        env={**env, PARENT_PID: str(os.getpid())},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=die_with(os.getpid()),
    )


def process_name(parent: int) -> str:
    """The name (/proc/PID/comm) of a forked English build: its command line and environment are its parent's."""
    return f"zibo-en-{parent}"[:15]


class Forked:
    """An English build forked from this process, with the part of subprocess.Popen used here."""

    def __init__(self, pid: int, output: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._output = output

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        self._close()
        return self.returncode

    def communicate(self) -> tuple[bytes, None]:
        chunks = []
        while chunk := os.read(self._output, 65536):
            chunks.append(chunk)
        self.wait()
        return b"".join(chunks), None

    def _close(self) -> None:
        if self._output >= 0:
            os.close(self._output)
            self._output = -1


def fork(build: Callable[[], object], env: Mapping[str, str]) -> Forked | None:
    """Run ``build`` in a copy of this process, its output collected, killed if this process dies first;
    None where this process cannot fork safely (not Linux, or other threads run): then `start` a new one."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return None
    parent = os.getpid()
    die_with_parent = die_with(parent)
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write)
        return Forked(pid, read)
    with contextlib.suppress(OSError):  # (nothing may raise here: the copy must not return into the parent's code)
        os.close(read)
    _build_in_copy(process_name(parent), die_with_parent, lambda: write, {**env, PARENT_PID: str(parent)}, build)


def _build_in_copy(
    name: str,
    die_with_parent: Callable[[], None] | None,
    open_output: Callable[[], int],
    env: Mapping[str, str],
    build: Callable[[], object],
) -> NoReturn:
    """In a forked copy: run ``build`` with its output to the file ``open_output`` gives, report a failure
    as MkDocs' command line does, and end the copy, never returning into the code it was copied from."""
    code = 1
    try:
        if die_with_parent is not None:
            die_with_parent()
        _name_process(name)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            if callable(signal.getsignal(signum)):  # the parent's handlers, which clean up the parent's build
                signal.signal(signum, signal.SIG_DFL)
        output = open_output()
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        os.environ.update(env)
        build()
        code = 0
    except ClickException as error:
        error.show()
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def prepare_for_previews() -> None:
    """In `mkdocs serve`, at its startup, before its threads start: fork the process that forks the
    English build of each rebuild (Linux). It starts no build of its own and dies with this process."""
    global _forker
    if sys.platform != "linux" or threading.active_count() > 1 or _forker is not None:
        return
    parent = os.getpid()
    die_with_parent = die_with(parent)
    requests, asked = os.pipe()
    answered, replies = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(requests)
        os.close(replies)
        _forker = _Forker(pid, asked, answered)
        return
    try:  # in the forking process: never return into the preview
        if die_with_parent is not None:
            die_with_parent()
        _name_process(f"zibo-fork-{parent}"[:15])
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            if callable(signal.getsignal(signum)):  # the preview's handlers; one it ignores stays ignored
                signal.signal(signum, signal.SIG_DFL)
        os.close(asked)
        os.close(answered)
        _fork_builds(parent, requests, replies)
    finally:
        os._exit(0)


def _fork_builds(preview: int, requests: int, replies: int) -> None:
    with os.fdopen(requests, "rb") as incoming:
        for line in incoming:  # one build at a time: the preview waits for each under its build lock
            config_file, folder, strict, env, log = json.loads(line)
            die_with_parent = die_with(os.getpid())
            pid = os.fork()
            if not pid:  # the English build
                with contextlib.suppress(OSError):  # (nothing may raise here, outside the build's own handling)
                    os.close(replies)
                _build_in_copy(
                    process_name(preview),
                    die_with_parent,
                    # A new file only, never one planted at that name (nor a link to one).
                    functools.partial(os.open, log, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600),
                    {**env, PARENT_PID: str(preview)},
                    functools.partial(_build_here, Path(config_file), folder, strict, ()),
                )
            os.write(replies, f"{pid}\n".encode())
            os.write(replies, f"{os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])}\n".encode())


class Requested:
    """An English build forked by the preview's forking process, with the part of subprocess.Popen used here."""

    def __init__(self, forker: _Forker, pid: int, log: str) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._forker = forker
        self._log = log

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._forker.replies], [], [], 0)[0]:
            self._answered()
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.returncode is None:
            self._answered()
        assert self.returncode is not None
        return self.returncode

    def communicate(self) -> tuple[bytes, None]:
        self.wait()
        try:
            return Path(self._log).read_bytes(), None
        except OSError:
            return b"", None
        finally:
            self.close()

    def close(self) -> None:
        """Remove what the build wrote to its output."""
        Path(self._log).unlink(missing_ok=True)

    def _answered(self) -> None:
        answer = _read_line(self._forker.replies)
        self.returncode = int(answer) if answer else _forker_gone()


def _ask_forker(forker: _Forker, arguments: list[object], env: Mapping[str, str]) -> Requested | None:
    log = f"{arguments[1]}.log"  # beside the build's folder
    try:
        os.write(forker.requests, (json.dumps([*arguments, dict(env), log]) + "\n").encode())
        pid = int(_read_line(forker.replies) or "0")
    except (OSError, ValueError):
        pid = 0
    if not pid:
        _forker_gone()
        return None
    return Requested(forker, pid, log)


def _forker_gone() -> int:
    # It died (killed by hand?): later builds start a new process each.
    global _forker
    if _forker is not None:
        for fd in (_forker.requests, _forker.replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.waitpid(_forker.pid, os.WNOHANG)  # collect it, if it has ended, rather than leave a zombie
        _forker = None
    return -signal.SIGKILL


def _read_line(fd: int) -> str:
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            return ""
        line += byte
    return line.decode().strip()


def _name_process(name: str) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_NAME, name.encode(), 0, 0, 0)


def stop(process: subprocess.Popen[bytes] | Forked | Requested) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    if isinstance(process, Requested):
        process.close()


def die_with(parent: int) -> Callable[[], None] | None:
    """What a process started by ``parent`` (the preexec_fn of subprocess) calls so that the kernel kills it
    when ``parent`` dies (Linux; None elsewhere)."""
    if sys.platform != "linux":
        return None
    # Looked up before the fork: between fork and exec the child should do as little as possible.
    prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl

    def in_child() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the call above
            os._exit(1)

    return in_child


def watch_parent(environ: Mapping[str, str] = os.environ, interval: float = 0.5) -> threading.Thread | None:
    """In the English build, where the kernel cannot kill it with its parent: exit once the parent is gone."""
    parent = int(environ.get(PARENT_PID) or 0)
    if not parent:
        return None

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=watch, name="watch-parent", daemon=True)
    thread.start()
    return thread
