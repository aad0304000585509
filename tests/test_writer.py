"""Writing generated files: only changed bytes, stale files removed only where the generator owns them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.writer import write_changed


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    write_changed(tmp_path, {"initiatives/a.md": b"one"}, ["initiatives"])
    stamp = (tmp_path / "initiatives/a.md").stat().st_mtime_ns
    report = write_changed(tmp_path, {"initiatives/a.md": b"one"}, ["initiatives"])
    assert report.written == [] and report.unchanged == 1
    assert (tmp_path / "initiatives/a.md").stat().st_mtime_ns == stamp


def test_changed_files_are_rewritten(tmp_path: Path) -> None:
    write_changed(tmp_path, {"index.md": b"one"}, [], ["index.md"])
    assert write_changed(tmp_path, {"index.md": b"two"}, [], ["index.md"]).written == ["index.md"]
    assert (tmp_path / "index.md").read_bytes() == b"two"


def test_stale_files_are_removed_only_in_owned_folders(tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text("hand-written")
    write_changed(tmp_path, {"initiatives/a.md": b"a", "initiatives/b.md": b"b"}, ["initiatives"])
    report = write_changed(tmp_path, {"initiatives/a.md": b"a"}, ["initiatives"])
    assert report.removed == ["initiatives/b.md"]
    assert (tmp_path / "about.md").read_text() == "hand-written"


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "initiatives/../../x.md"])
def test_nothing_is_written_outside_the_output_folder(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError, match="outside"):
        write_changed(tmp_path / "docs", {path: b"x"}, [])
    assert not (tmp_path / "outside.md").exists() and not (tmp_path / "x.md").exists()


def test_the_generate_command_writes_both_languages_as_each_language_alone_would(tmp_path: Path) -> None:
    # `generate` loads the data once for both languages; each language's pages must be the same bytes
    # as when that language is generated on its own (as each language's build process does).
    repo = Path(__file__).resolve().parent.parent
    for folder, language in (("both", "all"), ("zh-alone", "zh"), ("en-alone", "en")):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--docs", str(tmp_path / folder), "--language", language],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    for key in ("zh", "en"):
        both, alone = (_files(tmp_path / folder / key) for folder in ("both", f"{key}-alone"))
        assert both == alone
        assert len([path for path in both if path.parts[0] == "initiatives"]) == 15
    assert not (tmp_path / "zh-alone" / "en").exists()


def _files(root: Path) -> dict[Path, bytes]:
    return {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}
