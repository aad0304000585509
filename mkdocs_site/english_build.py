"""The second language's build: a plain `mkdocs build` of mkdocs.en.yml, beside the Chinese one (on
the other core), on the Chinese build's copy of the data (``INPUTS``), holding its build lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator import Language

from . import build_lock

CONFIG_FILE = "mkdocs.{key}.yml"  # the configuration of a language but the source language's
INPUTS, PREVIEW = "ZIBO_BUILD_INPUTS", "ZIBO_BUILD_PREVIEW"  # the English build's copy of the data; in a preview


class EnglishBuild:
    def __init__(
        self, language: Language, project: Path, work: Path, inputs: Path, lock: build_lock.BuildLock, preview: bool
    ) -> None:
        self.language = language
        self.config_file = CONFIG_FILE.format(key=language.key)
        self.site_dir = work / language.key
        self.log = work / f"{language.key}.log"
        env = {**os.environ, INPUTS: str(inputs), build_lock.INHERITED: str(lock.fd), PREVIEW: "1" if preview else ""}
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project / self.config_file)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--site-dir", str(self.site_dir)],
                cwd=project,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(lock.fd,),
            )

    def finish(self) -> None:
        """Wait for the build; raises ``PluginError`` saying how it failed."""
        returncode, build = self.process.wait(), f"the {self.language.name} build ({self.config_file})"
        if returncode < 0:
            raise PluginError(f"{build} was killed by {signal.Signals(-returncode).name}")
        if returncode != 0:
            raise PluginError(f"{build} failed (exit status {returncode}):\n{self.log.read_text('utf-8').strip()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
