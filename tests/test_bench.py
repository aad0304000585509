"""The benchmark runs end to end (at a tiny size: tests never assert timings)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import synthetic_data, write_data
from generator.pipeline import load_and_validate

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parent.parent


def test_synthetic_data_is_valid_through_the_project_models(tmp_path: Path) -> None:
    path = write_data(40, tmp_path)
    validated = load_and_validate(path)
    assert len(validated.dataset.initiatives) == 40 and not validated.warnings
    body = validated.dataset.initiatives[0].body
    assert 550 <= len(body.zh) <= 700 and 130 <= len(body.en.split()) <= 170
    assert synthetic_data(40) == synthetic_data(40)  # the same site on every run


def test_the_benchmark_runs_and_writes_its_results_at_a_tiny_size(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--sizes",
            "6",
            "--runs",
            "1",
            "--preview-edits",
            "1",
            "--no-profile",
            "--no-search",
            "--output",
            str(output),
            "--work",
            str(tmp_path / "work"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = output.read_text("utf-8")
    assert "| | N = 6 |" in text
    for row in (
        "generator, Chinese",
        "generator, English",
        "full build (make site)",
        "rebuild, no change",
        "preview: YAML edit to rebuilt page",
        "baseline: plain MkDocs, both (sequential)",
        "peak RSS (MiB)",
        "search index, Chinese (bytes gzip)",
        "Machine:",
    ):
        assert row in text
    raw = json.loads(output.with_suffix(".json").read_text("utf-8"))  # every run's time, for readers to check
    assert len(raw["6"]["seconds"]["full build (make site)"]) == 1 and raw["6"]["values"]["pages per language"] > 6


def test_the_readme_and_the_makefile_give_the_same_benchmark_duration() -> None:
    readme = re.search(r"`make bench`.*?about (\d+) min", (REPO / "README.md").read_text("utf-8"))
    makefile = re.search(r"^bench:.*about (\d+) min", (REPO / "Makefile").read_text("utf-8"), re.MULTILINE)
    assert readme and makefile and readme[1] == makefile[1]
