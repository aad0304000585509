"""Writing generated files: only changed bytes, stale files removed only where the generator owns them."""

from __future__ import annotations

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
