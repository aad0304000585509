"""The benchmark runs end to end (at a tiny size: tests never assert timings)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import synthetic_data, synthetic_warnings, write_data
from generator.pipeline import load_and_validate
from tests.support import copy_data

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parent.parent


def test_synthetic_data_is_valid_through_the_project_models(tmp_path: Path) -> None:
    # Whatever the real data's review state: its glossary and its article's texts are used.
    path = write_data(40, tmp_path / "synthetic", copy_data(REPO, tmp_path / "real"))
    validated = load_and_validate(path)
    assert validated.warnings and not synthetic_warnings(validated)  # the real glossary's, none of its own
    assert len(validated.dataset.initiatives) == 40
    body = validated.dataset.initiatives[0].body
    assert 550 <= len(body.zh) <= 700 and 130 <= len(body.en.split()) <= 170
    assert synthetic_data(40) == synthetic_data(40)  # the same site on every run


def test_the_benchmark_runs_and_writes_its_results_at_a_tiny_size(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    by_hand = "<!-- kept:start -->\n## Two commits compared\n\nMeasured once.\n<!-- kept:end -->"
    output.write_text(f"# Benchmark results\n\nOld figures.\n\n{by_hand}\n", "utf-8")
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
    assert "Old figures" not in text and text.count(by_hand) == 1  # a section measured by hand is kept
    raw = json.loads(output.with_suffix(".json").read_text("utf-8"))  # every run's time, for readers to check
    assert len(raw["6"]["seconds"]["full build (make site)"]) == 1 and raw["6"]["values"]["pages per language"] > 6


def test_a_search_run_at_some_sizes_keeps_the_rows_of_the_sizes_it_did_not_measure(tmp_path: Path) -> None:
    # `python -m bench.run --only search --sizes 5000` after a run at 15 and 1,000: the N = 1,000 row stays,
    # with the date and commit of the run that measured it; N = 15 and 5,000 are this run's.
    from bench import search_report

    engines_file = tmp_path / "search_engines.json"
    shutil.copy(search_report.ENGINES_FILE, engines_file)
    earlier = json.loads(engines_file.read_text("utf-8"))["pagefind"]
    earlier.update(date="2020-01-01", commit="0ld0ld0")  # rows of older runs do not say when: their run does
    earlier["sites"] = [{**site, "size": size} for site, size in zip(earlier["sites"] * 2, (15, 1000), strict=False)]
    for site in earlier["sites"]:
        for key in ("date", "commit", "load_average"):
            site.pop(key, None)
    engines_file.write_text(json.dumps({"pagefind": earlier}), "utf-8")
    real, _ = earlier["sites"]
    costs = {language: {**cost, "gzip_bytes": 222_222} for language, cost in real["costs"].items()}
    now = {**earlier, "date": "2020-02-02", "commit": "new0new", "sites": []}
    for size in (15, 5000):
        now["sites"].append(
            {**real, "size": size, "costs": costs, "date": "2020-02-02", "commit": "new0new", "load_average": [1, 2]}
        )
    output = tmp_path / "RESULTS.md"
    output.write_text("# Benchmark results\n\nThe other figures.\n", "utf-8")

    search_report.write(output, now, engines_file)
    search_report.write(output, now, engines_file)  # twice: the section is replaced, not repeated

    text = output.read_text("utf-8")
    assert text.startswith("# Benchmark results\n\nThe other figures.\n") and text.count("## Search") == 1
    rows = [line for line in text.splitlines() if re.match(r"\| [0-9,]+ \| 2020-", line)]
    assert [row.split(" | ")[0:3] for row in rows[::2]] == [
        ["| 15", "2020-02-02, new0new", "1–2"],
        ["| 1,000", "2020-01-01, 0ld0ld0", "not recorded"],
        ["| 5,000", "2020-02-02, new0new", "1–2"],
    ]
    assert "| first query ≤ 300 KB gzip (N = 5,000) | 222.2 KB | met |" in text
    stored = json.loads(engines_file.read_text("utf-8"))["pagefind"]
    assert [site["size"] for site in stored["sites"]] == [15, 1000, 5000]


def _measured(results: str, row: str) -> float:
    """The N = 15 median of a row of the benchmark's figure table, in seconds."""
    match = re.search(rf"^\| {re.escape(row)} \| ([0-9.]+) ", results, re.MULTILINE)
    assert match, f"bench/RESULTS.md has no row {row!r}"
    return float(match[1])


def _stated(guide: str, command: str) -> float:
    """What CONTRIBUTING's command table says a command takes, in seconds ("about 2 s", "about 4 min")."""
    match = re.search(rf"^\| `{re.escape(command)}` \|.*about ([0-9.]+) (s|min) \|$", guide, re.MULTILINE)
    assert match, f"CONTRIBUTING.md's command table gives no time for {command!r}"
    return float(match[1]) * (60 if match[2] == "min" else 1)


def test_the_editors_guide_gives_the_times_the_benchmark_measured() -> None:
    results = (REPO / "bench" / "RESULTS.md").read_text("utf-8")
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    suite = re.search(r"`make test` on the final code .*?: ([0-9]+) min ([0-9]+) s", results, re.DOTALL)
    assert suite, "bench/RESULTS.md gives no time for make test"
    measured = {
        "make site": _measured(results, "full build (make site)"),
        "make serve": _measured(results, "preview: YAML edit to rebuilt page"),
        "make test": int(suite[1]) * 60 + int(suite[2]),
    }
    for command, seconds in measured.items():
        # "about": rounded to the unit the guide uses (a second, or a minute)
        unit = 60 if seconds >= 60 else 1
        assert abs(_stated(guide, command) - seconds) <= unit, (command, _stated(guide, command), seconds)
